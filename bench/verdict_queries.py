"""The queries that read the verdicts, timed over every case of a store (issue 17's last target).

    python bench/verdict_queries.py --store PATH [--copies N] [--runs 3] [--cli] [--out PATH]
    python bench/verdict_queries.py --backend neo4j [--copies N] ...   (NEO4J_* name the server)

With ``--copies N`` the store is first made from N copies of the seed case (the first file of
cases/, each with a case id of its own), as ``../shared/tools/seed-scale N`` makes it (on Neo4j,
loaded over what the database holds: empty it first for N cases exactly); without, the store
must already hold the cases to time over.

For each query whose answers are kept ready (``stores/kept.py``: standardisable-tasks, verdicts,
role-typology, constraints, usages, tasks, non-usage-reasons) and the views computed from them
(ai-fit, typology-table, blocking-constraints, similar-holders), over every case loaded, the
median of ``--runs`` runs of:

  - ``sparql`` (embedded only): the query's text run by pyoxigraph itself on the store, every
    solution read and every term touched (what Oxigraph costs, nothing of graphmap's);
  - ``query``: the store running the query itself (``run_named(..., kept=False)``: the SPARQL or
    Cypher twin, values converted to Python), as every query ran before the answers kept ready;
  - ``api``: ``graphmap.query.named.run_query`` (the answers kept ready when every case has them,
    else the query; lists tidied; for a view its computation): what a program using graphmap gets;
  - ``cli`` (with ``--cli``): ``graphmap query NAME -f json`` in a process of its own, output
    thrown away: start-up and rendering included.

And the rows of each, rows/s and the target of issue 16/17, judged on ``api``: ≤ 1 s when the
answer has ≤ 20,000 rows, else ≥ 100,000 rows/s. The JSON goes to
bench/results/<date>-verdict-queries[-neo4j].json. Benchmark figures only: no test times anything.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph as ox  # noqa: E402

from graphmap.model.namedqueries import bound_parameters  # noqa: E402
from graphmap.query.named import named_queries, run_query  # noqa: E402
from graphmap.stores.embedded import EmbeddedStore  # noqa: E402
from graphmap.stores.kept import KEPT  # noqa: E402

QUERIES = KEPT  # the queries whose answers are kept ready (stores/kept.py)
VIEWS = ("ai-fit", "typology-table", "blocking-constraints", "similar-holders")  # computed from them


def target(rows: int, seconds: float) -> dict:
    limit = 1.0 if rows <= 20_000 else rows / 100_000
    return {"limit_s": round(limit, 3), "met": seconds <= limit}


def make_store(store: Path | None, copies: int) -> float:
    seed = sorted((ROOT / "cases").glob("*.yaml"))[0]
    text = seed.read_text(encoding="utf-8")
    case = re.search(r"^case: *(\S+)$", text, re.M).group(1)
    with tempfile.TemporaryDirectory() as folder:
        for i in range(1, copies + 1):
            copy = re.sub(rf"^case: *{re.escape(case)}$", f"case: {case}-copie-{i:0{len(str(copies))}d}", text, flags=re.M)
            Path(folder, f"c{i:05d}.yaml").write_text(copy, encoding="utf-8")
        start = time.perf_counter()
        where = ["--store", str(store)] if store is not None else ["--backend", "neo4j"]
        subprocess.run([sys.executable, "-m", "graphmap", "load", folder, *where], check=True,
                       stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        return time.perf_counter() - start


def sparql_alone(store: EmbeddedStore, text: str) -> tuple[float, int]:
    start = time.perf_counter()
    rows = 0
    for solution in store._store.query(text, use_default_graph_as_union=True):
        for term in solution:
            pass
        rows += 1
    return time.perf_counter() - start, rows


def median_of(runs: int, measure) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(runs):
        seconds, rows = measure()
        times.append(seconds)
    return statistics.median(times), rows


def open_store(args):
    if args.backend == "neo4j":
        from graphmap.settings import Neo4jSettings
        from graphmap.stores.neo4j import Neo4jStore

        return Neo4jStore(Neo4jSettings.from_env())
    return EmbeddedStore(args.store, read_only=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("embedded", "neo4j"), default="embedded")
    parser.add_argument("--store", type=Path)
    parser.add_argument("--copies", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cli", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.backend == "embedded" and args.store is None:
        parser.error("--store is required for the embedded store")
    out: dict = {"date": date.today().isoformat(), "backend": args.backend,
                 "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "pyoxigraph": ox.__version__},
                 "queries": {}}
    if args.copies:
        out["load_s"] = round(make_store(args.store if args.backend == "embedded" else None, args.copies), 2)
    known = named_queries()
    store = open_store(args)
    try:
        out["cases"] = len(store.cases())
        for name in QUERIES + VIEWS:
            entry: dict = {}
            if name in QUERIES:
                if args.backend == "embedded":
                    seconds, rows = median_of(args.runs, lambda: sparql_alone(store, known[name].sparql))
                    entry["sparql_s"] = round(seconds, 3)

                def query():
                    start = time.perf_counter()
                    _, rows = store.run_named(known[name], bound_parameters(known[name], {}), kept=False)
                    return time.perf_counter() - start, len(rows)

                entry["query_s"] = round(median_of(args.runs, query)[0], 3)

            def api():
                start = time.perf_counter()
                result = run_query(store, name)
                return time.perf_counter() - start, len(result.rows)

            seconds, rows = median_of(args.runs, api)
            entry.update({"rows": rows, "api_s": round(seconds, 3), "api_rows_per_s": round(rows / seconds)})
            out["queries"][name] = entry
    finally:
        store.close()
    if args.cli:
        import compileall

        compileall.compile_dir(str(ROOT / "src" / "graphmap"), quiet=1)  # as pip install does: no figure measures the compiler
        where = ["--store", str(args.store)] if args.backend == "embedded" else ["--backend", "neo4j"]
        for name, entry in out["queries"].items():
            def cli():
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "graphmap", "query", name, *where, "-f", "json"],
                               check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
                return time.perf_counter() - start, entry["rows"]
            entry["cli_s"] = round(median_of(args.runs, cli)[0], 3)
    for name, entry in out["queries"].items():
        entry["target"] = target(entry["rows"], entry["api_s"])
        shown = "  ".join(f"{k} {entry[k]:>7}" for k in ("sparql_s", "query_s", "api_s", "cli_s") if k in entry)
        print(f"{name:22} {entry['rows']:>7} rows  {shown}  target {entry['target']['limit_s']} s: "
              f"{'met' if entry['target']['met'] else 'not met'}")
    suffix = "-neo4j" if args.backend == "neo4j" else ""
    path = args.out or ROOT / "bench" / "results" / f"{out['date']}-verdict-queries{suffix}.json"
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"written: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
