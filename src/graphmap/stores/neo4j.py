"""Neo4j as a second store: the same case graphs as property graphs, queried in Cypher.

Cases are written in managed write transactions of about ``GROUP_ROWS`` nodes and
relationships (one case, or several small ones; a case never spans two): their previous
versions are detached, their nodes merged and relationships created in batches with
``UNWIND``, and the relationships created are counted against the RDF graphs before commit
(a missing end, such as a concept the vocabularies lack, names its case). A failure
at any point rolls the whole transaction back; retries of transient errors are safe because
every step is idempotent. A bookkeeping node per case (``GraphmapCase``) lists the IRIs it
loaded and its relationships that start at shared nodes, so that replacing one case costs the
same with 1 or 1,000 cases loaded (counting or exporting one also reads, for a tool every case
uses, the relationships each case gave it).

Neo4j Community reads at read-committed isolation: a query running while a transaction
commits can see part of it. So queries see a load before or after, never half-applied: a
load keeps a transaction tagged ``graphmap: load`` open from before its first write until
after its last commit, and counts itself on the catalog node before writing. A query reads
the count, waits while a load is running, runs, and reads the count again; if a load began
meanwhile it runs again. Queries read together (those a view is computed from) run at the same
time, each in its own transaction, between the two readings of the count: a load never falls
between them. A loader that dies takes its tagged transaction with it, so nothing stays locked.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import cache
from typing import Any

from rdflib import Graph

from graphmap.model.caseformat import case_format
from graphmap.derivation.engine import Rule, derived_graph_key
from graphmap.errors import StoreError
from graphmap.model.pgmapping import PGGraph, from_property_graph, pg_mapping, to_property_graph
from graphmap.resources import data_dir
from graphmap.settings import Neo4jSettings
from graphmap.model.vocabulary import vocabularies_graph

__all__ = ["Neo4jStore", "BATCH_SIZE", "VOCABULARY_CASE", "RUBRIC_CASE"]

logging.getLogger("neo4j").addHandler(logging.NullHandler())  # the driver's warnings are not the user's messages

BATCH_SIZE = 5000  # rows per UNWIND
GROUP_ROWS = 20_000  # nodes and relationships per transaction, in whole cases
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
VOCABULARY_CASE = "_vocabularies"
RUBRIC_CASE = "_rubric"
REVIEWS_CASE = "_reviews"
RUBRIC_ANCHORS = "_rubric-anchors"  # the IRIs of the rubric to load, as bare nodes: see write_cases
BOOKKEEPING_LABELS = ("GraphmapCase", "GraphmapCatalog")


@cache
def _statement(name: str) -> str:
    return (data_dir("loaders") / f"{name}.cypher").read_text(encoding="utf-8")


def _statements(name: str) -> list[str]:
    """The statements of a file that holds several, separated by ``;`` (comments dropped)."""
    text = "\n".join(line for line in _statement(name).splitlines() if not line.lstrip().startswith("//"))
    return [part.strip() for part in text.split(";") if part.strip()]


class Neo4jStore:
    """A connection to a Neo4j database (local server, cluster with ``neo4j://``, Aura with ``neo4j+s://``)."""

    name = "neo4j"
    query_language = "cypher"

    def __init__(self, settings: Neo4jSettings):
        import neo4j
        from neo4j import exceptions as nx

        self.settings = settings
        self._loading = 0  # > 0 while this connection runs a load (its own reads need not wait)
        scheme = settings.uri.split("://", 1)[0] if "://" in settings.uri else ""
        if scheme not in URI_SCHEMES:
            raise StoreError(f"Neo4j URI {settings.uri!r} is not usable: the scheme must be one of {', '.join(URI_SCHEMES)}")
        try:
            self._driver = neo4j.GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password))
            with self._driver.session(database=settings.database) as session:
                session.run("RETURN 1").consume()
        except nx.AuthError:
            raise StoreError(f"Neo4j at {settings.uri} refused the credentials of user {settings.user!r}; check NEO4J_USER and NEO4J_PASSWORD") from None
        except (nx.ServiceUnavailable, nx.SessionExpired, OSError) as exc:
            raise StoreError(_unreachable(settings.uri, scheme, exc)) from None
        except (nx.TransientError, nx.DatabaseError) as exc:  # a server starting or stopping
            raise StoreError(f"Neo4j at {settings.uri} cannot serve requests now ({exc.code}: "
                             f"{_first_line(exc.message)}); try again") from None
        except nx.ConfigurationError as exc:
            raise StoreError(f"Neo4j URI {settings.uri!r} is not usable: {exc}") from None
        except ValueError as exc:
            raise StoreError(f"Neo4j URI {settings.uri!r} is not usable: {exc}") from None
        except nx.ClientError as exc:
            raise StoreError(self._client_error(exc)) from None

    def _client_error(self, exc) -> str:
        if exc.code and ("AccessMode" in exc.code or "ForbiddenOnReadOnlyDatabase" in exc.code or "WriteOnReadOnlyAccessDbException" in exc.code):
            return "writes are refused: graphmap queries run in read-only transactions (load cases to change the database)"
        if exc.code and "DatabaseNotFound" in exc.code:
            return f"database {self.settings.database!r} does not exist on {self.settings.uri}; set NEO4J_DATABASE"
        return f"Neo4j refused the request ({exc.code}): {exc.message}"

    def _session(self, read: bool = False):
        import neo4j

        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(database=self.settings.database, default_access_mode=mode)

    def _guard(self, work, read: bool = False):
        with self._errors(read), self._session(read) as session:
            return session.execute_read(work) if read else session.execute_write(work)

    @contextmanager
    def _errors(self, read: bool = False):
        """Driver errors raised inside become one-line StoreErrors."""
        from neo4j import exceptions as nx

        try:
            yield
        except nx.ClientError as exc:
            raise StoreError(self._client_error(exc)) from None
        except (nx.ServiceUnavailable, nx.SessionExpired, OSError):
            # The driver has already retried for its max_transaction_retry_time (30 s).
            raise ServerLost(f"lost the connection to Neo4j at {self.settings.uri}", read) from None
        except (nx.TransientError, nx.DatabaseError) as exc:  # a server shutting down, or a fault of its own
            raise ServerLost(f"Neo4j at {self.settings.uri} could not complete the request ({exc.code}: "
                             f"{_first_line(exc.message)})", read) from None

    # --- writing ------------------------------------------------------------------------

    def fingerprints(self) -> dict[str, str]:
        """Neo4j records no file fingerprints: every case given to a load is written again."""
        return {}

    def write_cases(self, cases: list, rubric: Graph, derived: dict[str, list[str]] | None = None) -> None:
        """Write the vocabularies and the rubric, then each case (``CheckedCase``) with its derived
        graph (``derived``: case id -> N-Triples lines) in the same transaction; derived graphs of
        cases not given (verdicts derived again under a new rubric) are written after them."""
        if any(item.unchanged for item in cases):
            raise StoreError("Neo4j records no file fingerprints: give it the checked cases, not the unchanged ones")
        derived = dict(derived or {})
        items = [(item.case.id, item.ntriples) for item in cases]
        written: list[str] = []
        rubric_pg = to_property_graph(rubric)
        # The rubric in force changes only with the last transaction (see _write_in_groups), but
        # the derived graphs written before it point at its nodes (prov:used, the criteria): the
        # nodes are made first as bare IRIs, with no property the rubric in force would read.
        anchors = PGGraph(nodes={iri: {"labels": [], "props": {}} for iri in rubric_pg.nodes}, relationships=[])
        try:
            with self.loading():
                self._write_group([(VOCABULARY_CASE, to_property_graph(vocabularies_graph())), (RUBRIC_ANCHORS, anchors)])
                self._write_in_groups(items, derived, last=(RUBRIC_CASE, rubric_pg), written=written)
        except ServerLost as exc:
            done = len(set(written) & {key for key, _ in items})
            state = (f"{done} of {len(items)} cases written" if done < len(items)
                     else "every case written, the verdicts of the other cases not yet derived again")
            raise StoreError(f"{exc.reason} part-way through the load ({state}); each case is whole, in its old or "
                             "its new version; run the same load again to complete it") from None

    def _write_in_groups(self, items: list[tuple[str, list[str]]], derived: dict[str, list[str]],
                         last: tuple[str, PGGraph] | None = None, written: list[str] | None = None) -> None:
        """Write cases (key, N-Triples) each with its derived graph, then the other derived
        graphs, in transactions of about GROUP_ROWS rows; ``last`` goes with the last of them.

        The rubric is that ``last``: the one the database holds says which rule every derived
        graph follows, so it changes only with the last of them. A load interrupted before
        keeps the old one, and running it again derives the other cases' verdicts again.
        ``written`` gets the keys of each transaction once it has committed."""
        written = [] if written is None else written
        group: list[tuple[str, PGGraph]] = []
        rows = 0
        pending = [(key, lines, derived.pop(key, None)) for key, lines in items]
        pending += [(derived_graph_key(case), lines, None) for case, lines in sorted(derived.items())]
        for index, (key, lines, verdicts) in enumerate(pending):
            parts = [(key, to_property_graph(lines))]
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

    def case_ntriples(self, case: str) -> bytes:
        """The N-Triples of one loaded case, rebuilt from Neo4j."""
        return self._export_key(case).serialize(format="nt", encoding="utf-8")

    def stored_rule(self) -> Rule | None:
        """The rubric the database's verdicts were derived with (None before the first load)."""
        graph = self._export_key(RUBRIC_CASE)
        return Rule.from_graph(graph) if len(graph) else None

    def derived_cases(self) -> set[str]:
        """The cases whose verdicts are in the database."""
        prefix = derived_graph_key("")
        keys, rows = self.select("MATCH (k:GraphmapCase) WHERE k.key STARTS WITH $prefix RETURN k.key", {"prefix": prefix})
        return {r[0][len(prefix):] for r in rows}

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
                marker.run("RETURN 1").consume()
            self._guard(lambda tx: tx.run(_statement("begin-load")).consume())
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

    def read_reviews(self) -> Graph:
        return self._export_key(REVIEWS_CASE)

    def prepare(self) -> None:
        """Create the constraints; give bookkeeping nodes to cases loaded by an older graphmap."""
        def work(tx):
            record = tx.run("OPTIONAL MATCH (c:GraphmapCatalog {id: 'graphmap'}) RETURN c.tracked AS tracked").single()
            if not record["tracked"]:
                tx.run(_statement("track-cases")).consume()

        with self._errors(), self._session() as session:
            for statement in _statements("constraints"):
                session.run(statement).consume()
        self._guard(work)

    def drop_case(self, key: str) -> None:
        """Remove a case and its derived verdicts, in one transaction."""
        with self.loading():
            self._guard(lambda tx: _sweep(tx, _detach(tx, [key, derived_graph_key(key)])))

    # --- reading ------------------------------------------------------------------------

    def run_named(self, query, params: dict[str, Any]) -> tuple[list[str], list[tuple]]:
        """Run the Cypher twin of a named query; every declared parameter is passed (None if unset)."""
        return self.run_many([(query, params)])[0]

    def run_many(self, requests: list[tuple[Any, dict[str, Any]]]) -> list[tuple[list[str], list[tuple]]]:
        """Run named queries (``(query, params)`` pairs) at the same time, as one read (see ``_read``)."""
        return self._read(*[self._named_work(query, params) for query, params in requests])

    def _named_work(self, query, params: dict[str, Any]):
        from neo4j import exceptions as nx

        if query.cypher is None:
            raise StoreError(f"query {query.name!r} has no Cypher twin (queries/{query.name}.cypher)")
        columns = list(query.columns)
        # All rows come back packed in one record: the driver reads each record with two
        # socket reads, ~25 µs a record, which made big answers cost more than the query.
        # The subquery's rows keep their order through collect().
        packed = (f"CALL () {{\n{query.cypher}\n}}\n"
                  f"RETURN collect([{', '.join(f'`{c}`' for c in columns)}]) AS rows")

        def work(tx):
            try:
                return columns, tx.run(packed, params).single()["rows"]  # each row a list
            except nx.ClientError as exc:
                if "not defined" not in (exc.message or ""):
                    raise
                raise StoreError(f"queries/{query.name}.cypher: its RETURN does not give the columns its header "
                                 f"says ({', '.join(columns)}): {self._client_error(exc)}") from None

        return work

    def select(self, text: str, params: dict[str, Any]) -> tuple[list[str], list[tuple]]:
        """Run a read-only Cypher query; rows come back as tuples of plain values (nodes,
        relationships and paths as dicts, dates and times as ISO 8601 text)."""
        if _TERMINATE.search(_CYPHER_TEXT.sub(" ", text)):
            # A read transaction runs it: it would stop other sessions' work, a running load among them.
            raise StoreError("TERMINATE TRANSACTIONS is refused: graphmap queries only read")

        def work(tx):
            result = tx.run(text, params)
            keys = list(result.keys())
            return keys, [tuple(_plain(value) for value in record.values()) for record in result]

        return self._read(work)[0]

    def _read(self, *works) -> list:
        """Run each of ``works`` in a read transaction, all at the same time; what they return.

        Together they see no load half-applied, and no load between them: the first
        transaction reads the load count and waits while a load runs (up to
        $GRAPHMAP_LOCK_TIMEOUT s); the others run beside it in their own transactions; then
        it reads the count again, and all run again if a load began meanwhile.
        """
        if self._loading:
            return self._guard(lambda tx: self._together(tx, works), read=True)
        deadline = time.monotonic() + float(os.environ.get("GRAPHMAP_LOCK_TIMEOUT", "300"))
        database = self.settings.database
        while True:
            def attempt(tx):
                before = tx.run(_statement("load-generation")).single()["generation"]
                running = tx.run(_statement("running-loads"), database=database).single()
                if running["loads"]:
                    return None, running["since"]
                outs = self._together(tx, works)
                after = tx.run(_statement("load-generation")).single()["generation"]
                return (outs, None) if after == before else (None, "now")

            outs, since = self._guard(attempt, read=True)
            if since is None:
                return outs
            if time.monotonic() > deadline:
                raise StoreError(f"Neo4j at {self.settings.uri} is being loaded by another graphmap process "
                                 f"(since {since}); try again when it has finished")
            time.sleep(0.05)

    def _together(self, tx, works) -> list:
        """``works[0]`` in ``tx``, the others at the same time, each in its own read transaction."""
        if len(works) == 1:
            return [works[0](tx)]
        with ThreadPoolExecutor(max_workers=len(works) - 1) as pool:
            others = [pool.submit(self._guard, work, True) for work in works[1:]]
            first = works[0](tx)
            return [first] + [other.result() for other in others]

    def counts(self, key: str) -> tuple[int, int]:
        record = self._read(lambda tx: tx.run(_statement("count-cases"), cases=[key]).single())[0]
        return record["nodes"], record["relationships"]

    @property
    def location(self) -> str:
        """Where the store is, as messages show it: the server's URI (never with a password)."""
        return self.settings.uri

    def export_case(self, case: str, derived: bool = False) -> Graph:
        """The graph of one loaded case, or with ``derived`` its derived graph (its verdicts)."""
        return self._export_key(derived_graph_key(case) if derived else case)

    def _export_key(self, key: str) -> Graph:
        """The RDF graph kept under ``key`` (a case, a derived graph, the rubric...), rebuilt from Neo4j."""
        record = self._read(lambda tx: tx.run(_statement("export-case"), case=key).single())[0]
        nodes = [{"iri": n["iri"], "labels": n["labels"], "props": n["props"]} for n in record["nodes"]]
        return from_property_graph(nodes, [tuple(r) for r in record["relationships"]])

    def cases(self) -> list[str]:
        keys, rows = self.select("MATCH (k:GraphmapCase) RETURN k.key ORDER BY k.key", {})
        return [r[0] for r in rows if not r[0].startswith("_")]

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> "Neo4jStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# Comments, strings and `quoted names` of a Cypher text (what cannot be a keyword), and the one
# command a read transaction runs that acts on other sessions.
_CYPHER_TEXT = re.compile(r"//[^\n]*|/\*.*?(?:\*/|\Z)|'(?:[^'\\]|\\.)*(?:'|\Z)|\"(?:[^\"\\]|\\.)*(?:\"|\Z)|`[^`]*(?:`|\Z)", re.S)
_TERMINATE = re.compile(r"\bTERMINATE\s+TRANSACTIONS?\b", re.I)


