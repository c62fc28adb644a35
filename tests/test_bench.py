"""The benchmark runs end to end at its smallest size and reports every figure (no timing is judged here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT, neo4j_env

SECTIONS = ("embedded_load", "embedded_queries", "embedded_reload", "neo4j_load", "neo4j_queries", "neo4j_reload",
            "rdflib_neo4j", "rdflib", "ratios")


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def test_bench_reports_every_section_with_the_same_rows_on_every_path(neo4j_store, tmp_path):
    # neo4j_store: the test server answers (or the test fails/skips as the other Neo4j tests do).
    # The benchmark empties that database, as the other Neo4j tests may.
    out = tmp_path / "r.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "10", "--runs", "1", "--out", str(out)],
        cwd=ROOT, env={**os.environ, **neo4j_env()}, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "rdflib-neo4j" in done.stdout and f"wrote {out}" in done.stdout

    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["runs"] == 1 and list(report["sizes"]) == ["10"]
    entry = report["sizes"]["10"]
    assert set(SECTIONS) <= set(entry)

    for section in ("embedded_load", "embedded_reload", "neo4j_load", "neo4j_reload", "rdflib_neo4j"):
        assert all(_number(entry[section][key]) for key in ("seconds", "triples", "peak_mb")), entry[section]
        assert entry[section]["seconds"] > 0 and entry[section]["peak_mb"] > 0
    triples = entry["embedded_load"]["triples"]
    assert triples > 0 and entry["neo4j_load"]["triples"] == triples == entry["rdflib_neo4j"]["triples"]
    assert entry["embedded_reload"]["triples"] == triples == entry["neo4j_reload"]["triples"]
    # a reload replaces: the database holds what the first load left, no more
    assert (entry["neo4j_reload"]["nodes"], entry["neo4j_reload"]["relationships"]) == \
        (entry["neo4j_load"]["nodes"], entry["neo4j_load"]["relationships"])
    assert entry["rdflib_neo4j"]["conforming_cases"] == 10
    assert entry["rdflib_neo4j"]["relationships"] > 0 and entry["rdflib_neo4j"]["nodes"] > 0
    assert _number(entry["rdflib"]["load_s"]) and _number(entry["rdflib"]["peak_mb"])
    for section in ("embedded_queries", "neo4j_queries"):
        assert _number(entry[section]["peak_mb"])

    embedded = entry["embedded_queries"]["queries"]
    neo4j = entry["neo4j_queries"]["queries"]
    rdflib = entry["rdflib"]["queries"]
    assert embedded and set(neo4j) == set(embedded) and set(rdflib) <= set(embedded)
    for name, q in embedded.items():
        assert _number(q["median_s"]) and _number(neo4j[name]["median_s"])
        assert neo4j[name]["rows"] == q["rows"], name
        if name in rdflib and "rows" in rdflib[name]:
            assert _number(rdflib[name]["median_s"])
            assert rdflib[name]["rows"] == q["rows"], name
        elif name in rdflib:  # rdflib's engine failed, was stopped, or was not started
            assert {"error", "timeout_s", "skipped"} & set(rdflib[name]), rdflib[name]
    assert any("rows" in r for r in rdflib.values())

    ratios = entry["ratios"]
    assert _number(ratios["rdflib_load_over_embedded_load"])
    assert _number(ratios["rdflib_neo4j_load_over_neo4j_load"])
    assert set(ratios["rdflib_query_over_oxigraph"]) == set(rdflib)
    for name, ratio in ratios["rdflib_query_over_oxigraph"].items():
        # a stopped query's ratio is a lower bound: its time limit over Oxigraph's time
        measured = "rows" in rdflib[name] or "timeout_s" in rdflib[name]
        assert _number(ratio) if measured else ratio is None, name
