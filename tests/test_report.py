"""HTML reports: the content of a case report and of the barometer, the command, and the
rendering in headless Chromium (Debian's ``chromium`` package; the tests fail without it).
"""

from __future__ import annotations

import json
from collections import Counter
import re
import shutil
import struct
import subprocess
import zlib
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from graphmap.errors import ConfigError, StoreError
from graphmap.intake.load import load_cases
from graphmap.query.named import run_query
from graphmap.outputs.report import render_barometer_report, render_case_report
from graphmap.outputs.report.texts import term

from conftest import ROOT, run_cli

CASE = "sante-publique-2026"
HEADINGS = {
    "fr": ["L'organisation en un coup d'œil", "Typologie des métiers et des postes", "Tâches et critères de standardisation",
           "Raisons de non-usage par catégorie", "Usages de l'IA par statut",
           "Risques, conditions de réussite et recommandations", "Maturité organisationnelle",
           "Exposition publiée et usages observés", "Graphe du cas"],
    "en": ["The organisation at a glance", "Role typology", "Tasks by rubric criteria", "Non-usage reasons by category",
           "AI usages by status", "Risks, success conditions and recommendations", "Organisational maturity",
           "Published exposure and observed use", "Graph of the case"],
}


@pytest.fixture(scope="module")
def reports(loaded_store) -> dict[str, str]:
    return {lang: render_case_report(loaded_store, CASE, lang) for lang in ("fr", "en")}


