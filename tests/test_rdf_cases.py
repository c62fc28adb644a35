"""Cases written in Turtle: the case id obeys the YAML rule, a case says nothing on a product
or on another case's entities, and files of graphmap 0.1 (tools shared by every case) are read
as today's."""

from __future__ import annotations

import pytest
from rdflib.compare import isomorphic

from graphmap.caseformat import case_format
from graphmap.errors import CaseError
from graphmap.load import check_case, load_cases
from graphmap.vocabulary import GM

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
    assert isomorphic(empty_store.export(fmt.case_graph("sante-publique-2026")), today)


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
