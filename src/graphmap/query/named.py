"""Every named query by name: those written in ``queries/`` (catalogue) and the views computed
from them (views); ``run_query`` runs either. What a user names (a query, a parameter, a value,
a column, a case) is checked here, with "did you mean" suggestions."""

from __future__ import annotations

import difflib
from functools import cache

from graphmap.errors import QueryError, one_line
from graphmap.query.catalogue import NamedQuery, Result, bound_parameters, check_parameters, file_results, file_queries, no_cycle_collection
from graphmap.query.views import VIEWS

__all__ = ["named_queries", "named_query", "run_query", "did_you_mean", "check_parameter_names", "check_columns",
           "check_case", "check_values", "case_ids", "column_values"]


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query, by name."""
    out = dict(file_queries())
    for name, view in VIEWS.items():
        out[name] = NamedQuery(name, view.title, view.description, {"case": "a case id: only that case"},
                               view.columns, view.lists, view.order, view=view.compute)
    return dict(sorted(out.items()))


def shown(value: str, limit: int = 80) -> str:
    """A value a user gave, quoted on one line, cut if long."""
    text = repr(value)
    return one_line(text if len(text) <= limit else text[:limit] + "...")


def did_you_mean(value: str, choices, cutoff: float = 0.6) -> str:
    """``"; did you mean 'x' or 'y'?"`` for the choices close to ``value`` (difflib), or ``""``."""
    close = difflib.get_close_matches(value, sorted(set(choices)), n=3, cutoff=cutoff)
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(c) for c in close) + "?"


def _known(choices, most: int = 12) -> str:
    choices = sorted(set(choices))
    if len(choices) > most:
        return ""
    return f" (known: {', '.join(choices) or 'none'})"


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        close = did_you_mean(name, queries)
        raise QueryError(f"no query named {shown(name)}{close} (see: graphmap queries)" if close
                         else f"no query named {shown(name)}; known: {', '.join(queries)}")
    return queries[name]


def check_parameter_names(query: NamedQuery, params: dict[str, str]) -> None:
    """Refuse a parameter the query does not have, suggesting the closest ones."""
    for key in params:
        if key not in query.parameters:
            known = ", ".join(query.parameters) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {shown(key)}{did_you_mean(key, query.parameters)} "
                             f"(parameters: {known})")
    check_parameters(query, params)


def check_columns(names: list[str], columns, option: str) -> None:
    """Refuse a column name (``-name`` allowed with ``--sort``) the answer does not have."""
    for name in names:
        bare = name.removeprefix("-") if option == "--sort" else name
        if bare not in columns:
            raise QueryError(f"{option}: no column {shown(bare)}{did_you_mean(bare, columns)} (columns: {', '.join(columns)})")


def case_ids(store) -> list[str]:
    return list(store.cases())


def check_case(store, case: str | None, option: str = "--param case") -> None:
    """Refuse a case id the store does not hold (a typo would otherwise answer an empty table)."""
    if case is None:
        return
    loaded = case_ids(store)
    if case not in loaded:
        raise QueryError(f"{option}: no case {shown(case)} in the store{did_you_mean(case, loaded)}{_known(loaded)}")


def column_values(store, query: NamedQuery, column: str, case: str | None = None) -> set[str]:
    """Every value ``column`` takes in the answer of ``query`` (in ``case`` if given)."""
    answer = run_query(store, query.name, {"case": case} if case else {})
    values: set[str] = set()
    for row in answer.rows:
        value = row[column]
        for item in value if isinstance(value, list) else [value]:
            if item is not None and item != "":
                values.add(str(item))
    return values


def _vocabulary_for(values: set[str]) -> set[str]:
    """Every notation of the SKOS schemes that hold all of ``values`` (a vocabulary's values are
    all valid, whether or not the store uses them yet)."""
    from rdflib.namespace import SKOS

    from graphmap.model.vocabulary import ontology_graph

    graph = ontology_graph()
    schemes: dict[str, set[str]] = {}
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        notation = graph.value(concept, SKOS.notation)
        if notation is not None:
            schemes.setdefault(str(scheme), set()).add(str(notation))
    out: set[str] = set()
    for notations in schemes.values():
        if values <= notations:
            out |= notations
    return out


def check_values(store, query: NamedQuery, params: dict[str, str], answer: Result) -> None:
    """After an empty answer: refuse a parameter value the store does not hold (``status=effectiv``,
    ``entity=tache-inconue``), with suggestions. A value the store holds, or one of the vocabulary
    the column takes its values from, may well answer nothing: that stays an empty answer."""
    if answer.rows:
        return
    case = params.get("case")
    for key, value in params.items():
        if key == "case" or key not in query.columns:
            continue
        present = column_values(store, query, key, case)
        if not present or value in present:
            continue
        valid = present | _vocabulary_for(present)
        if value in valid:
            continue
        where = f" in case {case!r}" if case else " in the store"
        raise QueryError(f"--param {key}: {shown(value)} is not a value of {key}{where}{did_you_mean(value, valid)}{_known(valid)}")


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
