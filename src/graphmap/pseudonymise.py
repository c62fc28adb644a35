"""Pseudonymised copies of case graphs, for sharing.

Names of organisations, units and sites (their labels and ids), e-mail addresses and phone
numbers are replaced everywhere they occur, in every literal and IRI, by stable pseudonyms:
the same input and salt give the same pseudonym, so shared exports stay joinable. Structure
and every analytic property (types, relations, concepts, characteristics, sections) are kept.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from .caseformat import case_format
from .privacy import EMAIL, PHONE
from .vocabulary import GM

__all__ = ["Pseudonymisation", "pseudonymise"]

NAMED_CLASSES = (GM.Organisation, GM.Unit, GM.Site)


@dataclass
class Pseudonymisation:
    graph: Graph
    replaced: dict[str, str] = field(default_factory=dict)  # original -> pseudonym

    def report(self) -> list[str]:
        kinds: dict[str, int] = {}
        for pseudonym in self.replaced.values():
            kind = pseudonym.split("-", 1)[0]
            kinds[kind] = kinds.get(kind, 0) + 1
        return [f"{count} {kind} value(s) replaced" for kind, count in sorted(kinds.items())]


def _pseudonym(kind: str, text: str, salt: str) -> str:
    digest = hashlib.sha256(f"{salt}\x00{text}".encode()).hexdigest()[:10]
    return f"{kind}-{digest}"


def pseudonymise(graph: Graph, salt: str) -> Pseudonymisation:
    """Return a pseudonymised copy of ``graph`` and what was replaced."""
    out = Pseudonymisation(Graph(namespace_manager=graph.namespace_manager))
    names: dict[str, str] = {}
    id_map: dict[str, str] = {}
    for cls in NAMED_CLASSES:
        kind = str(cls).rsplit("#", 1)[-1].lower()
        for node in graph.subjects(RDF.type, cls):
            for label in graph.objects(node, RDFS.label):
                names[str(label)] = _pseudonym(kind, str(label), salt)
            ident = graph.value(node, DCTERMS.identifier)
            if ident is not None:
                id_map[str(ident)] = _pseudonym(kind, str(ident), salt)
    ordered = sorted(names, key=len, reverse=True)  # longest first: "Service X du siège" before "Service X"
    pattern = re.compile("|".join(re.escape(n) for n in ordered)) if ordered else None

    def text(value: str) -> str:
        if pattern is not None:
            value = pattern.sub(lambda m: _record(out, m.group(0), names[m.group(0)]), value)
        value = EMAIL.sub(lambda m: _record(out, m.group(0), _pseudonym("email", m.group(0), salt) + "@example.invalid"), value)
        return PHONE.sub(lambda m: _record(out, m.group(0), _pseudonym("phone", m.group(0), salt)), value)

    ids = sorted(id_map, key=len, reverse=True)
    id_pattern = re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(i) for i in ids) + r")(?![a-z0-9])") if ids else None

    def ident(value: str) -> str:
        """Ids (and ids built on them, such as maturite-org-x) lose the names they carry."""
        if id_pattern is None:
            return value
        return id_pattern.sub(lambda m: _record(out, m.group(0), id_map[m.group(0)]), value)

    base = case_format().base_iri

    def term(node):
        if isinstance(node, Literal):
            if node.datatype is None or str(node.datatype).endswith("#string"):
                value = ident(str(node)) if node.language is None else str(node)
                return Literal(text(value), lang=node.language, datatype=node.datatype)
            return node
        if isinstance(node, URIRef) and str(node).startswith(base):
            return URIRef(base + ident(str(node)[len(base):]))
        return node

    for s, p, o in graph:
        out.graph.add((term(s), p, term(o)))
    return out


def _record(out: Pseudonymisation, original: str, pseudonym: str) -> str:
    out.replaced[original] = pseudonym
    return pseudonym
