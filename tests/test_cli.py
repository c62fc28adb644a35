"""The command line as users meet it: exit codes, messages, formats, help."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import ROOT, SEED, run_cli

COMMANDS = ["validate", "load", "queries", "query", "schema", "shapes", "analyse", "export", "explain", "rubric", "review", "synth", "report", "fit", "questions"]


def test_analyse_is_the_main_job(tmp_path):
    run = run_cli("analyse", store=tmp_path / "store")
    assert run.code == 0, run.err
    assert "loaded 1 case(s)" in run.err
    assert "standardisable-tasks" in run.out and "role-typology" in run.out
    assert "tache-tableaux-mesures" in run.out and "effective-user" in run.out


def test_analyse_json_has_both_results(tmp_path):
    run = run_cli("analyse", str(SEED), "--format", "json", store=tmp_path / "store")
    data = json.loads(run.out)
    assert set(data) == {"standardisable-tasks", "role-typology"}
    assert {row["typology"] for row in data["role-typology"]} == {"effective-user", "exploring", "not-concerned"}


def test_analyse_works_from_any_directory(tmp_path):
    run = run_cli("analyse", str(SEED), store=tmp_path / "store", cwd=tmp_path)
    assert run.code == 0, run.err


def test_validate_ok(tmp_path):
    run = run_cli("validate", "cases/", "tests/data/valid/")
    assert run.code == 0
    assert run.err.count("ok: ") == 1 + len(list((ROOT / "tests" / "data" / "valid").glob("*.yaml")))


def test_load_then_query_in_every_format(tmp_path):
    store = tmp_path / "store"
    assert run_cli("load", "cases", store=store).code == 0
    as_json = json.loads(run_cli("query", "usages", "--format", "json", store=store).out)
    assert as_json and set(as_json[0]) >= {"usage", "status", "tools", "sources"}
    as_csv = list(csv.DictReader(io.StringIO(run_cli("query", "usages", "-f", "csv", store=store).out)))
    assert [row["usage"] for row in as_csv] == [row["usage"] for row in as_json]
    table = run_cli("query", "usages", store=store).out
    assert all(row["usage"][:10] in table for row in as_json)


def test_loading_the_same_files_again_says_they_are_unchanged(tmp_path):
    store = tmp_path / "store"
    first = run_cli("load", str(SEED), "--store", str(store))
    assert first.code == 0 and "loaded: " in first.err
    again = run_cli("load", str(SEED), "--store", str(store))
    assert again.code == 0
    assert again.err.strip() == f"unchanged: {SEED} -> case sante-publique-2026, as loaded before in {store} (not checked or written again)"
    rows = json.loads(run_cli("query", "tasks", "--store", str(store), "--format", "json").out)
    assert len(rows) == 17


def test_query_with_parameters(tmp_path):
    store = tmp_path / "store"
    run_cli("load", "cases", "tests/data/valid", store=store)
    run = run_cli("query", "role-typology", "--param", "case=mairie-exemple", "-f", "json", store=store)
    assert {row["case"] for row in json.loads(run.out)} == {"mairie-exemple"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "nope"], "graphmap: no query named 'nope'; known: "),
        (["query", "usages", "--param", "colour=red"], "graphmap: query 'usages' has no parameter 'colour'"),
        (["validate", "no/such/file.yaml"], "no/such/file.yaml:1: file: no such file"),
    ],
)
def test_user_mistakes_are_one_line_and_exit_2(tmp_path, args, message):
    store = tmp_path / "store"
    run_cli("load", "tests/data/valid", store=store)
    run = run_cli(*args, store=store)
    assert run.code == 2
    assert run.err.startswith(message) and len(run.err.splitlines()) == 1
    assert "Traceback" not in run.err


def test_querying_an_empty_store_says_what_to_do(tmp_path):
    run = run_cli("query", "usages", store=tmp_path / "nothing")
    assert run.code == 2
    assert "no graphmap store here yet; load cases first" in run.err


def test_schema_is_json_schema():
    run = run_cli("schema")
    assert json.loads(run.out)["$schema"].startswith("https://json-schema.org/")


def test_queries_lists_every_named_query():
    run = run_cli("queries")
    for name in ["standardisable-tasks", "role-typology", "non-usage-reasons", "usages", "capsules", "risks", "maturity", "evidence"]:
        assert name in run.out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    run = run_cli(command, "--help")
    assert run.code == 0 and "Example" in run.out


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"graphmap {command}" in readme, command


def test_analyse_graph_adds_the_analytics(tmp_path):
    run = run_cli("analyse", "--graph", "-f", "json", store=tmp_path / "store")
    data = json.loads(run.out)
    assert {"blocking-constraints", "capsule-reach", "similar-holders"} <= set(data)
    assert data["capsule-reach"] and data["similar-holders"]


SECRET = "S3cretPW"


@pytest.mark.parametrize("uri", [f"bolt://neo4j:{SECRET}@127.0.0.1:1", f"neo4j+s://{SECRET}@example.invalid:7687",
                                 f"bolt://u:{SECRET}@[::1]:1/neo4j"])
@pytest.mark.parametrize("how", ["option", "environment"])
@pytest.mark.parametrize("command", [("query", "risks"), ("load", "tests/data/valid/mairie-exemple.yaml"), ("export",)])
def test_a_password_written_in_the_neo4j_uri_is_never_printed(uri, how, command):
    env = {"NEO4J_PASSWORD": "x", **({"NEO4J_URI": uri} if how == "environment" else {})}
    run = run_cli(*command, "--backend", "neo4j", *(("--uri", uri) if how == "option" else ()), env=env)
    assert run.code == 2 and "Traceback" not in run.err
    assert SECRET not in run.out + run.err
    assert run.err.splitlines() == ["graphmap: the Neo4j URI holds a user or password (user:password@); give --user "
                                    "(or NEO4J_USER) and the password in NEO4J_PASSWORD or a password file, and the URI without them"]


def test_a_user_and_password_in_any_iri_of_a_message_are_masked(tmp_path):
    path = tmp_path / "cas.ttl"
    path.write_text(f"""@prefix gm: <https://w3id.org/graphmap/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/graphmap/id/t/_study> a gm:Study ; dcterms:identifier "t" .
