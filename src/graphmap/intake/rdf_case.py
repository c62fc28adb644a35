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
from dataclasses import replace
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from graphmap.intake.case_store import CaseStore, first_value
from graphmap.intake.casefile import Case, Entity, MAX_FILE_BYTES
from graphmap.model.caseformat import CASE_ID_PATTERN, case_format
from graphmap.errors import SHOWN, CaseError, Problem
from graphmap.model.oxterms import rdflib_term
from graphmap.model.reference import link_problem
from graphmap.model.vocabulary import GM

__all__ = ["RDF_SUFFIXES", "ntriples_lines", "property_graph_problems", "read_rdf_case"]

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
    try:
        oxigraph_reads = True
        if syntax == "json-ld":
            data = json.loads(text)
            _refuse_contexts_from_elsewhere(data, text, name)
            oxigraph_reads = _only_graphmap_context(data)
            if not oxigraph_reads and len(text) > _RDFLIB_AT_MOST:  # (rdflib's parser: 3.4 s for 1 MB of numbers)
                raise CaseError([Problem(name, 1, "json-ld", f"a JSON-LD case of more than {_RDFLIB_AT_MOST:,} characters is "
                                         "read with graphmap's own context only: write it as graphmap export does, or as Turtle")])
        graph = _parsed_by_oxigraph(text, syntax, name) if oxigraph_reads else None
        if graph is None:
            graph = _case_graph(Graph().parse(data=text, format=syntax))
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
    # The checks below read the store's indexes (subject -> predicate -> objects, and a predicate's
    # object -> subjects), not rdflib's Graph: a pass over 28,000 triples comparing rdflib's terms
    # took 0.02-0.05 s each, and there were six.
    rdf_type, identifier = RDF.type, DCTERMS.identifier
    spo = graph.store.spo
    studies = [s for s in graph.store.by_predicate(rdf_type).get(GM.Study, ()) if identifier in spo[s]]
    if len(studies) != 1:
        raise CaseError([Problem(name, 1, "study", "an RDF case holds exactly one gm:Study with a dcterms:identifier (the case id)")])
    case_id = str(first_value(spo[studies[0]][identifier]))
    lines = TermLines(text)  # not splitlines(): a U+2028 in a literal is text, not a line break
    if not re.fullmatch(CASE_ID_PATTERN.removesuffix("$"), case_id):
        raise CaseError([Problem(name, lines.line(studies[0]), "case", f"case id {case_id!r}: lowercase letters, digits and '-' "
                                 "(at most 80, not starting with '-'), and not 'tools'")])
    graph = _tools_as_the_case_own(graph, case_id)
    spo = graph.store.spo
    fmt = case_format()
    iris = {s: str(s) for s in spo if isinstance(s, URIRef)}  # each subject IRI's text, once
    derived = sorted(s for s, text in iris.items() if text.startswith(fmt.base_iri + "_derived/"))
    if derived:  # an export made with its verdicts, loaded back as a case
        raise CaseError([Problem(name, lines.line(derived[0]), str(derived[0]),
                                 "derived verdicts are not facts of a case (graphmap derives them when the case is "
                                 "loaded): leave them out, as graphmap export --no-verdicts does")])
    origin = SubjectLines(set(iris), lines)
    own, products = f"{fmt.base_iri}{case_id}/", fmt.product_base
    ordered = sorted(iris, key=iris.__getitem__)  # (IRIs: str's order is rdflib's, and quicker)
    # Each kind of problem: the first 20 (in order), then one line for the 21st counting the others
    # (91,000 unknown properties in 1 MB took 2.7 s to locate and print, one line each).
    problems = _first_of_a_kind(
        [s for s in ordered if not iris[s].startswith((own, products))],
        lambda s: Problem(name, origin[s], iris[s], f"not under {own}, where the entities of case {case_id!r} live"))
    objects = {o for po in spo.values() for os_ in po.values() for o in os_ if isinstance(o, URIRef)}
    problems += _first_of_a_kind(
        sorted((o for o in objects if str(o).startswith(fmt.base_iri) and not str(o).startswith((own, products))), key=str),
        lambda o: Problem(name, lines.line(o), str(o), f"not under {own}: a case refers only to its own entities and to products"))
    product_type, product_class = rdf_type, GM.Product
    problems += _first_of_a_kind(
        sorted((s, p, o) for s in ordered if iris[s].startswith(products) for p, os_ in spo[s].items() for o in os_
               if not (p == product_type and o == product_class)
               and not (p == identifier and str(o) == iris[s][len(products):])),
        lambda spo_: Problem(name, origin[spo_[0]], str(spo_[1]), "a product carries only its type and identifier; "
                             f"say what case {case_id!r} says of it on the case's own tool (gm:product links the two)"))
    problems += _first_of_a_kind(
        [(link, o, message) for link in (SKOS.closeMatch, SKOS.exactMatch) for o in sorted(graph.store.by_predicate(link))
         if isinstance(o, URIRef) and (message := link_problem(str(o)))],
        lambda found: Problem(name, lines.line(found[1]), str(found[0]), found[2]))
    from graphmap.model.pgmapping import pg_mapping

    mapping = pg_mapping()
    known = set(mapping.rel_types) | set(mapping.node_props) | {rdf_type}
    problems += _first_of_a_kind(
        sorted(set(graph.store.predicates()) - known),
        lambda predicate: Problem(name, lines.line(predicate), str(predicate), "not a property of the graphmap ontology"))
    problems += _first_of_a_kind(
        sorted(set(graph.store.by_predicate(rdf_type)) - set(mapping.labels)),
        lambda cls: Problem(name, lines.line(cls), str(cls), "not a class of the graphmap ontology"))
    if problems:
        raise CaseError(problems)
    case = Case(id=case_id, path=name, language="", study={}, sections={})
    for s in ordered:
        po = spo[s]
        if identifier in po and s != studies[0] and not iris[s].startswith(products):  # a product is no entity of the case
            ident = str(first_value(po[identifier]))
            kind = first_value(po[rdf_type]) if rdf_type in po else None
            case.entities[ident] = RdfEntity(str(kind).rsplit("#", 1)[-1], ident, origin, s)
    return case, graph, origin


