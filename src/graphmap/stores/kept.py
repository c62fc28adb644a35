"""Answers kept ready: the rows of the named queries whose answer grows with every case
(``KEPT``), computed case by case once a case and its verdicts are written, and read back
instead of running the query over every case.

Why: over 1,000 seed-sized cases these queries answer 9,000-53,000 rows, and both engines spend
their time per row of join (6,000-15,000 rows a second here): no rewrite of the query brings
them near one second (docs/performance.md). Reading a thousand lists of rows ready-made does.

Never stale, by construction rather than by care:
- the store deletes a case's kept answers **in the same transaction** as any write of that
  case's graph or of its derived graph (a load, a review, a new rubric, a case dropped), so
  answers present are answers of the case and verdicts as they are now;
- each answer carries the key of what made it (the query's text in the store's language, its
  columns, graphmap's version and how the rows are written) and when its case's verdicts were
  derived (``case_key``): another text or version never reads it, and neither does a store in
  which the case was written since by anything that left them in place;
- a query over every case reads them only when **every** loaded case has them, in the same
  read as the list of cases; otherwise it runs as it always did. A query with a parameter (a
  case, a value) always runs: one case answers in a few milliseconds anyway.

Kept answers are the store's bookkeeping, like the fingerprints of loaded files: not a case's
statement, never exported or pseudonymised, not in any named query. ``refresh`` computes the
missing ones with the store's own queries; ``intake.load`` and ``analysis.review`` call it after
their write (a process killed in between leaves them missing, which only makes queries over
every case slower until the next write).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from graphmap import __version__
from graphmap.model.namedqueries import TidyRows, bound_parameters, file_queries, tidy

__all__ = ["KEPT", "FEW", "kept_key", "case_key", "keepable", "encode", "decode", "ready_rows", "refresh"]

KEPT = ("standardisable-tasks", "verdicts", "role-typology", "constraints", "usages", "tasks", "non-usage-reasons")
"""The named queries kept ready: those that read the verdicts, what the views over them read
(ai-fit: constraints, usages; blocking-constraints and similar-holders: tasks), and the
reasons for non-usage, the study's core; each answers 7,000-43,000 rows over 1,000 seed-sized
cases. Not evidence (236,000 rows: 55 s to compute at each load, 70 MB to keep)."""

FORMAT = "tidied-json-1"
"""How the rows are kept (JSON, list columns tidied): part of the key, so another way is never read."""

FEW = 40
"""Up to this many cases lacking answers (or a quarter of the cases, if more), each is answered
by the query on that case alone (~15 ms a query); beyond, the query runs once over every case
(~12 ms a case) and its rows are shared out by case. A barometer loaded 100 files at a time so
costs each batch about its own cases, not the whole store again."""


def kept_key(query, language: str) -> str:
    """What kept answers of ``query`` must carry to be read by this graphmap on this store."""
    text = query.sparql if language == "sparql" else query.cypher
    made = "\n".join((FORMAT, __version__, language, query.name, ",".join(query.columns), text or ""))
    return hashlib.sha256(made.encode("utf-8")).hexdigest()[:24]


def case_key(query_key: str, stamp: str) -> str:
    """The key one case's kept answer carries: the query's (``kept_key``) and when the case's
    verdicts were derived (its derivation's ``prov:startedAtTime``, to the microsecond). Any
    write of a case derives it again; a write that did not delete the kept answers (another
    process's, between a refresh's read and its write on Neo4j; a graphmap older than the
    answers kept ready) still makes them unreadable."""
    return f"{query_key}@{stamp}"


def keepable(query, params: dict[str, Any]) -> bool:
    """Whether this run of ``query`` may be answered by kept answers: a kept query over every
    case, with no parameter set."""
    return query.name in KEPT and query.view is None and all(value is None for value in params.values())


def encode(columns: list[str], rows: list) -> str | None:
    """The rows (their list columns tidied: ``model.namedqueries.tidy``) as JSON text, or None
    when a value is not plain data JSON keeps exactly (then nothing is kept, and the query runs)."""
    try:
        return json.dumps({"columns": list(columns), "rows": [list(row) for row in rows]},
                          ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return None


def decode(text: str, columns: list[str]) -> list[list] | None:
    """The rows kept as ``text`` (each a list, its list columns tidied), or None if they were
    kept for other columns."""
    data = json.loads(text)
    if data.get("columns") != list(columns):
        return None
    return data["rows"]


def ready_rows(rows: list[list]) -> TidyRows:
    """Rows read from answers kept ready, as a query's answer whose lists need no tidying."""
    return TidyRows(rows) if type(rows) is not TidyRows else rows


def refresh(store) -> int:
    """Compute and keep the answers of every loaded case that lacks them (or holds answers of
    another key); the number of answers written. Called after each write."""
    queries = [file_queries()[name] for name in KEPT]
    # the stamps are read before the queries run: a write in between makes what is kept unreadable
    stamps, have = store.kept_keys()
    cases = sorted(stamps)
    keys = {(case, query.name): case_key(kept_key(query, store.query_language), stamps[case])
            for query in queries for case in cases}
    lacking = {query.name: [case for case in cases if have.get((case, query.name)) != keys[(case, query.name)]]
               for query in queries}
    one_by_one = max(FEW, len(cases) // 4)
    few = [(query, case) for query in queries for case in lacking[query.name] if len(lacking[query.name]) <= one_by_one]
    many = [query for query in queries if len(lacking[query.name]) > one_by_one]
    # one read for all (the store runs them side by side): per case when few lack, else each
    # query once over every case, its rows shared out by case
    requests = [(query, bound_parameters(query, {"case": case})) for query, case in few]
    requests += [(query, bound_parameters(query, {})) for query in many]
    answers = store.run_many(requests, kept=False) if requests else []
    found: dict[tuple[str, str], tuple[list[str], list]] = {}
    for (query, case), answer in zip(few, answers):
        found[(case, query.name)] = answer
    for query, (columns, rows) in zip(many, answers[len(few):]):
        at = columns.index("case")
        grouped: dict[str, list] = {case: [] for case in lacking[query.name]}
        for row in rows:
            if row[at] in grouped:
                grouped[row[at]].append(row)
        found.update({(case, query.name): (columns, grouped[case]) for case in grouped})
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for (case, name), (columns, rows) in found.items():
        text = encode(columns, tidy(file_queries()[name], columns, rows))
        if text is not None:
            out[(case, name)] = (keys[(case, name)], text)
    if out:
        store.keep_answers(out)
    return len(out)
