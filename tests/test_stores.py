"""What every store does, tested once over both backends (embedded and Neo4j): loads atomic and
idempotent, one case per graph that comes back identical, reloads that replace, concurrent loads,
the CLI's load, query and export. What really differs between the backends stays in
test_load.py / test_embedded_*.py and test_neo4j*.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from graphmap.errors import CaseError
from graphmap.intake.load import check_case, load_cases
from graphmap.model.caseformat import case_format
from graphmap.model.pgmapping import to_property_graph
from graphmap.query.named import run_query
from graphmap.stores import EmbeddedStore

from conftest import ALL_CASES, ROOT, SEED, neo4j_env, run_cli

MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"
BACKENDS = ["embedded", "neo4j"]


@dataclass
class Backend:
    """One backend as the tests use it: opened in this process, or named to the CLI."""

    name: str
    path: Path | None = None  # the embedded store's folder

    def open(self):
        if self.name == "embedded":
            return EmbeddedStore(self.path)
        from conftest import _connect

        return _connect()

    def env(self) -> dict[str, str]:
        """Environment for a CLI run on this backend."""
        return {"GRAPHMAP_STORE": str(self.path)} if self.name == "embedded" else neo4j_env()

    def cli(self, *args: str):
        return run_cli(*args, "--backend", self.name, env=self.env())


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    """Each backend, empty: a new embedded store folder, or the Neo4j test server wiped."""
    if request.param == "neo4j":
        from conftest import _connect, wipe

        with _connect() as store:
            wipe(store)
    yield Backend(request.param, tmp_path / "store" if request.param == "embedded" else None)


@pytest.fixture
def store(backend):
    """The backend's store, empty and open (the embedded one for writing)."""
    with backend.open() as opened:
        yield opened


def contents(store) -> list[str]:
    """Everything the store holds, as sorted lines: the embedded store's quads exactly; Neo4j's
    nodes and relationships but the times of derivations (it derives again each case it loads)."""
    if store.query_language == "sparql":
        return sorted(json.dumps([str(t) for t in q]) for q in store._store)
    _, rows = store.select(
        "MATCH (n:Resource) OPTIONAL MATCH (n)-[r]->(m) "
        "RETURN n.iri, labels(n), properties(n), type(r), properties(r), m.iri ORDER BY n.iri, type(r), m.iri", {})
    timeless = [[{k: v for k, v in part.items() if k not in ("generatedAtTime", "startedAtTime")} if isinstance(part, dict) else part
                 for part in row] for row in rows]
    return [json.dumps(row, sort_keys=True, default=str) for row in timeless]


@pytest.mark.parametrize("path", ALL_CASES, ids=lambda p: p.stem)
def test_each_case_loads_into_its_own_graph_and_comes_back_identical(store, path):
    checked = load_cases([path], store)[0]
    assert store.cases() == [checked.case.id]
    if store.query_language == "sparql":
        assert str(checked.graph_name) in store.graph_names()
    assert isomorphic(store.export_case(checked.case.id), checked.graph)


def test_loading_twice_changes_nothing(store):
    load_cases(ALL_CASES, store)
    first = contents(store)
    load_cases(ALL_CASES, store)
    assert contents(store) == first


def _without_rappels_rdv(source: Path, target: Path) -> Path:
    text = source.read_text(encoding="utf-8")
    start, end = text.index("  - id: rappels-rdv"), text.index("\nai_tools:")
    target.write_text(text[:start] + text[end:].replace("    serves: rappels-rdv\n", ""), encoding="utf-8")
    return target


def test_reloading_a_case_replaces_it(store, tmp_path):
    copy = tmp_path / "mairie.yaml"
    shutil.copy(MAIRIE, copy)
    load_cases([copy], store)
    task = URIRef(case_format().base_iri + "mairie-exemple/rappels-rdv")
    assert (task, None, None) in store.export_case("mairie-exemple")
    checked = load_cases([_without_rappels_rdv(MAIRIE, copy)], store)[0]
    after = store.export_case("mairie-exemple")
    assert (task, None, None) not in after and (None, None, task) not in after
    assert isomorphic(after, checked.graph) and isomorphic(after, check_case(copy).graph)
    if store.query_language == "cypher":
        _, rows = store.select("MATCH (n {identifier: 'rappels-rdv'}) RETURN n", {})
        assert rows == []


def test_a_failed_load_writes_nothing(store, tmp_path):
    load_cases([SEED], store)
    before = contents(store)
    bad = tmp_path / "bad.yaml"
    bad.write_text(MAIRIE.read_text(encoding="utf-8").replace("of: poste-actes", "of: nobody"), encoding="utf-8")
    with pytest.raises(CaseError):
        load_cases([MAIRIE, bad], store)
    assert contents(store) == before


