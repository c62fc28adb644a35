"""The Neo4j store against a real server: mapping, atomic and idempotent loads, round trip, errors."""

from __future__ import annotations

import json
import os

import pytest
from rdflib import URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from graphmap.errors import StoreError
from graphmap.intake.load import check_case, load_cases
from graphmap.model.pgmapping import pg_mapping
from graphmap.settings import Neo4jSettings
from graphmap.stores.neo4j import BOOKKEEPING_LABELS, Neo4jStore
from graphmap.model.vocabulary import GM

from conftest import ALL_CASES, ROOT, SEED, neo4j_env, neo4j_settings, run_cli

MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"


def _snapshot(store) -> list:
    keys, rows = store.select(
        "MATCH (n:Resource) OPTIONAL MATCH (n)-[r]->(m) "
        "RETURN n.iri, labels(n), properties(n), type(r), properties(r), m.iri ORDER BY n.iri, type(r), m.iri", {})
    # the times of the derivations differ between two loads seconds apart; all else must not
    timeless = [[{k: v for k, v in part.items() if k not in ("generatedAtTime", "startedAtTime")} if isinstance(part, dict) else part
                 for part in row] for row in rows]
    return [json.dumps(row, sort_keys=True, default=str) for row in timeless]

def test_labels_and_types_come_from_the_ontology(neo4j_store):
    load_cases(ALL_CASES, neo4j_store)
    mapping = pg_mapping()
    _, labels = neo4j_store.select("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l", {})
    _, types = neo4j_store.select("MATCH ()-[r]->() RETURN DISTINCT type(r)", {})
    assert {l for (l,) in labels} <= set(mapping.labels.values()) | {"Resource", *BOOKKEEPING_LABELS}
    assert {t for (t,) in types} <= set(mapping.rel_types.values())
    _, rows = neo4j_store.select("MATCH (n:Role {identifier: 'inspecteurs'}) RETURN n.label_fr, n.iri", {})
    assert rows == [("Inspecteurs", "https://w3id.org/graphmap/id/sante-publique-2026/inspecteurs")]
    _, rows = neo4j_store.select("MATCH (n:Organisation {identifier: 'mairie'}) RETURN n.label_fr, n.label_en", {})
    assert rows == [("Mairie d'exemple", "Example town hall")]


def test_iri_uniqueness_constraint_exists(neo4j_store):
    load_cases([MAIRIE], neo4j_store)
    _, rows = neo4j_store.select("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN labelsOrTypes, properties, type", {})
    assert (["Resource"], ["iri"], "UNIQUENESS") in [tuple(r) for r in rows]

def test_a_reloaded_case_leaves_the_database_a_first_load_would(neo4j_store, tmp_path):
    # A reload keeps the nodes the new version takes again (emptied, then filled); nothing of
    # the old version may survive: a removed entity, a removed property, an emptied node.
    from conftest import wipe

    text = MAIRIE.read_text(encoding="utf-8")
    start, end = text.index("  - id: rappels-rdv"), text.index("\nai_tools:")
    changed = tmp_path / "mairie.yaml"
    changed.write_text((text[:start] + text[end:].replace("    serves: rappels-rdv\n", "")).replace("    staff: 40\n", ""),
                       encoding="utf-8")
    load_cases([SEED, MAIRIE], neo4j_store)
    load_cases([changed], neo4j_store)
    reloaded = _snapshot(neo4j_store)
    wipe(neo4j_store)
    load_cases([SEED, changed], neo4j_store)
    assert reloaded == _snapshot(neo4j_store)
    _, rows = neo4j_store.select("MATCH (n:Resource) WHERE n.cases IS NULL OR size(n.cases) = 0 RETURN n.iri", {})
    assert rows == []
    _, rows = neo4j_store.select("MATCH (o:Organisation {identifier: 'mairie'}) RETURN o.staff", {})
    assert rows == [(None,)]


def test_a_case_recorded_by_an_older_graphmap_reloads_cleanly(neo4j_store):
    # Before bookkeeping nodes listed the relationships that start at shared nodes, a reload
    # read every node's relationships; a case recorded then must still be replaced whole.
    load_cases([SEED, MAIRIE], neo4j_store)
    first = _snapshot(neo4j_store)
    neo4j_store._guard(lambda tx: tx.run("MATCH (k:GraphmapCase) REMOVE k.external").consume())
    load_cases([MAIRIE], neo4j_store)
    assert _snapshot(neo4j_store) == first


