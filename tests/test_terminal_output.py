"""Data never commands the terminal: control characters in what a query returns (an ESC ] 0 ;
... BEL that would retitle the window, a CSI that moves the cursor) are written out in tables
and explanations, kept exact in JSON and CSV sent to a file or a pipe, and made safe, still
valid, when JSON or CSV go to a terminal."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys

import pytest

from graphmap.cli.render import terminal_safe

from conftest import ROOT, SEED, run_here

HOSTILE = ["\x1b]0;TITRE\x07", "\x1b[2J", "\x9b31m", "\x7f", "\x00"]
COMMANDS = ["\x1b]", "\x07", "\x1b[2J", "\x9b", "\x7f", "\x00"]  # what the data would make the terminal do
QUERY = 'SELECT ?x WHERE {{ BIND("{text}" AS ?x) }}'


def _sparql(text: str) -> str:
    return QUERY.format(text="".join(f"\\u{ord(c):04X}" for c in text))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("terminal") / "store"
    assert run_here("load", str(SEED), "--store", str(path)).code == 0
    return path


@pytest.mark.parametrize("text", HOSTILE)
def test_a_table_writes_control_characters_out(store, tmp_path, text):
    query = tmp_path / "q.rq"
    query.write_text(_sparql("avant" + text + "après"), encoding="utf-8")
    run = run_here("query", "--sparql", str(query), "--store", str(store))
    assert run.code == 0, run.err
    assert not any(c in run.out for c in COMMANDS) and terminal_safe(text) in run.out


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("text", HOSTILE)
def test_json_and_csv_to_a_pipe_keep_the_data_exact(store, tmp_path, fmt, text):
    query = tmp_path / "q.rq"
    query.write_text(_sparql(text), encoding="utf-8")
    run = run_here("query", "--sparql", str(query), "--store", str(store), "--format", fmt)
    assert run.code == 0, run.err
    value = json.loads(run.out)[0]["x"] if fmt == "json" else list(csv.reader(io.StringIO(run.out)))[1][0]
    assert value == text


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_on_a_terminal_every_format_is_safe_and_json_stays_json(store, tmp_path, fmt):
    query = tmp_path / "q.rq"
    query.write_text(_sparql("".join(HOSTILE)), encoding="utf-8")
    main, other = pty.openpty()
    done = subprocess.run([sys.executable, "-m", "graphmap", "query", "--sparql", str(query), "--store", str(store), "--format", fmt],
                          stdout=other, stderr=subprocess.PIPE, cwd=ROOT, env={**os.environ, "NO_COLOR": "1"}, timeout=120)
    os.close(other)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    assert done.returncode == 0, done.stderr
    text = out.decode("utf-8").replace("\r\n", "\n")
    assert not any(c in text for c in COMMANDS)  # a table's own styling may use escapes; the data's never
    if fmt == "json":
        assert json.loads(text)[0]["x"] == "".join(HOSTILE)


def test_an_explanation_writes_control_characters_out():
    # a case file cannot hold a control character (refused on reading), so the text explain
    # prints is checked as the command makes it safe, from a label that carries one
    from graphmap.analysis.explain import Explanation

    text = Explanation("t", "c", "Task", "Tâche \x1b]0;TITRE\x07", "standardisable", "not-standardisable",
                       "not-standardisable", "raison", {}).to_text()
    assert not any(c in terminal_safe(text) for c in COMMANDS) and "\\x1b]0;TITRE\\x07" in terminal_safe(text)
