"""A barometer's own concepts: a vocabulary file read and checked before it is put in force.

graphmap's vocabularies are SKOS schemes; those marked ``gm:extensible`` are open, and a
barometer adds concepts to them in a Turtle file of its own (``graphmap load --vocabulary
FILE``), kept in the store beside the cases, like the rubric. A concept of such a file has its
own IRI (never in graphmap's namespaces), one scheme, one notation (what case files type),
a preferred label in French and in English, and may say a definition, a broader concept of the
same scheme and its matches in other vocabularies; nothing else, so that a vocabulary file can
never change graphmap's own terms. Every problem is one located line (``file:line: field:
message``).
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from graphmap.errors import CaseError, ConfigError, Problem, shown_name
from graphmap.model.vocabulary import GM, PREFIXES, _line_naming, ontology_graph, shipped_ontology_graph, text_in

__all__ = ["read_vocabulary", "open_schemes", "growth_problems", "concept_rows", "scheme_names", "EXAMPLE_FILE",
           "MAX_VOCABULARY_BYTES"]

EXAMPLE_FILE = "vocabulary-example.ttl"
MAX_VOCABULARY_BYTES = 4 * 1024 * 1024  # thousands of concepts; a larger file is a mistake
NOTATION = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
LANGUAGES = ("fr", "en")  # every concept is shown in both: graphmap's reports are bilingual
# What a concept may say: what the ontology declares, so that both stores keep all of it (Neo4j
# keeps one text per language and property; links are relationships).
TEXTS = (SKOS.prefLabel, SKOS.definition, SKOS.example)
LINKS = (SKOS.broader, SKOS.exactMatch, SKOS.closeMatch)
ALLOWED = {RDF.type, SKOS.inScheme, SKOS.notation, DCTERMS.source, *TEXTS, *LINKS}
OURS = ("https://w3id.org/graphmap/",)


def open_schemes() -> dict[URIRef, dict[str, URIRef]]:
    """Each open scheme (``gm:extensible true``) -> its own concepts (notation -> IRI)."""
    graph = shipped_ontology_graph()
    out: dict[URIRef, dict[str, URIRef]] = {}
    for scheme in graph.subjects(GM.extensible, Literal(True)):
        out[scheme] = {str(graph.value(c, SKOS.notation)): c for c in graph.subjects(SKOS.inScheme, scheme)}
    return out


def _closed_schemes() -> set[URIRef]:
    graph = shipped_ontology_graph()
    return set(graph.subjects(RDF.type, SKOS.ConceptScheme)) - set(open_schemes())


def read_vocabulary(path: Path, option: str = "--vocabulary") -> Graph:
    """The concepts of a barometer's vocabulary file, checked; ``CaseError`` (located problems)
    or ``ConfigError`` (a file that cannot be read) otherwise."""
    name = shown_name(path)
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise ConfigError(f"{option} {name}: is a folder, not a vocabulary file (Turtle)")
        if not stat.S_ISREG(mode):
            raise ConfigError(f"{option} {name}: is not a regular file (a pipe or a device); give a vocabulary file (Turtle)")
        with open(path, "rb") as handle:
            data = handle.read(MAX_VOCABULARY_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(f"{option} {name}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{option} {name}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_VOCABULARY_BYTES:
        raise CaseError([Problem(str(path), 1, "file", f"more than {MAX_VOCABULARY_BYTES} bytes: not a vocabulary file")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise CaseError([Problem(str(path), line, "file", f"not UTF-8 text (byte {exc.start}): a vocabulary file is Turtle")]) from None
    if "\x00" in text:
        raise CaseError([Problem(str(path), text[:text.index("\x00")].count("\n") + 1, "file",
                                 "a NUL byte: a binary file, not a vocabulary file (Turtle)")])
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    try:
        graph.parse(data=text, format="turtle")
    except Exception as exc:  # rdflib's Turtle parser raises many kinds; all mean bad syntax
        found = re.search(r"at line (\d+)", str(exc))
        detail = re.sub(r"\s+", " ", str(exc))[:160]
        raise CaseError([Problem(str(path), int(found.group(1)) if found else 1, "turtle", f"malformed Turtle: {detail}")]) from None
    problems = [Problem(str(path), _line_naming(text, predicate, subject) if subject is not None else 1, field, message)
                for subject, predicate, field, message in vocabulary_problems(graph)]
    if problems:
        raise CaseError(sorted(set(problems)))
    return graph


def vocabulary_problems(graph: Graph) -> list[tuple[URIRef | None, URIRef, str, str]]:
    """``(subject, predicate, field, message)`` for each thing a vocabulary file may not say."""
    problems: list[tuple[URIRef | None, URIRef, str, str]] = []
    schemes = open_schemes()
    closed = _closed_schemes()
    subjects = set(graph.subjects())
    if not subjects:
        return [(None, SKOS.Concept, "concepts", "no concept: a vocabulary file describes one skos:Concept or more")]
    notations: dict[tuple[URIRef, str], URIRef] = {}
    for subject in sorted(subjects, key=str):
        shown = _shown(graph, subject)
        if not isinstance(subject, URIRef):
            problems.append((None, RDF.type, "concept", "a blank node: give each concept an IRI of the barometer's own"))
            continue
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", str(subject)):
            problems.append((subject, RDF.type, shown, "a concept's IRI is an http(s) address"))
        if str(subject).startswith(OURS):
            problems.append((subject, RDF.type, shown, "is in graphmap's own namespace: a barometer's concepts have its "
                                                       "own IRIs (such as https://example.org/my-barometer/vocab/...)"))
            continue
        for predicate in sorted(set(graph.predicates(subject)) - ALLOWED, key=str):
            problems.append((subject, predicate, f"{shown}.{_shown(graph, predicate)}",
                             "not something a barometer's concept may say (its type, scheme, notation, labels, "
                             "definition, example, broader concept, exact and close matches, source)"))
        types = set(graph.objects(subject, RDF.type))
        if types != {SKOS.Concept}:
            problems.append((subject, RDF.type, f"{shown}.type", "a vocabulary file describes concepts only "
                                                                 "(a skos:Concept, and no other type)"))
        in_schemes = list(graph.objects(subject, SKOS.inScheme))
        scheme = in_schemes[0] if len(in_schemes) == 1 else None
        if len(in_schemes) != 1:
            problems.append((subject, SKOS.inScheme, f"{shown}.inScheme",
                             f"a concept is in exactly one scheme ({len(in_schemes)} given); open schemes: {_names(graph, schemes)}"))
        elif scheme in closed:
            problems.append((subject, SKOS.inScheme, f"{shown}.inScheme",
                             f"{_shown(graph, scheme)} is closed: graphmap's rules read its values; open schemes: {_names(graph, schemes)}"))
            scheme = None
        elif scheme not in schemes:
            problems.append((subject, SKOS.inScheme, f"{shown}.inScheme",
                             f"{_shown(graph, scheme)} is not one of graphmap's vocabularies; open schemes: {_names(graph, schemes)}"))
            scheme = None
        found = list(graph.objects(subject, SKOS.notation))
        if len(found) != 1 or not isinstance(found[0], Literal) or found[0].language or found[0].datatype:
            problems.append((subject, SKOS.notation, f"{shown}.notation",
                             f"a concept has exactly one notation, a plain text such as \"noise\" ({len(found)} given)"))
        elif not NOTATION.fullmatch(str(found[0])):
            problems.append((subject, SKOS.notation, f"{shown}.notation",
                             f"{str(found[0])[:80]!r}: a notation is lowercase letters, digits and '-' (at most 80), as case files type it"))
        elif scheme is not None:
            notation = str(found[0])
            if notation in schemes[scheme]:
                problems.append((subject, SKOS.notation, f"{shown}.notation",
                                 f"{notation!r} is already in {_shown(graph, scheme)} ({_shown(graph, schemes[scheme][notation])})"))
            elif (scheme, notation) in notations:
                problems.append((subject, SKOS.notation, f"{shown}.notation",
                                 f"{notation!r} is also the notation of {_shown(graph, notations[(scheme, notation)])} in this file"))
            else:
                notations[(scheme, notation)] = subject
        problems += _text_problems(graph, subject, shown)
        sources = list(graph.objects(subject, DCTERMS.source))
        if len(sources) > 1 or any(not isinstance(v, Literal) or not str(v).strip() or CONTROL.search(str(v)) for v in sources):
            problems.append((subject, DCTERMS.source, f"{shown}.source", "at most one source, a text (such as a study and its section)"))
        for predicate in LINKS:
            for target in graph.objects(subject, predicate):
                if not isinstance(target, URIRef):
                    problems.append((subject, predicate, f"{shown}.{_local(predicate)}", "links to an IRI, not a text"))
        for broader in graph.objects(subject, SKOS.broader):
            mine = set(graph.objects(broader, SKOS.inScheme)) or set(shipped_ontology_graph().objects(broader, SKOS.inScheme))
            if scheme is not None and mine != {scheme}:
                problems.append((subject, SKOS.broader, f"{shown}.broader",
                                 f"{_shown(graph, broader)} is not a concept of {_shown(graph, scheme)}"))
    problems += _cycles(graph)
    return problems


def _text_problems(graph: Graph, subject: URIRef, shown: str) -> list:
    problems = []
    for predicate in TEXTS:
        values = list(graph.objects(subject, predicate))
        field = f"{shown}.{_local(predicate)}"
        for value in values:
            if not isinstance(value, Literal) or not value.language:
                problems.append((subject, predicate, field, "a text with its language, such as \"bruit\"@fr"))
            elif not str(value).strip() or CONTROL.search(str(value)):
                problems.append((subject, predicate, field, "an empty text, or one with control characters"))
        if values:
            languages = [v.language for v in values if isinstance(v, Literal) and v.language]
            twice = sorted({lang for lang in languages if languages.count(lang) > 1})
            if twice:
                problems.append((subject, predicate, field, f"more than one in {', '.join(twice)}"))
            missing = [lang for lang in LANGUAGES if lang not in languages]
            if predicate == SKOS.prefLabel and missing:
                problems.append((subject, predicate, field, f"no label in {' and '.join(missing)}: every concept is "
                                                            "labelled in French and English (\"...\"@fr, \"...\"@en)"))
    return problems


def _cycles(graph: Graph) -> list:
    """A concept broader than itself, through the file's own concepts."""
    problems = []
    for start in set(graph.subjects(SKOS.broader, None)):
        seen, node = {start}, start
        while True:
            nexts = list(graph.objects(node, SKOS.broader))
            if len(nexts) != 1:
                break
            node = nexts[0]
            if node == start:
                problems.append((start, SKOS.broader, f"{_shown(graph, start)}.broader", "a cycle: a concept ends up broader than itself"))
                break
            if node in seen:
                break
            seen.add(node)
    return problems


