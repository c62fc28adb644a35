"""Answers kept ready (stores/kept.py): the rows of the barometer-wide queries kept per case,
read instead of the query, and never stale: every write of a case or of its verdicts deletes
them in its own transaction, on both backends."""

from __future__ import annotations

import pytest

from graphmap.analysis.review import record_review
from graphmap.derivation.engine import facts_of
from graphmap.derivation.verdicts import derived_lines
from graphmap.intake import load as load_module
from graphmap.stores import kept
from graphmap.intake.load import load_cases
from graphmap.model.namedqueries import TidyRows, bound_parameters, tidy
from graphmap.stores.kept import KEPT, case_key, encode, kept_key, refresh
from graphmap.query.named import named_query, run_query

from conftest import ROOT, SEED, TEST_CASES

SEED_ID = "sante-publique-2026"


@pytest.fixture(params=["embedded", "neo4j"])
def store(request, empty_store):
    if request.param == "embedded":
        return empty_store
    return request.getfixturevalue("neo4j_store")


def _rows(store, name: str, kept: bool) -> tuple[bool, list[list]]:
    """The store's answer over every case (from the kept answers if ``kept`` and every case has
    them, else from the query itself, its list columns tidied as answers are kept), and whether
    it came from the kept answers."""
    query = named_query(name)
    columns, rows = store.run_named(query, bound_parameters(query, {}), kept=kept)
    assert columns == list(query.columns)
    ready = type(rows) is TidyRows
    return ready, [list(row) for row in (rows if ready else tidy(query, columns, rows))]


def _same_as_the_query(store) -> None:
    """Every kept query answers exactly what the query itself answers, read from its kept answers
    whenever every case has them."""
    for name in KEPT:
        ready, rows = _rows(store, name, kept=True)
        assert ready == _complete(store, [name]), name
        assert rows == _rows(store, name, kept=False)[1], name


def _complete(store, names=KEPT) -> bool:
    """Whether every loaded case keeps an answer of this graphmap's key, made since the case was
    last derived, for each of ``names``."""
    stamps, keys = store.kept_keys()
    return all(stamps[case] and keys.get((case, name)) == case_key(kept_key(named_query(name), store.query_language), stamps[case])
               for case in stamps for name in names)


def _fake(store, case: str, name: str = "standardisable-tasks") -> None:
    """Keep, for ``case``, an answer of the right key that says there is no row at all."""
    query = named_query(name)
    stamp = store.kept_keys()[0][case]
    store.keep_answers({(case, name): (case_key(kept_key(query, store.query_language), stamp), encode(list(query.columns), []))})


def _tasks_of(store, case: str) -> list[str]:
    return [r["task"] for r in run_query(store, "standardisable-tasks").rows if r["case"] == case]


@pytest.mark.parametrize("few", [0, 40], ids=["each-query-once-over-every-case", "case-by-case"])
def test_a_load_keeps_every_case_answer_and_they_are_the_query_answers(store, few, monkeypatch):
    monkeypatch.setattr(kept, "FEW", few)  # both ways refresh computes them
    load_cases([SEED, *TEST_CASES], store)
    assert _complete(store)
    _same_as_the_query(store)
    assert len(_rows(store, "verdicts", kept=True)[1]) > 43


def test_kept_answers_are_what_a_query_over_every_case_reads(store):
    """The fast path is really taken (so the parity above is not vacuous): an answer kept with
    the right key is what comes back, and a case parameter still runs the query."""
    load_cases([SEED], store)
    _fake(store, SEED_ID)
    assert _tasks_of(store, SEED_ID) == []
    assert len(run_query(store, "standardisable-tasks", {"case": SEED_ID}).rows) == 17


def test_an_answer_of_another_key_is_never_read(store):
    load_cases([SEED], store)
    query = named_query("standardisable-tasks")
    store.keep_answers({(SEED_ID, query.name): ("another-graphmap", encode(list(query.columns), []))})
    assert len(_tasks_of(store, SEED_ID)) == 17
    _same_as_the_query(store)


def test_a_write_of_the_verdicts_drops_the_case_answers_in_its_transaction(store):
    """A review killed between its write and the answers' refresh leaves no stale answer."""
    load_cases([SEED, *TEST_CASES], store)
    _fake(store, SEED_ID)
    lines = derived_lines(facts_of(SEED_ID, store.case_ntriples(SEED_ID)), store.stored_rule(), None)
    store.write_derived({SEED_ID: lines})  # what record_review writes, without the refresh after it
    stamps, keys = store.kept_keys()
    assert not any(case == SEED_ID for case, _ in keys) and any(case != SEED_ID for case, _ in keys)
    assert len(_tasks_of(store, SEED_ID)) == 17  # the query ran: one case lacked its answers
    _same_as_the_query(store)
    refresh(store)
    assert _complete(store)
    _same_as_the_query(store)


def test_a_load_killed_before_the_refresh_leaves_no_stale_answer(store, tmp_path, monkeypatch):
    load_cases([SEED], store)
    edited = tmp_path / "seed.yaml"
    edited.write_text(SEED.read_text(encoding="utf-8").replace("label: Tri d'archives", "label: Tri des archives anciennes"),
                      encoding="utf-8")
    monkeypatch.setattr(load_module, "refresh_kept", lambda store: 0)  # killed after the write
    load_cases([edited], store)
    labels = {r["task"]: r["task_label"] for r in run_query(store, "standardisable-tasks").rows}
    assert labels["tache-tri-archives"] == "Tri des archives anciennes"
    _same_as_the_query(store)


