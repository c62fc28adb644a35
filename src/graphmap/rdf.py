"""Turn a checked case into RDF: instances of the ontology in one graph per case."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from .caseformat import Field, Section, case_format
from .casefile import Case, section_number
from .vocabulary import GM, PREFIXES

__all__ = ["case_to_graph", "study_iri", "section_iri", "ORIGIN"]

ORIGIN = dict[URIRef, int]
"""Maps each subject IRI of a case graph to the line of the case file it comes from."""


def study_iri(case_id: str) -> URIRef:
    return URIRef(f"{case_format().base_iri}{case_id}/_study")


def section_iri(case_id: str, number: str) -> URIRef:
    return URIRef(f"{case_format().base_iri}{case_id}/_section/{quote(number, safe='.-_~')}")


def case_to_graph(case: Case) -> tuple[Graph, ORIGIN]:
    """Return the case's RDF graph and, for every subject, the line it was written on."""
    fmt = case_format()
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    add = graph.add
    origin: ORIGIN = {}
    lang = case.language

    study = study_iri(case.id)
    origin[study] = 1
    add((study, RDF.type, fmt.study.cls))
    add((study, DCTERMS.identifier, Literal(case.id)))
    _add_fields(graph, study, {**fmt.common, **fmt.study.fields}, case.study, case, lang)
    for number, title in case.sections.items():
        node = section_iri(case.id, number)
        add((node, RDF.type, GM.SourceSection))
        add((node, GM.sectionNumber, Literal(number)))
        add((node, DCTERMS.isPartOf, study))
        for literal in _text(title, lang):
            add((node, DCTERMS.title, literal))

    for entity in case.entities.values():
        section = fmt.sections[entity.section]
        subject = fmt.entity_iri(case.id, section, entity.id)
        origin[subject] = entity.line
        add((subject, RDF.type, section.cls))
        add((subject, DCTERMS.identifier, Literal(entity.id)))
        _add_fields(graph, subject, {**fmt.common, **section.fields}, entity.data, case, lang)
        sources = [section_iri(case.id, section_number(s)) for s in _as_list(entity.data["source"])]
        for source in sources:
            add((subject, GM.source, source))
        for k, text in enumerate(_as_list(entity.data.get("quote", [])), start=1):
            node = URIRef(f"{subject}/_quote/{k}")
            origin[node] = entity.line
            add((subject, GM.hasQuote, node))
            add((node, RDF.type, GM.Quote))
            add((node, GM.quoteText, Literal(text, lang=lang)))
            for source in sources:
                add((node, GM.source, source))
    return graph, origin


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _text(value: Any, lang: str) -> list[Literal]:
    if isinstance(value, dict):
        return [Literal(text, lang=code) for code, text in value.items()]
    return [Literal(value, lang=lang)]


def _add_fields(graph: Graph, subject: URIRef, fields: dict[str, Field], item: dict, case: Case, lang: str) -> None:
    fmt = case_format()
    for key, fdef in fields.items():
        if key not in item:
            continue
        for value in _as_list(item[key]):
            for obj in _objects(fdef, value, case, lang, fmt.sections):
                graph.add((subject, fdef.property, obj))


def _objects(fdef: Field, value: Any, case: Case, lang: str, sections: dict[str, Section]) -> list:
    kind = fdef.kind
    if kind == "text":
        return _text(value, lang)
    if kind == "ref":
        target = case.entities[value]
        return [case_format().entity_iri(case.id, sections[target.section], value)]
    if kind == "concept":
        return [fdef.concepts()[value]]
    if kind == "iri":
        return [URIRef(value)]
    if kind == "integer":
        return [Literal(int(value), datatype=XSD.integer)]
    if kind == "decimal":
        return [Literal(Decimal(str(value)), datatype=XSD.decimal)]
    if kind == "boolean":
        return [Literal(bool(value), datatype=XSD.boolean)]
    return [Literal(str(value))]
