"""Where each field of a case goes in a spreadsheet: sheets, columns, headers in French and in English.

Everything is derived from the case format (``caseformat.case_format``): a section is a sheet, a
field a column, so a field or a section added to ``ontology/case-format.yaml`` appears in the
workbooks with no change here. Headers are the ontology's ``rdfs:label`` of the field's property
in the analyst's language (a few terms the ontology does not label are named below); the reader
accepts a header in either language, or the YAML key itself.

The study is one entity: its sheet lists the fields in rows (a field, its value); the sections
the facts cite are a sheet of their own. Each other sheet has one entity a row: id, label,
description, source sections, quotes, then the section's fields.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rdflib.namespace import DCTERMS, RDFS, SKOS

from graphmap.model.caseformat import CaseFormat, Field, Section, case_format, json_schema
from graphmap.model.vocabulary import ontology_cache, ontology_graph, text_in

__all__ = ["LANGS", "Column", "Sheet", "Layout", "layout", "normalise", "UNKNOWN_MARKERS", "unknown_marker",
           "supports_unknown", "unknown_fields", "TEXTS", "BOOLEAN_WORDS", "concept_label", "MULTI_SEPARATOR"]

LANGS = ("fr", "en")

# Sheet names (at most 31 characters, none of []:*?/\). A section missing here is named by the
# label of its class; the reader also accepts the section's YAML key.
_SHEET_NAMES = {
    "study": ("Étude", "Study"),
    "sections": ("Sections", "Sections"),
    "organisations": ("Organisations", "Organisations"),
    "units": ("Unités", "Units"),
    "sites": ("Sites", "Sites"),
    "roles": ("Métiers", "Roles"),
    "posts": ("Postes", "Posts"),
    "tasks": ("Tâches", "Tasks"),
    "tools": ("Outils", "Tools"),
    "ai_tools": ("Outils d'IA", "AI tools"),
    "capsules": ("Capsules", "Capsules"),
    "usages": ("Usages", "Usages"),
    "non_usages": ("Non-usages", "Non-usages"),
    "non_usage_reasons": ("Raisons de non-usage", "Non-usage reasons"),
    "constraints": ("Contraintes", "Constraints"),
    "support_measures": ("Accompagnement", "Support measures"),
    "non_ai_improvements": ("Améliorations non-IA", "Non-AI improvements"),
    "risks": ("Risques", "Risks"),
    "success_conditions": ("Conditions de réussite", "Success conditions"),
    "cultural_brakes": ("Freins culturels", "Cultural brakes"),
    "lessons": ("Enseignements", "Lessons"),
    "recommendations": ("Recommandations", "Recommendations"),
    "maturity_assessments": ("Maturité", "Maturity assessments"),
    "maturity_indicators": ("Indicateurs de maturité", "Maturity indicators"),
    "interviews": ("Entretiens", "Interviews"),
    "help": ("Aide", "Help"),
    "lists": ("Listes", "Lists"),
}

# Headers of the keys that are no property of the ontology, or whose property it does not label.
_HEADERS = {
    "id": ("identifiant", "id"),
    "label": ("libellé", "label"),
    "description": ("description", "description"),
    "source": ("sections sources", "source sections"),
    "quote": ("citations", "quotes"),
    "case": ("identifiant du cas", "case id"),
    "language": ("langue", "language"),
    "number": ("numéro", "number"),
    "title": ("titre", "title"),
}

# Headers of the properties the ontology takes from other vocabularies and does not label itself.
_PROPERTY_HEADERS = {
    RDFS.label: ("libellé", "label"),
    DCTERMS.description: ("description", "description"),
    DCTERMS.publisher: ("publié par", "publisher"),
    DCTERMS.date: ("date", "date"),
    DCTERMS.creator: ("auteur", "creator"),
    DCTERMS.title: ("titre", "title"),
    SKOS.closeMatch: ("correspondance proche", "close match"),
    SKOS.exactMatch: ("correspondance exacte", "exact match"),
    SKOS.broadMatch: ("correspondance plus large", "broad match"),
    SKOS.narrowMatch: ("correspondance plus étroite", "narrow match"),
}

# Fixed texts of the workbook, by language.
TEXTS = {
    "fr": {
        "field": "champ", "value": "valeur", "sheet": "feuille", "column": "colonne", "key": "clé YAML",
        "kind": "nature", "required": "obligatoire", "multi": "plusieurs valeurs", "allowed": "valeurs admises",
        "meaning": "signification", "yes": "oui", "no": "non",
        "text": "texte", "string": "texte court", "integer": "nombre entier (0 ou plus)", "decimal": "nombre décimal",
        "boolean": "oui / non", "iri": "adresse http(s) d'une classification (ESCO, ROME, O*NET...)",
        "ref": "identifiant d'une ligne de : {targets}", "concept": "un code de la liste", "source_kind": "numéro(s) de la feuille {sections}",
        "id_kind": "minuscules, chiffres et '-', unique dans le classeur", "quote_kind": "citation(s) mot pour mot",
        "several_ids": "séparez les valeurs par ; ou un retour à la ligne",
        "several_texts": "une valeur par ligne (Alt+Entrée dans la cellule)",
        "unknown": "« {marker} » (ou ?) : l'entretien ne le dit pas",
        "unknown_v1": "(le format en vigueur ne permet pas encore « non précisé » : laissez la cellule vide)",
        "languages": "Une colonne « en-tête [en] » donne le texte dans une autre langue que celle du cas.",
        "prompt_multi": "Plusieurs valeurs : séparez-les par ;",
        "error_title": "Valeur hors liste", "error_list": "Choisissez une valeur de la liste (voir la feuille {help}).",
        "intro": "Une feuille par type d'entité ; une ligne par entité. Les en-têtes marqués * sont obligatoires. "
                 "N'insérez pas de ligne vide entre deux entités. Les cellules doivent contenir des valeurs, pas des formules. "
                 "`graphmap workbook read` transforme ce classeur en fichier de cas (YAML).",
    },
    "en": {
        "field": "field", "value": "value", "sheet": "sheet", "column": "column", "key": "YAML key",
        "kind": "kind", "required": "required", "multi": "several values", "allowed": "allowed values",
        "meaning": "meaning", "yes": "yes", "no": "no",
        "text": "text", "string": "short text", "integer": "whole number (0 or more)", "decimal": "decimal number",
        "boolean": "yes / no", "iri": "http(s) address in a classification (ESCO, ROME, O*NET...)",
        "ref": "id of a row of: {targets}", "concept": "a code of the list", "source_kind": "number(s) from the sheet {sections}",
        "id_kind": "lowercase letters, digits and '-', unique in the workbook", "quote_kind": "verbatim quote(s)",
        "several_ids": "separate values with ; or a line break",
        "several_texts": "one value a line (Alt+Enter in the cell)",
        "unknown": "\"{marker}\" (or ?): the interview does not say",
        "unknown_v1": "(the format in force cannot say \"not stated\" yet: leave the cell empty)",
        "languages": "A column \"header [fr]\" gives the text in a language other than the case's.",
        "prompt_multi": "Several values: separate them with ;",
        "error_title": "Not in the list", "error_list": "Choose a value of the list (see the sheet {help}).",
        "intro": "One sheet per kind of entity; one row per entity. Headers marked * are required. "
                 "Leave no empty row between two entities. Cells hold values, not formulas. "
                 "`graphmap workbook read` turns this workbook into a case file (YAML).",
    },
}

BOOLEAN_WORDS = {"oui": True, "non": False, "yes": True, "no": False, "true": True, "false": False,
                 "vrai": True, "faux": False}

UNKNOWN_MARKERS = {"fr": "non précisé", "en": "not stated"}
"""What a cell says when the interview does not say: the reader turns it into ``unknown: [field]``."""

MULTI_SEPARATOR = re.compile(r"\s*[;\n]\s*")


def unknown_marker(lang: str) -> str:
    return UNKNOWN_MARKERS.get(lang, UNKNOWN_MARKERS["en"])


def normalise(text: str) -> str:
    """A header or sheet name as the reader compares it: case, accents, spaces, a trailing * ignored."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    text = text.replace("’", "'").strip().rstrip("*").strip().casefold()
    return re.sub(r"[\s_]+", " ", text)


