"""Task-fit workflow for organisational designers: score a post's real task list.

A CSV lists a post's tasks with their characteristics; graphmap turns it into a small case
(one post, its tasks, the constraints and non-AI improvements the CSV names), checks it like
any case, loads it into a temporary store with the rubric, and runs the same named queries as
for a loaded case, so the verdicts are those the tasks would get in a case. Similar tasks of
the loaded cases suggest AI tools and capsules already in use.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from graphmap.model.caseformat import ID_PATTERN, case_format
from graphmap.errors import CaseError, Problem
from graphmap.intake.load import load_cases
from graphmap.model.reference import ONET_OCCUPATION, ONET_TASK, link_problem, shipped_task_statements
from graphmap.query.catalogue import Result
from graphmap.query.named import run_query
from graphmap.stores import EmbeddedStore

__all__ = ["TEMPLATE", "read_task_list", "fit_tasks", "task_list_case"]

COLUMNS = ("id", "label", "characteristics", "lacks", "work", "frequency", "blocked_by", "served_by", "occupation", "onet_task")
TEMPLATE = """id,label,characteristics,lacks,work,frequency,blocked_by,served_by,occupation,onet_task
tableaux-mesures,Générer les tableaux de mesures à partir des données collectées,recurrent;structured-inputs;explicit-rules;standard-deliverable;existing-examples,,prescribed;real,hebdomadaire,,,43-6014.00,20284
tri-archives,Trier les archives document par document,recurrent;explicit-rules;item-by-item-judgement,structured-inputs,real,mensuel,secured-data,,43-6014.00,20282
relances,Relancer les services sur les délais,recurrent;structured-inputs;explicit-rules;relational-tact,,real,quotidien,,rappels sous Excel,43-6014.00,
"""


@dataclass
class TaskRow:
    line: int
    id: str
    label: str
    characteristics: list[str]
    lacks: list[str]  # characteristics the task is known not to have (the others stay unknown)
    work: list[str]
    frequency: str
    blocked_by: list[str]
    served_by: str
    occupation: str = ""  # O*NET-SOC code of the post's occupation (43-6014.00), optional
    onet_task: str = ""  # the O*NET task statement the task matches (its id, 8823), optional


def _split(value: str) -> list[str]:
    return [v.strip() for v in re.split(r"[;|]", value or "") if v.strip()]


def read_task_list(path: Path) -> list[TaskRow]:
    """Read and check the CSV; every problem is ``file:line: column: message``."""
    fmt = case_format()
    name = str(path)
    allowed = {
        "characteristics": set(fmt.sections["tasks"].fields["characteristics"].concepts()),
        "lacks": set(fmt.sections["tasks"].fields["lacks"].concepts()),
        "work": set(fmt.sections["tasks"].fields["work"].concepts()),
        "blocked_by": set(fmt.sections["constraints"].fields["type"].concepts()),
    }
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError([Problem(name, 1, "file", f"cannot read the task list: {exc}")]) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("label", "characteristics") if c not in (reader.fieldnames or [])]
    if missing:
        raise CaseError([Problem(name, 1, "header", f"missing column(s) {', '.join(missing)}; see graphmap fit --template")])
    problems, rows, seen = [], [], set()
    for number, raw in enumerate(reader, start=2):
        label = (raw.get("label") or "").strip()
        ident = (raw.get("id") or "").strip() or re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:60] or f"tache-{number}"
        if not label:
            problems.append(Problem(name, number, "label", "a task needs a label"))
        if not re.match(ID_PATTERN, ident):
            problems.append(Problem(name, number, "id", f"{ident!r} is not a valid id (lowercase letters, digits and '-')"))
        if ident in seen:
            problems.append(Problem(name, number, "id", f"duplicate id {ident!r}"))
        seen.add(ident)
        values = {key: _split(raw.get(key, "")) for key in allowed}
        for key, items in values.items():
            for item in items:
                if item not in allowed[key]:
                    problems.append(Problem(name, number, key, f"{item!r} is not one of: {', '.join(sorted(allowed[key]))}"))
        for item in values["lacks"]:
            if item in values["characteristics"]:
                problems.append(Problem(name, number, "lacks", f"{item!r} is also in characteristics: a task cannot both have and lack it"))
        occupation, onet_task = (raw.get("occupation") or "").strip(), (raw.get("onet_task") or "").strip()
        for key, value, iri in (("occupation", occupation, ONET_OCCUPATION), ("onet_task", onet_task, ONET_TASK)):
            message = link_problem(iri + value) if value else None
            if message:
                problems.append(Problem(name, number, key, message))
        rows.append(TaskRow(number, ident, label, values["characteristics"], values["lacks"], values["work"] or ["real"],
                            (raw.get("frequency") or "").strip(), values["blocked_by"], (raw.get("served_by") or "").strip(),
                            occupation, onet_task))
    if not rows and not problems:
        problems.append(Problem(name, 2, "file", "no task rows"))
    if problems:
        raise CaseError(problems)
    return rows


def task_list_case(rows: list[TaskRow], case_id: str, post_label: str) -> dict:
    """The case file (as data) the task list stands for: one post and its tasks."""
    sections = [{"number": "1", "title": "Liste des tâches réelles du poste"}]
    case = {
        "graphmap": 1, "case": case_id, "language": "fr",
        "study": {"label": f"Analyse des tâches : {post_label}", "method": "liste des tâches réelles (graphmap fit)",
                  "sections": sections},
        "organisations": [{"id": "organisation", "label": "Organisation", "source": "1"}],
        "roles": [{"id": "metier", "label": post_label, "source": "1",
                   **({"close_match": occupations} if (occupations := sorted({ONET_OCCUPATION + r.occupation for r in rows if r.occupation}))
                      else {})}],
        "posts": [{"id": "poste", "label": post_label, "role": "metier", "source": "1"}],
        "tasks": [], "constraints": [], "non_ai_improvements": [],
    }
    for row in rows:
        task = {"id": row.id, "label": row.label, "of": "poste", "work": row.work, "source": "1"}
        if row.characteristics:
            task["characteristics"] = row.characteristics
        if row.lacks:
            task["lacks"] = row.lacks
        if row.frequency:
            task["frequency"] = row.frequency
        if row.onet_task:
            task["close_match"] = [ONET_TASK + row.onet_task]
        case["tasks"].append(task)
        for kind in row.blocked_by:
            case["constraints"].append({"id": f"contrainte-{row.id}-{kind}", "label": kind, "type": kind,
                                        "affects": row.id, "blocks_ai_tools": True, "source": "1"})
        if row.served_by:
            case["non_ai_improvements"].append({"id": f"levier-{row.id}", "label": row.served_by,
                                                "serves": row.id, "source": "1"})
    return {k: v for k, v in case.items() if v != []}


def fit_tasks(path: Path, *, post_label: str = "Poste analysé", rubric: Path | None = None,
              reference=None, add_to_case: Path | None = None) -> Result:
    """Score every task of the CSV; ``reference`` is a store whose cases suggest tools."""
    rows = read_task_list(path)
    case = task_list_case(rows, "fit-" + re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-"), post_label)
    text = yaml.safe_dump(case, allow_unicode=True, sort_keys=False)
    with tempfile.TemporaryDirectory() as tmp:
        case_file = Path(tmp) / f"{case['case']}.yaml"
        case_file.write_text(text, encoding="utf-8")
        with EmbeddedStore(Path(tmp) / "store") as store:
            load_cases([case_file], store, rubric=rubric)
            fits = {r["task"]: r for r in run_query(store, "ai-fit").rows}
            scores = {r["task"]: r for r in run_query(store, "standardisable-tasks").rows}
    if add_to_case is not None:
        add_to_case.write_text(text, encoding="utf-8")
    suggestions = _suggestions(reference, scores) if reference is not None else {}
    statements = shipped_task_statements() if any(r.onet_task for r in rows) else {}
    out = []
    for row in rows:
        fit, score = fits[row.id], scores[row.id]
        out.append({
            "task": row.id, "label": row.label, "line": row.line, "score": score["score"],
            "verdict": score["verdict"], "fit": fit["fit"], "reason": fit["reason"],
            "criteria_met": score["criteria_met"], "criteria_missed": score["criteria_missed"],
            "criteria_not_recorded": score["criteria_not_recorded"],
            "blocking": score["blocking"], "blocking_constraints": fit["blocking_constraints"],
            "non_ai_levers": fit["non_ai_levers"], "suggestions": suggestions.get(row.id, []),
            "occupation": row.occupation, "onet_task": row.onet_task,
            "onet_exposure": statements.get(row.onet_task, {}).get("human_exposure_agg", "") if row.onet_task else "",
        })
    columns = list(out[0]) if out else []
    return Result("fit", columns, out)


def _suggestions(store, scores: dict[str, dict]) -> dict[str, list[str]]:
    """Tools and capsules used for similar tasks (same characteristics) in the loaded cases."""
    known = run_query(store, "standardisable-tasks").rows
    tools: dict[tuple[str, str], set[str]] = {}
    for usage in run_query(store, "usages").rows:
        if usage["status"] == "evoked":
            continue
        for task in usage["tasks"]:
            tools.setdefault((usage["case"], task), set()).update(usage["tools"])
    out: dict[str, list[str]] = {}
    for task, row in scores.items():
        mine = set(row["criteria_met"]) | set(row["blocking"])
        ranked = []
        for other in known:
            used = tools.get((other["case"], other["task"]))
            theirs = set(other["criteria_met"]) | set(other["blocking"])
            if not used or not mine or not theirs:
                continue
            similarity = len(mine & theirs) / len(mine | theirs)
            if similarity >= 0.5:
                ranked.append((-similarity, other["case"], other["task"], sorted(used)))
        out[task] = [f"{', '.join(t)} (used for {c}/{k}, similarity {-s:.2f})" for s, c, k, t in sorted(ranked)[:3]]
    return out