def _first_of_a_kind(found: list, problem) -> list[Problem]:
    """``problem(item)`` of the first ``SHOWN`` items of ``found``; past them, that of the
    next one, saying how many more there are (only the problems shown are located)."""
    out = [problem(item) for item in found[:SHOWN]]
    if len(found) > SHOWN:
        following = problem(found[SHOWN])
        rest = len(found) - SHOWN - 1
        out.append(replace(following, message=f"{following.message}; and {rest:,} more like it, not shown") if rest else following)
    return out


def property_graph_problems(graph: Graph, origin: Mapping, name: str) -> list[Problem]:
    """What the property graph (the Neo4j store) cannot hold in an RDF case that the shapes pass:
    the shapes are open, so a case written in RDF could give an entity a property of another
    class with any value, which validated and loaded into the embedded store, then stopped a
    Neo4j load with a traceback. Checked here for every store, so both take the same cases."""
    from graphmap.intake.shapes import _property_keys
    from graphmap.model.pgmapping import place, single_valued, value_key

    keys = _property_keys()
    rdf_type, identifier = RDF.type, DCTERMS.identifier
    blanks, links, values, doubled = [], [], [], []  # each kind's findings, in the file's order
    for subject, properties in graph.store.spo.items():
        if not isinstance(subject, URIRef):
            blanks.append(subject)
            continue
        idents = properties.get(identifier)
        owner = f"{first_value(idents) if idents else subject}"
        for predicate, objects in properties.items():
            if predicate == rdf_type:
                continue
            field, iri = f"{owner}.{keys.get(predicate, predicate)}", str(predicate)
            as_link, as_value = place(iri, True, False), place(iri, False, True)
            held: dict = {}  # a node property's key -> its values
            for obj in objects:
                if isinstance(obj, URIRef) and as_link is not None:
                    continue
                if isinstance(obj, Literal) and as_value is not None:
                    key = value_key(as_value, obj.language)
                    held[key] = held.get(key, 0) + 1
                    continue
                (links if as_link is not None else values).append((subject, field, obj))
            if single_valued(iri) and any(count > 1 for count in held.values()):
                doubled.append((subject, field))
    return (_first_of_a_kind(blanks, lambda node: Problem(
                name, 1, str(node), "a blank node cannot be an entity of a case: give it an IRI "
                "(statements on it cannot be kept in every store)"))
            + _first_of_a_kind(links, lambda found: Problem(
                name, origin[found[0]], found[1], f"must be a reference to an entity ({found[2]})"))
            + _first_of_a_kind(values, lambda found: Problem(
                name, origin[found[0]], found[1], f"must be a value, not a reference ({found[2]})"))
            + _first_of_a_kind(doubled, lambda found: Problem(name, origin[found[0]], found[1], "only one value is allowed")))


