"""A load of at least a fifth of ``BULK_FROM`` triples into a store holding fewer other triples
(a first load) goes through the bulk loader too, and gives the same store as a SPARQL update;
below ``PARALLEL_FROM`` bytes one loader does it, and gives the same store as several, their
tables merged (from ``MERGE_FROM`` bytes) or not."""

from __future__ import annotations

import os

import pyoxigraph as ox
import pytest

from graphmap.errors import StoreError
from graphmap.intake.load import CheckedCase, check_case, load_cases
from graphmap.model.vocabulary import rubric_graph
from graphmap.stores import EmbeddedStore
from graphmap.stores.embedded import writes as embedded_writes

from conftest import ROOT, SEED, timeless
from test_neo4j_faults import bigger

MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"


def _seed_of(extra: int) -> CheckedCase:
    seed = check_case(SEED)
    return CheckedCase.of_graph(seed.case, bigger(seed.graph, extra=extra))


def _quads(store: EmbeddedStore) -> set:
    return {tuple(str(t) for t in q) for q in store._store}


def _medium() -> CheckedCase:
    case = _seed_of(3_000)
    assert embedded_writes.BULK_FROM // 5 <= case.triples < embedded_writes.BULK_FROM
    return case


def test_a_first_load_below_bulk_from_goes_through_the_bulk_loader(tmp_path):
    path = tmp_path / "store"
    case = _medium()
    with EmbeddedStore(path) as store:
        first = os.readlink(path / "live")
        store.write_cases([case], rubric_graph())
        assert os.readlink(path / "live") != first  # a new database, switched to
    with EmbeddedStore(path, read_only=True) as store:
        assert store.cases() == ["sante-publique-2026"]


def test_a_first_load_by_the_bulk_loader_stores_what_an_update_stores(tmp_path, monkeypatch):
    case = _medium()
    with EmbeddedStore(tmp_path / "bulk") as bulk:
        bulk.write_cases([case], rubric_graph())
        load_cases([MAIRIE], bulk)
        by_bulk = timeless(_quads(bulk))
    monkeypatch.setattr(embedded_writes, "BULK_FROM", 10**9)  # every load a SPARQL update
    with EmbeddedStore(tmp_path / "update") as update:
        first = os.readlink(tmp_path / "update" / "live")
        update.write_cases([case], rubric_graph())
        load_cases([MAIRIE], update)
        assert os.readlink(tmp_path / "update" / "live") == first
        assert timeless(_quads(update)) == by_bulk


def test_a_load_into_a_store_holding_more_other_triples_stays_an_update(tmp_path):
    path = tmp_path / "store"
    case = _medium()
    with EmbeddedStore(path) as store:
        load_cases([MAIRIE], store)
        store.write_reference("many", [f"<urn:x:{k}> <urn:p> \"{k}\" ." for k in range(case.triples + 5_000)])
        live = os.readlink(path / "live")
        store.write_cases([case], rubric_graph())
        assert os.readlink(path / "live") == live  # the same database: a SPARQL update
        assert store.cases() == ["mairie-exemple", "sante-publique-2026"]


def test_a_failed_first_bulk_load_leaves_the_store_and_the_folder_as_they_were(tmp_path):
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        before, folder = _quads(store), sorted(p.name for p in path.iterdir())
        broken = _medium()
        broken.ntriples.append("<not an iri> <x> <y> .")
        with pytest.raises(StoreError, match="the load was refused and nothing was written"):
            store.write_cases([broken], rubric_graph())
        assert _quads(store) == before
        assert sorted(p.name for p in path.iterdir()) == folder


@pytest.mark.parametrize("merged", [True, False])
def test_one_bulk_loader_stores_what_several_store(tmp_path, monkeypatch, merged):
    case = _seed_of(12_000)
    with EmbeddedStore(tmp_path / "one") as one:
        load_cases([MAIRIE], one)
        one.write_cases([case], rubric_graph())
        by_one = timeless(_quads(one))
    monkeypatch.setattr(embedded_writes, "PARALLEL_FROM", 0)  # as many loaders as cores
    monkeypatch.setattr(embedded_writes, "MERGE_FROM", 0 if merged else 10**12)
    with EmbeddedStore(tmp_path / "several") as several:
        load_cases([MAIRIE], several)
        several.write_cases([case], rubric_graph())
        assert timeless(_quads(several)) == by_one


def test_the_loaders_share_a_graph_between_lines_but_never_a_blank_nodes_statements(monkeypatch):
    named = b"".join(b'<urn:s:%d> <urn:p> "%d" <urn:g:named> .\n' % (k, k) for k in range(5_000))
    blank = b"".join(b'_:b%d <urn:p> "%d" <urn:g:blank> .\n_:b%d <urn:q> <urn:o:%d> <urn:g:blank> .\n' % (k, k, k, k)
                     for k in range(2_500))
    pieces = embedded_writes._cut(named, len(named) // 3)
    assert len(pieces) >= 3 and b"".join(pieces) == named and all(piece.endswith(b"\n") for piece in pieces)
    assert embedded_writes._cut(blank, len(blank) // 3) == [blank]
    monkeypatch.setattr(embedded_writes, "PARALLEL_FROM", 0)
    store = ox.Store()
    embedded_writes._bulk_load_in_parallel(store, [named, blank])
    assert len(store) == 10_000
    subjects = {quad.subject for quad in store.quads_for_pattern(None, None, None, ox.NamedNode("urn:g:blank"))}
    assert len(subjects) == 2_500  # each blank node kept both its statements
