"""The ontology, its controlled vocabularies and the rubric, read once from ``ontology/``.

Code never retypes the ontology's terms: it asks this module for the graph, a namespace or
the concept a notation names in a scheme.

A barometer may add concepts of its own to the open schemes (``extension.py`` reads and checks
its file): once put in force (``put_in_force``), they are part of ``ontology_graph`` and of every
answer derived from it. What is derived from the ontology is cached with ``ontology_cache``, so
that a change of the concepts in force empties every such cache at once.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from graphmap.model.oxterms import turtle_graph
from graphmap.resources import data_dir

__all__ = [
    "GM", "GMV", "ORG", "SCHEMA", "PREFIXES", "ONTOLOGY_FILES", "RUBRIC_FILE",
    "ontology_graph", "shipped_ontology_graph", "vocabularies_graph", "rubric_graph", "expand", "scheme_concepts",
    "concept_labels", "ontology_cache", "put_in_force", "extension_in_force",
]

GM = Namespace("https://w3id.org/graphmap/ontology#")
GMV = Namespace("https://w3id.org/graphmap/vocab/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")

PREFIXES: dict[str, str] = {
    "gm": str(GM), "gmv": str(GMV), "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL),
    "xsd": str(XSD), "skos": str(SKOS), "dcterms": str(DCTERMS), "prov": str(PROV),
    "org": str(ORG), "schema": str(SCHEMA),
}

ONTOLOGY_FILES = ("graphmap.ttl", "vocabularies.ttl")
RUBRIC_FILE = "rubric.ttl"


def _bind(graph: Graph) -> Graph:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    return graph


_ONTOLOGY_CACHES: list = []
_EXTENSION: list[Graph | None] = [None]  # a barometer's own concepts in force (a graph), or none


def ontology_cache(function):
    """``functools.cache`` for what is derived from the ontology: emptied when the concepts in
    force change (``put_in_force``)."""
    cached = cache(function)
    _ONTOLOGY_CACHES.append(cached)
    return cached


def put_in_force(extension: Graph | None) -> None:
    """Make a barometer's concepts (a graph checked by ``extension.read_vocabulary``) part of the
    ontology for what follows, or, with None, only the ontology's own."""
    if extension is not None and not len(extension):
        extension = None
    current = _EXTENSION[0]
    if current is extension or (current is not None and extension is not None and set(current) == set(extension)):
        return
    _EXTENSION[0] = extension
    for cached in _ONTOLOGY_CACHES:
        cached.cache_clear()


def extension_in_force() -> Graph | None:
    return _EXTENSION[0]


@cache
def shipped_ontology_graph() -> Graph:
    """The ontology and its SKOS vocabularies as shipped (parsed once)."""
    graph = _bind(Graph())
    for name in ONTOLOGY_FILES:
        turtle_graph(graph, data_dir("ontology") / name)
    return graph


@ontology_cache
def ontology_graph() -> Graph:
    """The ontology and its SKOS vocabularies as one rdflib graph, with the concepts a barometer
    added if any are in force."""
    extension = _EXTENSION[0]
    if extension is None:
        return shipped_ontology_graph()
    graph = _bind(Graph())
    for triple in shipped_ontology_graph():
        graph.add(triple)
    for triple in extension:
        graph.add(triple)
    return graph


@cache
def vocabularies_graph() -> Graph:
    """The SKOS vocabularies alone (what Neo4j needs besides the cases)."""
    return turtle_graph(_bind(Graph()), data_dir("ontology") / "vocabularies.ttl")


