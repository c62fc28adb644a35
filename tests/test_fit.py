"""graphmap fit: a post's task list scored like the same tasks in a loaded case."""

from __future__ import annotations

import json

from graphmap.analysis.fit import TEMPLATE, fit_tasks
from graphmap.intake.load import load_cases
from graphmap.query.named import run_query
from graphmap.stores import EmbeddedStore

from conftest import run_cli


def test_template_gives_the_same_verdicts_as_the_same_tasks_in_a_case(tmp_path, loaded_store):
    tasks = tmp_path / "taches.csv"
    tasks.write_text(TEMPLATE, encoding="utf-8")
    case_file = tmp_path / "poste.yaml"
    result = fit_tasks(tasks, reference=loaded_store, add_to_case=case_file)
    with EmbeddedStore(tmp_path / "store") as store:
        load_cases([case_file], store)
        in_case = {r["task"]: r for r in run_query(store, "ai-fit").rows}
    assert {r["task"]: (r["verdict"], r["fit"], r["score"]) for r in result.rows} == {
        t: (r["verdict"], r["fit"], r["score"]) for t, r in in_case.items()}
    rows = {r["task"]: r for r in result.rows}
    assert rows["tableaux-mesures"]["fit"] == "ai-fit"
    suggestion = next(s for s in rows["tableaux-mesures"]["suggestions"] if "tableaux de mesures" in s)
    assert "Capsule [thème anonymisé] de génération de tableaux de mesures" in suggestion  # labels, not ids
    assert "Organisation publique de santé, santé publique (case sante-publique-2026)" in suggestion
    assert "capsule-tableaux-mesures" not in suggestion
    assert rows["tri-archives"]["fit"] == "not-standardisable" and rows["tri-archives"]["blocking"] == ["item-by-item-judgement"]
    assert rows["relances"]["verdict"] == "not-standardisable" and rows["relances"]["non_ai_levers"] == ["levier-relances"]
    assert rows["tri-archives"]["criteria_missed"] == ["structured-inputs"]  # the lacks column


def test_fit_from_the_cli(tmp_path):
    store = tmp_path / "store"
    run_cli("load", "cases", store=store)
    template = run_cli("fit", "--template")
    tasks = tmp_path / "t.csv"
    tasks.write_text(template.out, encoding="utf-8")
    run = run_cli("fit", str(tasks), "--post", "Assistante RH", "-f", "json", store=store)
    assert run.code == 0, run.err
    rows = json.loads(run.out)
    assert [r["task"] for r in rows] == ["tableaux-mesures", "tri-archives", "relances"]


def test_a_bad_task_list_is_one_located_line_per_problem(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("label,characteristics,work\nTri,recurrent;flying,real\n,recurrent,someday\n", encoding="utf-8")
    run = run_cli("fit", str(bad), store=tmp_path / "none")
    assert run.code == 2
    lines = [l for l in run.err.splitlines() if l.startswith(str(bad))]
    assert lines == [
        f"{bad}:2: characteristics: 'flying' is not one of: " + lines[0].split("is not one of: ")[1],
        f"{bad}:3: label: a task needs a label",
        f"{bad}:3: work: 'someday' is not one of: prescribed, real",
    ]


TASKS = """id,label,characteristics,lacks,work,frequency,blocked_by,served_by,occupation,onet_task
lettres,Mise en forme des lettres dictées,recurrent;structured-inputs;explicit-rules;standard-deliverable;existing-examples,,real,,,,,
bloque,Production des tableaux de mesures sensibles,recurrent;structured-inputs;explicit-rules;standard-deliverable,,real,,secured-data,,,
flou,Tableaux de mesures divers,recurrent,,real,,,,,
levier,Tableaux de mesures hebdomadaires,recurrent;structured-inputs;explicit-rules;standard-deliverable,,real,,,rappels sous Excel,,
"""


def test_no_tool_is_suggested_for_a_blocked_undetermined_or_already_served_task_and_it_says_why(tmp_path, loaded_store):
    """Regression: suggestions offered tools for blocked tasks (characteristic overlap alone)."""
    tasks = tmp_path / "t.csv"
    tasks.write_text(TASKS, encoding="utf-8")
    rows = {r["task"]: r for r in fit_tasks(tasks, reference=loaded_store).rows}
    assert rows["bloque"]["fit"] == "blocked" and rows["bloque"]["suggestions"][0].startswith("no tool suggested: AI tools may not reach")
    assert rows["flou"]["fit"] == "undetermined" and "record whether it has" in rows["flou"]["suggestions"][0]
    assert rows["levier"]["fit"] == "non-ai-lever" and "already serves it" in rows["levier"]["suggestions"][0]
    assert not any("ChatGPT" in s for r in rows.values() if r["fit"] != "ai-fit" for s in r["suggestions"])


def test_a_task_alike_only_by_its_criteria_gets_no_capsule(tmp_path, loaded_store):
    """Regression: dictated letters got the measures-table capsule, on characteristic overlap alone."""
    tasks = tmp_path / "t.csv"
    tasks.write_text(TASKS, encoding="utf-8")
    lettres = {r["task"]: r for r in fit_tasks(tasks, reference=loaded_store).rows}["lettres"]
    assert lettres["fit"] == "ai-fit"
    assert not any("tableaux de mesures" in s for s in lettres["suggestions"])
    assert lettres["suggestions"][0].startswith("no task of the")


def test_a_suggestion_from_a_synthetic_case_says_so(tmp_path):
    from graphmap.synth import write_barometer

    with EmbeddedStore(tmp_path / "store") as store:
        load_cases(write_barometer(3, 1, tmp_path / "cases"), store)
        tasks = tmp_path / "t.csv"
        tasks.write_text(TEMPLATE, encoding="utf-8")
        rows = {r["task"]: r for r in fit_tasks(tasks, reference=store).rows}
    lines = [s for s in rows["tableaux-mesures"]["suggestions"] if not s.startswith("no task")]
    assert lines and all("[synthetic case]" in s for s in lines)
