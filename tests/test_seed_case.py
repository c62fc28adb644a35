"""What the reference study says must come out of the queries on the seed case."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from graphmap.query.named import named_queries, run_query

from conftest import SEED

CASE = {"case": "sante-publique-2026"}


@pytest.fixture(scope="module")
def typology(loaded_store):
    rows = run_query(loaded_store, "role-typology", CASE).rows
    return {row["id"]: row for row in rows}


@pytest.fixture(scope="module")
def tasks(loaded_store):
    return {row["task"]: row for row in run_query(loaded_store, "standardisable-tasks", CASE).rows}


@pytest.mark.parametrize("role", ["inspecteurs", "referents-ia", "agents-reclamations"])
def test_effective_users(typology, role):
    assert typology[role]["kind"] == "role"
    assert typology[role]["typology"] == "effective-user"
    assert typology[role]["evidence"], "an effective-user verdict names the usages behind it"


@pytest.mark.parametrize("role", ["assistants", "services-supports"])
def test_exploring_roles(typology, role):
    assert typology[role]["typology"] == "exploring"


def test_assistants_vary_by_post(typology):
    row = typology["assistants"]
    assert row["reason"].startswith("variable according to posts and tasks")
    assert "poste-assistante-multitache=not-concerned" in row["evidence"]


@pytest.mark.parametrize("holder", ["poste-assistante-multitache", "logistique"])
def test_not_concerned(typology, holder):
    assert typology[holder]["typology"] == "not-concerned"


def test_documented_post_is_a_post(typology):
    assert typology["poste-assistante-multitache"]["kind"] == "post"


def test_every_typology_is_one_of_three(typology):
    assert {row["typology"] for row in typology.values()} <= {"effective-user", "exploring", "not-concerned"}


def test_measures_tables_are_standardisable(tasks):
    row = tasks["tache-tableaux-mesures"]
    assert row["standardisable"] is True
    assert row["blocking"] == []
    assert {"recurrent", "structured-inputs", "standard-deliverable"} <= set(row["criteria_met"])


def test_archive_sorting_is_not_standardisable(tasks):
    row = tasks["tache-tri-archives"]
    assert row["standardisable"] is False
    assert "item-by-item-judgement" in row["blocking"]


def test_logistics_tasks_are_physical(tasks):
    logistics = [row for row in tasks.values() if row["holder"] == "logistique"]
    assert logistics
    for row in logistics:
        assert row["standardisable"] is False
        assert "physical-work" in row["blocking"]


def test_reminders_need_tact_and_are_served_by_excel(tasks):
    row = tasks["tache-suivi-delais"]
    assert row["standardisable"] is False
    assert "relational-tact" in row["blocking"]
    assert "amelioration-rappels-excel" in row["non_ai_levers"]


def test_ai_constraints_are_reported_beside_the_verdict(tasks):
    row = tasks["tache-tri-archives"]
    assert "contrainte-donnees-sante" in row["constraints"]


CASE_QUERIES = sorted(set(named_queries()) - {"rubric", "reference-datasets", "exposure-agreement"})  # not facts of a case


@pytest.mark.parametrize("name", CASE_QUERIES)
def test_every_row_of_every_query_has_a_source(loaded_store, name):
    rows = run_query(loaded_store, name, CASE).rows
    assert rows, f"{name} returns nothing on the seed case"
    column = "section" if "section" in rows[0] else "sources"
    for row in rows:
        assert row[column], f"{name}: a row without a source section: {row}"


def test_all_six_non_usage_categories_are_documented(loaded_store):
    rows = run_query(loaded_store, "non-usage-reasons", CASE).rows
    assert {row["category"] for row in rows} == {
        "functional", "organisational", "technical", "qualitative", "responsibility-meaning", "economic-employment",
    }
    assert any(row["quotes"] for row in rows)


def test_usages_have_each_status(loaded_store):
    rows = run_query(loaded_store, "usages", CASE).rows
    assert {"effective", "experimented"} <= {row["status"] for row in rows}


def test_capsules_say_how_they_were_built(loaded_store):
    rows = run_query(loaded_store, "capsules", CASE).rows
    assert len(rows) >= 2
    for row in rows:
        assert row["deployed_in"] and row["scope"] in {"generic", "service-specific"}
        assert row["lifecycle"]


def test_maturity_is_medium_towards_strong(loaded_store):
    rows = run_query(loaded_store, "maturity", CASE).rows
    assert {(row["level"], row["towards"]) for row in rows} == {("medium", "strong")}
    assert {row["indicator_kind"] for row in rows} == {"positive", "to-progress", "not-identified"}


def test_risks_are_answered(loaded_store):
    rows = run_query(loaded_store, "risks", CASE).rows
    assert rows and any(row["mitigated_by"] for row in rows) and any(row["addressed_by"] for row in rows)


def test_every_section_of_the_study_is_used(loaded_store):
    rows = run_query(loaded_store, "evidence", CASE).rows
    used = {row["section"].split(".")[0] for row in rows}
    assert {"1", "2", "3", "4", "5", "6", "7", "8", "9", "annexe"} <= used


def test_the_typology_table_of_section_5_comes_out_of_the_facts(loaded_store):
    rows = {r["typology"]: r for r in run_query(loaded_store, "typology-table", CASE).rows}
    assert rows["effective-user"]["roles"] == ["agents-reclamations", "inspecteurs", "referents-ia"]
    assert rows["exploring"]["roles"] == ["assistants", "services-supports"]
    assert {"logistique", "metiers-diplomatie"} <= set(rows["not-concerned"]["roles"])
    assert rows["not-concerned"]["posts"] == ["poste-assistante-multitache"]
    assert sum(r["role_count"] for r in rows.values()) == 7


# --- links to occupational classifications (issue 20): what the exposure-gap query joins on ---

REFERENCE = SEED.parents[1] / "reference" / "eloundou-2024"
ONET_OCCUPATION = "https://www.onetonline.org/link/summary/"
ONET_TASK = "https://w3id.org/graphmap/reference/onet-task/"
ESCO_ISCO = re.compile(r"http://data\.europa\.eu/esco/isco/C\d{4}")


def _links(entity: dict) -> list[str]:
    """The close_match and exact_match IRIs of an entity of a case file (one IRI or a list)."""
    out = []
    for field in ("close_match", "exact_match"):
        value = entity.get(field) or []
        out += [value] if isinstance(value, str) else list(value)
    return out


def _seed_links(path: Path = SEED) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The links of the roles and of the tasks of a case file, by id."""
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    return ({r["id"]: _links(r) for r in case["roles"]}, {t["id"]: _links(t) for t in case["tasks"]})