@pytest.fixture(scope="module")
def report_file(reports, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(reports["fr"], encoding="utf-8")
    return path


def rows(store, name: str, case: str = CASE) -> list[dict]:
    return run_query(store, name, {"case": case}).rows


def graph_json(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert match, "no graph data block"
    return json.loads(match.group(1))


def h2s(html: str) -> list[str]:
    """The section headings, as text (the escaping of the page undone)."""
    return [unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", html)]


# --- content of the case report -------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "en"])
def test_case_report_has_every_heading_in_its_language(reports, lang):
    html = reports[lang]
    assert html.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in html
    assert h2s(html) == HEADINGS[lang]
    other = "en" if lang == "fr" else "fr"
    assert not set(h2s(html)) & set(HEADINGS[other])


def shown_texts(html: str) -> list[str]:
    """Every text a reader of the page sees: element text and the attributes shown on hover or as
    hints (title, placeholder, aria-label), and what graph.js writes from the JSON blocks (node
    labels, type, property and relationship names, property values, the panel's fixed texts)."""
    page = Chunks(re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S))
    out = [text.strip() for text in page.chunks if text.strip()]
    data = graph_json(html)
    texts = json.loads(re.search(r'id="graph-texts">(.*?)</script>', html, re.S).group(1))
    for n in data["nodes"]:
        props = n["props"].items() if isinstance(n["props"], dict) else n["props"]  # a dict before issue 21
        out += [n["label"]] + [str(x) for p in props for x in p]
    out += list(data.get("rels", {}).values()) or [e["rel"] for e in data["edges"]]
    out += [v for k, v in texts.items() if isinstance(v, str)] + list(texts["types"].values())
    return out


class Chunks(HTMLParser):
    """The text pieces of a page as a browser shows them (each text node, each shown attribute)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.chunks += [v for k, v in attrs if k in ("title", "placeholder", "aria-label") and v]

    def handle_data(self, data):
        self.chunks.append(data)


def case_data_texts(store, case: str) -> set[str]:
    """Every text the case (and the reference data beside it) wrote: literals of its graph, the
    statements of the O*NET tasks it links to, the attribution of the datasets."""
    from rdflib import Literal

    from graphmap.outputs.export import export_graph

    texts = {str(o) for _, _, o in export_graph(store, case) if isinstance(o, Literal)}
    texts |= {r["statement_text"] or "" for r in rows(store, "exposure-gap-tasks", case)}
    texts |= {str(v) for r in run_query(store, "reference-datasets").rows for v in r.values() if v}
    return {t for t in texts if len(t) >= 3}


def foreign_texts(lang: str) -> set[str]:
    """What graphmap writes in the other language and never in ``lang``: the reports' fixed texts,
    verdict labels, class, property, relationship and vocabulary labels, the rubric's name."""
    from rdflib import Literal
    from rdflib.namespace import RDFS, SKOS

    from graphmap.derivation.reasons import VERDICT_LABELS
    from graphmap.model.vocabulary import ontology_graph, rubric_graph
    from graphmap.outputs.report.texts import PROPERTY_TEXTS, RELATION_TEXTS, TEXTS

    other = "en" if lang == "fr" else "fr"
    mine, theirs = set(), set()  # whole texts, then cut into their fixed pieces
    for table in (TEXTS, VERDICT_LABELS):
        mine |= set(table[lang].values())
        theirs |= set(table[other].values())
    for table in (PROPERTY_TEXTS, RELATION_TEXTS):
        mine |= {v[lang] for v in table.values()}
        theirs |= {v[other] for v in table.values()}
    for graph in (ontology_graph(), rubric_graph()):
        for predicate in (RDFS.label, SKOS.prefLabel, SKOS.definition):
            for _, _, text in graph.triples((None, predicate, None)):
                if isinstance(text, Literal) and text.language in (lang, other):
                    (mine if text.language == lang else theirs).add(str(text))
    def pieces(texts: set[str]) -> set[str]:  # a fixed text with {placeholders}: its fixed pieces
        return {p.strip(" :;,.()").casefold() for t in texts for p in re.split(r"\{\w+\}", t)}

    mine_folded = pieces(mine) | {m.casefold() for m in mine}
    return {p for p in pieces(theirs) if len(p) >= 4 and p not in mine_folded}


RAW_KEY = re.compile(r"\b(?:[a-z]+[A-Z]\w*|label|description)_(?:fr|en)\b|\b[A-Z]+(?:_[A-Z]+)+\b"
                     r"|\b(?:ai-fit|non-ai-lever|effective-user|not-concerned|not-standardisable|needs-review)\b")


def other_language_in(html: str, lang: str, data: set[str]) -> list[str]:
    """The other language's fixed texts and the raw keys found in what a reader of the page sees,
    once the case's own data is taken out."""
    found = []
    masked = re.compile("|".join(re.escape(d) for d in sorted(data, key=len, reverse=True)))
    foreign = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(foreign_texts(lang), key=len, reverse=True))
                         + r")(?!\w)", re.I)
    for text in shown_texts(html):
        if text.endswith("…") and any(d.startswith(text[:-1]) for d in data):
            continue  # a chart's label cut short
        text = masked.sub("\x00", text)
        found += [m.group(0) for m in RAW_KEY.finditer(text)]
        found += [f"{m.group(0)!r} in {text[:120]!r}" for m in foreign.finditer(text)]
    return sorted(set(found))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_case_report_is_in_one_language_throughout(reports, loaded_store, lang):
    """--lang en: nothing French that graphmap writes; --lang fr: nothing English (headings, the
    rubric's name, labels of verdicts, classes, properties and relationships of the graph panel,
    the references the criteria rest on); no raw key (aiGovernance_fr, TASK_OF, ai-fit). The case's
    own data stays as written."""
    data = case_data_texts(loaded_store, CASE)
    assert other_language_in(reports[lang], lang, data) == []
    note = unescape(reports[lang].split('<p class="note">', 2)[1].split("</p>")[0])  # the matrix's note
    assert note.startswith("Grille de standardisabilité, version" if lang == "fr" else "Standardisability rubric, version")
    names = {p[0] for n in graph_json(reports[lang])["nodes"] for p in n["props"]}
    assert ("gouvernance de l'IA" if lang == "fr" else "AI governance") in names


