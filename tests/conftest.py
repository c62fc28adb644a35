"""Shared fixtures: real embedded stores in temporary folders, the CLI run as a process."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from graphmap.intake.load import load_cases
from graphmap.stores import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "cases" / "sante-publique-2026.yaml"
TEST_CASES = sorted((ROOT / "tests" / "data" / "valid").glob("*.yaml"))
ALL_CASES = [SEED, *TEST_CASES]


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, store: Path | None = None, cwd: Path = ROOT, env: dict | None = None) -> Run:
    """Run ``graphmap ARGS`` as a user would, in its own process."""
    environ = {**os.environ, "NO_COLOR": "1", **(env or {})}
    if store is not None:
        environ["GRAPHMAP_STORE"] = str(store)
    done = subprocess.run(
        [sys.executable, "-m", "graphmap", *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=300
    )
    return Run(done.returncode, done.stdout, done.stderr)


def timeless(quads) -> set:
    """Quads but the times of the derivations: two stores derived seconds apart differ there only
    (a derivation's time is also the end of each kept answer's key, ``key@time``: stores/kept.py)."""
    out = set()
    for q in quads:
        if "prov#generatedAtTime" in str(q[1]) or "prov#startedAtTime" in str(q[1]):
            continue
        if "ontology#keptKey" in str(q[1]):
            q = (q[0], q[1], str(q[2]).rsplit("@", 1)[0], *q[3:])
        out.add(q)
    return out


def run_here(*args: str) -> Run:
    """Run ``graphmap ARGS`` in this process (fast; same exit codes and messages as the command)."""
    import contextlib
    import io
    from unittest import mock

    from graphmap.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with mock.patch.object(sys, "argv", ["graphmap", *args]), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def silent_server():
    """A port that takes connections and never answers (a fetch would hang on it); after the test,
    ``accept()`` raising BlockingIOError proves that nobody connected."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.settimeout(0)
        yield server


@pytest.fixture
def empty_store(tmp_path):
    with EmbeddedStore(tmp_path / "store") as store:
        yield store


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory):
    """A store holding the seed case, every test case and the shipped reference datasets (read-only use)."""
    from graphmap.model.reference import dataset_ntriples, shipped_datasets

    path = tmp_path_factory.mktemp("loaded") / "store"
    with EmbeddedStore(path) as store:
        load_cases(ALL_CASES, store)
        for dataset in shipped_datasets().values():
            store.write_reference(dataset.name, dataset_ntriples(dataset))
        yield store


# --- Neo4j ----------------------------------------------------------------------------------

def neo4j_settings():
    """The test server: GRAPHMAP_TEST_NEO4J_* (never NEO4J_*, so tests cannot touch a user's database)."""
    from graphmap.settings import Neo4jSettings

    return Neo4jSettings(
        uri=os.environ.get("GRAPHMAP_TEST_NEO4J_URI", "bolt://127.0.0.1:7687"),
        user=os.environ.get("GRAPHMAP_TEST_NEO4J_USER", "neo4j"),
        password=os.environ.get("GRAPHMAP_TEST_NEO4J_PASSWORD", "graphmap-dev-password"),
        database=os.environ.get("GRAPHMAP_TEST_NEO4J_DATABASE", "neo4j"),
    )


def neo4j_env() -> dict[str, str]:
    """Environment for a CLI run against the test server."""
    s = neo4j_settings()
    return {"NEO4J_URI": s.uri, "NEO4J_USER": s.user, "NEO4J_PASSWORD": s.password, "NEO4J_DATABASE": s.database}


def _connect():
    from graphmap.errors import StoreError
    from graphmap.stores.neo4j import Neo4jStore

    try:
        return Neo4jStore(neo4j_settings())
    except StoreError as exc:
        if os.environ.get("GRAPHMAP_SKIP_NEO4J") == "1" and not os.environ.get("CI"):
            pytest.skip(f"Neo4j tests skipped on request (GRAPHMAP_SKIP_NEO4J=1): {exc}")
        pytest.fail(f"{exc}\nThe Neo4j tests need the test server: run `scripts/neo4j start` (or bash scripts/test), "
                    "or point GRAPHMAP_TEST_NEO4J_URI/_USER/_PASSWORD at a server whose graphmap data may be wiped.",
                    pytrace=False)


