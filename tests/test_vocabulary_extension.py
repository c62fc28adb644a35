"""A barometer's own concepts (issue 22): a vocabulary file of its own, checked, loaded like the
rubric, kept by the store, read by every later check, on both backends; graphmap's own terms and
closed schemes out of its reach."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT, neo4j_env, run_cli

EXAMPLE = ROOT / "ontology" / "vocabulary-example.ttl"
MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"
HEAD = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix gmv: <https://w3id.org/graphmap/vocab/> .
@prefix gm: <https://w3id.org/graphmap/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix bar: <https://example.org/bar/> .
"""
GOOD = """bar:noise a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "ambient-noise" ;
    skos:prefLabel "bruit ambiant"@fr , "ambient noise"@en .
"""
MORE = """bar:mobile a skos:Concept ; skos:inScheme gmv:SiteTypes ; skos:notation "mobile-unit" ;
    skos:prefLabel "unité mobile"@fr , "mobile unit"@en ; skos:broader gmv:site-field .
"""


@pytest.fixture(autouse=True)
def graphmap_concepts_only():
    """Tests running the library in this process leave no barometer's concepts in force."""
    from graphmap.model.vocabulary import put_in_force

    yield
    put_in_force(None)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _noisy_case(tmp_path: Path) -> Path:
    """The mairie test case, its constraint typed with the barometer's own concept."""
    text = MAIRIE.read_text(encoding="utf-8")
    assert text.count("type: secured-data") == 1
    return _write(tmp_path, "bruit.yaml", text.replace("type: secured-data", "type: ambient-noise"))


def test_the_example_file_checks_and_says_what_it_adds(tmp_path):
    copied = tmp_path / "mine.ttl"
    done = run_cli("vocabulary", "--copy-to", str(copied))
    assert done.code == 0 and copied.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")
    done = run_cli("vocabulary", "check", str(copied))
    assert done.code == 0, done.err
    assert "ok:" in done.err and "1 in ConstraintTypes, 1 in SiteTypes" in done.err


