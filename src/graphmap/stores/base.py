"""What every store does, with one signature per operation: the only way the rest of graphmap
speaks to a store. Nothing outside this package asks which store it has; what differs between
them is said by ``query_language`` and ``location``."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from rdflib import Graph

from graphmap.derivation.engine import Rule

__all__ = ["Store"]


@runtime_checkable
class Store(Protocol):
    name: str  # "embedded" or "neo4j", for messages
    query_language: str  # "sparql" or "cypher": what the named queries' twins and ad-hoc queries are written in
    reads_triples: bool  # write_cases reads each case's parsed triples (a load then parses a case once for all)

    @property
    def location(self) -> str:
        """Where the store is, as messages show it (a folder; a server's URI, never with a password)."""

    # --- writing: each call all or nothing -------------------------------------------------

    def write_cases(self, cases: list, rubric: Graph, derived: dict[str, list[str]] | None = None,
                    vocabulary: Graph | None = None) -> None:
        """Replace these checked cases (``load.CheckedCase``), the ontology, the rubric in force,
        the derived graphs given (case id -> N-Triples lines of its verdicts) and, if given, a
        barometer's own concepts (``model.extension``; None leaves those stored as they are)."""

    def write_derived(self, derived: dict[str, list[str]], reviews: Graph | None = None) -> None:
        """Replace the derived graphs given, and the reviews when given (a review and the verdicts
        it changes are written together)."""

    def write_reference(self, name: str, lines: list[str]) -> None:
        """Replace the reference dataset ``name`` (N-Triples lines of ``model.reference``), kept
        apart from every case (a graph, or a key, of its own)."""

    # --- reading ---------------------------------------------------------------------------

    def cases(self) -> list[str]:
        """The ids of the loaded cases, sorted."""

    def case_ntriples(self, case: str) -> bytes:
        """The N-Triples of one loaded case's own graph (what the derivation engine reads)."""

    def export_case(self, case: str, derived: bool = False) -> Graph:
        """One loaded case's graph, or with ``derived`` the graph of its verdicts."""

    def native_graph(self, cases: list[str], derived: bool) -> Any:
        """The graphs of ``cases`` (and with ``derived`` their verdicts) merged, in the store's own
        terms, readable once the store is closed: ``len()``, ``serialise(syntax, prefixes) -> bytes``
        (``ttl``, ``nt``, ``jsonld``, ``rdfxml``) by the store's serialiser, ``rdflib_triples()``.
        None for a store without an RDF serialiser (then ``export_case``)."""

    def stored_rule(self) -> Rule | None:
        """The rubric in force (None before any load)."""

    def stored_vocabulary(self) -> Graph | None:
        """A barometer's own concepts the cases were checked with (None if none)."""

    def derived_cases(self) -> set[str]:
        """The cases whose verdicts are in the store."""

    def fingerprints(self) -> dict[str, str]:
        """File fingerprint -> case id, for the files the store was loaded from (may be empty:
        then every file is checked and written)."""

    def read_reviews(self) -> Graph:
        """Every human review recorded (gm:Review resources)."""

    def run_named(self, query: Any, params: dict[str, Any], kept: bool = True) -> tuple[list[str], list[tuple]]:
        """Run a named query (``model.namedqueries.NamedQuery``); ``params`` bound, never pasted.
        A kept query over every case reads the answers kept ready when every case has them;
        ``kept=False`` runs it regardless (``stores.kept``)."""

    def run_many(self, requests: list[tuple[Any, dict[str, Any]]], kept: bool = True) -> list[tuple[list[str], list[tuple]]]:
        """Run several named queries on the same state of the store."""

    def kept_keys(self) -> tuple[list[str], dict[tuple[str, str], str]]:
        """The loaded cases, and the key of each answer kept ready ((case, query) -> key)."""

    def keep_answers(self, answers: dict[tuple[str, str], tuple[str, str]]) -> None:
        """Keep answers ready ((case, query) -> (key, rows as JSON)), in one transaction. Any
        later write of a case's graph or derived graph deletes that case's, in its own."""

    def select(self, text: str, params: dict[str, Any]) -> tuple[list[str], list[tuple]]:
        """Run a read-only query written in ``query_language``."""

    def close(self) -> None: ...

    def __enter__(self) -> "Store": ...

    def __exit__(self, *exc) -> None: ...
