"""Turtle cases are read by Oxigraph's parser (issue 18: rdflib's took 1 s for a 1 MB case) into
the graph rdflib's parser gives; what Oxigraph refuses or reads beyond RDF 1.1 is left to
rdflib's parser, so its messages and its leniency stay graphmap's."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from graphmap.intake.rdf_case import _parsed_by_oxigraph, read_rdf_case
from graphmap.outputs.export import export_graph, write_export

from conftest import ALL_CASES

DATA = Path(__file__).parent / "data"


def _plain_strings(graph: Graph) -> Graph:
    """``graph`` with "x"^^xsd:string written "x" (the same literal in RDF 1.1; Oxigraph's reading)."""
    out = Graph()
    for s, p, o in graph:
        out.add((s, p, Literal(str(o)) if isinstance(o, Literal) and o.datatype == XSD.string else o))
    return out


def _agree(text: str) -> bool:
    fast = Graph()
    if not _parsed_by_oxigraph(text, fast):
        return False
    slow = Graph().parse(data=text, format="turtle")
    assert isomorphic(_plain_strings(slow), fast)
    declared = {p: n for p, n in slow.namespaces()}
    assert all(declared.get(prefix) == namespace for prefix, namespace in fast.namespaces() if prefix in declared)
    return True


def test_each_case_exported_as_turtle_is_read_as_rdflib_reads_it(loaded_store):
    cases = loaded_store.cases()
    assert len(cases) >= len(ALL_CASES) - 1
    for case in [*cases, None]:  # each, and all with their verdicts
        assert _agree(write_export(export_graph(loaded_store, case, verdicts=case is None), "ttl", None)), case


@pytest.mark.parametrize("path", sorted((DATA / "invalid").glob("*.ttl")), ids=lambda p: p.name)
def test_the_bad_turtle_files_are_read_alike_or_left_to_rdflib(path):
    text = path.read_text(encoding="utf-8")
    try:
        Graph().parse(data=text, format="turtle")
    except Exception:
        assert not _parsed_by_oxigraph(text, Graph()), "Oxigraph read what rdflib refuses"
        return
    _agree(text)


@pytest.mark.parametrize("text", [
    '<a> <http://x/p> "1" .',  # a relative IRI: rdflib resolves it against its base
    '<< <http://x/a> <http://x/p> <http://x/b> >> <http://x/p> "1" .',  # a triple term (RDF 1.2)
    '<http://x/a> <http://x/p> "a"@en--ltr .',  # a text direction (RDF 1.2)
    '<http://x/a> <http://x/p> "unterminated .',
], ids=["relative", "triple-term", "direction", "syntax-error"])
def test_what_oxigraph_refuses_or_reads_beyond_rdf_1_1_is_left_to_rdflib(text):
    graph = Graph()
    assert not _parsed_by_oxigraph(text, graph)
    assert len(graph) == 0


def test_a_case_of_many_entities_reads_the_same_with_either_parser(loaded_store, tmp_path, monkeypatch):
    """The case read (entities, kinds, lines, graph) or the problems found do not depend on the parser."""
    import graphmap.intake.rdf_case as rdf_case
    from graphmap.errors import CaseError

    base = "https://w3id.org/graphmap/id/mairie-exemple/"
    text = write_export(export_graph(loaded_store, "mairie-exemple", verdicts=False), "ttl", None)
    units = "".join(f'<{base}u{i}> a gm:Unit ; dcterms:identifier "u{i}" ; rdfs:label "Unité {i}"@fr ; '
                    f'gm:unitOf <{base}mairie> .\n' for i in range(300))
    for name, extra in (("many.ttl", units), ("foreign.ttl", units + '<https://example.org/x> a gm:Unit .\n')):
        path = tmp_path / name
        path.write_text(text + units + extra, encoding="utf-8")

        def outcome():
            try:
                case, graph, origin = read_rdf_case(path)
            except CaseError as exc:
                return [str(p) for p in exc.problems]
            return sorted((k, e.section, e.line) for k, e in case.entities.items()), len(graph), sorted(origin.items())

        fast = outcome()
        with monkeypatch.context() as patch:
            patch.setattr(rdf_case, "_parsed_by_oxigraph", lambda text, graph: False)
            slow = outcome()
        assert fast == slow