def _plain(value):
    """A value of a Cypher result as plain data (what JSON, CSV and a table can show)."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": _plain(dict(value))}
    if isinstance(value, Relationship):
        ends = [node.get("iri") or node.element_id if node is not None else None for node in value.nodes]
        return {"type": value.type, "start": ends[0], "end": ends[1], "properties": _plain(dict(value))}
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    iso = getattr(value, "iso_format", None)  # neo4j.time dates, times and durations (a duration is a tuple)
    if callable(iso):
        return iso()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):  # a spatial point too: its coordinates
        return [_plain(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    return str(value)


class ServerLost(StoreError):
    """The server went away or failed while a request ran (after the driver's retries)."""

    def __init__(self, reason: str, read: bool):
        self.reason = reason
        then = ("try again when it is back" if read else
                "the interrupted write was not committed (each case is whole, in its old or its new version); run it again")
        super().__init__(f"{reason}; {then}")


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else "no message"


def _causes(exc: BaseException):
    """``exc`` and every exception behind it (causes, contexts, members of exception groups)."""
    seen, stack = set(), [exc]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        stack.extend(getattr(item, "exceptions", ()))
        stack.extend((item.__cause__, item.__context__))


def _unreachable(uri: str, scheme: str, exc: BaseException) -> str:
    """Why the server at ``uri`` could not be reached, in one line: a certificate not trusted, a
    TLS handshake refused (a plain server), a plain handshake refused (a server requiring TLS),
    or nothing answering."""
    import ssl

    causes = list(_causes(exc))
    rest = uri.split("://", 1)[1]
    base = scheme.split("+", 1)[0]
    if scheme.endswith("+s"):
        for cause in causes:
            if isinstance(cause, ssl.SSLCertVerificationError):
                why = cause.verify_message or cause.reason or "not verified"
                if "mismatch" in why:
                    return (f"cannot reach Neo4j at {uri}: its TLS certificate is for another host name ({why.rstrip('.')}); "
                            "connect with a name the certificate gives")
                return (f"cannot reach Neo4j at {uri}: its TLS certificate is not trusted ({why}); if the server's "
                        f"certificate is self-signed, use {base}+ssc://{rest}, or add its authority to this machine's "
                        "trusted certificates")
    if "+" in scheme:
        tls = [c for c in causes if isinstance(c, ssl.SSLError)] + [c for c in causes if type(c).__name__ == "BoltSecurityError"]
        for cause in tls[:1]:
            why = getattr(cause, "reason", None) or _first_line(str(cause))
            return (f"cannot reach Neo4j at {uri}: the TLS handshake failed ({why}); if the server does not "
                    f"use TLS, use {base}://{rest}")
    elif any("incomplete handshake" in str(cause) for cause in causes):
        return (f"cannot reach Neo4j at {uri}: the server closed the connection during the Bolt handshake; if it "
                f"requires TLS, use {base}+s://{rest} (or {base}+ssc://{rest} for a self-signed certificate)")
    return f"cannot reach Neo4j at {uri}; start the local server with scripts/neo4j start, or set NEO4J_URI"


def _batches(rows: list, size: int = BATCH_SIZE):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


@cache
def _detach_statement() -> str:
    """detach-cases, with every label of the ontology to take off the nodes it empties."""
    labels = "".join(f":{label}" for label in sorted(set(pg_mapping().labels.values())))
    return _statement("detach-cases").replace("{labels}", labels)


def _detach(tx, keys: list[str]) -> list[str]:
    """Remove what the cases ``keys`` loaded; the IRIs of the nodes left empty (see detach-cases)."""
    return [r["iri"] for r in tx.run(_detach_statement(), cases=keys, prefix=case_format().base_iri)]


def _sweep(tx, iris: list[str]) -> None:
    """Delete the nodes of ``iris`` left empty and not taken again."""
    for batch in _batches(iris):
        tx.run(_statement("sweep-nodes"), iris=batch).consume()


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
        statement = _statement("merge-nodes").replace("{label}", label)
        for batch in _batches(rows):
            tx.run(statement, rows=batch).consume()
    created = 0
    for rel_type, rows in sorted(by_type.items()):
        if rel_type not in allowed_types:
            raise StoreError(f"relationship type {rel_type!r} is not a property of the ontology")
        statement = _statement("create-relationships").replace("{type}", rel_type)
        for batch in _batches(rows):
            created += tx.run(statement, rows=batch).consume().counters.relationships_created
    tx.run(_statement("record-cases"), records=[_record(key, pg) for key, pg in group]).consume()
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
    found = {r["case"]: (r["nodes"], r["relationships"]) for r in tx.run(_statement("count-cases"), cases=keys)}
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