def growth_problems(stored: Graph | None, new: Graph | None, path: Path) -> list[Problem]:
    """What a new vocabulary file would take away from the one a store holds: its cases may use
    every concept of it, so a barometer's vocabulary only grows (its labels and definitions may
    change; a concept keeps its IRI, scheme and notation)."""
    if stored is None or not len(stored):
        return []
    new = new if new is not None else Graph()
    problems = []
    for concept in sorted(set(stored.subjects(RDF.type, SKOS.Concept)), key=str):
        was = (stored.value(concept, SKOS.inScheme), stored.value(concept, SKOS.notation))
        now = (new.value(concept, SKOS.inScheme), new.value(concept, SKOS.notation))
        if was != now:
            scheme = str(was[0]).rsplit("/", 1)[-1]
            change = "is missing" if now == (None, None) else f"is now {str(now[0]).rsplit('/', 1)[-1]} {str(now[1])!r}"
            problems.append(Problem(str(path), 1, "concepts", f"{concept} ({scheme} {str(was[1])!r}, in the store's vocabulary) "
                                    f"{change}: the store's cases may use it; a barometer's vocabulary only grows "
                                    "(keep it as it was, or load the cases into a new store)"))
    return problems


def _local(predicate: URIRef) -> str:
    return re.split(r"[#/]", str(predicate))[-1]


