"""The ontology's own quality: labels in both languages, definitions, derived files current."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graphmap.errors import ConfigError
from graphmap.intake.migrate import upgrade
from graphmap.model.caseformat import case_format, json_schema
from graphmap.resources import data_dir
from graphmap.intake.shapes import build_shapes
from graphmap.model.vocabulary import GM, GMV, ontology_graph, rubric_graph

from conftest import ALL_CASES

TERMS = [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty]


def _terms():
    g = ontology_graph()
    return sorted({s for kind in TERMS for s in g.subjects(RDF.type, kind) if str(s).startswith(str(GM))})


@pytest.mark.parametrize("term", _terms(), ids=lambda t: t.split("#")[-1])
def test_every_term_has_french_and_english_labels_and_definitions(term):
    g = ontology_graph()
    assert {l.language for l in g.objects(term, RDFS.label)} >= {"fr", "en"}
    assert {d.language for d in g.objects(term, SKOS.definition)} >= {"fr", "en"}


def test_every_concept_is_bilingual_and_has_a_unique_notation():
    g = ontology_graph()
    for scheme in g.subjects(RDF.type, SKOS.ConceptScheme):
        notations = [str(g.value(c, SKOS.notation)) for c in g.subjects(SKOS.inScheme, scheme)]
        assert notations and len(notations) == len(set(notations)), scheme
        for concept in g.subjects(SKOS.inScheme, scheme):
            assert {l.language for l in g.objects(concept, SKOS.prefLabel)} >= {"fr", "en"}, concept


def test_ontology_is_versioned_and_licensed():
    g = ontology_graph()
    onto = next(g.subjects(RDF.type, OWL.Ontology))
    assert g.value(onto, OWL.versionIRI) and g.value(onto, OWL.versionInfo)
    assert g.value(onto, URIRef("http://purl.org/dc/terms/license"))


def test_six_non_usage_categories():
    g = ontology_graph()
    assert len(set(g.subjects(SKOS.inScheme, GMV.NonUsageCategories))) == 6


def test_case_format_uses_only_declared_terms():
    g = ontology_graph()
    fmt = case_format()
    declared = set(g.subjects(RDF.type, None))
    for section in [fmt.study, *fmt.sections.values()]:
        assert section.cls in declared, section.cls
        for field in section.fields.values():
            if str(field.property).startswith(str(GM)):
                assert field.property in declared, field.property
            if field.scheme is not None:
                assert (field.scheme, RDF.type, SKOS.ConceptScheme) in g


def test_rubric_criteria_point_at_task_characteristics():
    rubric = rubric_graph()
    g = ontology_graph()
    characteristics = set(g.subjects(SKOS.inScheme, GMV.TaskCharacteristics))
    used = set(rubric.objects(None, GM.characteristic))
    assert used and used <= characteristics
    assert all(rubric.value(c, GM.groundedIn) for c in rubric.subjects(GM.characteristic, None))


def test_shapes_file_is_current():
    """The published copy (generated artefacts live apart, in ontology/generated/) says what the
    checks use, which are built from the case format."""
    published = data_dir("ontology") / "generated" / "shapes.ttl"
    assert isomorphic(Graph().parse(published), build_shapes()), "regenerate with: graphmap shapes --write"
    assert published.read_text(encoding="utf-8").startswith("# generated")
    assert not list(data_dir("ontology").glob("shapes.ttl")), "a stale hand-edited copy beside the generated one"


def test_shapes_write_never_rewrites_an_installed_package(monkeypatch):
    """Regression: `graphmap shapes --write` wrote into the installed package's data folder."""
    import graphmap.intake.shapes as shapes

    published = data_dir("ontology") / "generated" / "shapes.ttl"
    before = published.read_bytes()
    monkeypatch.setattr(shapes, "source_checkout", lambda: False)  # as in a wheel installed by pip
    with pytest.raises(ConfigError, match="source checkout"):
        shapes.write_shapes()
    assert published.read_bytes() == before
    monkeypatch.undo()
    assert shapes.write_shapes() == published and published.read_bytes() == before


def test_json_schema_is_valid_and_accepts_every_case():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in ALL_CASES:  # a version 1 file as the reader reads it: its version 2 rewrite
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        upgrade(document)
        jsonschema.validate(document, schema)
    assert json.dumps(schema)


def test_alignments_reuse_the_w3c_vocabularies():
    g = Graph().parse(data_dir("ontology") / "alignments.ttl")
    org, prov, schema = "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#", "https://schema.org/"
    assert (GM.Role, RDFS.subClassOf, URIRef(org + "Role")) in g
    assert (GM.Post, RDFS.subClassOf, URIRef(org + "Post")) in g
    assert (GM.Role, RDFS.subClassOf, URIRef(schema + "Occupation")) in g
    assert (GM.Usage, RDFS.subClassOf, URIRef(prov + "Activity")) in g
    declared = set(ontology_graph().subjects())
    for subject in set(g.subjects()) - {URIRef("https://w3id.org/graphmap/ontology/alignments")}:
        assert subject in declared, f"{subject} is aligned but not declared in graphmap.ttl"


def test_crosswalk_lists_the_seed_roles_links(loaded_store):
    from graphmap.query.named import run_query

    rows = run_query(loaded_store, "crosswalk", {"case": "sante-publique-2026"}).rows
    links = {(r["entity"], r["classification"]) for r in rows}
    assert {("inspecteurs", "O*NET"), ("inspecteurs", "ISCO-08"), ("assistants", "ROME"), ("logistique", "O*NET")} <= links
    assert all(r["relation"] == "closeMatch" and r["sources"] for r in rows)
