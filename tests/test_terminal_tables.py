"""The terminal as analysts meet it (issue 21, "The terminal"): tables that lead with labels and
fit the width (COLUMNS, also when piped) without cutting a word, one record per block when the
columns cannot fit; --columns, --sort, --limit; parameter values, case ids, query names,
parameters and entity ids checked against the catalogue and the store, with "did you mean";
shell completion from the catalogue and the store; flags shown and read as flags; ad-hoc SPARQL
with the project's prefixes, from a file, standard input or inline, CONSTRUCT and DESCRIBE as
Turtle, errors in one line with their position; analyse's CSV one file per table, and its
output ending with what to run next. Embedded store only."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest
from rdflib import Graph

from conftest import ROOT, SEED, TEST_CASES, run_cli, run_here

MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("tables") / "store"
    done = run_here("load", str(SEED), *map(str, TEST_CASES), "--store", str(path))
    assert done.code == 0, done.err
    return path


@pytest.fixture
def columns(monkeypatch):
    def set_width(width: int | None):
        if width is None:
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setenv("COLUMNS", str(width))
    return set_width


def _json(store, *args):
    run = run_here("query", *args, "--store", str(store), "--format", "json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def _words(rows, columns) -> set[str]:
    out = set()
    for row in rows:
        for column in columns:
            value = row[column]
            text = ("; ".join(map(str, value)) if isinstance(value, list) else "" if value is None
                    else ("yes" if value else "no") if isinstance(value, bool) else str(value))
            out.update(text.split())
    return out


def _one_line_exit_2(run):
    assert run.code == 2, (run.code, run.out, run.err)
    assert len(run.err.splitlines()) == 1 and run.out == "" and "Traceback" not in run.err, run.err
    return run.err


# --- 1. tables ----------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [80, 100, 200])
@pytest.mark.parametrize("name", ["role-typology", "standardisable-tasks", "usages"])
def test_no_word_is_cut_and_no_line_is_wider_than_columns(store, columns, width, name):
    columns(width)
    run = run_here("query", name, "--param", "case=sante-publique-2026", "--store", str(store))
    assert run.code == 0, run.err
    assert max(len(line) for line in run.out.splitlines()) <= width
    rows = _json(store, name, "--param", "case=sante-publique-2026")
    shown = set(re.findall(r"[^\s│┃┏┓┗┛┡┩━─┳┻╇┼└┘┌┐├┤┬┴]+", run.out))
    long_words = {w.strip(";") for w in _words(rows, rows[0].keys()) if len(w) <= width - 12}
    missing = sorted(w for w in long_words if w not in shown and w.strip(";") not in {s.strip(";") for s in shown})
    assert not missing, f"words cut or lost at {width} columns: {missing[:10]}"


def test_at_200_columns_a_table_at_80_one_record_per_block(store, columns):
    columns(200)
    wide = run_here("query", "role-typology", "--param", "case=sante-publique-2026", "--store", str(store)).out
    columns(80)
    narrow = run_here("query", "role-typology", "--param", "case=sante-publique-2026", "--store", str(store)).out
    assert "┃ kind" in wide and "── 1 of 9 " not in wide
    assert "── 1 of 9 " in narrow and "── 9 of 9 " in narrow and "┃" not in narrow
    assert re.search(r"^label +Poste d'assistante de direction$", narrow, re.M)


def test_columns_is_respected_when_piped(store, columns):
    for width in (60, 120, 300):
        columns(width)
        run = run_here("query", "risks", "--store", str(store))
        assert run.code == 0 and max(len(line) for line in run.out.splitlines()) <= width
    columns(None)  # neither a terminal nor COLUMNS: 200
    run = run_here("query", "risks", "--store", str(store))
    assert max(len(line) for line in run.out.splitlines()) <= 200


def test_labels_lead_and_a_one_value_column_is_said_once_above(store, columns):
    columns(250)
    run = run_here("query", "standardisable-tasks", "--param", "case=sante-publique-2026", "--store", str(store))
    lines = run.out.splitlines()
    assert "case: sante-publique-2026 (every row)" in lines[:5]
    first = lines[lines.index(next(line for line in lines if line.startswith("── 1 of "))) + 1:][:2]  # 20 columns: blocks
    assert first[0].startswith("task_label ") and first[1].startswith("task ")
    run = run_here("query", "role-typology", "--param", "case=sante-publique-2026", "--store", str(store))
    header = next(line for line in run.out.splitlines() if line.startswith("┃"))
    names = [cell.strip() for cell in header.strip("┃").split("┃")]
    assert "case" not in names and names.index("label") == names.index("id") - 1
    # the whole store: two cases, the case column stays
    run = run_here("query", "role-typology", "--store", str(store))
    header = next(line for line in run.out.splitlines() if line.startswith("┃"))
    assert "┃ case " in header and "case:" not in run.out


def test_columns_sort_and_limit(store, columns):
    columns(200)
    rows = _json(store, "role-typology", "--columns", "label,typology,id", "--sort", "-typology,label", "--limit", "4")
    assert len(rows) == 4 and all(list(row) == ["label", "typology", "id"] for row in rows)
    every = _json(store, "role-typology")
    expected = sorted(every, key=lambda r: r["label"].casefold())
    expected = sorted(expected, key=lambda r: r["typology"], reverse=True)[:4]
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    table = run_here("query", "role-typology", "--columns", "typology,label", "--limit", "2", "--store", str(store)).out
    assert table.startswith("role-typology: the first 2 of ") and table.index("typology") < table.index("label")
    as_csv = run_here("query", "usages", "--columns", "usage,status", "--sort", "status", "--format", "csv", "--store", str(store)).out
    read = list(csv.reader(io.StringIO(as_csv)))
    assert read[0] == ["usage", "status"] and [r[1] for r in read[1:]] == sorted(r[1] for r in read[1:])


def test_a_numeric_sort_is_by_value(store):
    rows = _json(store, "standardisable-tasks", "--sort", "-score", "--columns", "task,score")
    scores = [r["score"] for r in rows]
    filled = [s for s in scores if s is not None]
    assert filled and filled == sorted(filled, reverse=True)
    assert scores == filled + [None] * (len(scores) - len(filled))  # empty last


# --- 2. values the store does not hold ------------------------------------------------------------

@pytest.mark.parametrize("args, starts, suggestion", [
    (["usages", "--param", "status=effectiv"], "graphmap: --param status: 'effectiv' is not a value of status", "'effective'"),
    (["usages", "--param", "case=sante-2026"], "graphmap: --param case: no case 'sante-2026' in the store", "'sante-publique-2026'"),
    (["usage"], "graphmap: no query named 'usage'", "'usages'"),
    (["usages", "--param", "statut=effective"], "graphmap: query 'usages' has no parameter 'statut'", "'status'"),
    (["evidence", "--param", "entity=tache-tri-archive"], "graphmap: --param entity: 'tache-tri-archive' is not a value", "'tache-tri-archives'"),
    (["usages", "--param", "attestation=observd", "--param", "case=mairie-exemple"], "graphmap: --param attestation:", "'observed'"),
    (["usages", "--columns", "label,statut"], "graphmap: --columns: no column 'statut'", "'status'"),
    (["usages", "--sort", "-lable"], "graphmap: --sort: no column 'lable'", "'label'"),
])
def test_a_name_or_value_not_in_the_store_is_one_line_with_did_you_mean(store, args, starts, suggestion):
    err = _one_line_exit_2(run_here("query", *args, "--store", str(store)))
    assert err.startswith(starts) and f"did you mean {suggestion}" in err, err


@pytest.mark.parametrize("args", [
    ["usages", "--param", "attestation=post"],  # a value of the vocabulary no usage of the store has
    ["usages", "--param", "status=evoked", "--param", "case=mairie-exemple"],  # held by the store, not by this case
    ["evidence", "--param", "entity=redaction-actes", "--param", "case=sante-publique-2026"],  # another case's entity
])
def test_a_valid_value_that_matches_nothing_stays_an_empty_answer(store, args):
    if args[-1] == "case=sante-publique-2026":  # an entity of another case is not a value of this one: refused
        err = _one_line_exit_2(run_here("query", *args, "--store", str(store)))
        assert "in case 'sante-publique-2026'" in err
        return
    run = run_here("query", *args, "--store", str(store))
    assert run.code == 0 and "(no rows)" in run.out, run.err
    assert _json(store, *args) == []


def test_explain_suggests_the_closest_ids(store):
    err = _one_line_exit_2(run_here("explain", "tache-tri-archive", "--store", str(store)))
    assert err.startswith("graphmap: no entity 'tache-tri-archive'") and "did you mean 'tache-tri-archives'" in err


def test_review_refuses_an_unknown_case(store):
    err = _one_line_exit_2(run_here("review", "--case", "sante-2026", "--store", str(store)))
    assert "no case 'sante-2026'" in err and "'sante-publique-2026'" in err


# --- 3. completion --------------------------------------------------------------------------------

def _complete(words: str, store=None, env=None) -> subprocess.CompletedProcess:
    environ = {**os.environ, "_GRAPHMAP_COMPLETE": "complete_bash", "COMP_WORDS": words,
               "COMP_CWORD": str(len(words.split(" ")) - 1), **(env or {})}
    environ.pop("GRAPHMAP_STORE", None)
    if store is not None:
        environ["GRAPHMAP_STORE"] = str(store)
    return subprocess.run([sys.executable, "-c", "import sys; sys.argv[0] = 'graphmap'; from graphmap.cli import main; main()"],
                          env=environ, capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_completion_of_query_names(store):
    done = _complete("graphmap query us", store)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.split() == ["usages"]
    assert {"role-typology", "standardisable-tasks", "evidence"} <= set(_complete("graphmap query ", store).stdout.split())


def test_completion_of_parameter_names_and_case_ids(store):
    names = _complete("graphmap query usages --param ", store).stdout.split()
    assert set(names) == {"case=", "status=", "attestation="}
    cases = _complete("graphmap query usages --param case=", store).stdout.split()
    assert set(cases) == {"case=sante-publique-2026", "case=mairie-exemple", "case=atelier-format-2"}
    assert _complete("graphmap query usages --param case=mai", store).stdout.split() == ["case=mairie-exemple"]
    assert set(_complete("graphmap query usages --param status=", store).stdout.split()) == {
        "status=effective", "status=evoked", "status=experimented"}
    assert set(_complete("graphmap export --case ", store).stdout.split()) == {"sante-publique-2026", "mairie-exemple", "atelier-format-2"}
    ids = _complete("graphmap explain tache-tri", store).stdout.split()
    assert ids == ["tache-tri-archives"]
    assert "task_label" in _complete("graphmap query tasks --columns task,", store).stdout.replace("task,task_label", "task_label")


def test_completion_from_a_store_given_on_the_line(store, tmp_path):
    done = _complete(f"graphmap query usages --store {store} --param case=", env={"GRAPHMAP_STORE": str(tmp_path / "none")})
    assert set(done.stdout.split()) == {"case=sante-publique-2026", "case=mairie-exemple", "case=atelier-format-2"}


def test_completion_without_a_store_offers_nothing_and_says_nothing(tmp_path):
    for words in ("graphmap query usages --param case=", "graphmap explain ", "graphmap export --case "):
        done = _complete(words, tmp_path / "no-store")
        assert done.returncode == 0 and done.stdout.strip() == "" and done.stderr == "", (words, done)
    assert not (tmp_path / "no-store").exists()


# --- 4. flags -------------------------------------------------------------------------------------

def test_flags_show_as_flags_in_help():
    for command in (["analyse"], ["export"], ["query"], ["validate"]):
        run = run_cli(*command, "--help", env={"COLUMNS": "120"})
        assert run.code == 0 and "<bool>" not in run.out, run.out


@pytest.mark.parametrize("word", ["true", "false", "yes", "1"])
def test_a_flag_given_a_value_is_one_line_and_nothing_is_loaded(tmp_path, word):
    run = run_here("analyse", "--graph", word, "--store", str(tmp_path / "store"))
    err = _one_line_exit_2(run)
    assert err.startswith("graphmap: --graph is a flag and takes no value") and "no such file" not in err
    assert not (tmp_path / "store").exists()


def test_a_file_named_like_a_word_after_a_flag_is_still_a_file(tmp_path):
    (tmp_path / "true").write_bytes(MAIRIE.read_bytes())
    run = run_cli("validate", "--strict", "true", cwd=tmp_path)
    assert run.code == 0 and "ok: true" in run.err, run.err


# --- 5. ad-hoc SPARQL -----------------------------------------------------------------------------

TASKS = "SELECT ?t ?type WHERE { ?t a gm:Task ; a ?type ; dcterms:identifier \"tache-tri-archives\" } ORDER BY ?type"


def test_the_projects_prefixes_are_declared_for_an_inline_query(store):
    rows = _json(store, "--sparql", TASKS)
    assert {r["type"] for r in rows} >= {"https://w3id.org/graphmap/ontology#Task"}
    table = run_here("query", "--sparql", TASKS, "--store", str(store)).out
    assert "gm:Task" in table and "https://w3id.org/graphmap/ontology#Task" not in table  # compacted for reading


def test_a_query_declaring_its_own_prefix_keeps_it(store):
    text = "PREFIX gm: <http://example.org/other#> SELECT ?t WHERE { ?t a gm:Task }"
    assert _json(store, "--sparql", text) == []


def test_a_query_from_a_file_and_from_standard_input(store, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(TASKS, encoding="utf-8")
    from_file = _json(store, "--sparql", str(path))
    done = subprocess.run([sys.executable, "-m", "graphmap", "query", "--sparql", "-", "--store", str(store), "-f", "json"],
                          input=TASKS.encode(), capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == from_file and from_file


def test_binary_standard_input_is_one_line(store):
    done = subprocess.run([sys.executable, "-m", "graphmap", "query", "--sparql", "-", "--store", str(store)],
                          input=b"\xff\xfe\x00SELECT", capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().splitlines() == ["graphmap: --sparql -: not UTF-8 text (byte 0)"]


@pytest.mark.parametrize("text", [
    "CONSTRUCT { ?t rdfs:label ?l } WHERE { ?t a gm:Task ; rdfs:label ?l }",
    "DESCRIBE ?t WHERE { ?t dcterms:identifier \"tache-tri-archives\" }",
])
def test_construct_and_describe_answer_turtle(store, text):
    run = run_here("query", "--sparql", text, "--store", str(store))
    assert run.code == 0, run.err
    assert "@prefix gm:" in run.out or "@prefix rdfs:" in run.out
    graph = Graph().parse(data=run.out, format="turtle")
    assert len(graph) > 0 and re.search(r"\d+ triples? \(Turtle\)", run.err)


def test_ask_answers_a_row(store):
    assert _json(store, "--sparql", "ASK { ?t a gm:Task }") == [{"ask": True}]


@pytest.mark.parametrize("text, expected", [
    ("SELEC ?t WHERE { ?t a gm:Task }", "graphmap: SPARQL syntax error at line 1, column 1: 'SELEC' does not start a query; did you mean SELECT?"),
    ("SELECT ?t WHERE { ?t a foo:Task }", "graphmap: SPARQL syntax error at line 1, column 24: unknown prefix 'foo:'"),
    ("SELECT ?t WHERE {\n  ?t a ?o ", "graphmap: SPARQL syntax error at line 2, column "),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "graphmap: SPARQL updates are refused"),
])
def test_a_syntax_error_is_one_line_with_its_position(store, text, expected):
    err = _one_line_exit_2(run_here("query", "--sparql", text, "--store", str(store)))
    assert err.startswith(expected), err
    assert "\\u{" not in err and len(err) < 300


def test_queries_accepts_the_store_options_and_shows_the_columns(store, columns):
    columns(250)
    run = run_here("queries", "--store", str(store))
    assert run.code == 0 and "columns" in run.out and "task_label" in run.out
    assert run.err.strip().endswith("(--param case=): atelier-format-2, mairie-exemple, sante-publique-2026")
    assert "columns" in run_cli("queries", "--help").out


# --- 6. analyse: one CSV per table ---------------------------------------------------------------

def test_analyse_csv_to_one_stream_is_refused_before_anything_is_loaded(tmp_path):
    err = _one_line_exit_2(run_here("analyse", str(MAIRIE), "--format", "csv", "--store", str(tmp_path / "store")))
    assert "--out DIR" in err and "standardisable-tasks.csv" in err
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("graph", [False, True])
def test_analyse_csv_writes_one_file_per_table(tmp_path, graph):
    out = tmp_path / "tables"
    run = run_here("analyse", str(MAIRIE), "--format", "csv", "--out", str(out), "--store", str(tmp_path / "store"),
                   *(["--graph"] if graph else []))
    assert run.code == 0, run.err
    names = {"standardisable-tasks", "role-typology"} | ({"blocking-constraints", "capsule-reach", "similar-holders"} if graph else set())
    assert {p.name for p in out.iterdir()} == {f"{n}.csv" for n in names}
    from graphmap.query.named import named_queries

    for name in names:
        read = list(csv.reader(io.StringIO((out / f"{name}.csv").read_text(encoding="utf-8"))))
        assert read[0] == list(named_queries()[name].columns)


@pytest.mark.parametrize("where", ["a-file", "under-a-missing-folder"])
def test_analyse_out_that_cannot_be_a_folder_is_refused_before_loading(tmp_path, where):
    target = tmp_path / "file.txt" if where == "a-file" else tmp_path / "missing" / "dir"
    if where == "a-file":
        target.write_text("keep")
    _one_line_exit_2(run_here("analyse", str(MAIRIE), "--format", "csv", "--out", str(target), "--store", str(tmp_path / "store")))
    assert not (tmp_path / "store").exists()


# --- 7. what to run next --------------------------------------------------------------------------

def test_analyse_ends_with_what_to_run_next(tmp_path):
    run = run_cli("analyse", store=tmp_path / "store")
    assert run.code == 0, run.err
    tail = run.err.strip().splitlines()
    assert tail[-4] == "next:"
    explain = re.match(r"  graphmap explain (\S+)", tail[-3])
    assert explain and "graphmap report --case sante-publique-2026 --out report.html" in tail[-2]
    assert run_cli("explain", explain.group(1), store=tmp_path / "store").code == 0
