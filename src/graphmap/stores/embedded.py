"""The embedded store: Oxigraph on disk, no server. One named graph per case.

A store is a folder: ``live`` points to the Oxigraph database in use (``data-NNNNNN``), and
``write.lock`` lets one writer in at a time (others wait). A load replaces its graphs in one
of two ways, both all-or-nothing — a reader sees the old cases or the new ones, never a mix,
and a failure or a kill leaves the store as it was:

- a small load (the usual case: a few files) is one SPARQL update, a single transaction,
  that deletes and inserts only the triples that changed (a case loaded again unchanged
  writes nothing);
- a big load (many cases at once: a whole barometer) is written with Oxigraph's bulk loader
  — several times faster, but not transactional — into a new database beside the live one,
  along with the graphs it does not replace; then ``live`` is switched to it in one atomic
  rename. The previous database stays one load longer for readers that still have it open.

Every write ends with a flush: nothing is left only in RocksDB's write-ahead log. A reader
opens the database as it is on disk (its file list, then the log); a writer that opened a
database with a pending log would move that log into tables and delete it meanwhile, and a
reader caught in between would see an empty store.

graphmap only changes folders it made, and only deletes what it can prove it made. A store
folder holds the marker file ``graphmap-store``, written first when graphmap creates the folder
(or finds it empty); each database holds ``graphmap-database``, written before its first
triple. The tidy-up removes a database neither live nor previous only if it holds that marker
(or is empty: a load killed between creating the folder and marking it); any other folder,
``data-*`` or not, is left alone. A non-empty folder without the marker is refused, unless
graphmap recognises it as one of its older stores:

- made before the markers: ``live`` is a symbolic link to a ``data-NNNNNN`` database (a
  folder with an Oxigraph ``CURRENT`` file) beside it. The first write marks the
  folder and its live and previous databases; other unmarked ``data-*`` folders (a load killed
  under an older graphmap) are kept, to be removed by hand;
- made by the first graphmap: the folder is itself an Oxigraph database (a ``CURRENT`` file); its loads
  are all SPARQL updates and nothing in it is ever deleted.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

from graphmap.model.caseformat import case_format
from graphmap.derivation.engine import Rule, derived_graph_key
from graphmap.errors import StoreError, shown_name
from graphmap.model.vocabulary import GM, ontology_graph

__all__ = ["EmbeddedStore", "default_store_path", "ONTOLOGY_GRAPH", "RUBRIC_GRAPH"]

ONTOLOGY_GRAPH = URIRef(case_format().graph_iri + "_ontology")
RUBRIC_GRAPH = URIRef(case_format().graph_iri + "_rubric")
REVIEWS_GRAPH = URIRef(case_format().graph_iri + "_reviews")
LOADS_GRAPH = URIRef(case_format().graph_iri + "_loads")  # each case graph: the fingerprint of its file


def derived_graph(case: str) -> URIRef:
    """The graph of a case's verdicts (see derive.py), beside the case's own graph."""
    return URIRef(case_format().graph_iri + derived_graph_key(case))


def _skolemised(graph: Graph) -> Graph:
    """Blank nodes (OWL lists) get stable IRIs, so that reloading the ontology changes nothing."""
    return to_canonical_graph(graph).skolemize(authority="https://w3id.org", basepath="/graphmap/.well-known/genid/")


@cache
def _skolemised_ontology() -> Graph:
    return _skolemised(ontology_graph())


def default_store_path() -> Path:
    """``$GRAPHMAP_STORE``, else ``$XDG_DATA_HOME/graphmap/store`` (``~/.local/share/...``)."""
    if os.environ.get("GRAPHMAP_STORE"):
        return Path(os.environ["GRAPHMAP_STORE"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "graphmap" / "store"


BULK_FROM = 50_000
"""Triples from which a load goes through the bulk loader and a switch (see the module's notes)."""
LIVE, LOCK = "live", "write.lock"
STORE_MARKER, DATABASE_MARKER = "graphmap-store", "graphmap-database"
_DATABASE_NAME = re.compile(r"data-(\d{6})")


class _Busy(OSError):
    """``write.lock`` is held by another writer: wait for it."""


# What RocksDB says when another process, or this one, has the database open for writing.
_ROCKSDB_BUSY = ("While lock file:", "lock hold by current process")


class EmbeddedStore:
    """An on-disk Oxigraph store. Open it read-only to run queries next to a writer."""

    name = "embedded"
    query_language = "sparql"

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = Path(path) if path else default_store_path()
        self._shown = shown_name(self.path)  # as messages show it (quoted if it holds a line break...)
        self._lock = None
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self._shown}: is a file, not a store folder; give --store a folder")
        self._legacy = _is_database(self.path)
        if read_only:
            if not self._legacy and not (self.path / LIVE).exists():
                raise StoreError(f"{self._shown}: no graphmap store here yet; load cases first (graphmap load cases/)")
            self._store = self._open(lambda: ox.Store.read_only(str(self._database())))
            return
        self._claim()
        self._lock = self._wait(self._take_lock)
        try:
            if not self._legacy:
                self._tidy()
                if not (self.path / LIVE).exists():
                    self._switch(self._create_database().name)
            # Opened for writing only when something is written (``_for_writing``): RocksDB
            # rewrites its log, manifest and tables whenever a database is opened for writing,
            # so a command refused after opening the store leaves every file as it was.
            self._writing = not _is_database(self._database())  # a new database is made by opening it for writing
            opener = ox.Store if self._writing else ox.Store.read_only
            self._store = self._open(lambda: opener(str(self._database())))
        except BaseException:
            self._release()
            raise

    def _claim(self) -> None:
        """Make sure the folder is a graphmap store before anything is written in it.

        A missing or empty folder becomes one (its marker is the first thing written); a store
        of an older graphmap gets its markers, once its database has been opened read-only
        (which writes nothing); anything else is refused, left exactly as it was.
        """
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            # Listed before the marker is looked for: a writer creating the same store at the
            # same moment writes the marker before anything else.
            present = list(self.path.iterdir())
            if (self.path / STORE_MARKER).is_file():
                return
            older = [] if self._legacy else self._made_before_the_markers()
            if present and not older and not self._legacy:
                raise StoreError(f"{self._shown}: not a graphmap store, and not empty; give --store a new or empty "
                                 "folder (graphmap only changes folders it made)")
            if older or self._legacy:  # an older graphmap's: it must open before graphmap writes a byte in it
                probe = self._open(lambda: ox.Store.read_only(str(self._database())))
                del probe
            if self._legacy:
                return
            _write_marker(self.path / STORE_MARKER, "a graphmap store: graphmap may delete the data-* folders marked as its own")
            for name in older:
                _write_marker(self.path / name / DATABASE_MARKER, "a database of a graphmap store")
        except FileExistsError:
            raise StoreError(f"{self._shown}: is a file, not a store folder; give --store a folder") from None
        except OSError as exc:
            raise StoreError(f"{self._shown}: cannot write in the store folder: {exc.strerror or exc}") from None

    def _made_before_the_markers(self) -> list[str]:
        """The live and previous databases of a store made before the markers (none if it is not one)."""
        if not (self.path / LIVE).is_symlink():
            return []
        targets = [os.readlink(self.path / link) for link in (LIVE, "previous") if (self.path / link).is_symlink()]
        databases = [t for t in targets if _DATABASE_NAME.fullmatch(t) and _is_database(self.path / t)]
        return databases if databases[:1] == targets[:1] else []

    def _database(self) -> Path:
        """The Oxigraph database in use (resolved once: a later switch does not move an open store)."""
        return self.path if self._legacy else (self.path / LIVE).resolve()

    def _take_lock(self):
        try:
            handle = open(self.path / LOCK, "a+")
        except OSError as exc:  # a read-only file system, a folder not ours to write: no use waiting
            raise StoreError(f"{self._shown}: cannot write in the store folder: {exc.strerror}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise _Busy() from None
        return handle

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the file releases the lock
            self._lock = None

    def _open(self, opener):
        """Open the database; retry a reader that raced a writer closing its files."""
        for attempt in range(50):
            try:
                return self._wait(opener)
            except (StoreError, RuntimeError) as exc:
                # A read-only open lists the files of the moment; a writer that closes (or
                # switches) may remove one of them before it is opened. Opening again works.
                # RocksDB reports that file either as an I/O error or as "Corruption".
                detail = str(exc)
                if "No such file" in detail and attempt < 49:
                    time.sleep(0.05)
                    continue
                if isinstance(exc, StoreError):
                    raise
                raise StoreError(f"{self._shown}: cannot open the store: {detail.splitlines()[0]}") from None

    def _wait(self, opener):
        """Open or lock; a writer waits (up to $GRAPHMAP_LOCK_TIMEOUT s) for another writer to finish."""
        deadline = time.monotonic() + float(os.environ.get("GRAPHMAP_LOCK_TIMEOUT", "300"))
        while True:
            try:
                return opener()
            except OSError as exc:
                detail = str(exc)
                if not isinstance(exc, _Busy) and not any(busy in detail for busy in _ROCKSDB_BUSY):
                    raise StoreError(f"{self._shown}: cannot open the store: {detail.splitlines()[0]}") from None
                if time.monotonic() > deadline:
                    raise StoreError(f"{self._shown}: the store is still in use by another graphmap process; try again when it has finished") from None
                time.sleep(0.1)

    # --- the databases of a store folder ------------------------------------------------

    def _databases(self) -> list[str]:
        """The folders named like databases (``data-NNNNNN``), graphmap's or not."""
        return sorted(p.name for p in self.path.iterdir() if _DATABASE_NAME.fullmatch(p.name) and p.is_dir())

    def _create_database(self) -> Path:
        """A new, marked, empty database folder, numbered after every ``data-NNNNNN`` present."""
        names = self._databases()
        target = self.path / f"data-{int(names[-1][5:]) + 1 if names else 1:06d}"
        target.mkdir()
        _write_marker(target / DATABASE_MARKER, "a database of a graphmap store")
        return target

    def _switch(self, name: str) -> None:
        """Point ``live`` at database ``name`` in one atomic rename; remember the previous one."""
        live = self.path / LIVE
        previous = os.readlink(live) if live.is_symlink() else None
        for link, target in (("previous", previous), (LIVE, name)):
            if target is None:
                continue
            tmp = self.path / f".{link}.tmp"
            tmp.unlink(missing_ok=True)
            os.symlink(target, tmp)
            os.replace(tmp, self.path / link)
        fd = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def _tidy(self) -> None:
        """Remove graphmap's databases neither live nor previous: older ones, or a load killed half-way.

        Only a folder holding graphmap's marker, or an empty one, is removed (see the module's notes).
        """
        keep = {os.readlink(self.path / link) for link in (LIVE, "previous") if (self.path / link).is_symlink()}
        for name in self._databases():
            folder = self.path / name
            if name in keep:
                continue
            if (folder / DATABASE_MARKER).is_file():
                shutil.rmtree(folder, ignore_errors=True)
            elif not any(folder.iterdir()):
                folder.rmdir()

    # --- writing ------------------------------------------------------------------------

    def write_cases(self, cases: list, rubric: Graph, derived: dict[str, list[str]] | None = None) -> None:
        """Replace these cases (``CheckedCase``), the ontology, the rubric and the derived graphs
        given (case id -> N-Triples lines), all in one transaction.

        Cases ``unchanged`` since the store was loaded from the same file are left as they are;
        the fingerprint of each case's file is recorded (``fingerprints``) in the same transaction.
        """
        fmt = case_format()
        known = self.fingerprints()
        moved = [item.case.path for item in cases if item.unchanged and known.get(item.fingerprint) != item.case.id]
        if moved:
            raise StoreError(f"{self._shown}: the store changed while the files were checked ({moved[0]} is no longer "
                             "loaded as it was); nothing was written: load again")
        graphs = {ONTOLOGY_GRAPH: _skolemised_ontology(), RUBRIC_GRAPH: _skolemised(rubric)}
        graphs.update({fmt.case_graph(item.case.id): item.ntriples for item in cases if not item.unchanged})
        prints = {fmt.case_graph(case): fp for fp, case in known.items()}
        prints.update({fmt.case_graph(item.case.id): item.fingerprint for item in cases})
        graphs[LOADS_GRAPH] = [f"<{graph}> <{GM.sourceFingerprint}> \"{fp}\" ." for graph, fp in sorted(prints.items()) if fp]
        graphs.update({derived_graph(case): lines for case, lines in (derived or {}).items()})
        self.replace_graphs(graphs)

    def write_derived(self, derived: dict[str, list[str]], reviews: Graph | None = None) -> None:
        """Replace the derived graphs given (and the reviews, if given), in one transaction."""
        graphs: dict[URIRef, Graph | list[str]] = {derived_graph(case): lines for case, lines in derived.items()}
        if reviews is not None:
            graphs[REVIEWS_GRAPH] = reviews
        self.replace_graphs(graphs)

    def case_ntriples(self, case: str) -> bytes:
        """The N-Triples of one loaded case's own graph."""
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(case_format().case_graph(case))))

    def stored_rule(self) -> Rule | None:
        """The rubric the store's verdicts were derived with (None before the first load)."""
        graph = self._graph(RUBRIC_GRAPH)
        return Rule.from_graph(graph) if len(graph) else None

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

    def replace_graphs(self, graphs: dict[URIRef, Graph | list[str]]) -> None:
        """Replace each named graph by the given triples (a graph or N-Triples lines), all at once."""
        if self._lock is None:
            raise StoreError(f"{self._shown}: this store was opened read-only; nothing was written")
        bodies = {name: "\n".join(g) if isinstance(g, list) else g.serialize(format="nt") for name, g in graphs.items()}
        size = sum(len(g) for g in graphs.values())
        try:
            if size >= BULK_FROM and not self._legacy:
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
            parts.append(f"DELETE DATA {{ GRAPH <{name}> {{\n{_ntriples(gone)}\n}} }}")
        if added:
            parts.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{_ntriples(added)}\n}} }}")
        return parts

    def _bulk_replace(self, bodies: dict[URIRef, str]) -> None:
        """Build a new database (the graphs kept, then the new ones) with the bulk loader; switch to it."""
        target = self._create_database()
        try:
            fresh = ox.Store(str(target))
            parts = [_as_nquads(self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph), graph.value)
                     for graph in self._store.named_graphs() if URIRef(graph.value) not in bodies]
            parts += [_as_nquads(body.encode("utf-8") + b"\n", str(graph)) for graph, body in bodies.items()]
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

    # --- reading ------------------------------------------------------------------------

    def run_named(self, query, params: dict[str, Any]) -> tuple[list[str], list[tuple]]:
        """Run a named query: ``case`` picks the case's graph, other parameters bind columns."""
        params = {k: v for k, v in params.items() if v is not None}
        case = params.pop("case", None)
        if case is None:
            return self._select(query.sparql, params)
        return self._select(query.sparql, params, case_graphs=[case_format().case_graph(case), derived_graph(case)],
                           shared_graphs=[ONTOLOGY_GRAPH, RUBRIC_GRAPH])

    def run_many(self, requests: list[tuple[Any, dict[str, Any]]]) -> list[tuple[list[str], list[tuple]]]:
        """Run named queries (``(query, params)`` pairs) at the same time, one per core.

        Oxigraph evaluates a query without Python's lock, so two queries take the time of the
        longer one on two cores. They read the same database: a store opened read-only sees
        the state it was opened on; one opened for writing is only written by its own loads.
        """
        if len(requests) == 1:
            return [self.run_named(*requests[0])]
        with ThreadPoolExecutor(max_workers=min(len(requests), os.cpu_count() or 1)) as pool:
            return list(pool.map(lambda request: self.run_named(*request), requests))

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
            substitutions = {ox.Variable(k): _term(v) for k, v in (params or {}).items()}
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
        if not isinstance(solutions, ox.QuerySolutions):
            raise StoreError("only SELECT queries can be run here (ASK, CONSTRUCT and updates are refused)")
        columns = [v.value for v in solutions.variables]
        # Big answers repeat their terms (case ids, classes, sections, shared tools): each distinct
        # term is converted once. Rows are in the order of ``columns``.
        converted: dict[Any, Any] = {None: None}

        def python(term: Any) -> Any:
            try:
                return converted[term]
            except KeyError:
                value = converted[term] = _python(term)
                return value

        rows = [tuple(map(python, solution)) for solution in solutions]
        return columns, rows

    def cases(self) -> list[str]:
        """Ids of the loaded cases."""
        prefix = case_format().graph_iri
        return [g[len(prefix):] for g in self.graph_names() if g.startswith(prefix) and not g[len(prefix):].startswith("_")]

    @property
    def location(self) -> str:
        """Where the store is, as messages show it: its folder."""
        return self._shown

    def export_case(self, case: str, derived: bool = False) -> Graph:
        """The graph of one loaded case, or with ``derived`` its derived graph (its verdicts)."""
        return self._graph(derived_graph(case) if derived else case_format().case_graph(case))

    def _graph(self, graph: URIRef) -> Graph:
        """The triples of one named graph as an rdflib graph, term by term (not through
        rdflib's N-Triples reader, which reads a long line again and again: a 1 MB literal took
        5-11 s, 4 MB about 110 s)."""
        out = Graph()
        rdf = _rdflib_term
        out.addN((rdf(q.subject), rdf(q.predicate), rdf(q.object), out)
                 for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))
        return out

    def close(self) -> None:
        if hasattr(self, "_store"):
            del self._store
        self._release()

    def __enter__(self) -> "EmbeddedStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_MANIFEST = re.compile(r"MANIFEST-\d{1,20}\n")


