"""Calibrating the rubric against people: how far the rule's proposals agree with the reviews,
and what another rubric would change before it is adopted.

``agreement`` compares, for every reviewed verdict of the loaded cases, the value the rule
proposes (under the rubric in force, or another one) with the value the reviewer settled on:
counts, percentage and Cohen's kappa per question, and each disagreement with the rule's
reason and the reviewer's. ``rubric_diff`` derives every loaded case again under another
rubric (reviews included: a reviewed verdict keeps its reviewed value) and lists the verdicts,
AI-fit classes and typologies whose effective value would change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graphmap.derivation.engine import AI_FIT, STANDARDISABLE, TYPOLOGY, Rule, derive, facts_of, task_value
from graphmap.query.catalogue import Result
from graphmap.query.views import cohen_kappa
from graphmap.derivation.verdicts import latest_reviews, reviews_by_case

__all__ = ["Agreement", "agreement", "rubric_diff", "cohen_kappa"]


@dataclass
class Agreement:
    summary: Result
    disagreements: Result
    rubric: dict = field(default_factory=dict)


def _reviewed_value(question: str, value: str) -> str:
    return task_value(value) if question == STANDARDISABLE else value


def agreement(store, rule: Rule | None = None) -> Agreement:
    """Agreement between the rule's proposals (under ``rule``, else the rubric in force) and the reviews."""
    rule = rule or store.stored_rule()
    graph = store.read_reviews()
    reviews = latest_reviews(graph)
    loaded = set(store.cases())
    by_case = reviews_by_case(graph)
    proposed: dict[tuple[str, str, str], tuple[str, str]] = {}
    for case in sorted({case for case, _, _ in reviews} & loaded):
        for v in derive(facts_of(case, store.case_ntriples(case)), rule, by_case.get(case)):
            proposed[(case, v.entity_id, v.question)] = (v.proposed, str(v.reason))
    pairs: dict[str, list[tuple[str, str]]] = {STANDARDISABLE: [], TYPOLOGY: []}
    rows = []
    for (case, entity, question), (review, _) in sorted(reviews.items()):
        if (case, entity, question) not in proposed or question not in pairs:
            continue  # a review of an entity no longer loaded
        value, reason = proposed[(case, entity, question)]
        reviewed = _reviewed_value(question, review.value)
        pairs[question].append((value, reviewed))
        if value != reviewed:
            rows.append({"case": case, "question": question, "id": entity, "proposed": value, "reviewed": reviewed,
                         "rule_reason": reason, "reviewer_reason": review.why, "reviewed_by": review.by})
    summary = []
    for question, items in pairs.items():
        agree = sum(a == b for a, b in items)
        summary.append({"question": question, "reviewed": len(items), "agree": agree, "disagree": len(items) - agree,
                        "percent": round(100 * agree / len(items), 1) if items else None,
                        "kappa": cohen_kappa(items), "rubric_version": rule.version})
    return Agreement(
        Result("rubric-check", ["question", "reviewed", "agree", "disagree", "percent", "kappa", "rubric_version"], summary),
        Result("rubric-check-disagreements", ["case", "question", "id", "proposed", "reviewed", "rule_reason",
                                              "reviewer_reason", "reviewed_by"], rows),
        {"rubric": rule.name, "version": rule.version},
    )


def rubric_diff(store, other: Rule) -> tuple[Result, Result]:
    """What ``other`` would change: (summary per question, every changed verdict)."""
    current = store.stored_rule()
    by_case = reviews_by_case(store.read_reviews())
    rows = []
    totals: Counter = Counter()
    changed: Counter = Counter()
    for case in store.cases():
        facts = facts_of(case, store.case_ntriples(case))
        now = {(v.entity_id, v.question): v for v in derive(facts, current, by_case.get(case))}
        then = {(v.entity_id, v.question): v for v in derive(facts, other, by_case.get(case))}
        for key, before in sorted(now.items()):
            after = then[key]
            totals[key[1]] += 1
            if before.effective != after.effective:
                changed[key[1]] += 1
                rows.append({"case": case, "question": key[1], "id": key[0], "now": before.effective,
                             "with_file": after.effective, "review": after.review, "reason": str(after.reason)})
    order = {STANDARDISABLE: 0, AI_FIT: 1, TYPOLOGY: 2}
    rows.sort(key=lambda r: (r["case"], order[r["question"]], r["id"]))
    summary = [{"question": q, "verdicts": totals[q], "changed": changed[q], "rubric_now": current.version,
                "rubric_file": other.version} for q in (STANDARDISABLE, AI_FIT, TYPOLOGY)]
    return (Result("rubric-diff", ["question", "verdicts", "changed", "rubric_now", "rubric_file"], summary),
            Result("rubric-diff-changes", ["case", "question", "id", "now", "with_file", "review", "reason"], rows))
