"""The Cypher graphmap runs on Neo4j, read from ``loaders/NAME.cypher`` (never written inline)."""

from __future__ import annotations

from functools import cache

from graphmap.resources import data_dir


@cache
def statement(name: str) -> str:
    return (data_dir("loaders") / f"{name}.cypher").read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """The statements of a file that holds several, separated by ``;`` (comments dropped)."""
    text = "\n".join(line for line in statement(name).splitlines() if not line.lstrip().startswith("//"))
    return [part.strip() for part in text.split(";") if part.strip()]
