"""Cases written in Turtle: the case id obeys the YAML rule, a case says nothing on a product
or on another case's entities, and files of graphmap 0.1 (tools shared by every case) are read
as today's."""

from __future__ import annotations

import pytest
from rdflib.compare import isomorphic

from graphmap.model.caseformat import case_format
from graphmap.errors import CaseError
from graphmap.intake.load import check_case, load_cases
from graphmap.model.vocabulary import GM

from conftest import SEED

HEAD = """@prefix gm: <https://w3id.org/graphmap/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def _study(case_id: str) -> str:
    return f'<https://w3id.org/graphmap/id/{case_id}/_study> a gm:Study ;\n    dcterms:identifier "{case_id}" ;\n    rdfs:label "Étude"@fr .\n'


def _problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "case.ttl"
    path.write_text(HEAD + text, encoding="utf-8")
    with pytest.raises(CaseError) as info:
        check_case(path)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("case_id", ["_reviews", "_rubric", "_ontology", "_product", "tools", "Upper", "a b", "-dash", "x" * 81, "nl\n"])
def test_a_case_id_outside_the_yaml_rule_is_refused_in_turtle(tmp_path, case_id):
    escaped = case_id.replace("\n", "\\n")
    text = f'<https://w3id.org/graphmap/id/s/_study> a gm:Study ;\n    dcterms:identifier "{escaped}" ;\n    rdfs:label "Étude"@fr .\n'
    problems = _problems(tmp_path, text)
    assert len(problems) == 1 and ": case: case id " in problems[0] and problems[0].startswith(f"{tmp_path}/case.ttl:4:"), problems


@pytest.mark.parametrize("statement", [
    '<https://w3id.org/graphmap/id/_product/chatgpt-pro> gm:hosting "Serveurs américains"@fr .',
    '<https://w3id.org/graphmap/id/_product/chatgpt-pro> rdfs:label "ChatGPT"@fr .',
    '<https://w3id.org/graphmap/id/_product/chatgpt-pro> dcterms:identifier "autre-chose" .',
    '<https://w3id.org/graphmap/id/_product/chatgpt-pro> a gm:AITool .',
])
def test_a_case_may_say_nothing_on_a_product_but_its_type_and_id(tmp_path, statement):
    problems = _problems(tmp_path, _study("t") + statement + "\n")
    assert any("a product carries only its type and identifier" in p for p in problems), problems


@pytest.mark.parametrize("target", ["<https://w3id.org/graphmap/id/sante-publique-2026/chatgpt-pro>", "<https://w3id.org/graphmap/id/tools2/excel>", "<https://w3id.org/graphmap/id/autre/role-a>"])
def test_a_case_may_not_point_at_another_case_entity(tmp_path, target):
    text = _study("t") + f'<https://w3id.org/graphmap/id/t/usage-a> gm:usesTool {target} .\n'
    problems = _problems(tmp_path, text)
    assert any("a case refers only to its own entities and to products" in p for p in problems), problems


def test_a_turtle_case_of_graphmap_0_1_is_read_as_today(tmp_path, empty_store):
    """Tools then lived under id/tools/ and id/ai_tools/ for every case: each becomes the case's own."""
    fmt = case_format()
    today = check_case(SEED).graph
    own = f"{fmt.base_iri}sante-publique-2026/"
    sections = {e.id: e.section for e in check_case(SEED).case.entities.values()}
    old_text = today.serialize(format="nt")
    lines = []
    for line in old_text.splitlines():
        if f"<{GM.product}>" in line or line.startswith(f"<{fmt.product_base}"):
            continue  # 0.1 had no products
        for tool, section in sections.items():
            if section in ("tools", "ai_tools"):
                line = line.replace(f"<{own}{tool}>", f"<{fmt.base_iri}{section}/{tool}>")
                line = line.replace(f"<{own}{tool}/_quote/", f"<{fmt.base_iri}{section}/{tool}/_quote/")
        lines.append(line)
    assert any("/id/ai_tools/chatgpt-pro>" in line for line in lines)
    path = tmp_path / "seed-0.1.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked = check_case(path)
    assert isomorphic(checked.graph, today)
    load_cases([path], empty_store)
    assert isomorphic(empty_store.export_case("sante-publique-2026"), today)


