"""Kill the Neo4j server in the middle of a load: afterwards the case is whole, old or new."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS

from graphmap.errors import StoreError
from graphmap.intake.load import check_case, load_cases
from graphmap.model.vocabulary import GM

from conftest import ROOT, SEED, neo4j_settings, wipe

WRITER = """
import sys
from pathlib import Path
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from graphmap.errors import GraphMapError
from graphmap.intake.load import check_case
from graphmap.settings import Neo4jSettings
from graphmap.stores.neo4j import Neo4jStore
from graphmap.model.vocabulary import GM
sys.path.insert(0, {tests!r})
from test_neo4j_faults import bigger
store = Neo4jStore(Neo4jSettings({uri!r}, {user!r}, {password!r}, {database!r}))
try:
    store.write_graph("sante-publique-2026", bigger(check_case(Path({seed!r})).graph))
except GraphMapError as exc:
    print(exc, file=sys.stderr)
    sys.exit(2)
"""


def bigger(graph, extra: int = 15000):
    """The seed graph plus many tasks: version 2 of the case, slow enough to interrupt."""
    graph = graph.__class__() + graph
    base = "https://w3id.org/graphmap/id/sante-publique-2026/"
    role, section = URIRef(base + "logistique"), URIRef(base + "_section/5.3")
    for k in range(extra):
        task = URIRef(f"{base}tache-extra-{k}")
        graph.add((task, RDF.type, GM.Task))
        graph.add((task, DCTERMS.identifier, Literal(f"tache-extra-{k}")))
        graph.add((task, RDFS.label, Literal(f"Tâche supplémentaire {k}", lang="fr")))
        graph.add((task, GM.taskOf, role))
        graph.add((task, GM.source, section))
    return graph


def _write_in_progress(store) -> bool:
    # Straight to the server: store.select would wait for the load to finish.
    rows = store._guard(lambda tx: tx.run("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").values(), read=True)
    return any("UNWIND $rows" in (q or "") for (q,) in rows)


def _start_writer(settings=None):
    """A process writing version 2 of the seed case (15,000 tasks more)."""
    s = settings or neo4j_settings()
    code = WRITER.format(tests=str(ROOT / "tests"), uri=s.uri, user=s.user, password=s.password,
                         database=s.database, seed=str(SEED))
    return subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)


def _wait_until_writing(writer, store) -> None:
    deadline = time.monotonic() + 60
    while not _write_in_progress(store):
        assert writer.poll() is None, "the load finished before it could be interrupted; make it bigger"
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_kill_during_load_leaves_old_or_new_never_a_mix(private_neo4j):
    """On a server of this module's own (the shared test server is never killed)."""
    s = private_neo4j.settings()
    with private_neo4j.connect() as store:
        wipe(store)
        version1 = load_cases([SEED], store)[0].graph
        writer = _start_writer(s)
        _wait_until_writing(writer, store)
        private_neo4j.kill()
    _, err = writer.communicate(timeout=120)
    assert writer.returncode == 2, err
    assert "Traceback" not in err and s.password not in err
    private_neo4j.start()

    with private_neo4j.connect() as store:
        after = store.export_case("sante-publique-2026")
    if len(after) == len(version1):
        assert isomorphic(after, version1)
    else:
        assert isomorphic(after, bigger(check_case(SEED).graph)), "a mix of the old and the new version"


def _count_nodes(store) -> int:
    return store.select("MATCH (n:Resource) RETURN count(n) AS n", {})[1][0][0]


def test_queries_during_a_load_see_before_or_after(neo4j_store):
    load_cases([SEED], neo4j_store)
    before = _count_nodes(neo4j_store)
    writer = _start_writer()
    seen = set()
    while writer.poll() is None:
        seen.add(_count_nodes(neo4j_store))
    _, err = writer.communicate()
    assert writer.returncode == 0, err
    after = _count_nodes(neo4j_store)
    assert after > before
    assert seen <= {before, after}, f"a query saw a state between before ({before}) and after ({after}): {seen}"
    assert before in seen, "no query ran during the load: the test proves nothing"


def test_a_query_waits_for_a_running_load_then_says_so(neo4j_store, monkeypatch):
    load_cases([SEED], neo4j_store)
    monkeypatch.setenv("GRAPHMAP_LOCK_TIMEOUT", "0.5")
    from conftest import _connect

    with _connect() as reader, neo4j_store.loading():
        with pytest.raises(StoreError, match=r"is being loaded by another graphmap process \(since .+\); try again"):
            _count_nodes(reader)
    with _connect() as reader:
        assert _count_nodes(reader) > 0


def test_a_killed_loader_does_not_block_queries(neo4j_store, monkeypatch):
    version1 = load_cases([SEED], neo4j_store)[0].graph
    writer = _start_writer()
    _wait_until_writing(writer, neo4j_store)
    writer.kill()
    writer.communicate()
    monkeypatch.setenv("GRAPHMAP_LOCK_TIMEOUT", "60")  # the server drops a dead client's transactions
    assert isomorphic(neo4j_store.export_case("sante-publique-2026"), version1)


def test_queries_run_together_never_straddle_a_load(neo4j_store, monkeypatch):
    """A view's queries run as one read: a load landing while they run is seen by all or none.

    The load is made to land while the second query is about to run (after the first may have
    run): each query on its own would see a different version of the case.
    """
    from conftest import _connect

    from graphmap.query.catalogue import run_queries
    from graphmap.stores.neo4j import Neo4jStore

    version1 = load_cases([SEED], neo4j_store)[0].graph
    version2 = bigger(version1, extra=3)  # three more tasks
    constraint = next(version2.subjects(RDF.type, GM.Constraint))
    version2.remove((constraint, None, None))  # and one constraint less
    version2.remove((None, None, constraint))
    before = run_queries(neo4j_store, ["tasks", "constraints"])

    original, landed = Neo4jStore._named_work, []

    def named_work(self, query, params, kept=False):
        work = original(self, query, params, kept)
        if query.name != "constraints":
            return work

        def load_first(tx):
            if not landed:
                with _connect() as writer:
                    writer.write_graph("sante-publique-2026", version2)
                landed.append(True)
            return work(tx)

        return load_first

    monkeypatch.setattr(Neo4jStore, "_named_work", named_work)
    together = run_queries(neo4j_store, ["tasks", "constraints"])
    monkeypatch.undo()
    after = run_queries(neo4j_store, ["tasks", "constraints"])
    assert landed, "the load did not land during the read: the test proves nothing"
    for name in ("tasks", "constraints"):
        assert before[name].rows != after[name].rows, f"version 2 does not change {name}: the test proves nothing"
        assert together[name].rows == after[name].rows, f"{name} read another version than the other query"
