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

Editions. A barometer returns to organisations: when one appears in several editions, the section
"editions" says, per organisation and from one edition to the next, which roles changed typology
class (from -> to, with the cases), which roles appeared or disappeared, and which non-usage
reasons (by category and label) appeared or disappeared; when none does, the overview says so in
one sentence. Read from the rows of ``organisations``, ``role-typology`` and ``non-usage-reasons``
(``edition_changes``, a function of those rows alone).

- The same organisation: two cases study the same organisation when the organisations their
  studies study (``study.studies``) have the same label once normalised (``normalised``: case,
  accents, runs of spaces and typographic apostrophes and dashes set aside). Not the id: an id is
  local to its case file (two town halls may both be ``mairie``), and not the sector or size,
  which move between editions. So a barometer writes the organisation's label the same way in
  every edition (the same words; with labels in several languages, the same set of languages,
  since the query gives the least of them). A case whose study names no edition is in no edition.
- The same role: a role of the organisation in two editions is the same role when its label is
  the same once normalised (ids are the case file's own). Posts are left out: a post is one
  person's job, renamed with its holder.
- The same reason: same category and same normalised label.
- Editions are ordered by the earliest study date of their cases when the ``organisations`` rows
  carry one (a ``date`` column), then by their text, numbers compared as numbers
  (``edition_order``).

The page has an edition filter beside the sector filter when the cases loaded name more than one
edition (a case without one counts as the edition "not given"): every aggregate is then drawn
once per sector and edition (``div.view[data-view]`` holds a ``div.eview[data-edition-view]`` per
edition), the per-case rows carry ``data-edition``, and a small script in the page (no network)
shows the edition chosen.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from graphmap.query.named import run_query
from graphmap.outputs.report.case import cap
from graphmap.outputs.report.exposure import barometer_exposure
from graphmap.outputs.report.markup import render
from graphmap.outputs.report.texts import (ISCO_MAJOR_GROUPS, MATURITY_ORDER, TYPOLOGY_COLOURS, TYPOLOGY_ORDER, check_lang, concept_labels,
                                           term)

__all__ = ["render_barometer_report", "BAROMETER_SECTIONS", "size_band", "SIZE_BANDS", "normalised", "edition_order",
           "edition_changes"]

# "editions" is drawn only when an organisation appears in several editions.
BAROMETER_SECTIONS = ("overview", "typology", "nonusage", "tools", "maturity", "editions", "exposure")
CATEGORY_COLOURS = ["#c92a2a", "#e8590c", "#f59f00", "#2b8a3e", "#1971c2", "#7048e8", "#868e96"]
LEVEL_COLOURS = {"low": "#a5b4fc", "medium": "#5c7cfa", "strong": "#1e3a8a", "none": "#dee2e6"}
ALL = "*"
TOP_REASONS = 8
TOP_TOOLS = 15
FOLD_ABOVE = 10  # organisations in several editions shown unfolded up to this many
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


# --- editions -------------------------------------------------------------------------------------

_TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'", "\u201c": '"', "\u201d": '"',
                             "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-"})


def normalised(label: str) -> str:
    """``label`` as editions are matched on: case, accents, runs of spaces, typographic apostrophes,
    quotes and dashes set aside (``"Mairie d’Écoville "`` and ``"mairie  d'ecoville"`` are one)."""
    text = unicodedata.normalize("NFKD", label)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_TYPOGRAPHY)
    return " ".join(text.casefold().split())


