"""The named graphs an embedded store keeps besides the cases': the ontology, a barometer's own
concepts, the rubric, the reviews, the fingerprints of the loaded files, each case's derived graph, each case's answers kept ready and the reference datasets."""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from graphmap.derivation.engine import derived_graph_key
from graphmap.model.caseformat import case_format
from graphmap.model.vocabulary import ONTOLOGY_FILES
from graphmap.resources import data_dir

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


_AUTHORITY, _GENID_PATH = "https://w3id.org", "/graphmap/.well-known/genid/"
GENID = _AUTHORITY + _GENID_PATH  # where graphmap's skolem IRIs (its blank nodes named) live


def skolemised(graph: Graph) -> Graph:
    """Blank nodes get stable IRIs (from their canonical labels), so that writing the same graph
    again changes nothing."""
    return to_canonical_graph(graph).skolemize(authority=_AUTHORITY, basepath=_GENID_PATH)


@cache
def skolemised_ontology() -> list[str]:
    """The ontology as shipped, as N-Triples lines, its blank nodes (OWL lists) named in the
    order its files give them: the same lines at every load, so that writing it again changes
    nothing. (Read by Oxigraph: rdflib's parse and canonical labels took 0.15 s of every load.)
    A barometer's concepts are kept apart (``VOCABULARY_GRAPH``)."""
    names: dict[str, str] = {}

    def term(node) -> str:
        if type(node) is ox.BlankNode:
            return names.setdefault(node.value, f"<{GENID}ontology-{len(names)}>")
        return str(node)

    lines: dict[str, None] = {}
    for name in ONTOLOGY_FILES:
        for triple in ox.parse(path=str(data_dir("ontology") / name), format=ox.RdfFormat.TURTLE):
            lines[f"{term(triple.subject)} {triple.predicate} {term(triple.object)} ."] = None
    return list(lines)