def test_the_same_case_id_twice_is_refused(store, tmp_path):
    twin = tmp_path / "twin.yaml"
    twin.write_text(MAIRIE.read_text(encoding="utf-8"), encoding="utf-8")
    before = contents(store)
    with pytest.raises(CaseError, match="case id 'mairie-exemple' is also used by"):
        load_cases([MAIRIE, twin], store)
    assert contents(store) == before


def test_loading_cases_one_after_the_other_keeps_the_earlier_ones_whole(store, loaded_store):
    load_cases([SEED], store)
    load_cases([MAIRIE], store)  # rewrites the shared vocabulary: the seed's links to it must stay
    for name in ("standardisable-tasks", "usages", "non-usage-reasons"):
        params = {"case": "sante-publique-2026"}
        assert run_query(store, name, params).rows == run_query(loaded_store, name, params).rows, name
    # nothing the other case says, even about a product both use, comes back as the seed's
    assert set(store.export_case("sante-publique-2026")) == set(check_case(SEED).graph)


def test_two_loads_at_the_same_time_both_land(backend):
    env = {**os.environ, **backend.env(), "NO_COLOR": "1"}
    runs = [subprocess.Popen([sys.executable, "-m", "graphmap", "load", "--backend", backend.name, str(p)], env=env,
                             cwd=ROOT, stderr=subprocess.PIPE, text=True) for p in (SEED, MAIRIE)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    with backend.open() as store:
        assert store.cases() == ["mairie-exemple", "sante-publique-2026"]
        for path in (SEED, MAIRIE):
            checked = check_case(path)
            assert isomorphic(store.export_case(checked.case.id), checked.graph)
            if store.query_language == "cypher":  # its nodes (bare ones for the IRIs it links outside) and relationships
                pg = to_property_graph(checked.graph)
                assert store.counts(checked.case.id) == (len(pg.nodes), len(pg.relationships))


def test_an_invalid_case_never_reaches_the_store(backend):
    with backend.open() as store:
        before = contents(store)
    run = backend.cli("load", str(SEED), "tests/data/invalid/unknown-reference.yaml")
    assert run.code == 2 and "unknown id 'personne'" in run.err
    with backend.open() as store:
        assert contents(store) == before


def test_the_export_command_gives_the_loaded_graph(backend, tmp_path):
    with backend.open() as store:
        load_cases([SEED], store)
    out = tmp_path / "seed.ttl"
    run = backend.cli("export", "--case", "sante-publique-2026", "--format", "ttl", "--no-verdicts", "--out", str(out))
    assert run.code == 0, run.err
    assert isomorphic(Graph().parse(out), check_case(SEED).graph)


def test_a_named_query_from_the_cli(backend):
    with backend.open() as store:
        load_cases(ALL_CASES, store)
    run = backend.cli("query", "role-typology", "-p", "case=mairie-exemple", "-f", "json")
    assert run.code == 0, run.err
    assert {r["id"]: r["typology"] for r in json.loads(run.out)}["agents-etat-civil"] == "exploring"


@pytest.mark.parametrize("fmt, syntax", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml")])
def test_rdf_exports_hold_what_the_store_holds_in_every_syntax(store, fmt, syntax):
    """The embedded store writes them with Oxigraph's serialiser, Neo4j's through rdflib: either
    way, re-read, each is the graph of the case (or of every case) with its verdicts."""
    from graphmap.outputs.export import export_graph, write_export

    checked = load_cases(ALL_CASES, store)
    for case in [None, *(item.case.id for item in checked)]:
        held = Graph()
        for key in [case] if case else store.cases():
            held += store.export_case(key)
            held += store.export_case(key, derived=True)
        text = write_export(export_graph(store, case, verdicts=True), fmt, None)
        assert isomorphic(Graph().parse(data=text, format=syntax), held), (case, fmt)


def test_a_store_folder_named_like_a_backend_says_what_it_makes(tmp_path):
    """``--store neo4j`` (meant as ``--backend neo4j``) makes an embedded store: said once, when made."""
    done = run_cli("load", str(MAIRIE), "--store", "neo4j", cwd=tmp_path)
    assert done.code == 0 and (tmp_path / "neo4j").is_dir()
    assert "note: --store neo4j makes an embedded store in the folder neo4j; for a Neo4j server, give --backend neo4j" in done.err
    again = run_cli("load", str(MAIRIE), "--store", "neo4j", cwd=tmp_path)
    assert again.code == 0 and "note:" not in again.err
