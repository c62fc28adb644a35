"""What the reference study says must come out of the queries on the seed case."""

from __future__ import annotations

import pytest

from graphmap.query.named import named_queries, run_query

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


CASE_QUERIES = sorted(set(named_queries()) - {"rubric"})  # the rubric is not a fact of a case


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
