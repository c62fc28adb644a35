"""The embedded store, put together from its parts."""

from __future__ import annotations

from graphmap.stores.embedded.folder import StoreFolder
from graphmap.stores.embedded.queries import Queries
from graphmap.stores.embedded.writes import Writes


class EmbeddedStore(StoreFolder, Writes, Queries):
    """An on-disk Oxigraph store. Open it read-only to run queries next to a writer."""

    name = "embedded"
    query_language = "sparql"
    reads_triples = False  # it writes the N-Triples text

    @property
    def location(self) -> str:
        """Where the store is, as messages show it: its folder."""
        return self._shown

    def close(self) -> None:
        if hasattr(self, "_store"):
            del self._store
        self._release()

    def __enter__(self) -> "EmbeddedStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