def _is_database(folder: Path) -> bool:
    """Whether ``folder`` looks like an Oxigraph (RocksDB) database: a ``CURRENT`` file naming a
    ``MANIFEST-N`` file that is there. A stray ``CURRENT`` file does not make a database."""
    if not (folder / "CURRENT").is_file():  # a pipe named CURRENT would hang the read
        return False
    try:
        with open(folder / "CURRENT", "rb") as handle:
            current = handle.read(64).decode("ascii")
    except (OSError, UnicodeDecodeError):
        return False
    return _MANIFEST.fullmatch(current) is not None and (folder / current.strip()).is_file()


def _write_marker(path: Path, what: str) -> None:
    """Write graphmap's marker file (kept if it exists: only its presence counts)."""
    try:
        with open(path, "x", encoding="utf-8") as marker:
            marker.write(f"{what}; written by graphmap, do not remove\n")
    except FileExistsError:
        pass


def _ntriples(triples) -> str:
    return "".join(f"{triple} .\n" for triple in triples)


def _bulk_load_in_parallel(store: ox.Store, parts: list[bytes]) -> None:
    """Bulk-load N-Quads documents, one loader per core, the documents shared out by size.

    A bulk load keeps about one core busy (parsing, sorting and writing the index tables),
    and it runs without Python's lock: two loaders on two cores take half the time. Each
    loader writes its own tables, which overlap; merging them afterwards costs about a third
    of what the second core saved, and keeps queries as fast as after a single loader.
    """
    workers = max(1, min(os.cpu_count() or 1, 4, len(parts)))
    shares: list[list[bytes]] = [[] for _ in range(workers)]
    sizes = [0] * workers
    for part in sorted(parts, key=len, reverse=True):
        lightest = sizes.index(min(sizes))
        shares[lightest].append(part)
        sizes[lightest] += len(part)
    documents = [b"".join(share) for share in shares if share]
    if len(documents) == 1:
        store.bulk_load(documents[0], format=ox.RdfFormat.N_QUADS)
        return
    with ThreadPoolExecutor(len(documents)) as pool:
        for done in [pool.submit(store.bulk_load, doc, format=ox.RdfFormat.N_QUADS) for doc in documents]:
            done.result()  # raises the first loader's error
    store.optimize()  # one set of tables again: overlapping ones slow every scan by a fifth to a third