def _written_behind_the_answers_back(store) -> None:
    """The seed's task label changed and its verdicts derived again by a writer that leaves the
    kept answers in place (a graphmap older than them, or another process on Neo4j)."""
    from datetime import datetime, timezone

    from graphmap.derivation.engine import derivation_iri
    from graphmap.model.caseformat import case_format

    if store.name == "embedded":
        from graphmap.stores.embedded.graphs import derived_graph

        text = store.case_ntriples(SEED_ID).decode("utf-8").replace('"Tri d\'archives"', '"Tri des archives anciennes"')
        assert "Tri des archives anciennes" in text
        lines = derived_lines(facts_of(SEED_ID, text.encode("utf-8")), store.stored_rule(), None)
        store.replace_graphs({case_format().case_graph(SEED_ID): text.splitlines(), derived_graph(SEED_ID): lines})
        return
    with store._session() as session:
        session.run("MATCH (t:Resource {iri: $task}) SET t.label_fr = 'Tri des archives anciennes' "
                    "WITH 1 AS done MATCH (d:Resource {iri: $activity}) SET d.startedAtTime = $at",
                    task=f"{case_format().base_iri}{SEED_ID}/tache-tri-archives", activity=derivation_iri(SEED_ID),
                    at=datetime.now(timezone.utc).isoformat(timespec="microseconds")).consume()


def test_a_write_that_leaves_the_answers_in_place_makes_them_unreadable(store):
    """What deletes kept answers is the new code's writes; the derivation time they carry
    covers any other writer: the query runs, and shows what the store holds."""
    load_cases([SEED, *TEST_CASES], store)
    assert _complete(store)
    _written_behind_the_answers_back(store)
    labels = {r["task"]: r["task_label"] for r in run_query(store, "standardisable-tasks").rows if r["case"] == SEED_ID}
    assert labels["tache-tri-archives"] == "Tri des archives anciennes"
    assert not _complete(store)
    _same_as_the_query(store)
    refresh(store)
    assert _complete(store)
    _same_as_the_query(store)


def test_reviews_reloads_and_a_new_rubric_keep_the_answers_current(store, tmp_path):
    load_cases([SEED, *TEST_CASES], store)
    record_review(store, "tache-communication-adaptee", override="true", why="templates exist", by="Ana Lyste")
    assert _complete(store)
    row = next(r for r in run_query(store, "standardisable-tasks").rows if r["task"] == "tache-communication-adaptee")
    assert (row["verdict"], row["review"]) == ("standardisable", "overridden")
    role = next(r for r in run_query(store, "role-typology").rows if r["id"] == "metiers-diplomatie")
    assert role["typology"] == "exploring"
    _same_as_the_query(store)

    edited = tmp_path / "seed.yaml"
    edited.write_text(SEED.read_text(encoding="utf-8").replace("label: Tri d'archives", "label: Tri des archives anciennes"),
                      encoding="utf-8")
    load_cases([edited], store)
    assert _complete(store)
    labels = {r["task"]: r["task_label"] for r in run_query(store, "standardisable-tasks").rows}
    assert labels["tache-tri-archives"] == "Tri des archives anciennes"
    _same_as_the_query(store)

    rubric = tmp_path / "rubric.ttl"
    text = (ROOT / "ontology" / "rubric.ttl").read_text(encoding="utf-8")
    rubric.write_text(text.replace("gm:characteristic gmv:char-existing-examples ; gm:weight 1",
                                   "gm:characteristic gmv:char-existing-examples ; gm:weight 8")
                      .replace('owl:versionInfo "1.1.0"', 'owl:versionInfo "1.1.0-kept"'), encoding="utf-8")
    load_cases([edited], store, rubric=rubric)
    assert _complete(store)
    assert {r["rubric_version"] for r in run_query(store, "verdicts").rows} == {"1.1.0-kept"}
    _same_as_the_query(store)


HOSTILE_LABEL = 'Tri "d\'archives" \\ \\u2028 </script> {"rows": []} @\t' + "é" * 2000


def test_a_hostile_label_comes_back_from_the_kept_answers_exactly(store, tmp_path):
    """Quotes, backslashes, an escape written out, markup, JSON of its own, a tab and a long text
    in a case's label: kept as JSON and read back exactly, the same as the query answers."""
    import json

    edited = tmp_path / "seed.yaml"
    edited.write_text(SEED.read_text(encoding="utf-8").replace("label: Tri d'archives\n", "label: " + json.dumps(HOSTILE_LABEL) + "\n"),
                      encoding="utf-8")
    load_cases([edited], store)
    assert _complete(store)
    labels = {r["task"]: r["task_label"] for r in run_query(store, "standardisable-tasks").rows}
    assert labels["tache-tri-archives"] == HOSTILE_LABEL
    _same_as_the_query(store)


def test_kept_answers_are_no_case_statement(store):
    """Bookkeeping, like the files' fingerprints: not a case, not in any export."""
    from graphmap.api import export_graph
    from graphmap.model.vocabulary import GM

    load_cases([SEED], store)
    assert store.cases() == [SEED_ID]
    graph = export_graph(store, verdicts=True)
    assert len(graph) > 2000
    assert not any(p in (GM.keptRows, GM.keptKey) for _, p, _ in graph)
    assert not any("_kept" in str(s) for s, _, _ in graph)
