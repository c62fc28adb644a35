"""Explain a verdict: which facts, which rubric criteria, which rule version led to it, whether a
person reviewed it, and what would change it.

Works on either store: the verdict is read from the derived graph (``standardisable-tasks``,
``role-typology``), the facts and quotes from ``evidence``, and what would change it is worked
out by the derivation engine (derive.py) on the case's facts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from graphmap.derivation.engine import STANDARDISABLE, TYPOLOGY, settling_sets, typology_moves
from graphmap.errors import QueryError
from graphmap.query.named import run_query
from graphmap.derivation.verdicts import case_verdicts

__all__ = ["Explanation", "explain"]


@dataclass
class Explanation:
    id: str
    case: str
    type: str
    label: str
    question: str  # "standardisable" for a task, "typology" for a post or a role
    verdict: str  # the effective verdict: the latest review's if any, else the proposed one
    proposed: str  # the rule's
    reason: str
    rule: dict[str, Any]
    review: dict[str, Any] = field(default_factory=dict)  # status, by, at, why (status "none" if never reviewed)
    criteria_met: list[dict[str, Any]] = field(default_factory=list)
    criteria_missed: list[dict[str, Any]] = field(default_factory=list)
    criteria_not_recorded: list[dict[str, Any]] = field(default_factory=list)
    blocking: list[dict[str, Any]] = field(default_factory=list)
    beside: dict[str, list[str]] = field(default_factory=dict)
    would_change: list[str] = field(default_factory=list)  # the smallest changes of facts that give another verdict
    facts: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_text(self) -> str:
        lines = [f"{self.id} ({self.type}, case {self.case}): {self.label}"]
        lines.append(f"verdict: {self.verdict} — {self.reason}")
        status = self.review.get("status", "none")
        if status == "none":
            lines.append(f"proposed by the rule: {self.proposed}; not reviewed")
        else:
            lines.append(f"proposed by the rule: {self.proposed}; reviewed ({status}) by {self.review.get('by')} "
                         f"on {self.review.get('at')}: {self.review.get('why')}")
        lines.append(f"rule: rubric {self.rule.get('rubric')} version {self.rule.get('version')}, threshold {self.rule.get('threshold')}")
        if self.question == STANDARDISABLE:
            lines.append("criteria met: " + (", ".join(f"{c['name']} ({c['weight']})" for c in self.criteria_met) or "none"))
            lines.append("criteria missed: " + (", ".join(f"{c['name']} ({c['weight']})" for c in self.criteria_missed) or "none"))
            lines.append("criteria not recorded: " + (", ".join(f"{c['name']} ({c['weight']})" for c in self.criteria_not_recorded) or "none"))
            lines.append("blocking: " + ("; ".join(f"{c['name']} [{c['grounded_in']}]" for c in self.blocking) or "none"))
        for key, values in self.beside.items():
            lines.append(f"{key.replace('_', ' ')}: {', '.join(values) or 'none'}")
        if self.would_change:
            lines.append("would change it:")
            lines.extend(f"  - {change}" for change in self.would_change)
        lines.append("facts:")
        for fact in self.facts:
            sources = ", ".join(f"§{s}" for s in fact["sections"])
            extra = f" [{fact['verdict']}]" if fact.get("verdict") is not None else ""
            lines.append(f"  - {fact['id']} ({fact['type']}){extra}: {fact['label']} — {sources}")
            for quote in fact["quotes"]:
                lines.append(f"      « {quote} »")
        return "\n".join(lines) + "\n"


def _changes(sets: dict[str, list[list[str]]]) -> list[str]:
    """``{"standardisable": [["+explicit-rules"]]}`` -> ``["standardisable if explicit-rules is recorded"]``."""
    out = []
    for value in ("standardisable", "not-standardisable"):
        for combo in sets.get(value, []):
            said = [f"{c[1:]} is recorded" if c[0] == "+" else f"{c[1:]} is recorded as absent" for c in combo]
            out.append(f"{value} if " + " and ".join(said))
    return out


def explain(store, entity_id: str, case: str | None = None) -> Explanation:
    """Explain the verdict on a task, a post or a role of the loaded cases."""
    params = {"case": case} if case else {}
    rows = run_query(store, "evidence", {**params, "entity": entity_id}).rows
    if not rows:
        raise QueryError(f"no entity {entity_id!r}" + (f" in case {case!r}" if case else "") + "; see graphmap query evidence")
    cases = sorted({r["case"] for r in rows})
    if len(cases) > 1:
        raise QueryError(f"{entity_id!r} exists in several cases ({', '.join(cases)}); add --case")
    case = cases[0]
    kind = rows[0]["type"]
    if kind not in ("Task", "Post", "Role"):
        raise QueryError(f"{entity_id!r} is a {kind}: graphmap explains the verdicts on tasks, posts and roles")
    evidence = _evidence_by_entity(store, case)
    rubric = run_query(store, "rubric", {"case": case}).rows
    rule_row = {k: rubric[0][k] for k in ("rubric", "version", "threshold")} if rubric else {}
    weights = {r["characteristic"]: r for r in rubric}
    facts, rule, verdicts = case_verdicts(store, case)
    question = STANDARDISABLE if kind == "Task" else TYPOLOGY
    derived = next((v for v in verdicts if v.entity_id == entity_id and v.question == question), None)
    if derived is None:
        raise QueryError(f"{entity_id!r} has no {question} verdict; load the case again")
    review = {"status": derived.review, "by": derived.reviewer, "at": derived.reviewed_at, "why": derived.review_why}
    if kind == "Task":
        row = _row(store, "standardisable-tasks", "task", entity_id, case)

        def named(names, key="weight"):
            return [{"name": c, key: weights.get(c, {}).get("weight" if key == "weight" else "grounded_in")} for c in names]

        task = facts.tasks[derived.entity]
        out = Explanation(
            entity_id, case, kind, row["task_label"], question, row["verdict"], row["proposed"],
            str(derived.reason), {**rule_row, "score": row["score"]}, review,
            criteria_met=named(row["criteria_met"]), criteria_missed=named(row["criteria_missed"]),
            criteria_not_recorded=named(row["criteria_not_recorded"]), blocking=named(row["blocking"], "grounded_in"),
            beside={"constraints_on_ai_tools": row["constraints"], "non_ai_levers": row["non_ai_levers"]},
            would_change=_changes(settling_sets(rule, task.has, task.lacks)),
        )
        fact_ids = [entity_id, *row["constraints"], *row["non_ai_levers"]]
    else:
        row = _row(store, "role-typology", "id", entity_id, case)
        out = Explanation(entity_id, case, kind, row["label"], question, row["typology"], row["proposed"], row["reason"],
                          rule_row, review, would_change=typology_moves(facts, rule, verdicts, derived.entity))
        fact_ids = [entity_id, *(e.split("=")[0] for e in row["evidence"])]
    values = {v.entity_id: v.effective for v in verdicts if v.question in (STANDARDISABLE, TYPOLOGY)}
    for fact_id in dict.fromkeys(fact_ids):
        entries = evidence.get(fact_id, [])
        if not entries:
            continue
        out.facts.append({
            "id": fact_id,
            "type": entries[0]["type"],
            "label": entries[0]["label"],
            "sections": [e["section"] for e in entries],
            "quotes": sorted({q for e in entries for q in e["quotes"]}),
            "verdict": values.get(fact_id) if fact_id != entity_id else None,
        })
    return out


def _evidence_by_entity(store, case: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in run_query(store, "evidence", {"case": case}).rows:
        out.setdefault(row["entity"], []).append(row)
    return out


def _row(store, query: str, column: str, value: str, case: str) -> dict:
    for row in run_query(store, query, {"case": case}).rows:
        if row[column] == value:
            return row
    raise QueryError(f"{value!r} has no row in {query}")
