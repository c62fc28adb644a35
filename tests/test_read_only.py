"""Queries only read: ad-hoc updates are refused on both stores and change nothing."""

from __future__ import annotations

import json

import pytest

from graphmap.intake.load import load_cases

from conftest import ROOT, SEED, neo4j_env, run_cli

SPARQL_WRITES = [
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "PREFIX gm: <https://w3id.org/graphmap/ontology#>\nINSERT DATA { gm:x gm:y gm:z }",
    "CLEAR DEFAULT",
]
CYPHER_WRITES = [
    "MATCH (n) DETACH DELETE n",
    "CREATE (n:Resource {iri: 'x'})",
    "MATCH (n:Task) SET n.label_fr = 'changed'",
    "DROP CONSTRAINT graphmap_resource_iri",
]


def _count_embedded(store) -> int:
    run = run_cli("query", "--sparql", str(ROOT / "tests" / "data" / "count.rq"), "-f", "json", store=store)
    return json.loads(run.out)[0]["n"]


@pytest.mark.parametrize("update", SPARQL_WRITES)
def test_sparql_updates_are_refused(tmp_path, update):
    store = tmp_path / "store"
    run_cli("load", str(SEED), store=store)
    before = _count_embedded(store)
    path = tmp_path / "update.rq"
    path.write_text(update, encoding="utf-8")
    run = run_cli("query", "--sparql", str(path), store=store)
    assert run.code == 2 and "refused" in run.err and "Traceback" not in run.err
    assert _count_embedded(store) == before > 0


@pytest.mark.parametrize("update", CYPHER_WRITES)
def test_cypher_writes_are_refused(neo4j_store, tmp_path, update):
    load_cases([SEED], neo4j_store)
    snapshot = neo4j_store.select("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n), count(r), collect(DISTINCT n.label_fr)[0..5]", {})
    path = tmp_path / "update.cypher"
    path.write_text(update, encoding="utf-8")
    run = run_cli("query", "--cypher", str(path), "--backend", "neo4j", env=neo4j_env())
    assert run.code == 2 and "refused" in run.err and "Traceback" not in run.err
    assert neo4j_store.select("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n), count(r), collect(DISTINCT n.label_fr)[0..5]", {}) == snapshot


def test_adhoc_reads_work_and_bind_parameters(neo4j_store, tmp_path):
    load_cases([SEED], neo4j_store)
    path = tmp_path / "q.cypher"
    path.write_text("MATCH (r:Role {identifier: $id}) RETURN r.label_fr AS label", encoding="utf-8")
    run = run_cli("query", "--cypher", str(path), "-p", "id=inspecteurs", "-b", "neo4j", "-f", "json", env=neo4j_env())
    assert json.loads(run.out) == [{"label": "Inspecteurs"}]


def test_a_query_language_must_match_the_store(tmp_path):
    store = tmp_path / "store"
    run_cli("load", str(SEED), store=store)
    path = tmp_path / "q.cypher"
    path.write_text("RETURN 1", encoding="utf-8")
    run = run_cli("query", "--cypher", str(path), store=store)
    assert run.code == 2 and "runs SPARQL queries, not CYPHER" in run.err
