"""Benchmarks: synthetic barometers at the real scale, loaded and queried on both stores, beside the paths without graphmap.

    python bench/run.py [--sizes 100,300,1000] [--shape realistic|small] [--runs 5] [--out PATH]
                        [--no-neo4j] [--no-rdflib] [--rdflib-max-cases 100] [--rdflib-neo4j-max-cases N]
                        [--query-limit 900]
                        [--rdflib-query-limit 120]

What it measures (issue #16, item 4), for each size (a number of case files from graphmap.synth,
realistic by default: ~2,000 triples a case, the seed's size and shape, so 1,000 cases are
~2 M triples; --shape small: the earlier ~380-triple cases):

  - every named query and view (graphmap.query.named.named_queries), on each backend: the median
    time over all cases, the time for one case (params {"case": <one case id>}, what
    `--param case=...` does), the rows of each, and rows/s;
  - the loads from case files (embedded, Neo4j), the embedded load's peak memory, and a reload of
    the same files;
  - a reload after editing one case: one label of one case file changed, then the whole folder
    loaded again into the embedded store (and the changed label checked in the store);
  - with two or more sizes, the growth exponent of each query's time (and each load's) between
    the smallest and the largest size, log(t2/t1) / log(n2/n1): 1 is linear in the cases;
  - the targets of issue #16 beside each figure, met or not met, in the table and the JSON
    ("targets" in each size and at the top, for the largest size run). The targets are stated for
    1,000 realistic cases: at other sizes or shapes the verdicts are indicative only
    ("at_target_scale" says which);
  - rdflib and rdflib-neo4j beside them, where they finish within their budgets (below).

Budgets, so that a run at 1,000 realistic cases cannot take hours: each named query is measured
in a process of its own, stopped after --query-limit seconds (recorded as a timeout: its target
not met, its growth exponent a lower bound), with fewer timed runs once they took
QUERY_BUDGET_S; the rdflib-only path is skipped above --rdflib-max-cases cases; the rdflib and
rdflib-neo4j loads stop after the case that passes RDFLIB_LOAD_LIMIT_S (recorded as stopped),
and a failure of either is recorded, not fatal.

For each size, each in a fresh process:

  embedded      graphmap's load into the embedded Oxigraph store, then every named query on it,
                then the same load again from the same files (a reload: the files unchanged since
                are recognised, neither checked nor written), then the load again after one case
                file was edited (only that case is checked and written)
  neo4j         graphmap's load into Neo4j (of the files as written), every named query, the reload
  rdflib-neo4j  the Neo4j loader without graphmap: the same case files turned into RDF, checked
                with pySHACL, and written into the same Neo4j database with rdflib-neo4j's store
                (batched, as its documentation recommends); stopped after RDFLIB_LOAD_LIMIT_S
  rdflib        the embedded side without graphmap: an rdflib Dataset, pySHACL, rdflib's SPARQL (the
                verdicts the queries read are derived by graphmap's engine and added as each case's
                derived graph: the rule exists once);
                skipped above --rdflib-max-cases cases (recorded as skipped, with the reason)

and reports the ratios of each path without graphmap to graphmap's, measured in the same run:
rdflib load / embedded load, rdflib-neo4j load / graphmap's Neo4j load, and rdflib SPARQL /
Oxigraph for each query. It prints a table and writes the figures as JSON (default
bench/results/<date>.json), rewritten after each size so that a long run keeps what it measured.

Neo4j figures need a server (scripts/neo4j start; the NEO4J_* environment). The benchmark owns
the database it is pointed at: it deletes every node in it before graphmap's Neo4j load of each
size, again before the rdflib-neo4j load, and after that load, when it also drops rdflib-neo4j's
constraint (n10s_unique_uri); so each load starts from an empty database, and the run leaves
one. Never point it at a database whose data you want to keep.

Before the first size, each Neo4j loader loads two other cases once, untimed, so that neither
pays for a cold server. Timings are wall-clock on this machine. Peak memory is the resident set
(ru_maxrss) of the measuring process, which runs alone; for Neo4j that is the client only, not
the server. The query timings are medians of --runs runs after a warm-up on the stores (one
warm-up for all cases, one for the one case); rdflib's are medians of up to --runs runs with no
warm-up, fewer for slow queries (RDFLIB_QUERY_BUDGET_S), and rdflib answers all cases only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SHAPES = {"realistic": 2000, "small": 380}  # about how many triples a case of each shape has
RDFLIB_QUERY_BUDGET_S = 60   # rdflib: no further runs of a query once its runs took this long
RDFLIB_DEADLINE_S = 900      # rdflib: queries not started by then are recorded as skipped
RDFLIB_QUERY_LIMIT_S = 120   # default of --rdflib-query-limit: one run of a rdflib query stopped after this long
RDFLIB_LOAD_LIMIT_S = 1800   # rdflib, rdflib-neo4j: a load stopped after the case that passes this (recorded)
RDFLIB_MAX_CASES = 100       # default of --rdflib-max-cases: the rdflib-only path skipped above it
QUERY_BUDGET_S = 60          # graphmap: no further runs of a query once its runs took this long
QUERY_LIMIT_S = 900          # default of --query-limit: a query's process stopped (recorded as a timeout)
N10S_CONSTRAINT = "n10s_unique_uri"
EDIT_MARK = "(bench edit)"   # appended to one label of one case file before the reload after an edit

# The targets of issue #16, for 1,000 realistic cases on a 2-core machine (benchmark figures).
TARGET_SCALE = 1000
TARGET = {
    "query_all_cases_s": 1.0,          # a query or view over all cases, when it has at most ...
    "query_small_answer_rows": 20000,  # ... this many rows; larger answers:
    "query_rows_per_s": 100000,        # at least this many rows/s end to end
    "query_one_case_s": 0.05,          # one case (params {"case": id})
    "growth_exponent": 1.1,            # time growth between the smallest and the largest size
    "embedded_load_s": 30.0,
    "embedded_load_peak_mb": 2048.0,   # 2 GB, as MiB (ru_maxrss / 1024)
    "neo4j_load_s": 60.0,
    "embedded_reload_edited_s": 2.0,   # the whole folder loaded again after one case was edited
}

# Each measurement runs in its own process so that peak memory means something.
_TRIPLES = """
def _triples(cases):
    return sum(c.triples if isinstance(getattr(c, "triples", None), int) else len(c.graph) for c in cases)
