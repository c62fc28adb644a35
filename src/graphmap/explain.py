"""Explain a verdict: which facts, which rubric criteria, which rule version led to it.

Works on either store: it only reads named queries (``standardisable-tasks``,
``role-typology``, ``rubric``, ``evidence``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import QueryError
from .queries import run_query

__all__ = ["Explanation", "explain"]


@dataclass
class Explanation:
    id: str
    case: str
    type: str
    label: str
    question: str  # "standardisable" for a task, "typology" for a post or a role
    verdict: Any
    reason: str
    rule: dict[str, Any]
    criteria_met: list[dict[str, Any]] = field(default_factory=list)
    criteria_missed: list[dict[str, Any]] = field(default_factory=list)
    blocking: list[dict[str, Any]] = field(default_factory=list)
    beside: dict[str, list[str]] = field(default_factory=dict)
    facts: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_text(self) -> str:
        lines = [f"{self.id} ({self.type}, case {self.case}): {self.label}"]
        verdict = {True: "standardisable", False: "not standardisable"}.get(self.verdict, self.verdict)
        lines.append(f"verdict: {verdict} — {self.reason}")
        lines.append(f"rule: rubric {self.rule.get('rubric')} version {self.rule.get('version')}, threshold {self.rule.get('threshold')}")
        if self.question == "standardisable":
            lines.append("criteria met: " + (", ".join(f"{c['name']} ({c['weight']})" for c in self.criteria_met) or "none"))
            lines.append("criteria missed: " + (", ".join(f"{c['name']} ({c['weight']})" for c in self.criteria_missed) or "none"))
            lines.append("blocking: " + ("; ".join(f"{c['name']} [{c['grounded_in']}]" for c in self.blocking) or "none"))
        for key, values in self.beside.items():
            lines.append(f"{key.replace('_', ' ')}: {', '.join(values) or 'none'}")
        lines.append("facts:")
        for fact in self.facts:
            sources = ", ".join(f"§{s}" for s in fact["sections"])
            extra = f" [{fact['verdict']}]" if fact.get("verdict") is not None else ""
            lines.append(f"  - {fact['id']} ({fact['type']}){extra}: {fact['label']} — {sources}")
            for quote in fact["quotes"]:
                lines.append(f"      « {quote} »")
        return "\n".join(lines) + "\n"


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
    evidence = _evidence_by_entity(store, case)
    rubric = run_query(store, "rubric", {"case": case}).rows
    rule = {k: rubric[0][k] for k in ("rubric", "version", "threshold")} if rubric else {}
    weights = {r["characteristic"]: r for r in rubric}
    if kind == "Task":
        row = _row(store, "standardisable-tasks", "task", entity_id, case)
        out = Explanation(
            entity_id, case, kind, row["task_label"], "standardisable", row["standardisable"],
            _task_reason(row), {**rule, "score": row["score"]},
            criteria_met=[{"name": c, "weight": weights.get(c, {}).get("weight")} for c in row["criteria_met"]],
            criteria_missed=[{"name": c, "weight": weights.get(c, {}).get("weight")} for c in row["criteria_missed"]],
            blocking=[{"name": c, "grounded_in": weights.get(c, {}).get("grounded_in")} for c in row["blocking"]],
            beside={"constraints_on_ai_tools": row["constraints"], "non_ai_levers": row["non_ai_levers"]},
        )
        fact_ids = [entity_id, *row["constraints"], *row["non_ai_levers"]]
    elif kind in ("Post", "Role"):
        row = _row(store, "role-typology", "id", entity_id, case)
        out = Explanation(entity_id, case, kind, row["label"], "typology", row["typology"], row["reason"], rule)
        fact_ids = [entity_id, *(e.split("=")[0] for e in row["evidence"])]
    else:
        raise QueryError(f"{entity_id!r} is a {kind}: graphmap explains the verdicts on tasks, posts and roles")
    tasks = {r["task"]: r for r in run_query(store, "standardisable-tasks", {"case": case}).rows}
    typology = {r["id"]: r for r in run_query(store, "role-typology", {"case": case}).rows}
    for fact_id in dict.fromkeys(fact_ids):
        entries = evidence.get(fact_id, [])
        if not entries:
            continue
        verdict = None
        if fact_id != entity_id:
            if fact_id in tasks:
                verdict = "standardisable" if tasks[fact_id]["standardisable"] else "not standardisable"
            elif fact_id in typology:
                verdict = typology[fact_id]["typology"]
        out.facts.append({
            "id": fact_id,
            "type": entries[0]["type"],
            "label": entries[0]["label"],
            "sections": [e["section"] for e in entries],
            "quotes": sorted({q for e in entries for q in e["quotes"]}),
            "verdict": verdict,
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


def _task_reason(row: dict) -> str:
    if row["blocking"]:
        return "blocked by " + ", ".join(row["blocking"])
    relation = ">=" if row["standardisable"] else "<"
    return f"score {row['score']} {relation} threshold"
