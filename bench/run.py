"""Benchmarks: synthetic barometers loaded and queried on both stores, beside the paths without graphmap.

    python bench/run.py [--sizes 10,100,1000] [--runs 5] [--out PATH] [--no-neo4j] [--no-rdflib]

For each size (a number of synthetic case files) it measures, each in a fresh process:

  embedded      graphmap's load into the embedded Oxigraph store, then every named query on it,
                then the same load again from the same files (a reload: each case replaced by
                itself; under 50,000 triples the embedded store writes only what changed: nothing)
  neo4j         graphmap's load into Neo4j, then every named query on it, then the reload
  rdflib-neo4j  the Neo4j loader without graphmap: the same case files turned into RDF, checked
                with pySHACL, and written into the same Neo4j database with rdflib-neo4j's store
                (batched, as its documentation recommends)
  rdflib        the embedded side without graphmap: an rdflib Dataset, pySHACL, rdflib's SPARQL

and reports the ratios of each path without graphmap to graphmap's, measured in the same run:
rdflib load / embedded load, rdflib-neo4j load / graphmap's Neo4j load, and rdflib SPARQL /
Oxigraph for each query. It prints a table and writes the figures as JSON (default
bench/results/<date>.json).

Neo4j figures need a server (scripts/neo4j start; the NEO4J_* environment). The benchmark owns
the database it is pointed at: it deletes every node in it before graphmap's Neo4j load of each
size, again before the rdflib-neo4j load, and after that load, when it also drops rdflib-neo4j's
constraint (n10s_unique_uri); so each load starts from an empty database, and the run leaves
one. Never point it at a database whose data you want to keep.

Before the first size, each Neo4j loader loads two other cases once, untimed, so that neither
pays for a cold server. Timings are wall-clock on this machine. Peak memory is the resident set
(ru_maxrss) of the measuring process, which runs alone; for Neo4j that is the client only, not
the server. The query timings are medians of --runs runs after a warm-up on the stores; rdflib's
are medians of up to --runs runs with no warm-up, fewer for slow queries (RDFLIB_QUERY_BUDGET_S).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
RDFLIB_QUERY_BUDGET_S = 60   # rdflib: no further runs of a query once its runs took this long
RDFLIB_DEADLINE_S = 900      # rdflib: queries not started by then are recorded as skipped
RDFLIB_QUERY_LIMIT_S = 120   # rdflib: one run of a query stopped after this long (recorded as a timeout)
N10S_CONSTRAINT = "n10s_unique_uri"

# Each measurement runs in its own process so that peak memory means something.
LOAD_EMBEDDED = """
import json, resource, sys, time
from pathlib import Path
from graphmap.load import load_cases
from graphmap.stores import EmbeddedStore
start = time.perf_counter()
with EmbeddedStore(Path(sys.argv[2])) as store:
    cases = load_cases([Path(sys.argv[1])], store)
