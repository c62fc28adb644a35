"""The report of one case: the organisation, the role typology, the task-by-criteria matrix,
non-usage reasons, usages, risks, maturity, and an interactive graph of the whole case.

Every figure comes from a named query (``run_query``), the graph from the exported case graph.
This module turns them into plain data for each section; ``templates/report/case.html.j2`` draws it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from graphmap.errors import ConfigError, StoreError
from graphmap.outputs.export import export_graph, to_networkx
from graphmap.query.named import run_query
from graphmap.derivation.verdicts import case_verdicts
from graphmap.outputs.report.exposure import case_exposure
from graphmap.outputs.report.graph import graph_data, pick
from graphmap.outputs.report.markup import render
from graphmap.outputs.report.texts import (MATURITY_ORDER, TYPOLOGY_ORDER, check_lang, class_label, concept_definitions,
                                           concept_label, concept_labels, reason_text, rubric_texts, term)

__all__ = ["render_case_report", "CASE_SECTIONS", "resolve_case", "study_and_organisation"]

CASE_SECTIONS = ("glance", "typology", "matrix", "nonusage", "usages", "risks", "maturity", "exposure", "graph")
STATUS_ORDER = ("effective", "experimented", "evoked")
INDICATOR_ORDER = ("positive", "to-progress", "not-identified")


@dataclass
class Context:
    lang: str
    case: str
    labels: dict[str, str]  # entity id -> label
    titles: dict[str, str]  # section number -> title
    reasons: dict[tuple[str, str], object]  # (entity id, question) -> its verdict's Reason

    def reason(self, entity: str, question: str, fallback: str) -> str:
        """Why the verdict on ``entity`` is what it is, in the report's language."""
        found = self.reasons.get((entity, question))
        return reason_text(found, self.lang) if found is not None else fallback

    def t(self, key: str) -> str:
        return term(self.lang, key)

    def src(self, numbers) -> list[dict]:
        """Section numbers for the ``sources`` macro: each with its title."""
        return [{"n": n, "title": self.titles.get(n, "")} for n in numbers]

    def ref(self, entity: str) -> dict:
        """A fact of the case for the ``ref`` macro: its id and its label."""
        return {"id": entity, "label": self.labels.get(entity, entity)}

    def refs(self, entities) -> list[dict]:
        return [self.ref(e) for e in entities]


def resolve_case(store, case: str | None) -> str:
    cases = store.cases()
    if case is None:
        if len(cases) == 1:
            return cases[0]
        raise ConfigError(f"{len(cases)} cases are loaded ({', '.join(cases) or 'none'}): say which with --case, "
                          "or ask for --barometer")
    if case not in cases:
        raise StoreError(f"no case {case!r} in the store at {store.location}; loaded: {', '.join(cases) or 'none'}")
    return case


def render_case_report(store, case: str | None, lang: str = "fr") -> str:
    """One self-contained HTML document reporting on ``case`` (the only loaded case when None)."""
    lang = check_lang(lang)
    case = resolve_case(store, case)

    results: dict[str, list[dict]] = {}

    def q(name: str) -> list[dict]:
        if name not in results:
            results[name] = run_query(store, name, {"case": case}).rows
        return results[name]

    evidence = q("evidence")
    graph = to_networkx(export_graph(store, case))
    labels = {r["entity"]: r["label"] for r in evidence}
    for _, attrs in graph.nodes(data=True):
        if attrs.get("identifier") and attrs.get(f"label_{lang}"):
            labels[attrs["identifier"]] = attrs[f"label_{lang}"]
    titles = {r["section"]: r["section_title"] for r in evidence if r["section_title"]}
    reasons = {(v.entity_id, v.question): v.reason for v in case_verdicts(store, case)[2]}
    ctx = Context(lang, case, labels, titles, reasons)
    maturity = q("maturity")
    study, organisation = study_and_organisation(graph, maturity)
    data = {
        "glance": _glance(ctx, evidence, q("typology-table"), maturity, study, organisation),
        "typology": _typology(ctx, q("typology-table"), q("role-typology")),
        "matrix": _matrix(ctx, q("standardisable-tasks"), q("rubric"), q("ai-fit")),
        "nonusage": _non_usage(ctx, q("non-usage-reasons")),
        "usages": _usages(ctx, q("usages")),
        "risks": _risks(ctx, q("risks")),
        "maturity": _maturity(ctx, maturity),
        "exposure": case_exposure(ctx.t, ctx.ref, concept_labels("NonUsageCategories", lang), q("exposure-gap"), q("exposure-gap-tasks"), q("exposure-agreement"),
                                  run_query(store, "reference-datasets").rows),
        "graph": None,  # the section is fixed text; its data is the JSON below
    }
    drawing = graph_data(graph, lang, (organisation or {}).get("iri"))
    texts = {"sources": ctx.t("sources"), "quotes": ctx.t("quotes"), "properties": ctx.t("properties"),
             "relations": ctx.t("relations"), "panel": ctx.t("graph_panel"),
             "types": {t: class_label(t, lang) for t in drawing["counts"]},
             "kinds": {k: ctx.t("kind_" + k) for k, _ in drawing["kinds"]}, "vocabulary": ctx.t("graph_vocabulary")}
    return render(
        "case.html.j2", lang=lang, t=ctx.t, case=case,
        title=f"{ctx.t('case_title')} — {pick(study, 'label', lang) or case}",
        organisation=(pick(organisation, "label", lang) or "") if organisation else None,
        sections=[{"key": key, "title": ctx.t("s_" + key)} for key in CASE_SECTIONS],
        data=data, graph_data=drawing, graph_texts=texts,
    )