def _natural(text: str) -> tuple:
    """A sort key reading the numbers of ``text`` as numbers ("Édition 9" before "Édition 10")."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", normalised(text)) if part)


def edition_order(organisations: list[dict]) -> list[str]:
    """The editions the rows of ``organisations`` name, oldest first: by the earliest study date
    of their cases (when the rows carry a ``date``; editions with none come after), then by their
    text, numbers compared as numbers."""
    first: dict[str, str | None] = {}
    for row in organisations:
        edition = row.get("edition")
        if not edition:
            continue
        date = row.get("date") or None
        known = first.get(edition)
        first[edition] = date if known is None else (min(known, date) if date else known)
    return sorted(first, key=lambda e: (first[e] is None, first[e] or "", _natural(e), e))


def _ordered_classes(classes) -> list[str]:
    return sorted(classes, key=lambda c: (TYPOLOGY_ORDER.index(c) if c in TYPOLOGY_ORDER else len(TYPOLOGY_ORDER), c))


def edition_changes(organisations: list[dict], role_typology: list[dict], reasons: list[dict]) -> list[dict]:
    """What moved between editions, for every organisation that appears in two editions or more
    (see the module's docstring for what makes two cases the same organisation, two roles the
    same role): from the rows of the named queries ``organisations``, ``role-typology`` and
    ``non-usage-reasons``.

    One dict per organisation (ordered by label): ``organisation`` (its label in the latest
    edition), ``sector`` (idem), ``editions`` ([{edition, cases}], oldest first) and ``steps``,
    one per pair of consecutive editions: {``from``, ``to`` (editions), ``changed`` ([{role,
    from, to, cases_from, cases_to}]: typology classes as lists, several when the cases of one
    edition disagree), ``appeared`` and ``disappeared`` ([{role, typology, cases}]),
    ``unchanged`` (how many roles kept their class), ``reasons_appeared`` and
    ``reasons_disappeared`` ([{category, category_label, reason, cases}])}. Labels are those of
    the later edition for what is in both, else of the edition that has it."""
    order = edition_order(organisations)
    rank = {e: i for i, e in enumerate(order)}
    groups: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in organisations:
        if row.get("label") and row.get("edition"):
            groups[normalised(row["label"])][row["edition"]].append(row)
    roles: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)  # case -> key -> (label, class)
    for r in role_typology:
        if r["kind"] == "role":
            roles[r["case"]][normalised(r["label"] or r["id"])] = (r["label"] or r["id"], r["typology"])
    cited: dict[str, dict[tuple[str, str], tuple[str, str]]] = defaultdict(dict)  # case -> (category, key) -> labels
    for r in reasons:
        label = r["reason_label"] or r["reason"]
        cited[r["case"]][(r["category"], normalised(label))] = (label, r["category_label"] or r["category"])
    out = []
    for by_edition in groups.values():
        if len(by_edition) < 2:
            continue
        editions = sorted(by_edition, key=lambda e: rank[e])
        cases = {e: sorted({row["case"] for row in by_edition[e]}) for e in editions}
        latest = min(by_edition[editions[-1]], key=lambda row: row["case"])
        steps = [_step(a, b, cases[a], cases[b], roles, cited) for a, b in zip(editions, editions[1:])]
        out.append({"organisation": latest["label"], "sector": latest.get("sector"),
                    "editions": [{"edition": e, "cases": cases[e]} for e in editions], "steps": steps})
    return sorted(out, key=lambda o: (normalised(o["organisation"]), o["organisation"]))


def _step(a: str, b: str, cases_a: list[str], cases_b: list[str], roles, cited) -> dict:
    def holders(cases):  # role key -> {label, classes, cases}
        out: dict[str, dict] = {}
        for case in cases:
            for key, (label, typology) in roles[case].items():
                entry = out.setdefault(key, {"label": label, "classes": set(), "cases": []})
                entry["classes"].add(typology)
                entry["cases"].append(case)
        return out

    def reasons_of(cases):
        out: dict[tuple[str, str], dict] = {}
        for case in cases:
            for key, (label, category_label) in cited[case].items():
                out.setdefault(key, {"category": key[0], "category_label": category_label, "reason": label, "cases": []})
                out[key]["cases"].append(case)
        return out

    before, after = holders(cases_a), holders(cases_b)
    changed, unchanged = [], 0
    for key in sorted(before.keys() & after.keys()):
        if before[key]["classes"] == after[key]["classes"]:
            unchanged += 1
            continue
        changed.append({"role": after[key]["label"], "from": _ordered_classes(before[key]["classes"]),
                        "to": _ordered_classes(after[key]["classes"]), "cases_from": before[key]["cases"],
                        "cases_to": after[key]["cases"]})

    def only(mine, other):
        return [{"role": mine[k]["label"], "typology": _ordered_classes(mine[k]["classes"]), "cases": mine[k]["cases"]}
                for k in sorted(mine.keys() - other.keys())]

    reasons_before, reasons_after = reasons_of(cases_a), reasons_of(cases_b)
    return {"from": a, "to": b, "changed": changed, "appeared": only(after, before), "disappeared": only(before, after),
            "unchanged": unchanged,
            "reasons_appeared": [reasons_after[k] for k in sorted(reasons_after.keys() - reasons_before.keys())],
            "reasons_disappeared": [reasons_before[k] for k in sorted(reasons_before.keys() - reasons_after.keys())]}


def _editions(ctx, changes: list[dict]) -> dict:
    """The section "editions" in the report's language, from ``edition_changes``."""
    t, lang = ctx["t"], ctx["lang"]
    categories = concept_labels("NonUsageCategories", lang)

    def classes(keys: list[str]) -> list[dict]:
        return [{"name": t(k), "kind": k} for k in keys]

    def names(cases: list[str]) -> str:
        return ", ".join(cases)

    orgs = []
    for org in changes:
        steps = []
        for step in org["steps"]:
            steps.append({
                "from": step["from"], "to": step["to"], "unchanged": step["unchanged"],
                "changed": [{"role": c["role"], "from": classes(c["from"]), "to": classes(c["to"]),
                             "cases": f"{names(c['cases_from'])} → {names(c['cases_to'])}"} for c in step["changed"]],
                "appeared": [{"role": r["role"], "classes": classes(r["typology"]), "cases": names(r["cases"])} for r in step["appeared"]],
                "disappeared": [{"role": r["role"], "classes": classes(r["typology"]), "cases": names(r["cases"])}
                                for r in step["disappeared"]],
                "reasons_appeared": [{"reason": r["reason"], "category": cap(categories.get(r["category"], r["category_label"])),
                                      "cases": names(r["cases"])} for r in step["reasons_appeared"]],
                "reasons_disappeared": [{"reason": r["reason"], "category": cap(categories.get(r["category"], r["category_label"])),
                                         "cases": names(r["cases"])} for r in step["reasons_disappeared"]],
            })
        orgs.append({"name": org["organisation"], "sector": org["sector"] or t("not_given"),
                     "editions": [{"edition": e["edition"], "cases": names(e["cases"])} for e in org["editions"]], "steps": steps})
    # in all: the moves between classes, how many roles and reasons came and went
    moves = Counter((tuple(c["from"]), tuple(c["to"])) for org in changes for step in org["steps"] for c in step["changed"])
    steps = [step for org in changes for step in org["steps"]]
    summary = {
        "moves": [{"from": classes(list(a)), "to": classes(list(b)), "count": n}
                  for (a, b), n in sorted(moves.items(), key=lambda kv: (-kv[1], kv[0]))],
        "counts": [(t(text), sum(len(step[key]) for step in steps))
                   for key, text in (("appeared", "roles_appeared"), ("disappeared", "roles_disappeared"),
                                     ("reasons_appeared", "reasons_appeared"), ("reasons_disappeared", "reasons_disappeared"))],
    }
    return {"organisations": orgs, "summary": summary, "open": len(orgs) <= FOLD_ABOVE}


