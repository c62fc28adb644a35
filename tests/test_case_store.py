"""The read-only store of a case read from a file (``CaseStore``) answers every triple pattern
as rdflib's ``SimpleMemory`` store answers it, in the same order, and refuses to change."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef

from graphmap.intake.case_store import CaseStore

NODES = [URIRef(f"https://example.org/n{i}") for i in range(4)] + [BNode("b0"), BNode("b1")]
PREDICATES = [URIRef(f"https://example.org/p{i}") for i in range(3)]
OBJECTS = NODES + [Literal("x"), Literal("x", lang="fr"), Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))]
TRIPLES = st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(PREDICATES), st.sampled_from(OBJECTS)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(triples=TRIPLES)
def test_every_pattern_is_answered_as_simple_memory_answers_it(triples):
    """Every pattern over the terms drawn (each term or None in each place), in the same order."""
    case = Graph(store=CaseStore(list(dict.fromkeys(triples))))
    simple = Graph(store="SimpleMemory")
    for triple in triples:  # (stated twice, a triple is held once by both)
        simple.add(triple)
    assert len(case) == len(simple) == len(set(triples))
    for subject in (None, *NODES):
        for predicate in (None, *PREDICATES):
            assert case.value(subject, predicate) == simple.value(subject, predicate)
            for obj in (None, *OBJECTS):
                pattern = (subject, predicate, obj)
                assert list(case.triples(pattern)) == list(simple.triples(pattern)), pattern
    assert set(case.store.predicates()) == set(simple.predicates())


def test_the_graph_of_a_case_refuses_every_change():
    triple = (NODES[0], PREDICATES[0], Literal("x"))
    graph = Graph(store=CaseStore([triple]))
    for change in (lambda: graph.add((NODES[1], PREDICATES[0], Literal("y"))), lambda: graph.remove(triple),
                   lambda: graph.addN([(*triple, graph)]), lambda: graph.set((NODES[0], PREDICATES[0], Literal("y")))):
        with pytest.raises(TypeError, match="read-only"):
            change()
    assert list(graph) == [triple]
