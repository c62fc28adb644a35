"""The hostile inputs of the bad-input corpus, against ``--backend neo4j``.

Every invalid case file of tests/data/invalid, the files that are not case files, a file over
the size limit, unusable rubrics: one located line (exactly what ``validate`` prints), exit 2, no
traceback, and the Neo4j database exactly as it was (every node, relationship and property,
the catalog node with its load count included). Text and parameters that look like Cypher are
values; ad-hoc Cypher that returns nodes or dates is shown, not a traceback; an ad-hoc query
that would stop other sessions' transactions is refused.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import ALL_CASES, ROOT, _connect, neo4j_env, neo4j_fingerprint, run_cli, run_here, wipe
from graphmap.intake.casefile import MAX_FILE_BYTES
from graphmap.intake.load import load_cases
from test_bad_input_corpus import LABELS, QUOTE, _case_with_hostile_text, _not_regular, _padded
from test_invalid_cases import EXPECTED

VALID = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"
RUBRIC = (ROOT / "ontology" / "rubric.ttl").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def loaded():
    """The test server holding the seed and every valid test case, and its fingerprint."""
    store = _connect()
    wipe(store)
    load_cases(ALL_CASES, store)
    yield store, neo4j_fingerprint(store)
    store.close()


@pytest.fixture
def neo4j_cli(monkeypatch):
    """The environment of a CLI run against the test server (for run_here, in this process)."""
    for key, value in neo4j_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(ROOT)


def _refused(run, lines: list[str] | None = None) -> None:
    assert run.code == 2, run.err
    assert run.out == "" and "Traceback" not in run.err
    assert neo4j_env()["NEO4J_PASSWORD"] not in run.err
    if lines is not None:
        assert run.err.splitlines() == lines
    else:
        assert len(run.err.splitlines()) == 1, run.err


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_invalid_file_is_refused_by_a_neo4j_load_and_changes_nothing(name, loaded, neo4j_cli):
    store, before = loaded
    _refused(run_here("load", "--backend", "neo4j", name), EXPECTED[name])
    assert neo4j_fingerprint(store) == before


def test_all_invalid_files_beside_a_valid_one_change_nothing(loaded):
    """In one load, in a process of its own, as a user runs it: every line, nothing written."""
    store, before = loaded
    names = sorted(EXPECTED)
    run = run_cli("load", "--backend", "neo4j", str(VALID), *names, env=neo4j_env())
    assert run.code == 2 and "Traceback" not in run.err
    assert run.err.splitlines() == [line for name in names for line in EXPECTED[name]]
    assert neo4j_fingerprint(store) == before


@pytest.mark.parametrize("kind", ["/dev/zero", "/dev/urandom", "fifo-yaml", "fifo-ttl", "fifo-jsonld"])
def test_what_is_not_a_regular_file_is_refused_by_a_neo4j_load(kind, loaded, neo4j_cli, tmp_path):
    store, before = loaded
    path = _not_regular(tmp_path, kind)
    _refused(run_here("load", "--backend", "neo4j", str(path)),
             [f"{path}:1: file: not a regular file (a device, a pipe or a socket); give a case file"])
    assert neo4j_fingerprint(store) == before


def test_a_file_over_the_size_limit_is_refused_by_a_neo4j_load(loaded, neo4j_cli, tmp_path):
    store, before = loaded
    path = _padded(tmp_path / "trop-gros.yaml", MAX_FILE_BYTES + 1)
    _refused(run_here("load", "--backend", "neo4j", str(path)),
             [f"{path}:1: file: {MAX_FILE_BYTES + 1} bytes is more than the {MAX_FILE_BYTES} a case file may have; "
              "split the study into several cases"])
    assert neo4j_fingerprint(store) == before


BAD_RUBRICS = {  # the edit of the default rubric; the line says where (see test_bad_input_corpus.py)
    "threshold-a-word": ("gm:threshold 0.55", 'gm:threshold "high"'),
    "threshold-above-one": ("gm:threshold 0.55", "gm:threshold 1.5"),
    "threshold-missing": ("gm:threshold 0.55 ;", ""),
    "weight-a-word": ("gm:weight 2 ;", 'gm:weight "lourd" ;'),
    "weight-negative": ("gm:weight 2 ;", "gm:weight -2 ;"),
    "malformed": ("gm:threshold 0.55 ;", "gm:threshold 0.55 ;;; ]"),
}


@pytest.mark.parametrize("name", sorted(BAD_RUBRICS))
def test_an_unusable_rubric_is_refused_by_a_neo4j_load(name, loaded, neo4j_cli, tmp_path):
    store, before = loaded
    old, new = BAD_RUBRICS[name]
    assert old in RUBRIC
    rubric = tmp_path / f"{name}.ttl"
    rubric.write_text(RUBRIC.replace(old, new, 1), encoding="utf-8")
    run = run_here("load", "--backend", "neo4j", "--rubric", str(rubric), str(VALID))
    _refused(run)
    assert re.match(rf"{re.escape(str(rubric))}:\d+: ", run.err), run.err
    assert neo4j_fingerprint(store) == before


@pytest.mark.parametrize("name", ["missing", "folder", "not-utf8"])
def test_a_rubric_that_is_not_a_readable_file_is_refused_by_a_neo4j_load(name, loaded, neo4j_cli, tmp_path):
    store, before = loaded
    rubric = tmp_path / "grille.ttl"
    if name == "folder":
        rubric.mkdir()
    elif name == "not-utf8":
        rubric.write_bytes(RUBRIC.encode("latin-1"))
    run = run_here("load", "--backend", "neo4j", "--rubric", str(rubric), str(VALID))
    _refused(run)
    assert run.err.startswith(f"graphmap: --rubric {rubric}: ")
    assert neo4j_fingerprint(store) == before


# --- ad-hoc Cypher ---------------------------------------------------------------------------

RICH_VALUES = {  # an ad-hoc query -> what JSON must show (nodes, paths, dates: plain data, not a traceback)
    "MATCH (n:Role {identifier: 'jardiniers'}) RETURN n":
        [{"n": {"labels": ["Resource", "Role"], "properties": {"identifier": "jardiniers"}}}],
    "MATCH (n:Role {identifier: 'jardiniers'})-[r:SOURCE]->(s) RETURN r":
        [{"r": {"type": "SOURCE", "properties": {"case": "mairie-exemple"}}}],
    "MATCH p = (n:Role {identifier: 'jardiniers'})-[:SOURCE]->() RETURN p":
        [{"p": {"nodes": [{"labels": ["Resource", "Role"]}, {}], "relationships": [{"type": "SOURCE"}]}}],
    "RETURN date('2026-05-01') AS d, duration('P1DT2H') AS du, localtime('10:15') AS t": [{"d": "2026-05-01", "du": "P1DT2H", "t": "10:15:00.000000000"}],
    "RETURN point({x: 1, y: 2}) AS p, [date('2026-05-01'), {a: date('2026-05-02')}] AS l":
        [{"p": [1.0, 2.0], "l": ["2026-05-01", {"a": "2026-05-02"}]}],
}


def _contains(got, want) -> bool:
    """``want`` is part of ``got`` (dicts: those keys; lists: item by item)."""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and _contains(got[k], v) for k, v in want.items())
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(_contains(g, w) for g, w in zip(got, want))
    return got == want


@pytest.mark.parametrize("cypher", sorted(RICH_VALUES))
@pytest.mark.parametrize("output", ["json", "csv", "table"])
def test_adhoc_cypher_returning_nodes_paths_and_dates_is_shown(loaded, cypher, output, tmp_path):
    path = tmp_path / "q.cypher"
    path.write_text(cypher, encoding="utf-8")
    run = run_cli("query", "--cypher", str(path), "--backend", "neo4j", "-f", output, env=neo4j_env())
    assert run.code == 0 and "Traceback" not in run.err, run.err
    if output == "json":
        assert _contains(json.loads(run.out), RICH_VALUES[cypher]), run.out


TERMINATE = ["TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "terminate transaction 'neo4j-transaction-1'",
             "/* hidden */ Terminate\n  Transactions 'x', 'y'",
             "TERMINATE TRANSACTIONS 'x' YIELD transactionId RETURN transactionId"]


@pytest.mark.parametrize("cypher", TERMINATE)
def test_adhoc_cypher_that_stops_other_transactions_is_refused(loaded, cypher, tmp_path):
    """A read transaction runs TERMINATE TRANSACTIONS: it could stop a running load."""
    store, before = loaded
    path = tmp_path / "q.cypher"
    path.write_text(cypher, encoding="utf-8")
    run = run_cli("query", "--cypher", str(path), "--backend", "neo4j", env=neo4j_env())
    _refused(run, ["graphmap: TERMINATE TRANSACTIONS is refused: graphmap queries only read"])
    assert neo4j_fingerprint(store) == before


def test_the_words_terminate_transactions_in_a_string_are_only_text(loaded, tmp_path):
    path = tmp_path / "q.cypher"
    path.write_text("// TERMINATE TRANSACTIONS\nRETURN 'terminate transactions' AS said", encoding="utf-8")
    run = run_cli("query", "--cypher", str(path), "--backend", "neo4j", "-f", "json", env=neo4j_env())
    assert run.code == 0, run.err
    assert json.loads(run.out) == [{"said": "terminate transactions"}]


# --- hostile values that are valid: they load and come back as they were (last: they wipe the database)

def _evidence(entity: str) -> list[dict]:
    run = run_cli("query", "evidence", "--backend", "neo4j", "--param", f"entity={entity}", "-f", "json", env=neo4j_env())
    assert run.code == 0, run.err
    return json.loads(run.out)


def test_text_that_looks_like_cypher_loads_into_neo4j_as_plain_text(neo4j_store, tmp_path):
    case = _case_with_hostile_text(tmp_path)
    run = run_cli("load", "--backend", "neo4j", str(case), env=neo4j_env())
    assert run.code == 0, run.err
    for ident, label in LABELS.items():
        assert [row["label"] for row in _evidence(ident)] == [label], ident
    assert _evidence(list(LABELS)[-1])[0]["quotes"] == [QUOTE]


HOSTILE_PARAMETERS = ['x" } DROP ALL { "', "x' }) MATCH (n) DETACH DELETE n //", "jardiniers\n} #",
                      "`) CALL db.labels() //", "$entity", "x\u2028y", "x' OR 1=1 OR '"]


def test_a_query_parameter_that_looks_like_cypher_is_only_a_value_on_neo4j(neo4j_store):
    load_cases([VALID], neo4j_store)
    before = neo4j_fingerprint(neo4j_store)
    for value in HOSTILE_PARAMETERS:
        # A value, never code: the store holds no such entity, which is said in one line (issue 21).
        run = run_cli("query", "evidence", "--backend", "neo4j", "--param", f"entity={value}", "-f", "json", env=neo4j_env())
        assert run.code == 2 and len(run.err.strip().splitlines()) == 1 and run.out == "", (value, run.err)
        assert "is not a value of entity in the store" in run.err, run.err
    assert [row["label"] for row in _evidence("jardiniers")] == ["Jardiniers"]
    assert neo4j_fingerprint(neo4j_store) == before
