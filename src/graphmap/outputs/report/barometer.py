"""The barometer report: every loaded case read as aggregates (issue 21: at 201 cases the page was a
wall of 201 chips and charts of 201 rows).

What it shows: the cases by sector and size band (a count, the list folded); the shares, with
counts, of effective users / exploring / not concerned among roles and posts, by sector and by
size band; non-usage reasons by category and the most cited reasons, by sector; capsules and AI
tools by reach; the distribution of maturity levels; and the published exposure beside observed
use. Every aggregate is drawn once for all cases and once per sector, and a small script in the
page (no network) shows the sector chosen; the per-case tables are folded under each section and
follow the same filter.

Every figure comes from the named queries (``organisations``, ``typology-table``,
``non-usage-reasons``, ``capsule-reach``, ``tools``, ``maturity``, the exposure queries); the
queries give per-case rows, and the aggregates (shares, size bands, reach across cases) are
computed here from those rows. ``templates/report/barometer.html.j2`` draws them.

Editions: a barometer compares editions only when an organisation appears in several; the
``organisations`` query gives each case's edition, and the page filters by edition when the cases
loaded have more than one; a comparison of what moved between editions is not drawn (no data
carries an organisation in two editions yet).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from graphmap.query.named import run_query
from graphmap.outputs.report.case import cap
from graphmap.outputs.report.exposure import barometer_exposure
from graphmap.outputs.report.markup import render
from graphmap.outputs.report.texts import (ISCO_MAJOR_GROUPS, MATURITY_ORDER, TYPOLOGY_COLOURS, TYPOLOGY_ORDER, check_lang, concept_labels,
                                           term)

__all__ = ["render_barometer_report", "BAROMETER_SECTIONS", "size_band", "SIZE_BANDS"]

BAROMETER_SECTIONS = ("overview", "typology", "nonusage", "tools", "maturity", "exposure")
CATEGORY_COLOURS = ["#c92a2a", "#e8590c", "#f59f00", "#2b8a3e", "#1971c2", "#7048e8", "#868e96"]
LEVEL_COLOURS = {"low": "#a5b4fc", "medium": "#5c7cfa", "strong": "#1e3a8a", "none": "#dee2e6"}
ALL = "*"
TOP_REASONS = 8
TOP_TOOLS = 15
# Size bands by staff (the European Union's bands for enterprises, the last two merged at 1,000).
SIZE_BANDS = (("1-49", 1, 49), ("50-249", 50, 249), ("250-999", 250, 999), ("1000+", 1000, None))


def size_band(staff) -> str | None:
    """The size band of an organisation of ``staff`` people; None when the case does not say."""
    if staff is None:
        return None
    for name, low, high in SIZE_BANDS:
        if staff >= low and (high is None or staff <= high):
            return name
    return None


def pct(part: int, whole: int, lang: str) -> str:
    """``part`` of ``whole`` as a whole percentage, written the way ``lang`` writes it."""
    value = round(100 * part / whole) if whole else 0
    return f"{value} %" if lang == "fr" else f"{value}%"


def render_barometer_report(store, lang: str = "fr") -> str:
    """One self-contained HTML document comparing every case loaded in ``store``."""
    lang = check_lang(lang)
    t = lambda key: term(lang, key)  # noqa: E731
    cases = store.cases()
    orgs = {r["case"]: r for r in run_query(store, "organisations").rows}
    unknown = t("not_given")
    names, sectors, bands, editions = {}, {}, {}, {}
    for case in cases:
        org = orgs.get(case) or {}
        label = org.get("label")
        names[case] = f"{label} ({case})" if label and label != case else case
        sectors[case] = org.get("sector") or unknown
        bands[case] = size_band(org.get("staff")) or unknown
        editions[case] = org.get("edition") or unknown
    sector_counts = Counter(sectors.values())
    views = [{"key": ALL, "label": t("all_sectors"), "count": len(cases)}] + [
        {"key": s, "label": s, "count": n} for s, n in sorted(sector_counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    in_view = {v["key"]: [c for c in cases if v["key"] == ALL or sectors[c] == v["key"]] for v in views}
    ctx = {"t": t, "lang": lang, "cases": cases, "names": names, "sectors": sectors, "bands": bands,
           "views": views, "in_view": in_view}
    edition_counts = Counter(editions.values())
    data = {
        "overview": _overview(ctx, sector_counts, Counter(bands.values()), edition_counts),
        "typology": _typology(ctx, run_query(store, "typology-table").rows,
                              _role_families(run_query(store, "role-typology").rows, run_query(store, "crosswalk").rows)),
        "nonusage": _non_usage(ctx, run_query(store, "non-usage-reasons").rows),
        "tools": _tools(ctx, run_query(store, "capsule-reach").rows, run_query(store, "tools").rows),
        "maturity": _maturity(ctx, run_query(store, "maturity").rows),
        "exposure": barometer_exposure(t, cases, names, run_query(store, "exposure-gap").rows,
                                       run_query(store, "exposure-agreement").rows, run_query(store, "reference-datasets").rows),
    }
    data["exposure"]["sectors"] = [sectors[c] for c in cases] if data["exposure"].get("rows") else []
    return render("barometer.html.j2", lang=lang, t=t, title=t("barometer_title"), cases=cases,
                  case_list=[{"name": names[c], "sector": sectors[c]} for c in cases], views=views,
                  editions=len(edition_counts),
                  sections=[{"key": key, "title": t("b_" + key)} for key in BAROMETER_SECTIONS], data=data)


def _count_bars(rows: list[tuple[str, int]], whole: int, lang: str, colour: str = "#1e3a8a") -> list[dict]:
    """One bar per (label, count): its share of ``whole`` and its width relative to the largest."""
    top = max([n for _, n in rows] + [1])
    return [{"label": label, "count": n, "pct": pct(n, whole, lang), "width": round(100 * n / top, 1), "colour": colour}
            for label, n in rows]


def _overview(ctx, sectors: Counter, bands: Counter, editions: Counter) -> dict:
    t, lang, total = ctx["t"], ctx["lang"], len(ctx["cases"])
    band_order = [b for b, _, _ in SIZE_BANDS] + [t("not_given")]
    return {
        "total": total,
        "sectors": _count_bars(sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0])), total, lang),
        "bands": _count_bars([(_band_label(t, b), bands[b]) for b in band_order if bands[b]], total, lang, "#5c7cfa"),
        "editions": _count_bars(sorted(editions.items(), key=lambda kv: (-kv[1], kv[0])), total, lang, "#868e96"),
    }


def _band_label(t, band: str) -> str:
    return f"{band} {t('people')}" if band[0].isdigit() else band


def _shares(t, lang, label: str, counts: Counter, order=TYPOLOGY_ORDER) -> dict:
    """A 100 % bar of the typology counts ``counts``: each segment's share and count."""
    whole = sum(counts[k] for k in order)
    segments = []
    for key in order:
        n = counts[key]
        if n:
            segments.append({"key": key, "name": t(key), "count": n, "pct": pct(n, whole, lang),
                             "width": round(100 * n / whole, 2), "colour": TYPOLOGY_COLOURS[key]})
    effective = counts["effective-user"] / whole if whole else 0
    return {"label": label, "total": whole, "segments": segments, "effective": effective}


