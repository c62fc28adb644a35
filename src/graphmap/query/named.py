"""Every named query by name: those written in ``queries/`` (catalogue) and the views computed
from them (views); ``run_query`` runs either."""

from __future__ import annotations

from functools import cache

from graphmap.errors import QueryError
from graphmap.query.catalogue import NamedQuery, Result, bound_parameters, check_parameters, file_results, file_queries, no_cycle_collection
from graphmap.query.views import VIEWS

__all__ = ["named_queries", "named_query", "run_query"]


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query, by name."""
    out = dict(file_queries())
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
    check_parameters(query, params)
    with no_cycle_collection():
        if query.view is not None:
            rows = query.view(store, bound_parameters(query, params))
            return Result(name, list(query.columns), [{c: r[c] for c in query.columns} for r in rows])
        return file_results(store, [query], params)[0]
