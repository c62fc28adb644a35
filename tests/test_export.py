"""Exports: RDF syntaxes re-import isomorphic; GraphML/GEXF/CSV carry every node and edge."""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graphmap.outputs.export import export_graph, jsonld_context, to_networkx, write_export
from graphmap.intake.load import check_case

from conftest import ALL_CASES, SEED, run_cli


@pytest.fixture(scope="module")
def seed_graph():
    return check_case(SEED).graph


@pytest.mark.parametrize("fmt, syntax", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml")])
def test_rdf_exports_round_trip(loaded_store, seed_graph, fmt, syntax):
    text = write_export(export_graph(loaded_store, "sante-publique-2026"), fmt, None)
    assert isomorphic(Graph().parse(data=text, format=syntax), seed_graph)


def test_turtle_is_deterministic(tmp_path):
    store = tmp_path / "store"
    run_cli("load", str(SEED), store=store)
    first = run_cli("export", "--case", "sante-publique-2026", store=store).out
    second = run_cli("export", "--case", "sante-publique-2026", store=store).out
    assert first == second and first.startswith("@prefix")


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_exports_open_in_networkx(loaded_store, tmp_path, fmt, reader):
    out = tmp_path / f"seed.{fmt}"
    write_export(export_graph(loaded_store, "sante-publique-2026"), fmt, out)
    graph = reader(out)
    iri = "https://w3id.org/graphmap/id/sante-publique-2026/inspecteurs"
    assert graph.nodes[iri]["type"] == "Role" and graph.nodes[iri]["label"] == "Inspecteurs"
    assert any(d.get("relationship") == "TASK_OF" for _, _, d in graph.edges(data=True))


def test_csv_export_is_one_table_per_class(loaded_store, seed_graph, tmp_path):
    write_export(export_graph(loaded_store, "sante-publique-2026"), "csv", tmp_path / "csv")
    tasks = list(csv.DictReader((tmp_path / "csv" / "Task.csv").open(encoding="utf-8")))
    assert {"iri", "identifier", "label_fr"} <= set(tasks[0])
    relations = list(csv.DictReader((tmp_path / "csv" / "relationships.csv").open(encoding="utf-8")))
    assert {r["type"] for r in relations} >= {"TASK_OF", "SOURCE", "USES_TOOL"}


def test_the_embedded_store_gives_each_term_as_rdflib_reads_it(empty_store):
    """export() builds rdflib terms from Oxigraph's, not through rdflib's N-Triples reader (which
    went over a long line again and again: a 1 MB literal took 5-11 s, 4 MB about 110 s): the
    graph is exactly the one that reader makes of the store's dump."""
    import pyoxigraph as ox

    from graphmap.model.caseformat import case_format

    graph_iri = str(case_format().case_graph("terms"))
    quads = []
    s, p = ox.NamedNode("https://w3id.org/graphmap/id/terms/x"), ox.NamedNode("https://w3id.org/graphmap/ontology#p")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    for obj in [ox.Literal("plain"), ox.Literal("é\n\"q\" \\ \u2028 \U0001F600", language="fr"),
                ox.Literal("text", language="en-GB"), ox.Literal("0.50", datatype=ox.NamedNode(xsd + "decimal")),
                ox.Literal("12", datatype=ox.NamedNode(xsd + "integer")), ox.Literal("true", datatype=ox.NamedNode(xsd + "boolean")),
                ox.Literal("2026-12-03", datatype=ox.NamedNode(xsd + "date")), ox.Literal("x" * 1_000_000),
                ox.NamedNode("https://example.org/a%20b?c=d#e"), ox.BlankNode("b0")]:
        quads.append(ox.Quad(s, p, obj, ox.NamedNode(graph_iri)))
    empty_store._store.extend(quads)
    dump = empty_store._store.dump(format=ox.RdfFormat.N_QUADS, from_graph=ox.NamedNode(graph_iri))
    expected = Graph().parse(data=dump.decode("utf-8"), format="nt")
    got = empty_store.export_case("terms")
    assert len(got) == len(expected) == 10
    assert isomorphic(got, expected)
    from rdflib import BNode

    assert {o for o in got.objects() if not isinstance(o, BNode)} == {o for o in expected.objects() if not isinstance(o, BNode)}


# --- the embedded store writes RDF exports with Oxigraph's serialiser (issue 19) ----------------

RDF_FORMATS = [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml")]
CASE_IDS = [None, *(check_case(path).case.id for path in ALL_CASES)]  # None: every case


def _held(store, case, verdicts=True) -> Graph:
    """What the store holds for the export, as the rdflib graph export_graph fills."""
    graph = export_graph(store, case, verdicts=verdicts)
    len(graph)  # read: filled from the store
    return graph


@pytest.mark.parametrize("fmt, syntax", RDF_FORMATS)
@pytest.mark.parametrize("case", CASE_IDS, ids=lambda c: c or "every-case")
def test_the_embedded_store_writes_rdf_exports_itself_and_they_hold_its_graph(loaded_store, fmt, syntax, case):
    """No rdflib graph is built, and the file holds exactly the store's triples (rdflib's Turtle
    writer rewrote "1"^^xsd:decimal as 1.0: that export was not isomorphic to the store's graph)."""
    graph = export_graph(loaded_store, case, verdicts=True)
    text = write_export(graph, fmt, None)
    assert graph._filled is False, "an rdflib graph was built for an RDF export of the embedded store"
    held = _held(loaded_store, case)
    assert len(graph) == len(held) > 100
    assert isomorphic(Graph().parse(data=text, format=syntax), held)


def _declared(text: str, fmt: str) -> dict[str, str]:
    pattern = {"ttl": r"@prefix ([\w-]*): <([^>]*)>", "rdfxml": r'xmlns:([\w-]+)="([^"]*)"'}[fmt]
    return dict(re.findall(pattern, text))


@pytest.mark.parametrize("fmt", ["ttl", "rdfxml"])
def test_rdf_exports_declare_the_prefixes_rdflib_declared(loaded_store, fmt):
    native = write_export(export_graph(loaded_store, None, verdicts=True), fmt, None)
    before = _held(loaded_store, None).serialize(format={"ttl": "turtle", "rdfxml": "xml"}[fmt])  # rdflib's writer, as exports were written
    old, new = _declared(before, fmt), _declared(native, fmt)
    assert old and {prefix: new.get(prefix) for prefix in old} == old


def test_a_jsonld_export_carries_the_published_context(loaded_store):
    native = json.loads(write_export(export_graph(loaded_store, "mairie-exemple", verdicts=False), "jsonld", None))
    before = json.loads(_held(loaded_store, "mairie-exemple", verdicts=False).serialize(
        format="json-ld", context=jsonld_context()["@context"], indent=2, sort_keys=True))  # as exports were written
    assert native["@context"] == before["@context"] == jsonld_context()["@context"]


def test_an_rdf_export_to_a_file_is_the_same_bytes_as_on_stdout(loaded_store, tmp_path):
    for fmt, _ in RDF_FORMATS:
        out = tmp_path / f"all.{fmt}"
        assert write_export(export_graph(loaded_store, None, verdicts=True), fmt, out) is None
        assert out.read_text(encoding="utf-8") == write_export(export_graph(loaded_store, None, verdicts=True), fmt, None)


def test_graph_exports_read_the_store_s_own_n_triples_and_give_the_same_network(loaded_store, tmp_path):
    graph = export_graph(loaded_store, None, verdicts=True)
    native = to_networkx(graph)
    assert graph._filled is False
    via_rdflib = to_networkx(_held(loaded_store, None))
    assert dict(native.nodes(data=True)) == dict(via_rdflib.nodes(data=True))
    assert sorted(native.edges(keys=True)) == sorted(via_rdflib.edges(keys=True))
    write_export(export_graph(loaded_store, None, verdicts=True), "csv", tmp_path / "native")
    write_export(_held(loaded_store, None), "csv", tmp_path / "rdflib")
    assert {p.name: p.read_bytes() for p in (tmp_path / "native").iterdir()} == \
           {p.name: p.read_bytes() for p in (tmp_path / "rdflib").iterdir()}


def test_a_graph_read_or_changed_before_it_is_written_is_the_graph_written(loaded_store):
    """Once anything has read the export's graph (a pseudonymisation, a removal), it is that graph
    that is written (its terms given to the same serialiser), not the store's."""
    from rdflib.namespace import RDF

    graph = export_graph(loaded_store, "mairie-exemple", verdicts=False)
    removed = list(graph.triples((None, RDF.type, None)))
    for triple in removed:
        graph.remove(triple)
    text = write_export(graph, "nt", None)
    got = Graph().parse(data=text, format="nt")
    assert removed and len(got) == len(graph) and not any(True for _ in got.triples((None, RDF.type, None)))


def test_an_export_read_from_rdflib_s_graph_keeps_each_literal_as_stored(loaded_store):
    """Regression: rdflib's Turtle writer rewrote "1"^^xsd:decimal (a verdict's score) as 1.0, so
    a pseudonymised or Neo4j export and the embedded store's own differed in their literals."""
    graph = _held(loaded_store, "sante-publique-2026")
    text = write_export(graph, "ttl", None)
    assert set(Graph().parse(data=text, format="turtle")) == set(graph)


def test_jsonld_export_reads_as_plain_keys_and_back_as_the_same_graph(loaded_store):
    """Issue 20: the JSON-LD context maps the ontology's terms, not only prefixes, so a JSON
    reader sees taskOf, label, benefit...; the document still reads back to the same graph."""
    from rdflib.compare import isomorphic

    graph = export_graph(loaded_store, "sante-publique-2026", verdicts=True)
    document = json.loads(write_export(graph, "jsonld", None))
    keys = {key for node in document["@graph"] for key in node}
    assert {"id", "type", "label", "taskOf", "benefit", "source", "hasCharacteristic"} <= keys
    assert not [k for k in keys if k.startswith("http")], "an ontology term written as a full IRI"
    task = next(n for n in document["@graph"] if n.get("type") == "Task")
    assert isinstance(task["taskOf"], str) and task["hasCharacteristic"]
    back = Graph().parse(data=json.dumps(document), format="json-ld")
    assert isomorphic(back, export_graph(loaded_store, "sante-publique-2026", verdicts=True))


def test_the_published_jsonld_context_is_current():
    from graphmap.model.jsonld import render_context
    from graphmap.resources import data_dir

    published = data_dir("ontology") / "generated" / "context.jsonld"
    assert published.read_text(encoding="utf-8") == render_context(), \
        "regenerate with: python -m graphmap.model.jsonld > ontology/generated/context.jsonld"


def test_networks_label_vocabulary_terms_and_can_leave_the_evidence_out(loaded_store, tmp_path):
    """Issue 20: vocabulary nodes read 'recurrent' (type Concept), not 'char-recurrent'; with
    --no-evidence the quotes and source sections (161 + 37 of the seed's nodes) leave the network."""
    import networkx as nx

    graph = export_graph(loaded_store, "sante-publique-2026", verdicts=True)
    write_export(graph, "graphml", tmp_path / "all.graphml")
    write_export(graph, "gexf", tmp_path / "lean.gexf", evidence=False)
    write_export(graph, "csv", tmp_path / "lean", evidence=False)
    full, lean = nx.read_graphml(tmp_path / "all.graphml"), nx.read_gexf(tmp_path / "lean.gexf")
    concepts = {d["label"] for _, d in full.nodes(data=True) if d.get("type") == "Concept"}
    assert "recurrent" in concepts and not [c for c in concepts if c.startswith("char-")]
    kinds = lambda g: {d.get("type") for _, d in g.nodes(data=True)}  # noqa: E731
    assert {"Quote", "SourceSection"} <= kinds(full) and not {"Quote", "SourceSection"} & kinds(lean)
    assert lean.number_of_nodes() == full.number_of_nodes() - sum(
        1 for _, d in full.nodes(data=True) if d.get("type") in ("Quote", "SourceSection"))
    assert not (tmp_path / "lean" / "Quote.csv").exists() and (tmp_path / "lean" / "Task.csv").exists()
    assert "_quote/" not in (tmp_path / "lean" / "relationships.csv").read_text(encoding="utf-8")
