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
    fast = _parsed_by_oxigraph(text)
    if fast is None:
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
        assert _parsed_by_oxigraph(text) is None, "Oxigraph read what rdflib refuses"
        return
    _agree(text)


@pytest.mark.parametrize("text", [
    '<a> <http://x/p> "1" .',  # a relative IRI: rdflib resolves it against its base
    '<< <http://x/a> <http://x/p> <http://x/b> >> <http://x/p> "1" .',  # a triple term (RDF 1.2)
    '<http://x/a> <http://x/p> "a"@en--ltr .',  # a text direction (RDF 1.2)
    '<http://x/a> <http://x/p> "unterminated .',
], ids=["relative", "triple-term", "direction", "syntax-error"])
def test_what_oxigraph_refuses_or_reads_beyond_rdf_1_1_is_left_to_rdflib(text):
    assert _parsed_by_oxigraph(text) is None


def test_a_case_of_many_entities_reads_the_same_with_either_parser(loaded_store, tmp_path, monkeypatch):
    """The case read (entities, kinds, lines, graph) or the problems found do not depend on the parser."""
    import graphmap.intake.rdf_case as rdf_case
    from graphmap.errors import CaseError

    base = "https://w3id.org/graphmap/id/mairie-exemple/"
    text = write_export(export_graph(loaded_store, "mairie-exemple", verdicts=False), "ttl", None)
    units = "".join(f'<{base}u{i}> a gm:Unit ; dcterms:identifier "u{i}" ; rdfs:label "Unité {i}"@fr ; '
                    f'gm:unitOf <{base}mairie> .\n' for i in range(300))
    for name, extra in (("many.ttl", units), ("foreign.ttl", units + '<https://example.org/x> a gm:Unit .\n'),
                        ("many.jsonld", units), ("foreign.jsonld", units + '<https://example.org/x> a gm:Unit .\n')):
        path = tmp_path / name
        turtle = text + units + extra
        path.write_text(turtle if name.endswith(".ttl") else Graph().parse(data=turtle, format="turtle").serialize(format="json-ld"),
                        encoding="utf-8")

        def outcome():
            try:
                case, graph, origin = read_rdf_case(path)
            except CaseError as exc:
                return [str(p) for p in exc.problems]
            return sorted((k, e.section, e.line) for k, e in case.entities.items()), len(graph), sorted(origin.items())

        fast = outcome()
        with monkeypatch.context() as patch:
            patch.setattr(rdf_case, "_parsed_by_oxigraph", lambda text, syntax="turtle", name=None: None)
            slow = outcome()
        assert fast == slow


# JSON-LD: the same reading, or rdflib's. Each document below either reads into the graph rdflib's
# parser gives, or is left to rdflib (what Oxigraph drops or reads otherwise: relative IRIs,
# named graphs, text directions, numbers with a fraction, which rdflib writes otherwise).
_JSON_LD = {
    "plain": {"@context": {"ex": "http://x/", "label": {"@id": "http://x/label", "@language": "fr"}},
              "@id": "ex:a", "@type": "ex:T", "label": "é", "ex:p": [{"@id": "ex:b"}, "deux"]},
    "numbers": {"@id": "http://x/a", "http://x/p": [1, -7, 0, True, False, 10**15]},
    "fraction-numbers": {"@id": "http://x/a", "http://x/p": [1.5, 2.0, 1e300, 10**22, 0.1]},
    "typed": {"@context": {"d": {"@id": "http://x/d", "@type": "http://www.w3.org/2001/XMLSchema#date"}},
              "@id": "http://x/a", "d": "2026-12-04", "http://x/n": {"@value": "01", "@type": "http://www.w3.org/2001/XMLSchema#integer"}},
    "json-literal": {"@context": {"j": {"@id": "http://x/j", "@type": "@json"}}, "@id": "http://x/a", "j": {"b": [1, 2.5, None]}},
    "list": {"@id": "http://x/a", "http://x/p": {"@list": [1, "a", {"@id": "http://x/b"}]}},
    "empty-list": {"@id": "http://x/a", "http://x/p": {"@list": []}},
    "blank-nodes": {"@graph": [{"@id": "_:b1", "http://x/p": {"@id": "_:b2"}}, {"@id": "_:b2", "http://x/q": "v"},
                               {"http://x/r": {"http://x/s": "nested"}}]},
    "language-map": {"@context": {"n": {"@id": "http://x/n", "@container": "@language"}}, "@id": "http://x/a",
                     "n": {"fr": "nom", "en": ["name", "noun"]}},
    "reverse": {"@context": {"parent": {"@reverse": "http://x/child"}}, "@id": "http://x/a", "parent": {"@id": "http://x/p"}},
    "vocab": {"@context": {"@vocab": "http://x/"}, "@id": "http://x/a", "@type": "T", "p": "v"},
    "base": {"@context": {"@base": "http://x/"}, "@id": "a", "http://x/p": {"@id": "b"}},
    "unmapped-key": {"@id": "http://x/a", "foo": "dropped", "http://x/p": "kept"},
    "control-and-unicode": {"@id": "http://x/a", "http://x/p": "tab\there\u2028line \U0001F600 \\\" quote"},
    "relative-id": {"@id": "a", "http://x/p": "1"},
    "relative-vocab": {"@context": {"@vocab": "rel/"}, "@id": "http://x/a", "p": "1"},
    "relative-type": {"@id": "http://x/a", "@type": "T"},
    "relative-datatype": {"@id": "http://x/a", "http://x/p": {"@value": "1", "@type": "T"}},
    "named-graph": {"@id": "http://x/g", "@graph": [{"@id": "http://x/a", "http://x/p": "1"}]},
    "direction": {"@id": "http://x/a", "http://x/p": {"@value": "a", "@language": "en", "@direction": "ltr"}},
    "not-json-ld": [1, 2, 3],
}


