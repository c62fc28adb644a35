"""Pseudonymised exports: no original name, e-mail or phone survives, structure and analysis do."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from graphmap.load import check_case
from graphmap.pseudonymise import pseudonymise
from graphmap.vocabulary import GM

from conftest import ROOT, SEED, run_cli

FORMATS = ["ttl", "nt", "jsonld", "rdfxml", "graphml", "gexf", "csv"]


def _secrets(graph: Graph) -> set[str]:
    names = set()
    for cls in (GM.Organisation, GM.Unit, GM.Site):
        for node in graph.subjects(RDF.type, cls):
            names |= {str(l) for l in graph.objects(node, RDFS.label)}
            names |= {str(node).rsplit("/", 1)[-1]}
    return names


@pytest.fixture(scope="module")
def sensitive_case(tmp_path_factory):
    """The seed case plus a quote carrying an e-mail address and a phone number."""
    text = SEED.read_text(encoding="utf-8").replace(
        "    description: Inspecteurs, bénéficiaires",
        "    description: Contact jeanne.dupont@sante.example.fr, tél. 06 12 34 56 78, Organisation publique de santé. Inspecteurs, bénéficiaires", 1)
    assert "jeanne.dupont" in text
    path = tmp_path_factory.mktemp("case") / "sensitive.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_pseudonyms_are_stable_and_keep_the_structure(sensitive_case):
    graph = check_case(sensitive_case).graph
    first, second = pseudonymise(graph, "s1"), pseudonymise(graph, "s1")
    other = pseudonymise(graph, "s2")
    assert set(first.graph) == set(second.graph) and set(first.graph) != set(other.graph)
    assert len(first.graph) == len(graph)
    assert set(first.graph.predicates()) == set(graph.predicates())
    assert len(set(first.graph.subjects(RDF.type, GM.Task))) == len(set(graph.subjects(RDF.type, GM.Task)))
    assert {o for o in first.graph.objects(None, GM.hasCharacteristic)} == {o for o in graph.objects(None, GM.hasCharacteristic)}
    assert any("unit" in line for line in first.report())


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_original_survives_in_any_format(tmp_path, sensitive_case, fmt):
    store = tmp_path / "store"
    assert run_cli("load", str(sensitive_case), store=store).code == 0
    out = tmp_path / f"export.{fmt}"
    run = run_cli("export", "-f", fmt, "--out", str(out), "--pseudonymise", "--salt", "s3cret", store=store)
    assert run.code == 0, run.err
    assert "pseudonymised:" in run.err
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(out.iterdir())) if out.is_dir() else out.read_text(encoding="utf-8")
    for secret in _secrets(check_case(sensitive_case).graph) | {"jeanne.dupont@sante.example.fr", "06 12 34 56 78"}:
        assert secret not in text, secret
    assert "tache-tableaux-mesures" in text  # analysis is kept


def test_pseudonymising_needs_a_salt(tmp_path):
    run = run_cli("export", "--pseudonymise", store=tmp_path / "store")
    assert run.code == 2 and "--salt" in run.err
