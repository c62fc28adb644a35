"""The barometer report: every loaded case side by side — non-usage reasons by category, the
typology of roles and posts by case, and maturity levels — each with an inline SVG chart.
"""

from __future__ import annotations

from collections import Counter

from ..export import export_graph, to_networkx
from ..queries import run_query
from .case import TYPOLOGY_ORDER, study_and_organisation
from .graph import pick
from .markup import Bar, badge, bar_chart, esc, page, table
from .texts import MATURITY_ORDER, check_lang, concept_labels, term

__all__ = ["render_barometer_report", "BAROMETER_SECTIONS"]

BAROMETER_SECTIONS = ("nonusage", "typology", "maturity")
CATEGORY_COLOURS = ["#c92a2a", "#e8590c", "#f59f00", "#2b8a3e", "#1971c2", "#7048e8", "#868e96"]
TYPOLOGY_COLOURS = {"effective-user": "#2b8a3e", "exploring": "#f59f00", "not-concerned": "#adb5bd", "undetermined": "#e9ecef"}
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
    parts = {
        "nonusage": _non_usage(t, lang, cases, names, reasons),
        "typology": _typology(t, cases, names, typology),
        "maturity": _maturity(t, lang, cases, names, maturity),
    }
    title = t("barometer_title")
    head = (f'<header class="report-head"><h1>{esc(title)}</h1>'
            f'<p>{esc(t("cases"))} ({len(cases)}){t("colon")}' + ", ".join(f"<code>{esc(c)}</code>" for c in cases) + "</p>"
            f'<p>{esc(t("generated_barometer"))}</p></header>')
    nav = ('<nav class="toc" aria-label="' + esc(t("contents")) + '"><ol>'
           + "".join(f'<li><a href="#{key}">{esc(t("b_" + key))}</a></li>' for key in BAROMETER_SECTIONS) + "</ol></nav>")
    body = head + nav + "<main>" + "".join(
        f'<section class="part" id="{key}"><h2>{esc(t("b_" + key))}</h2>{parts[key]}</section>' for key in BAROMETER_SECTIONS
    ) + "</main><footer>graphmap</footer>"
    return page(title, lang, body)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _non_usage(t, lang, cases, names, rows) -> str:
    labels = concept_labels("NonUsageCategories", lang)
    categories = list(labels) + sorted({r["category"] for r in rows} - set(labels))
    per_case = Counter((r["case"], r["category"]) for r in rows)
    totals = Counter(r["category"] for r in rows)
    order = sorted(categories, key=lambda c: (-totals[c], labels.get(c, c)))
    colours = {c: CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)] for i, c in enumerate(sorted(categories))}
    chart = bar_chart(
        t("b_nonusage"),
        [Bar(_cap(labels.get(c, c)), [(totals[c], colours[c], _cap(labels.get(c, c)))]) for c in order],
    )
    summary = table(
        [t("category"), t("reasons"), t("cases")],
        [[esc(_cap(labels.get(c, c))), esc(totals[c]),
          esc(f"{sum(1 for case in cases if per_case[(case, c)])} / {len(cases)}")] for c in order],
    )
    by_case = table(
        [t("case"), *(_cap(labels.get(c, c)) for c in order), t("total")],
        [[esc(names[case]), *(esc(per_case[(case, c)]) for c in order), esc(sum(per_case[(case, c)] for c in order))]
         for case in cases],
        cls="by-case",
    )
    return chart + summary + by_case


def _typology(t, cases, names, rows) -> str:
    counts = {(r["case"], r["typology"]): (r["role_count"], r["post_count"]) for r in rows}
    bars = []
    for case in cases:
        segments = [(sum(counts.get((case, v), (0, 0))), TYPOLOGY_COLOURS[v], t(v)) for v in TYPOLOGY_ORDER]
        bars.append(Bar(names[case], segments))
    chart = bar_chart(t("b_typology"), bars, legend=[(t(v), TYPOLOGY_COLOURS[v]) for v in TYPOLOGY_ORDER])
    headers = [t("case"), *(f"{_cap(t(v))} ({t('roles').lower()} / {t('posts').lower()})" for v in TYPOLOGY_ORDER)]
    body = [[esc(names[case]), *(esc("{} / {}".format(*counts.get((case, v), (0, 0)))) for v in TYPOLOGY_ORDER)]
            for case in cases]
    return chart + table(headers, body, cls="by-case")


def _maturity(t, lang, cases, names, rows) -> str:
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
    chart = bar_chart(t("b_maturity"), bars, legend=[(t("level"), LEVEL_COLOUR), (t("towards"), TOWARDS_COLOUR)],
                      maximum=len(scale), ticks=[(rank[n], levels[n]) for n in scale])
    kind_order = sorted({k for _, k in indicators}, key=lambda k: (list(kinds).index(k) if k in kinds else 99, k))
    body = []
    for case in cases:
        r = first.get(case)
        body.append([esc(names[case]),
                     badge(levels.get(r["level"], r["level"]), "level") if r else f'<span class="muted">{esc(t("not_assessed"))}</span>',
                     esc(levels.get(r["towards"], r["towards"])) if r and r["towards"] else "—",
                     *(esc(indicators[(case, k)]) for k in kind_order)])
    return chart + table([t("case"), t("level"), t("towards"), *(_cap(kinds.get(k, k)) for k in kind_order)], body, cls="by-case")