@pytest.mark.parametrize("case_id", ["2024-enquete", "zz-cas"])
def test_the_entities_of_a_turtle_case_are_its_own_and_not_the_products(tmp_path, case_id):
    fmt = case_format()
    text = _study(case_id) + f"""<{fmt.base_iri}{case_id}/excel> a gm:Tool ;
    dcterms:identifier "excel" ; rdfs:label "Excel"@fr ; gm:source <{fmt.base_iri}{case_id}/_section/1> ;
    gm:product <{fmt.product_iri("excel")}> .
<{fmt.product_iri("excel")}> a gm:Product ; dcterms:identifier "excel" .
<{fmt.base_iri}{case_id}/_section/1> a gm:SourceSection ; gm:sectionNumber "1" ;
    dcterms:isPartOf <{fmt.base_iri}{case_id}/_study> ; dcterms:title "Un"@fr .
"""
    path = tmp_path / "case.ttl"
    path.write_text(HEAD + text, encoding="utf-8")
    checked = check_case(path)
    assert {e.id: e.section for e in checked.case.entities.values()} == {"excel": "Tool"}
    # an entity whose line is found when asked is the entity of those values, here and sent to a worker
    import pickle

    from graphmap.intake.casefile import Entity

    entity = checked.case.entities["excel"]
    plain = Entity("Tool", "excel", {}, 7)  # (after the prefixes and the study)
    assert entity.line == 7 and entity == plain and plain == entity and pickle.loads(pickle.dumps(entity)) == plain
    assert entity != Entity("Tool", "excel", {}, 8)


# --- lines of an RDF case: counted on line feeds only, each looked up from one index of the text
# (issue 18, item 5: a 680 kB Turtle case took 134 s, each term scanned line by line) ------------

import random  # noqa: E402
import re  # noqa: E402

from rdflib import URIRef  # noqa: E402

from graphmap.intake.rdf_case import TermLines, _first_line  # noqa: E402

BREAKS = {"line-separator": "\u2028", "paragraph-separator": "\u2029", "next-line": "\u0085",
          "all-three": "\u2028\u2029\u0085"}


@pytest.mark.parametrize("name", sorted(BREAKS))
@pytest.mark.parametrize("where", ["label", "long-literal"])
def test_a_unicode_line_break_in_a_literal_does_not_shift_the_lines_after_it(tmp_path, name, where):
    """RDF parsers count lines on line feeds: so do the problems (splitlines() also broke on these)."""
    text = _study("t").replace('"Étude"@fr', f'"Étude{BREAKS[name] * 3}suite"@fr')
    if where == "long-literal":
        text += f'<https://w3id.org/graphmap/id/t/r> a gm:Role ;\n    rdfs:comment """un{BREAKS[name]}deux\n{BREAKS[name]}trois""" .\n'
    text += "<https://w3id.org/graphmap/id/t/role-b> a gm:Role ;\n    gm:notAProperty \"x\" .\n"
    text += "<https://w3id.org/graphmap/id/autre/role-c> a gm:Role .\n"
    lines = (HEAD + text).split("\n")
    bad_property = next(n for n, line in enumerate(lines, 1) if "gm:notAProperty" in line)
    elsewhere = next(n for n, line in enumerate(lines, 1) if "/autre/role-c" in line)
    problems = _problems(tmp_path, text)
    assert any(p.startswith(f"{tmp_path}/case.ttl:{bad_property}: https://w3id.org/graphmap/ontology#notAProperty: ") for p in problems), problems
    assert any(p.startswith(f"{tmp_path}/case.ttl:{elsewhere}: https://w3id.org/graphmap/id/autre/role-c: not under ") for p in problems), problems


