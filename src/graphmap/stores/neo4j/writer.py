"""Writing Neo4j: cases in whole-case transactions (detach, merge, create, count, sweep), and the
read-consistency protocol (a load counts itself and holds a tagged transaction; a read waits,
runs, and runs again if a load began meanwhile): see the notes of ``graphmap.stores.neo4j``."""

from __future__ import annotations

import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import cache
from typing import Any

from rdflib import Graph

from graphmap.derivation.engine import derived_graph_key
from graphmap.errors import StoreError
from graphmap.model.caseformat import case_format
from graphmap.model.pgmapping import PGGraph, pg_mapping, to_property_graph
from graphmap.model.vocabulary import vocabularies_graph
from graphmap.stores.neo4j.connection import ServerLost
from graphmap.stores.neo4j.statements import statement, statements

BATCH_SIZE = 5000  # rows per UNWIND
GROUP_ROWS = 20_000  # nodes and relationships per transaction, in whole cases
READERS = 4  # read transactions at the same time beside the first (see _together)
VOCABULARY_CASE = "_vocabularies"
EXTENSION_CASE = "_vocabulary"  # a barometer's own concepts (model/extension.py)
RUBRIC_CASE = "_rubric"
REVIEWS_CASE = "_reviews"
RUBRIC_ANCHORS = "_rubric-anchors"  # the IRIs of the rubric to load, as bare nodes: see write_cases
BOOKKEEPING_LABELS = ("GraphmapCase", "GraphmapCatalog", "GraphmapKept")