def _case_graph(graph: Graph) -> Graph:
    """``graph`` (rdflib's parse) as the read-only graph of a case, with its prefixes."""
    out = Graph(store=CaseStore(list(graph)))
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    return out


class SubjectLines(Mapping):
    """Subject IRI -> the first line of the file that names it (``TermLines``), each found when
    first asked: a valid case asks for none (the lines of a 28,000-triple case's 5,600 subjects,
    found for each, took 0.15 s), a refused one for those its problems name."""

    def __init__(self, subjects: set, lines: TermLines):
        self._subjects, self._lines = subjects, lines

    def __getitem__(self, subject) -> int:
        if subject not in self._subjects:
            raise KeyError(subject)
        return self._lines.line(subject)

    def __iter__(self):
        return iter(self._subjects)

    def __len__(self) -> int:
        return len(self._subjects)


class RdfEntity(Entity):
    """An entity of an RDF case, its line found in the file when first asked (``SubjectLines``)."""

    def __init__(self, section: str, ident: str, origin: SubjectLines, subject: URIRef):
        self.section, self.id, self.data = section, ident, {}
        self._origin, self._subject = origin, subject

    @property
    def line(self) -> int:
        return self._origin[self._subject]

    def __reduce__(self):  # sent between processes as a plain entity, its line found
        return (Entity, (self.section, self.id, self.data, self.line))

    def __eq__(self, other):  # equal to an Entity of the same values (the dataclass's own test wants one class)
        if not isinstance(other, Entity):
            return NotImplemented
        return (self.section, self.id, self.data, self.line) == (other.section, other.id, other.data, other.line)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"


_RELATIVE = "https://relative.invalid/"
"""The base Oxigraph resolves a JSON-LD case's relative IRIs against (it drops them without one,
as JSON-LD says): a term under it sends the file to rdflib's parser, which reads them as before."""


_RDFLIB_AT_MOST = 256_000
"""Characters of a Turtle file Oxigraph's parser refuses that rdflib's parser then reads, for its
leniency (relative IRIs) and its messages; past them, Oxigraph's message stands, located: 1 MB of
numbers with a relative IRI or an open literal at its end took rdflib's parser 3.2-3.8 s."""