def test_the_language_scan_finds_the_other_language(reports, loaded_store):
    """The scan above is not blind: it finds the English fixed texts in the French report
    (and the other way round) once they are put in."""
    data = case_data_texts(loaded_store, CASE)
    en = reports["fr"].replace("<h2>Typologie des métiers et des postes</h2>", "<h2>Role typology</h2>", 1)
    assert other_language_in(en, "fr", data)
    fr = reports["en"].replace("<td>", "<td>aiGovernance_fr ", 1)
    assert any("aiGovernance_fr" in f for f in other_language_in(fr, "en", data))
    fr = reports["en"].replace("<h2>Role typology</h2>", "<h2>Typologie des métiers et des postes</h2>", 1)
    assert other_language_in(fr, "en", data)


def test_case_report_glance_gives_the_organisation_and_its_counts(reports, loaded_store):
    html = reports["fr"]
    glance = html.split('id="glance"')[1].split("</section>")[0]
    assert "Organisation publique de santé" in glance and "200" in glance  # name and staff
    typology = rows(loaded_store, "typology-table")
    roles = sum(r["role_count"] for r in typology)
    posts = sum(r["post_count"] for r in typology)
    tasks = len(rows(loaded_store, "standardisable-tasks"))
    for number, word in ((roles, "Métiers"), (posts, "Postes"), (tasks, "Tâches")):
        assert f'<div class="n">{number}</div><div class="k">{word}</div>' in glance


def test_every_role_and_post_of_the_typology_appears(reports, loaded_store):
    typology = rows(loaded_store, "role-typology")
    assert {r["kind"] for r in typology} == {"post", "role"}
    section = reports["en"].split('id="typology"')[1].split("</section>")[0]
    for row in typology:
        assert f"<code>{row['id']}</code>" in section
    for verdict in ("effective user", "exploring", "not concerned"):
        assert verdict in section


def test_matrix_has_one_row_per_task_and_a_column_per_criterion(reports, loaded_store):
    tasks = rows(loaded_store, "standardisable-tasks")
    rubric = rows(loaded_store, "rubric")
    matrix = reports["fr"].split('<table class="matrix">')[1].split("</table>")[0]
    assert re.findall(r'data-task="([^"]+)"', matrix) == [t["task"] for t in tasks]
    assert matrix.count('class="crit') == len(rubric)
    for task in tasks:
        row = matrix.split(f'data-task="{task["task"]}"')[1].split("</tr>")[0]
        verdict = {"standardisable": "v-std", "undetermined": "v-undetermined"}.get(
            task["verdict"], "v-blocked" if task["blocking"] else "v-low")
        assert verdict in matrix.split(f'data-task="{task["task"]}"')[0].rsplit("<tr", 1)[1]
        assert row.count("c-met") == len(task["criteria_met"])
        assert row.count("c-missed") == len(task["criteria_missed"])
        assert row.count("c-not-recorded") == len(task["criteria_not_recorded"])
        assert row.count("c-block") == len(task["blocking"])
    fits = {r["task"]: r["fit"] for r in rows(loaded_store, "ai-fit")}
    for fit in set(fits.values()):
        assert f"b-{fit}" in matrix


def test_every_non_usage_category_appears_with_its_reasons_and_quotes(reports, loaded_store):
    reasons = rows(loaded_store, "non-usage-reasons")
    section = reports["fr"].split('id="nonusage"')[1].split("</section>")[0]
    for category in {r["category"] for r in reasons}:
        assert f'data-category="{category}"' in section
    for reason in reasons:
        assert f'data-node="{reason["reason"]}"' in section
    quote = reasons[0]["quotes"][0]
    assert quote in unescape(section)