@pytest.mark.parametrize("spelling", ["full-iris", "prefixed-names"])
def test_the_problems_of_a_case_of_many_entities_are_on_their_lines(tmp_path, spelling):
    base = "https://w3id.org/graphmap/id/t/"
    name = (lambda local: f"<{base}{local}>") if spelling == "full-iris" else (lambda local: f"c:{local}")
    body = [f"@prefix c: <{base}> .\n", _study("t")]
    for i in range(3000):
        body.append(f'{name(f"role-{i}")} a gm:Role ;\n    dcterms:identifier "role-{i}" ;\n    rdfs:label "Rôle {i}\u2028bis"@fr .\n')
    body.insert(1500, f'{name("role-1")} gm:notAProperty "x" .\n')  # role-1 is also a prefix of role-10...
    body.append('<https://w3id.org/graphmap/id/autre/role-9> a gm:Role .\n')
    problems = _problems(tmp_path, "".join(body))
    lines = (HEAD + "".join(body)).split("\n")
    bad = next(n for n, line in enumerate(lines, 1) if "notAProperty" in line)
    other = next(n for n, line in enumerate(lines, 1) if "/autre/role-9" in line)
    assert f"{tmp_path}/case.ttl:{bad}: https://w3id.org/graphmap/ontology#notAProperty: not a property of the graphmap ontology" in problems
    assert any(p.startswith(f"{tmp_path}/case.ttl:{other}: https://w3id.org/graphmap/id/autre/role-9: not under ") for p in problems)


def test_a_relative_iri_is_found_on_its_line(tmp_path):
    """A relative IRI (``<task-1>``, resolved by rdflib's parser against the file) is named on the
    line that writes it (it was given line 1: its local name followed '<', not a delimiter)."""
    text = _study("t") + "\n\n<task-1> a gm:Task .\n"
    line = (HEAD + text).split("\n").index("<task-1> a gm:Task .") + 1
    problems = _problems(tmp_path, text)
    assert any(p.startswith(f"{tmp_path}/case.ttl:{line}: ") and "task-1: not under " in p for p in problems), problems


def test_a_name_is_not_found_inside_a_longer_name_with_a_hyphen(tmp_path):
    """An entity ``t`` of case ``t-exemple`` is named on its own line, not on the prefix line where
    ``t-exemple`` is written (a hyphen goes on a name: so were ``mairie`` and ``mairie-exemple``)."""
    base = "https://w3id.org/graphmap/id/t-exemple/"
    text = f"@prefix c: <{base}> .\n" + _study("t-exemple") + "\nc:t a gm:Role .\n"  # (no id, no label: refused)
    line = (HEAD + text).split("\n").index("c:t a gm:Role .") + 1
    problems = _problems(tmp_path, text)
    assert any(p.startswith(f"{tmp_path}/case.ttl:{line}: ") for p in problems), problems
    index = TermLines("a:task-1-bis\nb:task-1 .\n")
    assert index.line("https://x.org/task-1") == 2 and index.line("https://x.org/task-1-bis") == 1


@pytest.mark.parametrize("statement, problem", [
    ('c:mairie gm:unitOf 1, "deux" .', 'mairie.unit_of: must be a reference to an entity (1)'),
    ('c:mairie gm:sectionNumber <https://example.org/x> .', 'must be a value, not a reference (https://example.org/x)'),
    ('c:mairie gm:sectionNumber "1", "2" .', 'sectionNumber: only one value is allowed'),
    ('_:x gm:sectionNumber "3" .', 'a blank node cannot be an entity of a case'),
], ids=["literal-on-a-link", "reference-as-a-value", "two-values", "blank-node"])
def test_what_the_shapes_pass_but_no_store_could_hold_is_refused_for_every_store(tmp_path, statement, problem):
    """The shapes are open: a property of another class, with any value, passed them, loaded into
    the embedded store and stopped a Neo4j load with a traceback. Refused, located, before any store."""
    base = "https://w3id.org/graphmap/id/t/"
    text = f"@prefix c: <{base}> .\n" + _study("t") + f"""c:mairie a gm:Organisation ; dcterms:identifier "mairie" ;
    rdfs:label "Mairie"@fr ; gm:source <{base}_section/1> .
<{base}_section/1> a gm:SourceSection ; gm:sectionNumber "1" ; dcterms:isPartOf c:_study ; dcterms:title "Un"@fr .
"""
    path = tmp_path / "case.ttl"
    path.write_text(HEAD + text, encoding="utf-8")
    check_case(path)  # the case without the statement is valid
    problems = _problems(tmp_path, text + statement + "\n")
    assert any(problem in p for p in problems), problems
    from graphmap.stores import EmbeddedStore

    with EmbeddedStore(tmp_path / "store") as store:
        with pytest.raises(CaseError):
            load_cases([path], store)
        assert store.cases() == []  # refused before anything is written


