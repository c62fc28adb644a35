"""Stores that hold case graphs, chosen by name: ``embedded`` (default) or ``neo4j``."""

from __future__ import annotations

from .embedded import EmbeddedStore, default_store_path

__all__ = ["EmbeddedStore", "default_store_path", "BACKENDS"]

BACKENDS = ("embedded",)
