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
    assert any("capsule-tableaux-mesures" in s for s in rows["tableaux-mesures"]["suggestions"])
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
