"""Release quality of the ontology: quality queries return nothing, OWL RL finds no inconsistency."""

from __future__ import annotations

import owlrl
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graphmap.intake.load import check_case
from graphmap.resources import data_dir
from graphmap.model.vocabulary import GM, ontology_graph

from conftest import ALL_CASES

CHECKS = sorted((data_dir("ontology") / "checks").glob("*-violation.rq"))


def _rows(graph: Graph, check) -> list:
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    return list(store.query(check.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def everything() -> Graph:
    graph = Graph() + ontology_graph()
    graph.parse(data_dir("ontology") / "alignments.ttl")  # the alignments are checked like the rest
    for path in ALL_CASES:
        graph += check_case(path).graph
    return graph


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_quality_query_returns_no_rows(everything, check):
    assert _rows(everything, check) == []


@pytest.mark.parametrize(
    "check, bad",
    [
        ("missing-label-violation", (GM.Unlabelled, RDF.type, OWL.Class)),
        ("missing-definition-violation", (GM.Undefined, RDF.type, OWL.ObjectProperty)),
        ("undeclared-namespace-violation", (GM.Task, RDFS.subClassOf, URIRef("http://example.org/Thing"))),
        ("entity-without-source-violation", (URIRef("https://w3id.org/graphmap/id/x/y"), URIRef("http://purl.org/dc/terms/identifier"), Literal("y"))),
        ("concept-outside-scheme-violation", (GM.Task, RDFS.seeAlso, URIRef("https://w3id.org/graphmap/vocab/orphan"))),
        ("mapping-on-a-term-violation", (GM.Role, URIRef("http://www.w3.org/2004/02/skos/core#closeMatch"),
                                         URIRef("http://data.europa.eu/esco/model#Occupation"))),
    ],
)
def test_each_quality_query_can_fail(everything, check, bad):
    graph = Graph() + everything
    graph.add(bad)
    assert _rows(graph, data_dir("ontology") / "checks" / f"{check}.rq")


def _owl_rl_errors(graph: Graph) -> list[str]:
    closure = owlrl.OWLRL.OWLRL_Semantics(graph, axioms=False, daxioms=False, rdfs=False)
    closure.closure()
    return closure.error_messages


@pytest.mark.parametrize("path", ALL_CASES, ids=lambda p: p.stem)
def test_owl_rl_reasoning_finds_no_inconsistency(path):
    graph = Graph() + ontology_graph() + check_case(path).graph
    assert _owl_rl_errors(graph) == []
    assert not list(graph.subjects(RDF.type, OWL.Nothing))


def test_owl_rl_catches_a_violated_disjointness():
    graph = Graph() + ontology_graph() + check_case(ALL_CASES[-1]).graph
    role = next(graph.subjects(RDF.type, GM.Role))
    graph.add((role, RDF.type, GM.Task))
    assert any("Disjoint classes" in e for e in _owl_rl_errors(graph))


def test_ontology_has_a_changelog_for_its_version():
    version = str(ontology_graph().value(URIRef("https://w3id.org/graphmap/ontology"), OWL.versionInfo))
    assert f"## {version}" in (data_dir("ontology") / "CHANGELOG.md").read_text(encoding="utf-8")
