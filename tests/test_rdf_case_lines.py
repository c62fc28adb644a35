"""A Turtle case read by Oxigraph's parser keeps the N-Triples lines Oxigraph parsed: the same
triples rdflib's serialiser writes, and the same store once loaded."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal

from graphmap.intake import load as intake_load
from graphmap.intake.load import check_case, load_cases
from graphmap.intake.rdf_case import ntriples_lines
from graphmap.stores import EmbeddedStore

from conftest import ROOT, SEED, timeless

MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"
ODD = "quote \\\" back\\\\slash line\\nbreak \u2028 é 😀"


def _triples(lines: list[str]) -> set:
    return set(ox.parse("\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))


def _turtle(tmp_path, source, extra: str = "") -> object:
    text = check_case(source).graph.serialize(format="turtle")
    path = tmp_path / f"{source.stem}.ttl"
    path.write_text(text + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize("source", [SEED, MAIRIE])
def test_the_lines_oxigraph_parsed_are_the_triples_rdflib_writes(tmp_path, source):
    checked = check_case(_turtle(tmp_path, source))
    assert ntriples_lines(checked.graph) is checked.ntriples  # Oxigraph's lines were used
    serialised = [line for line in checked.graph.serialize(format="nt").split("\n") if line.strip()]
    assert len(checked.ntriples) == len(serialised) == len(set(checked.ntriples))
    assert _triples(checked.ntriples) == _triples(serialised)


def test_odd_characters_and_a_triple_stated_twice_give_the_same_triples(tmp_path):
    path = _turtle(tmp_path, MAIRIE)
    text = path.read_text(encoding="utf-8")
    study = "<https://w3id.org/graphmap/id/mairie-exemple/mairie-exemple>"
    text += f'\n{study} <http://purl.org/dc/terms/description> "{ODD}"@FR-be .\n'
    text += f'{study} <http://purl.org/dc/terms/description> "{ODD}"@fr-BE .\n'  # the same triple again
    path.write_text(text, encoding="utf-8")
    checked = check_case(path)
    assert ntriples_lines(checked.graph) is not None
    serialised = [line for line in checked.graph.serialize(format="nt").split("\n") if line.strip()]
    assert len(checked.ntriples) == len(serialised)
    assert _triples(checked.ntriples) == _triples(serialised)


def test_a_literal_rdflib_rewrites_falls_back_to_rdflib_lines(tmp_path):
    path = _turtle(tmp_path, MAIRIE)
    study = "<https://w3id.org/graphmap/id/mairie-exemple/mairie-exemple>"
    path.write_text(path.read_text(encoding="utf-8") +
                    f'\n{study} <http://purl.org/dc/terms/description> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
                    encoding="utf-8")
    checked = check_case(path)
    assert ntriples_lines(checked.graph) is None  # rdflib holds 1, not "01": its own lines are written
    assert any('"1"^^<http://www.w3.org/2001/XMLSchema#integer>' in line for line in checked.ntriples)


def test_the_graph_of_a_case_read_from_a_file_cannot_change_under_its_lines(tmp_path):
    """Its N-Triples lines are written as the case's triples: the graph they stand for is read-only."""
    checked = check_case(_turtle(tmp_path, MAIRIE))
    graph, size = checked.graph, len(checked.graph)
    triple = next(iter(graph))
    for change in (lambda: graph.remove(triple), lambda: graph.add((triple[0], triple[1], Literal("autre"))),
                   lambda: graph.addN([(*triple, graph)])):
        with pytest.raises(TypeError, match="read-only"):
            change()
    assert len(graph) == size and ntriples_lines(graph) is checked.ntriples


def test_a_store_loaded_from_oxigraph_lines_holds_what_rdflib_lines_give(tmp_path, monkeypatch):
    paths = [_turtle(tmp_path, SEED), _turtle(tmp_path, MAIRIE)]
    with EmbeddedStore(tmp_path / "oxigraph") as store:
        load_cases(paths, store)
        by_oxigraph = timeless({tuple(str(t) for t in q) for q in store._store})
    monkeypatch.setattr(intake_load, "ntriples_lines", lambda graph: None)  # as before: rdflib's serialiser
    with EmbeddedStore(tmp_path / "rdflib") as store:
        load_cases(paths, store)
        assert timeless({tuple(str(t) for t in q) for q in store._store}) == by_oxigraph


def test_the_triples_oxigraph_parsed_are_the_graph_s_each_once(tmp_path):

    from graphmap.intake.rdf_case import _parsed_by_oxigraph

    text = _turtle(tmp_path, MAIRIE).read_text(encoding="utf-8")
    study = "<https://w3id.org/graphmap/id/mairie-exemple/mairie-exemple>"
    text += f'\n{study} <http://purl.org/dc/terms/description> "x"@fr .\n' * 2  # stated twice
    graph = _parsed_by_oxigraph(text)
    triples = list(graph)
    assert len(triples) == len(graph) == len(set(triples)) == len(ntriples_lines(graph))
    assert set(triples) == set(Graph().parse(data=text, format="turtle"))
