"""Named queries: ``queries/NAME.rq`` (SPARQL) read by name, with their header.

``case`` is a parameter of every query: it restricts the data to that case. Any other
parameter names a column: a plain column is bound to the given value (never pasted into the
text); a list column keeps the rows whose list holds the value.

A header is a block of ``# key: value`` comment lines at the top of the file::

    # title: Standardisable tasks
    # description: every task with its score and verdict ...
    # parameters: case (a case id: only that case); entity (an id: only that entity)
    # columns: case, task, label, score, standardisable
    # lists: criteria_met, criteria_missed   (columns holding sorted lists)
    # order: case, task                      (the order of the rows, if any)
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Callable

from graphmap.errors import QueryError
from graphmap.resources import data_dir

__all__ = ["NamedQuery", "Result", "file_queries", "run_queries", "LIST_SEPARATOR"]

LIST_SEPARATOR = "\x1f"
_HEADER = re.compile(r"^#\s*([a-z-]+):\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: dict[str, str]
    columns: tuple[str, ...]
    lists: tuple[str, ...]
    order: tuple[str, ...]
    sparql: str | None = None
    cypher: str | None = None
    view: Callable | None = None  # computed from other named queries (query/views.py)


@dataclass
class Result:
    query: str
    columns: list[str]
    rows: list[dict] = field(default_factory=list)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _parse(name: str, text: str, cypher: str | None = None) -> NamedQuery:
    header: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not line.startswith("#"):
            break
        if match:
            header[match.group(1)] = match.group(2).strip()
    missing = [k for k in ("title", "columns") if k not in header]
    if missing:
        raise QueryError(f"queries/{name}.rq: header lacks {', '.join(missing)}")
    params = {"case": "a case id: only that case"}
    for part in filter(None, (p.strip() for p in header.get("parameters", "").split(";"))):
        key, _, doc = part.partition(" ")
        params[key] = doc.strip(" ()")
    columns = _split(header["columns"])
    for key in params:
        if key != "case" and key not in columns:
            raise QueryError(f"queries/{name}.rq: parameter {key!r} must name one of its columns")
    return NamedQuery(
        name=name,
        title=header["title"],
        description=header.get("description", ""),
        parameters=params,
        columns=columns,
        lists=_split(header.get("lists", "")),
        order=_split(header.get("order", "")),
        sparql=text,
        cypher=cypher,
    )


@cache
def file_queries() -> dict[str, NamedQuery]:
    """The named queries written in ``queries/`` (SPARQL, with their Cypher twin), by name."""
    folder = data_dir("queries")
    out = {}
    for path in sorted(folder.glob("*.rq")):
        twin = path.with_suffix(".cypher")
        cypher = twin.read_text(encoding="utf-8") if twin.exists() else None
        out[path.stem] = _parse(path.stem, path.read_text(encoding="utf-8"), cypher)
    return out


def run_queries(store, names: list[str], params: dict[str, str] | None = None) -> dict[str, Result]:
    """Run several named queries (not views) as one read; their rows, by query name.

    Together they see the store as one load left it, never one query before a load and another
    after; the store may run them at the same time (one per core on the embedded store, one
    transaction each on Neo4j). ``params`` go to every query that has them.
    """
    known = file_queries()
    for name in names:
        if name not in known:
            raise QueryError(f"{name!r} is not a query of queries/ (a view runs with named.run_query)")
    queries = [known[name] for name in names]
    params = params or {}
    with no_cycle_collection():
        return {query.name: result for query, result in zip(queries, file_results(store, queries, params))}


@contextmanager
def no_cycle_collection():
    """Python's cycle collector paused while an answer is built.

    An answer of 10,000 rows allocates hundreds of thousands of tuples, lists and dicts, none
    of them in a cycle; the collector kept scanning them all (a third of the time of a big
    Neo4j answer). Reference counting still frees everything.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_parameters(query: NamedQuery, params: dict[str, str]) -> None:
    unknown = [k for k in params if k not in query.parameters]
    if unknown:
        known = ", ".join(query.parameters) or "none"
        raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r} (parameters: {known})")


def bound_parameters(query: NamedQuery, params: dict[str, str]) -> dict[str, str | None]:
    """The parameters the store binds: every declared one but the list columns (None if unset)."""
    return {key: params.get(key) for key in query.parameters if key not in query.lists}


def file_results(store, queries: list[NamedQuery], params: dict[str, str]) -> list[Result]:
    answers = store.run_many([(query, bound_parameters(query, params)) for query in queries])
    return [_result(query, columns, rows, params) for query, (columns, rows) in zip(queries, answers)]


def _result(query: NamedQuery, columns: list[str], rows: list[tuple], params: dict[str, str]) -> Result:
    """A store's answer as a Result: list columns tidied, list parameters applied, rows ordered."""
    if list(columns) != list(query.columns):
        raise QueryError(f"queries/{query.name}.rq: returns columns {columns}, its header says {list(query.columns)}")
    rows = [list(row) for row in rows]  # a copy of the store's rows, tidied in place
    for index in [columns.index(key) for key in query.lists]:
        _tidy_lists(rows, index)
    out = [dict(zip(columns, row)) for row in rows]
    for key in query.lists:  # a parameter naming a list column keeps the rows that hold its value
        if params.get(key) is not None:
            out = [r for r in out if params[key] in r[key]]
    if not query.order:
        out.sort(key=lambda r: tuple(_sort_key(r[c]) for c in columns))
    return Result(query.name, list(columns), out)


def _tidy_lists(rows: list[list], index: int) -> None:
    """Column ``index`` of ``rows`` as sorted lists of distinct values, in place.

    SPARQL gives a list as its values joined by LIST_SEPARATOR, Cypher as a list; either may be
    missing or empty. Column by column, with a short path for lists of one value (the most
    frequent): big answers have tens of thousands of these.
    """
    for row in rows:
        value = row[index]
        if not value:
            row[index] = []
        elif type(value) is str:
            row[index] = sorted(set(value.split(LIST_SEPARATOR)) - _EMPTY) if LIST_SEPARATOR in value else [value]
        elif len(value) == 1:
            row[index] = [] if value[0] in _EMPTY else list(value)
        else:
            row[index] = sorted(set(value) - _EMPTY)


_EMPTY = frozenset(("", None))


def _sort_key(value):
    return (value is None, str(value))
