"""Exports: RDF syntaxes re-import isomorphic; GraphML/GEXF/CSV carry every node and edge."""

from __future__ import annotations

import csv

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graphmap.export import export_graph, write_export
from graphmap.load import check_case

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
