"""Writing an embedded store: cases, verdicts and reviews replaced all at once, by one SPARQL
update or, for a big load, by the bulk loader into a new database and a switch."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
from rdflib import Graph, URIRef

from graphmap.errors import StoreError
from graphmap.model.caseformat import case_format
from graphmap.model.vocabulary import GM
from graphmap.stores.embedded.graphs import (LOADS_GRAPH, ONTOLOGY_GRAPH, REVIEWS_GRAPH, RUBRIC_GRAPH, VOCABULARY_GRAPH, skolemised,
                                             skolemised_ontology, derived_graph, kept_graph, reference_graph)
from graphmap.stores.embedded.terms import as_nquads, ntriples_text

BULK_FROM = 50_000
"""Triples from which a load goes through the bulk loader and a switch (see the module's notes).

From a fifth of that, a load also goes that way when the store holds fewer other triples than
it writes (a first load, or one replacing most of the store): the bulk loader writes a triple
in about a third of the time a SPARQL update takes, and the triples kept are few to copy."""

PARALLEL_FROM = 2_000_000
"""Bytes of N-Quads (about 10,000 triples) from which the bulk loader runs on several cores,
each on a share of the lines: the loaders run without Python's lock, so two take about half
the time one does (a 1 MB case of 68,000 triples: 0.5 s instead of 0.9)."""

MERGE_FROM = 16_000_000
"""Bytes of N-Quads (about 90,000 triples) from which the tables the loaders wrote side by
side are merged afterwards (``optimize``, about two thirds of what the second core saved).
Below, the overlapping tables left cost nothing measurable (three scans and joins over a
70,000-quad store: the same times within the noise); at 36 MB joins were up to 70 % slower."""


class Writes:
    """What an embedded store writes (the folder's lock held: see ``StoreFolder``)."""

    def write_cases(self, cases: list, rubric: Graph, derived: dict[str, list[str]] | None = None,
                    vocabulary: Graph | None = None) -> None:
        """Replace these cases (``CheckedCase``), the ontology, the rubric, the derived graphs
        given (case id -> N-Triples lines) and, if given, a barometer's own concepts, all in one
        transaction.

        Cases ``unchanged`` since the store was loaded from the same file are left as they are;
        the fingerprint of each case's file is recorded (``fingerprints``) in the same transaction.
        """
        fmt = case_format()
        known = self.fingerprints()
        moved = [item.case.path for item in cases if item.unchanged and known.get(item.fingerprint) != item.case.id]
        if moved:
            raise StoreError(f"{self._shown}: the store changed while the files were checked ({moved[0]} is no longer "
                             "loaded as it was); nothing was written: load again")
        graphs = {ONTOLOGY_GRAPH: skolemised_ontology(), RUBRIC_GRAPH: skolemised(rubric)}
        if vocabulary is not None:
            graphs[VOCABULARY_GRAPH] = vocabulary
        graphs.update({fmt.case_graph(item.case.id): item.ntriples for item in cases if not item.unchanged})
        prints = {fmt.case_graph(case): fp for fp, case in known.items()}
        prints.update({fmt.case_graph(item.case.id): item.fingerprint for item in cases})
        graphs[LOADS_GRAPH] = [f"<{graph}> <{GM.sourceFingerprint}> \"{fp}\" ." for graph, fp in sorted(prints.items()) if fp]
        graphs.update({derived_graph(case): lines for case, lines in (derived or {}).items()})
        # A case's answers kept ready go with any write of its graph or its verdicts (stores/kept.py).
        written = {item.case.id for item in cases if not item.unchanged} | set(derived or {})
        graphs.update({kept_graph(case): [] for case in written})
        self.replace_graphs(graphs)

    def write_derived(self, derived: dict[str, list[str]], reviews: Graph | None = None) -> None:
        """Replace the derived graphs given (and the reviews, if given), in one transaction."""
        graphs: dict[URIRef, Graph | list[str]] = {derived_graph(case): lines for case, lines in derived.items()}
        graphs.update({kept_graph(case): [] for case in derived})  # see write_cases
        if reviews is not None:
            graphs[REVIEWS_GRAPH] = reviews
        self.replace_graphs(graphs)

    def keep_answers(self, answers: dict[tuple[str, str], tuple[str, str]]) -> None:
        """Keep answers ready ((case, query) -> (key, rows as JSON): stores/kept.py), in one
        transaction; each case's graph of kept answers is replaced whole."""
        by_case: dict[str, list[str]] = {case: [] for case, _ in sorted(answers)}
        for case in by_case:  # what the case already keeps for the other queries stays
            for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(kept_graph(case)))):
                by_case[case].append(f"{quad.subject} {quad.predicate} {quad.object} .")
        for (case, query), (key, text) in sorted(answers.items()):
            node = f"<{kept_graph(case)}/{query}>"
            by_case[case] = [line for line in by_case[case] if not line.startswith(node + " ")]
            by_case[case] += [f"{node} <{GM.keptKey}> {_literal(key)} .", f"{node} <{GM.keptRows}> {_literal(text)} ."]
        self.replace_graphs({kept_graph(case): lines for case, lines in by_case.items()})

    def write_reference(self, name: str, lines: list[str]) -> None:
        """Replace the reference dataset ``name`` (N-Triples lines), in one transaction."""
        self.replace_graphs({reference_graph(name): lines})

    def replace_graphs(self, graphs: dict[URIRef, Graph | list[str]]) -> None:
        """Replace each named graph by the given triples (a graph or N-Triples lines), all at once."""
        if self._lock is None:
            raise StoreError(f"{self._shown}: this store was opened read-only; nothing was written")
        bodies = {name: "\n".join(g) if isinstance(g, list) else g.serialize(format="nt") for name, g in graphs.items()}
        size = sum(len(g) for g in graphs.values())
        try:
            if not self._legacy and (size >= BULK_FROM or (size >= BULK_FROM // 5 and self._keeps_fewer(bodies, size))):
                self._bulk_replace(bodies)
                return
            parts = [part for name, body in bodies.items() for part in self._changes(name, body)]
            if parts:
                self._for_writing()
                self._store.update(" ;\n".join(parts))
                self._store.flush()  # see the module's notes: no committed data left only in the log
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self._shown}: the load was refused and nothing was written: {exc}") from None

    def _for_writing(self) -> None:
        """Open the database for writing (it was opened read-only; this writer holds the lock, so
        nothing changed in between)."""
        if not self._writing:
            del self._store
            self._store = self._open(lambda: ox.Store(str(self._database())))
            self._writing = True

    def _changes(self, name: URIRef, body: str) -> list[str]:
        """The SPARQL update operations that turn graph ``name`` into ``body`` (N-Triples).

        Only the triples that differ are deleted and inserted: a case loaded again unchanged
        (and the ontology, written with every load) costs a read, not a write; deleting every
        triple and inserting it again in the same transaction cost more than a first load.
        A graph with blank nodes, which DELETE DATA cannot name, is dropped and inserted whole.
        """
        new = {quad.triple for quad in ox.parse(body.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)}
        old = {quad.triple for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))}
        whole = [f"DROP SILENT GRAPH <{name}>"] + ([f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}"] if new else [])
        if not new or any(isinstance(term, ox.BlankNode) for triple in old | new for term in (triple.subject, triple.object)):
            return whole if old or new else []
        gone, added = old - new, new - old
        parts = []
        if gone:
            parts.append(f"DELETE DATA {{ GRAPH <{name}> {{\n{ntriples_text(gone)}\n}} }}")
        if added:
            parts.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{ntriples_text(added)}\n}} }}")
        return parts

    def _keeps_fewer(self, bodies: dict[URIRef, str], limit: int) -> bool:
        """Whether the graphs not replaced hold fewer than ``limit`` triples (counted up to it)."""
        kept = 0
        for graph in self._store.named_graphs():
            if URIRef(graph.value) in bodies:
                continue
            for _ in self._store.quads_for_pattern(None, None, None, graph):
                kept += 1
                if kept >= limit:
                    return False
        return True

    def _bulk_replace(self, bodies: dict[URIRef, str]) -> None:
        """Build a new database (the graphs kept, then the new ones) with the bulk loader; switch to it."""
        target = self._create_database()
        try:
            fresh = ox.Store(str(target))
            parts = [as_nquads(self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph), graph.value)
                     for graph in self._store.named_graphs() if URIRef(graph.value) not in bodies]
            parts += [as_nquads(body.encode("utf-8") + b"\n", str(graph)) for graph, body in bodies.items()]
            _bulk_load_in_parallel(fresh, parts)
            fresh.flush()
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        old = self._store
        self._switch(target.name)
        self._store, self._writing = fresh, True
        del old
        self._tidy()

    def read_reviews(self) -> Graph:
        return self._graph(REVIEWS_GRAPH)

