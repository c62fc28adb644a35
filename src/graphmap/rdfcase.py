"""Case files written directly in RDF (Turtle or JSON-LD), for researchers who produce triples.

Such a file holds the same graph a YAML case gives: one ``gm:Study`` whose
``dcterms:identifier`` is the case id (the same rule as in YAML), entities with IRIs under
``https://w3id.org/graphmap/id/<case>/``, and the products its tools point to
(``.../id/_product/<id>``), on which it may say nothing but their type and identifier.
Files of graphmap 0.1, whose tools lived under ``.../id/tools/`` or ``.../id/ai_tools/`` shared
by every case, are read as today's: each such tool becomes the case's own, linked to its product.
Syntax errors are reported with their line; the SHACL shapes then check the graph, each
violation located at the first line that names the entity.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from .casefile import Case, Entity, MAX_FILE_BYTES
from .caseformat import CASE_ID_PATTERN, case_format
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
        if syntax == "json-ld":
            _refuse_contexts_from_elsewhere(json.loads(text), text, name)
        graph.parse(data=text, format=syntax)
    except CaseError:
        raise
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
    if not re.fullmatch(CASE_ID_PATTERN.removesuffix("$"), case_id):
        raise CaseError([Problem(name, _first_line(lines, studies[0]), "case", f"case id {case_id!r}: lowercase letters, digits and '-' "
                                 "(at most 80, not starting with '-'), and not 'tools'")])
    graph = _tools_as_the_case_own(graph, case_id)
    fmt = case_format()
    derived = sorted(s for s in set(graph.subjects()) if isinstance(s, URIRef) and str(s).startswith(fmt.base_iri + "_derived/"))
    if derived:  # an export made with its verdicts, loaded back as a case
        raise CaseError([Problem(name, _first_line(lines, derived[0]), str(derived[0]),
                                 "derived verdicts are not facts of a case (graphmap derives them when the case is "
                                 "loaded): leave them out, as graphmap export --no-verdicts does")])
    origin = {s: _first_line(lines, s) for s in set(graph.subjects()) if isinstance(s, URIRef)}
    own, products = f"{fmt.base_iri}{case_id}/", fmt.product_base
    problems = [
        Problem(name, origin[s], str(s), f"not under {own}, where the entities of case {case_id!r} live")
        for s in sorted(origin) if not str(s).startswith((own, products))
    ]
    problems += [
        Problem(name, _first_line(lines, o), str(o), f"not under {own}: a case refers only to its own entities and to products")
        for o in sorted({o for o in graph.objects() if isinstance(o, URIRef) and str(o).startswith(fmt.base_iri)})
        if not str(o).startswith((own, products))
    ]
    problems += [
        Problem(name, origin[s], str(p), "a product carries only its type and identifier; "
                f"say what case {case_id!r} says of it on the case's own tool (gm:product links the two)")
        for s, p, o in sorted(graph) if str(s).startswith(products)
        and not (p == RDF.type and o == GM.Product) and not (p == DCTERMS.identifier and str(o) == str(s)[len(products):])
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
        if ident is not None and s != studies[0] and not str(s).startswith(products):  # a product is no entity of the case
            case.entities[str(ident)] = Entity(str(graph.value(s, RDF.type)).rsplit("#", 1)[-1], str(ident), {}, origin[s])
    return case, graph, origin


def _refuse_contexts_from_elsewhere(data, text: str, name: str) -> None:
    """Reading a case never touches the network or a file outside it: a JSON-LD ``@context`` or
    ``@import`` that names a document (a URL, a file, a relative path) is refused, not fetched."""
    found: list[str] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import"):
                    found += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
                stack.append(value)
    if found:
        lines = text.split("\n")
        raise CaseError([Problem(name, next((n for n, line in enumerate(lines, 1) if json.dumps(ref)[1:-1] in line), 1), "json-ld",
                                 f"context {ref!r} names a document elsewhere: graphmap never fetches anything while "
                                 "reading a case; write the context inline (graphmap's is ontology/context.jsonld)")
                         for ref in dict.fromkeys(found)])


def _tools_as_the_case_own(graph: Graph, case_id: str) -> Graph:
    """A graph of graphmap 0.1, whose tools lived under ``id/tools/`` or ``id/ai_tools/`` for every
    case, rewritten as today's: each such tool (and its quotes) under the case, with its product."""
    fmt = case_format()
    legacy = tuple(f"{fmt.base_iri}{key}/" for key, section in fmt.sections.items() if section.product)
    own = f"{fmt.base_iri}{case_id}/"

    def moved(term):
        for prefix in legacy:
            if isinstance(term, URIRef) and str(term).startswith(prefix):
                return URIRef(own + str(term)[len(prefix):])
        return term

    if not any(str(s).startswith(legacy) for s in graph.subjects()):
        return graph
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    for s, p, o in graph:
        out.add((moved(s), p, moved(o)))
    for s in {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(legacy) and "/_quote/" not in str(s)}:
        tool_id = str(s).rsplit("/", 1)[-1]
        product = fmt.product_iri(tool_id)
        out.add((moved(s), GM.product, product))
        out.add((product, RDF.type, GM.Product))
        out.add((product, DCTERMS.identifier, Literal(tool_id)))
    return out


def _first_line(lines: list[str], subject: URIRef) -> int:
    local = re.split(r"[#/]", str(subject))[-1]
    for number, line in enumerate(lines, start=1):
        if str(subject) in line:
            return number
    for number, line in enumerate(lines, start=1):
        if re.search(rf"[:/\"]{re.escape(local)}\b", line):
            return number
    return 1
