"""Reference data (issue 20): the published exposure datasets shipped with their attribution,
loaded apart from the cases on both backends, an analyst's own dataset checked row by row, the
links of a case to O*NET occupations and task statements checked, and the exposure-gap queries
whose figures are recomputed here by hand from the CSV files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from graphmap.errors import CaseError
from graphmap.model.reference import (ONET_TASK, dataset_ntriples, known_task_ids, link_problem, read_user_dataset,
                                      shipped_datasets)
from graphmap.model.vocabulary import GM
from graphmap.resources import data_dir

from conftest import ROOT, run_cli

REFERENCE = ROOT / "reference"
EXPOSURE_CASE = ROOT / "tests" / "data" / "reference" / "exposition-exemple.yaml"


def _csv(path: Path, delimiter: str = ",") -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def _quartiles(values: list[float]) -> tuple[float, float]:
    """Lower and upper quartile by linear interpolation between closest ranks (written out here,
    not taken from the code under test)."""
    ordered = sorted(values)

    def at(p: float) -> float:
        position = (len(ordered) - 1) * p
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    return at(0.25), at(0.75)


@pytest.fixture(scope="module")
def eloundou() -> Graph:
    graph = Graph()
    graph.parse(data="\n".join(dataset_ntriples(shipped_datasets()["eloundou-2024"])) + "\n", format="nt")
    return graph


# --- shipped data -----------------------------------------------------------------------------

def test_every_shipped_dataset_comes_with_its_licence_commit_and_citation():
    datasets = shipped_datasets()
    assert set(datasets) == {"eloundou-2024", "tomlinson-2025"}
    for dataset in datasets.values():
        folder = data_dir("reference") / dataset.name
        assert list(folder.glob("LICENSE*")), dataset.name
        assert dataset.commit == (folder / "COMMIT").read_text(encoding="ascii").strip() and len(dataset.commit) == 40
        assert dataset.citation and dataset.licence and dataset.source.startswith("https://github.com/")
        for table in dataset.tables:
            assert (folder / table.file).is_file()
    assert "CC BY 4.0" in datasets["tomlinson-2025"].attribution() and "arXiv:2507.07935" in datasets["tomlinson-2025"].attribution()
    assert (REFERENCE / "tomlinson-2025" / "NOTICE.md").is_file()


def test_the_wheel_ships_the_reference_folder():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"reference" = "graphmap/data/reference"' in text


def test_occupation_scores_are_the_published_values(eloundou):
    rows = _csv(REFERENCE / "eloundou-2024" / "occ_level.csv")
    by_code = {r["O*NET-SOC Code"]: r for r in rows}
    for code, measure in (("43-6014.00", "human_rating_beta"), ("37-3011.00", "dv_rating_gamma"), ("11-1011.00", "human_rating_alpha")):
        score = URIRef(f"https://w3id.org/graphmap/reference/eloundou-2024/score/{code}/{measure}")
        assert float(eloundou.value(score, GM.scoreValue)) == pytest.approx(float(by_code[code][measure]), abs=5e-5)  # 4 decimals
        assert str(eloundou.value(score, GM.occupationCode)) == code
        assert str(eloundou.value(score, GM.socCode)) == code[:7]
    assert len(set(eloundou.subjects(GM.scoreValue, None))) == 6 * len(rows)


def test_each_measure_carries_its_quartiles_computed_from_the_table(eloundou):
    rows = _csv(REFERENCE / "eloundou-2024" / "occ_level.csv")
    for measure in ("human_rating_beta", "dv_rating_alpha"):
        node = URIRef(f"https://w3id.org/graphmap/reference/eloundou-2024/measure/{measure}")
        q1, q3 = _quartiles([float(r[measure]) for r in rows])
        assert float(eloundou.value(node, GM.lowerQuartile)) == pytest.approx(q1, abs=5e-5)
        assert float(eloundou.value(node, GM.upperQuartile)) == pytest.approx(q3, abs=5e-5)


def test_task_statements_carry_their_text_occupation_and_labels(eloundou):
    rows = {r["Task ID"]: r for r in _csv(REFERENCE / "eloundou-2024" / "task_labels.tsv", "\t")}
    assert len(rows) == len(known_task_ids()) == 19265
    statement = URIRef(ONET_TASK + "2790")
    assert (statement, RDF.type, GM.TaskStatement) in eloundou
    assert str(eloundou.value(statement, GM.occupationCode)) == rows["2790"]["O*NET-SOC Code"] == "43-6014.00"
    assert str(eloundou.value(statement, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == rows["2790"]["Task"]
    human = URIRef("https://w3id.org/graphmap/reference/eloundou-2024/score/2790/human_exposure_agg")
    assert str(eloundou.value(human, GM.scoreCategory)) == rows["2790"]["human_exposure_agg"] == "E1"
    assert (URIRef("https://w3id.org/graphmap/reference/eloundou-2024"), DCTERMS.rights, Literal("MIT")) in eloundou


# --- links from cases -------------------------------------------------------------------------

@pytest.mark.parametrize("iri, expected", [
    (ONET_TASK + "2790", None),
    (ONET_TASK + "99999999", "not a task statement of the reference data"),
    (ONET_TASK + "27x0", "is not an O*NET task id"),
    (ONET_TASK + "", "is not an O*NET task id"),
    ("https://www.onetonline.org/link/summary/43-6014.00", None),
    ("https://www.onetonline.org/link/summary/99-9999.99", None),  # well-formed, not scored: no score, no error
    ("https://www.onetonline.org/link/summary/43-6014", "is not an O*NET-SOC code"),
    ("https://www.onetonline.org/link/summary/secretaries", "is not an O*NET-SOC code"),
    ("http://data.europa.eu/esco/isco/C3343", None),
])
def test_a_link_to_onet_is_checked(iri, expected):
    message = link_problem(iri)
    assert (message is None) if expected is None else (expected in message)


@pytest.mark.parametrize("where, link", [
    ("tasks", ONET_TASK + "99999999"),
    ("tasks", ONET_TASK + "abc"),
    ("roles", "https://www.onetonline.org/link/summary/43-60140"),
])
def test_a_case_with_a_bad_onet_link_is_refused_in_one_located_line(tmp_path, where, link):
    text = EXPOSURE_CASE.read_text(encoding="utf-8")
    anchor = {"tasks": "https://w3id.org/graphmap/reference/onet-task/2790",
              "roles": "https://www.onetonline.org/link/summary/43-6014.00"}[where]
    bad = tmp_path / "case.yaml"
    bad.write_text(text.replace(anchor, link, 1), encoding="utf-8")
    line = next(n for n, l in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if link in l)
    run = run_cli("validate", str(bad))
    assert run.code == 2 and len(run.err.strip().splitlines()) == 1, run.err
    assert run.err.startswith(f"{bad}:{line}: {where}[") and ".close_match[0]:" in run.err, run.err


def test_a_turtle_case_with_an_unknown_onet_task_is_refused_at_its_line(tmp_path):
    run = run_cli("export", "--format", "ttl", "--no-verdicts", "--out", str(tmp_path / "case.ttl"),
                  store=_store_with(tmp_path, EXPOSURE_CASE))
    assert run.code == 0, run.err
    text = (tmp_path / "case.ttl").read_text(encoding="utf-8").replace("onet-task/2790", "onet-task/99999999")
    (tmp_path / "case.ttl").write_text(text, encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if "onet-task/99999999" in l)
    run = run_cli("validate", str(tmp_path / "case.ttl"))
    assert run.code == 2 and len(run.err.strip().splitlines()) == 1, run.err
    assert run.err.startswith(f"{tmp_path / 'case.ttl'}:{line}: ") and "not a task statement" in run.err, run.err


def _store_with(tmp_path: Path, *cases: Path) -> Path:
    store = tmp_path / "store"
    run = run_cli("load", *map(str, cases), store=store)
    assert run.code == 0, run.err
    return store


# --- an analyst's own dataset -----------------------------------------------------------------

GOOD = "SOC,title,score\n43-6014,Secretaries,0.5\n37-3011,Groundskeepers,0.1\n43-9022,Typists,0.9\n"


def _user(tmp_path: Path, text: str | bytes, name: str = "mes-scores", suffix: str = ".csv", **kw):
    path = tmp_path / f"table{suffix}"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    args = dict(key="soc", key_column="SOC", measures=["score"], label_column="title", citation="Doe 2026",
                licence="CC BY 4.0", source="https://example.org/scores")
    args.update(kw)
    return read_user_dataset(path, name, args.pop("key"), args.pop("key_column"), args.pop("measures"), **args)


def test_an_analysts_dataset_of_the_same_shape_becomes_scores_with_its_attribution(tmp_path):
    dataset = _user(tmp_path, GOOD)
    graph = Graph().parse(data="\n".join(dataset_ntriples(dataset)) + "\n", format="nt")
    score = URIRef("https://w3id.org/graphmap/reference/mes-scores/score/43-9022/score")
    assert float(graph.value(score, GM.scoreValue)) == 0.9 and str(graph.value(score, GM.socCode)) == "43-9022"
    assert (URIRef("https://w3id.org/graphmap/reference/mes-scores"), DCTERMS.bibliographicCitation, Literal("Doe 2026")) in graph


@pytest.mark.parametrize("text, kw, line, field, message", [
    ("SOC,title,value\n43-6014,x,1\n", {}, 1, "score", "no such column"),
    ("SOC,title,score\n43-6014,x,high\n", {}, 2, "score", "is not a number"),
    ("SOC,title,score\n43-6014,x,nan\n", {}, 2, "score", "is not a number"),
    ("SOC,title,score\n43-6014,x,inf\n", {}, 2, "score", "is not a number"),
    ("SOC,title,score\n43-6014,x,1\n43-6014,y,2\n", {}, 3, "SOC", "already on line 2"),
    ("SOC,title,score\n43-6014.00,x,1\n", {}, 2, "SOC", "is not a soc code"),
    ("SOC,title,score\n'; DROP TABLE x;--,x,1\n", {}, 2, "SOC", "is not a soc code"),
    ("SOC,title,score\n43-6014,x\n", {}, 2, "row", "2 cells where the header has 3"),
    ("", {}, 1, "file", "empty table"),
    (b"SOC,title,score\n43-6014,\x00x,1\n", {}, 1, "file", "binary data"),
    (b"SOC,title,score\n43-6014,\xff,1\n", {}, 2, "file", "not UTF-8"),
    (GOOD, {"name": "eloundou-2024"}, 1, "name", "a shipped dataset's name"),
    (GOOD, {"name": "_rubric"}, 1, "name", "cannot name a dataset"),
    (GOOD, {"name": "../../etc"}, 1, "name", "cannot name a dataset"),
    (GOOD, {"citation": "  "}, 1, "citation", "required"),
    (GOOD, {"licence": ""}, 1, "licence", "required"),
    (GOOD, {"source": "javascript:alert(1)"}, 1, "source", "is not an http(s) address"),
    (GOOD, {"key": "isco"}, 1, "key", "use one of"),
    (GOOD, {"measures": []}, 1, "measures", "at least one"),
])
def test_a_bad_dataset_is_refused_at_its_line(tmp_path, text, kw, line, field, message):
    with pytest.raises(CaseError) as caught:
        _user(tmp_path, text, **kw)
    problem = caught.value.problems[0]
    assert (problem.line, problem.field) == (line, field) and message in problem.message, problem


def test_a_huge_dataset_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.truncate(17 * 1024 * 1024)
    with pytest.raises(CaseError, match="at most"):
        read_user_dataset(path, "huge", "soc", "SOC", ["score"], citation="x", licence="y", source="https://e.org")


def test_a_folder_or_a_missing_file_is_refused(tmp_path):
    for path in (tmp_path, tmp_path / "missing.csv"):
        with pytest.raises(CaseError):
            read_user_dataset(path, "x", "soc", "SOC", ["score"], citation="x", licence="y", source="https://e.org")


# --- the designer's fit -----------------------------------------------------------------------

def test_fit_reads_the_occupation_and_onet_task_columns_and_shows_the_published_label(tmp_path):
    from graphmap.analysis.fit import TEMPLATE, fit_tasks

    tasks = tmp_path / "tasks.csv"
    tasks.write_text(TEMPLATE, encoding="utf-8")
    rows = {r["task"]: r for r in fit_tasks(tasks).rows}
    labels = {r["Task ID"]: r["human_exposure_agg"] for r in _csv(REFERENCE / "eloundou-2024" / "task_labels.tsv", "\t")}
    assert rows["tableaux-mesures"]["onet_task"] == "20284"
    assert rows["tableaux-mesures"]["onet_exposure"] == labels["20284"]
    assert rows["relances"]["onet_exposure"] == "" and rows["relances"]["occupation"] == "43-6014.00"


@pytest.mark.parametrize("column, value, message", [
    ("onet_task", "99999999", "not a task statement"),
    ("onet_task", "12ab", "is not an O*NET task id"),
    ("occupation", "43-6014", "is not an O*NET-SOC code"),
])
def test_fit_refuses_an_unknown_onet_code_at_its_line(tmp_path, column, value, message):
    tasks = tmp_path / "tasks.csv"
    tasks.write_text(f"label,characteristics,{column}\nTrier le courrier,recurrent,{value}\n", encoding="utf-8")
    run = run_cli("fit", str(tasks))
    located = [line for line in run.err.splitlines() if line.startswith(str(tasks))]
    assert run.code == 2 and len(located) == 1 and "Traceback" not in run.err, run.err
    assert located[0].startswith(f"{tasks}:2: {column}: ") and message in located[0], run.err


# --- in a store, on both backends -------------------------------------------------------------

@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def referenced(request, tmp_path_factory):
    """A store holding the exposure case, the seed and both shipped datasets."""
    from graphmap.intake.load import load_cases

    if request.param == "embedded":
        from graphmap.stores import EmbeddedStore

        store = EmbeddedStore(tmp_path_factory.mktemp("reference") / "store")
    else:
        from conftest import _connect, wipe

        store = _connect()
        wipe(store)
    for dataset in shipped_datasets().values():
        store.write_reference(dataset.name, dataset_ntriples(dataset))
    load_cases([EXPOSURE_CASE, ROOT / "cases" / "sante-publique-2026.yaml"], store)  # after: the reference data stays
    yield store
    store.close()


def _expected_gap() -> list[dict]:
    """exposure-gap for the exposure case, computed from the CSV files and the case as written."""
    occ = {r["O*NET-SOC Code"]: r for r in _csv(REFERENCE / "eloundou-2024" / "occ_level.csv")}
    soc = {r["SOC Code"]: r for r in _csv(REFERENCE / "tomlinson-2025" / "soc_ai_applicability_scores.csv")}
    measures = ["dv_rating_alpha", "dv_rating_beta", "dv_rating_gamma", "human_rating_alpha", "human_rating_beta", "human_rating_gamma"]
    from decimal import ROUND_HALF_UP, Decimal

    four = lambda v: float(Decimal(repr(v)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))  # noqa: E731 (kept to 4 decimals)
    quartiles = {m: tuple(map(four, _quartiles([float(r[m]) for r in occ.values()]))) for m in measures}
    quartiles["ai_applicability_score"] = tuple(map(four, _quartiles([float(r["ai_applicability_score"]) for r in soc.values()])))
    holders = [  # kind, id, label, occupation, typology, effective usages, reasons, quotes
        ("post", "poste-frappe", "Frappe des courriers", "43-9022.00", "exploring", [], [], []),
        ("post", "poste-jardin", "Jardinier des parcs", "37-3011.00", "effective-user", ["usage-plantes"], [], []),
        ("post", "poste-secretariat", "Secrétariat du maire", "43-6014.00", "not-concerned", [], ["responsibility-meaning"],
         ["Au téléphone, on rassure avant de renseigner."]),
        ("role", "dactylos", "Dactylographes", "43-9022.00", "exploring", [], [], []),
        ("role", "jardiniers", "Jardiniers", "37-3011.00", "effective-user", [], [], []),
        ("role", "secretaires", "Secrétaires", "43-6014.00", "not-concerned", [], [], []),
    ]
    rows = []
    for kind, ident, label, code, typology, usages, reasons, quotes in holders:
        values = [("eloundou-2024", m, four(float(occ[code][m]))) for m in measures]
        values.append(("tomlinson-2025", "ai_applicability_score", four(float(soc[code[:7]]["ai_applicability_score"]))))
        for dataset, measure, value in sorted(values):
            q1, q3 = quartiles[measure]
            exposure = "high" if value >= q3 else "low" if value <= q1 else "middle"
            flag = ("exposed-not-concerned" if exposure == "high" and typology == "not-concerned" else
                    "unexposed-effective-user" if exposure == "low" and typology == "effective-user" else "")
            rows.append({"case": "exposition-exemple", "kind": kind, "id": ident, "label": label, "occupation": code,
                         "dataset": dataset, "measure": measure, "value": value, "exposure": exposure,
                         "typology": typology, "effective_usages": usages, "reasons": reasons, "quotes": quotes, "flag": flag,
                         "sources": ["1"]})
    return rows


def test_exposure_gap_gives_the_published_figures_beside_what_the_case_observed(referenced):
    from graphmap.query.named import run_query

    got = run_query(referenced, "exposure-gap", {"case": "exposition-exemple"}).rows
    expected = _expected_gap()
    assert [(r["id"], r["dataset"], r["measure"]) for r in got] == [(r["id"], r["dataset"], r["measure"]) for r in expected]
    for row, want in zip(got, expected):
        assert row == want, row["id"]
    flags = {(r["id"], r["flag"]) for r in got if r["flag"] and r["measure"] == "human_rating_beta"}
    assert flags == {("poste-secretariat", "exposed-not-concerned"), ("secretaires", "exposed-not-concerned"),
                     ("poste-jardin", "unexposed-effective-user"), ("jardiniers", "unexposed-effective-user")}
    assert not [r for r in got if r["id"] == "elus"]  # no link: no row, never a score of zero
    every = run_query(referenced, "exposure-gap").rows
    assert [r for r in every if r["case"] == "exposition-exemple"] == got


def test_exposure_gap_by_task_sets_the_onet_label_beside_the_verdict(referenced):
    from graphmap.query.named import run_query

    labels = {r["Task ID"]: r for r in _csv(REFERENCE / "eloundou-2024" / "task_labels.tsv", "\t")}
    verdicts = {"accueil-telephonique": ("2790", "not-standardisable"), "classement": ("794", "undetermined"),
                "frappe-courriers": ("793", "standardisable"), "tonte": ("9589", "not-standardisable")}
    got = run_query(referenced, "exposure-gap-tasks", {"case": "exposition-exemple"}).rows
    assert len(got) == 2 * len(verdicts)
    for row in got:
        statement, verdict = verdicts[row["task"]]
        category = labels[statement][row["measure"]]
        exposed = category in ("E1", "E2")
        agreement = "undetermined" if verdict == "undetermined" else "agree" if exposed == (verdict == "standardisable") else "disagree"
        assert (row["statement"], row["category"], row["standardisable"], row["agreement"], row["statement_text"]) == \
               (statement, category, verdict, agreement, labels[statement]["Task"])


def test_exposure_agreement_counts_and_kappa_leave_undetermined_verdicts_apart(referenced):
    from graphmap.query.named import run_query

    tasks = run_query(referenced, "exposure-gap-tasks", {"case": "exposition-exemple"}).rows
    rows = {(r["case"], r["measure"]): r for r in run_query(referenced, "exposure-agreement", {"case": "exposition-exemple"}).rows}
    for measure in ("human_exposure_agg", "gpt4_exposure"):
        mine = [t for t in tasks if t["measure"] == measure]
        settled = [t for t in mine if t["standardisable"] != "undetermined"]
        a = [t["category"] in ("E1", "E2") for t in settled]
        b = [t["standardisable"] == "standardisable" for t in settled]
        n = len(settled)
        observed = sum(x == y for x, y in zip(a, b)) / n
        expected = (sum(a) * sum(b) + (n - sum(a)) * (n - sum(b))) / (n * n)
        kappa = None if expected == 1 else round((observed - expected) / (1 - expected), 3)
        row = rows[("exposition-exemple", measure)]
        assert (row["links"], row["settled"], row["undetermined"]) == (4, 3, 1)
        assert row["agree"] == sum(x == y for x, y in zip(a, b)) and row["kappa"] == kappa
        assert rows[("*", measure)]["links"] == 4  # the summary row over every case given


def test_reference_queries_give_the_same_rows_on_both_backends(referenced, tmp_path_factory):
    """Parity: the embedded answer is computed once per module and compared by the Neo4j run."""
    from graphmap.query.named import run_query

    answers = {name: run_query(referenced, name).rows
               for name in ("exposure-gap", "exposure-gap-tasks", "exposure-agreement", "reference-datasets")}
    path = tmp_path_factory.getbasetemp() / "reference-parity.json"
    if referenced.name == "embedded":
        path.write_text(json.dumps(answers, default=str), encoding="utf-8")
    else:
        assert path.exists(), "the embedded run comes first (parametrised fixture order)"
        assert json.loads(json.dumps(answers, default=str)) == json.loads(path.read_text(encoding="utf-8"))
    datasets = {r["dataset"]: r for r in answers["reference-datasets"]}
    assert set(datasets) == {"eloundou-2024", "tomlinson-2025"}
    assert datasets["eloundou-2024"]["licence"] == "MIT" and datasets["eloundou-2024"]["measures"] == 8
    assert datasets["tomlinson-2025"]["scores"] == len(_csv(REFERENCE / "tomlinson-2025" / "soc_ai_applicability_scores.csv"))


def test_reference_data_is_no_case_and_no_case_reaches_it(referenced):
    assert sorted(referenced.cases()) == ["exposition-exemple", "sante-publique-2026"]
    exported = referenced.export_case("exposition-exemple")
    assert not list(exported.subjects(GM.scoreValue, None))
    assert not list(exported.subjects(RDF.type, GM.TaskStatement))


# --- the commands -----------------------------------------------------------------------------

def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


def test_reference_list_shows_the_attribution_even_without_a_store(tmp_path):
    run = run_cli("reference", "list", store=tmp_path / "none")
    assert run.code == 0, run.err
    assert "Licence: CC BY 4.0" in run.out and "arXiv:2507.07935" in run.out and "Licence: MIT" in run.out
    assert "not loaded" in run.out and not (tmp_path / "none").exists()


def test_reference_load_and_add_then_list_says_what_the_store_holds(tmp_path):
    store = tmp_path / "store"
    assert run_cli("reference", "load", "tomlinson-2025", store=store).code == 0
    table = tmp_path / "scores.csv"
    table.write_text(GOOD, encoding="utf-8")
    run = run_cli("reference", "add", "mes-scores", str(table), "--key", "soc", "--key-column", "SOC", "--measure", "score",
                  "--citation", "Doe 2026", "--licence", "CC BY 4.0", "--source", "https://example.org/scores", store=store)
    assert run.code == 0, run.err
    rows = {r["name"]: r for r in json.loads(run_cli("reference", "list", "--format", "json", store=store).out)}
    assert (rows["tomlinson-2025"]["loaded"], rows["eloundou-2024"]["loaded"]) == (True, False)
    assert (rows["mes-scores"]["shipped"], rows["mes-scores"]["loaded"], rows["mes-scores"]["citation"]) == (False, True, "Doe 2026")
    again = run_cli("reference", "load", "tomlinson-2025", store=store)  # loading again replaces, never doubles
    assert again.code == 0
    scores = json.loads(run_cli("query", "reference-datasets", "--format", "json", store=store).out)
    assert {r["dataset"]: r["scores"] for r in scores}["tomlinson-2025"] == len(_csv(REFERENCE / "tomlinson-2025" / "soc_ai_applicability_scores.csv"))


@pytest.mark.parametrize("args", [
    ["reference", "load", "nope"],
    ["reference", "load", "../eloundou-2024"],
    ["reference", "add", "tomlinson-2025", "TABLE", "--key", "soc", "--key-column", "SOC", "--measure", "score",
     "--citation", "x", "--licence", "y", "--source", "https://e.org"],
    ["reference", "add", "x", "TABLE", "--key", "soc", "--key-column", "SOC", "--measure", "missing",
     "--citation", "x", "--licence", "y", "--source", "https://e.org"],
    ["reference", "add", "x", "/dev/zero", "--key", "soc", "--key-column", "SOC", "--measure", "score",
     "--citation", "x", "--licence", "y", "--source", "https://e.org"],
    ["reference", "add", "x", "TABLE", "--key", "isco", "--key-column", "SOC", "--measure", "score",
     "--citation", "x", "--licence", "y", "--source", "https://e.org"],
])
def test_a_bad_reference_command_is_one_line_and_changes_nothing(tmp_path, args):
    store = tmp_path / "store"
    assert run_cli("reference", "load", "tomlinson-2025", store=store).code == 0
    table = tmp_path / "scores.csv"
    table.write_text(GOOD, encoding="utf-8")
    before = _tree(store)
    run = run_cli(*[str(table) if a == "TABLE" else a for a in args], store=store)
    assert run.code == 2 and len(run.err.strip().splitlines()) == 1 and "Traceback" not in run.err, run.err
    assert _tree(store) == before


# --- the reports ------------------------------------------------------------------------------

def test_the_case_report_sets_published_exposure_beside_observed_use_with_the_attribution(referenced):
    import html

    from graphmap.outputs.report import render_barometer_report, render_case_report

    page = html.unescape(render_case_report(referenced, "exposition-exemple", "en"))
    section = page[page.index('id="exposure"'):page.index('id="graph"')]
    assert "Highly exposed, not concerned" in section and "Little exposed, effective user" in section
    assert "0.57 · high" in section and "0.02 · low" in section  # human beta of 43-6014.00 and 37-3011.00, rounded
    assert "Answer telephones and give information to callers" in section  # statement 2790
    assert "2 / 3" in section and "κ = 0.4" in section
    assert "Eloundou, T., Manning, S., Mishkin, P. & Rock, D. (2024)" in section and "CC BY 4.0" in section
    french = html.unescape(render_case_report(referenced, "exposition-exemple", "fr"))
    assert "Très exposé, non concerné" in french and "responsabilité" in french
    barometer = html.unescape(render_barometer_report(referenced, "en"))
    part = barometer[barometer.index('id="exposure"'):]
    assert "Mairie B (exposition-exemple)" in part
    assert "arXiv:2507.07935" in part and "Roles linked" in part


def test_a_report_without_links_or_reference_data_says_what_is_missing(tmp_path):
    import html

    from graphmap.intake.load import load_cases
    from graphmap.outputs.report import render_case_report
    from graphmap.stores import EmbeddedStore

    with EmbeddedStore(tmp_path / "store") as store:
        load_cases([ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"], store)
        page = html.unescape(render_case_report(store, "mairie-exemple", "en"))
        assert "No reference data loaded: graphmap reference load" in page
        dataset = shipped_datasets()["tomlinson-2025"]
        store.write_reference(dataset.name, dataset_ntriples(dataset))
        page = html.unescape(render_case_report(store, "mairie-exemple", "en"))
        assert "No role or task of this case is linked to O*NET" in page and "arXiv:2507.07935" in page


# --- how to cite ------------------------------------------------------------------------------

def test_citation_file_names_the_software_the_ontology_and_the_datasets_with_identifiers():
    import yaml

    from graphmap.model.vocabulary import ontology_graph

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "software" and cff["message"]
    assert all(("name" in a and "website" in a) or "family-names" in a for a in cff["authors"])
    from graphmap import __version__  # the version pyproject reads (tool.hatch.version)

    assert 'path = "src/graphmap/__init__.py"' in (ROOT / "pyproject.toml").read_text()
    assert cff["version"] == __version__
    onto = URIRef("https://w3id.org/graphmap/ontology")
    ontology_version = str(ontology_graph().value(onto, URIRef("http://www.w3.org/2002/07/owl#versionInfo")))
    assert any(i["value"].endswith("/" + ontology_version) for i in cff["identifiers"])
    dois = {r.get("doi") for r in cff["references"]}
    assert "10.1126/science.adj0998" in dois
    creator = ontology_graph().value(onto, DCTERMS.creator)
    assert isinstance(creator, URIRef)  # an identifier, not a phrase
    assert ontology_version in str(ontology_graph().value(onto, DCTERMS.bibliographicCitation))