def test_two_cases_share_the_product_node_and_each_keeps_its_own_tool(neo4j_store):
    load_cases(ALL_CASES, neo4j_store)
    _, rows = neo4j_store.select("MATCH (p:Product {identifier: 'chatgpt-pro'}) RETURN p.cases, [k IN keys(p) WHERE NOT k IN ['iri', 'identifier', 'cases']]", {})
    assert len(rows) == 1 and sorted(rows[0][0]) == ["mairie-exemple", "sante-publique-2026"] and rows[0][1] == []
    _, rows = neo4j_store.select("MATCH (t:AITool {identifier: 'chatgpt-pro'})-[:PRODUCT]->(:Product) RETURN t.cases ORDER BY t.cases[0]", {})
    assert rows == [(["mairie-exemple"],), (["sante-publique-2026"],)]
    neo4j_store.drop_case("mairie-exemple")
    _, rows = neo4j_store.select("MATCH (p:Product {identifier: 'chatgpt-pro'}) RETURN p.cases", {})
    assert rows == [(["sante-publique-2026"],)]
    _, rows = neo4j_store.select("MATCH (t:AITool {identifier: 'chatgpt-pro'}) RETURN t.cases", {})
    assert rows == [(["sante-publique-2026"],)]
    assert neo4j_store.derived_cases() == {c.stem for c in ALL_CASES} - {"mairie-exemple"}  # its verdicts went with it
    _, rows = neo4j_store.select("MATCH (v:Verdict) WHERE v.inCase = 'mairie-exemple' RETURN count(v)", {})
    assert rows == [(0,)]

def test_a_relationship_that_cannot_be_created_rolls_the_case_back(neo4j_store):
    """A link to a concept the vocabularies lack: Neo4j creates no relationship for it; the
    counts tell, the case is named and nothing of it is written."""
    load_cases([MAIRIE], neo4j_store)
    before = _snapshot(neo4j_store)
    graph = check_case(MAIRIE).graph
    task = next(graph.subjects(RDF.type, GM.Task))
    graph.add((task, GM.workKind, URIRef("https://w3id.org/graphmap/vocab/no-such-kind")))
    with pytest.raises(StoreError, match=r"^case 'mairie-exemple': Neo4j holds \d+ nodes and \d+ relationships, "
                                         r"the RDF graph gives \d+ and \d+; the load was rolled back$"):
        neo4j_store.write_graph("mairie-exemple", graph)
    assert _snapshot(neo4j_store) == before


def test_a_failure_inside_the_transaction_rolls_the_case_back(neo4j_store, monkeypatch):
    import graphmap.stores.neo4j.writer as module

    load_cases([MAIRIE], neo4j_store)
    before = _snapshot(neo4j_store)
    real = module.statement

    def broken(name):  # the relationships fail to merge after the nodes were written
        return "RETURN 1/0" if name == "create-relationships" else real(name)

    monkeypatch.setattr(module, "statement", broken)
    with pytest.raises(StoreError):
        neo4j_store.write_graph("mairie-exemple", check_case(MAIRIE).graph)
    monkeypatch.undo()
    assert _snapshot(neo4j_store) == before


def test_cases_written_together_or_one_by_one_give_the_same_database(neo4j_store, monkeypatch, tmp_path):
    import graphmap.stores.neo4j.writer as module
    from graphmap.synth import write_barometer

    paths = write_barometer(6, 11, tmp_path)
    monkeypatch.setattr(module, "GROUP_ROWS", 10**9)  # all six in one transaction
    load_cases(paths, neo4j_store)
    together = _snapshot(neo4j_store)
    monkeypatch.setattr(module, "GROUP_ROWS", 1)  # one transaction per case
    load_cases(paths, neo4j_store)
    assert _snapshot(neo4j_store) == together
    for path in paths:
        checked = check_case(path)
        assert isomorphic(neo4j_store.export_case(checked.case.id), checked.graph)