ISCO_UNIT = re.compile(r"^http://data\.europa\.eu/esco/isco/C(\d)\d{0,3}$")


def _role_families(typology: list[dict], links: list[dict]) -> list[tuple[str, str, str]]:
    """(case, ISCO-08 major group, effective typology) of every role linked to an ISCO group (a
    role linked to groups of several major groups counts once in each)."""
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for link in links:
        found = ISCO_UNIT.match(link["target"])
        if found:
            groups[(link["case"], link["entity"])].add(found.group(1))
    return [(r["case"], group, r["typology"]) for r in typology if r["kind"] == "role"
            for group in sorted(groups.get((r["case"], r["id"]), ()))]


def _typology(ctx, rows, families: list[tuple[str, str, str]] = ()) -> dict:
    t, lang = ctx["t"], ctx["lang"]
    per_case: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        per_case[r["case"]][r["typology"]] += r["role_count"] + r["post_count"]
    views = {}
    for view in ctx["views"]:
        mine = ctx["in_view"][view["key"]]
        total = sum((per_case[c] for c in mine), Counter())
        by_sector = defaultdict(Counter)
        by_band = defaultdict(Counter)
        for c in mine:
            by_sector[ctx["sectors"][c]].update(per_case[c])
            by_band[ctx["bands"][c]].update(per_case[c])
        sector_rows = sorted((_shares(t, lang, f"{s} ({sum(1 for c in mine if ctx['sectors'][c] == s)})", n)
                              for s, n in by_sector.items()), key=lambda r: (-r["effective"], r["label"]))
        band_order = [b for b, _, _ in SIZE_BANDS] + [t("not_given")]
        band_rows = [_shares(t, lang, f"{_band_label(t, b)} ({sum(1 for c in mine if ctx['bands'][c] == b)})", by_band[b])
                     for b in band_order if b in by_band]
        by_family: dict[str, Counter] = defaultdict(Counter)
        cases_in = set(mine)
        for case, group, typology in families:
            if case in cases_in:
                by_family[group][typology] += 1
        family_rows = sorted((_shares(t, lang, f"{ISCO_MAJOR_GROUPS[g][lang]} ({sum(n.values())})", n)
                              for g, n in by_family.items() if g in ISCO_MAJOR_GROUPS), key=lambda r: (-r["effective"], r["label"]))
        views[view["key"]] = {"total": _shares(t, lang, t("all_holders"), total),
                              "sectors": sector_rows if view["key"] == ALL else [], "bands": band_rows,
                              "families": family_rows}
    return {
        "legend": [{"name": t(v), "colour": TYPOLOGY_COLOURS[v]} for v in TYPOLOGY_ORDER],
        "views": views,
        "columns": [f"{cap(t(v))}" for v in TYPOLOGY_ORDER],
        "rows": [{"name": ctx["names"][c], "sector": ctx["sectors"][c],
                  "cells": [per_case[c][v] for v in TYPOLOGY_ORDER]} for c in ctx["cases"]],
    }


