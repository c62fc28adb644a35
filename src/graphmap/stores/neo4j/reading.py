"""Reading Neo4j: named queries (their Cypher twins) and ad-hoc Cypher, through the read
protocol of ``writer``; a case's graph rebuilt as RDF (export, derivation, the rubric)."""

from __future__ import annotations

import re
from typing import Any

from rdflib import Graph

from graphmap.derivation.engine import Rule, derivation_iri, derived_graph_key
from graphmap.errors import StoreError
from graphmap.model.caseformat import case_format
from graphmap.model.pgmapping import from_property_graph
from graphmap.stores.kept import case_key, decode, keepable, kept_key, ready_rows
from graphmap.stores.neo4j.statements import statement
from graphmap.stores.neo4j.writer import EXTENSION_CASE, REVIEWS_CASE, RUBRIC_CASE


class Reader:
    """What a Neo4j store answers."""

    def case_ntriples(self, case: str) -> bytes:
        """The N-Triples of one loaded case, rebuilt from Neo4j."""
        return self._export_key(case).serialize(format="nt", encoding="utf-8")

    def stored_rule(self) -> Rule | None:
        """The rubric the database's verdicts were derived with (None before the first load)."""
        graph = self._export_key(RUBRIC_CASE)
        return Rule.from_graph(graph) if len(graph) else None

    def stored_vocabulary(self) -> Graph | None:
        """A barometer's own concepts the cases were checked with (None if none)."""
        graph = self._export_key(EXTENSION_CASE)
        return graph if len(graph) else None

    def derived_cases(self) -> set[str]:
        """The cases whose verdicts are in the database."""
        prefix = derived_graph_key("")
        keys, rows = self.select(statement("case-keys"), {"prefix": prefix})
        return {r[0][len(prefix):] for r in rows}

    def read_reviews(self) -> Graph:
        return self._export_key(REVIEWS_CASE)
    # --- reading ------------------------------------------------------------------------

    def run_named(self, query, params: dict[str, Any], kept: bool = True) -> tuple[list[str], list[tuple]]:
        """Run the Cypher twin of a named query; every declared parameter is passed (None if unset)."""
        return self.run_many([(query, params)], kept=kept)[0]

    def run_many(self, requests: list[tuple[Any, dict[str, Any]]], kept: bool = True) -> list[tuple[list[str], list[tuple]]]:
        """Run named queries (``(query, params)`` pairs) at the same time, as one read (see
        ``_read``). Over every case, a kept query reads the answers kept ready when every case
        has them, in the same transaction (``kept=False`` runs it regardless: stores/kept.py)."""
        return self._read(*[self._named_work(query, params, kept and keepable(query, params)) for query, params in requests])

    def kept_keys(self) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
        """Each loaded case with when its verdicts were derived ("" if never), and the key of
        each answer kept ready ((case, query) -> key)."""
        def work(tx):
            record = tx.run(statement("kept-keys"), derivations=_derivations()).single()
            return _stamps(record["cases"]), {(case, query): key for case, query, key in record["kept"]}

        return self._read(work)[0]

    def _named_work(self, query, params: dict[str, Any], kept: bool = False):
        from neo4j import exceptions as nx

        if query.cypher is None:
            raise StoreError(f"query {query.name!r} has no Cypher twin (queries/{query.name}.cypher)")
        columns = list(query.columns)
        # All rows come back packed in one record: the driver reads each record with two
        # socket reads, ~25 µs a record, which made big answers cost more than the query.
        # The subquery's rows keep their order through collect().
        packed = (statement("packed-rows").replace("{columns}", ", ".join(f"`{c}`" for c in columns))
                  .replace("{query}", query.cypher))

        def ready(tx) -> list | None:
            """Every case's kept answer, in the order of the cases, or None if one lacks it (or
            holds one of another key, or made before its case was derived again)."""
            record = tx.run(statement("kept-rows"), {"query": query.name, "derivations": _derivations()}).single()
            key = kept_key(query, "cypher")
            kept = {case: (stored, text) for case, stored, text in record["kept"]}
            rows: list = []
            for case, stamp in sorted(_stamps(record["cases"]).items()):
                stored, text = kept.get(case, (None, None))
                answer = decode(text, columns) if stored == case_key(key, stamp) else None
                if answer is None:
                    return None
                rows += answer
            return ready_rows(rows)

        def work(tx):
            if kept:
                rows = ready(tx)
                if rows is not None:
                    return columns, rows
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

    def counts(self, key: str) -> tuple[int, int]:
        record = self._read(lambda tx: tx.run(statement("count-cases"), cases=[key]).single())[0]
        return record["nodes"], record["relationships"]
    def export_case(self, case: str, derived: bool = False) -> Graph:
        """The graph of one loaded case, or with ``derived`` its derived graph (its verdicts)."""
        return self._export_key(derived_graph_key(case) if derived else case)

    def native_graph(self, cases: list[str], derived: bool) -> None:
        """Neo4j has no RDF serialiser: an export builds the graph (``export_case``) and rdflib writes it."""
        return None

    def _export_key(self, key: str) -> Graph:
        """The RDF graph kept under ``key`` (a case, a derived graph, the rubric...), rebuilt from Neo4j."""
        record = self._read(lambda tx: tx.run(statement("export-case"), case=key).single())[0]
        if not record["nodes"] and not record["relationships"]:
            return Graph()  # nothing under that key (no barometer's concepts, say): no mapping to build (0.45 s)
        nodes = [{"iri": n["iri"], "labels": n["labels"], "props": n["props"]} for n in record["nodes"]]
        if not key.startswith("_") or key.startswith(derived_graph_key("")):
            # A case (or its verdicts) says nothing of a node outside its own IRIs and the products:
            # what another key wrote on it (an O*NET task statement of the reference data, say) is
            # not the case's, even though the case's link made the node one of its nodes.
            fmt = case_format()
            own = (f"{fmt.base_iri}{key}/", fmt.product_base)
            nodes = [n if n["iri"].startswith(own) else {"iri": n["iri"], "labels": [], "props": {}} for n in nodes]
        return from_property_graph(nodes, [tuple(r) for r in record["relationships"]])

    def cases(self) -> list[str]:
        keys, rows = self.select(statement("case-keys"), {"prefix": ""})
        return [r[0] for r in rows if not r[0].startswith("_")]

def _derivations() -> str:
    """What the IRI of a case's derivation starts with (+ case + '/derivation': engine.derivation_iri)."""
    return derivation_iri("").removesuffix("/derivation")


def _stamps(pairs: list) -> dict[str, str]:
    """Case -> when its verdicts were derived ("" if never), from [case, startedAtTime] pairs."""
    return {case: stamp or "" for case, stamp in pairs}


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
