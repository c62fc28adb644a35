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
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from graphmap.model.caseformat import ID_PATTERN, case_format
from graphmap.errors import CaseError, Problem
from graphmap.intake.load import load_cases
from graphmap.model.reference import (ONET_OCCUPATION, ONET_TASK, link_problem, occupation_code,
                                      shipped_task_statements, task_statement_id)
from graphmap.query.catalogue import Result
from graphmap.query.named import run_query
from graphmap.stores import EmbeddedStore

__all__ = ["TEMPLATE", "read_task_list", "fit_tasks", "task_list_case", "advice"]

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
        "graphmap": 2, "case": case_id, "language": "fr",
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
    suggestions = _suggestions(reference, rows, scores, fits) if reference is not None else {}
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
            "non_ai_levers": fit["non_ai_levers"], "suggestions": suggestions.get(row.id) or advice(fit, score),
            "occupation": row.occupation, "onet_task": row.onet_task,
            "onet_exposure": statements.get(row.onet_task, {}).get("human_exposure_agg", "") if row.onet_task else "",
        })
    columns = list(out[0]) if out else []
    return Result("fit", columns, out)


# Words too common in task labels to say two tasks do the same thing.
_STOPWORDS = frozenset("""avec dans pour des les une aux par sur sous entre leur leurs selon aupres auprès
    from with into their this that tasks task tache taches suivi gestion preparation réalisation realisation""".split())


def _words(text: str) -> frozenset[str]:
    """The content words of a label: lower case, accents dropped, four letters or more."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return frozenset(w for w in re.findall(r"[a-z]{4,}", plain) if w not in _STOPWORDS)


def advice(fit: dict, score: dict) -> list[str]:
    """What a designer reads for a task no tool should be suggested for: why, and what would change it."""
    kind = fit["fit"]
    if kind == "blocked":
        return [f"no tool suggested: AI tools may not reach its data ({', '.join(fit['blocking_constraints'])}); "
                "an AI tool approved for that data, or the task's data kept out of the constraint, would open it"]
    if kind == "non-ai-lever":
        return [f"no tool suggested: a change without AI already serves it ({', '.join(fit['non_ai_levers'])})"]
    if kind == "undetermined":
        missing = ", ".join(score["criteria_not_recorded"]) or "its characteristics"
        return [f"no tool suggested: undetermined; record whether it has {missing} (graphmap explain shows which settle it)"]
    if kind == "not-standardisable":
        because = ", ".join(score["blocking"]) or "the criteria it misses"
        return [f"no tool suggested: not standardisable ({because})"]
    return []


def _suggestions(store, rows: list[TaskRow], scores: dict[str, dict], fits: dict[str, dict]) -> dict[str, list[str]]:
    """AI tools and capsules used for similar tasks in the loaded cases, each with where it comes from.

    Only for tasks that are ai-fit (never for a blocked, undetermined or non-AI-lever task: see
    ``advice``). A task of a loaded case is similar when it shares at least half of the rubric's
    criteria and blocking conditions the task has (Jaccard >= 0.5) and also a content word of its
    label or its occupation (the O*NET-SOC code of its role, or of its O*NET task statement);
    similarity = 0.6 x criteria + 0.25 x words + 0.15 x same occupation.
    """
    known = run_query(store, "standardisable-tasks").rows
    tools = {(r["case"], r["tool"]): r for r in run_query(store, "tools").rows}
    organisations = {r["case"]: r for r in run_query(store, "organisations").rows}
    occupations: dict[tuple[str, str], set[str]] = {}
    for link in run_query(store, "crosswalk").rows:
        code = occupation_code(link["target"])
        statement = task_statement_id(link["target"])
        if statement is not None:
            code = shipped_task_statements().get(statement, {}).get("O*NET-SOC Code")
        if code:
            occupations.setdefault((link["case"], link["entity"]), set()).add(code)
    used: dict[tuple[str, str], set[str]] = {}
    for usage in run_query(store, "usages").rows:
        if usage["status"] == "evoked":
            continue
        for task in usage["tasks"]:
            used.setdefault((usage["case"], task), set()).update(usage["tools"])
    out: dict[str, list[str]] = {}
    for row in rows:
        if fits[row.id]["fit"] != "ai-fit":
            continue
        mine = set(scores[row.id]["criteria_met"]) | set(scores[row.id]["blocking"])
        words = _words(row.label)
        ranked = []
        for other in known:
            tools_used = used.get((other["case"], other["task"]))
            theirs = set(other["criteria_met"]) | set(other["blocking"])
            if not tools_used or not mine or not theirs:
                continue
            criteria = len(mine & theirs) / len(mine | theirs)
            shared = words & _words(other["task_label"] or "")
            theirs_occupation = occupations.get((other["case"], other["task"]), set()) | occupations.get((other["case"], other["holder"]), set())
            same_occupation = bool(row.occupation) and row.occupation in theirs_occupation
            if criteria < 0.5 or not (shared or same_occupation):
                continue
            similarity = 0.6 * criteria + 0.25 * min(1.0, len(shared) / 2) + 0.15 * same_occupation
            ranked.append((-similarity, other["case"], other["task"], other, sorted(tools_used), sorted(shared), same_occupation))
        lines = []
        for negative, case, _, other, tool_ids, shared, same in sorted(ranked, key=lambda r: r[:3])[:3]:
            names = []
            for tool in tool_ids:
                found = tools.get((case, tool), {})
                deployed = tools.get((case, found.get("deployed_in")), {}).get("label") if found.get("deployed_in") else None
                names.append((f"{deployed} › " if deployed else "") + (found.get("label") or tool))
            org = organisations.get(case, {})
            where = org.get("label") or case
            if org.get("sector"):
                where += f", {org['sector']}"
            synthetic = " [synthetic case]" if "graphmap synth" in (org.get("publisher") or []) else ""
            why = [f"criteria {len(mine & (set(other['criteria_met']) | set(other['blocking'])))} shared"]
            if shared:
                why.append("words " + ", ".join(shared))
            if same:
                why.append(f"same occupation {row.occupation}")
            lines.append(f"{'; '.join(names)} — used for « {other['task_label'] or other['task']} » at {where} "
                         f"(case {case}){synthetic}; similarity {-negative:.2f}: {'; '.join(why)}")
        out[row.id] = lines or [f"no task of the {len({r['case'] for r in known})} loaded case(s) is alike "
                                "(half its criteria shared, and a word of its label or its occupation)"]
    return out
