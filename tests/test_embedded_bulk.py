"""Big loads into the embedded store go through the bulk loader into a new database and a switch."""

from __future__ import annotations

import os

import pytest
from rdflib.compare import isomorphic

from graphmap.errors import StoreError
from graphmap.intake.load import CheckedCase, check_case, load_cases
from graphmap.stores import EmbeddedStore
from graphmap.stores.embedded import writes as embedded_writes
from graphmap.model.vocabulary import rubric_graph

from conftest import ROOT, SEED, timeless
from test_neo4j_faults import bigger

MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"


def _big_seed(extra: int = 12_000) -> CheckedCase:
    seed = check_case(SEED)
    return CheckedCase.of_graph(seed.case, bigger(seed.graph, extra=extra))


def _quads(store: EmbeddedStore) -> set:
    return {tuple(str(t) for t in q) for q in store._store}


def test_a_big_load_switches_to_a_new_database_and_keeps_the_other_graphs(tmp_path):
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        load_cases([SEED, MAIRIE], store)
        mairie = store.export_case("mairie-exemple")
        first = os.readlink(path / "live")
        big = _big_seed()
        assert big.triples >= embedded_writes.BULK_FROM
        store.write_cases([big], rubric_graph())
        assert os.readlink(path / "live") != first and os.readlink(path / "previous") == first
    with EmbeddedStore(path, read_only=True) as store:
        assert isomorphic(store.export_case("mairie-exemple"), mairie)
        assert isomorphic(store.export_case(big.case.id), big.graph)
        assert store.cases() == ["mairie-exemple", "sante-publique-2026"]


@pytest.mark.parametrize("size", ["small", "big"])
def test_a_store_opened_read_only_writes_nothing(tmp_path, size):
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        load_cases([MAIRIE], store)
    before = sorted(p.name for p in path.iterdir())
    case = _big_seed() if size == "big" else check_case(SEED)
    with EmbeddedStore(path, read_only=True) as store:
        with pytest.raises(StoreError, match="opened read-only; nothing was written"):
            store.write_cases([case], rubric_graph())
        assert store.cases() == ["mairie-exemple"]
    assert sorted(p.name for p in path.iterdir()) == before


def test_a_big_load_gives_the_same_store_as_small_ones(tmp_path, monkeypatch):
    big = _big_seed()
    with EmbeddedStore(tmp_path / "bulk") as bulk:
        load_cases([MAIRIE], bulk)
        bulk.write_cases([big], rubric_graph())
        by_bulk = timeless(_quads(bulk))
    monkeypatch.setattr(embedded_writes, "BULK_FROM", 10**9)
    with EmbeddedStore(tmp_path / "update") as update:
        load_cases([MAIRIE], update)
        update.write_cases([big], rubric_graph())
        assert timeless(_quads(update)) == by_bulk



def test_a_failed_big_load_leaves_the_store_and_the_folder_as_they_were(tmp_path):
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        load_cases([SEED], store)
        before, folder = _quads(store), sorted(p.name for p in path.iterdir())
        broken = _big_seed()
        broken.ntriples.append("<not an iri> <x> <y> .")
        with pytest.raises(StoreError, match="the load was refused and nothing was written"):
            store.write_cases([broken], rubric_graph())
        assert _quads(store) == before
        assert sorted(p.name for p in path.iterdir()) == folder


def test_only_the_live_and_the_previous_database_are_kept(tmp_path):
    path = tmp_path / "store"
    for _ in range(3):
        with EmbeddedStore(path) as store:
            store.write_cases([_big_seed(11_000)], rubric_graph())
    (path / "data-999999").mkdir()  # what a load killed half-way leaves
    with EmbeddedStore(path):
        pass
    databases = sorted(p.name for p in path.glob("data-*"))
    assert databases == sorted({os.readlink(path / "live"), os.readlink(path / "previous")})


def test_a_store_folder_from_an_older_graphmap_still_loads_and_reads(tmp_path):
    import pyoxigraph as ox

    path = tmp_path / "old"
    ox.Store(str(path))  # an Oxigraph database right in the folder, as graphmap 0.1 made
    with EmbeddedStore(path) as store:
        load_cases([MAIRIE], store)
        store.write_cases([_big_seed()], rubric_graph())
    with EmbeddedStore(path, read_only=True) as store:
        assert store.cases() == ["mairie-exemple", "sante-publique-2026"]
    assert not (path / "live").exists()
