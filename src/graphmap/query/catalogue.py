"""Named queries run: ``queries/NAME.rq`` (SPARQL, read with its header by
``model.namedqueries``) and its Cypher twin, their answers as ``Result`` rows.

``case`` is a parameter of every query: it restricts the data to that case. Any other
parameter names a column: a plain column is bound to the given value (never pasted into the
text); a list column keeps the rows whose list holds the value.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field

from graphmap.errors import QueryError
from graphmap.model.namedqueries import LIST_SEPARATOR, NamedQuery, TidyRows, bound_parameters, file_queries, tidy

__all__ = ["NamedQuery", "Result", "file_queries", "run_queries", "LIST_SEPARATOR"]

@dataclass
class Result:
    query: str
    columns: list[str]
    rows: list[dict] = field(default_factory=list)


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


def file_results(store, queries: list[NamedQuery], params: dict[str, str]) -> list[Result]:
    answers = store.run_many([(query, bound_parameters(query, params)) for query in queries])
    return [_result(query, columns, rows, params) for query, (columns, rows) in zip(queries, answers)]


def _result(query: NamedQuery, columns: list[str], rows: list[tuple], params: dict[str, str]) -> Result:
    """A store's answer as a Result: list columns tidied, list parameters applied, rows ordered."""
    if list(columns) != list(query.columns):
        raise QueryError(f"queries/{query.name}.rq: returns columns {columns}, its header says {list(query.columns)}")
    if type(rows) is not TidyRows:  # answers kept ready were tidied when kept
        rows = tidy(query, columns, rows)
    out = [dict(zip(columns, row)) for row in rows]
    for key in query.lists:  # a parameter naming a list column keeps the rows that hold its value
        if params.get(key) is not None:
            out = [r for r in out if params[key] in r[key]]
    if not query.order:
        out.sort(key=lambda r: tuple(_sort_key(r[c]) for c in columns))
    return Result(query.name, list(columns), out)




def _sort_key(value):
    return (value is None, str(value))