# --- the report -----------------------------------------------------------------------------------

def render_barometer_report(store, lang: str = "fr") -> str:
    """One self-contained HTML document comparing every case loaded in ``store``."""
    lang = check_lang(lang)
    t = lambda key: term(lang, key)  # noqa: E731
    cases = store.cases()
    org_rows = run_query(store, "organisations").rows
    orgs = {r["case"]: r for r in org_rows}
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
    edition_counts = Counter(editions.values())
    named = [e for e in edition_order(org_rows) if e in edition_counts]
    edition_views = [{"key": ALL, "label": t("all_editions"), "count": len(cases)}]
    if len(edition_counts) > 1:  # the edition filter, and the aggregates drawn per edition
        edition_views += [{"key": e, "label": e, "count": edition_counts[e]} for e in named + sorted(set(edition_counts) - set(named))]
    in_view = {(v["key"], e["key"]): [c for c in cases if (v["key"] == ALL or sectors[c] == v["key"])
                                      and (e["key"] == ALL or editions[c] == e["key"])]
               for v in views for e in edition_views}
    ctx = {"t": t, "lang": lang, "cases": cases, "names": names, "sectors": sectors, "bands": bands, "editions": editions,
           "views": views, "edition_views": edition_views, "in_view": in_view}
    role_rows = run_query(store, "role-typology").rows
    reason_rows = run_query(store, "non-usage-reasons").rows
    changes = edition_changes([orgs[c] for c in cases if c in orgs], role_rows, reason_rows)
    data = {
        "overview": _overview(ctx, sector_counts, Counter(bands.values()), edition_counts, bool(changes)),
        "typology": _typology(ctx, run_query(store, "typology-table").rows,
                              _role_families(role_rows, run_query(store, "crosswalk").rows)),
        "nonusage": _non_usage(ctx, reason_rows),
        "tools": _tools(ctx, run_query(store, "capsule-reach").rows, run_query(store, "tools").rows),
        "maturity": _maturity(ctx, run_query(store, "maturity").rows),
        "editions": _editions(ctx, changes),
        "exposure": barometer_exposure(t, cases, names, run_query(store, "exposure-gap").rows,
                                       run_query(store, "exposure-agreement").rows, run_query(store, "reference-datasets").rows),
    }
    data["exposure"]["sectors"] = [sectors[c] for c in cases] if data["exposure"].get("rows") else []
    data["exposure"]["editions"] = [editions[c] for c in cases] if data["exposure"].get("rows") else []
    shown = [key for key in BAROMETER_SECTIONS if key != "editions" or changes]
    return render("barometer.html.j2", lang=lang, t=t, title=t("barometer_title"), cases=cases,
                  case_list=[{"name": names[c], "sector": sectors[c], "edition": editions[c]} for c in cases], views=views,
                  editions=len(edition_counts), edition_views=edition_views,
                  sections=[{"key": key, "title": t("b_" + key)} for key in shown], data=data)