def wipe(store) -> None:
    """Remove every graphmap node of the test database (in batches: it may hold a benchmark's data,
    whose concept nodes have millions of relationships: those go first, a batch at a time)."""
    with store._session() as session:
        session.run("MATCH (n:Resource)-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run("MATCH (n) WHERE n:Resource OR n:GraphmapCase OR n:GraphmapCatalog OR n:GraphmapKept "
                    "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


@pytest.fixture
def neo4j_store():
    """A connection to the test server with no graphmap data in it."""
    store = _connect()
    wipe(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def neo4j_loaded():
    """The test server holding the seed case, every test case and the shipped reference datasets,
    like ``loaded_store`` (read-only use)."""
    from graphmap.model.reference import dataset_ntriples, shipped_datasets

    store = _connect()
    wipe(store)
    load_cases(ALL_CASES, store)
    for dataset in shipped_datasets().values():
        store.write_reference(dataset.name, dataset_ntriples(dataset))
    yield store
    store.close()


def neo4j_fingerprint(store, catalog: bool = True) -> list[str]:
    """Everything graphmap keeps in the database, as sorted lines: each node (labels, properties)
    and each relationship (ends, type, properties). The times of derivations are left out (two
    loads seconds apart differ there only), and with ``catalog=False`` the catalog node (it
    counts the loads)."""
    import json

    volatile = {"generatedAtTime", "startedAtTime"}

    def plain(props, labels=()):
        if "GraphmapKept" in labels:  # a kept answer's key ends with its case's derivation time
            props = {**props, "key": str(props.get("key", "")).rsplit("@", 1)[0]}
        return {k: v for k, v in sorted(props.items()) if k not in volatile}

    with store._session() as session:
        nodes = session.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props").data()
        rels = session.run("MATCH (a)-[r]->(b) RETURN coalesce(a.iri, a.key, a.id) AS a, type(r) AS type, "
                           "properties(r) AS props, coalesce(b.iri, b.key, b.id) AS b").data()
    lines = [json.dumps(["node", sorted(n["labels"]), plain(n["props"], n["labels"])], ensure_ascii=False, default=str)
             for n in nodes if catalog or "GraphmapCatalog" not in n["labels"]]
    lines += [json.dumps(["rel", r["a"], r["type"], plain(r["props"]), r["b"]], ensure_ascii=False, default=str) for r in rels]
    return sorted(lines)


class PrivateNeo4j:
    """A Neo4j server of the test's own: scripts/neo4j run from the same jars with its own home,
    port and password (and, with ``tls_dir``, Bolt over TLS only). Tests that stop, restart or
    reconfigure a server use it, never the shared test server."""

    password = "private-test-password-5f2a"

    def __init__(self, home: Path, tls_dir: Path | None = None):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.home, self.tls_dir = home, tls_dir

    def uri(self, scheme: str = "bolt") -> str:
        return f"{scheme}://127.0.0.1:{self.port}"

    def settings(self, scheme: str = "bolt"):
        from graphmap.settings import Neo4jSettings

        return Neo4jSettings(uri=self.uri(scheme), user="neo4j", password=self.password, database="neo4j")

    def env(self, scheme: str = "bolt") -> dict[str, str]:
        """Environment for a CLI run against this server."""
        return {"NEO4J_URI": self.uri(scheme), "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": self.password,
                "NEO4J_DATABASE": "neo4j"}

    def script(self, command: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "GRAPHMAP_NEO4J_HOME": str(self.home), "GRAPHMAP_NEO4J_PORT": str(self.port),
               "GRAPHMAP_NEO4J_PASSWORD": self.password, "GRAPHMAP_NEO4J_HEAP": "512m",
               "GRAPHMAP_NEO4J_PAGECACHE": "128m", "GRAPHMAP_NEO4J_TLS_DIR": str(self.tls_dir or "")}
        return subprocess.run([str(ROOT / "scripts" / "neo4j"), command], env=env, capture_output=True, text=True,
                              timeout=300)

    def start(self) -> None:
        done = self.script("start")
        if done.returncode != 0:
            raise RuntimeError(f"scripts/neo4j start failed:\n{done.stderr[-3000:]}")

    def stop(self) -> None:
        done = self.script("stop")
        if done.returncode != 0:
            raise RuntimeError(f"scripts/neo4j stop failed:\n{done.stderr[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the server (a crash), and wait until it is gone."""
        import signal
        import time

        pid = self.pid()
        assert pid is not None, "the server is not running"
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if "zombie" in Path(f"/proc/{pid}/status").read_text(errors="replace"):
                    return
            except FileNotFoundError:
                return
            time.sleep(0.05)
        raise RuntimeError(f"the server (pid {pid}) did not die")

    def pid(self) -> int | None:
        """The server's process id while it runs (from scripts/neo4j's PID file)."""
        path = self.home / "run" / "graphmap-neo4j.pid"
        return int(path.read_text()) if self.script("status").returncode == 0 and path.exists() else None

    def connect(self, scheme: str = "bolt"):
        from graphmap.stores.neo4j import Neo4jStore

        return Neo4jStore(self.settings(scheme))


@contextlib.contextmanager
def private_neo4j_server(home: Path, tls_dir: Path | None = None):
    """Start a PrivateNeo4j, yield it, stop it. Without Java (or Maven for the first fetch) the
    tests fail, unless GRAPHMAP_SKIP_NEO4J=1 outside CI, where they are skipped."""
    server = PrivateNeo4j(home, tls_dir)
    try:
        server.start()
    except RuntimeError as exc:
        server.script("stop")
        if os.environ.get("GRAPHMAP_SKIP_NEO4J") == "1" and not os.environ.get("CI"):
            pytest.skip(f"Neo4j tests skipped on request (GRAPHMAP_SKIP_NEO4J=1): {exc}")
        pytest.fail(f"{exc}\nThese tests start a Neo4j server of their own with scripts/neo4j (Java 17 or 21, Maven).",
                    pytrace=False)
    try:
        yield server
    finally:
        server.script("stop")


@pytest.fixture(scope="module")
def private_neo4j(tmp_path_factory):
    """A plain (no TLS) Neo4j server of this test module's own, to stop and restart at will."""
    with private_neo4j_server(tmp_path_factory.mktemp("neo4j-private") / "home") as server:
        yield server
