"""The reports' section "published exposure against observed use" (issue 20): what the literature
predicts for the occupations a case's roles are linked to (the reference datasets loaded), beside
the typology the case's facts give, with the two surprising quadrants named, the task-level
agreement and the attribution of every dataset shown. Figures come from the named queries
``exposure-gap``, ``exposure-gap-tasks``, ``exposure-agreement`` and ``reference-datasets``.
"""

from __future__ import annotations

from graphmap.outputs.report.markup import Bar, bar_chart
from graphmap.outputs.report.texts import TYPOLOGY_COLOURS, TYPOLOGY_ORDER

__all__ = ["case_exposure", "barometer_exposure", "HEADLINE"]

# The headline measure: Eloundou et al.'s beta by human annotators (E1 + half of E2), the one the
# paper itself leads with; the other measures are in the table.
HEADLINE = ("eloundou-2024", "human_rating_beta")
MEASURES = (("eloundou-2024", "human_rating_beta", "beta_human"), ("eloundou-2024", "dv_rating_beta", "beta_gpt"),
            ("tomlinson-2025", "ai_applicability_score", "applicability"))
TICKS = [(0.0, "0"), (0.25, "0.25"), (0.5, "0.5"), (0.75, "0.75"), (1.0, "1")]


def attribution(datasets: list[dict]) -> list[str]:
    """One sentence per dataset loaded: its citation, licence and source (required by CC BY 4.0)."""
    return [f"{d['citation']}. {d['licence']}. {d['source']}" + (f" ({d['commit'][:12]})" if d.get("commit") else "")
            for d in datasets]


def case_exposure(t, ref, categories: dict[str, str], gap: list[dict], tasks: list[dict], agreement: list[dict],
                  datasets: list[dict]) -> dict:
    """The section's data for one case: ``ref`` turns an entity id into the report's reference,
    ``categories`` a non-usage category into its label."""
    if not gap and not tasks:
        return {"available": False, "datasets": bool(datasets), "attribution": attribution(datasets)}
    holders: dict[tuple[str, str], dict] = {}
    for row in gap:
        holder = holders.setdefault((row["kind"], row["id"]), {
            "kind": row["kind"], "ref": ref(row["id"]), "occupation": row["occupation"], "typology": row["typology"],
            "values": {}, "band": None, "flag": "", "reasons": [categories.get(c, c) for c in row["reasons"]]})
        holder["values"][(row["dataset"], row["measure"])] = row["value"]
        if (row["dataset"], row["measure"]) == HEADLINE:
            holder["band"], holder["flag"] = row["exposure"], row["flag"]
    ordered = sorted(holders.values(), key=lambda h: (h["kind"] != "role", -(h["values"].get(HEADLINE) or -1), h["ref"]["label"]))
    roles = [h for h in ordered if h["kind"] == "role" and HEADLINE in h["values"]]
    chart = bar_chart(
        t("exposure_chart"),
        [Bar(h["ref"]["label"], [(h["values"][HEADLINE], TYPOLOGY_COLOURS[h["typology"]], t(h["typology"]))],
             note=f"{h['values'][HEADLINE]:.2f} · {t('band_' + h['band'])}") for h in roles],
        legend=[(t(v), TYPOLOGY_COLOURS[v]) for v in TYPOLOGY_ORDER], maximum=1.0, ticks=TICKS,
    ) if roles else None
    rows = [{**h, "cells": [_number(h["values"].get((d, m))) for d, m, _ in MEASURES],
             "band": t("band_" + h["band"]) if h["band"] else "—"} for h in ordered]
    human = [r for r in tasks if r["measure"] == "human_exposure_agg"]
    summary = next((r for r in agreement if r["case"] != "*" and r["measure"] == "human_exposure_agg"), None)
    return {
        "available": True, "chart": chart, "rows": rows,
        "measures": [t(key) for _, _, key in MEASURES],
        "surprises": [{"key": key, "refs": [h["ref"] for h in ordered if h["flag"] == key]}
                      for key in ("exposed-not-concerned", "unexposed-effective-user")],
        "tasks": [{"ref": ref(r["task"]), "statement": r["statement"], "text": r["statement_text"] or "",
                   "category": r["category"], "verdict": r["standardisable"], "agreement": r["agreement"]} for r in human],
        "agreement": summary,
        "attribution": attribution(datasets),
    }


def barometer_exposure(t, cases: list[str], names: dict[str, str], gap: list[dict], agreement: list[dict],
                       datasets: list[dict]) -> dict:
    """Every case side by side: the mean headline exposure of the roles of each observed
    typology (does the literature's prediction follow what the field saw?), and per case the
    roles linked, the surprising quadrants and the task-level agreement."""
    roles = {(r["case"], r["id"]): r for r in gap
             if r["kind"] == "role" and (r["dataset"], r["measure"]) == HEADLINE}
    if not roles:
        return {"available": False, "datasets": bool(datasets), "attribution": attribution(datasets)}
    bars = []
    for typology in TYPOLOGY_ORDER:
        values = [r["value"] for r in roles.values() if r["typology"] == typology]
        if values:
            mean = sum(values) / len(values)
            bars.append(Bar(f"{t(typology)} ({len(values)})", [(mean, TYPOLOGY_COLOURS[typology], t(typology))], note=f"{mean:.2f}"))
    kappas = {r["case"]: r for r in agreement if r["measure"] == "human_exposure_agg"}
    rows = []
    for case in cases:
        mine = [r for r in roles.values() if r["case"] == case]
        summary = kappas.get(case)
        rows.append({"name": names[case], "roles": len(mine),
                     "exposed_not_concerned": sum(r["flag"] == "exposed-not-concerned" for r in mine),
                     "unexposed_effective_user": sum(r["flag"] == "unexposed-effective-user" for r in mine),
                     "tasks": f"{summary['agree']} / {summary['settled']}" if summary else "—",
                     "kappa": _number(summary["kappa"]) if summary else "—"})
    return {"available": True, "chart": bar_chart(t("exposure_by_typology"), bars, maximum=1.0, ticks=TICKS),
            "rows": rows, "overall": kappas.get("*"), "attribution": attribution(datasets)}


def _number(value) -> str:
    return "—" if value is None else f"{value:.2f}"