def _unknown_markers_normalised() -> set[str]:
    return {"?", *(normalise(m) for m in UNKNOWN_MARKERS.values()), "unknown", "inconnu", "non precise"}


def is_unknown(value) -> bool:
    return isinstance(value, str) and normalise(value) in _unknown_markers_normalised()


__all__.append("is_unknown")


@ontology_cache
def unknown_fields(section: str) -> frozenset[str]:
    """The fields an entity of ``section`` may list in ``unknown: [...]`` under the format in force
    (none before format 2): what a "not stated" cell may stand for."""
    schema = json_schema()["properties"].get(section, {})
    props = schema.get("properties") or schema.get("items", {}).get("properties") or {}
    unknown = props.get("unknown")
    if not unknown:
        return frozenset()
    items = unknown.get("items", {})
    return frozenset(items.get("enum") or (k for k in props if k not in ("id", "source", "quote", "unknown")))


def supports_unknown(section: str) -> bool:
    """Whether the format in force lets an entity of ``section`` (or the study) say ``unknown: [field]``."""
    return bool(unknown_fields(section))


@dataclass(frozen=True)
class Column:
    key: str  # the YAML key: id, label, source, quote, or a field of the format
    headers: tuple[str, str]  # (fr, en)
    kind: str  # text, string, integer, decimal, boolean, ref, concept, iri, or: id, source, quote
    multi: bool = False
    required: bool = False
    field: Field | None = None
    definitions: tuple[str | None, str | None] = (None, None)

    def header(self, lang: str) -> str:
        return self.headers[LANGS.index(lang) if lang in LANGS else 1] + (" *" if self.required else "")


