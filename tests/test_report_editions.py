"""The barometer across editions (issue 21, the reports): where an organisation appears in several
editions, what moved between them (roles that changed typology class, roles and non-usage reasons
that appeared or disappeared), and an edition filter in the page beside the sector filter.

The answers are checked exactly on a hand-written pair of cases (tests/data/editions: one town
hall in its 2025 and 2026 editions, what moved listed at the top of ecoville-2025.yaml), on the
embedded store and on Neo4j; the page is driven in headless Chromium (the helpers of
test_report.py); a barometer whose organisations each appear once says so in one sentence.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from graphmap.intake.load import load_cases
from graphmap.outputs.report import render_barometer_report
from graphmap.outputs.report.barometer import edition_changes, edition_order, normalised
from graphmap.outputs.report.texts import term
from graphmap.query.named import run_query
from graphmap.stores import EmbeddedStore

from conftest import ALL_CASES, ROOT
from test_report import chromium

PAIR = sorted((ROOT / "tests" / "data" / "editions").glob("*.yaml"))

# What moved in the pair, exactly (see the comment at the top of ecoville-2025.yaml).
EXPECTED = [{
    "organisation": "Mairie d'Ecoville",  # the later edition's label (written without its accent there)
    "sector": "administration territoriale",
    "editions": [{"edition": "Édition 2025", "cases": ["ecoville-2025"]},
                 {"edition": "Édition 2026", "cases": ["ecoville-2026"]}],
    "steps": [{
        "from": "Édition 2025", "to": "Édition 2026",
        "changed": [
            {"role": "Agents d'état civil", "from": ["exploring"], "to": ["effective-user"],
             "cases_from": ["ecoville-2025"], "cases_to": ["ecoville-2026"]},
            {"role": "Secrétaires  de mairie", "from": ["effective-user"], "to": ["exploring"],  # another id, spaces doubled
             "cases_from": ["ecoville-2025"], "cases_to": ["ecoville-2026"]},
        ],
        "appeared": [{"role": "Policiers municipaux", "typology": ["not-concerned"], "cases": ["ecoville-2026"]}],
        "disappeared": [{"role": "Archivistes", "typology": ["not-concerned"], "cases": ["ecoville-2025"]}],
        "unchanged": 1,  # Jardiniers
        "reasons_appeared": [{"category": "economic-employment", "category_label": "economic and employment non-usage",
                              "reason": "Le coût des licences", "cases": ["ecoville-2026"]}],
        "reasons_disappeared": [{"category": "technical", "category_label": "technical non-usage",
                                 "reason": "Pas d'ordinateur sur le terrain", "cases": ["ecoville-2025"]}],
    }],
}]


def changes_of(store) -> list[dict]:
    return edition_changes(run_query(store, "organisations").rows, run_query(store, "role-typology").rows,
                           run_query(store, "non-usage-reasons").rows)


@pytest.fixture(scope="module")
def editions_store(tmp_path_factory):
    """The pair, with the seed and the test cases (each of those in one edition only)."""
    with EmbeddedStore(tmp_path_factory.mktemp("editions") / "store") as store:
        load_cases([*ALL_CASES, *PAIR], store)
        yield store


@pytest.fixture(scope="module")
def pages(editions_store) -> dict[str, str]:
    return {lang: render_barometer_report(editions_store, lang) for lang in ("fr", "en")}


def section(html: str, key: str) -> str | None:
    found = re.search(rf'<section class="part" id="{key}">(.*?)</section>', html, re.S)
    return found.group(1) if found else None


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_pair_moved_exactly_as_written(editions_store):
    """One organisation in two editions (its label with and without accent), and only it: the seed
    and the test town hall appear once each."""
    assert changes_of(editions_store) == EXPECTED


def test_the_pair_on_neo4j_moves_the_same(neo4j_store):
    """The same rows from Neo4j's twins of the queries give the same answer, and the same section."""
    load_cases([*ALL_CASES, *PAIR], neo4j_store)
    assert changes_of(neo4j_store) == EXPECTED
    html = render_barometer_report(neo4j_store, "en")
    part = text(section(html, "editions"))
    assert "Agents d'état civil exploring effective user ecoville-2025 → ecoville-2026" in part


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_report_says_what_moved_in_its_language(pages, lang):
    t = lambda key: term(lang, key)  # noqa: E731
    html = pages[lang]
    keys = re.findall(r'<section class="part" id="([^"]+)">', html)
    assert keys == ["overview", "typology", "nonusage", "tools", "maturity", "editions", "exposure"]
    assert f'<a href="#editions">{t("b_editions")}</a>' in unescape(html)
    part = section(html, "editions")
    words = text(part)
    assert t("editions_intro") in words
    assert "Mairie d'Ecoville" in words and "Édition 2025 → Édition 2026" in words
    body = part.split("<h4>")[1].split("<tbody>")[1].split("</tbody>")[0]
    rows = [text(r) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    assert rows == [f"Agents d'état civil {t('exploring')} {t('effective-user')} ecoville-2025 → ecoville-2026",
                    f"Secrétaires de mairie {t('effective-user')} {t('exploring')} ecoville-2025 → ecoville-2026"]
    assert f"{t('roles_appeared')}{t('colon')}Policiers municipaux {t('not-concerned')} (ecoville-2026)" in words
    assert f"{t('roles_disappeared')}{t('colon')}Archivistes {t('not-concerned')} (ecoville-2025)" in words
    economic = "Non-usage économique / emploi" if lang == "fr" else "Economic and employment non-usage"
    technical = "Non-usage technique" if lang == "fr" else "Technical non-usage"
    assert f"{t('reasons_appeared')}{t('colon')}Le coût des licences ({economic}, ecoville-2026)" in words
    assert f"{t('reasons_disappeared')}{t('colon')}Pas d'ordinateur sur le terrain ({technical}, ecoville-2025)" in words
    assert f"{t('roles_unchanged')}{t('colon')}1" in words
    other = "en" if lang == "fr" else "fr"
    for key in ("b_editions", "roles_changed", "roles_appeared", "reasons_disappeared", "class_before", "editions_intro"):
        assert term(other, key) not in words, key
    overview = text(section(html, "overview"))
    assert t("editions_compared") in overview and t("editions_note") not in overview


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_barometer_with_no_organisation_twice_says_so(loaded_store, lang):
    """The seed and the test town hall: two organisations, each in one edition (one names none):
    no section "editions", one sentence in the overview; the edition filter is there (two
    editions: the seed's and "not given")."""
    html = render_barometer_report(loaded_store, lang)
    assert section(html, "editions") is None and 'href="#editions"' not in html
    assert term(lang, "editions_note") in text(section(html, "overview"))
    assert changes_of(loaded_store) == []
    assert '<select id="edition-filter">' in html


def test_one_edition_draws_no_edition_filter(tmp_path):
    """Every case in one edition: no edition filter, no edition attributes, the page as before."""
    with EmbeddedStore(tmp_path / "store") as store:
        load_cases(PAIR[:1], store)
        html = render_barometer_report(store, "en")
    assert "edition-filter" not in html and "data-edition" not in html and 'class="eview"' not in html
    assert section(html, "editions") is None and term("en", "editions_note") in text(section(html, "overview"))


def test_organisations_are_matched_by_their_normalised_label():
    assert normalised("Mairie d’Écoville ") == normalised("mairie  d'ecoville") == "mairie d'ecoville"
    assert normalised("Régie publique — transport") == normalised("REGIE PUBLIQUE - TRANSPORT")
    assert normalised("Mairie d'Écoville") != normalised("Mairie d'Écouville")
    rows = [{"case": "a", "label": "Mairie", "edition": "2025", "sector": "x"},
            {"case": "b", "label": "MAIRIE", "edition": None, "sector": "x"},  # in no edition: not compared
            {"case": "c", "label": "Mairie", "edition": "2025", "sector": "x"}]  # two cases of one edition
    assert edition_changes(rows, [], []) == []


def test_editions_are_ordered_by_date_then_by_text():
    """By the earliest study date of their cases when the rows carry one, then by their text with
    numbers read as numbers; an edition with no date after those with one."""
    rows = [{"edition": "Deuxième édition", "date": "2026-11"}, {"edition": "Première édition", "date": "2025-11"},
            {"edition": "Première édition", "date": "2026-02"}, {"edition": "Hors série", "date": None}]
    assert edition_order(rows) == ["Première édition", "Deuxième édition", "Hors série"]
    assert edition_order([{"edition": "Édition 10"}, {"edition": "Édition 9"}, {"edition": None}]) == ["Édition 9", "Édition 10"]


def test_three_editions_compare_each_with_the_next():
    org = lambda case, edition: {"case": case, "label": "Mairie", "edition": edition, "sector": "s"}  # noqa: E731
    role = lambda case, typology: {"case": case, "kind": "role", "id": "r", "label": "Agents", "typology": typology}  # noqa: E731
    post = {"case": "b", "kind": "post", "id": "p", "label": "Agents", "typology": "not-concerned"}  # posts are left out
    changes = edition_changes([org("c", "Édition 3"), org("a", "Édition 1"), org("b", "Édition 2")],
                              [role("a", "not-concerned"), role("b", "exploring"), post, role("c", "exploring")], [])
    [mairie] = changes
    assert [(s["from"], s["to"]) for s in mairie["steps"]] == [("Édition 1", "Édition 2"), ("Édition 2", "Édition 3")]
    assert [[(c["from"], c["to"]) for c in s["changed"]] for s in mairie["steps"]] == [
        [(["not-concerned"], ["exploring"])], []]
    assert mairie["steps"][1]["unchanged"] == 1


# --- the page in headless Chromium ------------------------------------------------------------

DRIVE = """<script>(function () {
  function shown(selector, attribute) {
    return Array.prototype.filter.call(document.querySelectorAll(selector), function (e) {
      return e.getClientRects().length > 0; }).map(function (e) { return e.getAttribute(attribute); });
  }
  function state() {
    return {views: shown(".eview", "data-edition-view"), rows: shown("tr[data-edition]", "data-edition"),
            aggregates: shown("tr[data-edition-view]", "data-edition-view"), items: shown("li[data-edition]", "data-edition"),
            steps: shown(".edition-step", "data-to"), sectors: shown("tr[data-sector]", "data-sector")};
  }
  var out = {first: state()};
  window.graphmapBarometer.showEdition("Édition 2026");
  out.edition = state();
  window.graphmapBarometer.show("santé publique");
  out.both = state();
  window.graphmapBarometer.show("*");
  window.graphmapBarometer.showEdition("1ère édition – Novembre 2025 (version de janvier 2026)");
  out.seed = state();
  document.body.setAttribute("data-editions", JSON.stringify(out));
})();</script></body>"""


def test_the_edition_filter_works_in_chromium(pages, tmp_path):
    """The page as a reader opens it shows every edition; choosing an edition shows its views
    only (one per section), the per-case rows and list items of its cases, the aggregate rows
    drawn for it and the steps that reach it; with a sector chosen too, both filters hold."""
    import json

    page = tmp_path / "barometer.html"
    page.write_text(pages["en"].replace("</body>", DRIVE, 1), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    found = re.search(r'<body[^>]*\sdata-editions="([^"]*)"', dom)
    assert found, "the page did not run the filter"
    s = json.loads(unescape(found.group(1)))
    first, edition, both, seed = s["first"], s["edition"], s["both"], s["seed"]
    assert first["views"] == ["*"] * 4 and set(first["items"]) == {
        "Édition 2025", "Édition 2026", "1ère édition – Novembre 2025 (version de janvier 2026)", "not given"}
    assert set(first["aggregates"]) == {"*"} and first["steps"] == ["Édition 2026"]
    assert edition["views"] == ["Édition 2026"] * 4
    assert edition["rows"] and set(edition["rows"]) == {"Édition 2026"} and edition["items"] == ["Édition 2026"]
    assert edition["aggregates"] == ["Édition 2026"] and edition["steps"] == ["Édition 2026"]
    assert both["rows"] == [] and both["items"] == [] and both["steps"] == []  # no case of that sector in that edition
    assert seed["items"] == ["1ère édition – Novembre 2025 (version de janvier 2026)"] and seed["steps"] == []
    assert set(seed["sectors"]) == {"santé publique"}