print(json.dumps({"seconds": time.perf_counter() - start, "triples": sum(len(c.graph) for c in cases),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
LOAD_NEO4J = """
import json, resource, sys, time
from pathlib import Path
from graphmap.load import load_cases
from graphmap.stores import open_store
start = time.perf_counter()
with open_store("neo4j") as store:
    cases = load_cases([Path(sys.argv[1])], store)
print(json.dumps({"seconds": time.perf_counter() - start, "triples": sum(len(c.graph) for c in cases),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
QUERIES = """
import json, resource, statistics, sys, time
from pathlib import Path
from graphmap.queries import named_queries, run_query
from graphmap.stores import open_store
backend, runs = sys.argv[1], int(sys.argv[2])
kwargs = {"path": Path(sys.argv[3]), "read_only": True} if backend == "embedded" else {}
out = {}
with open_store(backend, **kwargs) as store:
    for name, query in named_queries().items():
        run_query(store, name)  # warm-up
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            rows = run_query(store, name).rows
            times.append(time.perf_counter() - start)
        out[name] = {"median_s": statistics.median(times), "rows": len(rows)}
print(json.dumps({"queries": out, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
# The Neo4j loader without graphmap: YAML -> RDF (the same conversion as graphmap's), pySHACL,
# then rdflib-neo4j's store. Its documented use: Neo4jStoreConfig(auth_data=..., custom_prefixes=...,
# handle_vocab_uri_strategy=..., batching=True), Graph(store=Neo4jStore(config=config)),
# graph.open(...), graph.add(triple) for each triple, graph.close(True) to flush the last batches.
# Like graphmap's Neo4j load it also writes the SKOS vocabularies and the rubric.
RDFLIB_NEO4J = """
import json, resource, sys, time
from pathlib import Path
from rdflib import Graph, Namespace
from pyshacl import validate
from rdflib_neo4j import HANDLE_VOCAB_URI_STRATEGY, Neo4jStore, Neo4jStoreConfig
from graphmap.load import case_paths
from graphmap.casefile import read_case_file
from graphmap.rdf import case_to_graph
from graphmap.resources import data_dir
from graphmap.settings import Neo4jSettings
from graphmap.vocabulary import PREFIXES, rubric_graph, vocabularies_graph
settings = Neo4jSettings.from_env()
auth = {"uri": settings.uri, "database": settings.database, "user": settings.user, "pwd": settings.password}
start = time.perf_counter()
shapes = Graph().parse(data_dir("ontology") / "shapes.ttl")
config = Neo4jStoreConfig(auth_data=auth, custom_prefixes={p: Namespace(ns) for p, ns in PREFIXES.items()},
                          handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.SHORTEN, batching=True)
neo = Graph(store=Neo4jStore(config=config))
neo.open(configuration=None, create=True)
triples = written = 0
conforming = 0
for path in case_paths([Path(sys.argv[1])]):
    graph, _ = case_to_graph(read_case_file(path))
    conforms, _, _ = validate(graph, shacl_graph=shapes)
    conforming += bool(conforms)
    for t in graph:
        neo.add(t)
    triples += len(graph)
    written += len(graph)
for extra in (vocabularies_graph(), rubric_graph()):
    for t in extra:
        neo.add(t)
    written += len(extra)
neo.close(True)
print(json.dumps({"seconds": time.perf_counter() - start, "triples": triples, "triples_written": written,
                  "conforming_cases": conforming, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
RDFLIB = """
import json, resource, signal, statistics, sys, time
from pathlib import Path
from rdflib import Dataset, Graph
from pyshacl import validate
from graphmap.load import case_paths
from graphmap.casefile import read_case_file
from graphmap.rdf import case_to_graph
from graphmap.queries import named_queries
from graphmap.resources import data_dir
from graphmap.vocabulary import ontology_graph, rubric_graph
begin = start = time.perf_counter()
shapes = Graph().parse(data_dir("ontology") / "shapes.ttl")
dataset = Dataset(default_union=True)
for path in case_paths([Path(sys.argv[1])]):
    graph, _ = case_to_graph(read_case_file(path))
    conforms, _, _ = validate(graph, shacl_graph=shapes)
    named = dataset.graph("https://w3id.org/graphmap/graph/" + path.stem)
    for t in graph:
        named.add(t)
for extra, name in ((ontology_graph(), "_ontology"), (rubric_graph(), "_rubric")):
    named = dataset.graph("https://w3id.org/graphmap/graph/" + name)
    for t in extra:
        named.add(t)
load = time.perf_counter() - start
queries = {}
runs, budget, deadline, limit = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])


class QueryTimeout(Exception):
    pass


def _stop(signum, frame):
    raise QueryTimeout()


signal.signal(signal.SIGALRM, _stop)
for name, query in named_queries().items():
    if query.sparql is None:
        continue
    if time.perf_counter() - begin > deadline:
        queries[name] = {"skipped": f"not started: the rdflib queries ran past {deadline:.0f} s"}
        continue
    times = []
    try:
        while len(times) < runs and sum(times) < budget:
            start = time.perf_counter()
            signal.alarm(int(limit))
            try:
                rows = list(dataset.query(query.sparql))
            finally:
                signal.alarm(0)
            times.append(time.perf_counter() - start)
    except QueryTimeout:
        queries[name] = {"timeout_s": limit}
        continue
    except Exception as exc:  # rdflib's engine fails on some valid SPARQL: record it
        queries[name] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
        continue
    queries[name] = {"median_s": statistics.median(times), "rows": len(rows), "runs": len(times)}
print(json.dumps({"load_s": load, "queries": queries, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _python(code: str, *args: str, timeout: float = 3600) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])  # the last line: rdflib-neo4j prints as it goes


# --- the Neo4j database the benchmark owns ---------------------------------------------------

class Neo4jDatabase:
    """The database of NEO4J_*: emptied between loads, counted after them."""

    def __init__(self) -> None:
        import neo4j

        from graphmap.settings import Neo4jSettings

        self.settings = Neo4jSettings.from_env()
        self.driver = neo4j.GraphDatabase.driver(self.settings.uri, auth=(self.settings.user, self.settings.password))

    def _run(self, cypher: str) -> list[dict]:
        with self.driver.session(database=self.settings.database) as session:
            return [record.data() for record in session.run(cypher)]

    def wipe(self) -> None:
        """Delete every node (in batches) and rdflib-neo4j's constraint; graphmap's constraints stay."""
        self._run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
        self._run(f"DROP CONSTRAINT {N10S_CONSTRAINT} IF EXISTS")

    def prepare_n10s(self) -> None:
        """The Neo4j side of rdflib-neo4j's setup: its uniqueness constraint, online."""
        self._run(f"CREATE CONSTRAINT {N10S_CONSTRAINT} IF NOT EXISTS FOR (r:Resource) REQUIRE r.uri IS UNIQUE")
        self._run("CALL db.awaitIndexes(300)")

    def counts(self) -> dict:
        nodes = self._run("MATCH (n) RETURN count(n) AS n")[0]["n"]
        relationships = self._run("MATCH ()-[r]->() RETURN count(r) AS r")[0]["r"]
        return {"nodes": nodes, "relationships": relationships}

    def close(self) -> None:
        self.driver.close()


# --- the run ----------------------------------------------------------------------------------

def _ratio(over: float | None, under: float | None) -> float | None:
    return over / under if over is not None and under else None


def ratios(entry: dict) -> dict:
    """Every path without graphmap over graphmap's, from figures of the same run."""
    out: dict = {}
    if "rdflib" in entry:
        out["rdflib_load_over_embedded_load"] = _ratio(entry["rdflib"]["load_s"], entry["embedded_load"]["seconds"])
        oxigraph = entry["embedded_queries"]["queries"]
        out["rdflib_query_over_oxigraph"] = {  # a timed-out run gives a lower bound (at least x)
            name: _ratio(q.get("median_s", q.get("timeout_s")), oxigraph.get(name, {}).get("median_s"))
            for name, q in sorted(entry["rdflib"]["queries"].items())}
    if "rdflib_neo4j" in entry:
        out["rdflib_neo4j_load_over_neo4j_load"] = _ratio(entry["rdflib_neo4j"]["seconds"], entry["neo4j_load"]["seconds"])
    return out


def measure(size: int, runs: int, neo4j: bool, rdflib: bool) -> dict:
    from graphmap.synth import write_barometer

    with tempfile.TemporaryDirectory() as tmp:
        cases, store = Path(tmp) / "cases", Path(tmp) / "store"
        write_barometer(size, 42, cases, shape="small")  # the cases its figures describe (~380 triples each)
        entry: dict = {"embedded_load": _python(LOAD_EMBEDDED, str(cases), str(store))}
        entry["embedded_queries"] = _python(QUERIES, "embedded", str(runs), str(store))
        entry["embedded_reload"] = _python(LOAD_EMBEDDED, str(cases), str(store))  # the same files again: every case replaced by itself
        if neo4j:
            db = Neo4jDatabase()
            try:
                db.wipe()
                entry["neo4j_load"] = _python(LOAD_NEO4J, str(cases)) | db.counts()
                entry["neo4j_queries"] = _python(QUERIES, "neo4j", str(runs), "")
                entry["neo4j_reload"] = _python(LOAD_NEO4J, str(cases)) | db.counts()
                db.wipe()
                db.prepare_n10s()
                entry["rdflib_neo4j"] = _python(RDFLIB_NEO4J, str(cases)) | db.counts()
            finally:
                db.wipe()
                db.close()
        if rdflib:
            entry["rdflib"] = _python(RDFLIB, str(cases), str(runs), str(RDFLIB_QUERY_BUDGET_S), str(RDFLIB_DEADLINE_S), str(RDFLIB_QUERY_LIMIT_S))
    entry["ratios"] = ratios(entry)
    return entry


def warm_up_neo4j() -> None:
    """One untimed load of two cases by each Neo4j loader, so that the first size does not pay for a cold server."""
    from graphmap.synth import write_barometer

    with tempfile.TemporaryDirectory() as tmp:
        cases = Path(tmp) / "cases"
        write_barometer(2, 7, cases, shape="small")
        db = Neo4jDatabase()
        try:
            db.wipe()
            _python(LOAD_NEO4J, str(cases))
            db.wipe()
            db.prepare_n10s()
            _python(RDFLIB_NEO4J, str(cases))
        finally:
            db.wipe()
            db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000", help="numbers of cases, comma-separated (1000 is about 0.4 M triples)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each query (their median is reported)")
    parser.add_argument("--out", type=Path, help="where the JSON goes (default bench/results/<date>.json)")
    parser.add_argument("--no-neo4j", action="store_true", help="skip graphmap's Neo4j load and queries and the rdflib-neo4j load")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib-only path")
    args = parser.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes takes numbers separated by commas, not {args.sizes!r}")
    if any(s < 1 for s in sizes) or args.runs < 1:
        parser.error("sizes and --runs must be at least 1")
    sys.path.insert(0, str(ROOT / "src"))

    today = date.today().isoformat()
    out = args.out or RESULTS / f"{today}.json"
    report = {"date": today, "runs": args.runs, "neo4j_warm_up": not args.no_neo4j,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "sizes": {}}
    if not args.no_neo4j:
        warm_up_neo4j()
    for size in sizes:
        entry = measure(size, args.runs, neo4j=not args.no_neo4j, rdflib=not args.no_rdflib)
        report["sizes"][str(size)] = entry
        _print(size, entry)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")


def _x(ratio: float | None) -> str:
    if ratio is None:
        return ""
    return f"x{ratio:.1f}" if ratio < 10 else f"x{ratio:.0f}"


def _load_row(label: str, figures: dict, ratio: str = "", note: str = "") -> None:
    peak = "" if figures.get("peak_mb") is None else f"{figures['peak_mb']:.0f}"
    counts = f"{figures['nodes']} nodes, {figures['relationships']} relationships" if "nodes" in figures else ""
    print(f"{label:22} {figures['seconds']:9.2f} {peak:>8} {ratio:>7}  {' '.join(filter(None, (note, counts)))}".rstrip())


def _print(size: int, entry: dict) -> None:
    load, r = entry["embedded_load"], entry["ratios"]
    print(f"\n== {size} cases, {load['triples']} triples ==")
    print(f"{'load':22} {'seconds':>9} {'peak MB':>8} {'ratio':>7}")
    _load_row("graphmap embedded", load)
    _load_row("  again (same files)", entry["embedded_reload"])
    if "rdflib" in entry:
        _load_row("rdflib+pySHACL", {"seconds": entry["rdflib"]["load_s"]},
                  _x(r["rdflib_load_over_embedded_load"]), "(over graphmap embedded)")
    if "neo4j_load" in entry:
        _load_row("graphmap neo4j", entry["neo4j_load"])
        _load_row("  again (same files)", entry["neo4j_reload"])
    if "rdflib_neo4j" in entry:
        _load_row("rdflib-neo4j+pySHACL", entry["rdflib_neo4j"],
                  _x(r["rdflib_neo4j_load_over_neo4j_load"]), "(over graphmap neo4j)")

    print(f"\n{'query (median s)':24} {'embedded':>10} {'neo4j':>10} {'rdflib':>10} {'rdflib/oxigraph':>16}")
    rdf_queries = entry.get("rdflib", {}).get("queries", {})
    for name, q in sorted(entry["embedded_queries"]["queries"].items()):
        neo = entry.get("neo4j_queries", {}).get("queries", {}).get(name, {}).get("median_s")
        rdf_entry = rdf_queries.get(name, {})
        rdf = rdf_entry.get("median_s")
        neo_text = "" if neo is None else f"{neo:10.4f}"
        rdf_text = ("error" if "error" in rdf_entry else "skipped" if "skipped" in rdf_entry
                    else f">{rdf_entry['timeout_s']:.0f}" if "timeout_s" in rdf_entry
                    else "" if rdf is None else f"{rdf:10.4f}")
        ratio = _x(r.get("rdflib_query_over_oxigraph", {}).get(name))
        ratio = f">{ratio}" if ratio and "timeout_s" in rdf_entry else ratio
        print(f"{name:24} {q['median_s']:10.4f} {neo_text:>10} {rdf_text:>10} {ratio:>16}")
    peaks = [f"embedded {entry['embedded_queries']['peak_mb']:.0f}"]
    if "neo4j_queries" in entry:
        peaks.append(f"neo4j {entry['neo4j_queries']['peak_mb']:.0f}")
    if "rdflib" in entry:
        peaks.append(f"rdflib {entry['rdflib']['peak_mb']:.0f} (its load and queries in one process)")
    print(f"{'peak MB':24} " + ", ".join(peaks))
    errors = {name: e["error"] for name, e in rdf_queries.items() if "error" in e}
    for name, error in sorted(errors.items()):
        print(f"  rdflib {name}: {error}")


if __name__ == "__main__":
    main()