def study_and_organisation(graph: nx.MultiDiGraph, maturity: list[dict]) -> tuple[dict, dict | None]:
    """The case's study node and the organisation it studies (else the assessed one, else the first internal one)."""
    study = next((attrs for _, attrs in graph.nodes(data=True) if attrs.get("type") == "Study"), {})
    orgs = {attrs.get("identifier"): attrs for _, attrs in graph.nodes(data=True) if "Organisation" in str(attrs.get("type"))}
    for iri, attrs in graph.nodes(data=True):
        if attrs.get("type") == "Study":
            for _, target, key in graph.out_edges(iri, keys=True):
                if key == "STUDY_OF":
                    return study, graph.nodes[target]
    for row in maturity:
        if row["organisation"] in orgs:
            return study, orgs[row["organisation"]]
    internal = [attrs for ident, attrs in sorted(orgs.items(), key=lambda kv: str(kv[0])) if not attrs.get("external")]
    return study, (internal[0] if internal else None)


def _glance(ctx: Context, evidence, typology_table, maturity, study: dict, organisation: dict | None) -> dict:
    lang = ctx.lang
    kinds: dict[str, set[str]] = {}
    for row in evidence:
        kinds.setdefault(row["type"], set()).add(row["entity"])
    count = lambda *types: len(set().union(*(kinds.get(t, set()) for t in types)))  # noqa: E731
    cards = []
    if organisation and organisation.get("staffSize") is not None:
        cards.append((organisation["staffSize"], ctx.t("staff")))
    cards += [(count("Role"), ctx.t("roles")), (count("Post"), ctx.t("posts")), (count("Task"), ctx.t("tasks")),
              (count("Usage"), ctx.t("usages")), (count("NonUsage"), ctx.t("non_usages")),
              (count("NonUsageReason"), ctx.t("reasons")), (count("AITool", "Capsule"), ctx.t("tools")),
              (count("Risk"), ctx.t("risks"))]
    if maturity:
        cards.append((concept_label("MaturityLevels", maturity[0]["level"], lang), ctx.t("maturity")))
    facts = []  # term, text, and the code written after the text (None: none)
    if organisation:
        facts.append((ctx.t("organisation"), pick(organisation, "label", lang), organisation.get("identifier") or ""))
        for key, base in (("sector", "sector"), ("perimeter", "perimeter")):
            if pick(organisation, base, lang):
                facts.append((ctx.t(key), pick(organisation, base, lang), None))
        if organisation.get("staffSize") is not None:
            facts.append((ctx.t("staff"), organisation["staffSize"], None))
    if study:
        facts.append((ctx.t("study"), pick(study, "label", lang), None))
        for key in ("date", "method"):
            if pick(study, key, lang):
                facts.append((ctx.t(key), pick(study, key, lang), None))
    summary = Counter()
    for row in typology_table:
        summary[row["typology"]] += row["role_count"] + row["post_count"]
    return {
        "cards": [{"n": n, "k": k} for n, k in cards],
        "facts": [{"term": k, "text": v, "code": code} for k, v, code in facts],
        "description": pick(organisation, "description", lang) if organisation else None,
        "key": [{"typology": v, "count": summary.get(v, 0)} for v in TYPOLOGY_ORDER],
    }