def test_a_first_load_in_several_transactions_keeps_every_verdict_link(neo4j_store, monkeypatch, tmp_path):
    """Regression: the rubric is written with the last transaction, and on an empty database the
    derived graphs of the first ones pointed at rubric nodes not yet there; their prov:used link
    was dropped and the load refused (seed-scale 300 on a fresh server)."""
    import graphmap.stores.neo4j.writer as module
    from graphmap.synth import write_barometer

    paths = write_barometer(3, 14, tmp_path)
    monkeypatch.setattr(module, "GROUP_ROWS", 1)  # one transaction per case, the rubric with the last
    load_cases(paths, neo4j_store)
    used = URIRef("http://www.w3.org/ns/prov#used")
    for path in paths:
        case = check_case(path).case.id
        derived = neo4j_store.export_case(case, derived=True)
        assert any(True for _ in derived.triples((None, used, None))), case
    assert neo4j_store.stored_rule() is not None


def test_a_failure_rolls_back_every_case_of_its_transaction_only(neo4j_store, monkeypatch, tmp_path):
    import graphmap.stores.neo4j.writer as module
    from graphmap.synth import write_barometer

    first, second = write_barometer(2, 12, tmp_path / "v1"), write_barometer(2, 13, tmp_path / "v2")
    for old, new in zip(first, second):  # version 2 of the same two cases
        new.write_text(new.read_text(encoding="utf-8").replace("synth-13-", "synth-12-"), encoding="utf-8")
    load_cases(first, neo4j_store)
    before = _snapshot(neo4j_store)
    real = module._write

    def fails_after_writing(tx, group):
        real(tx, group)
        raise ValueError("simulated failure after both cases were written")

    monkeypatch.setattr(module, "GROUP_ROWS", 10**9)
    monkeypatch.setattr(module, "_write", fails_after_writing)
    with pytest.raises(ValueError):
        load_cases(second, neo4j_store)
    monkeypatch.undo()
    assert _snapshot(neo4j_store) == before

def test_named_query_rows_keep_their_order_and_columns(neo4j_store):
    """Rows come back packed in one record (see Neo4jStore.run_named): same rows, same order."""
    from dataclasses import replace

    from graphmap.query.named import named_query

    load_cases(ALL_CASES, neo4j_store)
    query = named_query("evidence")
    columns, packed = neo4j_store.run_named(query, {"case": None, "entity": None})
    plain_columns, plain = neo4j_store.select(query.cypher, {"case": None, "entity": None})
    assert columns == plain_columns == list(query.columns)
    assert [tuple(row) for row in packed] == plain and len(packed) > 100
    wrong = replace(query, columns=("case", "nothing"))
    with pytest.raises(StoreError, match=r"queries/evidence.cypher: its RETURN does not give the columns its header says \(case, nothing\)"):
        neo4j_store.run_named(wrong, {"case": None, "entity": None})


@pytest.mark.parametrize(
    "change, message",
    [
        ({"NEO4J_PASSWORD": "not-the-password"}, "refused the credentials of user 'neo4j'"),
        ({"NEO4J_URI": "bolt://127.0.0.1:9"}, "cannot reach Neo4j at bolt://127.0.0.1:9"),
        ({"NEO4J_DATABASE": "nosuchdb"}, "database 'nosuchdb' does not exist"),
        ({"NEO4J_URI": "http://127.0.0.1:7687"}, "is not usable"),
        ({"NEO4J_URI": "neo4j+s://127.0.0.1:7687"}, "cannot reach Neo4j at neo4j+s://127.0.0.1:7687"),
    ],
    ids=["wrong-password", "unreachable", "no-database", "bad-scheme", "tls-to-a-plain-server"],
)
def test_connection_problems_are_one_clear_line(change, message):
    env = {**neo4j_env(), **change}
    run = run_cli("query", "usages", "--backend", "neo4j", env=env)
    assert run.code == 2
    assert message in run.err and len(run.err.strip().splitlines()) == 1, run.err
    assert "Traceback" not in run.err
    assert env["NEO4J_PASSWORD"] not in run.err + run.out


def test_neo4j_scheme_uris_work_too():
    settings = neo4j_settings()
    routed = Neo4jSettings(settings.uri.replace("bolt://", "neo4j://"), settings.user, settings.password, settings.database)
    with Neo4jStore(routed) as store:
        assert store.select("RETURN 1 AS one", {}) == (["one"], [(1,)])


def test_settings_never_show_the_password():
    settings = Neo4jSettings(password="s3cret-value")
    assert "s3cret-value" not in repr(settings) and "s3cret-value" not in str(settings)