def _non_usage(ctx, rows) -> dict:
    lang = ctx["lang"]
    labels = concept_labels("NonUsageCategories", lang)
    categories = list(labels) + sorted({r["category"] for r in rows} - set(labels))
    totals = Counter(r["category"] for r in rows)
    order = sorted(categories, key=lambda c: (-totals[c], labels.get(c, c)))
    colours = {c: CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)] for i, c in enumerate(sorted(categories))}
    per_case = Counter((r["case"], r["category"]) for r in rows)
    reasons_of: dict[str, set[str]] = defaultdict(set)  # case -> the labels of its reasons
    for r in rows:
        reasons_of[r["case"]].add(r["reason_label"] or r["reason"])
    views = {}
    for view in ctx["views"]:
        mine = ctx["in_view"][view["key"]]
        counts = Counter()
        cited = Counter()
        for c in mine:
            for cat in order:
                counts[cat] += per_case[(c, cat)]
            cited.update(reasons_of[c])
        whole = sum(counts.values())
        bars = _count_bars([(cap(labels.get(c, c)), counts[c]) for c in order if counts[c]], whole, lang)
        for bar, c in zip(bars, [c for c in order if counts[c]]):
            bar["colour"] = colours[c]
            bar["cases"] = sum(1 for case in mine if per_case[(case, c)])
        top = sorted(cited.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_REASONS]
        views[view["key"]] = {"categories": bars, "whole": whole,
                              "top": _count_bars(top, len(mine), lang, "#c92a2a"), "cases": len(mine)}
    # the categories by sector: one row per sector, each category's share of its reasons
    sectors = sorted({ctx["sectors"][c] for c in ctx["cases"]})
    table = []
    for s in sectors:
        mine = [c for c in ctx["cases"] if ctx["sectors"][c] == s]
        counts = [sum(per_case[(c, cat)] for c in mine) for cat in order]
        whole = sum(counts)
        table.append({"sector": s, "cases": len(mine), "cells": [f"{pct(n, whole, lang)} ({n})" for n in counts]})
    return {
        "views": views,
        "summary": [{"label": cap(labels.get(c, c)), "count": totals[c],
                     "cases": f"{sum(1 for case in ctx['cases'] if per_case[(case, c)])} / {len(ctx['cases'])}"} for c in order],
        "categories": [cap(labels.get(c, c)) for c in order],
        "by_sector": table,
        "by_case": [{"name": ctx["names"][case], "sector": ctx["sectors"][case], "counts": [per_case[(case, c)] for c in order],
                     "total": sum(per_case[(case, c)] for c in order)} for case in ctx["cases"]],
    }


