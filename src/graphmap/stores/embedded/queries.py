"""Reading an embedded store: named and ad-hoc SPARQL queries, a case's graph, the rubric, the
fingerprints of the loaded files."""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import PROV

from graphmap.derivation.engine import Rule, derivation_iri
from graphmap.errors import StoreError
from graphmap.model.caseformat import case_format
from graphmap.model.vocabulary import GM
from graphmap.stores.kept import case_key, decode, keepable, kept_key, ready_rows
from graphmap.stores.embedded.graphs import (KEPT_PREFIX, LOADS_GRAPH, ONTOLOGY_GRAPH, REFERENCE_PREFIX, RUBRIC_GRAPH, VOCABULARY_GRAPH,
                                             derived_graph, kept_graph)
from graphmap.model.oxterms import rdflib_term
from graphmap.stores.embedded.terms import python_value, oxigraph_term


RDF_SYNTAXES = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                "rdfxml": ox.RdfFormat.RDF_XML}


# An ORDER BY clause outside comments (a query's header and notes are comment lines).
_ORDER_BY = re.compile(r"^[^#\n]*\bORDER\s+BY\b", re.I | re.M)


def in_declared_order(query, columns: list[str], rows: list[tuple]) -> list[tuple]:
    """``rows`` in the order the query's header declares (``# order: case, task``, ascending)
    when its SPARQL leaves the order to the store (no ORDER BY); as they are otherwise.

    Oxigraph's ORDER BY reads each string again from the database at every comparison: sorting
    43,000 verdicts by case, question and id took 2.5 s, Python's sort of the converted rows
    0.03 s. Unbound values come first, then numbers, then text, as ORDER BY puts them; text in
    code point order, as Oxigraph compares simple literals.
    """
    if not query.order or _ORDER_BY.search(query.sparql) or not set(query.order) <= set(columns):
        return rows  # ordered by its SPARQL, or not at all (a header naming other columns is refused after)
    keys = [columns.index(column) for column in query.order]

    def key(row):
        return tuple((row[i] is not None, type(row[i]) is str, 0 if row[i] is None else row[i]) for i in keys)

    rows.sort(key=key)
    return rows


class NativeGraph:
    """Triples read from an embedded store (Oxigraph's terms): written in an RDF syntax by
    Oxigraph's serialiser, or given as rdflib's terms."""

    def __init__(self, triples: list):
        self.triples = triples

    def __len__(self) -> int:
        return len(self.triples)

    def serialise(self, syntax: str, prefixes: dict[str, str]) -> bytes:
        """The graph in ``syntax`` (``ttl``, ``nt``, ``jsonld``, ``rdfxml``), with these prefixes."""
        return ox.serialize(self.triples, format=RDF_SYNTAXES[syntax], prefixes=prefixes)

    def rdflib_triples(self):
        rdf = rdflib_term
        return ((rdf(t.subject), rdf(t.predicate), rdf(t.object)) for t in self.triples)


