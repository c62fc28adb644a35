"""Case files written directly in RDF (Turtle or JSON-LD), for researchers who produce triples.

Such a file holds the same graph a YAML case gives: one ``gm:Study`` whose
``dcterms:identifier`` is the case id, and entities with IRIs under
``https://w3id.org/graphmap/id/<case>/`` (tools under ``.../id/tools/`` or ``.../id/ai_tools/``).
Syntax errors are reported with their line; the SHACL shapes then check the graph, each
violation located at the first line that names the entity.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from .casefile import Case, Entity, MAX_FILE_BYTES
from .caseformat import case_format
from .errors import CaseError, Problem
from .vocabulary import GM

__all__ = ["RDF_SUFFIXES", "read_rdf_case"]

RDF_SUFFIXES = {".ttl": "turtle", ".jsonld": "json-ld"}


def read_rdf_case(path: Path) -> tuple[Case, Graph, dict[URIRef, int]]:
    """Parse and check the frame of an RDF case file; return the case, its graph, and lines."""
    name = str(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CaseError([Problem(name, 1, "file", f"more than the {MAX_FILE_BYTES} bytes a case file may have")])
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise CaseError([Problem(name, 1, "file", f"not UTF-8 (byte at offset {exc.start}); save the file as UTF-8")]) from None
    syntax = RDF_SUFFIXES[path.suffix]
    graph = Graph()
    try:
        graph.parse(data=text, format=syntax)
    except json.JSONDecodeError as exc:
        raise CaseError([Problem(name, exc.lineno, "json-ld", f"malformed JSON: {exc.msg}")]) from None
    except Exception as exc:  # rdflib's parsers raise many kinds; all mean bad syntax here
        line = getattr(exc, "lines", None)
        match = re.search(r"at line (\d+)", str(exc))
        number = int(match.group(1)) if match else (line + 1 if isinstance(line, int) else 1)
        reason = re.search(r"Bad syntax \((.*?)\) at \^", str(exc))
        detail = reason.group(1) if reason else re.sub(r"\s+", " ", str(exc))[:160]
        raise CaseError([Problem(name, number, syntax, f"malformed {'Turtle' if syntax == 'turtle' else 'JSON-LD'}: {detail}")]) from None
    studies = [s for s in graph.subjects(RDF.type, GM.Study) if graph.value(s, DCTERMS.identifier) is not None]
    if len(studies) != 1:
        raise CaseError([Problem(name, 1, "study", "an RDF case holds exactly one gm:Study with a dcterms:identifier (the case id)")])
    case_id = str(graph.value(studies[0], DCTERMS.identifier))
    lines = text.splitlines()
    origin = {s: _first_line(lines, s) for s in set(graph.subjects()) if isinstance(s, URIRef)}
    fmt = case_format()
    own = f"{fmt.base_iri}{case_id}/"
    shared = tuple(f"{fmt.base_iri}{key}/" for key, section in fmt.sections.items() if section.shared)
    problems = [
        Problem(name, origin[s], str(s), f"not under {own}, where the entities of case {case_id!r} live (shared tools: {', '.join(shared)})")
        for s in sorted(origin) if not str(s).startswith((own, *shared))
    ]
    from .pgmapping import pg_mapping

    mapping = pg_mapping()
    known = set(mapping.rel_types) | set(mapping.node_props) | {RDF.type}
    for predicate in sorted(set(graph.predicates()) - known):
        problems.append(Problem(name, _first_line(lines, predicate), str(predicate), "not a property of the graphmap ontology"))
    for cls in sorted(set(graph.objects(None, RDF.type)) - set(mapping.labels)):
        problems.append(Problem(name, _first_line(lines, cls), str(cls), "not a class of the graphmap ontology"))
    if problems:
        raise CaseError(problems)
    case = Case(id=case_id, path=name, language="", study={}, sections={})
    for s in sorted(origin):
        ident = graph.value(s, DCTERMS.identifier)
        if ident is not None and s != studies[0]:
            case.entities[str(ident)] = Entity(str(graph.value(s, RDF.type)).rsplit("#", 1)[-1], str(ident), {}, origin[s])
    return case, graph, origin


def _first_line(lines: list[str], subject: URIRef) -> int:
    local = re.split(r"[#/]", str(subject))[-1]
    for number, line in enumerate(lines, start=1):
        if str(subject) in line:
            return number
    for number, line in enumerate(lines, start=1):
        if re.search(rf"[:/\"]{re.escape(local)}\b", line):
            return number
    return 1
