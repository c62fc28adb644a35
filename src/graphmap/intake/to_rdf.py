"""Turn a checked case into RDF: instances of the ontology in one graph per case."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from graphmap.model.caseformat import Field, case_format
from graphmap.intake.casefile import Case, section_number
from graphmap.model.vocabulary import GM, PREFIXES

__all__ = ["case_to_graph", "case_ntriples", "study_iri", "section_iri", "ORIGIN"]

ORIGIN = dict[URIRef, int]
"""Maps each subject IRI of a case graph to the line of the case file it comes from."""


def study_iri(case_id: str) -> URIRef:
    return URIRef(f"{case_format().case_base(case_id)}_study")


def section_iri(case_id: str, number: str) -> URIRef:
    return URIRef(f"{case_format().case_base(case_id)}_section/{quote(number, safe='.-_~')}")


def case_to_graph(case: Case) -> tuple[Graph, ORIGIN]:
    """Return the case's RDF graph and, for every subject, the line it was written on."""
    lines, origin = case_ntriples(case)
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    graph.parse(data="\n".join(lines), format="nt")
    return graph, {URIRef(k): v for k, v in origin.items()}


def case_ntriples(case: Case) -> tuple[list[str], dict[str, int]]:
    """The case's triples as N-Triples lines (each once), and the line of each subject.

    Written straight from the checked case, without building terms: this is the loaders'
    fast path (a thousand cases in a few seconds).
    """
    fmt = case_format()
    out: dict[str, None] = {}
    origin: dict[str, int] = {}
    lang = case.language
    base = fmt.case_base(case.id)
    rdf_type, identifier = f"<{RDF.type}>", f"<{DCTERMS.identifier}>"

    def add(s: str, p: str, o: str) -> None:
        out[f"{s} {p} {o} ."] = None

    study = f"<{study_iri(case.id)}>"
    origin[study[1:-1]] = 1
    add(study, rdf_type, f"<{fmt.study.cls}>")
    add(study, identifier, _literal(case.id))
    _add_fields(add, study, fmt.fields_of(fmt.study), case.study, base, lang)
    for number, title in case.sections.items():
        node = f"<{section_iri(case.id, number)}>"
        add(node, rdf_type, f"<{GM.SourceSection}>")
        add(node, f"<{GM.sectionNumber}>", _literal(number))
        add(node, f"<{DCTERMS.isPartOf}>", study)
        for literal in _text(title, lang):
            add(node, f"<{DCTERMS.title}>", literal)

    source, has_quote, quote_text = f"<{GM.source}>", f"<{GM.hasQuote}>", f"<{GM.quoteText}>"
    quote_type, product, product_type = f"<{GM.Quote}>", f"<{GM.product}>", f"<{GM.Product}>"
    not_stated = f"<{GM.notStated}>"
    section_nodes: dict[str, str] = {}  # a section number -> its IRI (a case cites a few sections, thousands of times)
    fields_of = {name: fmt.fields_of(section) for name, section in fmt.sections.items()}
    for entity in case.entities.values():
        section = fmt.sections[entity.section]
        iri = base + entity.id
        subject = f"<{iri}>"
        origin[iri] = entity.line
        add(subject, rdf_type, f"<{section.cls}>")
        add(subject, identifier, _literal(entity.id))
        if section.product:
            # the product every case shares carries only what is the same for all: type and id
            shared = f"<{fmt.product_iri(entity.id)}>"
            add(subject, product, shared)
            add(shared, rdf_type, product_type)
            add(shared, identifier, _literal(entity.id))
        _add_fields(add, subject, fields_of[entity.section], entity.data, base, lang)
        for key in entity.data.get("unknown", ()):
            add(subject, not_stated, f"<{section.fields[key].property}>")
        sources = []
        for cited in _as_list(entity.data["source"]):
            number = section_number(cited)  # by its text: 3.10 and 3.1 are two sections
            node = section_nodes.get(number)
            if node is None:
                node = section_nodes[number] = f"<{section_iri(case.id, number)}>"
            sources.append(node)
        for item in sources:
            add(subject, source, item)
        for k, text in enumerate(_as_list(entity.data.get("quote", [])), start=1):
            node = f"{iri}/_quote/{k}"
            origin[node] = entity.line
            add(subject, has_quote, f"<{node}>")
            add(f"<{node}>", rdf_type, quote_type)
            add(f"<{node}>", quote_text, _literal(text, lang))
            for item in sources:
                add(f"<{node}>", source, item)
    return list(out), origin


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _literal(text: str, lang: str | None = None) -> str:
    quoted = '"' + str(text).translate(_ESCAPES) + '"'
    return f"{quoted}@{lang}" if lang else quoted


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _text(value: Any, lang: str) -> list[str]:
    if isinstance(value, dict):
        return [_literal(text, code) for code, text in value.items()]
    return [_literal(value, lang)]


def _add_fields(add, subject: str, fields: dict[str, Field], item: dict, base: str, lang: str) -> None:
    """The triples of ``item``'s fields; ``base``: where the case's entities live (refs)."""
    for key, fdef in fields.items():
        if key not in item:
            continue
        predicate = f"<{fdef.property}>"
        if fdef.kind == "text":  # (most values: written here, a list of 123,000 texts in 0.1 s less)
            suffix = f"@{lang}" if lang else ""
            for value in _as_list(item[key]):
                if isinstance(value, dict):
                    for code, text in value.items():
                        add(subject, predicate, _literal(text, code))
                else:
                    add(subject, predicate, '"' + str(value).translate(_ESCAPES) + '"' + suffix)
            continue
        for value in _as_list(item[key]):
            for obj in _objects(fdef, value, base, lang):
                add(subject, predicate, obj)


def _objects(fdef: Field, value: Any, base: str, lang: str) -> list[str]:
    kind = fdef.kind
    if kind == "text":
        return _text(value, lang)
    if kind == "ref":
        return [f"<{base}{value}>"]
    if kind == "concept":
        return [f"<{fdef.concepts()[value]}>"]
    if kind == "iri":
        return [URIRef(value).n3()]
    if kind == "integer":
        return [Literal(int(value), datatype=XSD.integer).n3()]
    if kind == "decimal":
        return [Literal(Decimal(str(value)), datatype=XSD.decimal).n3()]
    if kind == "boolean":
        return [Literal(bool(value), datatype=XSD.boolean).n3()]
    return [_literal(str(value))]
