"""Property-based tests: generated valid cases load and round-trip; mutated ones are refused
with a located error; the reader never crashes."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from graphmap.intake.casefile import parse_case_text
from graphmap.errors import CaseError
from graphmap.intake.load import check_case, load_cases
from graphmap.stores import EmbeddedStore
from graphmap.synth import synth_case, write_barometer

from conftest import _connect, wipe

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def test_synth_is_deterministic(tmp_path):
    first = [p.read_bytes() for p in write_barometer(3, 5, tmp_path / "a")]
    second = [p.read_bytes() for p in write_barometer(3, 5, tmp_path / "b")]
    assert first == second and first != [p.read_bytes() for p in write_barometer(3, 6, tmp_path / "c")]


@FAST
@given(seed=st.integers(0, 10_000))
def test_generated_cases_round_trip_through_both_stores(tmp_path_factory, seed):
    folder = tmp_path_factory.mktemp("synth")
    path = write_barometer(1, seed, folder)[0]
    checked = check_case(path)
    with EmbeddedStore(folder / "store") as store:
        load_cases([path], store)
        assert isomorphic(store.export_case(checked.case.id), checked.graph)
    with _connect() as neo4j:
        wipe(neo4j)
        load_cases([path], neo4j)
        assert isomorphic(neo4j.export_case(checked.case.id), checked.graph)


def _mutations():
    """(what to do to a valid case, what the error must mention)."""
    def drop(section, key):
        def apply(case):
            case[section][0].pop(key)
        return apply, key

    def set_value(section, key, value):
        def apply(case):
            case[section][0][key] = value
        return apply, key

    return [
        drop("roles", "label"), drop("roles", "source"), drop("usages", "status"), drop("tasks", "of"),
        set_value("tasks", "of", "personne"), set_value("tasks", "work", "imaginaire"),
        set_value("organisations", "staff", "beaucoup"), set_value("roles", "id", "Pas Un Id"),
        set_value("usages", "tools", "tache-0-0-0"), set_value("roles", "source", "99"),
        set_value("roles", "extra", 1), set_value("risks", "label", ["liste"]),
    ]


MUTATIONS = _mutations()


@FAST
@given(seed=st.integers(0, 10_000), which=st.integers(0, len(MUTATIONS) - 1))
def test_mutated_cases_are_refused_with_a_located_error(seed, which):
    case = synth_case(seed)
    if "tasks" not in case or "usages" not in case:
        return
    apply, mentions = MUTATIONS[which]
    apply(case)
    text = yaml.safe_dump(case, allow_unicode=True, sort_keys=False)
    try:
        parse_case_text(text, "mutated.yaml")
    except CaseError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == "mutated.yaml" and problem.line >= 1 and problem.field
        assert any(mentions in p.field or mentions in p.message for p in exc.problems), exc
    else:
        raise AssertionError(f"mutation {which} was accepted")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_the_reader_never_crashes_on_any_text(text):
    try:
        parse_case_text(text, "fuzz.yaml")
    except CaseError as exc:
        assert all(p.line >= 1 for p in exc.problems)


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
                    max_leaves=30))
def test_the_reader_never_crashes_on_any_yaml_data(data):
    text = yaml.safe_dump({"graphmap": 1, "case": "x", "language": "fr", "study": data, "roles": data})
    try:
        parse_case_text(text, "fuzz.yaml")
    except CaseError as exc:
        assert all(p.line >= 1 and p.field for p in exc.problems)
