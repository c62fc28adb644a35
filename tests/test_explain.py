"""Every verdict can be explained: the rule, the criteria, the facts with sections and quotes."""

from __future__ import annotations

import json

import pytest

from graphmap.errors import QueryError
from graphmap.analysis.explain import explain
from graphmap.query.named import run_query

from conftest import SEED, run_cli

CASE = "sante-publique-2026"


def test_task_explanation_lists_criteria_with_weights_and_blocking(loaded_store):
    out = explain(loaded_store, "tache-tri-archives")
    assert out.question == "standardisable" and out.verdict == out.proposed == "not-standardisable"
    assert out.review["status"] == "none"
    assert out.rule["version"] == "1.1.0" and out.rule["threshold"] == 0.55
    assert {"name": "recurrent", "weight": 2} in out.criteria_met
    assert any(c["name"] == "structured-inputs" and c["weight"] == 2 for c in out.criteria_not_recorded)
    assert out.blocking[0]["name"] == "item-by-item-judgement" and out.blocking[0]["grounded_in"]
    assert "contrainte-donnees-sante" in out.beside["constraints_on_ai_tools"]
    own = out.facts[0]
    assert own["id"] == "tache-tri-archives" and "4.1" in own["sections"] and own["quotes"]


def test_an_undetermined_task_says_which_facts_would_settle_it(loaded_store):
    out = explain(loaded_store, "tache-comptes-rendus-syntheses", CASE)
    assert out.verdict == "undetermined"
    assert {c["name"] for c in out.criteria_met} == {"recurrent", "standard-deliverable"}
    assert "explicit-rules" in {c["name"] for c in out.criteria_not_recorded}
    # met 4 of 12, threshold 6.6: two more weights of 2, or one of 2 and one of 1, settle it
    assert "standardisable if explicit-rules is recorded and structured-inputs is recorded" in out.would_change
    assert "not-standardisable if physical-work is recorded" in out.would_change
    assert all(len(change.split(" and ")) <= 2 for change in out.would_change)
    assert "would change it:" in out.to_text()


def test_a_typology_explanation_says_what_would_move_it(loaded_store):
    out = explain(loaded_store, "poste-assistante-multitache", CASE)
    assert out.verdict == "not-concerned"
    assert "exploring if task tache-parapheurs were standardisable" not in out.would_change  # served by e-signature
    assert "effective-user if an effective AI usage were recorded for it" in out.would_change


def test_role_explanation_names_its_posts_and_their_verdicts(loaded_store):
    out = explain(loaded_store, "assistants")
    assert out.verdict == "exploring"
    verdicts = {f["id"]: f["verdict"] for f in out.facts}
    assert verdicts["poste-assistante-multitache"] == "not-concerned"
    assert verdicts["poste-assistante-direction"] == "exploring"


@pytest.mark.parametrize("query, column", [("standardisable-tasks", "task"), ("role-typology", "id")])
def test_every_verdict_has_an_explanation_with_a_source(loaded_store, query, column):
    for row in run_query(loaded_store, query, {"case": CASE}).rows:
        out = explain(loaded_store, row[column], CASE)
        assert out.reason and out.facts, row[column]
        assert all(f["sections"] for f in out.facts)
        assert out.to_text().count("\n") >= 3


def test_explain_refuses_what_it_cannot_explain(loaded_store):
    with pytest.raises(QueryError, match="no entity 'nope'"):
        explain(loaded_store, "nope")
    with pytest.raises(QueryError, match="graphmap explains the verdicts on tasks, posts and roles"):
        explain(loaded_store, "raison-contact")


def test_explain_from_the_cli_in_text_and_json(tmp_path):
    store = tmp_path / "store"
    run_cli("load", str(SEED), store=store)
    text = run_cli("explain", "logistique", store=store)
    assert text.code == 0 and "verdict: not-concerned" in text.out and "§5.3" in text.out
    data = json.loads(run_cli("explain", "tache-tableaux-mesures", "-f", "json", store=store).out)
    assert data["verdict"] == "standardisable" and data["rule"]["rubric"] == "standardisability"


def test_rubric_command_shows_the_rubric_and_copies_it(tmp_path):
    store = tmp_path / "store"
    run_cli("load", str(SEED), store=store)
    rows = json.loads(run_cli("rubric", "-f", "json", store=store).out)
    assert {r["criterion"] for r in rows if r["kind"] == "criterion"} >= {"recurrent", "structured-inputs"}
    copy = tmp_path / "mine.ttl"
    assert run_cli("rubric", "--copy-to", str(copy)).code == 0
    assert "gm:threshold" in copy.read_text(encoding="utf-8")
