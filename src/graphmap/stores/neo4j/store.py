"""The Neo4j store, put together from its parts."""

from __future__ import annotations

from graphmap.stores.neo4j.connection import Connection
from graphmap.stores.neo4j.reading import Reader
from graphmap.stores.neo4j.writer import Writer


class Neo4jStore(Connection, Writer, Reader):
    """A Neo4j database as a graphmap store (local server, cluster with ``neo4j://``, Aura with ``neo4j+s://``)."""

    name = "neo4j"
    query_language = "cypher"
