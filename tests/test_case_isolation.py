"""A case's statements are its own: two cases that say different things about the same product
each see only their own, in every named query, view, explain, report and export, on both backends.

The other case is the seed under another id whose ChatGPT Pro has other quotes, hosting,
description and approval. Each of its texts carries a marker that must never appear in the
seed's answers; the seed's own texts about ChatGPT Pro must never appear in the other case's.
"""

from __future__ import annotations

import pytest

from graphmap.analysis.explain import explain
from graphmap.outputs.export import export_graph, to_networkx
from graphmap.intake.load import load_cases
from graphmap.query.named import named_queries, run_query
from graphmap.outputs.report.case import render_case_report
from graphmap.stores import EmbeddedStore

from conftest import SEED, _connect, wipe

OTHER = "autre-organisation"
MARK = "MARQUEUR-AUTRE"
SEED_ONLY = ("ChatGPT Pro déployé par licences ministérielles",)  # the seed's quotes recur on other entities
SEED_BLOCK = """    quote:
      - "Licences ministérielles déployées depuis septembre."
      - "Serveurs français, données sécurisées."
    hosting: "Serveurs français, données sécurisées."
    approved_by: ministere-tutelle
    provided_by: ministere-tutelle
"""
OTHER_BLOCK = f"""    quote:
      - "{MARK} citation : licences achetées par le service."
    hosting: "{MARK} hébergement aux États-Unis."
    provided_by: ministere-tutelle
"""


def _other_case(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    assert text.count(SEED_BLOCK) == 1
    text = text.replace("case: sante-publique-2026", f"case: {OTHER}", 1).replace(SEED_BLOCK, OTHER_BLOCK)
    text = text.replace("ChatGPT Pro déployé par licences ministérielles", f"{MARK} ChatGPT Pro acheté en propre", 1)
    path = tmp_path / "autre.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def two_cases(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("isolation")
    paths = [SEED, _other_case(folder)]
    if request.param == "embedded":
        with EmbeddedStore(folder / "store") as store, EmbeddedStore(folder / "alone") as alone:
            load_cases(paths, store)
            load_cases([SEED], alone)
            yield store, alone
        return
    store = _connect()
    wipe(store)
    load_cases([SEED], store)
    alone = {name: run_query(store, name, {"case": "sante-publique-2026"}).rows for name in named_queries()}
    load_cases(paths, store)
    yield store, alone
    store.close()


def _texts(value) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, (list, tuple, set)):
        return [t for v in value for t in _texts(v)]
    return [str(value)]


def _seed_rows(alone, name):
    if isinstance(alone, dict):
        return alone[name]
    return run_query(alone, name, {"case": "sante-publique-2026"}).rows


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_keeps_each_case_to_its_own_facts(two_cases, name):
    store, alone = two_cases
    rows = run_query(store, name).rows
    by_case = {}
    for row in rows:
        by_case.setdefault(row.get("case"), []).append(row)
    seed_texts = _texts(by_case.get("sante-publique-2026", []))
    other_texts = _texts(by_case.get(OTHER, []))
    assert not [t for t in seed_texts if MARK in t], f"{name}: the other case's words in the seed's rows"
    assert not [t for t in other_texts if any(s in t for s in SEED_ONLY)], f"{name}: the seed's words in the other case's rows"
    # the seed's answer is the same with or without the other case loaded beside it
    assert run_query(store, name, {"case": "sante-publique-2026"}).rows == _seed_rows(alone, name)


def test_evidence_of_the_shared_product_gives_each_case_its_own_quotes(two_cases):
    store, _ = two_cases
    rows = run_query(store, "evidence", {"entity": "chatgpt-pro"}).rows
    quotes = {case: {q for r in rows if r["case"] == case for q in r["quotes"]} for case in ("sante-publique-2026", OTHER)}
    assert quotes["sante-publique-2026"] == {"Licences ministérielles déployées depuis septembre.", "Serveurs français, données sécurisées."}
    assert quotes[OTHER] == {f"{MARK} citation : licences achetées par le service."}


def test_explain_report_and_export_of_the_seed_hold_nothing_of_the_other_case(two_cases):
    store, _ = two_cases
    tasks = [r["task"] for r in run_query(store, "tasks", {"case": "sante-publique-2026"}).rows]
    holders = {r["id"] for r in run_query(store, "role-typology", {"case": "sante-publique-2026"}).rows}
    for entity in [*tasks, *sorted(holders)]:
        text = explain(store, entity, case="sante-publique-2026").to_text()
        assert MARK not in text, entity
    for lang in ("fr", "en"):
        assert MARK not in render_case_report(store, "sante-publique-2026", lang=lang)
    graph = export_graph(store, "sante-publique-2026")
    assert MARK not in graph.serialize(format="nt")
    network = to_networkx(graph)  # what GraphML, GEXF and CSV are written from
    assert not [n for n, data in network.nodes(data=True) if MARK in " ".join(map(str, data.values()))]
    other = export_graph(store, OTHER).serialize(format="nt")
    assert MARK in other and not any(s in other for s in SEED_ONLY)
