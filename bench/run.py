"""Benchmarks: synthetic barometers loaded and queried on both stores, beside the rdflib-only path.

    python bench/run.py [--sizes 10,100,1000] [--runs 5] [--no-neo4j] [--no-rdflib]

Prints a table and writes bench/results/<date>.json. Neo4j figures need the server
(scripts/neo4j start; the NEO4J_* environment). Timings are wall-clock on this machine; peak
memory is the resident set of a fresh process per measurement.
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
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"

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
import json, statistics, sys, time
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
print(json.dumps(out))
"""
RDFLIB = """
import json, resource, statistics, sys, time
from pathlib import Path
from rdflib import Dataset, Graph
from pyshacl import validate
from graphmap.load import case_paths
from graphmap.casefile import read_case_file
from graphmap.rdf import case_to_graph
from graphmap.queries import named_queries
from graphmap.resources import data_dir
from graphmap.vocabulary import ontology_graph, rubric_graph
start = time.perf_counter()
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
deadline = float(sys.argv[2])
for name, query in named_queries().items():
    if query.sparql is None:
        continue
    start = time.perf_counter()
    try:
        rows = list(dataset.query(query.sparql))
    except Exception as exc:  # rdflib's engine fails on some valid SPARQL: record it
        queries[name] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
        continue
    queries[name] = {"median_s": time.perf_counter() - start, "rows": len(rows)}
print(json.dumps({"load_s": load, "queries": queries, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _python(code: str, *args: str, timeout: float = 3600) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100", help="numbers of cases, comma-separated (1000 is about 0.4 M triples)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-neo4j", action="store_true")
    parser.add_argument("--no-rdflib", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from graphmap.synth import write_barometer

    report = {"date": date.today().isoformat(), "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
              "sizes": {}}
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            cases = Path(tmp) / "cases"
            write_barometer(size, 42, cases)
            entry: dict = {"embedded_load": _python(LOAD_EMBEDDED, str(cases), str(Path(tmp) / "store"))}
            entry["embedded_queries"] = _python(QUERIES, "embedded", str(args.runs), str(Path(tmp) / "store"))
            if not args.no_neo4j:
                entry["neo4j_load"] = _python(LOAD_NEO4J, str(cases))
                entry["neo4j_queries"] = _python(QUERIES, "neo4j", str(args.runs), "")
            if not args.no_rdflib:
                entry["rdflib"] = _python(RDFLIB, str(cases), "600")
            report["sizes"][size] = entry
            _print(size, entry)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{report['date']}.json"
    out.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT)}")


def _print(size: int, entry: dict) -> None:
    load = entry["embedded_load"]
    print(f"\n== {size} cases, {load['triples']} triples ==")
    print(f"load  embedded {load['seconds']:8.2f} s  peak {load['peak_mb']:7.0f} MB", end="")
    if "neo4j_load" in entry:
        print(f"   neo4j {entry['neo4j_load']['seconds']:8.2f} s", end="")
    if "rdflib" in entry:
        print(f"   rdflib+pySHACL {entry['rdflib']['load_s']:8.2f} s (x{entry['rdflib']['load_s'] / load['seconds']:.1f})", end="")
    print()
    print(f"{'query':24} {'embedded':>10} {'neo4j':>10} {'rdflib':>10} {'ratio':>8}")
    for name, q in sorted(entry["embedded_queries"].items()):
        neo = entry.get("neo4j_queries", {}).get(name, {}).get("median_s")
        rdf_entry = entry.get("rdflib", {}).get("queries", {}).get(name, {})
        rdf = rdf_entry.get("median_s")
        ratio = f"x{rdf / q['median_s']:.0f}" if rdf else ""
        neo_text = "" if neo is None else f"{neo:10.4f}"
        rdf_text = "error" if "error" in rdf_entry else ("" if rdf is None else f"{rdf:10.4f}")
        print(f"{name:24} {q['median_s']:10.4f} {neo_text:>10} {rdf_text:>10} {ratio:>8}")


if __name__ == "__main__":
    main()