def _typology(ctx: Context, typology_table, rows) -> dict:
    def evidence(items: list[str]) -> list[dict]:
        out = []
        for item in items:
            entity, _, verdict = item.partition("=")
            out.append({"ref": ctx.ref(entity), "verdict": verdict or None})
        return out

    return {
        "summary": [{"typology": r["typology"], "roles": ctx.refs(r["roles"]), "posts": ctx.refs(r["posts"]),
                     "count": r["role_count"] + r["post_count"], "sources": ctx.src(r["sources"])} for r in typology_table],
        "rows": [{"kind": r["kind"], "ref": ctx.ref(r["id"]), "typology": r["typology"],
                  "review": _review(ctx, r, ctx.t), "reason": ctx.reason(r["id"], "typology", r["reason"]),
                  "evidence": evidence(r["evidence"]), "sources": ctx.src(r["sources"])} for r in rows],
    }


def _review(ctx: Context, row: dict, show) -> dict | None:
    """The review of a row's verdict for the ``review`` macro; None when it was not reviewed."""
    if row.get("review") in (None, "none"):
        return None
    return {"text": f'{ctx.t(row["review"])} ({row["reviewed_by"]}); {ctx.t("proposed")}{ctx.t("colon")}{show(row["proposed"])}',
            "kind": row["review"]}


def _matrix(ctx: Context, tasks, rubric, ai_fit) -> dict:
    names = concept_labels("TaskCharacteristics", ctx.lang)
    criteria = sorted((r for r in rubric if r["kind"] == "criterion"), key=lambda r: (-(r["weight"] or 0), r["criterion"]))
    blocking = sorted((r for r in rubric if r["kind"] == "blocking"), key=lambda r: r["criterion"])
    fit = {r["task"]: r for r in ai_fit}
    rows = []
    for task in tasks:
        # the row's class is v-<outcome>, the verdict's badge b-<kind>
        outcome = {"standardisable": "std", "undetermined": "undetermined"}.get(
            task["verdict"], "blocked" if task["blocking"] else "low")
        row_fit = fit.get(task["task"])
        if row_fit:
            beside = [{"key": key, "refs": ctx.refs(row_fit[column])}
                      for key, column in (("constraints", "blocking_constraints"), ("levers", "non_ai_levers"),
                                          ("tools", "ai_tools")) if row_fit[column]]
            row_fit = {"fit": row_fit["fit"], "reason": ctx.reason(task["task"], "ai-fit", row_fit["reason"]),
                       "beside": beside}
        rows.append({
            "ref": ctx.ref(task["task"]), "sources": ctx.src(task["sources"]), "holder": ctx.ref(task["holder"]),
            "outcome": outcome, "kind": "block" if outcome == "blocked" else outcome,
            "states": ["met" if r["characteristic"] in task["criteria_met"] else
                       "missed" if r["characteristic"] in task["criteria_missed"] else "not_recorded" for r in criteria],
            "blocks": [r["characteristic"] in task["blocking"] for r in blocking],
            "score": task["score"], "verdict": ctx.t(task["verdict"].replace("-", "_")),
            "review": _review(ctx, task, lambda v: ctx.t(v.replace("-", "_"))), "fit": row_fit,
        })
    note = ""
    grounded: dict[str, str | None] = {}
    if rubric:
        name, grounded = rubric_texts(rubric[0]["rubric"], ctx.lang)
        note = ctx.t("rubric_note").format(rubric=cap(name), version=rubric[0]["version"], threshold=rubric[0]["threshold"])

    def title(row) -> str:
        # the reference a criterion is grounded in, in the report's language: the shipped rubric
        # writes it in English only, so a French report leaves it out; another rubric's as loaded
        if row["criterion"] in grounded:
            return grounded[row["criterion"]] or ""
        return row["grounded_in"] or ""

    return {
        "note": note,
        "criteria": [{"title": title(r), "name": names.get(r["characteristic"], r["criterion"]),
                      "weight": r["weight"]} for r in criteria],
        "blocking": [{"title": title(r), "name": names.get(r["characteristic"], r["criterion"])} for r in blocking],
        "tasks": rows,
    }