def _as_nquads(ntriples: bytes, graph: str) -> bytes:
    """N-Triples lines (each ending in `` .\\n``; literals hold no raw newline) put in ``graph``."""
    return ntriples.replace(b" .\n", f" <{graph}> .\n".encode("utf-8"))


def _term(value: Any) -> ox.Literal | ox.NamedNode:
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(str(value))


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _rdflib_term(term: Any):
    """An Oxigraph term as rdflib's (a plain literal without datatype, as N-Triples reads it)."""
    if type(term) is ox.NamedNode:
        return URIRef(term.value)
    if type(term) is ox.Literal:
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == _XSD + "string" else Literal(term.value, datatype=URIRef(datatype))
    return BNode(term.value)
_TEXT = {_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
_INTEGER = {_XSD + "integer", _XSD + "long", _XSD + "int"}
_NUMBER = {_XSD + "decimal", _XSD + "double", _XSD + "float"}


def _python(term: Any) -> Any:
    """A query result's term as plain Python (text, the most frequent, tested first)."""
    if type(term) is ox.Literal:
        dt = term.datatype.value
        if dt in _TEXT:
            return term.value
        if dt in _INTEGER:
            return int(term.value)
        if dt in _NUMBER:
            return round(float(term.value), 4)
        if dt == _XSD + "boolean":
            return term.value in ("true", "1")
    return term.value
