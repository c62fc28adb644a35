"""The report of one case: the organisation, the role typology, the task-by-criteria matrix,
non-usage reasons, usages, risks, maturity, and an interactive graph of the whole case.

Every figure comes from a named query (``run_query``), the graph from the exported case graph.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from ..errors import ConfigError, StoreError
from ..export import export_graph, to_networkx
from ..queries import run_query
from .graph import graph_data, pick
from .markup import asset, badge, esc, inline_script, json_script, page, ref, refs, sources, table
from ..reasons import render
from ..verdicts import case_verdicts
from .texts import MATURITY_ORDER, check_lang, class_label, concept_definitions, concept_label, concept_labels, term

__all__ = ["render_case_report", "CASE_SECTIONS", "resolve_case", "study_and_organisation"]

CASE_SECTIONS = ("glance", "typology", "matrix", "nonusage", "usages", "risks", "maturity", "graph")
TYPOLOGY_ORDER = ("effective-user", "exploring", "not-concerned", "undetermined")
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
        return render(found, self.lang) if found is not None else fallback

    def t(self, key: str) -> str:
        return term(self.lang, key)

    def src(self, numbers) -> str:
        return sources(numbers, self.titles)

    def ref(self, entity: str) -> str:
        return ref(entity, self.labels)

    def refs(self, entities) -> str:
        return refs(entities, self.labels) or "—"


def resolve_case(store, case: str | None) -> str:
    cases = store.cases()
    if case is None:
        if len(cases) == 1:
            return cases[0]
        raise ConfigError(f"{len(cases)} cases are loaded ({', '.join(cases) or 'none'}): say which with --case, "
                          "or ask for --barometer")
    if case not in cases:
        raise StoreError(f"no case {case!r} in the {store.name} store; loaded: {', '.join(cases) or 'none'}")
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
    parts = {
        "glance": _glance(ctx, evidence, q("typology-table"), maturity, study, organisation),
        "typology": _typology(ctx, q("typology-table"), q("role-typology")),
        "matrix": _matrix(ctx, q("standardisable-tasks"), q("rubric"), q("ai-fit")),
        "nonusage": _non_usage(ctx, q("non-usage-reasons")),
        "usages": _usages(ctx, q("usages")),
        "risks": _risks(ctx, q("risks")),
        "maturity": _maturity(ctx, maturity),
        "graph": _graph_section(ctx),
    }
    data = graph_data(graph, lang, (organisation or {}).get("iri"))
    title = f"{ctx.t('case_title')} — {pick(study, 'label', lang) or case}"
    head = (f'<header class="report-head"><h1>{esc(title)}</h1>'
            f'<p>{esc(ctx.t("case"))} <code>{esc(case)}</code>'
            + (f' · {esc(pick(organisation, "label", lang))}' if organisation else "") + "</p>"
            f'<p>{esc(ctx.t("generated"))}</p></header>')
    nav = ('<nav class="toc" aria-label="' + esc(ctx.t("contents")) + '"><ol>'
           + "".join(f'<li><a href="#{key}">{esc(ctx.t("s_" + key))}</a></li>' for key in CASE_SECTIONS) + "</ol></nav>")
    body = head + nav + "<main>" + "".join(
        f'<section class="part" id="{key}"><h2>{esc(ctx.t("s_" + key))}</h2>{parts[key]}</section>' for key in CASE_SECTIONS
    ) + "</main><footer>graphmap</footer>"
    texts = {"sources": ctx.t("sources"), "quotes": ctx.t("quotes"), "properties": ctx.t("properties"),
             "relations": ctx.t("relations"), "panel": ctx.t("graph_panel"),
             "types": {t: class_label(t, lang) for t in data["counts"]}}
    scripts = [json_script("graph-data", data), json_script("graph-texts", texts),
               inline_script(asset("cytoscape.min.js")), inline_script(asset("graph.js"))]
    return page(title, lang, body, scripts)


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


def _glance(ctx: Context, evidence, typology_table, maturity, study: dict, organisation: dict | None) -> str:
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
    out = ['<div class="cards">' + "".join(
        f'<div class="card"><div class="n">{esc(n)}</div><div class="k">{esc(k)}</div></div>' for n, k in cards) + "</div>"]
    facts = []
    if organisation:
        facts.append((ctx.t("organisation"), esc(pick(organisation, "label", lang))
                      + f' <code>{esc(organisation.get("identifier"))}</code>'))
        for key, base in (("sector", "sector"), ("perimeter", "perimeter")):
            if pick(organisation, base, lang):
                facts.append((ctx.t(key), esc(pick(organisation, base, lang))))
        if organisation.get("staffSize") is not None:
            facts.append((ctx.t("staff"), esc(organisation["staffSize"])))
    if study:
        facts.append((ctx.t("study"), esc(pick(study, "label", lang))))
        for key in ("date", "method"):
            if pick(study, key, lang):
                facts.append((ctx.t(key), esc(pick(study, key, lang))))
    out.append('<dl class="facts">' + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>")
    if organisation and pick(organisation, "description", lang):
        out.append(f'<p>{esc(pick(organisation, "description", lang))}</p>')
    summary = Counter()
    for row in typology_table:
        summary[row["typology"]] += row["role_count"] + row["post_count"]
    out.append('<p class="key">' + " ".join(
        f'{badge(ctx.t(v), v)} {esc(summary.get(v, 0))}' for v in TYPOLOGY_ORDER) + "</p>")
    return "".join(out)


def _typology(ctx: Context, typology_table, rows) -> str:
    summary = table(
        [ctx.t("typology"), ctx.t("roles"), ctx.t("posts"), ctx.t("count"), ctx.t("sources")],
        [[badge(ctx.t(r["typology"]), r["typology"]), ctx.refs(r["roles"]), ctx.refs(r["posts"]),
          esc(r["role_count"] + r["post_count"]), ctx.src(r["sources"])] for r in typology_table],
        caption=esc(ctx.t("summary")),
    )

    def evidence(items: list[str]) -> str:
        cells = []
        for item in items:
            entity, _, verdict = item.partition("=")
            cells.append(ctx.ref(entity) + (" " + badge(ctx.t(verdict), verdict) if verdict else ""))
        return ", ".join(cells)

    detail = table(
        [ctx.t("kind"), ctx.t("id"), ctx.t("label"), ctx.t("typology"), ctx.t("reason"), ctx.t("evidence"), ctx.t("sources")],
        [[esc(ctx.t(r["kind"])), f'<code>{esc(r["id"])}</code>', ctx.ref(r["id"]),
          badge(ctx.t(r["typology"]), r["typology"]) + _review(ctx, r, lambda v: ctx.t(v)),
          esc(ctx.reason(r["id"], "typology", r["reason"])), evidence(r["evidence"]), ctx.src(r["sources"])] for r in rows],
        cls="typology",
    )
    return summary + detail


def _review(ctx: Context, row: dict, show) -> str:
    if row.get("review") in (None, "none"):
        return ""
    return " " + badge(f'{ctx.t(row["review"])} ({row["reviewed_by"]}); {ctx.t("proposed")}{ctx.t("colon")}{show(row["proposed"])}',
                       row["review"])


def _matrix(ctx: Context, tasks, rubric, ai_fit) -> str:
    lang = ctx.lang
    names = concept_labels("TaskCharacteristics", lang)
    criteria = sorted((r for r in rubric if r["kind"] == "criterion"), key=lambda r: (-(r["weight"] or 0), r["criterion"]))
    blocking = sorted((r for r in rubric if r["kind"] == "blocking"), key=lambda r: r["criterion"])
    fit = {r["task"]: r for r in ai_fit}
    head = ['<th scope="col">' + esc(ctx.t("tasks")) + "</th>", '<th scope="col">' + esc(ctx.t("holder")) + "</th>"]
    for r in criteria:
        head.append(f'<th scope="col" class="crit" title="{esc(r["grounded_in"])}"><div>{esc(names.get(r["characteristic"], r["criterion"]))} '
                    f'({esc(ctx.t("weight"))} {esc(r["weight"])})</div></th>')
    for r in blocking:
        head.append(f'<th scope="col" class="crit blk" title="{esc(r["grounded_in"])}"><div>{esc(names.get(r["characteristic"], r["criterion"]))}</div></th>')
    head += [f'<th scope="col">{esc(ctx.t(k))}</th>' for k in ("score", "verdict", "ai_fit")]
    colon = ctx.t("colon")
    body = []
    for task in tasks:
        verdict = {"standardisable": "v-std", "undetermined": "v-undetermined"}.get(
            task["verdict"], "v-blocked" if task["blocking"] else "v-low")
        cells = [f'<td>{ctx.ref(task["task"])}<br><code>{esc(task["task"])}</code> {ctx.src(task["sources"])}</td>',
                 f'<td>{ctx.ref(task["holder"])}</td>']
        for r in criteria:
            state = ("met" if r["characteristic"] in task["criteria_met"] else
                     "missed" if r["characteristic"] in task["criteria_missed"] else "not_recorded")
            mark = {"met": "✓", "missed": "·", "not_recorded": "?"}[state]
            cells.append(f'<td class="cell c-{state.replace("_", "-")}" title="{esc(ctx.t(state))}">{mark}</td>')
        for r in blocking:
            holds = r["characteristic"] in task["blocking"]
            cells.append(f'<td class="cell {"c-block" if holds else "c-none"}" title="{esc(ctx.t("blocks") if holds else "")}">'
                         f'{"✗" if holds else ""}</td>')
        word = ctx.t(task["verdict"].replace("-", "_"))
        kind = {"standardisable": "std", "undetermined": "undetermined"}.get(task["verdict"], "block" if task["blocking"] else "low")
        cells.append(f"<td>{esc(task['score'])}</td>")
        cells.append(f"<td>{badge(word, kind)}{_review(ctx, task, lambda v: ctx.t(v.replace('-', '_')))}</td>")
        row_fit = fit.get(task["task"])
        if row_fit:
            beside = []
            if row_fit["blocking_constraints"]:
                beside.append(f'{esc(ctx.t("constraints"))}{colon}{ctx.refs(row_fit["blocking_constraints"])}')
            if row_fit["non_ai_levers"]:
                beside.append(f'{esc(ctx.t("levers"))}{colon}{ctx.refs(row_fit["non_ai_levers"])}')
            if row_fit["ai_tools"]:
                beside.append(f'{esc(ctx.t("tools"))}{colon}{ctx.refs(row_fit["ai_tools"])}')
            cells.append(f'<td>{badge(ctx.t(row_fit["fit"]), row_fit["fit"])}<br><span class="muted">'
                         f'{esc(ctx.reason(task["task"], "ai-fit", row_fit["reason"]))}</span>'
                         + "".join(f"<br>{b}" for b in beside) + "</td>")
        else:
            cells.append("<td></td>")
        body.append(f'<tr class="task-row {verdict}" data-task="{esc(task["task"])}">' + "".join(cells) + "</tr>")
    note = ""
    if rubric:
        note = esc(ctx.t("rubric_note").format(rubric=rubric[0]["rubric"], version=rubric[0]["version"],
                                               threshold=rubric[0]["threshold"]))
    key = ('<p class="key">'
           f'<span><i style="background:var(--ok)"></i>{esc(ctx.t("row_std"))}</span>'
           f'<span><i style="background:var(--bad)"></i>{esc(ctx.t("row_blocked"))}</span>'
           f'<span><i style="background:#f0a020"></i>{esc(ctx.t("row_low"))}</span>'
           f'<span><i style="border:1px dashed #6b7785"></i>{esc(ctx.t("row_undetermined"))}</span>'
           f'<span>✓ {esc(ctx.t("met"))}</span><span>· {esc(ctx.t("missed"))}</span><span>? {esc(ctx.t("not_recorded"))}</span><span>✗ {esc(ctx.t("blocks"))}</span></p>')
    return (f'<p class="note">{note}</p>{key}<div class="table-wrap"><table class="matrix"><thead><tr>{"".join(head)}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _non_usage(ctx: Context, rows) -> str:
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
        html = [f'<div class="category" data-category="{esc(category)}"><h3>{esc(label[:1].upper() + label[1:])} '
                f'<span class="muted">({len(items)})</span></h3>']
        if definitions.get(category):
            html.append(f'<p class="note">{esc(definitions[category])}</p>')
        if not items:
            html.append(f'<p class="muted">{esc(ctx.t("no_reason"))}</p>')
        for row in items:
            html.append(f'<div class="reason"><div class="head">{ctx.ref(row["reason"])} {ctx.src(row["sources"])}</div>')
            meta = [(ctx.t("non_usages"), row["non_usages"]), (ctx.t("concerns"), row["concerns"]),
                    (ctx.t("related_to"), row["related_to"])]
            html.append('<div class="meta">' + " · ".join(f"{esc(k)}{ctx.t('colon')}{ctx.refs(v)}" for k, v in meta if v) + "</div>")
            html.extend(f"<blockquote>« {esc(q)} »</blockquote>" for q in row["quotes"])
            html.append("</div>")
        out.append("".join(html) + "</div>")
    return "".join(out)


def _usages(ctx: Context, rows) -> str:
    statuses = concept_labels("UsageStatuses", ctx.lang)
    attestations = concept_labels("UsageAttestations", ctx.lang)
    present = sorted({r["status"] for r in rows}, key=lambda s: (STATUS_ORDER.index(s) if s in STATUS_ORDER else 9, s))
    if not present:
        return f'<p class="muted">{esc(ctx.t("no_rows"))}</p>'
    out = []
    for status in present:
        of = [r for r in rows if r["status"] == status]
        out.append(f'<h3>{badge(statuses.get(status, status), status)} <span class="muted">({len(of)})</span></h3>')
        out.append(table(
            [ctx.t("usages"), ctx.t("attestation"), ctx.t("tools"), ctx.t("tasks"), ctx.t("used_by"),
             ctx.t("beneficiaries"), ctx.t("benefits"), ctx.t("limitations"), ctx.t("sources")],
            [[ctx.ref(r["usage"]), esc(attestations.get(r["attestation"], r["attestation"] or "")), ctx.refs(r["tools"]),
              ctx.refs(r["tasks"]), ctx.refs(r["used_by"]), ctx.refs(r["beneficiaries"]),
              "<br>".join(esc(b) for b in r["benefits"]), "<br>".join(esc(b) for b in r["limitations"]),
              ctx.src(r["sources"])] for r in of],
        ))
    return "".join(out)


def _risks(ctx: Context, rows) -> str:
    if not rows:
        return f'<p class="muted">{esc(ctx.t("no_rows"))}</p>'
    return table(
        [ctx.t("risk"), ctx.t("mitigated_by"), ctx.t("addressed_by"), ctx.t("sources")],
        [[ctx.ref(r["risk"]), ctx.refs(r["mitigated_by"]), ctx.refs(r["addressed_by"]), ctx.src(r["sources"])] for r in rows],
    )


def _maturity(ctx: Context, rows) -> str:
    if not rows:
        return f'<p class="muted">{esc(ctx.t("no_maturity"))}</p>'
    levels = concept_labels("MaturityLevels", ctx.lang)
    kinds = concept_labels("IndicatorKinds", ctx.lang)
    out = []
    for assessment in dict.fromkeys(r["assessment"] for r in rows):
        of = [r for r in rows if r["assessment"] == assessment]
        first = of[0]
        scale = [n for n in MATURITY_ORDER if n in levels] + [n for n in sorted(levels) if n not in MATURITY_ORDER]
        colon = ctx.t("colon")
        out.append(f'<p>{esc(ctx.t("organisation"))}{colon}{ctx.ref(first["organisation"])} · {esc(ctx.t("level"))}{colon}'
                   f'{badge(levels.get(first["level"], first["level"]), "level")}'
                   + (f' · {esc(ctx.t("towards"))}{colon}{esc(levels.get(first["towards"], first["towards"]))}' if first["towards"] else "")
                   + "</p>")
        out.append('<div class="scale">' + "".join(
            f'<span class="{"now" if n == first["level"] else ("towards" if n == first["towards"] else "")}">{esc(levels[n])}</span>'
            for n in scale) + "</div>")
        of = [r for r in of if r["indicator"]]  # an assessment may have no indicator
        groups = sorted({r["indicator_kind"] for r in of}, key=lambda k: (INDICATOR_ORDER.index(k) if k in INDICATOR_ORDER else 9, k))
        if not of:
            continue
        out.append('<div class="indicators">')
        for kind in groups:
            items = [r for r in of if r["indicator_kind"] == kind]
            label = kinds.get(kind, kind)
            out.append(f'<div><h3>{badge(label[:1].upper() + label[1:], kind)} <span class="muted">({len(items)})</span></h3><ul>'
                       + "".join(f'<li>{esc(r["indicator_label"])} {ctx.src(r["sources"])}</li>' for r in items) + "</ul></div>")
        out.append("</div>")
    return "".join(out)


def _graph_section(ctx: Context) -> str:
    return (f'<p class="note">{esc(ctx.t("graph_help"))}</p>'
            f'<div class="graph-bar"><input id="graph-search" type="search" placeholder="{esc(ctx.t("graph_search"))}" '
            f'aria-label="{esc(ctx.t("graph_search"))}"><button type="button" id="graph-fit">{esc(ctx.t("graph_fit"))}</button></div>'
            '<div class="graph-legend" id="graph-legend"></div>'
            f'<div class="graph-wrap"><div id="cy" role="img" aria-label="{esc(ctx.t("s_graph"))}"></div>'
            f'<aside id="graph-panel" aria-live="polite">{esc(ctx.t("graph_panel"))}</aside></div>'
            f'<noscript><p>{esc(ctx.t("no_js"))}</p></noscript>')
