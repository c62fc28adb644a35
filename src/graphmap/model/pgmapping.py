"""The property-graph view of the ontology, for Neo4j.

Derived from the ontology, never typed by hand: every class becomes a node label (its local
name), every object property a relationship type (its local name in UPPER_SNAKE_CASE), every
datatype or annotation property a node property (its local name; text in a language gets the
language as suffix, ``label_fr``). Properties that a case may give several times (``multi``
in the case format) are always lists. Every node also has the label ``Resource`` and its
``iri``, and lists the cases that loaded it in ``cases``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD

from graphmap.model.caseformat import case_format
from graphmap.model.reference import REFERENCE_BASE
from graphmap.model.vocabulary import GM, ontology_graph

__all__ = ["PGMapping", "pg_mapping", "PGGraph", "to_property_graph", "from_property_graph", "RESOURCE", "place",
           "value_key", "single_valued"]

RESOURCE = "Resource"
_OWN = "https://w3id.org/graphmap/"
_ONTOLOGY = str(GM)  # gm:notStated points at the ontology's properties
_LANG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


def _local(iri: URIRef) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1]


def _upper_snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).upper()


@dataclass(frozen=True)
class PGMapping:
    labels: dict[URIRef, str]
    rel_types: dict[URIRef, str]
    node_props: dict[URIRef, str]
    multi: frozenset[URIRef]

    def class_of(self, label: str) -> URIRef:
        return _reverse(self.labels)[label]

    def predicate_of_rel(self, rel_type: str) -> URIRef:
        return _reverse(self.rel_types)[rel_type]

    def property_of_key(self, key: str) -> tuple[URIRef, str | None]:
        """``"label_fr"`` -> ``(rdfs:label, "fr")``; ``"identifier"`` -> ``(dcterms:identifier, None)``."""
        keys = _reverse(self.node_props)
        if key in keys:
            return keys[key], None
        name, _, lang = key.rpartition("_")
        if name in keys and _LANG.match(lang):
            return keys[name], lang.replace("_", "-")
        raise KeyError(key)


def _reverse(mapping: dict) -> dict:
    return {v: k for k, v in mapping.items()}


@cache
def pg_mapping() -> PGMapping:
    g = ontology_graph()
    labels = {c: _local(c) for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    rels = {p: _upper_snake(_local(p)) for p in g.subjects(RDF.type, OWL.ObjectProperty)}
    props = {
        p: _local(p)
        for kind in (OWL.DatatypeProperty, OWL.AnnotationProperty)
        for p in g.subjects(RDF.type, kind)
        if isinstance(p, URIRef)
    }
    for name, mapping in (("labels", labels), ("relationship types", rels), ("properties", props)):
        if len(set(mapping.values())) != len(mapping):
            raise ValueError(f"two ontology terms give the same Neo4j {name}")
    fmt = case_format()
    multi = frozenset(
        f.property for s in [fmt.study, *fmt.sections.values()] for f in s.fields.values() if f.multi
    ) | {GM.evidence}  # a derived verdict's evidence (derive.py) is a list too
    return PGMapping(labels, rels, props, multi)


@dataclass
class PGGraph:
    """Nodes (iri -> labels and properties) and relationships (source, type, target)."""

    nodes: dict[str, dict[str, Any]]
    relationships: list[tuple[str, str, str]]


_XSD = str(XSD)
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                  "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong")}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}


def _value(literal: ox.Literal) -> Any:
    """The plain Python value Neo4j stores for a literal (its text if it is ill-typed)."""
    text, datatype = literal.value, literal.datatype.value
    try:
        if datatype in _INTEGERS:
            return int(text)
        if datatype in _FLOATS:
            return float(text)
    except ValueError:
        return text
    if datatype == _XSD + "boolean" and text in ("true", "false", "1", "0"):
        return text in ("true", "1")
    return text


@cache
def _by_iri() -> tuple[dict[str, str], dict[str, str], dict[str, str], frozenset[str]]:
    m = pg_mapping()
    return ({str(k): v for k, v in m.labels.items()}, {str(k): v for k, v in m.rel_types.items()},
            {str(k): v for k, v in m.node_props.items()}, frozenset(map(str, m.multi)))


def place(predicate: str, link: bool, value: bool) -> str | None:
    """Where the property graph keeps a statement of ``predicate`` whose object is a ``link`` (an
    IRI) or a ``value`` (a literal): its relationship type, its node property's name (before a
    language's suffix: ``value_key``), or None: nowhere (a blank node, a link where a value is due,
    a value where a link is due). The one rule ``to_property_graph`` maps by and the check of RDF
    cases (``intake.rdf_case.property_graph_problems``) refuses by."""
    _, rel_types, node_props, _ = _by_iri()
    return rel_types.get(predicate) if link else node_props.get(predicate) if value else None


def value_key(name: str, language: str | None) -> str:
    """A node property's key: its name, and a text's language as suffix (``label_fr``, ``label_en_gb``)."""
    return f"{name}_{language.lower().replace('-', '_')}" if language else name


def single_valued(predicate: str) -> bool:
    """Whether a node holds one value of ``predicate`` per key (else a list: ``multi``)."""
    return predicate not in _by_iri()[3]


def to_property_graph(data) -> PGGraph:
    """Map an RDF graph (or its N-Triples lines, or its triples parsed by pyoxigraph) onto labels,
    relationship types and properties."""
    labels = _by_iri()[0]
    if isinstance(data, Graph) or (isinstance(data, list) and (not data or isinstance(data[0], str))):
        text = "\n".join(data) if isinstance(data, list) else data.serialize(format="nt")
        triples = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    else:
        triples = data  # parsed already
    nodes: dict[str, dict[str, Any]] = {}
    relationships: set[tuple[str, str, str]] = set()
    rdf_type = str(RDF.type)

    def node(iri: str) -> dict[str, Any]:
        return nodes.setdefault(iri, {"labels": set(), "props": {}})

    places: dict = {}  # (predicate, link, value) -> place(...), and whether it is single-valued: asked once each
    for triple in triples:
        s, p, o = triple.subject, triple.predicate.value, triple.object
        if not isinstance(s, ox.NamedNode):
            raise ValueError(f"blank node subject in a graph for Neo4j: {s}")
        entry = node(s.value)
        if p == rdf_type:
            if not isinstance(o, ox.NamedNode) or o.value not in labels:
                raise ValueError(f"{o} is not a class of the ontology")
            entry["labels"].add(labels[o.value])
            continue
        link, value = isinstance(o, ox.NamedNode), isinstance(o, ox.Literal)
        found = places.get((p, link, value))
        if found is None:
            found = places[(p, link, value)] = (place(p, link, value), single_valued(p))
        name, single = found
        if name is None:
            raise ValueError(f"{p} is not a property of the ontology that takes {o}")
        if link:
            relationships.add((s.value, name, o.value))
            continue
        key = value_key(name, o.language)
        if not single:
            entry["props"].setdefault(key, []).append(_value(o))
        elif key in entry["props"]:
            raise ValueError(f"{s.value} has two values for {key}")
        else:
            entry["props"][key] = _value(o)
    for _, _, target in relationships:
        if (not target.startswith(_OWN) or target.startswith((REFERENCE_BASE, _ONTOLOGY))) and target not in nodes:
            node(target)  # an IRI outside the cases (an ESCO occupation, an O*NET task, a property not stated...): a bare node
    for entry in nodes.values():
        entry["labels"] = sorted(entry["labels"])
        for key, value in entry["props"].items():
            if isinstance(value, list):
                value.sort(key=lambda v: (str(type(v)), v))
    return PGGraph(nodes, sorted(relationships))


def from_property_graph(nodes: list[dict[str, Any]], relationships: list[tuple[str, str, str]]) -> Graph:
    """The inverse of ``to_property_graph``: nodes as ``{iri, labels, props}``."""
    m = pg_mapping()
    graph = Graph()
    for entry in nodes:
        subject = URIRef(entry["iri"])
        for label in entry["labels"]:
            if label != RESOURCE:
                graph.add((subject, RDF.type, m.class_of(label)))
        for key, value in entry["props"].items():
            if key in ("iri", "cases"):
                continue
            predicate, lang = m.property_of_key(key)
            for item in value if isinstance(value, list) else [value]:
                graph.add((subject, predicate, _literal(item, lang)))
    for source, rel_type, target in relationships:
        graph.add((URIRef(source), m.predicate_of_rel(rel_type), URIRef(target)))
    return graph


def _literal(value: Any, lang: str | None) -> Literal:
    if lang:
        return Literal(value, lang=lang)
    if isinstance(value, bool):
        return Literal(value, datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(Decimal(str(value)), datatype=XSD.decimal)
    return Literal(value)
