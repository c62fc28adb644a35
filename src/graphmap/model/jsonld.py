"""The JSON-LD context of graphmap's data, derived from the ontology, and the compaction of an
expanded JSON-LD document with it.

Every class and property of the ontology becomes a plain key (``Task``, ``taskOf``, ``label``,
``benefit``): a JSON reader sees the names the ontology gives, and the document is still RDF
(it reads back to the same graph). Object properties are declared ``"@type": "@id"`` so their
values are plain IRIs. The published copy is ``ontology/generated/context.jsonld``; regenerate
it with ``python -m graphmap.model.jsonld > ontology/generated/context.jsonld`` (a test keeps it
current).
"""

from __future__ import annotations

import json
import sys

from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from graphmap.model.vocabulary import PREFIXES, ontology_cache, ontology_graph

__all__ = ["context", "render_context", "compact"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _local(iri: str) -> str:
    return iri.replace("#", "/").rsplit("/", 1)[-1]


@ontology_cache
def _terms() -> tuple[dict[str, str], dict[str, bool]]:
    """IRI -> term for every class and property of the ontology; property IRI -> is an object property."""
    g = ontology_graph()
    terms: dict[str, str] = {}
    objects: dict[str, bool] = {}
    kinds = ((OWL.Class, None), (OWL.ObjectProperty, True), (OWL.DatatypeProperty, False), (OWL.AnnotationProperty, False))
    taken: dict[str, str] = {}
    for kind, is_object in kinds:
        for iri in sorted(str(s) for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef)):
            name = _local(iri)
            if not name or name in taken and taken[name] != iri or iri == str(RDF.type):
                continue  # two vocabularies with the same local name: the second keeps its prefixed name
            taken[name] = iri
            terms[iri] = name
            if is_object is not None:
                objects[iri] = is_object
    return terms, objects


@ontology_cache
def context() -> dict:
    """The ``@context`` object: the project's prefixes, ``id``/``type`` aliases, one term per
    class and property."""
    terms, objects = _terms()
    out: dict = {"id": "@id", "type": "@type"}
    out.update(PREFIXES)
    for iri, name in sorted(terms.items(), key=lambda kv: kv[1]):
        out[name] = {"@id": _curie(iri), "@type": "@id"} if objects.get(iri) else _curie(iri)
    return out


def render_context() -> str:
    """The published context file's text."""
    return json.dumps({"@context": context()}, indent=2, ensure_ascii=False) + "\n"


def _curie(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def compact(expanded: list[dict]) -> dict:
    """An expanded JSON-LD document (a list of node objects, as Oxigraph writes it) compacted
    with ``context()``: keys and types by their terms, object properties' values as IRIs,
    plain strings as strings; language-tagged and typed values keep their value objects."""
    terms, objects = _terms()
    rdf_type = str(RDF.type)
    graph = []
    for node in expanded:
        out: dict = {"id": _curie(node["@id"])} if "@id" in node else {}
        for key, values in node.items():
            if key == "@id":
                continue
            if key in ("@type", rdf_type):
                types = [v if isinstance(v, str) else v["@id"] for v in values]
                out["type"] = _one([terms.get(t) or _curie(t) for t in types])
                continue
            term = terms.get(key)
            name = term or _curie(key)
            items = []
            for value in values:
                if "@id" in value:
                    items.append(_curie(value["@id"]) if term and objects.get(key) else {"@id": _curie(value["@id"])})
                elif "@language" in value:
                    items.append({"@value": value["@value"], "@language": value["@language"]})
                elif value.get("@type", _XSD_STRING) != _XSD_STRING:
                    items.append({"@value": value["@value"], "@type": _curie(value["@type"])})
                else:
                    items.append(value["@value"])
            out[name] = _one(items)
        graph.append(out)
    return {"@context": context(), "@graph": graph}


def _one(items: list):
    return items[0] if len(items) == 1 else items


if __name__ == "__main__":  # python -m graphmap.model.jsonld > ontology/generated/context.jsonld
    sys.stdout.write(render_context())