BAD_FILES = {
    "closed scheme": ("""bar:a a skos:Concept ; skos:inScheme gmv:UsageStatuses ; skos:notation "rumoured" ;
    skos:prefLabel "rumeur"@fr , "rumour"@en .""", 6, "bar:a.inScheme", "gmv:UsageStatuses is closed"),
    "notation taken": ("""bar:a a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "budget" ;
    skos:prefLabel "budget"@fr , "budget"@en .""", 6, "bar:a.notation", "'budget' is already in gmv:ConstraintTypes"),
    "notation twice in the file": (GOOD + GOOD.replace("bar:noise", "bar:noise2"), 8, "bar:noise2.notation",
                                   "is also the notation of bar:noise"),
    "graphmap's namespace": ("""gmv:constraint-noise a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "noise" ;
    skos:prefLabel "bruit"@fr , "noise"@en .""", 6, "gmv:constraint-noise", "graphmap's own namespace"),
    "changing graphmap's terms": ("gm:Task skos:prefLabel \"Tâche\"@fr .", 6, "gm:Task", "graphmap's own namespace"),
    "notation not as cases type it": ("""bar:a a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "Ambient Noise" ;
    skos:prefLabel "b"@fr , "n"@en .""", 6, "bar:a.notation", "lowercase letters, digits and '-'"),
    "no notation": ("""bar:a a skos:Concept ; skos:inScheme gmv:ConstraintTypes ;
    skos:prefLabel "b"@fr , "n"@en .""", 6, "bar:a.notation", "exactly one notation"),
    "no English label": ("""bar:a a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "a" ;
    skos:prefLabel "b"@fr .""", 7, "bar:a.prefLabel", "no label in en"),
    "two French labels": ("""bar:a a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "a" ;
    skos:prefLabel "b"@fr , "c"@fr , "n"@en .""", 7, "bar:a.prefLabel", "more than one in fr"),
    "a label without language": ("""bar:a a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "a" ;
    skos:prefLabel "b" , "b"@fr , "n"@en .""", 7, "bar:a.prefLabel", "a text with its language"),
    "a property of the ontology": ("""bar:a a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "a" ;
    skos:prefLabel "b"@fr , "n"@en ; gm:blocksTool bar:b .""", 7, "bar:a.gm:blocksTool", "not something a barometer's concept may say"),
    "another type": ("""bar:a a skos:Concept , gm:Task ; skos:inScheme gmv:ConstraintTypes ; skos:notation "a" ;
    skos:prefLabel "b"@fr , "n"@en .""", 6, "bar:a.type", "concepts only"),
    "two schemes": ("""bar:a a skos:Concept ; skos:inScheme gmv:ConstraintTypes , gmv:SiteTypes ; skos:notation "a" ;
    skos:prefLabel "b"@fr , "n"@en .""", 6, "bar:a.inScheme", "exactly one scheme (2 given)"),
    "a scheme that is not ours": ("""bar:a a skos:Concept ; skos:inScheme bar:Mine ; skos:notation "a" ;
    skos:prefLabel "b"@fr , "n"@en .""", 6, "bar:a.inScheme", "bar:Mine is not one of graphmap's vocabularies"),
    "broader in another scheme": ("""bar:a a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "a" ;
    skos:prefLabel "b"@fr , "n"@en ; skos:broader gmv:site-field .""", 7, "bar:a.broader", "not a concept of gmv:ConstraintTypes"),
    "broader cycle": ("""bar:a a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "a" ;
    skos:prefLabel "b"@fr , "n"@en ; skos:broader bar:b .
bar:b a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "b" ;
    skos:prefLabel "b"@fr , "n"@en ; skos:broader bar:a .""", 7, "bar:a.broader", "a cycle"),
    "a match that is a text": ("""bar:a a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "a" ;
    skos:prefLabel "b"@fr , "n"@en ; skos:exactMatch "noise" .""", 7, "bar:a.exactMatch", "links to an IRI"),
    "a blank node": ("""[] a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "a" ;
    skos:prefLabel "b"@fr , "n"@en .""", 1, "concept", "a blank node"),
    "a control character": ("""bar:a a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "a" ;
    skos:prefLabel "b\\u001b]0;x\\u0007"@fr , "n"@en .""", 7, "bar:a.prefLabel", "control characters"),
    "two sources": ("""bar:a a skos:Concept ; skos:inScheme gmv:ConstraintTypes ; skos:notation "a" ;
    skos:prefLabel "b"@fr , "n"@en ; dcterms:source "x" , "y" .""", 7, "bar:a.source", "at most one source"),
    "malformed Turtle": ("bar:a a skos:Concept ;\n", 7, "turtle", "malformed Turtle"),
    "no concept": ("", 1, "concepts", "no concept"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_vocabulary_file_gets_one_located_line_per_problem(tmp_path, name):
    text, line, field, message = BAD_FILES[name]
    path = _write(tmp_path, "bad.ttl", HEAD + text)
    done = run_cli("vocabulary", "check", str(path))
    assert done.code == 2, done.err
    assert "Traceback" not in done.err
    assert f"bad.ttl:{line}: {field}: " in done.err and message in done.err, done.err
    assert all(row.startswith(str(path)) for row in done.err.splitlines()), done.err


@pytest.mark.parametrize("kind", ["folder", "missing", "device", "fifo", "binary", "not utf-8", "too big"])
def test_a_vocabulary_file_that_is_no_text_is_refused_in_one_line(tmp_path, kind):
    path = tmp_path / "v.ttl"
    if kind == "folder":
        path.mkdir()
    elif kind == "device":
        path = Path("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "binary":
        path.write_bytes(b"\x00\x01\x02PK")
    elif kind == "not utf-8":
        path.write_bytes(HEAD.encode() + b"\xff\xfe")
    elif kind == "too big":
        from graphmap.model.extension import MAX_VOCABULARY_BYTES

        path.write_bytes(b"#" * (MAX_VOCABULARY_BYTES + 10))
    for args in (["vocabulary", "check", str(path)], ["validate", str(MAIRIE), "--vocabulary", str(path)],
                 ["load", str(MAIRIE), "--vocabulary", str(path), "--store", str(tmp_path / "store")]):
        done = run_cli(*args)
        assert done.code == 2, (args, done.err)
        assert len(done.err.strip().splitlines()) == 1 and "Traceback" not in done.err, done.err
    assert not (tmp_path / "store").exists()


def test_a_case_may_type_a_barometers_concept_once_its_vocabulary_is_loaded(tmp_path):
    case = _noisy_case(tmp_path)
    vocabulary = _write(tmp_path, "v.ttl", HEAD + GOOD)
    store = tmp_path / "store"
    done = run_cli("validate", str(case))
    assert done.code == 2 and "bruit.yaml:105: constraints[registre-confidentiel].type: 'ambient-noise' is not one of" in done.err
    assert "--vocabulary FILE" in done.err  # the open scheme says how to add a concept
    assert run_cli("validate", str(case), "--vocabulary", str(vocabulary)).code == 0
    assert run_cli("validate", str(case), "--vocabulary", str(vocabulary), "--shacl").code == 0
    assert run_cli("load", str(case), store=store).code == 2 and not store.exists()
    done = run_cli("load", str(case), "--vocabulary", str(vocabulary), store=store)
    assert done.code == 0, done.err
    rows = run_cli("query", "constraints", "-f", "csv", store=store).out.splitlines()
    assert any(",registre-confidentiel," in row and ",ambient-noise," in row for row in rows), rows
    # the store keeps the concepts: a later load checks with them, without the option
    done = run_cli("load", str(case), store=store)
    assert done.code == 0 and "unchanged: " in done.err, done.err
    done = run_cli("vocabulary", "--added", "-f", "csv", store=store)
    assert done.out.splitlines() == ["scheme,notation,label_fr,label_en,added_by,open,iri",
                                     "ConstraintTypes,ambient-noise,bruit ambiant,ambient noise,barometer,yes,https://example.org/bar/noise"]
    # an export says what the barometer's concept means
    done = run_cli("export", "--format", "nt", store=store)
    turtle = done.out
    assert done.code == 0, done.err
    assert '<https://example.org/bar/noise> <http://www.w3.org/2004/02/skos/core#prefLabel> "ambient noise"@en .' in turtle
    # the report names the concept by its label
    out = tmp_path / "report.html"
    assert run_cli("report", "--case", "mairie-exemple", "--out", str(out), store=store).code == 0
    assert '"kind":"vocabulary","label":"bruit ambiant"' in out.read_text(encoding="utf-8")


def test_a_vocabulary_only_grows_once_cases_may_use_it(tmp_path):
    case = _noisy_case(tmp_path)
    both = _write(tmp_path, "both.ttl", HEAD + GOOD + MORE)
    fewer = _write(tmp_path, "fewer.ttl", HEAD + GOOD)
    store = tmp_path / "store"
    assert run_cli("load", str(case), "--vocabulary", str(both), store=store).code == 0
    before = run_cli("export", "--format", "nt", store=store).out
    done = run_cli("load", str(case), "--vocabulary", str(fewer), store=store)
    assert done.code == 2, done.err
    assert done.err.startswith(f"{fewer}:1: concepts: https://example.org/bar/mobile (SiteTypes 'mobile-unit', in the "
                               "store's vocabulary) is missing"), done.err
    assert run_cli("export", "--format", "nt", store=store).out == before
    assert "mobile-unit" in run_cli("vocabulary", "--added", "-f", "csv", store=store).out
    # a notation moved is refused too; labels may change
    relabelled = _write(tmp_path, "relabelled.ttl", HEAD + GOOD.replace("ambient noise", "background noise") + MORE)
    assert run_cli("load", str(case), "--vocabulary", str(relabelled), store=store).code == 0
    assert "background noise" in run_cli("vocabulary", "--added", "-f", "csv", store=store).out
    renamed = _write(tmp_path, "renamed.ttl", HEAD + GOOD + MORE.replace('"mobile-unit"', '"mobile"'))
    done = run_cli("load", str(case), "--vocabulary", str(renamed), store=store)
    assert done.code == 2 and "(SiteTypes 'mobile-unit', in the store's vocabulary) is now SiteTypes 'mobile'" in done.err, done.err


def test_a_new_concept_makes_the_cases_be_checked_again(tmp_path):
    store = tmp_path / "store"
    first = _write(tmp_path, "v1.ttl", HEAD + GOOD)
    grown = _write(tmp_path, "v2.ttl", HEAD + GOOD + MORE)
    assert run_cli("load", str(MAIRIE), "--vocabulary", str(first), store=store).code == 0
    assert "unchanged: " in run_cli("load", str(MAIRIE), store=store).err
    done = run_cli("load", str(MAIRIE), "--vocabulary", str(grown), store=store)
    assert done.code == 0 and "loaded: " in done.err and "unchanged" not in done.err, done.err


def test_an_rdf_case_may_name_a_barometers_concept_when_its_vocabulary_is_given(tmp_path):
    store = tmp_path / "store"
    assert run_cli("load", str(MAIRIE), store=store).code == 0
    turtle = run_cli("export", "--case", "mairie-exemple", "--format", "ttl", "--no-verdicts", store=store).out
    concept = "https://w3id.org/graphmap/vocab/constraint-secured-data"
    assert turtle.count(concept) + turtle.count("gmv:constraint-secured-data") == 1
    case = _write(tmp_path, "bruit.ttl", turtle.replace(concept, "https://example.org/bar/noise")
                  .replace("gmv:constraint-secured-data", "<https://example.org/bar/noise>"))
    vocabulary = _write(tmp_path, "v.ttl", HEAD + GOOD)
    done = run_cli("validate", str(case))
    assert done.code == 2 and "bruit.ttl:" in done.err and "Traceback" not in done.err, done.err
    done = run_cli("validate", str(case), "--vocabulary", str(vocabulary))
    assert done.code == 0, done.err


def test_a_rubric_may_weigh_a_characteristic_the_barometer_added(tmp_path):
    """Extending the task characteristics is what makes a barometer's rubric able to weigh them."""
    characteristic = _write(tmp_path, "v.ttl", HEAD + """bar:seasonal a skos:Concept ; skos:inScheme gmv:TaskCharacteristics ;
    skos:notation "seasonal" ; skos:prefLabel "saisonnière"@fr , "seasonal"@en .
""")
    rubric = (ROOT / "ontology" / "rubric.ttl").read_text(encoding="utf-8")
    marker = "gm:characteristic gmv:char-recurrent"
    assert marker in rubric
    custom = _write(tmp_path, "rubric.ttl", rubric.replace(marker, "gm:characteristic <https://example.org/bar/seasonal>", 1))
    store = tmp_path / "store"
    done = run_cli("load", str(MAIRIE), "--rubric", str(custom), store=store)
    assert done.code == 2 and "is not a task characteristic" in done.err, done.err
    done = run_cli("load", str(MAIRIE), "--rubric", str(custom), "--vocabulary", str(characteristic), store=store)
    assert done.code == 0, done.err
    assert "seasonal" in run_cli("rubric", "-f", "csv", store=store).out


def test_every_closed_scheme_is_one_the_rules_read():
    from graphmap.model.extension import open_schemes
    from graphmap.model.vocabulary import GMV

    closed = {GMV.UsageStatuses, GMV.UsageAttestations, GMV.WorkKinds, GMV.MaturityLevels, GMV.IndicatorKinds,
              GMV.NonUsageCategories, GMV.RecommendationAreas, GMV.UsageFrequencies}
    assert not closed & set(open_schemes())
    assert {GMV.ConstraintTypes, GMV.SupportTypes, GMV.SiteTypes, GMV.TaskCharacteristics} <= set(open_schemes())


def test_what_a_concept_may_say_both_stores_keep():
    """Neo4j keeps only what the ontology declares: every predicate a vocabulary file may use is."""
    from graphmap.model.extension import ALLOWED
    from graphmap.model.pgmapping import pg_mapping
    from rdflib.namespace import RDF

    mapping = pg_mapping()
    known = set(mapping.node_props) | set(mapping.rel_types)
    assert ALLOWED - {RDF.type} <= known


def test_concepts_in_force_follow_the_vocabulary_and_go_back(tmp_path):
    from graphmap.model.extension import read_vocabulary
    from graphmap.model.vocabulary import GMV, put_in_force, scheme_concepts

    graph = read_vocabulary(_write(tmp_path, "v.ttl", HEAD + GOOD))
    assert "ambient-noise" not in scheme_concepts(GMV.ConstraintTypes)
    put_in_force(graph)
    assert str(scheme_concepts(GMV.ConstraintTypes)["ambient-noise"]) == "https://example.org/bar/noise"
    put_in_force(None)
    assert "ambient-noise" not in scheme_concepts(GMV.ConstraintTypes)


@pytest.mark.neo4j
def test_a_barometers_concepts_on_neo4j(tmp_path, neo4j_store):
    case = _noisy_case(tmp_path)
    both = _write(tmp_path, "both.ttl", HEAD + GOOD + MORE)
    fewer = _write(tmp_path, "fewer.ttl", HEAD + GOOD)
    env = neo4j_env()
    assert run_cli("load", str(case), "-b", "neo4j", env=env).code == 2
    done = run_cli("load", str(case), "-b", "neo4j", "--vocabulary", str(both), env=env)
    assert done.code == 0, done.err
    assert run_cli("load", str(case), "-b", "neo4j", env=env).code == 0  # kept by the server
    rows = run_cli("query", "constraints", "-b", "neo4j", "-f", "csv", "--param", "case=mairie-exemple", env=env).out
    assert ",ambient-noise," in rows, rows
    turtle = run_cli("export", "-b", "neo4j", "--format", "nt", env=env).out
    assert '<https://example.org/bar/noise> <http://www.w3.org/2004/02/skos/core#prefLabel> "ambient noise"@en .' in turtle
    listed = run_cli("vocabulary", "-b", "neo4j", "--added", "-f", "csv", env=env).out
    assert "ambient-noise" in listed and "mobile-unit" in listed, listed
    done = run_cli("load", str(case), "-b", "neo4j", "--vocabulary", str(fewer), env=env)
    assert done.code == 2 and "is missing" in done.err, done.err
    assert "mobile-unit" in run_cli("vocabulary", "-b", "neo4j", "--added", "-f", "csv", env=env).out


def test_a_workbook_offers_and_reads_a_barometers_concepts(tmp_path):
    from openpyxl import load_workbook

    vocabulary = _write(tmp_path, "v.ttl", HEAD + GOOD)
    blank = tmp_path / "blank.xlsx"
    assert run_cli("workbook", "new", "--out", str(blank), "--vocabulary", str(vocabulary)).code == 0
    cells = {str(c.value) for sheet in load_workbook(blank).worksheets for row in sheet.iter_rows() for c in row}
    assert "ambient-noise" in cells  # in the drop-down lists
    case = _noisy_case(tmp_path)
    filled, back = tmp_path / "case.xlsx", tmp_path / "back.yaml"
    assert run_cli("workbook", "write", str(case), "--out", str(filled)).code == 2
    assert run_cli("workbook", "write", str(case), "--out", str(filled), "--vocabulary", str(vocabulary)).code == 0
    done = run_cli("workbook", "read", str(filled), "--out", str(back))
    assert done.code == 2 and "case.xlsx:Contraintes!F2: type de contrainte: 'ambient-noise' is not one of" in done.err, done.err
    assert not back.exists()
    assert run_cli("workbook", "read", str(filled), "--out", str(back), "--vocabulary", str(vocabulary)).code == 0
    assert "type: ambient-noise" in back.read_text(encoding="utf-8")


def test_the_checks_follow_the_concepts_in_force_within_one_process(tmp_path):
    """A library user (or a long process) changing the concepts in force gets checks that follow,
    SHACL shapes of RDF cases included: every cache derived from the ontology is emptied."""
    from graphmap.errors import CaseError
    from graphmap.intake.load import check_case
    from graphmap.model.extension import read_vocabulary
    from graphmap.model.vocabulary import put_in_force

    store = tmp_path / "store"
    assert run_cli("load", str(MAIRIE), store=store).code == 0
    turtle = run_cli("export", "--case", "mairie-exemple", "--format", "ttl", "--no-verdicts", store=store).out
    case = _write(tmp_path, "bruit.ttl", turtle.replace("gmv:constraint-secured-data", "<https://example.org/bar/noise>")
                  .replace("https://w3id.org/graphmap/vocab/constraint-secured-data", "https://example.org/bar/noise"))
    yaml_case = _noisy_case(tmp_path)
    for path in (case, yaml_case):
        with pytest.raises(CaseError):
            check_case(path, shacl=True)
    put_in_force(read_vocabulary(_write(tmp_path, "v.ttl", HEAD + GOOD)))
    for path in (case, yaml_case):
        assert check_case(path, shacl=True).case.id == "mairie-exemple"
    put_in_force(None)
    for path in (case, yaml_case):
        with pytest.raises(CaseError):
            check_case(path, shacl=True)