def _non_usage(ctx: Context, rows) -> list[dict]:
    labels = concept_labels("NonUsageCategories", ctx.lang)
    definitions = concept_definitions("NonUsageCategories", ctx.lang)
    by_category: dict[str, list[dict]] = {c: [] for c in labels}
    for row in rows:
        by_category.setdefault(row["category"], []).append(row)
    order = sorted(by_category, key=lambda c: (-len(by_category[c]), labels.get(c, c)))
    out = []
    for category in order:
        items = by_category[category]
        label = labels.get(category) or (items[0]["category_label"] if items else category)
        out.append({
            "id": category, "label": cap(label), "definition": definitions.get(category),
            "reasons": [{
                "ref": ctx.ref(row["reason"]), "sources": ctx.src(row["sources"]), "quotes": row["quotes"],
                "meta": [{"key": key, "refs": ctx.refs(row[key])} for key in ("non_usages", "concerns", "related_to")
                         if row[key]],
            } for row in items],
        })
    return out


def _usages(ctx: Context, rows) -> list[dict]:
    statuses = concept_labels("UsageStatuses", ctx.lang)
    attestations = concept_labels("UsageAttestations", ctx.lang)
    present = sorted({r["status"] for r in rows}, key=lambda s: (STATUS_ORDER.index(s) if s in STATUS_ORDER else 9, s))
    return [{
        "status": status, "label": statuses.get(status, status),
        "rows": [{"ref": ctx.ref(r["usage"]), "attestation": attestations.get(r["attestation"], r["attestation"] or ""),
                  "tools": ctx.refs(r["tools"]), "tasks": ctx.refs(r["tasks"]), "used_by": ctx.refs(r["used_by"]),
                  "beneficiaries": ctx.refs(r["beneficiaries"]), "benefits": r["benefits"],
                  "limitations": r["limitations"], "sources": ctx.src(r["sources"])}
                 for r in rows if r["status"] == status],
    } for status in present]


def _risks(ctx: Context, rows) -> list[dict]:
    return [{"ref": ctx.ref(r["risk"]), "mitigated_by": ctx.refs(r["mitigated_by"]),
             "addressed_by": ctx.refs(r["addressed_by"]), "sources": ctx.src(r["sources"])} for r in rows]


def _maturity(ctx: Context, rows) -> list[dict]:
    levels = concept_labels("MaturityLevels", ctx.lang)
    kinds = concept_labels("IndicatorKinds", ctx.lang)
    scale = [n for n in MATURITY_ORDER if n in levels] + [n for n in sorted(levels) if n not in MATURITY_ORDER]
    out = []
    for assessment in dict.fromkeys(r["assessment"] for r in rows):
        of = [r for r in rows if r["assessment"] == assessment]
        first = of[0]
        of = [r for r in of if r["indicator"]]  # an assessment may have no indicator
        groups = sorted({r["indicator_kind"] for r in of}, key=lambda k: (INDICATOR_ORDER.index(k) if k in INDICATOR_ORDER else 9, k))
        out.append({
            "organisation": ctx.ref(first["organisation"]), "level": levels.get(first["level"], first["level"]),
            "towards": levels.get(first["towards"], first["towards"]) if first["towards"] else None,
            # a step of the scale: the level reached (class now), the one aimed at (towards), or another
            "scale": [{"label": levels[n],
                       "state": "now" if n == first["level"] else "towards" if n == first["towards"] else ""}
                      for n in scale],
            "groups": [{"kind": kind, "label": cap(kinds.get(kind, kind)),
                        "indicators": [{"label": r["indicator_label"], "sources": ctx.src(r["sources"])}
                                       for r in of if r["indicator_kind"] == kind]} for kind in groups],
        })
    return out


def cap(text: str) -> str:
    """``text`` with its first letter capitalised (the rest as written)."""
    return text[:1].upper() + text[1:]
