"""`-f json`: a JSON list of objects, one object per line, written by Python's C encoder (the
indented form, json.dumps(indent=2), is encoded in Python: 0.3-0.4 s of ai-fit's 17,000 rows)."""

from __future__ import annotations

import json

from graphmap.cli.render import OutputFormat, json_list, render
from graphmap.query.catalogue import Result

from conftest import run_cli

ROWS = [
    {"case": "c", "label": "Tâche « urgente »\n", "score": 0.5, "ok": True, "none": None, "tools": ["a", "b"], "x": "\x1f"},
    {"case": "d", "label": "", "score": 2, "ok": False, "none": None, "tools": [], "x": '"quoted"'},
]


def test_json_rows_come_one_object_per_line_and_parse_back_exactly():
    text = json_list(ROWS)
    assert json.loads(text) == ROWS
    lines = text.split("\n")
    assert lines[0] == "[" and lines[-2:] == ["]", ""]
    assert [json.loads(line.strip().removesuffix(",")) for line in lines[1:-2]] == ROWS  # one row per line
    assert "Tâche « urgente »" in text  # not written as \u escapes
    assert list(json.loads(lines[1].removesuffix(","))) == list(ROWS[0])  # the columns in the query's order


def test_no_rows_is_an_empty_list():
    assert json_list([]) == "[]\n"
    assert json.loads(render(Result("q", ["a"], []), OutputFormat.json)) == []


def test_the_query_command_writes_a_row_per_line(tmp_path):
    store = tmp_path / "store"
    assert run_cli("load", "cases", "tests/data/valid", store=store).code == 0
    run = run_cli("query", "ai-fit", "-f", "json", store=store)
    assert run.code == 0, run.err
    rows = json.loads(run.out)
    assert len(rows) > 1 and run.out.count("\n") == len(rows) + 2
    assert all(line.startswith('  {"case": ') for line in run.out.splitlines()[1:-1])
