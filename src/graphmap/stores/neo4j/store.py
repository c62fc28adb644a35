"""The Neo4j store, put together from its parts."""

from __future__ import annotations

from graphmap.model.pgmapping import to_property_graph
from graphmap.stores.neo4j.connection import Connection
from graphmap.stores.neo4j.reading import Reader
from graphmap.stores.neo4j.writer import Writer


REFERENCE_KEY = "_reference/"


class Neo4jStore(Connection, Writer, Reader):
    """A Neo4j database as a graphmap store (local server, cluster with ``neo4j://``, Aura with ``neo4j+s://``)."""

    name = "neo4j"
    query_language = "cypher"
    reads_triples = True  # it maps them onto the property graph

    def write_reference(self, name: str, lines: list[str]) -> None:
        """Replace the reference dataset ``name`` (N-Triples lines), in one transaction, under
        the key ``_reference/<name>``: apart from every case, which cannot reach it."""
        with self.loading():
            self._write_group([(REFERENCE_KEY + name, to_property_graph(lines))])