def _parsed_by_oxigraph(text: str, syntax: str = "turtle", name: str | None = None) -> Graph | None:
    """Read Turtle or JSON-LD with Oxigraph's parser (rdflib's took 1 s for 1 MB of Turtle,
    0.8 s for 1 MB of JSON-LD): a read-only graph of the triples (``CaseStore``), or None. What
    it refuses, or reads beyond RDF 1.1 (triple terms, text directions), is left to rdflib's
    parser, whose messages (and leniency) stay those of graphmap, and so is JSON-LD naming a
    graph or a relative IRI, or holding a number with a fraction (``_read_otherwise``). rdflib
    binds the prefixes the file declares, and so does this. Past
    ``_RDFLIB_AT_MOST`` characters, Turtle that Oxigraph refuses, and JSON-LD it reads otherwise,
    are refused with one located problem instead (``name``: the file's, to locate it; without it,
    None as for any file)."""
    json_ld = syntax == "json-ld"
    try:
        parser = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.JSON_LD if json_ld else ox.RdfFormat.TURTLE,
                          base_iri=_RELATIVE if json_ld else None)
        quads = list(parser)
    except SyntaxError as exc:  # a syntax error, a relative IRI in Turtle (rdflib resolves them)...
        if name is not None and syntax == "turtle" and len(text) > _RDFLIB_AT_MOST:
            detail = re.sub(r" \(line \d+\)$", "", str(exc).split(": ", 1)[-1])
            if detail.startswith("No scheme found"):
                detail += " (a relative IRI: write it whole, or declare @base)"
            raise CaseError([Problem(name, exc.lineno or 1, "turtle", f"malformed Turtle: {detail}")]) from None
        return None
    except Exception:
        return None
    if json_ld:
        beyond = _read_otherwise(quads)
        if beyond is not None:
            if name is not None and len(text) > _RDFLIB_AT_MOST:
                what, written = beyond
                raise CaseError([Problem(name, text[:max(0, text.find(written))].count("\n") + 1, "json-ld", what)])
            return None
    plain = (ox.NamedNode, ox.BlankNode, ox.Literal)
    terms: dict = {}  # each term converted once (a subject is named in several triples)
    exact = True  # every literal kept as written (rdflib normalises some: "01"^^xsd:integer is 1)

    def term(value):  # (each term is looked at when first met: a pass over the quads before took 0.1 s for 138,000)
        nonlocal exact
        made = terms.get(value)
        if made is None:
            kind = type(value)
            if kind not in plain or (kind is ox.Literal and getattr(value, "direction", None)):
                raise _BeyondRdf11
            made = terms[value] = rdflib_term(value)
            if kind is ox.Literal and made.datatype is not None and str(made) != value.value:
                exact = False  # (a text, with or without its language, is kept as written)
        return made

    triples: dict = {}  # each triple once, in order -> its quad
    later: dict = {}  # (subject, predicate) -> [(quad, literal)]: its literals past the first that may be wrong
    seen: dict = {}  # (subject, predicate) -> how many literals so far
    tests: dict = {}  # predicate -> _looks_wrong's test
    try:
        for quad in quads:
            subject, predicate, obj = term(quad.subject), term(quad.predicate), quad.object
            if type(obj) is ox.Literal:
                key = (subject, predicate)
                count = seen[key] = seen.get(key, 0) + 1
                if count > 1:
                    test = tests.get(predicate)
                    if test is None:
                        test = tests[predicate] = _looks_wrong(str(predicate))
                    if test(obj):  # (decided once the nodes' classes are known)
                        later.setdefault(key, []).append((quad, obj))
                        continue
            triples[(subject, predicate, term(obj))] = quad
        left_out = _left_out(later, triples) if later else {}
        for (subject, predicate), given in later.items():
            for quad, obj in given:
                if obj is not None:
                    triples[(subject, predicate, term(obj))] = quad
    except _BeyondRdf11:  # a triple term, a text direction
        return None
    store = CaseStore(list(triples), written=list(triples.values()) if exact and not left_out else None)
    store.left_out = left_out
    graph = Graph(store=store)
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace)
    return graph


# Values of a property of a node surely of the wrong type that are made into rdflib's terms and
# checked: ``SHOWN`` per property (the problems show as many), and ``_KEPT_IN_ALL`` in a file;
# past them, the others are counted, not made: 138,000 number labels on one organisation took
# 0.8 s to make (5-6 µs each), and 6,600 units given 20 each 4.1 s, for a file refused anyway.
_KEPT_IN_ALL = 2_000
_LANG_STRING = str(RDF.langString)


def _never(value) -> bool:
    return False


def _no_language(value) -> bool:
    return not value.language


def _looks_wrong(predicate: str):
    """A test of a literal of ``predicate``: True if it may be surely of the wrong type on its
    node's class (``_surely_wrong`` of the datatypes the shapes ask of ``predicate`` on any class),
    to be decided by ``_left_out`` once the classes are known."""
    from graphmap.intake.shapes import datatype_rules

    rules = datatype_rules()
    return _wrong_test(rules[1].get(predicate, ()) if rules else ())


