"""The barometer report: every loaded case side by side — non-usage reasons by category, the
typology of roles and posts by case, and maturity levels — each with an inline SVG chart.
This module computes the figures; ``templates/report/barometer.html.j2`` draws them.
"""

from __future__ import annotations

from collections import Counter

from graphmap.outputs.export import export_graph, to_networkx
from graphmap.query.named import run_query
from graphmap.outputs.report.case import cap, study_and_organisation
from graphmap.outputs.report.exposure import barometer_exposure
from graphmap.outputs.report.graph import pick
from graphmap.outputs.report.markup import Bar, bar_chart, render
from graphmap.outputs.report.texts import MATURITY_ORDER, TYPOLOGY_COLOURS, TYPOLOGY_ORDER, check_lang, concept_labels, term

__all__ = ["render_barometer_report", "BAROMETER_SECTIONS"]

BAROMETER_SECTIONS = ("nonusage", "typology", "maturity", "exposure")
CATEGORY_COLOURS = ["#c92a2a", "#e8590c", "#f59f00", "#2b8a3e", "#1971c2", "#7048e8", "#868e96"]
LEVEL_COLOUR, TOWARDS_COLOUR = "#1e3a8a", "#a5b4fc"


def render_barometer_report(store, lang: str = "fr") -> str:
    """One self-contained HTML document comparing every case loaded in ``store``."""
    lang = check_lang(lang)
    t = lambda key: term(lang, key)  # noqa: E731
    cases = store.cases()
    reasons = run_query(store, "non-usage-reasons").rows
    typology = run_query(store, "typology-table").rows
    maturity = run_query(store, "maturity").rows
    organisations = {}
    for case in cases:
        _, organisation = study_and_organisation(to_networkx(export_graph(store, case)),
                                                  [r for r in maturity if r["case"] == case])
        organisations[case] = pick(organisation, "label", lang) or case
    names = {case: f"{organisations[case]} ({case})" if organisations[case] != case else case for case in cases}
    data = {
        "nonusage": _non_usage(t, lang, cases, names, reasons),
        "typology": _typology(t, cases, names, typology),
        "maturity": _maturity(t, lang, cases, names, maturity),
        "exposure": barometer_exposure(t, cases, names, run_query(store, "exposure-gap").rows,
                                       run_query(store, "exposure-agreement").rows, run_query(store, "reference-datasets").rows),
    }
    return render("barometer.html.j2", lang=lang, t=t, title=t("barometer_title"), cases=cases,
                  sections=[{"key": key, "title": t("b_" + key)} for key in BAROMETER_SECTIONS], data=data)


def _non_usage(t, lang, cases, names, rows) -> dict:
    labels = concept_labels("NonUsageCategories", lang)
    categories = list(labels) + sorted({r["category"] for r in rows} - set(labels))
    per_case = Counter((r["case"], r["category"]) for r in rows)
    totals = Counter(r["category"] for r in rows)
    order = sorted(categories, key=lambda c: (-totals[c], labels.get(c, c)))
    colours = {c: CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)] for i, c in enumerate(sorted(categories))}
    return {
        "chart": bar_chart(
            t("b_nonusage"),
            [Bar(cap(labels.get(c, c)), [(totals[c], colours[c], cap(labels.get(c, c)))]) for c in order],
        ),
        "summary": [{"label": cap(labels.get(c, c)), "count": totals[c],
                     "cases": f"{sum(1 for case in cases if per_case[(case, c)])} / {len(cases)}"} for c in order],
        "categories": [cap(labels.get(c, c)) for c in order],
        "by_case": [{"name": names[case], "counts": [per_case[(case, c)] for c in order],
                     "total": sum(per_case[(case, c)] for c in order)} for case in cases],
    }


def _typology(t, cases, names, rows) -> dict:
    counts = {(r["case"], r["typology"]): (r["role_count"], r["post_count"]) for r in rows}
    bars = []
    for case in cases:
        segments = [(sum(counts.get((case, v), (0, 0))), TYPOLOGY_COLOURS[v], t(v)) for v in TYPOLOGY_ORDER]
        bars.append(Bar(names[case], segments))
    return {
        "chart": bar_chart(t("b_typology"), bars, legend=[(t(v), TYPOLOGY_COLOURS[v]) for v in TYPOLOGY_ORDER]),
        "columns": [f"{cap(t(v))} ({t('roles').lower()} / {t('posts').lower()})" for v in TYPOLOGY_ORDER],
        "rows": [{"name": names[case], "cells": ["{} / {}".format(*counts.get((case, v), (0, 0))) for v in TYPOLOGY_ORDER]}
                 for case in cases],
    }


def _maturity(t, lang, cases, names, rows) -> dict:
    levels = concept_labels("MaturityLevels", lang)
    kinds = concept_labels("IndicatorKinds", lang)
    scale = [n for n in MATURITY_ORDER if n in levels] + [n for n in sorted(levels) if n not in MATURITY_ORDER]
    rank = {n: i + 1 for i, n in enumerate(scale)}
    first = {}
    indicators = Counter()
    for r in rows:
        first.setdefault(r["case"], r)
        if r["indicator"]:
            indicators[(r["case"], r["indicator_kind"])] += 1
    bars = []
    for case in cases:
        r = first.get(case)
        if r is None:
            bars.append(Bar(names[case], [], note=t("not_assessed")))
            continue
        level, towards = rank.get(r["level"], 0), rank.get(r["towards"] or "", 0)
        note = levels.get(r["level"], r["level"]) + (f" → {levels.get(r['towards'], r['towards'])}" if r["towards"] else "")
        bars.append(Bar(names[case], [(level, LEVEL_COLOUR, t("level")), (max(0, towards - level), TOWARDS_COLOUR, t("towards"))],
                        note=note))
    kind_order = sorted({k for _, k in indicators}, key=lambda k: (list(kinds).index(k) if k in kinds else 99, k))
    table = []
    for case in cases:
        r = first.get(case)
        table.append({"name": names[case], "level": levels.get(r["level"], r["level"]) if r else None,
                      "towards": levels.get(r["towards"], r["towards"]) if r and r["towards"] else "—",
                      "counts": [indicators[(case, k)] for k in kind_order]})
    return {
        "chart": bar_chart(t("b_maturity"), bars, legend=[(t("level"), LEVEL_COLOUR), (t("towards"), TOWARDS_COLOUR)],
                           maximum=len(scale), ticks=[(rank[n], levels[n]) for n in scale]),
        "kinds": [cap(kinds.get(k, k)) for k in kind_order],
        "rows": table,
    }
