"""The benchmark runs end to end at two tiny sizes and reports every figure (no timing is judged here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT, neo4j_env

SECTIONS = ("embedded_load", "embedded_queries", "embedded_reload", "embedded_reload_edited", "neo4j_load",
            "neo4j_queries", "neo4j_reload", "rdflib_neo4j", "rdflib", "ratios", "targets")
LOADS = ("embedded_load", "embedded_reload", "embedded_reload_edited", "neo4j_load", "neo4j_reload", "rdflib_neo4j")


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def _check(check: dict) -> None:
    """A figure beside its target: the value, the limit, and whether it is met."""
    assert set(check) >= {"value", "limit", "met"}, check
    assert isinstance(check["value"], (int, float)) and _number(check["limit"]), check  # an exponent may be negative
    assert check["met"] is (check["value"] <= check["limit"] if check.get("at_most", True) else check["value"] >= check["limit"])


def test_bench_reports_every_section_with_the_same_rows_on_every_path(neo4j_store, tmp_path):
    # neo4j_store: the test server answers (or the test fails/skips as the other Neo4j tests do).
    # The benchmark empties that database, as the other Neo4j tests may.
    out = tmp_path / "r.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "2,3", "--runs", "1", "--rdflib-query-limit", "10",
         "--out", str(out)],
        cwd=ROOT, env={**os.environ, **neo4j_env()}, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "rdflib-neo4j" in done.stdout and f"wrote {out}" in done.stdout
    assert "growth from 2 to 3 cases" in done.stdout and "targets at 3 cases" in done.stdout

    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["runs"] == 1 and report["shape"] == "realistic" and list(report["sizes"]) == ["2", "3"]
    for size, entry in report["sizes"].items():
        _entry(int(size), entry)

    # growth between the two sizes: an exponent per query and backend, and per load
    growth = report["growth"]
    assert (growth["from"], growth["to"]) == (2, 3)
    names = set(report["sizes"]["3"]["embedded_queries"]["queries"])
    for backend in ("embedded", "neo4j"):
        assert set(growth["queries"][backend]) == names
        for g in growth["queries"][backend].values():
            assert isinstance(g["exponent"], float) and isinstance(g["one_case_exponent"], float)
    assert all(isinstance(growth["loads"][name], float) for name in LOADS)

    # the summary: the targets at the largest size, with the exponents, and what is not met
    summary = report["targets"]
    assert summary["size"] == 3 and summary["at_target_scale"] is False and summary["growth_between"] == [2, 3]
    for backend in ("embedded", "neo4j"):
        assert set(summary["growth"][backend]) == names
        for check in summary["growth"][backend].values():
            _check(check)
    assert _number(summary["met"]) and isinstance(summary["not_met"], list)


def _entry(size: int, entry: dict) -> None:
    assert set(SECTIONS) <= set(entry) and entry["shape"] == "realistic"
    for section in LOADS:
        assert all(_number(entry[section][key]) for key in ("seconds", "triples", "peak_mb")), entry[section]
        assert entry[section]["seconds"] > 0 and entry[section]["peak_mb"] > 0
    triples = entry["embedded_load"]["triples"]
    assert triples > 1000 * size  # realistic cases: about 2,000 triples each
    assert entry["neo4j_load"]["triples"] == triples == entry["rdflib_neo4j"]["triples"]
    assert entry["embedded_reload"]["triples"] == triples == entry["neo4j_reload"]["triples"]
    # the reload after an edit: one label of one case changed, the whole folder loaded again, the change stored
    edited = entry["embedded_reload_edited"]
    assert edited["edit_found"] is True and edited["edit"]["case"] == entry["one_case"]
    # files unchanged since the first load are neither checked nor written again: only the edited one is
    assert (entry["embedded_reload"]["written_cases"], edited["written_cases"]) == (0, 1)
    assert edited["edit"]["to"] != edited["edit"]["from"] and edited["cases"] == size
    # a reload replaces: the database holds what the first load left, no more
    assert (entry["neo4j_reload"]["nodes"], entry["neo4j_reload"]["relationships"]) == \
        (entry["neo4j_load"]["nodes"], entry["neo4j_load"]["relationships"])
    assert entry["rdflib_neo4j"]["conforming_cases"] == size
    assert entry["rdflib_neo4j"]["relationships"] > 0 and entry["rdflib_neo4j"]["nodes"] > 0
    assert _number(entry["rdflib"]["load_s"]) and _number(entry["rdflib"]["peak_mb"])
    for section in ("embedded_queries", "neo4j_queries"):
        assert _number(entry[section]["peak_mb"]) and entry[section]["case"] == entry["one_case"]

    embedded = entry["embedded_queries"]["queries"]
    neo4j = entry["neo4j_queries"]["queries"]
    rdflib = entry["rdflib"]["queries"]
    assert embedded and set(neo4j) == set(embedded) and set(rdflib) <= set(embedded)
    for name, q in embedded.items():
        for figures in (q, neo4j[name]):
            assert all(_number(figures[key]) for key in ("median_s", "one_case_s", "rows", "one_case_rows")), (name, figures)
            assert figures["median_s"] > 0 and figures["one_case_s"] > 0
            assert figures["rows_per_s"] == (figures["rows"] / figures["median_s"])
            assert figures["one_case_rows"] <= figures["rows"]
        assert neo4j[name]["rows"] == q["rows"], name
        assert neo4j[name]["one_case_rows"] == q["one_case_rows"], name
        if name in rdflib and "rows" in rdflib[name]:
            assert _number(rdflib[name]["median_s"])
            assert rdflib[name]["rows"] == q["rows"], name
        elif name in rdflib:  # rdflib's engine failed, was stopped, or was not started
            assert {"error", "timeout_s", "skipped"} & set(rdflib[name]), rdflib[name]
    assert any("rows" in r for r in rdflib.values())
    assert any(q["one_case_rows"] < q["rows"] for q in embedded.values())  # the one case is one of several

    ratios = entry["ratios"]
    assert _number(ratios["rdflib_load_over_embedded_load"])
    assert _number(ratios["rdflib_neo4j_load_over_neo4j_load"])
    assert set(ratios["rdflib_query_over_oxigraph"]) == set(rdflib)
    for name, ratio in ratios["rdflib_query_over_oxigraph"].items():
        # a stopped query's ratio is a lower bound: its time limit over Oxigraph's time
        measured = "rows" in rdflib[name] or "timeout_s" in rdflib[name]
        assert _number(ratio) if measured else ratio is None, name

    # every figure beside its target (met or not met; the targets are for 1,000 realistic cases)
    targets = entry["targets"]
    assert targets["at_target_scale"] is False
    assert set(targets["loads"]) == {"embedded_load_s", "embedded_load_peak_mb", "embedded_reload_edited_s", "neo4j_load_s"}
    for check in targets["loads"].values():
        _check(check)
    assert targets["loads"]["embedded_reload_edited_s"]["value"] == edited["seconds"]
    for backend, queries in (("embedded", embedded), ("neo4j", neo4j)):
        assert set(targets["queries"][backend]) == set(queries)
        for name, t in targets["queries"][backend].items():
            _check(t["all_cases"])
            _check(t["one_case"])
            assert t["one_case"]["value"] == queries[name]["one_case_s"]
            assert t["met"] is (t["all_cases"]["met"] and t["one_case"]["met"])
