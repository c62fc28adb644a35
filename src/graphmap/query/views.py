"""Named queries computed from other named queries, identical on every store.

``ai-fit`` separates what is standardisable from what an AI tool should serve;
``blocking-constraints`` ranks constraints by what they block, walking the graph of
constraints, holders and tasks with networkx.

A view runs the queries it is computed from together (``run_queries``): at the same time, and
as one read, so that a load never falls between them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

from graphmap.derivation.engine import TYPOLOGY_VALUES
from graphmap.query.catalogue import run_queries

__all__ = ["View", "VIEWS"]


@dataclass(frozen=True)
class View:
    title: str
    description: str
    columns: tuple[str, ...]
    lists: tuple[str, ...]
    order: tuple[str, ...]
    compute: Callable[[Any, dict], list[dict]]


def _run(store, params: dict, *names: str) -> list[list[dict]]:
    """The rows of the named queries ``names``, run together as one read (see run_queries)."""
    results = run_queries(store, list(names), {"case": params.get("case")} if params.get("case") else {})
    return [results[name].rows for name in names]


def ai_fit(store, params: dict) -> list[dict]:
    # the class itself, and the constraints that keep AI tools away, are a verdict the derivation
    # engine wrote (derive.py), read by standardisable-tasks; this view puts it beside the AI
    # tools already used for the task
    tasks, usages = _run(store, params, "standardisable-tasks", "usages")
    tools: dict[tuple[str, str], set[str]] = {}
    for usage in usages:
        for task in usage["tasks"]:
            tools.setdefault((usage["case"], task), set()).update(usage["tools"])
    rows = []
    for t in tasks:
        key = t["case"]
        rows.append({
            "case": t["case"], "task": t["task"], "task_label": t["task_label"], "holder": t["holder"],
            "score": t["score"], "standardisable": t["standardisable"], "verdict": t["verdict"],
            "fit": t["fit"], "reason": t["fit_reason"],
            "ai_tools": sorted(tools.get((key, t["task"]), ())), "blocking_constraints": t["fit_blocking"],
            "non_ai_levers": t["non_ai_levers"], "sources": t["sources"],
        })
    return rows


def blocking_constraints(store, params: dict) -> list[dict]:
    import networkx as nx  # here, not at the top: 0.11 s for every query otherwise

    tasks, constraints = _run(store, params, "tasks", "constraints")
    graph = nx.DiGraph()
    holders_of: dict[tuple[str, str], set[str]] = {}  # (case, task) -> its holders
    for t in tasks:
        graph.add_edge(("holder", t["case"], t["holder"]), ("task", t["case"], t["task"]))
        holders_of.setdefault((t["case"], t["task"]), set()).add(t["holder"])
    rows = []
    for c in constraints:
        node = ("constraint", c["case"], c["constraint"])
        graph.add_node(node)
        for target in c["affects"]:
            kind = "task" if graph.has_node(("task", c["case"], target)) else "holder"
            graph.add_edge(node, (kind, c["case"], target))
        reached = nx.descendants(graph, node)
        blocked_tasks = sorted(n[2] for n in reached if n[0] == "task")
        holders = {n[2] for n in reached if n[0] == "holder"}
        for task in blocked_tasks:
            holders |= holders_of.get((c["case"], task), set())
        rows.append({
            "case": c["case"], "constraint": c["constraint"], "label": c["label"], "type": c["type"],
            "blocks_ai_tools": c["blocks_ai_tools"], "allows_tools": c["allows_tools"], "tasks_blocked": len(blocked_tasks),
            "holders_blocked": len(holders), "tasks": blocked_tasks, "holders": sorted(holders),
            "sources": c["sources"],
        })
    rows.sort(key=lambda r: (r["case"], -r["tasks_blocked"], -r["holders_blocked"], r["constraint"]))
    return rows


def capsule_reach(store, params: dict) -> list[dict]:
    import networkx as nx

    capsules, usages = _run(store, params, "capsules", "usages")
    usages_of: dict[str, list[dict]] = {}  # case -> its usages, in query order
    for usage in usages:
        usages_of.setdefault(usage["case"], []).append(usage)
    rows = []
    for capsule in capsules:
        graph = nx.Graph()
        for usage in usages_of.get(capsule["case"], ()):
            if capsule["capsule"] in usage["tools"]:
                for holder in usage["used_by"] + usage["beneficiaries"]:
                    graph.add_edge(("usage", usage["usage"]), ("holder", holder))
        holders = sorted(n[1] for n in graph if n[0] == "holder")
        rows.append({
            "case": capsule["case"], "capsule": capsule["capsule"], "label": capsule["label"],
            "holders_served": len(holders), "holders": holders,
            "usages": sorted(n[1] for n in graph if n[0] == "usage"), "intended_for": capsule["intended_for"],
            "sources": capsule["sources"],
        })
    rows.sort(key=lambda r: (r["case"], -r["holders_served"], r["capsule"]))
    return rows


def similar_holders(store, params: dict) -> list[dict]:
    import networkx as nx

    # the characteristics the rubric sees: those of its weighted criteria and blocking conditions
    rubric, tasks = _run(store, params, "rubric", "tasks")
    seen = {r["characteristic"] for r in rubric if r["kind"] == "blocking" or r["weight"] is not None}
    tasks_of: dict[str, list[dict]] = {}  # case -> its tasks, in query order
    for t in tasks:
        tasks_of.setdefault(t["case"], []).append(t)
    rows = []
    for case in sorted(tasks_of):
        graph = nx.Graph()
        sources: dict[str, set[str]] = {}
        for t in tasks_of[case]:
            sources.setdefault(t["holder"], set()).update(t["sources"])
            for characteristic in t["characteristics"]:
                if characteristic in seen:
                    graph.add_edge(("holder", t["holder"]), ("characteristic", characteristic))
        holders = sorted(n for n in graph if n[0] == "holder")
        pairs = [(a, b) for i, a in enumerate(holders) for b in holders[i + 1:]]
        for a, b, score in nx.jaccard_coefficient(graph, pairs):
            if score > 0:
                shared = sorted(n[1] for n in nx.common_neighbors(graph, a, b))
                rows.append({"case": case, "holder": a[1], "other": b[1], "similarity": round(score, 2),
                             "shared_characteristics": shared,
                             "sources": sorted(sources.get(a[1], set()) | sources.get(b[1], set()))})
    rows.sort(key=lambda r: (r["case"], -r["similarity"], r["holder"], r["other"]))
    return rows


def typology_table(store, params: dict) -> list[dict]:
    rows = []
    verdicts: dict[tuple[str, str], list[dict]] = {}  # (case, typology) -> its rows, in query order
    (typology,) = _run(store, params, "role-typology")
    for r in typology:
        verdicts.setdefault((r["case"], r["typology"]), []).append(r)
    for case in sorted({case for case, _ in verdicts}):
        for verdict in TYPOLOGY_VALUES:
            of = verdicts.get((case, verdict), [])
            if verdict == "undetermined" and not of:
                continue  # a row only when the facts leave some typology open
            roles = sorted(r["id"] for r in of if r["kind"] == "role")
            posts = sorted(r["id"] for r in of if r["kind"] == "post")
            rows.append({
                "case": case, "typology": verdict, "roles": roles, "posts": posts,
                "role_count": len(roles), "post_count": len(posts),
                "sources": sorted({s for r in of for s in r["sources"]}),
            })
    return rows


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters over ``pairs`` (None when there is nothing to compare)."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in set(first) | set(second)) / (n * n)
    if expected == 1:
        return 1.0 if observed == 1 else 0.0
    return round((observed - expected) / (1 - expected), 3)


def exposure_agreement(store, params: dict) -> list[dict]:
    """Per case and per dataset measure, how far the O*NET labels of the linked task statements
    agree with the standardisable verdicts: counts and Cohen's kappa between "E1 or E2" and
    "standardisable", over the tasks whose verdict is settled; a last row per measure sums up
    every case loaded (case "*")."""
    (tasks,) = _run(store, params, "exposure-gap-tasks")
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for r in tasks:
        for case in (r["case"], "*"):
            groups.setdefault((case, r["dataset"], r["measure"]), []).append(r)
    rows = []
    for (case, dataset, measure), of in sorted(groups.items(), key=lambda kv: (kv[0][0] == "*", kv[0])):
        settled = [r for r in of if r["agreement"] != "undetermined"]
        pairs = [("exposed" if r["category"] in ("E1", "E2") else "not-exposed",
                  "exposed" if r["standardisable"] == "standardisable" else "not-exposed") for r in settled]
        agree = sum(r["agreement"] == "agree" for r in settled)
        rows.append({
            "case": case, "dataset": dataset, "measure": measure, "links": len(of), "settled": len(settled),
            "undetermined": len(of) - len(settled), "agree": agree, "disagree": len(settled) - agree,
            "agreement_pct": round(100 * agree / len(settled), 1) if settled else None,
            "kappa": cohen_kappa(pairs),
            "disagreements": sorted(f"{r['task']} ({r['category']} / {r['standardisable']})"
                                    for r in settled if r["agreement"] == "disagree"),
        })
    return rows


VIEWS: dict[str, View] = {
    "exposure-agreement": View(
        "Agreement of O*NET exposure labels with the verdicts",
        "For each case and each task-level measure of the reference datasets loaded, the tasks linked to O*NET task "
        "statements, how many have a settled verdict, how many agree (E1 or E2 with standardisable, E0 with "
        "not-standardisable), the percentage and Cohen's kappa over the settled ones, and the disagreements; "
        "case * sums up every case. Undetermined verdicts are counted apart, never as a no.",
        ("case", "dataset", "measure", "links", "settled", "undetermined", "agree", "disagree", "agreement_pct", "kappa",
         "disagreements"),
        ("disagreements",),
        (),
        exposure_agreement,
    ),
    "capsule-reach": View(
        "Capsules ranked by the posts and roles they serve",
        "For every capsule, the posts, roles and units that use it or benefit from it through the usages "
        "of the case (a usage-holder graph in networkx), ranked by how many they reach.",
        ("case", "capsule", "label", "holders_served", "holders", "usages", "intended_for", "sources"),
        ("holders", "usages", "intended_for", "sources"),
        ("case", "holders_served", "capsule"),
        capsule_reach,
    ),
    "similar-holders": View(
        "Posts and roles most alike by their tasks",
        "Pairs of posts or roles whose tasks share characteristics (Jaccard coefficient over the bipartite graph "
        "of holders and the task characteristics the rubric sees, computed with networkx), most alike first.",
        ("case", "holder", "other", "similarity", "shared_characteristics", "sources"),
        ("shared_characteristics", "sources"),
        ("case", "similarity", "holder", "other"),
        similar_holders,
    ),
    "typology-table": View(
        "Typology of roles and posts, by verdict",
        "The study's §5 table rebuilt from the facts: for each case, the roles and posts that are effective "
        "users, exploring, not concerned, or undetermined (only when some are), with their counts (see role-typology for the reason of each).",
        ("case", "typology", "roles", "posts", "role_count", "post_count", "sources"),
        ("roles", "posts", "sources"),
        ("case", "typology"),
        typology_table,
    ),
    "ai-fit": View(
        "AI fit of every task",
        "Standardisable is not the same as worth an AI tool. Every task is classed as ai-fit (standardisable, "
        "no non-AI improvement serves it, no constraint keeps AI tools away), non-ai-lever (standardisable, but an "
        "organisational change without AI already serves it), blocked (standardisable, but data or systems that "
        "approved AI tools may not reach), not-standardisable, or undetermined (whether it is standardisable is not "
        "settled by the facts recorded; the reason says what it would be if it were); with the AI tools already used for it.",
        ("case", "task", "task_label", "holder", "score", "standardisable", "verdict", "fit", "reason", "ai_tools",
         "blocking_constraints", "non_ai_levers", "sources"),
        ("ai_tools", "blocking_constraints", "non_ai_levers", "sources"),
        ("case", "task"),
        ai_fit,
    ),
    "blocking-constraints": View(
        "Constraints ranked by what they block",
        "Every constraint with the tasks it weighs on (directly, or through the post or role it weighs on) and the "
        "posts and roles concerned, ranked by the number of tasks then holders (a walk of the constraint -> holder "
        "-> task graph with networkx); blocks_ai_tools says whether it keeps AI tools away, allows_tools the tools "
        "it lets in all the same (then it blocks no task's AI fit: see ai-fit).",
        ("case", "constraint", "label", "type", "blocks_ai_tools", "allows_tools", "tasks_blocked", "holders_blocked",
         "tasks", "holders", "sources"),
        ("allows_tools", "tasks", "holders", "sources"),
        ("case", "tasks_blocked", "holders_blocked", "constraint"),
        blocking_constraints,
    ),
}
