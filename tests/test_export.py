"""Exports: RDF syntaxes re-import isomorphic; GraphML/GEXF/CSV carry every node and edge."""

from __future__ import annotations

import csv

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graphmap.outputs.export import export_graph, write_export
from graphmap.intake.load import check_case

from conftest import SEED, run_cli


@pytest.fixture(scope="module")
def seed_graph():
    return check_case(SEED).graph


@pytest.mark.parametrize("fmt, syntax", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml")])
def test_rdf_exports_round_trip(loaded_store, seed_graph, fmt, syntax):
    text = write_export(export_graph(loaded_store, "sante-publique-2026"), fmt, None)
    assert isomorphic(Graph().parse(data=text, format=syntax), seed_graph)


def test_turtle_is_deterministic(tmp_path):
    store = tmp_path / "store"
    run_cli("load", str(SEED), store=store)
    first = run_cli("export", "--case", "sante-publique-2026", store=store).out
    second = run_cli("export", "--case", "sante-publique-2026", store=store).out
    assert first == second and first.startswith("@prefix")


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_exports_open_in_networkx(loaded_store, tmp_path, fmt, reader):
    out = tmp_path / f"seed.{fmt}"
    write_export(export_graph(loaded_store, "sante-publique-2026"), fmt, out)
    graph = reader(out)
    iri = "https://w3id.org/graphmap/id/sante-publique-2026/inspecteurs"
    assert graph.nodes[iri]["type"] == "Role" and graph.nodes[iri]["label"] == "Inspecteurs"
    assert any(d.get("relationship") == "TASK_OF" for _, _, d in graph.edges(data=True))


def test_csv_export_is_one_table_per_class(loaded_store, seed_graph, tmp_path):
    write_export(export_graph(loaded_store, "sante-publique-2026"), "csv", tmp_path / "csv")
    tasks = list(csv.DictReader((tmp_path / "csv" / "Task.csv").open(encoding="utf-8")))
    assert {"iri", "identifier", "label_fr"} <= set(tasks[0])
    relations = list(csv.DictReader((tmp_path / "csv" / "relationships.csv").open(encoding="utf-8")))
    assert {r["type"] for r in relations} >= {"TASK_OF", "SOURCE", "USES_TOOL"}


def test_the_embedded_store_gives_each_term_as_rdflib_reads_it(empty_store):
    """export() builds rdflib terms from Oxigraph's, not through rdflib's N-Triples reader (which
    went over a long line again and again: a 1 MB literal took 5-11 s, 4 MB about 110 s): the
    graph is exactly the one that reader makes of the store's dump."""
    import pyoxigraph as ox

    from graphmap.model.caseformat import case_format

    graph_iri = str(case_format().case_graph("terms"))
    quads = []
    s, p = ox.NamedNode("https://w3id.org/graphmap/id/terms/x"), ox.NamedNode("https://w3id.org/graphmap/ontology#p")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    for obj in [ox.Literal("plain"), ox.Literal("é\n\"q\" \\ \u2028 \U0001F600", language="fr"),
                ox.Literal("text", language="en-GB"), ox.Literal("0.50", datatype=ox.NamedNode(xsd + "decimal")),
                ox.Literal("12", datatype=ox.NamedNode(xsd + "integer")), ox.Literal("true", datatype=ox.NamedNode(xsd + "boolean")),
                ox.Literal("2026-12-03", datatype=ox.NamedNode(xsd + "date")), ox.Literal("x" * 1_000_000),
                ox.NamedNode("https://example.org/a%20b?c=d#e"), ox.BlankNode("b0")]:
        quads.append(ox.Quad(s, p, obj, ox.NamedNode(graph_iri)))
    empty_store._store.extend(quads)
    dump = empty_store._store.dump(format=ox.RdfFormat.N_QUADS, from_graph=ox.NamedNode(graph_iri))
    expected = Graph().parse(data=dump.decode("utf-8"), format="nt")
    got = empty_store.export_case("terms")
    assert len(got) == len(expected) == 10
    assert isomorphic(got, expected)
    from rdflib import BNode

    assert {o for o in got.objects() if not isinstance(o, BNode)} == {o for o in expected.objects() if not isinstance(o, BNode)}
