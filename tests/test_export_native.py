"""An export's graph answers look-ups and removals, and is pseudonymised, on the store's own
triples, without becoming an rdflib graph (issue 18: a pseudonymised export of a 68,000-triple
case built two rdflib graphs, 11 s); what it gives is what rdflib's graph of them gives."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from graphmap.model.vocabulary import GM
from graphmap.outputs.export import ExportGraph, export_graph, write_export
from graphmap.outputs.pseudonymise import pseudonymise

CASES = ["mairie-exemple", None]


def _plain(store, case) -> Graph:
    """The export's triples in a plain rdflib graph (what the graph was filled into before)."""
    graph = Graph()
    for triple in export_graph(store, case, verdicts=True).triples((None, None, None)):
        graph.add(triple)
    return graph


@pytest.mark.parametrize("case", CASES, ids=lambda c: c or "every-case")
def test_pseudonymising_the_store_s_triples_gives_what_rdflib_s_graph_gives(loaded_store, case):
    graph = export_graph(loaded_store, case, verdicts=True)
    native = pseudonymise(graph, "s3cret")
    assert isinstance(native.graph, ExportGraph) and native.graph.ox_triples() is not None, "an rdflib graph was built"
    assert graph.ox_triples() is not None
    via_rdflib = pseudonymise(_plain(loaded_store, case), "s3cret")
    assert native.replaced == via_rdflib.replaced and native.replaced
    assert len(native.graph) == len(via_rdflib.graph)
    assert set(native.graph) == set(via_rdflib.graph)
    written = Graph().parse(data=write_export(native.graph, "nt", None), format="nt")
    assert set(written) == set(via_rdflib.graph)


@pytest.mark.parametrize("pattern", [
    (None, None, None), (None, RDF.type, None), (None, RDF.type, GM.Unit), (None, RDFS.label, None),
    (None, DCTERMS.identifier, Literal("mairie")), (URIRef("https://w3id.org/graphmap/id/mairie-exemple/mairie"), None, None),
    (None, GM.reviewer, None), (None, URIRef("https://example.org/none"), None),
], ids=str)
def test_look_ups_on_the_store_s_triples_find_what_rdflib_finds(loaded_store, pattern):
    plain = _plain(loaded_store, "mairie-exemple")
    graph = export_graph(loaded_store, "mairie-exemple", verdicts=True)
    for _ in range(ExportGraph._NATIVE_LOOKUPS + 2):  # on the store's triples, then on the graph filled
        assert set(graph.triples(pattern)) == set(plain.triples(pattern))
    assert graph.ox_triples() is None  # asked again and again: filled


def test_a_removal_on_the_store_s_triples_is_what_is_written(loaded_store):
    plain = _plain(loaded_store, "mairie-exemple")
    graph = export_graph(loaded_store, "mairie-exemple", verdicts=True)
    for pattern in ((None, RDF.type, GM.Task), (None, RDFS.label, None)):  # a pattern, and a triple
        graph.remove(pattern)
        plain.remove(pattern)
    one = next(iter(sorted(plain.triples((None, DCTERMS.identifier, None)))))
    graph.remove(one)
    plain.remove(one)
    assert graph.ox_triples() is not None and len(graph) == len(plain)
    written = Graph().parse(data=write_export(graph, "nt", None), format="nt")
    assert set(written) == set(plain) and not set(written.triples((None, RDF.type, GM.Task)))
