"""Named queries: headers, parameters, results on every case."""

from __future__ import annotations

import pytest

from graphmap.errors import QueryError
from graphmap.model.namedqueries import LIST_SEPARATOR, tidy_lists
from graphmap.query.named import named_queries, run_query

from conftest import TEST_CASES, run_cli


def test_ai_fit_separates_four_situations(loaded_store):
    rows = {(r["case"], r["task"]): r for r in run_query(loaded_store, "ai-fit").rows}
    assert rows[("sante-publique-2026", "tache-tableaux-mesures")]["fit"] == "ai-fit"
    assert "capsule-tableaux-mesures" in rows[("sante-publique-2026", "tache-tableaux-mesures")]["ai_tools"]
    assert rows[("sante-publique-2026", "tache-parapheurs")]["fit"] == "non-ai-lever"
    assert rows[("mairie-exemple", "registre-papier")]["fit"] == "blocked"
    assert rows[("mairie-exemple", "registre-papier")]["blocking_constraints"] == ["registre-confidentiel"]
    assert rows[("sante-publique-2026", "tache-tri-archives")]["fit"] == "not-standardisable"
    assert rows[("mairie-exemple", "rappels-rdv")]["fit"] == "non-ai-lever"


def test_a_constraint_that_allows_an_approved_tool_is_not_listed_as_blocking_the_task(loaded_store):
    """ai-fit lists as blocking what the derivation engine counts as blocking: a constraint that
    keeps AI tools out but allows one is not (it was listed beside an ai-fit verdict); the
    constraints query says which tools it keeps out and which it allows (test_parity: Neo4j too)."""
    constraints = {r["constraint"]: r for r in run_query(loaded_store, "constraints", {"case": "atelier-format-2"}).rows}
    assert constraints["charte-donnees"]["blocks_ai_tools"] is True
    assert constraints["charte-donnees"]["blocks_tools"] == ["chatbot-public"]
    assert constraints["charte-donnees"]["allows_tools"] == ["assistant-valide"]
    assert constraints["donnees-visiteurs"]["allows_tools"] == []
    fit = {r["task"]: r for r in run_query(loaded_store, "ai-fit", {"case": "atelier-format-2"}).rows}
    assert fit["instruction-dossiers"]["fit"] == "ai-fit" and fit["instruction-dossiers"]["blocking_constraints"] == []
    ranked = {r["constraint"]: r for r in run_query(loaded_store, "blocking-constraints", {"case": "atelier-format-2"}).rows}
    assert ranked["charte-donnees"]["allows_tools"] == ["assistant-valide"] and ranked["donnees-visiteurs"]["allows_tools"] == []


@pytest.mark.parametrize("name", ["constraints", "ai-fit", "blocking-constraints"])
@pytest.mark.parametrize("value", ['x" } UNION { ?s ?p ?o } #', "a b", "_reviews", "tools"])
def test_the_constraint_queries_refuse_a_case_that_is_no_case_id_in_one_line(loaded_store, name, value):
    run = run_cli("query", name, "--param", f"case={value}", store=loaded_store.path)
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err and len(run.err.strip().splitlines()) == 1, run.err
    assert run.err.startswith("graphmap: --param case: ")