def _literal(text: str) -> str:
    """``text`` as an N-Triples literal."""
    return str(ox.Literal(text))


def _bulk_load_in_parallel(store: ox.Store, parts: list[bytes]) -> None:
    """Bulk-load N-Quads documents, one loader per core, the lines shared out by size.

    A bulk load keeps about one core busy (parsing, sorting and writing the index tables),
    and it runs without Python's lock: two loaders on two cores take half the time. Each
    loader writes its own tables, which overlap; from ``MERGE_FROM`` bytes they are merged
    afterwards, which costs about two thirds of what the second core saved and keeps queries
    as fast as after a single loader. Below ``PARALLEL_FROM`` bytes, one loader.

    A part is cut between lines, unless it names a blank node: each loader gives the blank
    nodes of its document their own identity, so a blank node's statements stay in one.
    """
    total = sum(len(part) for part in parts)
    workers = 1 if total < PARALLEL_FROM else max(1, min(os.cpu_count() or 1, 4))
    if workers == 1:
        store.bulk_load(b"".join(parts), format=ox.RdfFormat.N_QUADS)
        return
    pieces = [piece for part in parts for piece in _cut(part, total // workers)]
    shares: list[list[bytes]] = [[] for _ in range(workers)]
    sizes = [0] * workers
    for piece in sorted(pieces, key=len, reverse=True):
        lightest = sizes.index(min(sizes))
        shares[lightest].append(piece)
        sizes[lightest] += len(piece)
    documents = [b"".join(share) for share in shares if share]
    with ThreadPoolExecutor(len(documents)) as pool:
        for done in [pool.submit(store.bulk_load, doc, format=ox.RdfFormat.N_QUADS) for doc in documents]:
            done.result()  # raises the first loader's error
    if total >= MERGE_FROM:
        store.optimize()  # one set of tables again: overlapping ones slow a big store's scans and joins


def _cut(part: bytes, size: int) -> list[bytes]:
    """``part`` (N-Quads, each line ending with a newline) in pieces of about ``size`` bytes,
    cut after a newline; whole if it names a blank node (``_:`` anywhere: a literal holding it
    only keeps the part whole) or is no longer than ``size``."""
    if len(part) <= size or size <= 0 or b"_:" in part:
        return [part]
    pieces, start = [], 0
    while len(part) - start > size:
        end = part.find(b"\n", start + size)
        if end < 0:
            break
        pieces.append(part[start:end + 1])
        start = end + 1
    if start < len(part):
        pieces.append(part[start:])
    return pieces
