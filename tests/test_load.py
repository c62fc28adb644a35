"""Loading into the embedded store: atomic, idempotent, one named graph per case."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS

from graphmap.model.caseformat import case_format
from graphmap.intake.load import check_case, load_cases
from graphmap.stores import EmbeddedStore
from graphmap.model.vocabulary import GM, shipped_ontology_graph
from graphmap.stores.embedded.graphs import GENID, ONTOLOGY_GRAPH, skolemised_ontology
from graphmap.model.oxterms import rdflib_term

from conftest import ALL_CASES, ROOT, SEED, timeless

MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"


def _quads(store: EmbeddedStore) -> set:
    return {tuple(str(t) for t in q) for q in store._store}

class _RecordedUpdates:
    """The real Oxigraph store of an EmbeddedStore, with the text of every update it runs kept."""

    def __init__(self, store):
        self.store, self.updates = store, []

    def update(self, text, *args, **kwargs):
        self.updates.append(text)
        return self.store.update(text, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.store, name)


def test_a_reload_writes_only_what_changed(empty_store, tmp_path):
    copy = tmp_path / "mairie.yaml"
    shutil.copy(MAIRIE, copy)
    load_cases([SEED, copy], empty_store)
    empty_store._store = recorded = _RecordedUpdates(empty_store._store)
    load_cases([SEED, copy], empty_store)
    assert recorded.updates == [], "nothing changed, yet the store was written"

    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("  - id: rappels-rdv", "  - id: rappels-rendez-vous")
                        .replace("serves: rappels-rdv", "serves: rappels-rendez-vous"), encoding="utf-8")
    load_cases([SEED, copy], empty_store)
    update, refresh = recorded.updates
    mairie = str(case_format().case_graph("mairie-exemple"))
    loads = str(case_format().case_graph("_loads"))  # the changed file's fingerprint
    derived = str(case_format().case_graph("_derived/mairie-exemple"))  # its verdicts
    kept = str(case_format().case_graph("_kept/mairie-exemple"))  # its answers kept ready, dropped with them
    assert set(re.findall(r"GRAPH <([^>]+)>", update)) == {mairie, loads, derived, kept}, "only the changed case is written"
    assert set(re.findall(r"GRAPH <([^>]+)>", refresh)) == {kept}, "then only its answers kept ready"
    written = sum(part.count("\n<") for part in update.split("GRAPH <")[1:] if part.startswith(mairie + ">"))
    assert written < len(check_case(copy).graph) / 2, "the whole case was written again"
    empty_store._store = recorded.store

    fresh = EmbeddedStore(tmp_path / "fresh")
    load_cases([SEED, copy], fresh)
    assert timeless(_quads(empty_store)) == timeless(_quads(fresh))
    fresh.close()


def test_the_ontology_is_written_the_same_by_every_process(empty_store):
    """Its blank nodes (OWL lists) get the same IRIs in any process (a reload then writes nothing),
    and the graph the store holds is the shipped ontology once they are blank nodes again."""
    other = subprocess.run([sys.executable, "-c", "from graphmap.stores.embedded.graphs import skolemised_ontology as s; "
                            "print('\\n'.join(s()))"], capture_output=True, text=True, check=True).stdout.splitlines()
    assert other == skolemised_ontology() and any(GENID in line for line in other)
    load_cases([MAIRIE], empty_store)

    def unskolemised(term):
        term = rdflib_term(term)
        return BNode(term.removeprefix(GENID)) if isinstance(term, URIRef) and term.startswith(GENID) else term

    stored = Graph()
    for quad in empty_store._store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH))):
        stored.add((unskolemised(quad.subject), unskolemised(quad.predicate), unskolemised(quad.object)))
    assert isomorphic(stored, shipped_ontology_graph())


def test_a_graph_with_blank_nodes_is_replaced_whole(empty_store):
    name = URIRef(case_format().graph_iri + "_test-blank-nodes")
    for version in ("first", "second"):
        graph = Graph()
        node = BNode()
        graph.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), node))
        graph.add((node, RDFS.label, Literal(version)))
        empty_store.replace_graphs({name: graph})
        assert isomorphic(empty_store._graph(name), graph)

def test_two_cases_share_a_product_and_each_keeps_its_own_tool(empty_store):
    load_cases(ALL_CASES, empty_store)
    fmt = case_format()
    product = fmt.product_iri("chatgpt-pro")
    cases = ("sante-publique-2026", "mairie-exemple")
    quads = list(empty_store._store.quads_for_pattern(None, None, None))
    # the product is in both cases' graphs, with nothing but its type and identifier
    assert {str(fmt.case_graph(c)) for c in cases} <= {q.graph_name.value for q in quads if q.subject.value == str(product)}
    assert {q.predicate.value for q in quads if q.subject.value == str(product)} == {str(RDF.type), str(DCTERMS.identifier)}
    # each case's tool is under the case, in that case's graph only, and points to the product
    for case in cases:
        tool = f"{fmt.base_iri}{case}/chatgpt-pro"
        assert {q.graph_name.value for q in quads if q.subject.value == tool} == {str(fmt.case_graph(case))}
        assert any(q.subject.value == tool and q.predicate.value == str(GM.product) and q.object.value == str(product) for q in quads)

def test_the_store_persists_on_disk(tmp_path):
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        load_cases([MAIRIE], store)
        count = store.count()
    with EmbeddedStore(path, read_only=True) as store:
        assert store.count() == count > 0


def test_shacl_catches_a_graph_the_yaml_checks_cannot_see(tmp_path):
    from rdflib import Literal
    from rdflib.namespace import RDF

    from graphmap.intake.to_rdf import case_to_graph
    from graphmap.intake.casefile import read_case_file
    from graphmap.intake.shapes import shacl_problems
    from graphmap.model.vocabulary import GM

    case = read_case_file(MAIRIE)
    graph, origin = case_to_graph(case)
    task = URIRef(case_format().base_iri + "mairie-exemple/rappels-rdv")
    graph.remove((task, GM.taskOf, None))
    graph.add((task, GM.hasCharacteristic, Literal("recurrent")))
    problems = [str(p) for p in shacl_problems(graph, origin, "mairie.ttl")]
    line = next(e.line for e in case.entities.values() if e.id == "rappels-rdv")
    assert f"mairie.ttl:{line}: rappels-rdv.of: missing required field" in problems
    assert any(p.startswith(f"mairie.ttl:{line}: rappels-rdv.characteristics: not a concept") for p in problems)
    assert graph.value(task, RDF.type) == GM.Task


@pytest.mark.parametrize("fmt, suffix", [("ttl", ".ttl"), ("jsonld", ".jsonld")])
def test_a_case_written_in_rdf_loads_like_its_yaml(tmp_path, fmt, suffix):
    from conftest import run_cli

    store = tmp_path / "store"
    assert run_cli("load", str(MAIRIE), store=store).code == 0
    exported = run_cli("export", "--case", "mairie-exemple", "-f", fmt, "--no-verdicts", store=store).out
    rdf_case = tmp_path / f"mairie{suffix}"
    rdf_case.write_text(exported, encoding="utf-8")
    other = tmp_path / "other-store"
    run = run_cli("load", str(rdf_case), store=other)
    assert run.code == 0, run.err
    with EmbeddedStore(other, read_only=True) as opened:
        assert isomorphic(opened.export_case("mairie-exemple"), check_case(MAIRIE).graph)


def _checked_paths(monkeypatch) -> list[str]:
    """The files the loader really reads and checks, recorded as it calls check_case."""
    import graphmap.intake.load as module

    seen, real = [], module.check_case
    monkeypatch.setattr(module, "check_case", lambda path, shacl=False: seen.append(path.name) or real(path, shacl))
    return seen


def test_a_file_loaded_before_and_unchanged_is_neither_checked_nor_written(empty_store, tmp_path, monkeypatch):
    folder = tmp_path / "cases"
    folder.mkdir()
    for path in ALL_CASES:
        shutil.copy(path, folder / path.name)
    load_cases([folder], empty_store)
    before = _quads(empty_store)
    checked = _checked_paths(monkeypatch)
    again = load_cases([folder], empty_store)
    assert checked == [] and all(item.unchanged for item in again)
    assert _quads(empty_store) == before
    edited = folder / MAIRIE.name
    edited.write_text(edited.read_text(encoding="utf-8").replace("label: Jardiniers", "label: Jardiniers municipaux", 1), encoding="utf-8")
    load_cases([folder], empty_store)
    assert checked == [MAIRIE.name]
    labels = {str(o) for s, p, o in empty_store.export_case("mairie-exemple") if p == RDFS.label}
    assert "Jardiniers municipaux" in labels


def test_a_new_format_or_ontology_makes_every_file_be_checked_again(empty_store, monkeypatch):
    import graphmap.intake.load as module

    load_cases(ALL_CASES, empty_store)
    monkeypatch.setattr(module, "_format_key", lambda: b"another version of the format")
    checked = _checked_paths(monkeypatch)
    load_cases(ALL_CASES, empty_store)
    assert sorted(checked) == sorted(p.name for p in ALL_CASES)


def test_an_unchanged_case_the_store_no_longer_holds_as_it_was_is_refused(empty_store, tmp_path):
    from graphmap.errors import StoreError
    from graphmap.intake.load import check_cases

    copy = tmp_path / "mairie.yaml"
    shutil.copy(MAIRIE, copy)
    load_cases([copy], empty_store)
    stale = check_cases([copy], known=empty_store.fingerprints())  # checked against the store as it was
    copy.write_text(copy.read_text(encoding="utf-8").replace("label: Jardiniers", "label: Jardiniers bis", 1), encoding="utf-8")
    load_cases([copy], empty_store)  # meanwhile, another load changed the case
    before = _quads(empty_store)
    with pytest.raises(StoreError, match="the store changed while the files were checked"):
        empty_store.write_cases(stale, Graph())
    assert _quads(empty_store) == before


def test_both_stores_follow_the_store_protocol_with_the_same_signatures():
    """One interface: the same operations, with the same parameters, on both stores."""
    import inspect

    from graphmap.stores import Store
    from graphmap.stores.embedded import EmbeddedStore
    from graphmap.stores.neo4j import Neo4jStore

    operations = [name for name, value in vars(Store).items()
                  if callable(value) and not name.startswith("_") or isinstance(value, property)]
    assert "export_case" in operations and "location" in operations
    for name in operations:
        want = inspect.signature(getattr(Store, name)) if callable(getattr(Store, name)) else None
        for kind in (EmbeddedStore, Neo4jStore):
            assert hasattr(kind, name), (kind.__name__, name)
            if want is not None:
                got = inspect.signature(getattr(kind, name))
                assert list(got.parameters) == list(want.parameters), (kind.__name__, name, got, want)
    assert {EmbeddedStore.query_language, Neo4jStore.query_language} == {"sparql", "cypher"}