def test_blocking_constraints_are_ranked_by_what_they_block(loaded_store):
    rows = run_query(loaded_store, "blocking-constraints", {"case": "sante-publique-2026"}).rows
    counts = [r["tasks_blocked"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    top = rows[0]
    assert top["blocks_ai_tools"] and "tache-tri-archives" in top["tasks"]
    assert top["holders"] == ["poste-assistante-multitache"]  # it weighs on the post, hence on all its tasks
    assert top["tasks_blocked"] == len(top["tasks"]) >= 5


def test_non_ai_levers_list_what_they_serve(loaded_store):
    rows = {r["improvement"]: r for r in run_query(loaded_store, "non-ai-levers", {"case": "sante-publique-2026"}).rows}
    assert rows["amelioration-rappels-excel"]["serves"] == ["tache-suivi-delais"]
    assert rows["amelioration-signature-electronique"]["serves"] == ["tache-parapheurs"]


def test_each_query_declares_title_and_columns():
    for query in named_queries().values():
        assert query.title and query.columns and query.description


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_columns_match_the_header(loaded_store, name):
    result = run_query(loaded_store, name)
    header = list(named_queries()[name].columns)
    assert result.columns in (header, header + ["reviewed", "review", "reviewed_by"])
    for row in result.rows:
        for column in named_queries()[name].lists:
            assert isinstance(row[column], list) and row[column] == sorted(row[column])


def test_case_parameter_restricts_to_one_case(loaded_store):
    every = run_query(loaded_store, "standardisable-tasks").rows
    one = run_query(loaded_store, "standardisable-tasks", {"case": "mairie-exemple"}).rows
    assert {row["case"] for row in every} >= {"mairie-exemple", "sante-publique-2026"}
    assert one == [row for row in every if row["case"] == "mairie-exemple"]


def test_entity_parameter_binds_a_column(loaded_store):
    rows = run_query(loaded_store, "evidence", {"entity": "raison-contact"}).rows
    assert rows and {row["entity"] for row in rows} == {"raison-contact"}
    assert rows[0]["quotes"] == ["Chaque usager arrive avec son histoire."]


def test_parameter_values_are_bound_not_pasted(loaded_store):
    hostile = '" } } DROP ALL ; SELECT * WHERE { ?s ?p "'
    assert run_query(loaded_store, "evidence", {"entity": hostile}).rows == []
    assert run_query(loaded_store, "evidence", {"entity": "raison-contact"}).rows


def test_unknown_query_and_parameter_are_refused(loaded_store):
    with pytest.raises(QueryError, match="no query named 'nope'"):
        run_query(loaded_store, "nope")
    with pytest.raises(QueryError, match="no parameter 'colour'"):
        run_query(loaded_store, "usages", {"colour": "red"})


def test_typology_on_the_test_case(loaded_store):
    rows = {r["id"]: r for r in run_query(loaded_store, "role-typology", {"case": "mairie-exemple"}).rows}
    assert rows["poste-actes"]["typology"] == "exploring"  # experimented usage
    assert rows["poste-guichet"]["typology"] == "not-concerned"  # tact, blocked by a constraint, served by agenda
    assert rows["agents-etat-civil"]["typology"] == "exploring"  # its posts differ
    # nothing is recorded of it: unknown, not "no" (issue 22; it was not-concerned)
    assert rows["jardiniers"] == {**rows["jardiniers"], "typology": "undetermined",
                                  "reason": "nothing recorded (no task, AI usage, capsule or non-usage): cannot be said"}


def test_standardisability_on_the_test_case(loaded_store):
    rows = {r["task"]: r for r in run_query(loaded_store, "standardisable-tasks", {"case": "mairie-exemple"}).rows}
    assert rows["registre-papier"]["standardisable"] is True
    assert rows["registre-papier"]["constraints"] == ["registre-confidentiel"]
    assert rows["rappels-rdv"]["non_ai_levers"] == ["rappels-agenda"]
    assert rows["accueil-usagers"]["score"] == 0.17 and rows["accueil-usagers"]["standardisable"] is False
    assert len(TEST_CASES) >= 1


def test_usages_filter_on_status_and_attestation(loaded_store):
    every = run_query(loaded_store, "usages").rows
    evoked = run_query(loaded_store, "usages", {"attestation": "evoked"}).rows
    assert evoked and evoked == [r for r in every if r["attestation"] == "evoked"]
    effective = run_query(loaded_store, "usages", {"status": "effective", "case": "sante-publique-2026"}).rows
    assert effective and {r["status"] for r in effective} == {"effective"}


def test_tasks_filter_on_prescribed_or_real_work(loaded_store):
    every = run_query(loaded_store, "standardisable-tasks").rows
    real = run_query(loaded_store, "standardisable-tasks", {"work": "real"}).rows
    prescribed = run_query(loaded_store, "standardisable-tasks", {"work": "prescribed"}).rows
    assert real == [r for r in every if "real" in r["work"]]
    assert prescribed == [r for r in every if "prescribed" in r["work"]]
    assert 0 < len(prescribed) < len(every) and 0 < len(real)


def test_a_task_labelled_in_two_languages_scores_once(loaded_store):
    rows = {r["task"]: r for r in run_query(loaded_store, "standardisable-tasks", {"case": "mairie-exemple"}).rows}
    assert rows["redaction-actes"]["score"] == rows["registre-papier"]["score"]  # same criteria met


def test_an_assessment_without_indicators_is_one_row(loaded_store):
    rows = [r for r in run_query(loaded_store, "maturity", {"case": "mairie-exemple"}).rows]
    assert rows == [{"case": "mairie-exemple", "assessment": "maturite-mairie", "organisation": "mairie", "level": "low",
                     "towards": None, "indicator_kind": None, "indicator": None, "indicator_label": None, "sources": ["1"]}]


def test_capsule_reach_and_similar_holders(loaded_store):
    reach = {r["capsule"]: r for r in run_query(loaded_store, "capsule-reach", {"case": "sante-publique-2026"}).rows}
    assert "inspecteurs" in reach["capsule-tableaux-mesures"]["holders"]
    assert all(r["holders_served"] == len(r["holders"]) for r in reach.values())
    pairs = run_query(loaded_store, "similar-holders", {"case": "mairie-exemple"}).rows
    assert pairs and pairs[0]["similarity"] >= pairs[-1]["similarity"]
    assert all(0 < p["similarity"] <= 1 and p["shared_characteristics"] for p in pairs)


def test_list_columns_come_back_as_sorted_distinct_values():
    # SPARQL joins a list's values with LIST_SEPARATOR, Cypher gives a list; either may repeat a
    # value, hold an empty one, or be missing.
    joined = LIST_SEPARATOR.join
    rows = [["b"], [joined(["b", "a", "b"])], [joined(["a", ""])], [""], [None], [["z", "y", "z", None]],
            [[None]], [[""]], [["x"]], [[]]]
    tidy_lists(rows, 0)
    assert [r[0] for r in rows] == [["b"], ["a", "b"], ["a"], [], [], ["y", "z"], [], [], ["x"], []]


def test_tasks_are_the_facts_standardisable_tasks_reads(loaded_store):
    tasks = {(r["case"], r["task"]): r for r in run_query(loaded_store, "tasks").rows}
    verdicts = {(r["case"], r["task"]): r for r in run_query(loaded_store, "standardisable-tasks").rows}
    assert tasks.keys() == verdicts.keys() and tasks
    for key, task in tasks.items():
        verdict = verdicts[key]
        assert {k: task[k] for k in ("task_label", "holder", "work", "sources")} == \
               {k: verdict[k] for k in ("task_label", "holder", "work", "sources")}
        seen = set(verdict["criteria_met"]) | set(verdict["blocking"])
        assert seen <= set(task["characteristics"])
        assert not set(verdict["criteria_missed"]) & set(task["characteristics"])
    real = run_query(loaded_store, "tasks", {"work": "real"}).rows
    assert real and all("real" in r["work"] for r in real) and len(real) < len(tasks)


def test_organisations_give_the_study_date(loaded_store):
    """A barometer orders editions by the study's date (issue 21): the query carries it."""
    rows = {r["case"]: r for r in run_query(loaded_store, "organisations").rows}
    assert rows["sante-publique-2026"]["date"] == "2026-01"
    assert rows["mairie-exemple"]["date"] == "2026-11"
