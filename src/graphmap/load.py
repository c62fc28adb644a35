"""Check case files and load them into a store, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from .casefile import Case, read_case_file
from .caseformat import case_format
from .errors import CaseError, Problem
from .rdf import case_to_graph
from .shapes import shacl_problems
from .vocabulary import ontology_graph, rubric_graph

__all__ = ["CheckedCase", "case_paths", "check_case", "check_cases", "load_cases", "ONTOLOGY_GRAPH", "RUBRIC_GRAPH"]

CASE_SUFFIXES = (".yaml", ".yml")
ONTOLOGY_GRAPH = URIRef(case_format().graph_iri + "_ontology")
RUBRIC_GRAPH = URIRef(case_format().graph_iri + "_rubric")


@dataclass
class CheckedCase:
    case: Case
    graph: Graph

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


def check_case(path: Path) -> CheckedCase:
    """Read a case file, check it against the format and the SHACL shapes, build its graph."""
    case = read_case_file(path)
    graph, origin = case_to_graph(case)
    problems = shacl_problems(graph, origin, str(path))
    if problems:
        raise CaseError(problems)
    return CheckedCase(case, graph)


def check_cases(paths: list[Path]) -> list[CheckedCase]:
    """Check every file; raise one ``CaseError`` with the problems of all of them."""
    checked, problems = [], []
    seen: dict[str, str] = {}
    for path in case_paths(paths):
        try:
            item = check_case(path)
        except CaseError as exc:
            problems.extend(exc.problems)
            continue
        if item.case.id in seen:
            problems.append(Problem(str(path), 1, "case", f"case id {item.case.id!r} is also used by {seen[item.case.id]}"))
            continue
        seen[item.case.id] = str(path)
        checked.append(item)
    if not checked and not problems:
        problems.append(Problem(", ".join(map(str, paths)) or ".", 1, "file", "no case files (*.yaml) found"))
    if problems:
        raise CaseError(problems)
    return checked


def _skolemised(graph: Graph) -> Graph:
    """Blank nodes (OWL lists) get stable IRIs, so that reloading the ontology changes nothing."""
    return to_canonical_graph(graph).skolemize(authority="https://w3id.org", basepath="/graphmap/.well-known/genid/")


@cache
def _ontology_to_store() -> Graph:
    return _skolemised(ontology_graph())


def load_cases(paths: list[Path], store, rubric: Path | None = None) -> list[CheckedCase]:
    """Check all the files, then replace their cases in ``store`` in one transaction.

    Nothing is written if any file has a problem. Loading the same file twice changes nothing.
    """
    checked = check_cases(paths)
    graphs = {ONTOLOGY_GRAPH: _ontology_to_store(), RUBRIC_GRAPH: _skolemised(rubric_graph(rubric))}
    graphs.update({item.graph_name: item.graph for item in checked})
    store.replace_graphs(graphs)
    return checked