def _first_line_by_scanning(text: str, term: str) -> int:
    """The rule, one line after the other: the IRI written in full, else its local name after
    ':', '/', '"' or '<' ending a name (letters, digits, '_' and '-')."""
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if term in line:
            return number
    local = re.split(r"[#/]", term)[-1]
    for number, line in enumerate(lines, start=1):
        end = r"(?![\w-])" if local and (local[-1].isalnum() or local[-1] in "_-") else r"(?=[\w-])"
        if re.search(rf"[:/\"<]{re.escape(local)}{end}", line):
            return number
    return 1


PIECES = ["a", "b", "1", "-", "_", "é", ":", "/", '"', "#", " ", "\n", "<", ">", ".", "task", "task-1", "task-10", "u1",
          "https://x.org/", "https://x.org/task/", "urn:", "ex:", "\u2028", "\r", "%20", "(", "xhttps:"]


@pytest.mark.parametrize("seed", range(6))
def test_the_index_finds_the_line_the_scan_finds(seed):
    rng = random.Random(seed)
    for _ in range(150):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 300)))
        terms = {rng.choice(["https://x.org/", "https://x.org/a#", "https://x.org/task/", "urn:", "ex:", "", "a:b/"])
                 + "".join(rng.choice(["a", "1", "-", "_", "é", "task", "u1", ".", " ", ":"]) for _ in range(rng.randint(0, 4)))
                 for _ in range(15)}
        start = rng.randint(0, len(text))
        terms.add(text[start:start + rng.randint(0, 20)])
        index = TermLines(text)
        for term in sorted(terms):
            assert index.line(term) == _first_line_by_scanning(text, term), (text, term)
            assert _first_line(text.split("\n"), URIRef(term)) == index.line(term)


@pytest.mark.parametrize("count", [3, 20, 21, 25, 2_500], ids=lambda n: f"{n}-values")
def test_many_wrong_values_of_one_field_are_shown_twenty_then_counted(tmp_path, count):
    """1 MB of Turtle can give an entity 150,000 wrong labels: one line each said the same thing
    150,000 times (and took a second to write). Of one field's values wrong in one way, 20 are
    shown, then one line counts the rest, last; below 300 suspects pySHACL words them, past
    2,000 values the quick check: both alike. Other fields and other mistakes keep their lines."""
    from conftest import run_here

    base = "https://w3id.org/graphmap/id/t/"
    labels = ", ".join(str(i) for i in range(count))
    text = f"@prefix c: <{base}> .\n" + _study("t") + f"""c:mairie a gm:Organisation ; dcterms:identifier "mairie" ;
    rdfs:label "Mairie"@fr, {labels} ; gm:source <{base}_section/1> .
c:unite a gm:Unit ; dcterms:identifier "unite" ; rdfs:label 1, 2 ; gm:unitOf c:mairie ; gm:source <{base}_section/1> .
<{base}_section/1> a gm:SourceSection ; gm:sectionNumber "1" ; dcterms:isPartOf c:_study ; dcterms:title "Un"@fr .
"""
    path = tmp_path / "case.ttl"
    path.write_text(HEAD + text, encoding="utf-8")
    run = run_here("validate", str(path))
    assert run.code == 2 and "Traceback" not in run.err, run.err
    lines = run.err.splitlines()
    mairie = [line.split(": mairie.label: ")[1] for line in lines if ": mairie.label: " in line]
    if count <= 20:
        assert mairie == sorted(f"value of the wrong type ({i})" for i in range(count))
    shown = mairie[:min(count, 20)]
    assert len(shown) == min(count, 20) and shown == sorted(shown)
    assert set(shown) <= {f"value of the wrong type ({i})" for i in range(count)}
    assert mairie[20:] == ([f"value of the wrong type: {count - 20:,} more values like these, not shown"] if count > 20 else [])
    assert [line.split(": unite.label: ")[1] for line in lines if ": unite.label: " in line] == [
        "value of the wrong type (1)", "value of the wrong type (2)"]


def _town_hall(tmp_path, statements: str):
    base = "https://w3id.org/graphmap/id/t/"
    text = f"@prefix c: <{base}> .\n" + _study("t") + f"""c:mairie a gm:Organisation ; dcterms:identifier "mairie" ;
    rdfs:label "Mairie"@fr ; gm:source <{base}_section/1> .
<{base}_section/1> a gm:SourceSection ; gm:sectionNumber "1" ; dcterms:isPartOf c:_study ; dcterms:title "Un"@fr .
{statements}
"""
    path = tmp_path / "case.ttl"
    path.write_text(HEAD + text, encoding="utf-8")
    return path


