"""Check case files and load them into a store, all or nothing.

A YAML case is checked by the case-format reader (JSON Schema, references, kinds of entity,
cycles), which enforces every constraint the SHACL shapes state, since both are derived from
``ontology/case-format.yaml``; its triples are then written straight as N-Triples. So the
loaders skip pySHACL for YAML (a test keeps the two checks in agreement; ``graphmap validate
--shacl`` runs both). Turtle and JSON-LD cases, written as triples, are checked by SHACL.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Callable, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from graphmap import __version__
from graphmap.intake.casefile import Case, check_file, control_character, read_case_file
from graphmap.model.caseformat import case_format
from graphmap.errors import CaseError, Problem
from graphmap.resources import data_dir
from graphmap.intake.privacy import personal_data_warnings
from graphmap.intake.to_rdf import case_ntriples
from graphmap.intake.rdf_case import RDF_SUFFIXES, ntriples_lines, property_graph_problems, read_rdf_case
from graphmap.intake.shapes import _property_keys, shacl_problems
from graphmap.derivation.engine import Rule
from graphmap.derivation.verdicts import derived_for_load
from graphmap.stores.kept import refresh as refresh_kept
from graphmap.model.extension import growth_problems, read_vocabulary
from graphmap.model.vocabulary import extension_in_force, ontology_cache, put_in_force, rubric_graph

__all__ = ["CheckedCase", "case_paths", "check_case", "check_cases", "file_fingerprint", "load_cases", "write_checked",
           "use_vocabulary"]

CASE_SUFFIXES = (".yaml", ".yml", ".ttl", ".jsonld")


@dataclass
class CheckedCase:
    """A checked case and its triples, as N-Triples lines (each once) and, on demand, a graph."""

    case: Case
    ntriples: list[str]
    _graph: Graph | None = field(default=None, repr=False)
    from_rdf: bool = False  # read from a Turtle / JSON-LD file (else YAML)
    warnings: list[Problem] = field(default_factory=list)  # what looks like personal data
    fingerprint: str | None = None  # of the file and the format it was read with (see file_fingerprint)
    unchanged: bool = False  # the store holds this case from the same file: not checked, not written
    _parsed: list | None = field(default=None, repr=False)
    keep_parsed: bool = False  # the store will read the triples again: keep them once parsed

    def parsed(self):
        """The triples parsed (pyoxigraph's). With ``keep_parsed`` they are parsed once for the
        whole load (a list): the verdicts' engine and a store that reads triples (Neo4j: the
        property graph) share them, and ``release`` frees them; else they are parsed as read (an
        iterator), and nothing is kept."""
        if self._parsed is not None:
            return self._parsed
        parsed = ox.parse("\n".join(self.ntriples).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        if self.keep_parsed:
            self._parsed = parsed = list(parsed)
        return parsed

    def facts_source(self):
        """What the verdicts' engine reads the case's facts from (``engine.facts_of``): the triples
        when they are kept parsed for the store, else the N-Triples text."""
        return self.parsed() if self.keep_parsed else "\n".join(self.ntriples)

    def release(self) -> None:
        """Forget the parsed triples (about 2.5 times the N-Triples' size in memory) once read."""
        self._parsed = None

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph = Graph().parse(data="\n".join(self.ntriples), format="nt")
        return self._graph

    @classmethod
    def of_graph(cls, case: Case, graph: Graph) -> "CheckedCase":
        # Split on "\n" only: N-Triples ends its lines there, and a literal may hold U+2028,
        # U+0085 or U+001C, which str.splitlines() also takes for line ends.
        lines = ntriples_lines(graph)  # those Oxigraph parsed, if it did
        if lines is None:
            lines = [line for line in graph.serialize(format="nt").split("\n") if line.strip()]
        return cls(case, lines, graph, from_rdf=True)

    @property
    def triples(self) -> int:
        return len(self.ntriples)

    @property
    def graph_name(self) -> URIRef:
        return case_format().case_graph(self.case.id)


def case_paths(paths: list[Path]) -> list[Path]:
    """Files as given; folders expanded to the case files they hold (sorted)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix in CASE_SUFFIXES and p.is_file()))
        else:
            out.append(path)
    return out


def check_case(path: Path, shacl: bool = False) -> CheckedCase:
    """Read a case file (YAML, or Turtle / JSON-LD), check it, build its triples.

    ``shacl`` also runs the SHACL shapes on a YAML case (they always run on RDF cases).
    """
    if path.suffix in RDF_SUFFIXES:
        check_file(path)
        case, graph, origin = read_rdf_case(path)
        problems = (_control_character_problems(graph, origin, str(path)) or shacl_problems(graph, origin, str(path))
                    or property_graph_problems(graph, origin, str(path)))
        if problems:
            raise CaseError(problems)
        checked = CheckedCase.of_graph(case, graph)
        checked.warnings = personal_data_warnings(case, graph)
        return checked
    case = read_case_file(path)
    lines, origin = case_ntriples(case)
    checked = CheckedCase(case, lines, warnings=personal_data_warnings(case))
    if shacl:
        problems = shacl_problems(checked.graph, {URIRef(k): v for k, v in origin.items()}, str(path))
        if problems:
            raise CaseError(problems)
    return checked


def _control_character_problems(graph: Graph, origin: dict[URIRef, int], name: str) -> list[Problem]:
    """Texts of an RDF case are held to the rule of YAML's (see ``casefile.control_character``)."""
    problems = []
    for subject, predicate, obj in graph:
        message = control_character(str(obj)) if isinstance(obj, Literal) else None
        if message:
            ident = graph.value(subject, DCTERMS.identifier)
            problems.append(Problem(name, origin.get(subject, 1), f"{ident or subject}.{_property_keys().get(predicate, predicate)}", message))
    return problems


KEEP_PARSED_TRIPLES = 200_000
"""Triples of a load whose parse is kept between the verdicts' engine and a store that reads them
again (Neo4j), about 0.45 kB each in memory (90 MB): a bigger load parses the cases past it twice,
so that memory does not grow with every case of a barometer (300 seed copies kept whole: +285 MB)."""

PARALLEL_FROM = 40  # files; below this, starting worker processes costs more than it saves


def _check_in_worker(args: tuple[Path, bool]) -> CheckedCase | CaseError:
    try:
        checked = check_case(*args)
    except CaseError as exc:
        return exc
    checked.case.document, checked.case.positions = {}, {}  # used up by the checks; not worth sending back
    return checked


def _checked_each(paths: list[Path], shacl: bool):
    """``(path, CheckedCase or CaseError)`` in order; on several cores, in worker processes."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        for path in paths:
            try:
                yield path, check_case(path, shacl)
            except CaseError as exc:
                yield path, exc
        return
    import multiprocessing  # (here: a command checking one file does without it, 15 ms)
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from zip(paths, pool.map(_check_in_worker, [(p, shacl) for p in paths], chunksize=8))


@ontology_cache
def _format_key() -> bytes:
    """What a case's triples depend on besides its file: graphmap's version, the case format,
    the ontology and its vocabularies, a barometer's own concepts in force (a change in any of
    them makes every case be read again)."""
    digest = hashlib.sha256(__version__.encode())
    for name in ("case-format.yaml", "graphmap.ttl", "vocabularies.ttl"):
        digest.update((data_dir("ontology") / name).read_bytes())
    extension = extension_in_force()  # a barometer's own concepts are part of the format too
    if extension is not None:
        digest.update("\n".join(sorted(line for line in extension.serialize(format="nt").splitlines() if line)).encode())
    return digest.digest()


def file_fingerprint(path: Path) -> str | None:
    """SHA-256 of a case file's bytes and of the format it is read with; None if it cannot be read
    (the check says why)."""
    try:
        check_file(path)
        return hashlib.sha256(_format_key() + path.read_bytes()).hexdigest()
    except (CaseError, OSError):
        return None


def check_cases(paths: list[Path], progress: Callable[[Path], None] | None = None,
                shacl: bool = False, known: Mapping[str, str] | None = None) -> list[CheckedCase]:
    """Check every file; raise one ``CaseError`` with the problems of all of them.

    ``progress`` is called with each file once it is checked (for progress bars). Many files
    are checked in parallel, one worker process per core. ``known`` maps the fingerprints of the
    files a store was loaded from to their case ids: such a file, unchanged since, is neither
    read nor checked again (its ``CheckedCase`` is ``unchanged``, without triples).
    """
    checked, problems = [], []
    seen: dict[str, str] = {}
    files = case_paths(paths)
    prints = {path: file_fingerprint(path) for path in files}
    same = {path: known[fp] for path, fp in prints.items() if known and fp in known}
    results: dict[Path, CheckedCase | CaseError] = {}
    for path, item in _checked_each([p for p in files if p not in same], shacl):
        results[path] = item
        if progress is not None:
            progress(path)
    for path in files:
        if path in same:
            item = CheckedCase(Case(id=same[path], path=str(path), language="", study={}, sections={}), [],
                               fingerprint=prints[path], unchanged=True)
            if progress is not None:
                progress(path)
        else:
            item = results[path]
            if not isinstance(item, CaseError):
                item.fingerprint = prints[path]
        if isinstance(item, CaseError):
            problems.extend(item.problems)
            continue
        if item.case.id in seen:
            problems.append(Problem(str(path), 1, "case", f"case id {item.case.id!r} is also used by {seen[item.case.id]}"))
            continue
        seen[item.case.id] = str(path)
        checked.append(item)
    if not checked and not problems:
        problems.append(Problem(", ".join(map(str, paths)) or ".", 1, "file", "no case files (*.yaml, *.ttl, *.jsonld) found"))
    if problems:
        raise CaseError(problems)
    return checked


def load_cases(paths: list[Path], store, rubric: Path | None = None, vocabulary: Path | None = None) -> list[CheckedCase]:
    """Check all the files, then replace their cases in ``store`` in one transaction.

    Nothing is written if any file has a problem. Loading the same file twice changes nothing:
    a file the store was loaded from, unchanged since, is not even checked again. The store
    writes the ontology's vocabularies and the rubric with the cases. The cases are checked with
    the barometer's own concepts of ``vocabulary`` (a file, then kept in the store), else with
    those the store holds.
    """
    given = use_vocabulary(vocabulary, store.stored_vocabulary() if vocabulary is None else None)
    checked = check_cases(paths, known=store.fingerprints())
    write_checked(checked, store, rubric, given)
    return checked


def use_vocabulary(path: Path | None, stored: Graph | None) -> tuple[Path, Graph] | None:
    """Put in force the concepts cases are checked with: those of the vocabulary file ``path``
    (read and checked; returned with it, for the store to keep), else ``stored``, a store's."""
    if path is None:
        put_in_force(stored)
        return None
    graph = read_vocabulary(path)
    put_in_force(graph)
    return path, graph


def write_checked(checked: list[CheckedCase], store, rubric: Path | None = None,
                  vocabulary: tuple[Path, Graph] | None = None) -> None:
    """Write cases already checked by ``check_cases`` into ``store``, with their verdicts (and,
    under a new rubric, every other case's verdicts derived again: see verdicts.py). With
    ``vocabulary`` (a file and its concepts, in force while the cases were checked), the store's
    own concepts become those, if they keep every concept the store holds."""
    if vocabulary is not None and store.cases():
        problems = growth_problems(store.stored_vocabulary(), vocabulary[1], vocabulary[0])
        if problems:
            raise CaseError(problems)
    graph = rubric_graph(rubric)
    budget = KEEP_PARSED_TRIPLES if store.reads_triples else 0
    for item in checked:  # the first cases up to the budget are parsed once; the others by each reader
        item.keep_parsed = item.triples <= budget
        budget -= item.triples if item.keep_parsed else 0
    store.write_cases(checked, graph, derived_for_load(store, checked, Rule.from_graph(graph)),
                      vocabulary[1] if vocabulary is not None else None)
    refresh_kept(store)  # the answers kept ready of the cases written (stores/kept.py)
