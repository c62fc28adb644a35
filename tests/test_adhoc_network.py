"""An analyst's own query never reaches another server or a file unless asked (--allow-network):
SPARQL SERVICE and Cypher LOAD CSV are refused in one line, exit 2, before anything runs."""

from __future__ import annotations

import pytest

from graphmap.query.adhoc import reaches_out

from conftest import SEED, run_here


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("adhoc") / "store"
    assert run_here("load", str(SEED), "--store", str(path)).code == 0
    return path


SPARQL = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    'SELECT * WHERE {{ ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l BIND(IRI(CONCAT("{url}?", ENCODE_FOR_URI(STR(?l)))) AS ?svc) '
    "LATERAL {{ SERVICE ?svc {{ ?a ?b ?c }} }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "# a comment\nSELECT * WHERE {{\n  SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("text", SPARQL)
def test_a_query_that_would_reach_a_server_is_refused_before_it_runs(store, tmp_path, silent_server, text):
    url = f"http://127.0.0.1:{silent_server.getsockname()[1]}/sparql"
    query = tmp_path / "q.rq"
    query.write_text(text.format(url=url), encoding="utf-8")
    run = run_here("query", "--sparql", str(query), "--store", str(store))
    assert run.code == 2 and run.out == "" and len(run.err.splitlines()) == 1, run.err
    assert "uses SERVICE" in run.err and "--allow-network" in run.err and "Traceback" not in run.err
    with pytest.raises(BlockingIOError):
        silent_server.accept()  # nobody ever connected


@pytest.mark.parametrize("text", [
    'SELECT ?s WHERE { ?s ?p "SERVICE" }',
    "SELECT ?service WHERE { ?s <http://example.org/SERVICE> ?service } # SERVICE <http://x/>",
    "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:service ?o }",
])
def test_the_word_service_in_data_names_or_comments_is_not_a_call(store, tmp_path, text):
    query = tmp_path / "q.rq"
    query.write_text(text, encoding="utf-8")
    run = run_here("query", "--sparql", str(query), "--store", str(store), "--format", "json")
    assert run.code == 0, run.err


@pytest.mark.parametrize("text, found", [
    ('LOAD CSV FROM "http://127.0.0.1:9/x.csv" AS line RETURN line', "LOAD CSV"),
    ("load\n  csv with headers from $url as row return row", "LOAD CSV"),
    ('MATCH (n) WHERE n.label = "LOAD CSV" RETURN n // LOAD CSV', None),
    ("MATCH (n) /* LOAD CSV FROM 'x' */ RETURN `LOAD CSV`", None),
])
def test_cypher_load_csv_is_found_where_it_is_a_clause(text, found):
    assert reaches_out("cypher", text) == found