def _wrong_test(asked: tuple[str, ...]):
    """``_surely_wrong`` of the datatypes ``asked``, as a test of a literal (most texts: a look at
    its language)."""
    if not asked:
        return _never
    if asked == (_LANG_STRING,):
        return _no_language
    return lambda value: _surely_wrong(value, asked)


def _left_out(later: dict, triples: dict) -> dict:
    """(subject, predicate) -> how many distinct values are left out of a case's graph: of the
    literals of a property of a node past its first that may be wrong (``later``: (subject,
    predicate) -> [(quad, Oxigraph's literal)]), those surely of the wrong type (a datatype other
    than one the shapes ask of every value of that property on a class of the node:
    ``datatype_rules``) past the first ``SHOWN`` of the property and past ``_KEPT_IN_ALL``
    in all; their places in ``later`` become (quad, None).
    The shapes refuse the case for those made, and say how many more there were
    (``shapes._not_made``). ``triples``: the others, where the nodes' classes are read."""
    from graphmap.intake.shapes import datatype_rules

    rules = datatype_rules()
    if not rules:
        return {}
    rules = rules[0]
    rdf_type, classes = RDF.type, {}
    for subject, predicate, obj in triples:
        if predicate == rdf_type:
            classes.setdefault(subject, []).append(str(obj))
    left_out, budget = {}, _KEPT_IN_ALL
    for key, given in later.items():
        subject, predicate = key
        asked = tuple(d for cls in classes.get(subject, ()) for d in rules.get(cls, {}).get(str(predicate), ()))
        if not asked:
            continue
        test = _wrong_test(asked)
        wrong = [place for place, (_, obj) in enumerate(given) if test(obj)]
        kept = min(len(wrong), SHOWN, budget)
        budget -= kept
        rest = set()
        for place in wrong[kept:]:
            quad, obj = given[place]
            rest.add(obj)
            given[place] = (quad, None)
        if rest:
            left_out[key] = len(rest)
    return left_out


def _surely_wrong(value: ox.Literal, datatypes: tuple[str, ...]) -> bool:
    """Whether a literal breaks a constraint ``sh:datatype`` of one of ``datatypes`` whatever its
    text: a text without its language where rdf:langString is asked, any other datatype where
    another is (the shapes' own test, ``shapes._datatype_check``, also reads the value)."""
    language = value.language
    for datatype in datatypes:
        if datatype == _LANG_STRING:
            if not language:
                return True
        elif language or value.datatype.value != datatype:
            return True
    return False


def _read_otherwise(quads: list) -> tuple[str, str] | None:
    """What in a JSON-LD document Oxigraph's parser reads otherwise than rdflib's, which then reads
    it (the first found): a relative IRI (resolved against ``_RELATIVE``), a named graph, a number
    with a fraction. As a problem of a big file (``_RDFLIB_AT_MOST``): its message, and the text to
    find its line by."""
    for quad in quads:
        if type(quad.graph_name) is not ox.DefaultGraph:
            graph = str(getattr(quad.graph_name, "value", quad.graph_name))
            return "a named graph: a case file's statements are in its default graph", graph.removeprefix(_RELATIVE)
        for term in (quad.subject, quad.predicate, quad.object, getattr(quad.object, "datatype", None)):
            if type(term) is ox.NamedNode and term.value.startswith(_RELATIVE):
                written = term.value[len(_RELATIVE):]
                return f"a relative IRI ({written!r}): write it whole, or give @base", f'"{written}"'
        if type(quad.object) is ox.Literal and quad.object.datatype.value == _DOUBLE:
            number = repr(float(quad.object.value))  # (Oxigraph reads 2.0 as 2, and 10**22 as a double: rdflib otherwise)
            return (f"a number with a fraction or an exponent ({number}): graphmap's properties take none; write a "
                    "whole number, or the value as a text"), number
    return None


class _BeyondRdf11(Exception):
    """A term RDF 1.1 has not (a triple term, a text direction): rdflib's parser reads the file."""


