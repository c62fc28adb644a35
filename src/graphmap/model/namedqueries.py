"""The named queries as written: ``queries/NAME.rq`` (SPARQL) and its twin ``NAME.cypher``,
read by name with their header (running them is ``query.catalogue``'s; the stores read the
definitions of the queries they keep ready, ``stores.kept``).

A header is a block of ``# key: value`` comment lines at the top of the file::

    # title: Standardisable tasks
    # description: every task with its score and verdict ...
    # parameters: case (a case id: only that case); entity (an id: only that entity)
    # columns: case, task, label, score, standardisable
    # lists: criteria_met, criteria_missed   (columns holding sorted lists)
    # order: case, task                      (the order of the rows, if any)

``case`` is a parameter of every query: it restricts the data to that case. Any other
parameter names a column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Callable

from graphmap.errors import QueryError
from graphmap.resources import data_dir

__all__ = ["NamedQuery", "file_queries", "bound_parameters", "tidy", "tidy_lists", "TidyRows", "LIST_SEPARATOR"]

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


def bound_parameters(query: NamedQuery, params: dict[str, str]) -> dict[str, str | None]:
    """The parameters the store binds: every declared one but the list columns (None if unset)."""
    return {key: params.get(key) for key in query.parameters if key not in query.lists}


class TidyRows(list):
    """Rows (lists) whose list columns are already sorted lists of distinct values (``tidy``)."""


def tidy(query: NamedQuery, columns: list[str], rows) -> TidyRows:
    """A store's rows as lists, their list columns tidied (``tidy_lists``), in place where the
    store made lists for this answer (a tuple is copied into a list)."""
    out = TidyRows(row if type(row) is list else list(row) for row in rows)
    for index in [columns.index(key) for key in query.lists]:
        tidy_lists(out, index)
    return out


def tidy_lists(rows: list[list], index: int) -> None:
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
