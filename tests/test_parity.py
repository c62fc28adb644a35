"""Every named query gives the same rows on the embedded store and on Neo4j."""

from __future__ import annotations

import pytest

from graphmap.query.named import named_queries, run_query

from conftest import ALL_CASES

CASES = [None, "sante-publique-2026", "mairie-exemple"]


def test_every_query_has_a_cypher_twin_with_the_same_header():
    for query in named_queries().values():
        if query.view is not None:
            continue  # computed in Python from other named queries
        assert query.cypher, f"queries/{query.name}.cypher is missing"
        header = [l for l in query.cypher.splitlines() if l.startswith("//")]
        assert any(l.replace("//", "#", 1).strip() == f"# columns: {', '.join(query.columns)}" for l in header), query.name


@pytest.mark.parametrize("case", CASES, ids=lambda c: c or "all-cases")
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_same_rows_on_both_backends(loaded_store, neo4j_loaded, name, case):
    params = {"case": case} if case else {}
    embedded = run_query(loaded_store, name, params)
    neo4j = run_query(neo4j_loaded, name, params)
    assert neo4j.columns == embedded.columns
    assert neo4j.rows == embedded.rows
    if case is None:
        assert embedded.rows, f"{name} returns no rows: parity on nothing proves nothing"


def test_parameter_parity(loaded_store, neo4j_loaded):
    params = {"entity": "raison-contact"}
    assert run_query(neo4j_loaded, "evidence", params).rows == run_query(loaded_store, "evidence", params).rows
    assert len(ALL_CASES) >= 2


@pytest.mark.parametrize("name, params", [("usages", {"status": "effective"}), ("usages", {"attestation": "evoked"}),
                                          ("standardisable-tasks", {"work": "real"})])
def test_filter_parity(loaded_store, neo4j_loaded, name, params):
    embedded = run_query(loaded_store, name, params).rows
    assert embedded and run_query(neo4j_loaded, name, params).rows == embedded
