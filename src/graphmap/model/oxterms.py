"""Oxigraph's terms as rdflib's: the one conversion every reader of Oxigraph's triples uses
(the embedded store's graphs, Turtle and JSON-LD cases read by Oxigraph's parser, the shipped
ontology), and Turtle read by Oxigraph's parser into an rdflib graph."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

__all__ = ["rdflib_term", "turtle_graph"]

# rdflib logs a warning with a traceback for each literal whose text its datatype cannot read
# ("abc"^^xsd:integer): printed on the terminal (7 lines each), and 4 s for 45,000 of them in a
# case file. graphmap says it itself, located ("value of the wrong type (abc)"): the warning is
# turned off before anything is logged.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(term: Any):
    """An Oxigraph term as rdflib's (a plain literal without datatype, as N-Triples reads it)."""
    kind = type(term)
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.Literal:
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        named = _DATATYPES.get(datatype)
        if named is None:
            named = _DATATYPES[datatype] = URIRef(datatype)
        return Literal(term.value, datatype=named)
    return BNode(term.value)


_DATATYPES: dict[str, URIRef] = {}  # a datatype's IRI -> rdflib's term, made once (150,000 typed literals: 0.1 s)


def turtle_graph(graph: Graph, path: Path) -> Graph:
    """Add the triples of the Turtle file ``path`` to ``graph``, with its prefixes, read by
    Oxigraph's parser (rdflib's took twice as long for the ontology, read by every check)."""
    parser = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    term = rdflib_term
    graph.addN((term(q.subject), term(q.predicate), term(q.object), graph) for q in parser)
    for prefix, iri in parser.prefixes.items():
        graph.bind(prefix, iri, override=False)
    return graph