def _tools(ctx, capsules, tools) -> dict:
    """Capsules and AI tools by reach: how many cases have one of that name, and the roles and
    posts the capsules serve (``capsule-reach`` gives them per case; summed here)."""
    lang = ctx["lang"]
    views = {}
    for view in ctx["views"]:
        mine = set(ctx["in_view"][view["key"]])
        caps_cases, caps_holders = Counter(), Counter()
        for r in capsules:
            if r["case"] in mine:
                caps_cases[r["label"]] += 1
                caps_holders[r["label"]] += r["holders_served"] or 0
        tool_cases = Counter()
        for r in tools:
            if r["case"] in mine and r["kind"] != "Capsule":
                tool_cases[r["label"]] += 1
        top_caps = sorted(caps_cases.items(), key=lambda kv: (-kv[1], -caps_holders[kv[0]], kv[0]))[:TOP_TOOLS]
        bars = _count_bars(top_caps, len(mine), lang, "#e8590c")
        for bar in bars:
            bar["holders"] = caps_holders[bar["label"]]
        views[view["key"]] = {
            "capsules": bars, "capsule_total": len(caps_cases),
            "tools": _count_bars(sorted(tool_cases.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TOOLS], len(mine), lang,
                                 "#f59f00"),
            "tool_total": len(tool_cases), "cases": len(mine),
        }
    return {"views": views}


def _maturity(ctx, rows) -> dict:
    t, lang = ctx["t"], ctx["lang"]
    levels = concept_labels("MaturityLevels", lang)
    kinds = concept_labels("IndicatorKinds", lang)
    scale = [n for n in MATURITY_ORDER if n in levels] + [n for n in sorted(levels) if n not in MATURITY_ORDER]
    first = {}
    indicators = Counter()
    for r in rows:
        first.setdefault(r["case"], r)
        if r["indicator"]:
            indicators[(r["case"], r["indicator_kind"])] += 1
    views = {}
    for view in ctx["views"]:
        mine = ctx["in_view"][view["key"]]
        level = Counter(first[c]["level"] if c in first else "none" for c in mine)
        towards = Counter((first[c]["level"], first[c]["towards"]) for c in mine if c in first and first[c]["towards"])
        rows_ = []
        for n in scale + ["none"]:
            if level[n]:
                name = levels.get(n, n) if n != "none" else t("not_assessed")
                rows_.append((cap(name), level[n]))
        bars = _count_bars(rows_, len(mine), lang)
        for bar, key in zip(bars, [n for n in scale + ["none"] if level[n]]):
            bar["colour"] = LEVEL_COLOURS.get(key, "#1e3a8a")
        moves = [{"text": f"{levels.get(a, a)} → {levels.get(b, b)}", "count": n, "pct": pct(n, len(mine), lang)}
                 for (a, b), n in sorted(towards.items(), key=lambda kv: (-kv[1], kv[0]))]
        views[view["key"]] = {"levels": bars, "moves": moves}
    kind_order = sorted({k for _, k in indicators}, key=lambda k: (list(kinds).index(k) if k in kinds else 99, k))
    table = []
    for case in ctx["cases"]:
        r = first.get(case)
        table.append({"name": ctx["names"][case], "sector": ctx["sectors"][case],
                      "level": levels.get(r["level"], r["level"]) if r else None,
                      "towards": levels.get(r["towards"], r["towards"]) if r and r["towards"] else "—",
                      "counts": [indicators[(case, k)] for k in kind_order]})
    return {"views": views, "kinds": [cap(kinds.get(k, k)) for k in kind_order], "rows": table}