class Writer:
    """What a Neo4j store writes, and how its reads wait for a load (see the module's notes)."""

    def fingerprints(self) -> dict[str, str]:
        """Neo4j records no file fingerprints: every case given to a load is written again."""
        return {}

    def write_cases(self, cases: list, rubric: Graph, derived: dict[str, list[str]] | None = None,
                    vocabulary: Graph | None = None) -> None:
        """Write the vocabularies (a barometer's own concepts too, if given) and the rubric, then each case (``CheckedCase``) with its derived
        graph (``derived``: case id -> N-Triples lines) in the same transaction; derived graphs of
        cases not given (verdicts derived again under a new rubric) are written after them."""
        if any(item.unchanged for item in cases):
            raise StoreError("Neo4j records no file fingerprints: give it the checked cases, not the unchanged ones")
        derived = dict(derived or {})
        items = [(item.case.id, item) for item in cases]
        written: list[str] = []
        rubric_pg = to_property_graph(rubric)
        # The rubric in force changes only with the last transaction (see _write_in_groups), but
        # the derived graphs written before it point at its nodes (prov:used, the criteria): the
        # nodes are made first as bare IRIs, with no property the rubric in force would read.
        anchors = PGGraph(nodes={iri: {"labels": [], "props": {}} for iri in rubric_pg.nodes}, relationships=[])
        try:
            with self.loading():
                first = [(VOCABULARY_CASE, to_property_graph(vocabularies_graph())), (RUBRIC_ANCHORS, anchors)]
                if vocabulary is not None:
                    first.append((EXTENSION_CASE, to_property_graph(vocabulary)))
                self._write_group(first)
                self._write_in_groups(items, derived, last=(RUBRIC_CASE, rubric_pg), written=written)
        except ServerLost as exc:
            done = len(set(written) & {key for key, _ in items})
            state = (f"{done} of {len(items)} cases written" if done < len(items)
                     else "every case written, the verdicts of the other cases not yet derived again")
            raise StoreError(f"{exc.reason} part-way through the load ({state}); each case is whole, in its old or "
                             "its new version; run the same load again to complete it") from None

    def _write_in_groups(self, items: list[tuple[str, Any]], derived: dict[str, list[str]],
                         last: tuple[str, PGGraph] | None = None, written: list[str] | None = None) -> None:
        """Write cases (key, ``CheckedCase`` or N-Triples lines) each with its derived graph, then
        the other derived graphs, in transactions of about GROUP_ROWS rows; ``last`` goes with the
        last of them. A case's triples are those the load parsed once (``CheckedCase.parsed``,
        which the verdicts' engine read too), freed as soon as its property graph is made.

        The rubric is that ``last``: the one the database holds says which rule every derived
        graph follows, so it changes only with the last of them. A load interrupted before
        keeps the old one, and running it again derives the other cases' verdicts again.
        ``written`` gets the keys of each transaction once it has committed."""
        written = [] if written is None else written
        group: list[tuple[str, PGGraph]] = []
        rows = 0
        pending = [(key, lines, derived.pop(key, None)) for key, lines in items]
        pending += [(derived_graph_key(case), lines, None) for case, lines in sorted(derived.items())]
        for index, (key, source, verdicts) in enumerate(pending):
            pending[index] = None  # its triples are freed once its property graph is made
            parts = [(key, _property_graph(source))]
            if verdicts is not None:
                parts.append((derived_graph_key(key), to_property_graph(verdicts)))
            group.extend(parts)
            rows += sum(len(pg.nodes) + len(pg.relationships) for _, pg in parts)
            if rows >= GROUP_ROWS and index < len(pending) - 1:
                self._write_group(group)
                written.extend(k for k, _ in group)
                group, rows = [], 0
        if last is not None:
            group.append(last)
        if group:
            self._write_group(group)
            written.extend(k for k, _ in group)

    def write_derived(self, derived: dict[str, list[str]], reviews: Graph | None = None) -> None:
        """Replace the derived graphs given (and the reviews, if given), in one transaction."""
        group = [(derived_graph_key(case), to_property_graph(lines)) for case, lines in sorted(derived.items())]
        if reviews is not None:
            group.append((REVIEWS_CASE, to_property_graph(reviews)))
        with self.loading():
            self._write_group(group)

    def keep_answers(self, answers: dict[tuple[str, str], tuple[str, str]]) -> None:
        """Keep answers ready ((case, query) -> (key, rows as JSON): stores/kept.py), in one transaction."""
        rows = [{"case": case, "query": query, "key": key, "rows": text}
                for (case, query), (key, text) in sorted(answers.items())]
        with self.loading():
            self._guard(lambda tx: [tx.run(statement("keep-answers"), rows=batch).consume()
                                    for batch in _batches(rows, 200)])

    def write_graph(self, key: str, graph: Graph) -> None:
        """Replace what ``key`` (a case id) loaded by ``graph``, in one transaction."""
        with self.loading():
            self._write_group([(key, to_property_graph(graph))])

    def _write_group(self, group: list[tuple[str, PGGraph]]) -> None:
        self._guard(lambda tx: _write(tx, group))

    @contextmanager
    def loading(self):
        """Make the writes inside visible to queries all at once (see the module's notes)."""
        if self._loading:
            self._loading += 1
            try:
                yield
            finally:
                self._loading -= 1
            return
        self.prepare()
        session = self._session()
        try:
            with self._errors():
                marker = session.begin_transaction(metadata={"graphmap": "load"})
                marker.run(statement("ping")).consume()
            self._guard(lambda tx: tx.run(statement("begin-load")).consume())
        except Exception:
            session.close()
            raise
        self._loading = 1
        try:
            yield
        finally:
            self._loading = 0
            try:
                marker.close()
                session.close()
            except Exception:  # the server went away: the marker went with it
                pass

    def prepare(self) -> None:
        """Create the constraints; give bookkeeping nodes to cases loaded by an older graphmap."""
        def work(tx):
            record = tx.run(statement("catalog-tracked")).single()
            if not record["tracked"]:
                tx.run(statement("track-cases")).consume()

        with self._errors(), self._session() as session:
            for text in statements("constraints"):
                session.run(text).consume()
        self._guard(work)

    def drop_case(self, key: str) -> None:
        """Remove a case and its derived verdicts, in one transaction."""
        with self.loading():
            self._guard(lambda tx: _sweep(tx, _detach(tx, [key, derived_graph_key(key)])))


    def _read(self, *works) -> list:
        """Run each of ``works`` in a read transaction, all at the same time; what they return.

        Together they see no load half-applied, and no load between them: the first
        transaction reads the load count and waits while a load runs (up to
        the settings' ``lock_timeout`` s); the others run beside it in their own transactions; then
        it reads the count again, and all run again if a load began meanwhile.
        """
        if self._loading:
            return self._guard(lambda tx: self._together(tx, works), read=True)
        deadline = time.monotonic() + self.settings.lock_timeout
        database = self.settings.database
        while True:
            def attempt(tx):
                before = tx.run(statement("load-generation")).single()["generation"]
                running = tx.run(statement("running-loads"), database=database).single()
                if running["loads"]:
                    return None, running["since"]
                outs = self._together(tx, works)
                after = tx.run(statement("load-generation")).single()["generation"]
                return (outs, None) if after == before else (None, "now")

            outs, since = self._guard(attempt, read=True)
            if since is None:
                return outs
            if time.monotonic() > deadline:
                raise StoreError(f"Neo4j at {self.settings.uri} is being loaded by another graphmap process "
                                 f"(since {since}); try again when it has finished")
            time.sleep(0.05)

    def _together(self, tx, works) -> list:
        """``works[0]`` in ``tx``, the others at the same time (READERS at once), each in its own read transaction."""
        if len(works) == 1:
            return [works[0](tx)]
        with ThreadPoolExecutor(max_workers=min(len(works) - 1, READERS)) as pool:
            others = [pool.submit(self._guard, work, True) for work in works[1:]]
            first = works[0](tx)
            return [first] + [other.result() for other in others]