_LEFT_TO_RDFLIB = ("relative-", "named-graph", "direction", "fraction-numbers")


@pytest.mark.parametrize("name", sorted(_JSON_LD))
def test_a_json_ld_document_is_read_as_rdflib_reads_it_or_left_to_rdflib(name):
    import json
    import warnings

    text = json.dumps(_JSON_LD[name], ensure_ascii=False)
    fast = _parsed_by_oxigraph(text, "json-ld")
    if fast is None:
        assert name.startswith(_LEFT_TO_RDFLIB), "Oxigraph should have read it"
        return
    assert not name.startswith(_LEFT_TO_RDFLIB), "left to rdflib, which reads it otherwise"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        slow = Graph().parse(data=text, format="json-ld")
    assert isomorphic(_plain_strings(slow), fast), sorted(set(fast) ^ set(_plain_strings(slow)))


def test_each_case_exported_as_json_ld_is_read_as_rdflib_reads_it(loaded_store):
    import warnings

    for case in [*loaded_store.cases(), None]:
        text = write_export(export_graph(loaded_store, case, verdicts=case is None), "jsonld", None)
        fast = _parsed_by_oxigraph(text, "json-ld")
        assert fast is not None, case
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            slow = Graph().parse(data=text, format="json-ld")
        assert isomorphic(_plain_strings(slow), fast), case


def _chain_of_terms(count: int) -> dict:
    """A context where each term is defined by the next one: Oxigraph's parser overflowed its stack."""
    terms = {f"t{i}": f"t{i + 1}:x" for i in range(count)}
    terms[f"t{count}"] = "http://x/"
    return {"@context": terms, "@id": "http://x/a", "t0:p": "1"}


def _scoped_contexts(count: int) -> dict:
    """Terms with contexts of their own: Oxigraph's parser took more than a minute."""
    return {"@context": {f"t{i}": {"@id": f"http://x/{i}", "@context": {f"s{i}": "http://y/"}} for i in range(count)},
            "@id": "http://x/a", "t0": "1"}


@pytest.mark.parametrize("document", [_chain_of_terms(50_000), _scoped_contexts(20_000)], ids=["chain-of-terms", "scoped-contexts"])
def test_a_json_ld_context_not_graphmap_s_is_read_by_rdflib_in_one_line_at_once(tmp_path, document):
    import json
    import subprocess
    import sys

    path = tmp_path / "case.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "graphmap", "validate", str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, (done.returncode, done.stderr[-300:])  # (a crash of the process: -11)
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith(f"{path}:"), done.stderr[-300:]


def test_only_a_json_ld_document_in_graphmap_s_own_context_goes_to_oxigraph(loaded_store):
    import json

    from graphmap.intake.rdf_case import _only_graphmap_context
    from graphmap.model.jsonld import context

    exported = json.loads(write_export(export_graph(loaded_store, "mairie-exemple", verdicts=False), "jsonld", None))
    assert _only_graphmap_context(exported)
    assert _only_graphmap_context({"@id": "http://x/a", "http://x/p": "no context at all"})
    assert not _only_graphmap_context(_chain_of_terms(3))
    assert not _only_graphmap_context({"@context": context(), "@graph": [{"@context": {"x": "http://x/"}, "@id": "x:a"}]})
    assert not _only_graphmap_context({"@context": [context()], "@id": "http://x/a"})


def test_hostile_json_ld_bodies_in_graphmap_s_context_are_refused_by_oxigraph_s_reading_in_one_line_each(tmp_path):
    """What Oxigraph's JSON-LD parser does read (graphmap's context) is tried with the shapes that
    cost a parser: deep nesting of nodes, lists, @included and @nest, long texts, IRIs and
    language tags, many types and values. One process for all: a crash would show as its exit."""
    import json
    import subprocess
    import sys

    from graphmap.model.jsonld import context

    base = "https://w3id.org/graphmap/id/x/"

    def nest(depth, wrap, inner):
        for _ in range(depth):
            inner = wrap(inner)
        return inner

    bodies = {
        "nested-nodes": {"http://x/p": nest(450, lambda x: {"http://x/p": x}, 1)},
        "nested-lists": {"http://x/p": nest(300, lambda x: {"@list": [x]}, 1)},
        "nested-included": nest(300, lambda x: {"@included": [x]}, {"@id": base + "z"}),
        "nested-nest": {"@nest": nest(300, lambda x: {"@nest": x}, {"http://x/p": 1})},
        "long-text": {"http://x/p": "é" * 200_000},
        "long-language": {"http://x/p": {"@value": "x", "@language": "x" * 200_000}},
        "long-iri": {"http://x/p": {"@id": base + "a" * 200_000}},
        "many-types": {"@type": [f"http://x/T{i}" for i in range(10_000)]},
        "many-values": {"http://x/p": list(range(20_000))},
        "reverse": {"@reverse": {"http://x/p": [{"@id": f"{base}r{i}"} for i in range(10_000)]}},
    }
    paths = []
    for name, body in bodies.items():
        paths.append(tmp_path / f"{name}.jsonld")
        paths[-1].write_text(json.dumps({"@context": context(), "@id": base + "a", **body}, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "graphmap", "validate", *map(str, paths)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    lines = [line for line in done.stderr.splitlines() if line.startswith(str(tmp_path))]
    assert sorted(line.split(":", 1)[0] for line in lines) == sorted(map(str, paths)), done.stderr[-500:]
    assert "Traceback" not in done.stderr
