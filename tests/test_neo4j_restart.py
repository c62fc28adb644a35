"""A Neo4j server that goes away while graphmap works: stopped between two transactions of one
load, restarted under a running query, stopped under a running query.

Every test here runs against a server of this module's own (``private_neo4j``: scripts/neo4j
with its own home and port), never the shared test server.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from graphmap.intake.load import check_case

from conftest import ALL_CASES, ROOT, neo4j_fingerprint, run_cli, wipe

CASES = 24  # synthetic cases: three transactions of about GROUP_ROWS rows
OLD = 5  # the first OLD of them are loaded before, in an older version


def _graphmap(server, *args: str, env: dict | None = None) -> subprocess.Popen:
    environ = {**os.environ, "NO_COLOR": "1", **server.env(), **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "graphmap", *args], cwd=ROOT, env=environ,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _driver(server):
    """A plain driver, to watch the database from outside graphmap (a Neo4jStore's reads wait for loads)."""
    import neo4j

    return neo4j.GraphDatabase.driver(server.uri(), auth=("neo4j", server.password), connection_timeout=3,
                                      max_transaction_retry_time=0)


@pytest.fixture(scope="module")
def barometer(tmp_path_factory):
    """CASES synthetic cases (version 2), the first OLD of them also in a version 1 (another
    edition), and a rubric that is not the default one (another threshold and weight)."""
    folder = tmp_path_factory.mktemp("barometer")
    new = folder / "v2"
    assert run_cli("synth", "--cases", str(CASES), "--seed", "3", "--out", str(new)).code == 0
    files = sorted(new.glob("*.yaml"))
    assert len(files) == CASES
    old = folder / "v1"
    old.mkdir()
    for path in files[:OLD]:
        text = path.read_text(encoding="utf-8")
        assert "edition: Édition synthétique 3\n" in text
        (old / path.name).write_text(text.replace("edition: Édition synthétique 3\n", "edition: Première édition\n"),
                                     encoding="utf-8")
    rubric = folder / "rubric.ttl"
    default = (ROOT / "ontology" / "rubric.ttl").read_text(encoding="utf-8")
    assert "gm:threshold 0.55 ;" in default and "gm:characteristic gmv:char-recurrent ; gm:weight 2 ;" in default
    rubric.write_text(default.replace("gm:threshold 0.55 ;", "gm:threshold 0.3 ;")
                      .replace("gm:characteristic gmv:char-recurrent ; gm:weight 2 ;",
                               "gm:characteristic gmv:char-recurrent ; gm:weight 5 ;"), encoding="utf-8")
    return {"old": old, "new": new, "files": files, "rubric": rubric}


def _load_before(server, barometer) -> None:
    """The database before the load under test: the seed, the test cases and OLD cases in version 1."""
    with server.connect() as store:
        wipe(store)
    done = run_cli("load", "--backend", "neo4j", *map(str, ALL_CASES), str(barometer["old"]), env=server.env())
    assert done.code == 0, done.err


def _clean_load(server, barometer) -> list[str]:
    """The database after the same loads, none interrupted."""
    _load_before(server, barometer)
    done = run_cli("load", "--backend", "neo4j", "--rubric", str(barometer["rubric"]), str(barometer["new"]),
                   env=server.env())
    assert done.code == 0, done.err
    with server.connect() as store:
        return neo4j_fingerprint(store, catalog=False)


def _cases_written(driver) -> int:
    records = driver.execute_query("MATCH (k:GraphmapCase) WHERE k.key STARTS WITH 'synth-' "
                                   "RETURN count(k) AS n").records
    return records[0]["n"]


PARTIAL = re.compile(r"graphmap: (lost the connection to Neo4j at bolt://127\.0\.0\.1:\d+|Neo4j at bolt://127\.0\.0\.1:\d+ "
                     r"could not complete the request \([^)]*\)) part-way through the load \((\d+) of "
                     f"{CASES}" r" cases written\); each case is whole, in its old or its new version; run the same "
                     r"load again to complete it")


def test_a_server_stopped_between_two_transactions_of_a_load(private_neo4j, barometer):
    """The first transaction of a load has committed when the server stops: the user is told, in
    one line, that the load is partial and to run it again; each case is whole, old or new; the
    load run again gives the database a load never interrupted gives."""
    server = private_neo4j
    _load_before(server, barometer)
    loader = _graphmap(server, "load", "--backend", "neo4j", "--rubric", str(barometer["rubric"]), str(barometer["new"]))
    with _driver(server) as driver:
        deadline = time.monotonic() + 240
        while (first := _cases_written(driver)) <= OLD:  # the first transaction brings new cases
            assert loader.poll() is None, f"the load ended before its first transaction:\n{loader.stderr.read()}"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    # Frozen while the server stops: a stopping server lets running transactions go on for 10 s,
    # and a load that went on could finish; it ends them instead, and the loader finds out after.
    loader.send_signal(signal.SIGSTOP)
    try:
        server.stop()
    finally:
        loader.send_signal(signal.SIGCONT)
    out, err = loader.communicate(timeout=240)
    server.start()

    assert loader.returncode == 2, err
    assert out == "" and "Traceback" not in err and server.password not in err
    [line] = err.splitlines()
    match = PARTIAL.fullmatch(line)
    assert match, line
    said = int(match.group(2))
    assert 0 < said < CASES, "the load was not interrupted between two transactions: the test proves nothing"
    assert said == first, f"{first} cases were written when the server stopped; the message says {said}"

    # Each case whole: version 2, or (the first OLD) version 1, or (the others) not there.
    with server.connect() as store:
        loaded = set(store.cases())
        new = old = 0
        for index, path in enumerate(barometer["files"]):
            key = path.stem
            if key not in loaded:
                assert index >= OLD, f"{key} was lost"
                continue
            graph = store.export_case(key)
            if isomorphic(graph, check_case(path).graph):
                new += 1
            else:
                assert index < OLD and isomorphic(graph, check_case(barometer["old"] / path.name).graph), \
                    f"{key} is neither its old nor its new version"
                old += 1
        assert new == said, f"the message said {said} cases were written; {new} are"

    rerun = run_cli("load", "--backend", "neo4j", "--rubric", str(barometer["rubric"]), str(barometer["new"]),
                    env=server.env())
    assert rerun.code == 0, rerun.err
    with server.connect() as store:
        after_rerun = neo4j_fingerprint(store, catalog=False)
    assert after_rerun == _clean_load(server, barometer), "the load run again differs from a load never interrupted"


# About 25 s of work: longer than the 10 s a stopping server lets a transaction finish, so the
# stop really ends it.
SLOW_N = 250_000_000
SLOW_QUERY = "UNWIND range(1, $n) AS x WITH x WHERE x % 7 = 0 RETURN count(x) AS multiples"


def _slow_query(server, folder: Path, n: int) -> subprocess.Popen:
    path = folder / "slow.cypher"
    path.write_text(SLOW_QUERY.replace("$n", str(n)), encoding="utf-8")
    return _graphmap(server, "query", "--cypher", str(path), "--backend", "neo4j", "-f", "json")


def _wait_until_running(server, query: subprocess.Popen) -> None:
    with _driver(server) as driver:
        deadline = time.monotonic() + 60
        while not any("UNWIND range" in (row["q"] or "") for row in driver.execute_query(
                "SHOW TRANSACTIONS YIELD currentQuery AS q RETURN q").records):
            assert query.poll() is None, f"the query ended before it could be interrupted:\n{query.stderr.read()}"
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_a_query_interrupted_by_a_server_restart_answers_right_or_says_so(private_neo4j, tmp_path):
    """The server restarts under a running query. The driver tries the query again for 30 s
    after its first failure: if the server is back by then, the answer is the right one;
    otherwise one line, exit 2, no traceback. Which of the two happens depends on how long the
    server takes to start; neither a wrong answer nor a traceback is ever acceptable."""

    server = private_neo4j
    n = SLOW_N
    query = _slow_query(server, tmp_path, n)
    _wait_until_running(server, query)
    before = server.pid()
    server.stop()
    assert query.poll() is None, "the query ended before the server stopped: the test proves nothing"
    server.start()
    assert server.pid() != before
    out, err = query.communicate(timeout=300)
    assert "Traceback" not in err and server.password not in err
    print(f"the query across the restart: exit {query.returncode}")  # which of the two (pytest -rP shows it)
    if query.returncode == 0:
        assert json.loads(out) == [{"multiples": n // 7}]
    else:
        assert query.returncode == 2 and out == ""
        assert err.splitlines() == [f"graphmap: lost the connection to Neo4j at {server.uri()}; try again when it is back"]


def test_a_query_whose_server_dies_and_stays_down_is_one_line(private_neo4j, tmp_path):
    """The server is killed under a running query and stays down: after the driver's retries,
    one line, exit 2, no traceback; then the server comes back and a query answers again."""
    server = private_neo4j
    query = _slow_query(server, tmp_path, SLOW_N)
    _wait_until_running(server, query)
    server.kill()
    try:
        out, err = query.communicate(timeout=300)
    finally:
        server.start()
    assert query.returncode == 2, err
    assert out == "" and "Traceback" not in err and server.password not in err
    assert err.splitlines() == [f"graphmap: lost the connection to Neo4j at {server.uri()}; try again when it is back"]
    again = _slow_query(server, tmp_path, 700)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0 and json.loads(out) == [{"multiples": 100}], err