def test_usages_risks_and_maturity_sections(reports, loaded_store):
    html = reports["en"]
    usages = html.split('id="usages"')[1].split("</section>")[0]
    for usage in rows(loaded_store, "usages"):
        assert f'data-node="{usage["usage"]}"' in usages
    risks = html.split('id="risks"')[1].split("</section>")[0]
    for risk in rows(loaded_store, "risks"):
        assert f'data-node="{risk["risk"]}"' in risks
        for answer in risk["mitigated_by"] + risk["addressed_by"]:
            assert f'data-node="{answer}"' in risks
    maturity = html.split('id="maturity"')[1].split("</section>")[0]
    assert "medium" in maturity and "strong" in maturity
    for indicator in rows(loaded_store, "maturity"):
        assert indicator["indicator"] and indicator["indicator_label"] in unescape(maturity)


def test_graph_has_every_entity_of_the_case_as_a_node(reports, loaded_store):
    entities = {r["entity"] for r in rows(loaded_store, "evidence")}
    data = graph_json(reports["fr"])
    idents = {n["ident"] for n in data["nodes"]}
    assert entities <= idents, sorted(entities - idents)
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    task = next(n for n in data["nodes"] if n["ident"] == "tache-tri-archives")
    assert task["type"] == "Task" and ["4.1", "Non-usage fonctionnel"] in task["sections"]
    assert set(data["colours"]) == {kind for kind, _ in data["kinds"]}


def test_case_report_is_self_contained(reports):
    for html in reports.values():
        assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.I)
        assert not re.search(r"<link\b", html, re.I)
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html, re.I)
        assert not re.search(r"\s(src|href)\s*=\s*['\"]?(https?:)?//", html, re.I)
        assert "cytoscape" in html and "graphmapGraph" in html


MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"


def render_one(tmp_path: Path, text: str, lang: str) -> str:
    """Load one case file written from ``text`` into a store of its own and report on it."""
    from graphmap.stores import EmbeddedStore

    case_file = tmp_path / "case.yaml"
    case_file.write_text(text, encoding="utf-8")
    with EmbeddedStore(tmp_path / "store") as store:
        load_cases([case_file], store)
        return render_case_report(store, None, lang)  # the only loaded case


def test_text_from_a_case_is_escaped(tmp_path):
    hostile = "Le contact </script><script>alert(1)</script> <b>humain</b> & <!-- prime"
    text = MAIRIE.read_text(encoding="utf-8")
    assert "label: Le contact humain prime" in text
    html = render_one(tmp_path, text.replace("label: Le contact humain prime", f"label: {json.dumps(hostile)}"), "en")
    assert "<script>alert(1)" not in html and "<b>humain</b>" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;humain&lt;/b&gt; &amp; &lt;!-- prime" in html
    assert hostile in {n["label"] for n in graph_json(html)["nodes"]}
    block = re.search(r'id="graph-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    assert html.count("<script") == html.count("</script>") == 4  # the two data blocks and the two scripts


def test_a_case_without_maturity_assessment_says_so(tmp_path):
    text = re.sub(r"(?ms)^maturity_assessments:\n.*?(?=^\S|\Z)", "", MAIRIE.read_text(encoding="utf-8"))
    html = render_one(tmp_path, text, "fr")
    assert "Aucune évaluation de maturité dans ce cas." in html


# --- hostile text: escaped wherever it lands, never read as a template ---------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '"onmouseover=alert(1) x="',
    "'onmouseover='alert(1)",
    "{{ 7*7 }}",
    "{% raw %}",
    "{# c #}{{ lang }}{% if true %}x{% endif %}",
    "&amp; &lt;b&gt; </td></tr><!--",
]


class Elements(HTMLParser):
    """Every element of a page with its attributes and its text (entities decoded, as a browser reads them)."""

    VOID = {"meta", "br", "input", "img", "link", "hr", "col", "area", "base", "source", "wbr"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict, str]] = []
        self.open: list[list] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            self.found.append((tag, dict(attrs), ""))
        else:
            self.open.append([tag, dict(attrs), []])

    def handle_endtag(self, tag):
        while self.open:
            name, attrs, text = self.open.pop()
            self.found.append((name, attrs, "".join(text)))
            if name == tag:
                break

    def handle_data(self, data):
        for element in self.open:
            element[2].append(data)

    def texts(self, tag: str, **attrs) -> list[str]:
        return [text for name, found, text in self.found
                if name == tag and all(found.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())]

    def attributes(self) -> list[tuple[str, str]]:
        return [(k, v or "") for _, attrs, _ in self.found for k, v in attrs.items()]