class Queries:
    """What an embedded store answers."""

    def case_ntriples(self, case: str) -> bytes:
        """The N-Triples of one loaded case's own graph."""
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(case_format().case_graph(case))))

    def stored_rule(self) -> Rule | None:
        """The rubric the store's verdicts were derived with (None before the first load)."""
        graph = self._graph(RUBRIC_GRAPH)
        return Rule.from_graph(graph) if len(graph) else None

    def stored_vocabulary(self) -> Graph | None:
        """A barometer's own concepts the store's cases were checked with (None if none)."""
        graph = self._graph(VOCABULARY_GRAPH)
        return graph if len(graph) else None

    def derived_cases(self) -> set[str]:
        """The cases whose verdicts are in the store."""
        prefix = str(derived_graph(""))
        return {g[len(prefix):] for g in self.graph_names() if g.startswith(prefix)}

    def fingerprints(self) -> dict[str, str]:
        """The fingerprint of the file each loaded case came from (``load.file_fingerprint``) -> its case id."""
        prefix = case_format().graph_iri
        rows = self._store.quads_for_pattern(None, ox.NamedNode(str(GM.sourceFingerprint)), None, ox.NamedNode(str(LOADS_GRAPH)))
        loaded = set(self.cases())
        found = {quad.object.value: quad.subject.value[len(prefix):] for quad in rows}
        return {fp: case for fp, case in found.items() if case in loaded}

    def run_named(self, query, params: dict[str, Any], kept: bool = True) -> tuple[list[str], list[tuple]]:
        """Run a named query: ``case`` picks the case's graph, other parameters bind columns.
        Over every case, a kept query reads the answers kept ready when every case has them
        (``kept=False`` runs it regardless: stores/kept.py)."""
        if kept and keepable(query, params):
            ready = self._kept_rows(query)
            if ready is not None:
                return ready
        params = {k: v for k, v in params.items() if v is not None}
        case = params.pop("case", None)
        if case is None:
            columns, rows = self._select(query.sparql, params)
        else:
            references = [URIRef(g) for g in self.graph_names() if g.startswith(REFERENCE_PREFIX)]
            columns, rows = self._select(query.sparql, params, case_graphs=[case_format().case_graph(case), derived_graph(case)],
                                         shared_graphs=[ONTOLOGY_GRAPH, VOCABULARY_GRAPH, RUBRIC_GRAPH, *references])
        return columns, in_declared_order(query, columns, rows)

    def run_many(self, requests: list[tuple[Any, dict[str, Any]]], kept: bool = True) -> list[tuple[list[str], list[tuple]]]:
        """Run named queries (``(query, params)`` pairs) at the same time, one per core.

        Oxigraph evaluates a query without Python's lock, so two queries take the time of the
        longer one on two cores. They read the same database: a store opened read-only sees
        the state it was opened on; one opened for writing is only written by its own loads.
        """
        # answers kept ready are read here first: reading them is Python's work, which threads
        # would only take turns at; the queries left run side by side
        stamps = self.kept_keys()[0] if kept and any(keepable(query, params) for query, params in requests) else {}
        out: list = [self._kept_rows(query, stamps) if kept and keepable(query, params) else None for query, params in requests]
        left = [i for i, answer in enumerate(out) if answer is None]
        if len(left) == 1:
            out[left[0]] = self.run_named(*requests[left[0]], kept=False)
        elif left:
            with ThreadPoolExecutor(max_workers=min(len(left), os.cpu_count() or 1)) as pool:
                for i, answer in zip(left, pool.map(lambda i: self.run_named(*requests[i], kept=False), left)):
                    out[i] = answer
        return out

    def kept_keys(self) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
        """Each loaded case with when its verdicts were derived (its derivation's
        ``prov:startedAtTime``; "" if none), and the key of each answer kept ready ((case, query) -> key)."""
        stamps = dict.fromkeys(self.cases(), "")
        derived = str(derived_graph(""))
        for quad in self._store.quads_for_pattern(None, ox.NamedNode(str(PROV.startedAtTime)), None, None):
            case = quad.graph_name.value[len(derived):] if quad.graph_name.value.startswith(derived) else None
            if case in stamps and quad.subject.value == derivation_iri(case):
                stamps[case] = quad.object.value
        keys = {}
        start = len(KEPT_PREFIX)
        for quad in self._store.quads_for_pattern(None, ox.NamedNode(str(GM.keptKey)), None, None):
            subject = quad.subject.value
            case, _, name = subject[start:].rpartition("/")
            if subject.startswith(KEPT_PREFIX) and quad.graph_name.value == KEPT_PREFIX + case:
                keys[(case, name)] = quad.object.value
        return stamps, keys

    def _kept_rows(self, query, stamps: dict[str, str] | None = None) -> tuple[list[str], list] | None:
        """The answer of ``query`` over every case from the answers kept ready (``stamps``: the
        loaded cases' derivation times, from ``kept_keys``), or None unless every loaded case
        has its answer under this graphmap's key and its derivation's time."""
        key, columns = kept_key(query, "sparql"), list(query.columns)
        key_of, rows_of = str(GM.keptKey), str(GM.keptRows)
        stamps = self.kept_keys()[0] if stamps is None else stamps
        rows: list = []
        for case in sorted(stamps):
            graph = ox.NamedNode(str(kept_graph(case)))
            kept = {quad.predicate.value: quad.object.value
                    for quad in self._store.quads_for_pattern(ox.NamedNode(f"{graph.value}/{query.name}"), None, None, graph)}
            if kept.get(key_of) != case_key(key, stamps[case]) or rows_of not in kept:
                return None
            ready = decode(kept[rows_of], columns)
            if ready is None:
                return None
            rows += ready
        # each case's rows were kept in the declared order, and the cases come sorted: when that
        # order starts with the case, the rows are in order already (sorting 43,000 took 0.2 s)
        return columns, ready_rows(rows if query.order[:1] == ("case",) else in_declared_order(query, columns, rows))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def count(self, graph: URIRef | None = None) -> int:
        target = ox.NamedNode(str(graph)) if graph else None
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, target))

    def select(self, text: str, params: dict[str, Any]) -> tuple[list[str], list[tuple]]:
        """Run a SPARQL SELECT over the union of all graphs; values come back as plain Python."""
        return self._select(text, params)

    def _select(self, sparql: str, params: dict[str, Any] | None = None, case_graphs: list[URIRef] | None = None,
                shared_graphs: list[URIRef] = ()) -> tuple[list[str], list[tuple]]:
        """Run a SELECT; values come back as plain Python.

        The query sees the union of all graphs, or, with ``case_graphs``, only those cases
        (plus ``shared_graphs``, such as the ontology and the rubric). ``params`` bind
        projected variables (never pasted into the text).
        """
        try:
            substitutions = {ox.Variable(k): oxigraph_term(v) for k, v in (params or {}).items()}
            dataset: dict[str, Any] = {"use_default_graph_as_union": True}
            if case_graphs is not None:
                cases = [ox.NamedNode(str(g)) for g in case_graphs]
                dataset = {"default_graph": cases + [ox.NamedNode(str(g)) for g in shared_graphs], "named_graphs": cases}
        except ValueError as exc:  # a parameter or a case id no IRI or variable can hold
            raise StoreError(f"the query failed: {exc}") from None
        try:
            solutions = self._store.query(sparql, substitutions=substitutions, **dataset)
        except SyntaxError as exc:
            if re.match(r"\s*(PREFIX\s+\S+\s+<[^>]*>\s*)*(INSERT|DELETE|DROP|CLEAR|CREATE|LOAD|COPY|MOVE|ADD|WITH)\b", sparql, re.I):
                raise StoreError("SPARQL updates are refused: graphmap queries are read-only (load cases to change the store)") from None
            raise StoreError(f"SPARQL syntax error: {exc}") from None
        except RuntimeError as exc:
            raise StoreError(f"the query failed: {exc}") from None
        if isinstance(solutions, ox.QueryBoolean):  # ASK: one row
            return ["ask"], [(bool(solutions),)]
        if isinstance(solutions, ox.QueryTriples):  # CONSTRUCT, DESCRIBE: each term as N-Triples writes it
            return ["subject", "predicate", "object"], [tuple(map(str, triple)) for triple in solutions]
        columns = [v.value for v in solutions.variables]
        # Big answers repeat their terms (case ids, classes, sections, shared tools): each distinct
        # term is converted once. Rows are in the order of ``columns``.
        converted: dict[Any, Any] = {None: None}

        def python(term: Any) -> Any:
            try:
                return converted[term]
            except KeyError:
                value = converted[term] = python_value(term)
                return value

        rows = [tuple(map(python, solution)) for solution in solutions]
        return columns, rows

    def cases(self) -> list[str]:
        """Ids of the loaded cases."""
        prefix = case_format().graph_iri
        return [g[len(prefix):] for g in self.graph_names() if g.startswith(prefix) and not g[len(prefix):].startswith("_")]

    def export_case(self, case: str, derived: bool = False) -> Graph:
        """The graph of one loaded case, or with ``derived`` its derived graph (its verdicts)."""
        return self._graph(derived_graph(case) if derived else case_format().case_graph(case))

    def native_graph(self, cases: list[str], derived: bool) -> "NativeGraph":
        """The graphs of ``cases`` (with ``derived``, their verdicts' too) merged into one graph, as
        Oxigraph's triples: kept once the store is closed, written by Oxigraph's serialisers. A
        barometer's own concepts come with them (what its cases' concept IRIs mean)."""
        fmt = case_format()
        graphs = [name for case in cases for name in ([fmt.case_graph(case)] + ([derived_graph(case)] if derived else []))]
        graphs.append(VOCABULARY_GRAPH)
        # the store's order (each graph's, by subject), each triple once: same store, same bytes
        parts = [[quad.triple for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))]
                 for name in graphs]
        parts = [part for part in parts if part]
        if len(parts) == 1:  # one graph holds each triple once (most single-case exports: 0.1 s a MB)
            return NativeGraph(parts[0])
        seen: set = set()
        triples = []
        for part in parts:  # graphs may share triples (a product's type and id)
            for triple in part:
                if triple not in seen:
                    seen.add(triple)
                    triples.append(triple)
        return NativeGraph(triples)

    def _graph(self, graph: URIRef) -> Graph:
        """The triples of one named graph as an rdflib graph, term by term (not through
        rdflib's N-Triples reader, which reads a long line again and again: a 1 MB literal took
        5-11 s, 4 MB about 110 s)."""
        out = Graph()
        rdf = rdflib_term
        out.addN((rdf(q.subject), rdf(q.predicate), rdf(q.object), out)
                 for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))
        return out
