"""The case-file format, read from ``ontology/case-format.yaml``.

That one file says which YAML keys exist and which ontology terms they stand for; the reader,
the RDF builder, the JSON Schema and the SHACL shapes are all derived from it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml
from rdflib import URIRef

from graphmap.resources import data_dir, safe_yaml_loader
from graphmap.model.vocabulary import PREFIXES, expand, ontology_cache, scheme_concepts

__all__ = ["Field", "Section", "CaseFormat", "case_format", "json_schema", "format_reference", "ID_PATTERN", "CASE_ID_PATTERN"]

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
NOT_BLANK = r"\S"
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"
KINDS = {"text", "string", "integer", "decimal", "boolean", "ref", "concept", "iri"}
IRI_PATTERN = r"^https?://[^\s<>\"{}|\\^`]+$"
PRODUCT_PATH = "_product"
# A case id: an id, but not `tools`, the folder of the tools every case shared in the stores of
# graphmap 0.1 (Turtle cases of that time still name them there and are read as the case's own).
CASE_ID_PATTERN = r"^(?!tools$)[a-z0-9][a-z0-9-]{0,79}$"


@dataclass(frozen=True)
class Field:
    key: str
    property: URIRef
    kind: str
    multi: bool = False
    required: bool = False
    to: tuple[str, ...] | None = None  # ref: allowed sections; None means any section
    scheme: URIRef | None = None  # concept: the SKOS scheme
    personal: bool = False  # meant to name people: the personal data guard does not scan it
    disjoint: str | None = None  # another field of the section that may not share a value with it
    unknown_allowed: bool = False  # required, but the entity's `unknown` list may name it instead

    def concepts(self) -> dict[str, URIRef]:
        return scheme_concepts(self.scheme) if self.scheme is not None else {}


@dataclass(frozen=True)
class Section:
    key: str
    cls: URIRef
    fields: dict[str, Field]
    product: bool = False  # tools: each entity also points to a product shared by every case


@dataclass(frozen=True)
class CaseFormat:
    version: int
    reads_versions: tuple[int, ...]
    base_iri: str
    graph_iri: str
    common: dict[str, Field]
    study: Section
    sections: dict[str, Section]

    def fields_of(self, section: Section) -> dict[str, Field]:
        """The fields an entry of ``section`` may have: those of every section (``common``),
        then its own."""
        return {**self.common, **section.fields}

    def case_base(self, case_id: str) -> str:
        """Where the entities of a case live, each at this IRI followed by its id: every entity
        of a case is the case's own, tools included (a case's statements are its own)."""
        return f"{self.base_iri}{case_id}/"

    @property
    def product_base(self) -> str:
        """Where the products shared by the cases live (``_`` cannot start a case id)."""
        return f"{self.base_iri}{PRODUCT_PATH}/"

    def product_iri(self, entity_id: str) -> URIRef:
        """The product a case's tool ``entity_id`` is an instance of: one node for every case."""
        return URIRef(f"{self.product_base}{entity_id}")

    def case_graph(self, case_id: str) -> URIRef:
        return URIRef(f"{self.graph_iri}{case_id}")


def _field(key: str, spec: dict[str, Any]) -> Field:
    kind = spec["kind"]
    if kind not in KINDS:
        raise ValueError(f"case-format.yaml: field {key}: unknown kind {kind!r}")
    to = spec.get("to")
    return Field(
        key=key,
        property=expand(spec["property"]),
        kind=kind,
        multi=bool(spec.get("multi", False)),
        required=bool(spec.get("required", False)),
        to=None if to in (None, "*") else tuple(to),
        scheme=expand(spec["scheme"]) if "scheme" in spec else None,
        personal=bool(spec.get("personal", False)),
        disjoint=spec.get("disjoint"),
        unknown_allowed=spec.get("unknown") == "allowed",
    )


def _section(key: str, spec: dict[str, Any]) -> Section:
    fields = {k: _field(k, v) for k, v in (spec.get("fields") or {}).items()}
    return Section(key=key, cls=expand(spec["class"]), fields=fields, product=bool(spec.get("product", False)))


@cache
def case_format() -> CaseFormat:
    """The format in force, parsed once."""
    text = (data_dir("ontology") / "case-format.yaml").read_text(encoding="utf-8")
    spec = yaml.load(text, Loader=safe_yaml_loader())
    return CaseFormat(
        version=spec["format_version"],
        reads_versions=tuple(spec["reads_versions"]),
        base_iri=spec["base_iri"],
        graph_iri=spec["graph_iri"],
        common={k: _field(k, v) for k, v in spec["common"].items()},
        study=_section("study", spec["study"]),
        sections={k: _section(k, v) for k, v in spec["sections"].items()},
    )


# --- JSON Schema --------------------------------------------------------------------------

_TEXT = {
    "anyOf": [
        {"type": "string", "minLength": 1, "pattern": NOT_BLANK},
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": LANG_PATTERN},
            "additionalProperties": {"type": "string", "minLength": 1, "pattern": NOT_BLANK},
        },
    ],
    "description": "text in the case's language, or {fr: ..., en: ...}",
}
_SOURCE_ITEM = {"type": ["string", "number"], "description": "a section number declared in study.sections"}