def hostile_case(value: str) -> str:
    """The small test case with ``value`` written into its study, organisation, a source section's
    title, a task, a quote, a usage's benefit and a non-usage reason."""
    text = MAIRIE.read_text(encoding="utf-8")
    for old, new in (
        ("label: Cas d'essai — mairie", f"label: {json.dumps('Étude ' + value)}"),
        ("label: {fr: Mairie d'exemple, en: Example town hall}",
         "label: " + json.dumps({"fr": "Mairie " + value, "en": "Town hall " + value})),
        ('{number: "2", title: Usages}', '{number: "2", title: ' + json.dumps("Usages " + value) + "}"),
        ("label: Accueil des usagers au guichet", f"label: {json.dumps('Accueil ' + value)}"),
        ('    quote: "Chaque usager arrive avec son histoire."\n\nmaturity_assessments',  # the reason's quote
         f"    quote: {json.dumps('Chaque ' + value)}\n\nmaturity_assessments"),
        ("benefits: [Gain de temps]", f"benefits: [{json.dumps('Gain ' + value)}]"),
        ("label: Le contact humain prime", f"label: {json.dumps('Contact ' + value)}"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_of_a_case_is_escaped_everywhere_and_never_a_template(tmp_path, value):
    """Text from a case shows exactly as written wherever the reports put it (element text, attribute,
    SVG, JSON block): escaped once, never markup, never evaluated as template syntax."""
    from graphmap.stores import EmbeddedStore

    lang = "en" if HOSTILE.index(value) % 2 else "fr"
    case_file = tmp_path / "case.yaml"
    case_file.write_text(hostile_case(value), encoding="utf-8")
    with EmbeddedStore(tmp_path / "store") as store:
        load_cases([case_file], store)
        case_html = render_case_report(store, None, lang)
        barometer = render_barometer_report(store, lang)
    organisation = ("Mairie " if lang == "fr" else "Town hall ") + value
    title = ("Rapport de cas" if lang == "fr" else "Case report") + " — Étude " + value

    page = Elements(case_html)
    assert page.texts("title") == [title] and page.texts("h1") == [title]
    assert page.texts("dd")[0] == f"{organisation} mairie" and f"Étude {value}" in page.texts("dd")
    assert any(p.endswith(" · " + organisation) for p in page.texts("p"))
    assert set(page.texts("a", class_="ref", data_node="accueil-usagers")) == {"Accueil " + value}
    assert set(page.texts("a", class_="ref", data_node="raison-contact")) == {"Contact " + value}
    assert page.texts("blockquote") == [f"« Chaque {value} »"]
    assert "Gain " + value in page.texts("td")
    assert {v for k, v in page.attributes() if k == "title" and v.startswith("Usages ")} == {"Usages " + value}
    data = graph_json(case_html)
    assert "Accueil " + value in {n["label"] for n in data["nodes"]}
    for block in re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', case_html, re.S):
        assert not re.search("[<>&]", block)

    board = Elements(barometer)
    # the barometer names an organisation as the organisations query gives it (its first label)
    name = f"Mairie {value} (mairie-exemple)"
    assert board.texts("title")[0] == term(lang, "barometer_title")
    assert name in board.texts("td") and name in board.texts("li")  # a per-case table and the list of cases
    for html, elements in ((case_html, page), (barometer, board)):
        # nothing of the value became markup: no element, no attribute of its own
        assert {k for k, _ in elements.attributes()} <= {
            "lang", "charset", "name", "content", "class", "id", "href", "title", "data-node", "data-task",
            "data-category", "aria-label", "aria-live", "role", "type", "placeholder", "scope", "style", "viewbox",
            "data-sector", "data-view", "value", "for",
            "width", "height", "x", "y", "x1", "x2", "y1", "y2", "fill", "text-anchor"}
        assert html.count("<script") == html.count("</script>") == (4 if html is case_html else 1)
        assert html.count("<td") == html.count("</td>") and "<!--" not in html
        markup = re.sub(r'<script type="application/json" id="[^"]+">.*?</script>', "", html, flags=re.S)
        if re.search("[<>&\"']", value):
            assert value not in markup  # only ever written escaped


def test_json_blocks_cannot_end_their_script_early():
    from graphmap.outputs.report.markup import json_data

    for text in ("</script><script>alert(1)</script>", "<!-- x", "a & b", "<script", "</SCRIPT>", "\u2028'\""):
        block = str(json_data({"label": text, "list": [text]}))
        assert not re.search("[<>&]", block)
        assert json.loads(block) == {"label": text, "list": [text]}


def test_inline_assets_are_refused_when_they_would_end_their_element(monkeypatch):
    from graphmap.outputs.report import markup

    for code, element in (("a</script>b", "script"), ("x <!-- y", "script"), ("p{} </STYLE>", "style")):
        monkeypatch.setattr(markup, "asset", lambda name, code=code: code)
        with pytest.raises(ValueError, match="end its"):
            markup.inline_asset("any.js", element)


def test_report_templates_escape_and_refuse_unknown_names():
    """The environment escapes every value, and a missing name or field is an error, not an empty string."""
    from jinja2 import UndefinedError

    from graphmap.outputs.report.markup import environment

    env = environment()
    assert env.from_string("{{ v }}").render(v="<a href=\"x\">'") == "&lt;a href=&#34;x&#34;&gt;&#39;"
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()
    page = {"lang": "en", "title": "t", "t": str, "cases": [], "case_list": [], "views": [], "editions": 1}
    for section in ("nonusage", "typology", "maturity", "tools", "overview"):  # a section's data without its fields
        with pytest.raises(UndefinedError):
            env.get_template("barometer.html.j2").render(**page, sections=[{"key": section, "title": "x"}],
                                                         data={section: {}})


def test_every_loaded_case_renders_with_all_its_entities(loaded_store):
    for case in loaded_store.cases():
        html = render_case_report(loaded_store, case, "en")
        assert h2s(html) == HEADINGS["en"]
        entities = {r["entity"] for r in rows(loaded_store, "evidence", case)}
        assert entities <= {n["ident"] for n in graph_json(html)["nodes"]}


def test_report_refuses_an_unknown_case_or_language_and_wants_a_case_among_several(loaded_store):
    with pytest.raises(StoreError, match="no case 'nope'"):
        render_case_report(loaded_store, "nope")
    with pytest.raises(ConfigError, match="unknown report language"):
        render_case_report(loaded_store, CASE, "de")
    with pytest.raises(ConfigError, match="--case"):
        render_case_report(loaded_store, None)


# --- barometer ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "en"])
def test_barometer_mentions_every_case_with_a_chart_per_section(loaded_store, lang):
    html = render_barometer_report(loaded_store, lang)
    for case in loaded_store.cases():
        assert case in html
    assert "Organisation publique de santé" in html
    sections = re.findall(r'<section class="part" id="([^"]+)">(.*?)</section>', html, re.S)
    assert [key for key, _ in sections] == ["overview", "typology", "nonusage", "tools", "maturity", "exposure"]
    for key, body in sections:  # bars drawn in HTML (labels wrap, never clipped); the exposure chart in SVG
        assert ('class="hbars' in body and "<span style=\"width:" in body) if key != "exposure" else "<rect" in body
    assert html.count("<script") == 1 and not re.search(r"<script[^>]*\ssrc|<link\b", html, re.I)


def test_barometer_counts_reasons_by_category(loaded_store):
    html = render_barometer_report(loaded_store, "en")
    reasons = run_query(loaded_store, "non-usage-reasons").rows
    section = html.split('id="nonusage"')[1].split("</section>")[0]
    total = sum(1 for r in reasons if r["category"] == "functional")
    assert re.search(rf"<td>Functional non-usage</td>\s*<td>{total}</td>", section)


# --- the command ----------------------------------------------------------------------------

def _registered() -> bool:
    from graphmap.cli.main import app

    return any(getattr(c.callback, "__module__", "") == "graphmap.cli.report" or c.name == "report"
               for c in app.registered_commands)


def test_report_command_writes_the_file(tmp_path):
    """The command function, in a Typer app of its own (whether or not graphmap registers it yet)."""
    from graphmap.cli.report import report

    app = typer.Typer()
    app.command()(report)
    app.command("other")(lambda: None)
    store = tmp_path / "store"
    assert run_cli("load", "cases", store=store).code == 0
    runner = CliRunner()
    out = tmp_path / "report.html"
    done = runner.invoke(app, ["report", "--case", CASE, "--out", str(out), "--store", str(store), "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert "Role typology" in out.read_text(encoding="utf-8")
    barometer = tmp_path / "barometer.html"
    done = runner.invoke(app, ["report", "--barometer", "--out", str(barometer)], env={"GRAPHMAP_STORE": str(store)})
    assert done.exit_code == 0, done.output
    assert 'class="hbars' in barometer.read_text(encoding="utf-8")
    assert (report.__doc__ or "").rstrip().endswith("Example: graphmap report --case sante-publique-2026 --out report.html")


def test_graphmap_report_command(tmp_path):
    assert _registered(), "graphmap report must be a command of graphmap.cli.main"
    store = tmp_path / "store"
    assert run_cli("load", "cases", store=store).code == 0
    out = tmp_path / "report.html"
    run = run_cli("report", "--case", CASE, "--out", str(out), "--store", str(store))
    assert run.code == 0, run.err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    run = run_cli("report", "--case", "nope", "--out", str(tmp_path / "x.html"), store=store)
    assert run.code == 2 and "no case 'nope'" in run.err and not (tmp_path / "x.html").exists()


# --- headless Chromium ----------------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1400,1000", "--force-device-scale-factor=1", "--virtual-time-budget=5000"]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail("headless Chromium renders the HTML reports in these tests: install Debian's chromium package "
                    "(sudo apt-get install chromium)", pytrace=False)
    profile = tmp_path / "chromium-profile"
    done = subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def read_png(path: Path) -> tuple[int, int, int, list[bytes]]:
    """Width, height, bytes per pixel and unfiltered rows of an 8-bit, non-interlaced RGB(A) PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in (2, 6), f"unexpected PNG format {header}"
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * bpp
    out, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        out.append(bytes(line))
        prev = line
    return width, height, bpp, out


def pixels(path: Path) -> list[tuple[int, int, int]]:
    width, _, bpp, lines = read_png(path)
    return [tuple(line[i:i + 3]) for line in lines for i in range(0, width * bpp, bpp)]


def hex_colour(value: str) -> tuple[int, int, int]:
    return tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))


def test_report_renders_in_headless_chromium(report_file, tmp_path):
    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", report_file.as_uri())
    width, height, _, _ = read_png(shot)
    assert (width, height) == (1400, 1000)
    colours = pixels(shot)
    distinct = set(colours)
    assert len(distinct) >= 2
    not_white = sum(1 for c in colours if c != (255, 255, 255))
    assert not_white / len(colours) > 0.3, f"only {not_white} of {len(colours)} pixels are not white"
    assert sum(1 for c in colours if c == hex_colour("#1e3a8a")) > 50_000  # the report's header band


def test_graph_is_drawn_in_headless_chromium(reports, tmp_path):
    """The graph alone (the other parts hidden by a style sheet added for the test): its nodes are painted."""
    only_graph = ("<style>header, nav, section.part:not(#graph), .graph-legend, #graph-panel, p.note { display: none }"
                  " #cy { height: 900px }</style></head>")
    page = tmp_path / "graph.html"
    page.write_text(reports["fr"].replace("</head>", only_graph, 1), encoding="utf-8")
    shot = tmp_path / "graph.png"
    chromium(tmp_path, f"--screenshot={shot}", page.as_uri())
    colours = pixels(shot)
    data = graph_json(reports["fr"])
    for kind in ("task", "nonusage", "people"):
        painted = sum(1 for c in colours if c == hex_colour(data["colours"][kind]))
        assert painted > 150, f"{kind} nodes are not painted ({painted} pixels of their colour)"


def test_graph_runs_and_a_click_shows_facts_and_sources(reports, tmp_path):
    """Cytoscape lays out every node; focusing a node (as a click does) fills the panel with its sections."""
    click = "<script>window.graphmapGraph.focus('tache-tri-archives');</script></body>"
    page = tmp_path / "click.html"
    page.write_text(reports["en"].replace("</body>", click, 1), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    data = graph_json(reports["en"])
    container = re.search(r'<div id="cy"[^>]*>', dom).group(0)
    assert 'data-graph-ready="1"' in container
    assert f'data-graph-nodes="{len(data["nodes"])}"' in container
    assert f'data-graph-edges="{len(data["edges"])}"' in container
    panel = dom.split('id="graph-panel"')[1].split("</aside>")[0]
    assert "Tri d'archives" in panel and "tache-tri-archives" in panel
    assert "§4.1 — Non-usage fonctionnel" in panel and "Relationships" in panel


def test_barometer_gives_shares_with_counts_by_sector_and_size(loaded_store):
    """The typology as shares with their counts, over all roles and posts, by sector and by size
    band; the sectors and bands come from the organisations the cases study."""
    from graphmap.outputs.report.barometer import size_band

    html = render_barometer_report(loaded_store, "en")
    section = unescape(html.split('id="typology"')[1].split("</section>")[0])
    rows = run_query(loaded_store, "typology-table").rows
    total = Counter()
    for r in rows:
        total[r["typology"]] += r["role_count"] + r["post_count"]
    whole = sum(total.values())
    effective = total["effective-user"]
    assert f"{round(100 * effective / whole)}% ({effective})" in section
    orgs = run_query(loaded_store, "organisations").rows
    for org in orgs:
        assert f'data-sector="{org["sector"] or "not given"}"' in html.replace("&#39;", "'")
    seed = next(o for o in orgs if o["case"] == CASE)
    assert size_band(seed["staff"]) == "50-249" and "50-249 people" in section
    assert [size_band(n) for n in (None, 1, 49, 50, 249, 250, 999, 1000)] == [
        None, "1-49", "1-49", "50-249", "50-249", "250-999", "250-999", "1000+"]
    header = html.split("</header>")[0]
    assert "<details" in header and "<details open" not in header  # the list of cases folded


def test_barometer_gives_typology_shares_by_occupation_family(loaded_store):
    """Issue 21: shares by occupation family, the ISCO-08 major group of the roles linked to one."""
    from collections import Counter

    links = {(r["case"], r["entity"]): r["target"] for r in run_query(loaded_store, "crosswalk").rows
             if r["classification"] == "ISCO-08"}
    expected = Counter(links[(r["case"], r["id"])].rsplit("/C", 1)[1][0]
                       for r in run_query(loaded_store, "role-typology").rows
                       if r["kind"] == "role" and (r["case"], r["id"]) in links)
    assert expected["4"] >= 2  # the seed's assistants and support services are clerical support workers
    html = unescape(render_barometer_report(loaded_store, "en"))
    part = html.split("By occupation family (ISCO-08 major group of the roles linked)")[1].split("</div>")[0]
    assert f"Clerical support workers ({expected['4']})" in part
    assert f"Craft and related trades workers ({expected['7']})" in part
