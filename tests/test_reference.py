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
        assert float(eloundou.value(score, GM.scoreValue)) == pytest.approx(float(by_code[code][measure]))
        assert str(eloundou.value(score, GM.occupationCode)) == code
        assert str(eloundou.value(score, GM.socCode)) == code[:7]
    assert len(set(eloundou.subjects(GM.scoreValue, None))) == 6 * len(rows)


def test_each_measure_carries_its_quartiles_computed_from_the_table(eloundou):
    rows = _csv(REFERENCE / "eloundou-2024" / "occ_level.csv")
    for measure in ("human_rating_beta", "dv_rating_alpha"):
        node = URIRef(f"https://w3id.org/graphmap/reference/eloundou-2024/measure/{measure}")
        q1, q3 = _quartiles([float(r[measure]) for r in rows])
        assert float(eloundou.value(node, GM.lowerQuartile)) == pytest.approx(q1)
        assert float(eloundou.value(node, GM.upperQuartile)) == pytest.approx(q3)


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