def test_wrong_values_past_the_first_are_counted_not_made_and_the_case_is_still_refused(tmp_path):
    """A run of values surely of the wrong type (a number where a text in a language is due) is
    made into rdflib's terms up to 20, then counted (138,000 took 0.8 s to make). Here the run
    starts with 25 right labels: the wrong ones after them still refuse the case, every one counted."""
    from graphmap.intake.rdf_case import read_rdf_case

    languages = [a + b for a in "abcde" for b in "abcde"]  # 25 languages, a label in each
    right = ", ".join(f'"Mairie {code}"@{code}' for code in languages)
    path = _town_hall(tmp_path, f"c:mairie rdfs:label {right}, " + ", ".join(str(i) for i in range(3_000)) + " .")
    _, graph, _ = read_rdf_case(path)
    assert list(graph.store.left_out.values()) == [3_000 - 20]  # (the first 20 wrong ones made)
    problems = [str(p) for p in pytest.raises(CaseError, check_case, path).value.problems]
    wrong = [p for p in problems if ": mairie.label: value of the wrong type" in p]
    assert len(wrong) == 21 and wrong[-1].endswith("mairie.label: value of the wrong type: 2,980 more values like these, not shown")


def test_a_long_run_of_right_values_is_kept_whole(tmp_path):
    """3,000 distinct texts on one usage (the example as Turtle) are all kept, loaded and exported
    again (none counted out); so are 3,000 number labels on a node whose class asks nothing of a
    label's type (a source section: the property graph refuses them, as before)."""
    from rdflib import RDFS, URIRef

    from conftest import run_cli
    from graphmap.intake.rdf_case import read_rdf_case

    store = tmp_path / "store"
    assert run_cli("load", "tests/data/valid/mairie-exemple.yaml", store=store).code == 0
    turtle = run_cli("export", "--case", "mairie-exemple", "-f", "ttl", "--no-verdicts", store=store).out
    benefits = ", ".join(f'"gain {i}"@fr' for i in range(3_000))
    path = tmp_path / "mairie.ttl"
    path.write_text(turtle + f"\n<https://w3id.org/graphmap/id/mairie-exemple/usage-actes> <{GM.benefit}> {benefits} .\n",
                    encoding="utf-8")
    again = tmp_path / "again"
    assert run_cli("load", str(path), store=again).code == 0
    exported = run_cli("export", "--case", "mairie-exemple", "-f", "nt", "--no-verdicts", store=again).out
    assert sum(f'"gain {i}"@fr' in exported for i in range(3_000)) == 3_000
    base = "https://w3id.org/graphmap/id/t/"
    numbers = ", ".join(str(i) for i in range(3_000))
    path = _town_hall(tmp_path, f"<{base}_section/1> rdfs:label {numbers} .")
    _, graph, _ = read_rdf_case(path)
    assert graph.store.left_out == {} and len(list(graph.objects(URIRef(f"{base}_section/1"), RDFS.label))) == 3_000
    problems = [str(p) for p in pytest.raises(CaseError, check_case, path).value.problems]
    assert any("only one value is allowed" in p for p in problems), problems


@pytest.mark.parametrize("statement, message", [
    ("<task-1> a gm:Task .", "malformed Turtle: No scheme found in an absolute IRI (a relative IRI: write it whole, or declare @base)"),
    ('c:mairie rdfs:label "open .', "malformed Turtle: Unexpected end of file"),
], ids=["relative-iri", "open-literal"])
def test_a_big_turtle_file_oxigraph_refuses_gets_its_message_at_once(tmp_path, statement, message):
    """Past 256,000 characters, Turtle that Oxigraph's parser refuses is not read again by
    rdflib's (1 MB of numbers with a relative IRI or an open literal at its end took it 3.2-3.8 s):
    Oxigraph's message, on the line of the fault. A small file keeps rdflib's reading."""
    from conftest import run_here

    path = _town_hall(tmp_path, "# " + "x" * 300_000 + "\n" + statement)
    line = path.read_text(encoding="utf-8").count("\n")
    run = run_here("validate", str(path))
    assert run.code == 2 and run.err.splitlines() == [f"{path}:{line}: turtle: {message}"], run.err
    small = _town_hall(tmp_path, statement)
    assert "No scheme" not in run_here("validate", str(small)).err and "Unexpected end" not in run_here("validate", str(small)).err