@ontology_cache  # its characteristics are checked against the concepts in force
def _rubric(path: str) -> Graph:
    from graphmap.errors import CaseError, ConfigError, Problem

    try:
        text = Path(path).read_text(encoding="utf-8")
    except IsADirectoryError:
        raise ConfigError(f"--rubric {path}: is a folder, not a rubric file (Turtle)") from None
    except FileNotFoundError:
        raise ConfigError(f"--rubric {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"--rubric {path}: cannot be read: {getattr(exc, 'strerror', None) or 'not UTF-8'}") from None
    try:
        graph = _bind(Graph()).parse(data=text, format="turtle")
    except Exception as exc:  # rdflib's Turtle parser raises many kinds; all mean bad syntax
        found = re.search(r"at line (\d+)", str(exc))
        detail = re.sub(r"\s+", " ", str(exc))[:160]
        raise CaseError([Problem(path, int(found.group(1)) if found else 1, "turtle", f"malformed Turtle: {detail}")]) from None
    problems = [Problem(path, _line_naming(text, predicate, subject), field, message)
                for predicate, field, message, subject in _rubric_problems(graph)]
    if problems:
        raise CaseError(problems)
    return graph


def _rubric_problems(graph: Graph) -> list[tuple[URIRef, str, str, URIRef | None]]:
    """``(predicate, field, message, subject)`` for each value the rule could not compute with."""
    problems = []
    rubrics = list(graph.subjects(RDF.type, GM.Rubric))
    if len(rubrics) != 1:
        return [(GM.Rubric, "rubric", f"a rubric file describes exactly one gm:Rubric ({len(rubrics)} found)", None)]
    thresholds = list(graph.objects(rubrics[0], GM.threshold))
    if len(thresholds) != 1 or not _is_number(thresholds[0]) or not 0 <= thresholds[0].toPython() <= 1:
        shown = ", ".join(repr(str(t)) for t in thresholds) or "none"
        problems.append((GM.threshold, "threshold", f"{shown}: the threshold is one number from 0 to 1 (such as 0.55)", None))
    for criterion in graph.objects(rubrics[0], GM.criterion):
        weights = list(graph.objects(criterion, GM.weight))
        if len(weights) != 1 or not _is_number(weights[0]) or weights[0].toPython() < 0:
            shown = ", ".join(repr(str(w)) for w in weights) or "none"
            problems.append((GM.weight, f"{criterion.n3(graph.namespace_manager)}.weight",
                             f"{shown}: a criterion's weight is one number, 0 or more (such as 2)", criterion))
    known = set(scheme_concepts(GMV.TaskCharacteristics).values())
    for kind, predicate in (("criterion", GM.criterion), ("blocking condition", GM.blockingCondition)):
        for item in graph.objects(rubrics[0], predicate):
            name = item.n3(graph.namespace_manager)
            found = list(graph.objects(item, GM.characteristic))
            if len(found) != 1:
                problems.append((GM.characteristic, f"{name}.characteristic",
                                 f"a {kind} looks at exactly one task characteristic ({len(found)} given)", item))
            elif found[0] not in known:
                problems.append((GM.characteristic, f"{name}.characteristic",
                                 f"{found[0].n3(graph.namespace_manager)} is not a task characteristic of gmv:TaskCharacteristics", item))
    if not problems and not sum(w.toPython() for c in graph.objects(rubrics[0], GM.criterion) for w in graph.objects(c, GM.weight)):
        problems.append((GM.weight, "weight", "the criteria's weights add up to 0: no score could be computed", None))
    return problems


def _is_number(node) -> bool:
    return isinstance(node, Literal) and isinstance(node.toPython(), (int, float, Decimal)) and not isinstance(node.toPython(), bool)


def _line_naming(text: str, predicate: URIRef, subject: URIRef | None = None) -> int:
    """The first line that names ``predicate`` (prefixed or whole), after the line that starts
    the description of ``subject`` if given; else that line, else 1."""
    local = re.split(r"[#/]", str(predicate))[-1]
    lines = text.split("\n")
    start = 0
    if subject is not None:
        name = re.split(r"[#/]", str(subject))[-1]
        start = next((i for i, line in enumerate(lines) if re.match(rf"\s*(\S*[:/#])?{re.escape(name)}>?\s", line)), 0)
    for number, line in enumerate(lines[start:], start=start + 1):
        if re.search(rf"[:#]{re.escape(local)}\b", line):
            return number
        if subject is not None and line.split("#", 1)[0].rstrip().endswith("."):
            break  # the end of the subject's description: the line that starts it
    return start + 1


def rubric_graph(path: Path | None = None) -> Graph:
    """The standardisability rubric: the default one, or the file an analyst gives (checked:
    a threshold that is not a number would leave every verdict blank, silently)."""
    return _rubric(str(path or data_dir("ontology") / RUBRIC_FILE))


def expand(curie: str) -> URIRef:
    """``"gm:Task"`` -> the full IRI; raises ``KeyError`` for an unknown prefix."""
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local)


@ontology_cache
def scheme_concepts(scheme: URIRef) -> dict[str, URIRef]:
    """Notation -> concept IRI for every concept of a SKOS scheme."""
    graph = ontology_graph()
    return {
        str(graph.value(concept, SKOS.notation)): concept
        for concept in graph.subjects(SKOS.inScheme, scheme)
    }


@ontology_cache
def concept_labels(scheme: str, lang: str) -> dict[str, str]:
    """Notation -> preferred label in ``lang`` for every concept of the SKOS scheme ``scheme``."""
    graph = ontology_graph()
    return {notation: text_in(graph, concept, SKOS.prefLabel, lang) or notation
            for notation, concept in scheme_concepts(GMV[scheme]).items()}


def text_in(graph, subject, predicate, lang: str) -> str | None:
    """The text of ``subject predicate`` in ``lang``, else in English, else None: how every
    label and definition of the ontology is chosen for a reader."""
    texts = {lit.language: str(lit) for lit in graph.objects(subject, predicate) if isinstance(lit, Literal)}
    return texts.get(lang) or texts.get("en")