def test_password_file_must_be_private(tmp_path):
    from graphmap.errors import ConfigError

    path = tmp_path / "pw"
    path.write_text("x\n")
    path.chmod(0o644)
    with pytest.raises(ConfigError, match="readable by its owner only"):
        Neo4jSettings.from_env(password_file=path)
    path.chmod(0o600)
    assert Neo4jSettings.from_env(password_file=path).password == "x"
    assert os.environ.get("NEO4J_PASSWORD_FILE") is None

def test_transient_errors_are_retried_and_permanent_ones_reported(neo4j_store, monkeypatch):
    from neo4j.exceptions import ClientError, TransientError

    import graphmap.stores.neo4j.writer as module

    real, calls = module._write, []

    def flaky(tx, group):
        calls.append(group[0][0])
        if len(calls) == 1:
            raise TransientError("deadlock detected (simulated)")
        return real(tx, group)

    load_cases([MAIRIE], neo4j_store)  # the vocabulary the case links to
    monkeypatch.setattr(module, "_write", flaky)
    neo4j_store.write_graph("mairie-exemple", check_case(MAIRIE).graph)
    assert calls == ["mairie-exemple", "mairie-exemple"]
    assert neo4j_store.counts("mairie-exemple")[0] > 0

    def broken(tx, group):
        calls.append(group[0][0])
        raise ClientError("Neo.ClientError.Statement.SyntaxError (simulated)")

    monkeypatch.setattr(module, "_write", broken)
    calls.clear()
    with pytest.raises(StoreError, match="Neo4j refused the request"):
        neo4j_store.write_graph("mairie-exemple", check_case(MAIRIE).graph)
    assert calls == ["mairie-exemple"]  # not retried


def test_analyse_and_fit_work_on_neo4j_too(neo4j_store, tmp_path):
    """Every command that reads the graph takes --backend: analyse and fit used the embedded store
    whatever they were told (issue 19)."""
    run = run_cli("analyse", str(MAIRIE), "--backend", "neo4j", "-f", "json", env=neo4j_env())
    assert run.code == 0, run.err
    answer = json.loads(run.out)
    assert {r["case"] for r in answer["role-typology"]} == {"mairie-exemple"}
    assert "bolt://" in run.err or "neo4j://" in run.err  # it says where it loaded them
    tasks = tmp_path / "taches.csv"
    tasks.write_text(run_cli("fit", "--template").out, encoding="utf-8")
    fitted = run_cli("fit", str(tasks), "--backend", "neo4j", "-f", "json", env=neo4j_env())
    assert fitted.code == 0, fitted.err
    assert "no loaded cases" not in fitted.err  # it found the cases loaded in Neo4j to suggest tools from


def _parses_of_each_case(monkeypatch, store, paths) -> dict[str, int]:
    """Load ``paths`` into ``store``, counting how many times each case's N-Triples are parsed."""
    import pyoxigraph as ox

    seen: dict[bytes, int] = {}
    real = ox.parse

    def counting(data=None, *args, **kwargs):
        if isinstance(data, (bytes, str)):
            key = data if isinstance(data, bytes) else data.encode("utf-8")
            seen[key] = seen.get(key, 0) + 1
        return real(data, *args, **kwargs)

    monkeypatch.setattr(ox, "parse", counting)
    checked = load_cases(paths, store)
    monkeypatch.undo()
    assert all(getattr(item, "_parsed", None) is None for item in checked), "parsed triples kept after the load"
    return {item.case.id: seen.get("\n".join(item.ntriples).encode("utf-8"), 0) for item in checked}


def test_a_neo4j_load_parses_each_case_once(neo4j_store, monkeypatch):
    """Issue 19: the verdicts' engine and the property-graph mapping read the same parse of a case
    (they parsed the same N-Triples twice), and its triples are freed once written."""
    assert _parses_of_each_case(monkeypatch, neo4j_store, [SEED, MAIRIE]) == {"sante-publique-2026": 1, "mairie-exemple": 1}


def test_a_neo4j_load_in_several_transactions_parses_each_case_once(neo4j_store, monkeypatch, tmp_path):
    import graphmap.stores.neo4j.writer as module
    from graphmap.synth import write_barometer

    paths = write_barometer(3, 15, tmp_path)
    monkeypatch.setattr(module, "GROUP_ROWS", 1)  # one transaction per case
    counts = _parses_of_each_case(monkeypatch, neo4j_store, paths)
    assert len(counts) == 3 and set(counts.values()) == {1}, counts
