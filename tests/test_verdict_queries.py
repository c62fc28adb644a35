"""The queries that read the verdicts, as the embedded store runs them fast (issue 17): rows in
the header's order when the SPARQL leaves it to the store, and the same answers as before."""

from __future__ import annotations

import re

import pytest

from graphmap.model.namedqueries import NamedQuery, file_queries
from graphmap.query.named import run_query

from conftest import ALL_CASES, neo4j_env


def named(sparql: str, order: tuple[str, ...] = ("id",)) -> NamedQuery:
    return NamedQuery(name="probe", title="probe", description="", parameters={}, columns=("id", "n"), lists=(),
                      order=order, sparql=sparql)


UNORDERED = 'SELECT ?id ?n WHERE { VALUES (?id ?n) { ("c" 3) ("a" 1) (UNDEF 0) ("b" 2) ("B" 5) } }'


def test_a_query_without_order_by_comes_back_in_the_order_its_header_declares(empty_store):
    _, rows = empty_store.run_named(named(UNORDERED), {})
    assert [r[0] for r in rows] == [None, "B", "a", "b", "c"]  # unbound first, then code point order, as ORDER BY


def test_a_header_order_of_numbers_and_several_columns(empty_store):
    sparql = 'SELECT ?id ?n WHERE { VALUES (?id ?n) { ("x" 10) ("x" 9) ("a" 2) ("x" UNDEF) } }'
    _, rows = empty_store.run_named(named(sparql, order=("id", "n")), {})
    assert rows == [("a", 2), ("x", None), ("x", 9), ("x", 10)]


def test_a_query_with_its_own_order_by_is_left_in_that_order(empty_store):
    _, rows = empty_store.run_named(named(UNORDERED + " ORDER BY DESC(?n)"), {})
    assert [r[1] for r in rows] == [5, 3, 2, 1, 0]
    commented = "# ORDER BY in a note does not count\n" + UNORDERED
    _, rows = empty_store.run_named(named(commented), {})
    assert [r[0] for r in rows] == [None, "B", "a", "b", "c"]


@pytest.mark.parametrize("name", ["standardisable-tasks", "verdicts", "role-typology", "constraints", "usages"])
def test_the_verdict_queries_leave_the_order_to_the_store_and_keep_it(loaded_store, name):
    query = file_queries()[name]
    assert not re.search(r"^[^#\n]*\bORDER\s+BY\b", query.sparql, re.M | re.I)
    rows = run_query(loaded_store, name).rows
    assert len({r["case"] for r in rows}) == len(ALL_CASES) and len(rows) > len(ALL_CASES)
    keys = [tuple(r[c] for c in query.order) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for case in ALL_CASES:  # one case: the same rows, in the same order
        assert run_query(loaded_store, name, {"case": case}).rows == [r for r in rows if r["case"] == case]


def _bench():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "bench" / "verdict_queries.py"
    spec = importlib.util.spec_from_file_location("verdict_queries", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def _check_figures(out, store, sparql: bool) -> None:
    import json

    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["cases"] == len(ALL_CASES)
    queries = ["standardisable-tasks", "verdicts", "role-typology", "constraints", "usages", "tasks", "non-usage-reasons"]
    assert list(figures["queries"]) == queries + ["ai-fit", "typology-table", "blocking-constraints", "similar-holders"]
    for name, entry in figures["queries"].items():
        assert entry["rows"] == len(run_query(store, name).rows) > 0
        assert ("sparql_s" in entry) == (name in queries and sparql)
        assert ("query_s" in entry) == (name in queries)
        assert entry["target"]["limit_s"] == max(1.0, round(entry["rows"] / 100_000, 3))


def test_the_bench_times_every_verdict_query_and_view_with_their_rows(loaded_store, tmp_path):
    out = tmp_path / "out.json"
    assert _bench().main(["--store", str(loaded_store.path), "--runs", "1", "--out", str(out)]) == 0
    _check_figures(out, loaded_store, sparql=True)


def test_the_bench_times_them_on_neo4j_too(neo4j_loaded, tmp_path, monkeypatch):
    for key, value in neo4j_env().items():
        monkeypatch.setenv(key, value)
    out = tmp_path / "out.json"
    assert _bench().main(["--backend", "neo4j", "--runs", "1", "--out", str(out)]) == 0
    _check_figures(out, neo4j_loaded, sparql=False)
