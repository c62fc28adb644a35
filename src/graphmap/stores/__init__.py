"""The stores that hold case graphs: the ``Store`` protocol (base.py) and its two kinds, chosen by
name, ``embedded`` (Oxigraph on disk, the default) or ``neo4j`` (a server)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphmap.stores.base import Store

__all__ = ["Store", "Backend", "EmbeddedStore", "default_store_path", "loaded_fingerprints", "loaded_vocabulary", "open_store"]


class Backend(str, Enum):
    embedded = "embedded"
    neo4j = "neo4j"


def __getattr__(name: str):
    """The stores themselves are imported when first asked for: choosing one by name (the CLI's
    options, ``graphmap --help``) must not load rdflib and Oxigraph."""
    if name == "Store":
        from graphmap.stores.base import Store

        return Store
    if name in ("EmbeddedStore", "default_store_path"):
        from graphmap.stores import embedded

        return getattr(embedded, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_store(backend: Backend | str = Backend.embedded, *, path: Path | None = None, read_only: bool = False,
               settings=None, **neo4j_options) -> Store:
    """Open the store called ``backend``. Neo4j: ``settings``, else built from the environment
    and ``neo4j_options`` (uri, user, database, password_file; options win); the embedded store
    ignores them."""
    backend = Backend(backend)
    if backend is Backend.embedded:
        from graphmap.stores.embedded import EmbeddedStore

        return EmbeddedStore(path, read_only=read_only)
    from graphmap.settings import Neo4jSettings
    from graphmap.stores.neo4j import Neo4jStore

    return Neo4jStore(settings or Neo4jSettings.from_env(**neo4j_options))


def loaded_fingerprints(backend: Backend | str = Backend.embedded, *, path: Path | None = None) -> dict[str, str]:
    """The fingerprints of the files a store was loaded from (-> case id), read before a load
    opens it for writing, so that files unchanged since are not checked again. Empty for a store
    not made yet, and for Neo4j, which keeps none."""
    from graphmap.errors import StoreError
    from graphmap.stores.embedded import EmbeddedStore

    if Backend(backend) is not Backend.embedded:
        return {}
    try:
        with EmbeddedStore(path, read_only=True) as store:
            return store.fingerprints()
    except StoreError:
        return {}


def loaded_vocabulary(backend: Backend | str = Backend.embedded, *, path: Path | None = None, **neo4j_options):
    """The barometer's own concepts a store holds (an rdflib graph), read before a load opens it
    for writing, so that the cases are checked with them; None for a store without any, or not
    made yet."""
    from graphmap.errors import StoreError

    if Backend(backend) is Backend.embedded:
        from graphmap.stores.embedded import EmbeddedStore

        try:
            with EmbeddedStore(path, read_only=True) as store:
                return store.stored_vocabulary()
        except StoreError:
            return None
    with open_store(backend, **neo4j_options) as store:
        return store.stored_vocabulary()