def ntriples_lines(graph: Graph) -> list[str] | None:
    """The N-Triples lines of ``graph`` as Oxigraph parsed them, if ``graph`` is a graph
    ``read_rdf_case`` read with Oxigraph's parser (read-only: it cannot have changed since) and
    they are as it holds them: writing them costs nothing, and rdflib's serialiser took 0.2 s for
    28,000 triples. Else None."""
    return getattr(graph.store, "ntriples", None)


def _contexts(data) -> Iterator[tuple[str, Any]]:
    """Each ``@context`` and ``@import`` of a JSON-LD document, wherever it stands (contexts within
    contexts too), as (keyword, value)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import"):
                    yield key, value
                stack.append(value)


def _refuse_contexts_from_elsewhere(data, text: str, name: str) -> None:
    """Reading a case never touches the network or a file outside it: a JSON-LD ``@context`` or
    ``@import`` that names a document (a URL, a file, a relative path) is refused, not fetched."""
    found = [v for _, value in _contexts(data) for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
    if found:
        lines = TermLines(text)
        raise CaseError([Problem(name, lines.line_of_text(json.dumps(ref)[1:-1]), "json-ld",
                                 f"context {ref!r} names a document elsewhere: graphmap never fetches anything while "
                                 "reading a case; write the context inline (graphmap's is ontology/generated/context.jsonld)")
                         for ref in dict.fromkeys(found)])


def _only_graphmap_context(data) -> bool:
    """Whether every ``@context`` of a JSON-LD document is graphmap's own (what ``export`` writes),
    if it has any: only such a document is given to Oxigraph's JSON-LD parser. Contexts of other
    shapes are rdflib's to read, as before: Oxigraph's parser crashed the process on a chain of
    50,000 terms each defined by the next (a stack overflow, no message) and took more than a
    minute over 20,000 terms with contexts of their own, both read by rdflib in under a second."""
    from graphmap.model.jsonld import context

    ours = None
    for key, value in _contexts(data):
        if ours is None:
            ours = context()
        if key != "@context" or value != ours:
            return False
    return True


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

    tools = [s for s in graph.store.spo if isinstance(s, URIRef) and str(s).startswith(legacy)]
    if not tools:
        return graph
    triples = [(moved(s), p, moved(o)) for s, p, o in graph]
    for s in tools:
        if "/_quote/" not in str(s):
            tool_id = str(s).rsplit("/", 1)[-1]
            product = fmt.product_iri(tool_id)
            triples += [(moved(s), GM.product, product), (product, RDF.type, GM.Product),
                        (product, DCTERMS.identifier, Literal(tool_id))]
    out = Graph(store=CaseStore(triples))
    out.store.left_out = {(moved(s), p): count for (s, p), count in graph.store.left_out.items()}  # (counted by the reader)
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    return out


class TermLines:
    """The first line of an RDF text that names each term, from indexes of the text built once.

    A term is found where its IRI is written in full (the first line holding it), or else
    where its local name (after the last ``/`` or ``#``) follows a ``:``, ``/``, ``"`` or ``<`` and ends
    a name (a prefixed name ``ex:task-1``, a relative ``<task-1>``...; names hold letters, digits,
    ``_`` and ``-``: ``mairie`` is not named by ``mairie-exemple``); otherwise line 1. Lines
    are split on line feeds only, as RDF parsers count them (a U+2028 in a literal is text).

    Scanning the lines for each term took a 680 kB Turtle case 134 s; each term now costs a
    dictionary look-up and a binary search among the distinct words of the text.
    """

    _STEP = 4096  # characters between two remembered line counts

    def __init__(self, text: str):
        self.text = text
        self._memo: dict[str, int] = {}
        self._counts: list[int] | None = None  # line breaks before each multiple of _STEP
        self._words: tuple[list[str], dict[str, int]] | None = None
        self._iris: dict[str, tuple[list[str], dict[str, int]]] = {}

    def line(self, term) -> int:
        key = str(term)
        line = self._memo.get(key)
        if line is None:
            position = self._first_iri(key)
            if position is None:
                position = self._first_local(re.split(r"[#/]", key)[-1])
            line = self._memo[key] = 1 if position is None else self.line_at(position)
        return line

    def line_of_text(self, text: str) -> int:
        """The first line holding ``text`` (1 if none does)."""
        position = self._scan(text)
        return 1 if position is None else self.line_at(position)

    def line_at(self, position: int) -> int:
        """The 1-based line of the character at ``position``."""
        if self._counts is None:
            counts, text, step = [0], self.text, self._STEP
            for start in range(0, len(text) - step + 1, step):
                counts.append(counts[-1] + text.count("\n", start, start + step))
            self._counts = counts
        block = position // self._STEP
        return self._counts[block] + self.text.count("\n", block * self._STEP, position) + 1

    # Where a term is written in full: each place its scheme (``https:``...) is written starts
    # a run of the characters an IRI may hold; the term is there if it begins that run.
    _IRI_CHARS = r'[^\s<>"{}|\\^`]'
    _CAP = 2048

    def _first_iri(self, term: str) -> int | None:
        scheme, colon, _ = term.partition(":")
        if not colon or "\n" in term or len(term) >= self._CAP or re.search(self._IRI_CHARS.replace("[^", "[", 1), term):
            return self._scan(term)
        index = self._iris.get(scheme)
        if index is None:
            runs: dict[str, int] = {}
            for match in re.finditer(f"(?=({re.escape(scheme)}:{self._IRI_CHARS}{{0,{self._CAP}}}))", self.text):
                runs.setdefault(match.group(1), match.start())
            index = self._iris[scheme] = (sorted(runs), runs)
        return self._first_with_prefix(index, term, None)

    def _scan(self, term: str) -> int | None:
        position = self.text.find(term) if "\n" not in term else -1
        return None if position < 0 else position

    # Where a local name follows ':', '/', '"' or '<' and ends a word: the runs after those
    # characters, up to the next one or a space.
    def _first_local(self, local: str) -> int | None:
        if re.search(r'[\s:/"<]', local) or len(local) >= self._CAP:
            end = r"(?![\w-])" if _word_end(local) else r"(?=[\w-])"  # where the name stops
            match = re.search(rf"[:/\"<]{re.escape(local)}{end}", self.text) if "\n" not in local else None
            return match.start() if match else None
        if self._words is None:
            runs: dict[str, int] = {}
            for match in re.finditer(r'[:/"<]([^\s:/"<]{0,%d})' % self._CAP, self.text):
                runs.setdefault(match.group(1), match.start())
            self._words = (sorted(runs), runs)
        return self._first_with_prefix(self._words, local, _word_end(local))

    @staticmethod
    def _first_with_prefix(index: tuple[list[str], dict[str, int]], prefix: str, word: bool | None) -> int | None:
        """The first position of a run that starts with ``prefix`` (and, unless ``word`` is None,
        where ``prefix`` ends a word: ``word`` tells whether its last character is a word's)."""
        runs, first = index
        best = None
        for i in range(bisect_left(runs, prefix), len(runs)):
            run = runs[i]
            if not run.startswith(prefix):
                break
            if word is not None and len(run) > len(prefix) and _is_word(run[len(prefix)]) == word:
                continue  # the name goes on: not a word boundary
            if word is None or word or len(run) > len(prefix):  # after a word's last character, the end of a run is a boundary
                position = first[run]
                best = position if best is None or position < best else best
        return best


def _is_word(char: str) -> bool:
    """Whether ``char`` goes on a name (of an IRI, a prefixed name): a letter, a digit, ``_`` or ``-``."""
    return char.isalnum() or char in "_-"


def _word_end(local: str) -> bool:
    """Whether ``local`` ends with a name's character (a delimiter before an empty one does not)."""
    return bool(local) and _is_word(local[-1])


_LAST: list = []  # the lines last given to _first_line and their TermLines


def _first_line(lines: list[str], subject: URIRef) -> int:
    """The first line of ``lines`` (a text split on line feeds) that names ``subject``; see TermLines.

    The index of the text is kept for the next call with the same list of lines."""
    if not _LAST or _LAST[0] is not lines:
        _LAST[:] = [lines, TermLines("\n".join(lines))]
    return _LAST[1].line(subject)
