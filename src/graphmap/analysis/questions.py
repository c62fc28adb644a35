"""The next interview's questions: the facts that would settle the undetermined verdicts.

A task's standardisable verdict is undetermined when the criteria the case does not record
could still take it either way (derive.py). Each such criterion is a question for the next
interview, if it belongs to one of the smallest sets of unrecorded facts that would settle
the verdict. For every question and each answer (yes: the task has the characteristic; no: it
lacks it), the engine derives the case again and counts the verdicts the answer alone settles:
the task's, and the typologies of the posts and roles that hung on it. Questions are grouped by
post and task and ordered by that count; each names the study sections the task comes from.

Blocking conditions are not asked about: the rule reads one that is not recorded as absent
(an interview reports such a trait when it holds), so its absence is not a missing fact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from rdflib.namespace import SKOS

from graphmap.derivation.engine import STANDARDISABLE, TYPOLOGY, derive, settling_sets
from graphmap.errors import QueryError
from graphmap.query.catalogue import Result
from graphmap.query.named import run_query
from graphmap.derivation.verdicts import case_verdicts, reviews_by_case
from graphmap.model.vocabulary import GMV, ontology_graph

__all__ = ["Question", "next_questions", "questions_markdown", "questions_json", "COLUMNS"]

COLUMNS = ["case", "holder", "holder_label", "task", "task_label", "characteristic", "weight", "question",
           "settles_if_yes", "settles_if_no", "sections"]

# How an interviewer asks about each characteristic of the default rubric ({task}: its label).
WORDING = {
    "fr": {
        "recurrent": "La tâche « {task} » revient-elle régulièrement, sous une forme semblable (chaque semaine, chaque mois) ?",
        "structured-inputs": "Pour « {task} », les informations de départ arrivent-elles toujours sous la même forme (formulaire, tableau, modèle) ?",
        "explicit-rules": "Pour « {task} », les règles à suivre sont-elles écrites ou assez stables pour être expliquées à un nouvel arrivant ?",
        "standard-deliverable": "« {task} » aboutit-elle à un livrable de forme standard (modèle, trame, gabarit) ?",
        "consistent-documents": "Les documents utilisés pour « {task} » sont-ils homogènes (mêmes formats, même nommage, même classement) ?",
        "existing-examples": "Existe-t-il des exemples passés de « {task} » bien faits, réutilisables comme modèles ?",
        "error-tolerant": "Pour « {task} », une erreur dans un premier jet est-elle sans gravité parce que le résultat est relu avant usage ?",
        "partly-automated": "Une partie de « {task} » est-elle déjà automatisée (macro, rappels, signature électronique, outil métier) ?",
    },
    "en": {
        "recurrent": "Does the task \u201c{task}\u201d come back regularly in a similar form (every week, every month)?",
        "structured-inputs": "For \u201c{task}\u201d, does the starting information always arrive in the same form (form, table, template)?",
        "explicit-rules": "For \u201c{task}\u201d, are the rules to follow written down, or stable enough to explain to a newcomer?",
        "standard-deliverable": "Does \u201c{task}\u201d end in a deliverable of a standard form (template, outline)?",
        "consistent-documents": "Are the documents used for \u201c{task}\u201d consistent (same formats, naming, filing)?",
        "existing-examples": "Are there good past examples of \u201c{task}\u201d that could serve as models?",
        "error-tolerant": "For \u201c{task}\u201d, is a mistake in a first draft harmless because the result is checked before use?",
        "partly-automated": "Is part of \u201c{task}\u201d already automated (macro, reminders, e-signature, business software)?",
    },
}
GENERIC = {
    "fr": "La tâche « {task} » a-t-elle la caractéristique « {characteristic} » ?",
    "en": "Does the task \u201c{task}\u201d have the characteristic \u201c{characteristic}\u201d?",
}
HEADINGS = {
    "fr": {"title": "Questions pour le prochain entretien", "case": "cas", "none": "Aucune tâche au verdict indéterminé : aucune caractéristique à demander (un poste ou un métier dont rien n'est enregistré reste indéterminé : role-typology le dit).",
           "yes": "oui", "no": "non", "settles": "verdicts tranchés", "sections": "sections de l'étude",
           "task": "tâche", "weight": "poids"},
    "en": {"title": "Questions for the next interview", "case": "case", "none": "No task verdict is undetermined: no characteristic to ask about (a post or role of which nothing is recorded stays undetermined: role-typology says so).",
           "yes": "yes", "no": "no", "settles": "verdicts settled", "sections": "study sections",
           "task": "task", "weight": "weight"},
}


@dataclass
class Question:
    case: str
    holder: str
    holder_label: str
    task: str
    task_label: str
    characteristic: str
    weight: float
    question: str
    settles_if_yes: int
    settles_if_no: int
    sections: list[str] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        return {c: getattr(self, c) for c in COLUMNS}


def _undetermined(verdicts) -> set[tuple[str, str]]:
    return {(v.entity, v.question) for v in verdicts
            if v.question in (STANDARDISABLE, TYPOLOGY) and v.effective == "undetermined"}


def next_questions(store, case: str | None = None, post: str | None = None, lang: str = "fr") -> list[Question]:
    """The questions that would settle the undetermined verdicts of the loaded cases."""
    if lang not in WORDING:
        raise QueryError(f"--lang {lang!r} is not one of {', '.join(WORDING)}")
    cases = store.cases()
    if case is not None and case not in cases:
        raise QueryError(f"no case {case!r} is loaded" + (f"; loaded: {', '.join(cases)}" if cases else ""))
    labels = _labels(lang)
    graph = store.read_reviews()  # once, for every case
    reviews = reviews_by_case(graph)
    out: list[Question] = []
    found_post = post is None
    for name in [case] if case else cases:
        facts, rule, verdicts = case_verdicts(store, name, graph)
        rows = {r["task"]: r for r in run_query(store, "standardisable-tasks", {"case": name}).rows}
        holders = {r["id"]: r["label"] for r in run_query(store, "role-typology", {"case": name}).rows}
        open_before = _undetermined(verdicts)
        for v in verdicts:
            if v.question != STANDARDISABLE or v.effective != "undetermined":
                continue
            task = facts.tasks[v.entity]
            holder = rows[task.id]["holder"] if task.id in rows else ""
            if post is not None and holder != post:
                continue
            found_post = True
            sets = settling_sets(rule, task.has, task.lacks)
            unknown = set(v.not_recorded)
            asked = {c[1:] for combos in sets.values() for combo in combos for c in combo if c[1:] in unknown}
            for characteristic in [c for c in v.not_recorded if c in asked]:
                settles = []
                for answer in ("has", "lacks"):
                    # the case with this one task answered (the other facts are shared, not copied)
                    answered = replace(task, **{answer: getattr(task, answer) | {characteristic}})
                    changed = replace(facts, tasks={**facts.tasks, task.iri: answered})
                    after = _undetermined(derive(changed, rule, reviews.get(name)))
                    settles.append(len(open_before - after))
                label = rows.get(task.id, {}).get("task_label", task.id)
                wording = WORDING[lang].get(characteristic) or GENERIC[lang].replace("{characteristic}", labels.get(characteristic, characteristic))
                out.append(Question(name, holder, holders.get(holder, holder), task.id, label, characteristic,
                                    float(rule.weight(characteristic)), wording.format(task=label), settles[0], settles[1],
                                    rows.get(task.id, {}).get("sources", [])))
    if not found_post:
        raise QueryError(f"no undetermined task of a post or role {post!r}" + (f" in case {case!r}" if case else ""))
    best: dict[tuple[str, ...], int] = {}  # the most verdicts one answer settles, per post and per task
    for q in out:
        for key in ((q.case, q.holder), (q.case, q.holder, q.task)):
            best[key] = max(best.get(key, 0), q.settles_if_yes, q.settles_if_no)
    out.sort(key=lambda q: (q.case, -best[(q.case, q.holder)], q.holder, -best[(q.case, q.holder, q.task)], q.task,
                            -max(q.settles_if_yes, q.settles_if_no), -q.weight, q.characteristic))
    return out


def _labels(lang: str) -> dict[str, str]:
    """Characteristic notation -> its label in ``lang``."""
    graph = ontology_graph()
    out = {}
    for concept in graph.subjects(SKOS.inScheme, GMV.TaskCharacteristics):
        for label in graph.objects(concept, SKOS.prefLabel):
            if label.language == lang:
                out[str(graph.value(concept, SKOS.notation))] = str(label)
    return out


def questions_json(questions: list[Question]) -> str:
    return json.dumps([q.row() for q in questions], ensure_ascii=False, indent=2) + "\n"


def questions_markdown(questions: list[Question], lang: str = "fr") -> str:
    """The questions as a Markdown interview guide: by case, post or role, and task."""
    h = HEADINGS[lang]
    lines = [f"# {h['title']}", ""]
    if not questions:
        return "\n".join(lines + [h["none"], ""])
    case = holder = task = None
    for q in questions:
        if task is not None and (q.case, q.holder, q.task) != (case, holder, task):
            lines.append("")  # a blank line ends the list of the task before
        if q.case != case:
            case, holder, task = q.case, None, None
            lines += [f"## {h['case']} {q.case}", ""]
        if q.holder != holder:
            holder, task = q.holder, None
            lines += [f"### {q.holder_label} (`{q.holder}`)", ""]
        if q.task != task:
            task = q.task
            sections = ", ".join(f"§{s}" for s in q.sections)
            lines += [f"#### {q.task_label} (`{q.task}`) — {h['sections']} {sections}", ""]
        lines.append(f"- {q.question}  \n  `{q.characteristic}` ({h['weight']} {q.weight:g}) — {h['settles']}: "
                     f"{h['yes']} {q.settles_if_yes}, {h['no']} {q.settles_if_no}")
    return "\n".join(lines) + "\n"


def questions_result(questions: list[Question]) -> Result:
    return Result("questions", list(COLUMNS), [q.row() for q in questions])
