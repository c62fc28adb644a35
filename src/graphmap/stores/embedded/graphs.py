"""The named graphs an embedded store keeps besides the cases': the ontology, a barometer's own
concepts, the rubric, the reviews, the fingerprints of the loaded files, each case's derived graph, each case's answers kept ready and the reference datasets."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from graphmap.derivation.engine import derived_graph_key
from graphmap.model.caseformat import case_format
from graphmap.model.vocabulary import shipped_ontology_graph

ONTOLOGY_GRAPH = URIRef(case_format().graph_iri + "_ontology")
RUBRIC_GRAPH = URIRef(case_format().graph_iri + "_rubric")
REVIEWS_GRAPH = URIRef(case_format().graph_iri + "_reviews")
LOADS_GRAPH = URIRef(case_format().graph_iri + "_loads")  # each case graph: the fingerprint of its file
VOCABULARY_GRAPH = URIRef(case_format().graph_iri + "_vocabulary")  # a barometer's own concepts (model/extension.py)


REFERENCE_PREFIX = case_format().graph_iri + "_reference/"  # + dataset name: a published dataset (model/reference.py)
KEPT_PREFIX = case_format().graph_iri + "_kept/"  # + case id: that case's answers kept ready (stores/kept.py)


def reference_graph(name: str) -> URIRef:
    """The graph of a reference dataset, apart from every case's."""
    return URIRef(REFERENCE_PREFIX + name)


def kept_graph(case: str) -> URIRef:
    """The graph of a case's answers kept ready (stores/kept.py): store bookkeeping, no case's statement."""
    return URIRef(KEPT_PREFIX + case)


def derived_graph(case: str) -> URIRef:
    """The graph of a case's verdicts (see derive.py), beside the case's own graph."""
    return URIRef(case_format().graph_iri + derived_graph_key(case))


def skolemised(graph: Graph) -> Graph:
    """Blank nodes (OWL lists) get stable IRIs, so that reloading the ontology changes nothing."""
    return to_canonical_graph(graph).skolemize(authority="https://w3id.org", basepath="/graphmap/.well-known/genid/")


@cache
def skolemised_ontology() -> Graph:
    return skolemised(shipped_ontology_graph())  # a barometer's concepts are kept apart: VOCABULARY_GRAPH
