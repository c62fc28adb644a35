"""The ontology, its controlled vocabularies and the rubric, read once from ``ontology/``.

Code never retypes the ontology's terms: it asks this module for the graph, a namespace or
the concept a notation names in a scheme.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .resources import data_dir

__all__ = [
    "GM", "GMV", "ORG", "SCHEMA", "PREFIXES", "ONTOLOGY_FILES", "RUBRIC_FILE",
    "ontology_graph", "vocabularies_graph", "rubric_graph", "expand", "scheme_concepts",
]

GM = Namespace("https://w3id.org/graphmap/ontology#")
GMV = Namespace("https://w3id.org/graphmap/vocab/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")

PREFIXES: dict[str, str] = {
    "gm": str(GM), "gmv": str(GMV), "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL),
    "xsd": str(XSD), "skos": str(SKOS), "dcterms": str(DCTERMS), "prov": str(PROV),
    "org": str(ORG), "schema": str(SCHEMA),
}

ONTOLOGY_FILES = ("graphmap.ttl", "vocabularies.ttl")
RUBRIC_FILE = "rubric.ttl"


def _bind(graph: Graph) -> Graph:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    return graph


@cache
def ontology_graph() -> Graph:
    """The ontology and its SKOS vocabularies as one rdflib graph (parsed once)."""
    graph = _bind(Graph())
    for name in ONTOLOGY_FILES:
        graph.parse(data_dir("ontology") / name, format="turtle")
    return graph


@cache
def vocabularies_graph() -> Graph:
    """The SKOS vocabularies alone (what Neo4j needs besides the cases)."""
    return _bind(Graph()).parse(data_dir("ontology") / "vocabularies.ttl", format="turtle")


@cache
def _rubric(path: str) -> Graph:
    return _bind(Graph()).parse(path, format="turtle")


def rubric_graph(path: Path | None = None) -> Graph:
    """The standardisability rubric: the default one, or the file an analyst gives."""
    return _rubric(str(path or data_dir("ontology") / RUBRIC_FILE))


def expand(curie: str) -> URIRef:
    """``"gm:Task"`` -> the full IRI; raises ``KeyError`` for an unknown prefix."""
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local)


@cache
def scheme_concepts(scheme: URIRef) -> dict[str, URIRef]:
    """Notation -> concept IRI for every concept of a SKOS scheme."""
    graph = ontology_graph()
    return {
        str(graph.value(concept, SKOS.notation)): concept
        for concept in graph.subjects(SKOS.inScheme, scheme)
    }
