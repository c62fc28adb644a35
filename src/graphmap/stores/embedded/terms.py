"""Conversion of terms: Python values to Oxigraph terms (query parameters), Oxigraph terms to
plain Python (query rows; to rdflib's: model/oxterms.py); N-Triples lines to N-Quads."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import URIRef


def ntriples_text(triples) -> str:
    return "".join(f"{triple} .\n" for triple in triples)


def as_nquads(ntriples: bytes, graph: str) -> bytes:
    """N-Triples lines (each ending in `` .\\n``; literals hold no raw newline) put in ``graph``."""
    return ntriples.replace(b" .\n", f" <{graph}> .\n".encode("utf-8"))


def oxigraph_term(value: Any) -> ox.Literal | ox.NamedNode:
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(str(value))


_XSD = "http://www.w3.org/2001/XMLSchema#"


_TEXT = {_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
_INTEGER = {_XSD + "integer", _XSD + "long", _XSD + "int"}
_NUMBER = {_XSD + "decimal", _XSD + "double", _XSD + "float"}


def python_value(term: Any) -> Any:
    """A query result's term as plain Python (text, the most frequent, tested first)."""
    if type(term) is ox.Literal:
        dt = term.datatype.value
        if dt in _TEXT:
            return term.value
        if dt in _INTEGER:
            return int(term.value)
        if dt in _NUMBER:
            return round(float(term.value), 4)
        if dt == _XSD + "boolean":
            return term.value in ("true", "1")
    return term.value
