"""Shell completion of what the user names: query names and their parameters from the catalogue,
case ids and entity ids from the store the command line points at (its --backend, --store,
--uri... typed so far, or their environment variables). When there is no store, or it cannot be
read, completion offers nothing and says nothing: a completion never prints an error."""

from __future__ import annotations

import contextlib
import io

__all__ = ["complete_query_name", "complete_param", "complete_case", "complete_entity", "complete_column"]


def _query_name(ctx) -> str | None:
    """The query named so far: parsed, or still among the words the parser left (it stops at an
    option whose value is being completed)."""
    from graphmap.query.named import named_queries

    name = (ctx.params or {}).get("name")
    if name:
        return name
    return next((word for word in (ctx.args or []) if word in named_queries()), None)


def _store(ctx):
    """The store the command line names so far, opened read-only (never created)."""
    from pathlib import Path

    from graphmap.cli.options import StoreChoice

    fields = ("backend", "store", "uri", "user", "database", "password_file")
    given = {k: v for k, v in (ctx.params or {}).items() if k in fields and v is not None}
    words = list(ctx.args or [])
    for option, field in (("--store", "store"), ("--password-file", "password_file")):
        if option in words[:-1] and field not in given:
            given[field] = Path(words[words.index(option) + 1])
    return StoreChoice(**given).open(read_only=True)


def _from_store(ctx, read) -> list:
    """``read(store)``, or nothing when there is no store (or anything goes wrong): completion is quiet."""
    try:
        with contextlib.redirect_stderr(io.StringIO()), _store(ctx) as store:
            return list(read(store))
    except Exception:  # completion must never print a traceback into the user's shell
        return []


def _matching(values, incomplete: str | None) -> list:
    incomplete = incomplete or ""
    return [v for v in values if (v[0] if isinstance(v, tuple) else v).startswith(incomplete)]


def complete_query_name(ctx, incomplete: str):
    from graphmap.query.named import named_queries

    return _matching([(name, query.title) for name, query in named_queries().items()], incomplete)


def complete_case(ctx, incomplete: str):
    return _matching(_from_store(ctx, lambda store: sorted(store.cases())), incomplete)


def complete_entity(ctx, incomplete: str):
    """Ids of the tasks, posts and roles (what explain and review take)."""
    from graphmap.query.named import run_query

    def ids(store):
        case = (ctx.params or {}).get("case")
        params = {"case": case} if case else {}
        found = {row["task"]: row["task_label"] for row in run_query(store, "tasks", params).rows}
        found.update({row["id"]: row["label"] for row in run_query(store, "role-typology", params).rows})
        return sorted((k, v or "") for k, v in found.items())

    return _matching(_from_store(ctx, ids), incomplete)


def complete_param(ctx, incomplete: str):
    """``--param``: the parameter names of the query given (``status=``), then, after ``case=``,
    the case ids, and after another name the values that column takes in the store."""
    from graphmap.query.named import column_values, named_queries

    queries = named_queries()
    name = _query_name(ctx)
    chosen = [queries[name]] if name in queries else list(queries.values())
    incomplete = incomplete or ""
    key, sep, value = incomplete.partition("=")
    if not sep:
        names = sorted({p: q.parameters[p] for q in chosen for p in q.parameters}.items())
        return _matching([(f"{p}=", doc) for p, doc in names], incomplete)
    if key == "case":
        return [f"case={c}" for c in _matching(_from_store(ctx, lambda store: sorted(store.cases())), value)]
    if name in queries and key in queries[name].columns:
        found = _from_store(ctx, lambda store: sorted(column_values(store, queries[name], key)))
        return [f"{key}={v}" for v in _matching(found, value)]
    return []


def complete_column(ctx, incomplete: str):
    """``--columns`` and ``--sort``: the columns of the query given, after the last comma."""
    from graphmap.query.named import named_queries

    query = named_queries().get(_query_name(ctx) or "")
    if query is None:
        return []
    head, _, last = (incomplete or "").rpartition(",")
    sign = "-" if last.startswith("-") else ""
    prefix = head + "," if head else ""
    return [f"{prefix}{sign}{c}" for c in query.columns if c.startswith(last.removeprefix("-"))]
