"""Human review of verdicts: provenance, survival across reloads, flags when facts or rules change."""

from __future__ import annotations

import json

import pytest
from rdflib.namespace import PROV, RDF

from graphmap.errors import QueryError
from graphmap.analysis.explain import explain
from graphmap.intake.load import load_cases
from graphmap.query.named import run_query
from graphmap.analysis.review import record_review
from graphmap.model.vocabulary import GM

from conftest import ROOT, SEED, run_cli

RUBRIC = ROOT / "ontology" / "rubric.ttl"


def _task(store, task):
    return next(r for r in run_query(store, "standardisable-tasks").rows if r["task"] == task)


def _role(store, ident):
    return next(r for r in run_query(store, "role-typology").rows if r["id"] == ident)


@pytest.fixture(params=["embedded", "neo4j"])
def store(request, empty_store):
    if request.param == "embedded":
        return empty_store
    return request.getfixturevalue("neo4j_store")


def test_override_survives_reloading_the_case(store):
    load_cases([SEED], store)
    record_review(store, "tache-tri-archives", override="true", why="the 5%/95% rule is explicit", by="Ana Lyste")
    load_cases([SEED], store)
    row = _task(store, "tache-tri-archives")
    assert (row["proposed"], row["verdict"], row["standardisable"], row["review"], row["reviewed_by"]) == (
        "not-standardisable", "standardisable", True, "overridden", "Ana Lyste")


def test_a_review_carries_through_to_the_typology_the_ai_fit_and_explain(store):
    """The study (§6.2) makes human validation the rule: the reviewed verdict is the one that counts."""
    load_cases([SEED], store)
    assert _role(store, "metiers-diplomatie")["typology"] == "not-concerned"
    record_review(store, "tache-communication-adaptee", override="true", why="templates exist for most replies", by="Ana Lyste")
    role = _role(store, "metiers-diplomatie")
    assert (role["typology"], role["proposed"], role["review"]) == ("exploring", "exploring", "none")
    assert role["reason"] == "tasks open to AI, no effective usage"
    fit = next(r for r in run_query(store, "ai-fit").rows if r["task"] == "tache-communication-adaptee")
    assert (fit["verdict"], fit["fit"]) == ("standardisable", "ai-fit") and "after a human review" in fit["reason"]
    out = explain(store, "tache-communication-adaptee")
    assert (out.proposed, out.verdict, out.review["status"], out.review["by"]) == (
        "not-standardisable", "standardisable", "overridden", "Ana Lyste")
    assert "reviewed (overridden) by Ana Lyste" in out.to_text()
    table = {r["typology"]: r for r in run_query(store, "typology-table").rows}
    assert "metiers-diplomatie" in table["exploring"]["roles"]


def test_a_reviewed_post_typology_moves_its_role(store):
    load_cases([SEED], store)
    assert _role(store, "assistants")["typology"] == "exploring"
    record_review(store, "poste-assistante-direction", override="not-concerned", why="note-taking abandoned", by="Ana")
    role = _role(store, "assistants")
    assert role["typology"] == "not-concerned" and "poste-assistante-direction=not-concerned" in role["evidence"]


def test_review_is_stored_with_prov_provenance(store):
    load_cases([SEED], store)
    record_review(store, "logistique", accept=True, why="physical work", by="Ana Lyste")
    graph = store.read_reviews()
    review = next(graph.subjects(RDF.type, GM.Review))
    assert str(graph.value(review, GM.proposedValue)) == "not-concerned"
    assert str(graph.value(review, GM.ruleVersion)) == "1.1.0"
    assert graph.value(review, PROV.generatedAtTime) is not None
    assert graph.value(review, PROV.wasAttributedTo) is not None
    assert _role(store, "logistique")["review"] == "confirmed"


def test_changing_a_weight_changes_verdicts_and_flags_reviews(store, tmp_path):
    load_cases([SEED], store)
    record_review(store, "tache-tableaux-mesures", accept=True, why="capsule in use", by="Ana Lyste")
    record_review(store, "tache-tri-archives", accept=True, why="judgement", by="Ana Lyste")
    assert _task(store, "tache-tableaux-mesures")["review"] == "confirmed"
    mine = tmp_path / "rubric.ttl"
    text = RUBRIC.read_text(encoding="utf-8")
    mine.write_text(text.replace("gm:characteristic gmv:char-existing-examples ; gm:weight 1", "gm:characteristic gmv:char-existing-examples ; gm:weight 8")
                        .replace('owl:versionInfo "1.1.0"', 'owl:versionInfo "1.1.0-test"'), encoding="utf-8")
    before = {r["task"]: r for r in run_query(store, "standardisable-tasks").rows}
    load_cases([SEED], store, rubric=mine)
    after = {r["task"]: r for r in run_query(store, "standardisable-tasks").rows}
    changed = {t for t in after if after[t]["verdict"] != before[t]["verdict"]}
    assert changed, "a heavier 'existing examples' criterion changes some verdicts"
    assert all(after[t]["score"] != before[t]["score"] for t in changed)
    assert after["tache-tableaux-mesures"]["review"] == "needs-review"
    assert after["tache-tri-archives"]["review"] == "needs-review"
    assert run_query(store, "rubric").rows[0]["version"] == "1.1.0-test"


def test_bad_reviews_are_refused(empty_store):
    load_cases([SEED], empty_store)
    with pytest.raises(QueryError, match="is not a typology verdict"):
        record_review(empty_store, "logistique", override="maybe", why="x", by="y")
    with pytest.raises(QueryError, match="either --accept or --override"):
        record_review(empty_store, "logistique", why="x", by="y")
    with pytest.raises(QueryError, match="needs a justification"):
        record_review(empty_store, "logistique", accept=True, why=" ", by="y")
    with pytest.raises(QueryError, match="no verdict on 'raison-x'"):
        record_review(empty_store, "raison-x", accept=True, why="x", by="y")
    with pytest.raises(QueryError, match="is undetermined: there is nothing to accept"):
        record_review(empty_store, "tache-conception-capsules", accept=True, why="x", by="y")
    assert len(empty_store.read_reviews()) == 0


def test_review_from_the_cli(tmp_path):
    store = tmp_path / "store"
    run_cli("load", str(SEED), store=store)
    run = run_cli("review", "tache-suivi-delais", "--override", "yes", "--why", "reminders follow rules", "--by", "Ana", store=store)
    assert run.code == 0 and "recorded: tache-suivi-delais" in run.err
    rows = json.loads(run_cli("review", "-f", "json", store=store).out)
    mine = [r for r in rows if r["id"] == "tache-suivi-delais"]
    assert [{k: r[k] for k in ("case", "question", "proposed", "verdict", "review", "reviewed_by")} for r in mine] == [
        {"case": "sante-publique-2026", "question": "standardisable", "proposed": "not-standardisable",
         "verdict": "standardisable", "review": "overridden", "reviewed_by": "Ana"}]
    assert mine[0]["reviewed_at"]
    bad = run_cli("review", "tache-suivi-delais", "--override", "maybe", "--why", "x", "--by", "y", store=store)
    assert bad.code == 2 and bad.err.startswith("graphmap: 'maybe' is not a standardisable verdict")
