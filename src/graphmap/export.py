"""Export the RDF graph of loaded cases, from either store."""

from __future__ import annotations

from rdflib import Graph

from .caseformat import case_format
from .errors import StoreError
from .vocabulary import PREFIXES

__all__ = ["export_graph"]


def export_graph(store, case: str | None = None) -> Graph:
    """The RDF graph of one case, or of every case, as the store holds it."""
    cases = store.cases()
    if case is not None and case not in cases:
        raise StoreError(f"no case {case!r} in the {store.name} store; loaded: {', '.join(cases) or 'none'}")
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    for key in [case] if case else cases:
        for triple in store.export(key if store.name == "neo4j" else case_format().case_graph(key)):
            graph.add(triple)
    return graph