"""
LOAD_EMBEDDED = """
import json, resource, sys, time
from pathlib import Path
from graphmap.model.caseformat import case_format
from graphmap.intake.load import load_cases
from graphmap.stores import EmbeddedStore

start = time.perf_counter()
with EmbeddedStore(Path(sys.argv[2])) as store:
    cases = load_cases([Path(sys.argv[1])], store)
    seconds = time.perf_counter() - start
    # what the store holds for these cases: a case unchanged since the last load is not read again
    held = sum(store.count(case_format().case_graph(c.case.id)) for c in cases)
    out = {"seconds": seconds, "cases": len(cases), "triples": held, "written_cases": sum(not c.unchanged for c in cases),
           "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if len(sys.argv) > 3:  # after an edit: is the edited label in the store?
        _, rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isLiteral(?o) && CONTAINS(STR(?o), "
                               + json.dumps(sys.argv[3]) + ")) }", {})
        out["edit_found"] = int(rows[0][0]) > 0
print(json.dumps(out))
"""
LOAD_NEO4J = """
import json, resource, sys, time
from pathlib import Path
from graphmap.intake.load import load_cases
from graphmap.settings import Neo4jSettings
from graphmap.stores.neo4j import Neo4jStore
""" + _TRIPLES + """
start = time.perf_counter()
with Neo4jStore(Neo4jSettings.from_env()) as store:
    cases = load_cases([Path(sys.argv[1])], store)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "cases": len(cases), "triples": _triples(cases),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
# One named query or view, over all cases then for one case (what `--param case=ID` does), in a
# process of its own (killed past --query-limit): a warm-up, then up to `runs` timed runs, fewer
# once they took QUERY_BUDGET_S (a warm-up that alone took that long is the only run: "runs": 0).
QUERY = """
import json, resource, statistics, sys, time
from pathlib import Path
from graphmap.query.named import run_query
backend, runs, case, name, budget = sys.argv[1], int(sys.argv[2]), sys.argv[4], sys.argv[5], float(sys.argv[6])
if backend == "embedded":
    from graphmap.stores import EmbeddedStore
    store = EmbeddedStore(Path(sys.argv[3]), read_only=True)
else:
    from graphmap.settings import Neo4jSettings
    from graphmap.stores.neo4j import Neo4jStore
    store = Neo4jStore(Neo4jSettings.from_env())


def timed(params):
    start = time.perf_counter()
    rows = run_query(store, name, params).rows  # warm-up
    warm_up = time.perf_counter() - start
    if warm_up > budget:
        return warm_up, len(rows), 0
    times = []
    while len(times) < runs and sum(times) < budget:
        start = time.perf_counter()
        rows = run_query(store, name, params).rows
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(rows), len(times)


with store:
    median, rows, done = timed(None)
    one, one_rows, one_done = timed({"case": case})
print(json.dumps({"median_s": median, "rows": rows, "rows_per_s": rows / median if median else None, "runs": done,
                  "one_case_s": one, "one_case_rows": one_rows, "one_case_runs": one_done,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
# The Neo4j loader without graphmap: YAML -> RDF (the same conversion as graphmap's), pySHACL,
# then rdflib-neo4j's store. Its documented use: Neo4jStoreConfig(auth_data=..., custom_prefixes=...,
# handle_vocab_uri_strategy=..., batching=True), Graph(store=Neo4jStore(config=config)),
# graph.open(...), graph.add(triple) for each triple, graph.close(True) to flush the last batches.
# Like graphmap's Neo4j load it also writes the SKOS vocabularies and the rubric. Stopped after
# the case that passes the time limit (argv[2]): then its figures are those of a partial load.
RDFLIB_NEO4J = """
import json, resource, sys, time
from pathlib import Path
from rdflib import Graph, Namespace
from pyshacl import validate
from rdflib_neo4j import HANDLE_VOCAB_URI_STRATEGY, Neo4jStore, Neo4jStoreConfig
from graphmap.intake.load import case_paths
from graphmap.intake.casefile import read_case_file
from graphmap.intake.to_rdf import case_to_graph
from graphmap.resources import data_dir
from graphmap.settings import Neo4jSettings
from graphmap.model.vocabulary import PREFIXES, rubric_graph, vocabularies_graph
settings = Neo4jSettings.from_env()
auth = {"uri": settings.uri, "database": settings.database, "user": settings.user, "pwd": settings.password}
limit = float(sys.argv[2])
start = time.perf_counter()
shapes = Graph().parse(data_dir("ontology") / "generated" / "shapes.ttl")
config = Neo4jStoreConfig(auth_data=auth, custom_prefixes={p: Namespace(ns) for p, ns in PREFIXES.items()},
                          handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.SHORTEN, batching=True)
neo = Graph(store=Neo4jStore(config=config))
neo.open(configuration=None, create=True)
triples = written = 0
conforming = 0
paths = case_paths([Path(sys.argv[1])])
loaded = 0
for path in paths:
    graph, _ = case_to_graph(read_case_file(path))
    conforms, _, _ = validate(graph, shacl_graph=shapes)
    conforming += bool(conforms)
    for t in graph:
        neo.add(t)
    triples += len(graph)
    written += len(graph)
    loaded += 1
    if time.perf_counter() - start > limit:
        break
for extra in (vocabularies_graph(), rubric_graph()):
    for t in extra:
        neo.add(t)
    written += len(extra)
neo.close(True)
out = {"seconds": time.perf_counter() - start, "triples": triples, "triples_written": written,
       "conforming_cases": conforming, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
if loaded < len(paths):
    out["stopped"] = f"stopped after {loaded} of {len(paths)} cases: past {limit:.0f} s"
print(json.dumps(out))
"""
RDFLIB = """
import json, resource, signal, statistics, sys, time
from pathlib import Path
from rdflib import Dataset, Graph
from pyshacl import validate
from graphmap.intake.load import case_paths
from graphmap.intake.casefile import read_case_file
from graphmap.intake.to_rdf import case_to_graph
from graphmap.query.named import named_queries
from graphmap.resources import data_dir
from graphmap.model.vocabulary import ontology_graph, rubric_graph
from graphmap.derivation.engine import Rule, derive, facts_of, verdict_ntriples
runs, budget, deadline, limit, load_limit = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
begin = start = time.perf_counter()
shapes = Graph().parse(data_dir("ontology") / "generated" / "shapes.ttl")
rule = Rule.from_graph(rubric_graph())
dataset = Dataset(default_union=True)
paths = case_paths([Path(sys.argv[1])])
loaded = 0
for path in paths:
    graph, _ = case_to_graph(read_case_file(path))
    conforms, _, _ = validate(graph, shacl_graph=shapes)
    named = dataset.graph("https://w3id.org/graphmap/graph/" + path.stem)
    for t in graph:
        named.add(t)
    # the verdicts the named queries read: derived by graphmap's engine (the rule exists once)
    verdicts = verdict_ntriples(path.stem, derive(facts_of(path.stem, graph.serialize(format="nt")), rule), rule)
    dataset.graph("https://w3id.org/graphmap/graph/_derived/" + path.stem).parse(data="\\n".join(verdicts), format="nt")
    loaded += 1
    if time.perf_counter() - start > load_limit and loaded < len(paths):
        print(json.dumps({"load_stopped": f"stopped after {loaded} of {len(paths)} cases: past {load_limit:.0f} s",
                          "load_s": None, "queries": {},
                          "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
        sys.exit(0)
for extra, name in ((ontology_graph(), "_ontology"), (rubric_graph(), "_rubric")):
    named = dataset.graph("https://w3id.org/graphmap/graph/" + name)
    for t in extra:
        named.add(t)
load = time.perf_counter() - start
queries = {}


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


def queries(backend: str, runs: int, store: str, case: str, limit: float) -> dict:
    """Every named query and view on one backend, each in its own process."""
    from graphmap.query.named import named_queries

    out, peak = {}, 0.0
    for name in named_queries():
        try:
            figures = _python(QUERY, backend, str(runs), store, case, name, str(QUERY_BUDGET_S), timeout=limit)
        except subprocess.TimeoutExpired:
            out[name] = {"timeout_s": limit}
            continue
        peak = max(peak, figures.pop("peak_mb"))
        out[name] = figures
    return {"queries": out, "case": case, "peak_mb": peak}


def _beside(code: str, *args: str, limit: float = RDFLIB_QUERY_LIMIT_S) -> dict:
    """A path without graphmap: its failure is recorded, not fatal (graphmap's own figures stay)."""
    try:
        return _python(code, *args, timeout=RDFLIB_LOAD_LIMIT_S + RDFLIB_DEADLINE_S + 2 * limit + 600)
    except subprocess.TimeoutExpired as exc:
        return {"error": f"killed after {exc.timeout:.0f} s"}
    except RuntimeError as exc:
        return {"error": str(exc)[-500:]}


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
        """Delete every relationship, then every node (in batches: a concept node of a big barometer
        has millions of relationships, too many for one batch's DETACH DELETE), and rdflib-neo4j's
        constraint; graphmap's constraints stay."""
        self._run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS")
        self._run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS")
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


# --- the cases --------------------------------------------------------------------------------

def case_id(path: Path) -> str:
    """The `case:` id a case file declares."""
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"case:\s*\"?([^\"#\s]+)", line)
        if match:
            return match.group(1)
    raise ValueError(f"{path}: no case id")


def edit_one_label(path: Path, mark: str = EDIT_MARK) -> dict:
    """Change the first entity label of a case file (the first `label:` indented under a section)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        match = re.match(r"^(\s{4,}|\s*- )label: (.+)$", line)
        if match:
            head, value = match.groups()
            new = f'{value[:-1]} {mark}"' if value.startswith('"') and value.endswith('"') else f'"{value} {mark}"'
            lines[i] = f"{head}label: {new}"
            path.write_text("\n".join(lines), encoding="utf-8")
            return {"file": path.name, "line": i + 1, "from": value, "to": new}
    raise ValueError(f"{path}: no entity label to edit")


# --- the run ----------------------------------------------------------------------------------

def _ratio(over: float | None, under: float | None) -> float | None:
    return over / under if over is not None and under else None


def ratios(entry: dict) -> dict:
    """Every path without graphmap over graphmap's, from figures of the same run."""
    out: dict = {}
    if "load_s" in entry.get("rdflib", {}):
        out["rdflib_load_over_embedded_load"] = _ratio(entry["rdflib"]["load_s"], entry["embedded_load"]["seconds"])
        oxigraph = entry["embedded_queries"]["queries"]
        out["rdflib_query_over_oxigraph"] = {  # a timed-out run gives a lower bound (at least x)
            name: _ratio(q.get("median_s", q.get("timeout_s")), oxigraph.get(name, {}).get("median_s"))
            for name, q in sorted(entry["rdflib"]["queries"].items())}
    if "seconds" in entry.get("rdflib_neo4j", {}) and "stopped" not in entry["rdflib_neo4j"]:
        out["rdflib_neo4j_load_over_neo4j_load"] = _ratio(entry["rdflib_neo4j"]["seconds"], entry["neo4j_load"]["seconds"])
    return out


def _check(value: float | None, limit: float, at_most: bool = True) -> dict:
    met = None if value is None else (value <= limit if at_most else value >= limit)
    return {"value": value, "limit": limit, "at_most": at_most, "met": met}


def query_targets(q: dict) -> dict:
    """One query on one backend against the targets: all cases (time, or rows/s for big answers), one case."""
    if "timeout_s" in q:  # stopped: slower than any target, its rows unknown
        stopped = {"value": None, "limit": TARGET["query_all_cases_s"], "at_most": True, "met": False, "unit": "s",
                   "timeout_s": q["timeout_s"]}
        return {"all_cases": stopped, "one_case": stopped | {"limit": TARGET["query_one_case_s"]}, "met": False}
    if q["rows"] <= TARGET["query_small_answer_rows"]:
        all_cases = _check(q["median_s"], TARGET["query_all_cases_s"]) | {"unit": "s"}
    else:
        all_cases = _check(q.get("rows_per_s"), TARGET["query_rows_per_s"], at_most=False) | {"unit": "rows/s"}
    one_case = _check(q["one_case_s"], TARGET["query_one_case_s"]) | {"unit": "s"}
    return {"all_cases": all_cases, "one_case": one_case, "met": all_cases["met"] and one_case["met"]}


def targets(entry: dict, size: int, shape: str) -> dict:
    """The figures of one size against the targets of issue #16 (stated for 1,000 realistic cases)."""
    loads = {"embedded_load_s": _check(entry["embedded_load"]["seconds"], TARGET["embedded_load_s"]),
             "embedded_load_peak_mb": _check(entry["embedded_load"]["peak_mb"], TARGET["embedded_load_peak_mb"]),
             "embedded_reload_edited_s": _check(entry["embedded_reload_edited"]["seconds"], TARGET["embedded_reload_edited_s"])}
    if "neo4j_load" in entry:
        loads["neo4j_load_s"] = _check(entry["neo4j_load"]["seconds"], TARGET["neo4j_load_s"])
    queries = {backend: {name: query_targets(q) for name, q in sorted(entry[f"{backend}_queries"]["queries"].items())}
               for backend in ("embedded", "neo4j") if f"{backend}_queries" in entry}
    return {"at_target_scale": size >= TARGET_SCALE and shape == "realistic",
            "scale": f"{TARGET_SCALE} realistic cases", "loads": loads, "queries": queries}


def _exponent(n1: int, t1: float | None, n2: int, t2: float | None) -> float | None:
    if not t1 or not t2 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


LOADS = {"embedded_load": "seconds", "embedded_reload": "seconds", "embedded_reload_edited": "seconds",
         "neo4j_load": "seconds", "neo4j_reload": "seconds", "rdflib_neo4j": "seconds", "rdflib": "load_s"}


def growth(sizes: dict) -> dict | None:
    """Growth exponents of every query (all cases, one case) and load between the smallest and the largest size."""
    if len(sizes) < 2:
        return None
    n1, n2 = min(map(int, sizes)), max(map(int, sizes))
    small, large = sizes[str(n1)], sizes[str(n2)]
    out: dict = {"from": n1, "to": n2, "loads": {}, "queries": {}}
    for section, key in LOADS.items():
        a, b = small.get(section, {}), large.get(section, {})
        if "stopped" not in a and "stopped" not in b:
            out["loads"][section] = _exponent(n1, a.get(key), n2, b.get(key))
    for backend, section in (("embedded", "embedded_queries"), ("neo4j", "neo4j_queries"), ("rdflib", "rdflib")):
        a, b = small.get(section, {}).get("queries", {}), large.get(section, {}).get("queries", {})
        out["queries"][backend] = {}
        for name in sorted(set(a) & set(b)):
            g = out["queries"][backend][name] = {
                "exponent": _exponent(n1, a[name].get("median_s"), n2, b[name].get("median_s")),
                "one_case_exponent": _exponent(n1, a[name].get("one_case_s"), n2, b[name].get("one_case_s"))}
            if "median_s" in a[name] and "timeout_s" in b[name]:  # stopped at the largest size: a lower bound
                g["exponent"] = _exponent(n1, a[name]["median_s"], n2, b[name]["timeout_s"])
                g["exponent_at_least"] = True
        if not out["queries"][backend]:
            del out["queries"][backend]
    return out


def _growth_check(g: dict) -> dict:
    check = _check(g["exponent"], TARGET["growth_exponent"])
    if g.get("exponent_at_least"):  # a lower bound: it says "not met" only when above the limit
        check |= {"at_least": True, "met": False if check["met"] is False else None}
    return check


def summary(report: dict) -> dict | None:
    """The targets at the largest size run, with the growth exponents, and what is met and not."""
    if not report["sizes"]:
        return None
    largest = max(map(int, report["sizes"]))
    found = json.loads(json.dumps(report["sizes"][str(largest)]["targets"]))
    found["size"] = largest
    grow = report.get("growth")
    if grow:
        found["growth"] = {backend: {name: _growth_check(g) for name, g in queries.items()}
                           for backend, queries in grow["queries"].items() if backend != "rdflib"}
        found["growth_between"] = [grow["from"], grow["to"]]
    checks = [(f"load {name}", c) for name, c in found["loads"].items()]
    checks += [(f"{backend} {name} {part}", q[part]) for backend, qs in found["queries"].items()
               for name, q in qs.items() for part in ("all_cases", "one_case")]
    checks += [(f"{backend} {name} growth", c) for backend, qs in found.get("growth", {}).items() for name, c in qs.items()]
    found["met"] = sum(c["met"] is True for _, c in checks)
    found["not_met"] = sorted(name for name, c in checks if c["met"] is False)
    return found


def measure(size: int, args: argparse.Namespace) -> dict:
    from graphmap.synth import write_barometer

    with tempfile.TemporaryDirectory() as tmp:
        cases, store = Path(tmp) / "cases", Path(tmp) / "store"
        paths = write_barometer(size, 42, cases, shape=args.shape)
        one = case_id(paths[size // 2])  # the case of the one-case timings, and the one edited
        runs, shape = args.runs, args.shape
        entry: dict = {"shape": shape, "one_case": one, "embedded_load": _python(LOAD_EMBEDDED, str(cases), str(store))}
        entry["embedded_queries"] = queries("embedded", runs, str(store), one, args.query_limit)
        entry["embedded_reload"] = _python(LOAD_EMBEDDED, str(cases), str(store))  # the same files again: every case replaced by itself
        original = paths[size // 2].read_bytes()
        edit = edit_one_label(paths[size // 2])
        entry["embedded_reload_edited"] = _python(LOAD_EMBEDDED, str(cases), str(store), EDIT_MARK) | {"edit": edit | {"case": one}}
        paths[size // 2].write_bytes(original)  # the other loads read the files as synth wrote them
        if not args.no_neo4j:
            db = Neo4jDatabase()
            try:
                db.wipe()
                entry["neo4j_load"] = _python(LOAD_NEO4J, str(cases)) | db.counts()
                entry["neo4j_queries"] = queries("neo4j", runs, "", one, args.query_limit)
                entry["neo4j_reload"] = _python(LOAD_NEO4J, str(cases)) | db.counts()
                if size > args.rdflib_neo4j_max_cases:
                    entry["rdflib_neo4j"] = {"error": f"skipped above --rdflib-neo4j-max-cases {args.rdflib_neo4j_max_cases}"}
                else:
                    db.wipe()
                    db.prepare_n10s()
                    entry["rdflib_neo4j"] = _beside(RDFLIB_NEO4J, str(cases), str(RDFLIB_LOAD_LIMIT_S))
                    if "error" not in entry["rdflib_neo4j"]:
                        entry["rdflib_neo4j"] |= db.counts()
            finally:
                db.wipe()
                db.close()
        if not args.no_rdflib and size > args.rdflib_max_cases:
            entry["rdflib"] = {"skipped": f"above --rdflib-max-cases {args.rdflib_max_cases}: rdflib's load, pySHACL and "
                                          f"SPARQL take too long at {size} {shape} cases"}
        elif not args.no_rdflib:
            entry["rdflib"] = _beside(RDFLIB, str(cases), str(runs), str(RDFLIB_QUERY_BUDGET_S), str(RDFLIB_DEADLINE_S),
                                      str(args.rdflib_query_limit), str(RDFLIB_LOAD_LIMIT_S), limit=args.rdflib_query_limit)
    entry["ratios"] = ratios(entry)
    entry["targets"] = targets(entry, size, shape)
    return entry


def warm_up_neo4j(shape: str) -> None:
    """One untimed load of two cases by each Neo4j loader, so that the first size does not pay for a cold server."""
    from graphmap.synth import write_barometer

    with tempfile.TemporaryDirectory() as tmp:
        cases = Path(tmp) / "cases"
        write_barometer(2, 7, cases, shape=shape)
        db = Neo4jDatabase()
        try:
            db.wipe()
            _python(LOAD_NEO4J, str(cases))
            db.wipe()
            db.prepare_n10s()
            _python(RDFLIB_NEO4J, str(cases), str(RDFLIB_LOAD_LIMIT_S))
        finally:
            db.wipe()
            db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,300,1000",
                        help="numbers of cases, comma-separated; a realistic case is ~2,000 triples (1000 cases: ~2 M "
                             "triples), a small one ~380 (1000 cases: ~0.4 M)")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="realistic",
                        help="the synthetic cases: realistic (the seed's size and shape, ~2,000 triples a case; default) "
                             "or small (the earlier shape, ~380 triples a case)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each query (their median is reported)")
    parser.add_argument("--out", type=Path, help="where the JSON goes (default bench/results/<date>.json)")
    parser.add_argument("--no-neo4j", action="store_true", help="skip graphmap's Neo4j load and queries and the rdflib-neo4j load")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib-only path")
    parser.add_argument("--rdflib-neo4j-max-cases", type=int, default=10**9,
                        help="the rdflib-neo4j load is skipped (and recorded as such) above this many cases (default: never)")
    parser.add_argument("--rdflib-max-cases", type=int, default=RDFLIB_MAX_CASES,
                        help=f"the rdflib-only path is skipped (and recorded as such) above this many cases (default {RDFLIB_MAX_CASES})")
    parser.add_argument("--query-limit", type=float, default=QUERY_LIMIT_S,
                        help=f"seconds after which one named query's measurement (all cases and one case) is stopped and "
                             f"recorded as a timeout (default {QUERY_LIMIT_S})")
    parser.add_argument("--rdflib-query-limit", type=int, default=RDFLIB_QUERY_LIMIT_S,
                        help=f"seconds after which one run of a rdflib query is stopped (default {RDFLIB_QUERY_LIMIT_S})")
    args = parser.parse_args()
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",")})
    except ValueError:
        parser.error(f"--sizes takes numbers separated by commas, not {args.sizes!r}")
    if any(s < 1 for s in sizes) or args.runs < 1:
        parser.error("sizes and --runs must be at least 1")
    sys.path.insert(0, str(ROOT / "src"))

    today = date.today().isoformat()
    out = args.out or RESULTS / f"{today}.json"
    report = {"date": today, "runs": args.runs, "shape": args.shape, "triples_per_case": SHAPES[args.shape],
              "neo4j_warm_up": not args.no_neo4j, "rdflib_max_cases": args.rdflib_max_cases,
              "query_limit_s": args.query_limit, "query_budget_s": QUERY_BUDGET_S, "rdflib_query_limit_s": args.rdflib_query_limit,
              "target_values": TARGET, "target_scale": f"{TARGET_SCALE} realistic cases",
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "sizes": {}}
    if not args.no_neo4j:
        warm_up_neo4j(args.shape)
    out.parent.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        entry = measure(size, args)
        report["sizes"][str(size)] = entry
        report["growth"] = growth(report["sizes"])
        report["targets"] = summary(report)
        _print(size, entry)
        out.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    _print_growth(report["growth"])
    _print_summary(report["targets"])
    print(f"\nwrote {out}")


# --- the table --------------------------------------------------------------------------------

def _x(ratio: float | None) -> str:
    if ratio is None:
        return ""
    return f"x{ratio:.1f}" if ratio < 10 else f"x{ratio:.0f}"


def _verdict(*checks: dict) -> str:
    found = [c["met"] for c in checks if c["met"] is not None]
    return "" if not found else "met" if all(found) else "NOT MET"


def _load_row(label: str, figures: dict, ratio: str = "", note: str = "", target: str = "") -> None:
    if "seconds" not in figures:
        print(f"{label:26} {'':>9} {'':>8} {'':>7}  {figures.get('error', figures.get('skipped', ''))[:100]}")
        return
    peak = "" if figures.get("peak_mb") is None else f"{figures['peak_mb']:.0f}"
    counts = f"{figures['nodes']} nodes, {figures['relationships']} relationships" if "nodes" in figures else ""
    extra = ' '.join(filter(None, (note, counts, figures.get("stopped", ""))))
    print(f"{label:26} {figures['seconds']:9.2f} {peak:>8} {ratio:>7}  {target:34} {extra}".rstrip())


def _number(value: float | None, width: int, digits: int = 4) -> str:
    return f"{'':>{width}}" if value is None else f"{value:{width}.{digits}f}"


def _rate(value: float | None) -> str:
    return f"{'':>9}" if value is None else f"{value:9.0f}"


def _print(size: int, entry: dict) -> None:
    load, r, t = entry["embedded_load"], entry["ratios"], entry["targets"]
    scale = "" if t["at_target_scale"] else f" (the targets are for {t['scale']}: indicative here)"
    print(f"\n== {size} {entry['shape']} cases, {load['triples']} triples =={scale}")
    print(f"{'load':26} {'seconds':>9} {'peak MB':>8} {'ratio':>7}  {'target':34}")
    tl = t["loads"]
    _load_row("graphmap embedded", load, target=f"<= {TARGET['embedded_load_s']:g} s, <= {TARGET['embedded_load_peak_mb']:g} MB: "
              + _verdict(tl["embedded_load_s"], tl["embedded_load_peak_mb"]))
    _load_row("  again (same files)", entry["embedded_reload"])
    edited = entry["embedded_reload_edited"]
    _load_row("  again, one case edited", edited,
              target=f"<= {TARGET['embedded_reload_edited_s']:g} s: " + _verdict(tl["embedded_reload_edited_s"]),
              note="" if edited.get("edit_found") else "(the edit is NOT in the store)")
    if "rdflib" in entry:
        if "load_s" in entry["rdflib"] and entry["rdflib"]["load_s"] is not None:
            _load_row("rdflib+pySHACL", {"seconds": entry["rdflib"]["load_s"]},
                      _x(r["rdflib_load_over_embedded_load"]), "(over graphmap embedded)")
        else:
            _load_row("rdflib+pySHACL", {"error": entry["rdflib"].get("skipped") or entry["rdflib"].get("load_stopped")
                                         or entry["rdflib"].get("error", "")})
    if "neo4j_load" in entry:
        _load_row("graphmap neo4j", entry["neo4j_load"], target=f"<= {TARGET['neo4j_load_s']:g} s: " + _verdict(tl["neo4j_load_s"]))
        _load_row("  again (same files)", entry["neo4j_reload"])
    if "rdflib_neo4j" in entry:
        _load_row("rdflib-neo4j+pySHACL", entry["rdflib_neo4j"],
                  _x(r.get("rdflib_neo4j_load_over_neo4j_load")), "(over graphmap neo4j)")

    print(f"\nqueries: median s over all cases, s for one case ({entry['one_case']}), rows, rows/s; targets: all cases "
          f"<= {TARGET['query_all_cases_s']:g} s (answers over {TARGET['query_small_answer_rows']} rows: "
          f">= {TARGET['query_rows_per_s']} rows/s), one case <= {TARGET['query_one_case_s']:g} s")
    print(f"{'query':22} {'rows':>7} | {'embedded':>8} {'1 case':>7} {'rows/s':>9} | {'neo4j':>8} {'1 case':>7} {'rows/s':>9} "
          f"| {'rdflib':>9} {'/oxigraph':>9} | targets")
    rdf_queries = entry.get("rdflib", {}).get("queries", {})
    neo_queries = entry.get("neo4j_queries", {}).get("queries", {})
    for name, q in sorted(entry["embedded_queries"]["queries"].items()):
        neo = neo_queries.get(name, {})
        rdf_entry = rdf_queries.get(name, {})
        rdf = rdf_entry.get("median_s")
        rdf_text = ("error" if "error" in rdf_entry else "skipped" if "skipped" in rdf_entry
                    else f">{rdf_entry['timeout_s']:.0f}" if "timeout_s" in rdf_entry
                    else "" if rdf is None else f"{rdf:9.4f}")
        ratio = _x(r.get("rdflib_query_over_oxigraph", {}).get(name))
        ratio = f">{ratio}" if ratio and "timeout_s" in rdf_entry else ratio
        missed = [f"{backend} {part.replace('_', ' ')}" for backend, qs in t["queries"].items()
                  for part in ("all_cases", "one_case") if qs[name][part]["met"] is False]
        verdict = "met" if not missed else "NOT MET: " + ", ".join(missed)
        rows = f"{q['rows']:7d}" if "rows" in q else f"{'':>7}"
        mine = (f"{q['median_s']:8.4f} {q['one_case_s']:7.4f} {_rate(q['rows_per_s'])}" if "median_s" in q
                else f"{'>' + format(q['timeout_s'], '.0f'):>8} {'':>7} {'':>9}")
        print(f"{name:22} {rows} | {mine} | "
              f"{_number(neo.get('median_s'), 8) if 'timeout_s' not in neo else format('>' + format(neo['timeout_s'], '.0f'), '>8')} "
              f"{_number(neo.get('one_case_s'), 7)} {_rate(neo.get('rows_per_s'))} | "
              f"{rdf_text:>9} {ratio:>9} | {verdict}")
    peaks = [f"embedded {entry['embedded_queries']['peak_mb']:.0f}"]
    if "neo4j_queries" in entry:
        peaks.append(f"neo4j {entry['neo4j_queries']['peak_mb']:.0f}")
    if "peak_mb" in entry.get("rdflib", {}):
        peaks.append(f"rdflib {entry['rdflib']['peak_mb']:.0f} (its load and queries in one process)")
    print(f"{'peak MB':22} " + ", ".join(peaks))
    errors = {name: e["error"] for name, e in rdf_queries.items() if "error" in e}
    for name, error in sorted(errors.items()):
        print(f"  rdflib {name}: {error}")


def _exp(value: float | None, at_least: bool = False) -> str:
    return f"{'':>9}" if value is None else f"{'>' if at_least else ''}{value:.2f}".rjust(9)


def _print_growth(grow: dict | None) -> None:
    if not grow:
        return
    limit = TARGET["growth_exponent"]
    print(f"\n== growth from {grow['from']} to {grow['to']} cases: exponent of the time, log(t2/t1) / log(n2/n1) "
          f"(1 = linear; target <= {limit:g}) ==")
    print(f"{'load':26} {'exponent':>9}")
    for name, value in grow["loads"].items():
        if value is not None:
            print(f"{name:26} {_exp(value)}")
    queries = grow["queries"]
    print(f"\n{'query':22} {'embedded':>9} {'1 case':>9} {'neo4j':>9} {'1 case':>9} {'rdflib':>9} | target")
    for name in sorted(queries.get("embedded", {})):
        e, n = queries["embedded"][name], queries.get("neo4j", {}).get(name, {})
        rdf = queries.get("rdflib", {}).get(name, {}).get("exponent")
        found = [_growth_check(g)["met"] for g in (e, n) if g]
        verdict = "NOT MET" if False in found else "met" if found and all(found) else ""
        print(f"{name:22} {_exp(e['exponent'], e.get('exponent_at_least', False))} {_exp(e['one_case_exponent'])} "
              f"{_exp(n.get('exponent'), n.get('exponent_at_least', False))} "
              f"{_exp(n.get('one_case_exponent'))} {_exp(rdf)} | {verdict}")


def _print_summary(found: dict | None) -> None:
    if not found:
        return
    where = "" if found["at_target_scale"] else f" (indicative: the targets are for {found['scale']})"
    print(f"\n== targets at {found['size']} cases{where}: {found['met']} met, {len(found['not_met'])} not met ==")
    for name in found["not_met"]:
        print(f"  not met: {name}")


if __name__ == "__main__":
    main()