def _one(schema: dict[str, Any], multi: bool) -> dict[str, Any]:
    if not multi:
        return schema
    return {"anyOf": [schema, {"type": "array", "minItems": 1, "items": schema}]}


def _value_schema(field: Field) -> dict[str, Any]:
    if field.kind == "text":
        item: dict[str, Any] = dict(_TEXT)
    elif field.kind == "string":
        item = {"type": "string", "minLength": 1}
    elif field.kind == "integer":
        item = {"type": "integer", "minimum": 0}
    elif field.kind == "decimal":
        item = {"type": "number"}
    elif field.kind == "boolean":
        item = {"type": "boolean"}
    elif field.kind == "iri":
        item = {"type": "string", "pattern": IRI_PATTERN, "description": "an absolute http(s) IRI"}
    elif field.kind == "ref":
        targets = ", ".join(field.to) if field.to else "any section"
        item = {"type": "string", "pattern": ID_PATTERN, "description": f"id of an entity of: {targets}"}
    else:  # concept
        item = {"type": "string", "enum": sorted(field.concepts())}
    return _one(item, field.multi)


def _entity_schema(section: Section, fmt: CaseFormat, with_id: bool = True) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required = ["label"]
    if with_id:
        props["id"] = {"type": "string", "pattern": ID_PATTERN}
        required = ["id", "label", "source"]
        props["source"] = _one(_SOURCE_ITEM, True)
        props["quote"] = _one({"type": "string", "minLength": 1}, True)
        if section.fields:
            props["unknown"] = {
                "type": "array", "minItems": 1, "uniqueItems": True,
                "items": {"type": "string", "enum": list(section.fields)},
                "description": "the fields the study does not state for this entity (neither yes nor no)",
            }
    for key, field in fmt.fields_of(section).items():
        props[key] = _value_schema(field)
        # a field that may be declared unknown is checked with the cross-references (casefile.py)
        if field.required and not field.unknown_allowed and key not in required:
            required.append(key)
    return {
        "type": "object",
        "title": str(section.cls),
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


@ontology_cache
def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a YAML case file, for editors and for validation."""
    fmt = case_format()
    study = _entity_schema(fmt.study, fmt, with_id=False)
    study["properties"]["sections"] = {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "properties": {"number": _SOURCE_ITEM, "title": _TEXT},
            "required": ["number", "title"],
            "additionalProperties": False,
        },
    }
    study["required"].append("sections")
    properties: dict[str, Any] = {
        "graphmap": {"const": fmt.version, "description": f"case-file format version (graphmap reads {', '.join(map(str, fmt.reads_versions))}; `graphmap migrate` rewrites older files)"},
        "case": {"type": "string", "pattern": CASE_ID_PATTERN, "description": "the case id (an id other than `tools`)"},
        "language": {"type": "string", "pattern": LANG_PATTERN, "description": "language of the texts"},
        "study": study,
    }
    for key, section in fmt.sections.items():
        properties[key] = {"type": "array", "items": _entity_schema(section, fmt)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://w3id.org/graphmap/case-format/{fmt.version}/schema.json",
        "title": "graphmap case file",
        "type": "object",
        "properties": properties,
        "required": ["graphmap", "case", "language", "study"],
        "additionalProperties": False,
    }


# --- reference for docs/case-format.md ---------------------------------------------------

def _namespace_manager():
    from rdflib import Graph

    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    return graph.namespace_manager


_NAMESPACES = _namespace_manager()

def _kind_text(f: Field) -> str:
    if f.kind == "iri":
        text = "IRI (http or https)"
    elif f.kind == "ref":
        text = "id of " + (" / ".join(f.to) if f.to else "any entity")
    elif f.kind == "concept":
        text = "one of: " + ", ".join(f"`{n}`" for n in sorted(f.concepts()))
    else:
        text = f.kind
    return text + (" (list)" if f.multi else "") + ("; may name people (not checked for personal data)" if f.personal else "")


def format_reference() -> str:
    """The field reference of the case format, as Markdown (kept in docs/case-format.md)."""
    fmt = case_format()
    lines = ["<!-- generated from ontology/case-format.yaml by graphmap.model.caseformat.format_reference -->"]
    for section in [fmt.study, *fmt.sections.values()]:
        lines += ["", f"### `{section.key}` → `{section.cls.n3(_NAMESPACES)}`", ""]
        lines += ["| key | required | value | ontology term |", "|---|---|---|---|"]
        if section is not fmt.study:
            lines += [
                "| `id` | yes | lowercase id, unique in the file | `dcterms:identifier` |",
                "| `source` | yes | section number(s) declared in `study.sections` | `gm:source` |",
                "| `quote` | no | verbatim quote(s) | `gm:hasQuote` |",
            ]
            if section.fields:
                lines.append("| `unknown` | no | keys of this section's fields the study does not state (list) | `gm:notStated` |")
        else:
            lines.append("| `sections` | yes | list of `{number, title}`: the sections facts cite | `gm:SourceSection` |")
        for key, f in fmt.fields_of(section).items():
            term = f.property.n3(_NAMESPACES)
            required = "yes, or `unknown`" if f.unknown_allowed else "yes" if f.required else "no"
            lines.append(f"| `{key}` | {required} | {_kind_text(f)} | `{term}` |")
    return "\n".join(lines) + "\n"