@pytest.mark.parametrize("extra, message", [
    ({"@id": "tache-1", "@type": "https://w3id.org/graphmap/ontology#Task"},
     "a relative IRI ('tache-1'): write it whole, or give @base"),
    ({"@id": "https://w3id.org/graphmap/id/t/mairie", "https://w3id.org/graphmap/ontology#staffSize": 2.5},
     "a number with a fraction or an exponent (2.5): graphmap's properties take none; write a whole number, or the value as a text"),
    ({"@id": "https://w3id.org/graphmap/id/t/g", "@graph": [{"@id": "https://w3id.org/graphmap/id/t/mairie",
                                                               "https://w3id.org/graphmap/ontology#staffSize": 3}]},
     "a named graph: a case file's statements are in its default graph"),
], ids=["relative-iri", "fraction", "named-graph"])
def test_a_big_json_ld_file_oxigraph_reads_otherwise_than_rdflib_is_refused_at_once(tmp_path, extra, message):
    """Past 256,000 characters, JSON-LD that Oxigraph's parser reads otherwise than rdflib's (a
    relative IRI, a number with a fraction, a named graph) is not read again by rdflib's (1 MB of
    numbers with one of them took it 3.0-3.2 s): one located problem. A small file keeps rdflib's reading."""
    import json

    from rdflib import Graph

    turtle = _town_hall(tmp_path, "").read_text(encoding="utf-8")
    document = json.loads(Graph().parse(data=turtle, format="turtle").serialize(format="json-ld"))
    for padding in ("", "x" * 300_000):
        path = tmp_path / f"case{len(padding)}.jsonld"
        path.write_text(json.dumps([*document, extra, {"padding": padding}], indent=1), encoding="utf-8")  # (an unmapped key: no triple)
        text = path.read_text(encoding="utf-8")
        if padding:
            problems = [str(p) for p in pytest.raises(CaseError, check_case, path).value.problems]
            needle = message.split("(")[1].split(")")[0].strip("'") if "(" in message else extra["@id"]
            line = text[:text.find(needle)].count("\n") + 1
            assert problems == [f"{path}:{line}: json-ld: {message}"], problems
        else:
            try:
                check_case(path)
            except CaseError as exc:
                assert not any(message in str(p) for p in exc.problems), exc.problems


def test_wrong_values_spread_over_many_nodes_are_made_up_to_a_budget_and_all_counted(tmp_path):
    """Twenty wrong labels on each of 300 units (6,600 units that way in 1 MB took 4.1 s): each
    unit's first label is made, then 2,000 more in all; every other one is counted, and each
    unit's lines still account for its 20 values."""
    import re

    from graphmap.intake.rdf_case import read_rdf_case

    base = "https://w3id.org/graphmap/id/t/"
    units = "\n".join(f"c:u{u} a gm:Unit ; rdfs:label " + ", ".join(str(20 * u + k) for k in range(20)) + " ."
                      for u in range(300))
    path = _town_hall(tmp_path, units)
    _, graph, _ = read_rdf_case(path)
    assert sum(graph.store.left_out.values()) == 300 * 20 - 300 - 2_000
    problems = [str(p) for p in pytest.raises(CaseError, check_case, path).value.problems]
    for u in range(300):
        mine = [p for p in problems if f"{base}u{u}.label: value of the wrong type" in p]
        counted = [int(m.group(1)) for p in mine if (m := re.search(r": (\d+) more values like these", p))]
        assert len(mine) - len(counted) + sum(counted) == 20, mine


def test_a_big_json_ld_file_in_another_context_is_refused_at_once(tmp_path):
    """JSON-LD in a context of its own is rdflib's to read (Oxigraph's parser crashed on some):
    past 256,000 characters, one line says to write it as graphmap export does (rdflib's parser
    took 3.4 s for 1 MB of numbers); a small one is read."""
    import json

    from rdflib import Graph

    turtle = _town_hall(tmp_path, "").read_text(encoding="utf-8")
    document = json.loads(Graph().parse(data=turtle, format="turtle").serialize(format="json-ld"))
    for padding in ("", "x" * 300_000):
        path = tmp_path / f"case{len(padding)}.jsonld"
        path.write_text(json.dumps({"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"},
                                    "@graph": [*document, {"padding": padding}]}), encoding="utf-8")
        if padding:
            problems = [str(p) for p in pytest.raises(CaseError, check_case, path).value.problems]
            assert problems == [f"{path}:1: json-ld: a JSON-LD case of more than 256,000 characters is read with graphmap's "
                                "own context only: write it as graphmap export does, or as Turtle"]
        else:
            assert check_case(path).case.id == "t"