def _onet_occupations() -> dict[str, str]:
    with (REFERENCE / "occ_level.csv").open(encoding="utf-8", newline="") as f:
        return {row["O*NET-SOC Code"]: row["Title"] for row in csv.DictReader(f)}


def _onet_tasks() -> dict[str, str]:
    with (REFERENCE / "task_labels.tsv").open(encoding="utf-8", newline="") as f:
        return {row["Task ID"]: row["O*NET-SOC Code"] for row in csv.DictReader(f, delimiter="\t")}


def test_every_seed_role_links_to_a_scored_onet_occupation():
    """Each role (and so each post, through its role) has an O*NET-SOC occupation that the
    reference data scores, so that exposure-gap has a row for it; ISCO links are ESCO IRIs."""
    occupations = _onet_occupations()
    roles, _ = _seed_links()
    assert len(roles) == 7
    for role, links in roles.items():
        codes = [iri[len(ONET_OCCUPATION):] for iri in links if iri.startswith(ONET_OCCUPATION)]
        assert codes, f"role {role} has no O*NET-SOC link"
        for code in codes:
            assert code in occupations, f"role {role}: O*NET-SOC {code} is not in occ_level.csv"
        for iri in links:
            if "esco/isco" in iri:
                assert ESCO_ISCO.fullmatch(iri), f"role {role}: {iri} is not an ISCO-08 unit group IRI"


def test_seed_tasks_link_to_known_onet_task_statements():
    """At least five tasks link to O*NET task statements, every one present in task_labels.tsv."""
    statements = _onet_tasks()
    _, tasks = _seed_links()
    linked = {}
    for task, links in tasks.items():
        ids = [iri[len(ONET_TASK):] for iri in links if iri.startswith(ONET_TASK)]
        for tid in ids:
            assert tid in statements, f"task {task}: O*NET task {tid} is not in task_labels.tsv"
        if ids:
            linked[task] = ids
    assert len(linked) >= 5, f"only {sorted(linked)} link to O*NET task statements"
    # the tasks the study documents best are among them (archive sorting, the logistics' repairs)
    assert {"tache-tri-archives", "tache-reparations"} <= set(linked)