def _per_view(ctx, compute) -> dict:
    """{sector key: {edition key: compute(sector key, cases of that sector and edition)}}."""
    return {v["key"]: {e["key"]: compute(v["key"], ctx["in_view"][(v["key"], e["key"])]) for e in ctx["edition_views"]}
            for v in ctx["views"]}


def _count_bars(rows: list[tuple[str, int]], whole: int, lang: str, colour: str = "#1e3a8a") -> list[dict]:
    """One bar per (label, count): its share of ``whole`` and its width relative to the largest."""
    top = max([n for _, n in rows] + [1])
    return [{"label": label, "count": n, "pct": pct(n, whole, lang), "width": round(100 * n / top, 1), "colour": colour}
            for label, n in rows]


def _overview(ctx, sectors: Counter, bands: Counter, editions: Counter, compared: bool) -> dict:
    t, lang, total = ctx["t"], ctx["lang"], len(ctx["cases"])
    band_order = [b for b, _, _ in SIZE_BANDS] + [t("not_given")]
    order = [e["key"] for e in ctx["edition_views"][1:]] or sorted(editions)
    return {
        "total": total,
        "sectors": _count_bars(sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0])), total, lang),
        "bands": _count_bars([(_band_label(t, b), bands[b]) for b in band_order if bands[b]], total, lang, "#5c7cfa"),
        "editions": _count_bars([(e, editions[e]) for e in order], total, lang, "#868e96"),
        "compared": compared,
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

    def one(key: str, mine: list[str]) -> dict:
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
        return {"total": _shares(t, lang, t("all_holders"), total), "sectors": sector_rows if key == ALL else [],
                "bands": band_rows, "families": family_rows}
    return {
        "legend": [{"name": t(v), "colour": TYPOLOGY_COLOURS[v]} for v in TYPOLOGY_ORDER],
        "views": _per_view(ctx, one),
        "columns": [f"{cap(t(v))}" for v in TYPOLOGY_ORDER],
        "rows": [{"name": ctx["names"][c], "sector": ctx["sectors"][c], "edition": ctx["editions"][c],
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

    def one(key: str, mine: list[str]) -> dict:
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
        return {"categories": bars, "whole": whole, "top": _count_bars(top, len(mine), lang, "#c92a2a"), "cases": len(mine)}
    # the categories by sector: one row per sector (and edition), each category's share of its reasons
    sectors = sorted({ctx["sectors"][c] for c in ctx["cases"]})
    table = []
    for e in ctx["edition_views"]:
        for s in sectors:
            mine = ctx["in_view"][(s, e["key"])]
            if not mine and e["key"] != ALL:
                continue
            counts = [sum(per_case[(c, cat)] for c in mine) for cat in order]
            whole = sum(counts)
            table.append({"sector": s, "edition": e["key"], "cases": len(mine),
                          "cells": [f"{pct(n, whole, lang)} ({n})" for n in counts]})
    return {
        "views": _per_view(ctx, one),
        "summary": [{"label": cap(labels.get(c, c)), "count": totals[c],
                     "cases": f"{sum(1 for case in ctx['cases'] if per_case[(case, c)])} / {len(ctx['cases'])}"} for c in order],
        "categories": [cap(labels.get(c, c)) for c in order],
        "by_sector": table,
        "by_case": [{"name": ctx["names"][case], "sector": ctx["sectors"][case], "edition": ctx["editions"][case],
                     "counts": [per_case[(case, c)] for c in order],
                     "total": sum(per_case[(case, c)] for c in order)} for case in ctx["cases"]],
    }


def _tools(ctx, capsules, tools) -> dict:
    """Capsules and AI tools by reach: how many cases have one of that name, and the roles and
    posts the capsules serve (``capsule-reach`` gives them per case; summed here)."""
    lang = ctx["lang"]

    def one(key: str, cases: list[str]) -> dict:
        mine = set(cases)
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
        return {
            "capsules": bars, "capsule_total": len(caps_cases),
            "tools": _count_bars(sorted(tool_cases.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TOOLS], len(mine), lang,
                                 "#f59f00"),
            "tool_total": len(tool_cases), "cases": len(mine),
        }
    return {"views": _per_view(ctx, one)}


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

    def one(key: str, mine: list[str]) -> dict:
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
        return {"levels": bars, "moves": moves}
    kind_order = sorted({k for _, k in indicators}, key=lambda k: (list(kinds).index(k) if k in kinds else 99, k))
    table = []
    for case in ctx["cases"]:
        r = first.get(case)
        table.append({"name": ctx["names"][case], "sector": ctx["sectors"][case], "edition": ctx["editions"][case],
                      "level": levels.get(r["level"], r["level"]) if r else None,
                      "towards": levels.get(r["towards"], r["towards"]) if r and r["towards"] else "—",
                      "counts": [indicators[(case, k)] for k in kind_order]})
    return {"views": _per_view(ctx, one), "kinds": [cap(kinds.get(k, k)) for k in kind_order], "rows": table}