@pytest.mark.parametrize("count", [1, 3_000])
def test_a_number_whose_text_is_not_one_is_one_located_line_and_no_traceback(tmp_path, count):
    """rdflib logged a warning with a traceback (7 lines on the terminal) for each literal its
    datatype cannot read ("a0"^^xsd:integer); 45,000 took 4 s. graphmap's own line says it."""
    from conftest import run_cli

    values = ", ".join(f'"a{i}"^^<http://www.w3.org/2001/XMLSchema#integer>' for i in range(count))
    path = _town_hall(tmp_path, f"c:mairie gm:staffSize {values} .")
    run = run_cli("validate", str(path))
    assert run.code == 2 and "Traceback" not in run.err and "Failed to convert" not in run.err, run.err[:2000]
    assert all(line.startswith(f"{path}:") for line in run.err.splitlines()), run.err[:2000]
    assert ": mairie.staff: value of the wrong type (a0)" in run.err


@pytest.mark.parametrize("kind", ["property", "class", "subject"])
def test_problems_of_one_kind_past_twenty_are_counted_on_one_line(tmp_path, kind):
    """91,000 unknown properties in 1 MB of Turtle took 2.7 s to locate and print, one line
    each. The first 20 of a kind are shown, then the 21st says how many more there are."""
    base = "https://w3id.org/graphmap/id/t/"
    statement = {"property": lambda i: f"c:mairie <https://example.org/p{i}> 1 .",
                 "class": lambda i: f"c:mairie a <https://example.org/C{i}> .",
                 "subject": lambda i: f"<https://example.org/s{i}> a gm:Task ."}[kind]
    message = {"property": "not a property of the graphmap ontology", "class": "not a class of the graphmap ontology",
               "subject": f"not under {base}, where the entities of case 't' live"}[kind]
    path = _town_hall(tmp_path, "\n".join(statement(i) for i in range(300)))
    problems = [str(p) for p in pytest.raises(CaseError, check_case, path).value.problems if message in p.message]
    assert len(problems) == 21 and problems[-1].endswith(f"{message}; and 279 more like it, not shown"), problems
    assert all(p.startswith(f"{path}:") and ":1:" not in p for p in problems)


def test_what_no_store_could_hold_past_twenty_of_a_kind_is_counted(tmp_path):
    """Blank nodes nested 110,000 deep (1 MB of Turtle) gave a problem each: 2.7 s. The first 20
    of a kind are shown, the 21st counts the others."""
    path = _town_hall(tmp_path, "c:mairie gm:unitOf " + "[gm:unitOf " * 300 + "1" + " ]" * 300 + " .")
    problems = [str(p) for p in pytest.raises(CaseError, check_case, path).value.problems]
    blank = [p for p in problems if "a blank node cannot be an entity of a case" in p]
    assert len(blank) == 21 and sum("; and 279 more like it, not shown" in p for p in blank) == 1, problems


def test_a_case_of_graphmap_0_1_keeps_the_count_of_its_wrong_values(tmp_path):
    """A 0.1 case (its tools under id/tools/) is rewritten into a graph of today's: the values its
    reader counted but did not make are counted still, on the tool's new IRI."""
    fmt = case_format()
    base = "https://w3id.org/graphmap/id/t/"
    tool = f"{fmt.base_iri}tools/excel"
    labels = ", ".join(str(i) for i in range(100))
    path = _town_hall(tmp_path, f"""<{tool}> a gm:Tool ; dcterms:identifier "excel" ; gm:source <{base}_section/1> ;
    rdfs:label "Excel"@fr, {labels} .""")
    problems = [str(p) for p in pytest.raises(CaseError, check_case, path).value.problems]
    wrong = [p for p in problems if "excel.label: value of the wrong type" in p]
    assert len(wrong) == 21 and wrong[-1].endswith("excel.label: value of the wrong type: 80 more values like these, not shown"), problems