@dataclass(frozen=True)
class Sheet:
    key: str  # study, sections, or a section of the format
    names: tuple[str, str]  # (fr, en)
    columns: tuple[Column, ...]
    section: Section | None = None
    vertical: bool = False  # the study: one field a row

    def name(self, lang: str) -> str:
        return self.names[LANGS.index(lang) if lang in LANGS else 1]

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    @property
    def aliases(self) -> dict[str, str]:
        """Normalised header (either language, or the key) -> key; a name two columns share is left out."""
        found: dict[str, set[str]] = {}
        for column in self.columns:
            for name in (*column.headers, column.key, column.key.replace("_", " ")):
                found.setdefault(normalise(name), set()).add(column.key)
        return {name: next(iter(keys)) for name, keys in found.items() if len(keys) == 1}


@dataclass(frozen=True)
class Layout:
    fmt: CaseFormat
    sheets: tuple[Sheet, ...]
    help_names: tuple[str, str] = field(default=_SHEET_NAMES["help"])
    lists_names: tuple[str, str] = field(default=_SHEET_NAMES["lists"])

    def sheet(self, key: str) -> Sheet:
        return next(s for s in self.sheets if s.key == key)

    def by_name(self) -> dict[str, Sheet | None]:
        """Normalised sheet name (either language, or the key) -> sheet; help and lists map to None."""
        names: dict[str, Sheet | None] = {}
        for name in (*self.help_names, *self.lists_names, "help", "lists"):
            names[normalise(name)] = None
        for sheet in self.sheets:
            for name in (*sheet.names, sheet.key, sheet.key.replace("_", " ")):
                names.setdefault(normalise(name), sheet)
        return names


def _label(term, lang: str) -> str | None:
    return text_in(ontology_graph(), term, RDFS.label, lang)


def _definition(term, lang: str) -> str | None:
    return text_in(ontology_graph(), term, SKOS.definition, lang)


def concept_label(f: Field, notation: str, lang: str) -> str:
    """The preferred label of a concept of ``f``'s scheme in ``lang`` (its notation when it has none)."""
    concept = f.concepts().get(notation)
    return (text_in(ontology_graph(), concept, SKOS.prefLabel, lang) if concept is not None else None) or notation


def _field_column(key: str, f: Field) -> Column:
    headers = tuple(_label(f.property, lang) or _PROPERTY_HEADERS.get(f.property, (None, None))[i] or key.replace("_", " ")
                    for i, lang in enumerate(LANGS))
    return Column(key, headers, f.kind, f.multi, f.required, f, tuple(_definition(f.property, lang) for lang in LANGS))


def _unique(columns: list[Column]) -> tuple[Column, ...]:
    """Two fields whose properties share a label get their key after it: ``perimeter (perimeter)``."""
    out = []
    for column in columns:
        headers = tuple(
            h if sum(normalise(c.headers[i]) == normalise(h) for c in columns) == 1 else f"{h} ({column.key})"
            for i, h in enumerate(column.headers))
        out.append(Column(column.key, headers, column.kind, column.multi, column.required, column.field, column.definitions))
    return tuple(out)


def _sheet_names(key: str, cls) -> tuple[str, str]:
    if key in _SHEET_NAMES:
        return _SHEET_NAMES[key]
    names = []
    for lang in LANGS:
        text = _label(cls, lang) or key.replace("_", " ")
        text = re.sub(r"[\[\]:*?/\\]", " ", text[:1].upper() + text[1:])[:31].strip()
        names.append(text)
    return tuple(names)


@ontology_cache
def layout() -> Layout:
    """The sheets and columns of a case workbook under the format in force."""
    fmt = case_format()
    sheets = []
    study_columns = [Column("case", _HEADERS["case"], "case", required=True),
                     Column("language", _HEADERS["language"], "language", required=True)]
    study_columns += [_field_column(k, f) for k, f in fmt.fields_of(fmt.study).items()]
    sheets.append(Sheet("study", _sheet_names("study", fmt.study.cls), _unique(study_columns), fmt.study, vertical=True))
    sheets.append(Sheet("sections", _SHEET_NAMES["sections"], (
        Column("number", _HEADERS["number"], "section", required=True),
        Column("title", _HEADERS["title"], "text", required=True))))
    for key, section in fmt.sections.items():
        columns = [Column("id", _HEADERS["id"], "id", required=True)]
        fields = fmt.fields_of(section)
        columns.append(_field_column("label", fields.pop("label")))
        if "description" in fields:
            columns.append(_field_column("description", fields.pop("description")))
        columns += [Column("source", _HEADERS["source"], "source", multi=True, required=True),
                    Column("quote", _HEADERS["quote"], "quote", multi=True)]
        columns += [_field_column(k, f) for k, f in fields.items()]
        sheets.append(Sheet(key, _sheet_names(key, section.cls), _unique(columns), section))
    # Sheet names must differ in a workbook whatever the case: a clash is named by its key.
    seen: set[str] = set()
    unique = []
    for sheet in sheets:
        names = tuple(n if normalise(n) not in seen else sheet.key[:31] for n in sheet.names)
        seen.update(normalise(n) for n in names)
        unique.append(Sheet(sheet.key, names, sheet.columns, sheet.section, sheet.vertical))
    return Layout(fmt, tuple(unique))