<http://agent:{SECRET}@example.org/role-a> a gm:Role ; dcterms:identifier "role-a" .
""", encoding="utf-8")
    run = run_cli("validate", str(path))
    assert run.code == 2 and SECRET not in run.err
    assert f"{path}:4: http://***@example.org/role-a: not under https://w3id.org/graphmap/id/t/" in run.err


# --- file names that would break the ``file:line:`` format are quoted (issue 18, item 14) ---------

TRICKY_NAMES = {
    "colon-digits": "x: 12: y.yaml",
    "colon-digit-no-space": "a:3.yaml",
    "line-break": "two\nlines.yaml",
    "carriage-return": "two\rlines.yaml",
    "line-separator": "two\u2028lines.yaml",
    "terminal-escape": "esc\x1b]0;TITLE\x07.yaml",
    "tab": "tab\there.yaml",
    "leading-space": " lead.yaml",
    "trailing-space": "trail.yaml ",
    "leading-quote": "'quoted.yaml",
}
PLAIN_NAMES = ["plain.yaml", "avec espace é.yaml", "C:dossier.yaml", "v1.2-final.yaml", "x'quote.yaml"]
BAD_DATE = ROOT / "tests" / "data" / "invalid" / "bad-date.yaml"
BAD_DATE_LINE = "6: study.date: '2026-13-05' is not a valid date: month must be in 1..12"


def _located_file(line: str) -> tuple[str, str]:
    """The file of a ``file:line: ...`` line, read back (quoted or not), and the rest."""
    import ast
    import re

    quoted = re.match(r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"):""", line)
    if quoted:
        return ast.literal_eval(quoted.group(1)), line[quoted.end():]
    head, _, rest = line.partition(":")
    return head, rest


@pytest.mark.parametrize("command", ["validate", "load"])
@pytest.mark.parametrize("kind", sorted(TRICKY_NAMES))
def test_a_file_name_that_would_break_the_located_format_is_quoted(tmp_path, kind, command):
    name = TRICKY_NAMES[kind]  # as a user names it, in the folder of the command
    (tmp_path / name).write_bytes(BAD_DATE.read_bytes())
    run = run_cli(command, name, store=tmp_path / "store", cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.err
    (line,) = run.err.splitlines()  # one problem, one line: the name's line break is written out
    assert line.startswith(repr(name) + ":"), line  # quoted as Python writes a string
    assert _located_file(line) == (name, BAD_DATE_LINE)
    assert line.isprintable()
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("name", PLAIN_NAMES)
def test_a_plain_file_name_is_not_quoted(tmp_path, name):
    (tmp_path / name).write_bytes(BAD_DATE.read_bytes())
    for given in (name, str(tmp_path / name)):
        run = run_cli("validate", given, cwd=tmp_path)
        assert run.code == 2
        assert run.err.splitlines() == [f"{given}:{BAD_DATE_LINE}"]


@pytest.mark.parametrize("kind", ["colon-digits", "line-break", "terminal-escape"])
def test_other_messages_naming_a_tricky_file_stay_one_line(tmp_path, kind):
    valid = tmp_path / TRICKY_NAMES[kind]
    valid.write_bytes((ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml").read_bytes())
    checked = run_cli("validate", str(valid))
    assert checked.code == 0 and len(checked.err.splitlines()) == 1 and checked.err.startswith(f"ok: {str(valid)!r} ")
    rubric = tmp_path / ("rubric-" + TRICKY_NAMES[kind])
    rubric.write_text("@prefix gm: <https://w3id.org/graphmap/ontology#> .\nthis is not turtle\n")
    refused = run_cli("rubric", "diff", str(rubric), store=tmp_path / "store")
    assert refused.code == 2 and len(refused.err.splitlines()) == 1, refused.err
    assert _located_file(refused.err)[0] == str(rubric)
    store = tmp_path / ("store-" + TRICKY_NAMES[kind])
    store.write_text("a file")
    for args in (("query", "risks"), ("load", str(valid))):
        run = run_cli(*args, "--store", str(store))
        assert run.code == 2 and run.err.splitlines() == [f"graphmap: {str(store)!r}: is a file, not a store folder; give --store a folder"]


def test_help_imports_nothing_heavy():
    """`graphmap --help` and a command's help load neither rdflib, Oxigraph nor the Neo4j driver
    (the CLI's options once imported the stores for one enum: 0.6 s before any help)."""
    import subprocess
    import sys

    code = ("import sys; from graphmap.cli.main import app\n"
            "try:\n    app(['query', '--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('rdflib', 'pyoxigraph', 'neo4j', 'pyshacl', 'networkx') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