def _property_graph(source) -> PGGraph:
    """The property graph of a ``CheckedCase`` (from the triples the load parsed, then freed) or
    of N-Triples lines."""
    if isinstance(source, list):
        return to_property_graph(source)
    pg = to_property_graph(source.parsed())
    source.release()
    return pg


def _batches(rows: list, size: int = BATCH_SIZE):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


@cache
def _detach_statement() -> str:
    """detach-cases, with every label of the ontology to take off the nodes it empties."""
    labels = "".join(f":{label}" for label in sorted(set(pg_mapping().labels.values())))
    return statement("detach-cases").replace("{labels}", labels)


def _detach(tx, keys: list[str]) -> list[str]:
    """Remove what the cases ``keys`` loaded, and the answers kept ready of the cases they are
    or whose verdicts they are (stores/kept.py); the IRIs of the nodes left empty (see detach-cases)."""
    derived = derived_graph_key("")
    cases = [key[len(derived):] if key.startswith(derived) else key for key in keys
             if key.startswith(derived) or not key.startswith("_")]
    if cases:
        tx.run(statement("drop-kept"), cases=cases).consume()
    return [r["iri"] for r in tx.run(_detach_statement(), cases=keys, prefix=case_format().base_iri)]


def _sweep(tx, iris: list[str]) -> None:
    """Delete the nodes of ``iris`` left empty and not taken again."""
    for batch in _batches(iris):
        tx.run(statement("sweep-nodes"), iris=batch).consume()


def _write(tx, group: list[tuple[str, PGGraph]]) -> None:
    """Replace the cases of ``group`` (case id, property graph), in transaction ``tx``."""
    mapping = pg_mapping()
    allowed_labels = set(mapping.labels.values())
    allowed_types = set(mapping.rel_types.values())
    keys = [key for key, _ in group]
    left = _detach(tx, keys)  # a case with its derived graph: what either leaves empty is returned once both are detached
    by_label: dict[str, list] = defaultdict(list)
    by_type: dict[str, list] = defaultdict(list)
    for key, pg in group:
        for iri, node in pg.nodes.items():
            labels = node["labels"] or ["Resource"]
            by_label[":".join(labels)].append({"iri": iri, "props": node["props"], "case": key})
        for source, rel_type, target in pg.relationships:
            by_type[rel_type].append({"source": source, "target": target, "case": key})
    for label, rows in sorted(by_label.items()):
        if label != "Resource" and not set(label.split(":")) <= allowed_labels:
            raise StoreError(f"label {label!r} is not a class of the ontology")
        merge = statement("merge-nodes").replace("{label}", label)
        for batch in _batches(rows):
            tx.run(merge, rows=batch).consume()
    created = 0
    for rel_type, rows in sorted(by_type.items()):
        if rel_type not in allowed_types:
            raise StoreError(f"relationship type {rel_type!r} is not a property of the ontology")
        create = statement("create-relationships").replace("{type}", rel_type)
        for batch in _batches(rows):
            created += tx.run(create, rows=batch).consume().counters.relationships_created
    tx.run(statement("record-cases"), records=[_record(key, pg) for key, pg in group]).consume()
    _sweep(tx, left)
    # Every node is merged; a relationship is not created when one of its ends is missing (a
    # concept the vocabularies do not have). Counted as they are created: counting them again
    # from the nodes would read the relationships of shared nodes (a tool every case uses)
    # once per case, which grows with the square of the number of cases.
    if created != sum(len(pg.relationships) for _, pg in group):
        _explain_missing(tx, group)


def _record(key: str, pg: PGGraph) -> dict:
    """What the bookkeeping node of case ``key`` keeps (see record-cases and detach-cases)."""
    own = f"{case_format().base_iri}{key}/"
    external = [f"{source} {rel_type} {target}" for source, rel_type, target in pg.relationships
                if not source.startswith(own)]
    return {"case": key, "iris": sorted(pg.nodes), "external": external}


def _explain_missing(tx, group: list[tuple[str, PGGraph]]) -> None:
    """Raise the error naming the case whose relationships were not all created."""
    keys = [key for key, _ in group]
    found = {r["case"]: (r["nodes"], r["relationships"]) for r in tx.run(statement("count-cases"), cases=keys)}
    for key, pg in group:
        expected = (len(pg.nodes), len(pg.relationships))
        if found.get(key) != expected:
            got = found.get(key, (0, 0))
            raise StoreError(
                f"case {key!r}: Neo4j holds {got[0]} nodes and {got[1]} relationships, the RDF graph "
                f"gives {expected[0]} and {expected[1]}; the load was rolled back"
            )
    raise StoreError(f"cases {', '.join(keys)}: fewer relationships were created than their RDF graphs give; "
                     "the load was rolled back")