def _shown(graph: Graph, term) -> str:
    try:
        return term.n3(graph.namespace_manager) if isinstance(term, URIRef) else str(term)
    except Exception:  # an IRI no prefix can shorten
        return f"<{term}>"


def _names(graph: Graph, schemes) -> str:
    return ", ".join(sorted(_shown(graph, s) for s in schemes))


def concept_rows(scheme: str | None = None, added_only: bool = False) -> list[dict]:
    """Every concept in force (graphmap's and the barometer's), one row each, by scheme and
    notation: what a case file may type."""
    graph = ontology_graph()
    shipped = shipped_ontology_graph()
    open_ = set(open_schemes())
    rows = []
    for concept, in_scheme in graph.subject_objects(SKOS.inScheme):
        name = str(in_scheme).rsplit("/", 1)[-1]
        if scheme is not None and name != scheme:
            continue
        added = (concept, RDF.type, SKOS.Concept) not in shipped
        if added_only and not added:
            continue
        rows.append({"scheme": name, "notation": str(graph.value(concept, SKOS.notation) or ""),
                     "label_fr": text_in(graph, concept, SKOS.prefLabel, "fr") or "",
                     "label_en": text_in(graph, concept, SKOS.prefLabel, "en") or "",
                     "added_by": "barometer" if added else "graphmap",
                     "open": "yes" if in_scheme in open_ else "no", "iri": str(concept)})
    return sorted(rows, key=lambda r: (r["scheme"], r["added_by"] != "graphmap", r["notation"]))


def scheme_names() -> list[str]:
    return sorted(str(s).rsplit("/", 1)[-1] for s in shipped_ontology_graph().subjects(RDF.type, SKOS.ConceptScheme))
