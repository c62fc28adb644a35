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

from .errors import QueryError
from .resources import data_dir

__all__ = ["NamedQuery", "Result", "named_queries", "named_query", "run_query", "run_queries", "run_adhoc",
           "LIST_SEPARATOR"]

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
    view: Callable | None = None  # computed from other named queries (views.py)


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
def named_queries() -> dict[str, NamedQuery]:
    """Every named query, by name."""
    folder = data_dir("queries")
    out = {}
    for path in sorted(folder.glob("*.rq")):
        twin = path.with_suffix(".cypher")
        cypher = twin.read_text(encoding="utf-8") if twin.exists() else None
        out[path.stem] = _parse(path.stem, path.read_text(encoding="utf-8"), cypher)
    from .views import VIEWS

    for name, view in VIEWS.items():
        out[name] = NamedQuery(name, view.title, view.description, {"case": "a case id: only that case"},
                               view.columns, view.lists, view.order, view=view.compute)
    return dict(sorted(out.items()))


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no query named {name!r}; known: {', '.join(queries)}")
    return queries[name]


def run_query(store, name: str, params: dict[str, str] | None = None) -> Result:
    """Run the named query on ``store`` and return its rows as dicts keyed by column."""
    query = named_query(name)
    params = params or {}
    _check_parameters(query, params)
    with _no_cycle_collection():
        if query.view is not None:
            rows = query.view(store, _bound(query, params))
            return Result(name, list(query.columns), [{c: r[c] for c in query.columns} for r in rows])
        return _results(store, [query], params)[0]


def run_queries(store, names: list[str], params: dict[str, str] | None = None) -> dict[str, Result]:
    """Run several named queries (not views) as one read; their rows, by query name.

    Together they see the store as one load left it, never one query before a load and another
    after; the store may run them at the same time (one per core on the embedded store, one
    transaction each on Neo4j). ``params`` go to every query that has them.
    """
    queries = [named_query(name) for name in names]
    params = params or {}
    for query in queries:
        if query.view is not None:
            raise QueryError(f"{query.name!r} is a view: run it with run_query")
    with _no_cycle_collection():
        return {query.name: result for query, result in zip(queries, _results(store, queries, params))}


@contextmanager
def _no_cycle_collection():
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


def _check_parameters(query: NamedQuery, params: dict[str, str]) -> None:
    unknown = [k for k in params if k not in query.parameters]
    if unknown:
        known = ", ".join(query.parameters) or "none"
        raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r} (parameters: {known})")


def _bound(query: NamedQuery, params: dict[str, str]) -> dict[str, str | None]:
    """The parameters the store binds: every declared one but the list columns (None if unset)."""
    return {key: params.get(key) for key in query.parameters if key not in query.lists}


def _results(store, queries: list[NamedQuery], params: dict[str, str]) -> list[Result]:
    answers = store.run_many([(query, _bound(query, params)) for query in queries])
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


# What an analyst's query may not do unless asked: reach another server. Strings, IRIs, quoted
# names and comments are blanked first, so only a keyword of the language itself counts.
_SPARQL_TEXT = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                          r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*')
_CYPHER_TEXT = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`|//[^\n]*|/\*[\s\S]*?\*/')
_NETWORK = {
    "sparql": (_SPARQL_TEXT, re.compile(r"(?<![\w:?$-])SERVICE(?![\w:-])", re.IGNORECASE), "SERVICE"),
    "cypher": (_CYPHER_TEXT, re.compile(r"(?<![\w$`])LOAD\s+CSV(?![\w`])", re.IGNORECASE), "LOAD CSV"),
}


def reaches_out(language: str, text: str) -> str | None:
    """The keyword by which a query would fetch from another server or a file (SPARQL ``SERVICE``,
    Cypher ``LOAD CSV``), or None."""
    blank, keyword, name = _NETWORK[language]
    if language == "sparql":  # SPARQL reads \uXXXX escapes anywhere, keywords included
        text = re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    return name if keyword.search(blank.sub(" ", text)) else None


def run_adhoc(store, language: str, text: str, params: dict[str, str] | None = None, allow_network: bool = False) -> Result:
    """Run an analyst's own read-only query: SPARQL on the embedded store, Cypher on Neo4j.

    Parameters are bound (SPARQL: projected variables; Cypher: ``$name``), never pasted.
    Updates are refused: the embedded store is opened read-only and only SELECT is run;
    Neo4j runs the query in a READ transaction. A query that would reach another server or a
    file (``SERVICE``, ``LOAD CSV``) is refused unless ``allow_network``: it could send what the
    store holds anywhere.
    """
    expected = store.query_language
    if language != expected:
        raise QueryError(f"the {store.name} store runs {expected.upper()} queries, not {language.upper()}")
    found = reaches_out(language, text)
    if found and not allow_network:
        raise QueryError(f"the query uses {found}, which reaches another server or a file and could send what the "
                         "store holds there; nothing was run (add --allow-network if that is what you mean)")
    columns, rows = store.select(text, params or {})
    return Result("ad-hoc", list(columns), [dict(zip(columns, row)) for row in rows])
