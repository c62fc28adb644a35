"""graphmap synth: realistic cases of the seed's size and shape, sharing products, with every verdict.

Twenty generated cases are written once, checked, and loaded into a real embedded store; each
test compares them with the seed study (cases/sante-publique-2026.yaml) or runs the named
queries on them.
"""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from graphmap.intake.load import check_case, load_cases
from graphmap.query.named import run_query
from graphmap.stores import EmbeddedStore
from graphmap.synth import SHAPES, dump_case, synth_case, write_barometer

from conftest import SEED, run_cli

CASES = 20
TOOL_SECTIONS = ("tools", "ai_tools")


@pytest.fixture(scope="module")
def seed_case():
    return check_case(SEED)


@pytest.fixture(scope="module")
def barometer(tmp_path_factory):
    """(paths, checked cases) of a 20-case realistic barometer."""
    folder = tmp_path_factory.mktemp("barometer")
    paths = write_barometer(CASES, 16, folder)
    return paths, [check_case(path) for path in paths]


@pytest.fixture(scope="module")
def store(barometer, tmp_path_factory):
    paths, _ = barometer
    with EmbeddedStore(tmp_path_factory.mktemp("synth-store") / "store") as store:
        load_cases(paths, store)
        yield store


def _sections(document: dict) -> dict[str, list[dict]]:
    return {key: value for key, value in document.items() if isinstance(value, list) and value and isinstance(value[0], dict)}


@pytest.fixture(scope="module")
def documents(barometer):
    paths, _ = barometer
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths]


@pytest.fixture(scope="module")
def seed_document():
    return yaml.safe_load(SEED.read_text(encoding="utf-8"))


def test_every_case_has_about_the_seeds_triples_and_entities(barometer, seed_case):
    _, checked = barometer
    low, high = 0.75 * seed_case.triples, 1.25 * seed_case.triples
    for case in checked:
        assert low <= case.triples <= high, (case.case.id, case.triples, seed_case.triples)
        assert 100 <= len(case.case.entities) <= 200, (case.case.id, len(case.case.entities))
    mean = sum(case.triples for case in checked) / len(checked)
    assert 0.85 * seed_case.triples <= mean <= 1.15 * seed_case.triples


def test_every_case_has_every_section_of_the_seed(documents, seed_document):
    wanted = set(_sections(seed_document))
    for document in documents:
        assert wanted <= set(_sections(document)), (document["case"], wanted - set(_sections(document)))
        assert len(document["study"]["sections"]) >= 30 and document["study"]["studies"]


def test_every_field_of_the_seed_is_used_over_the_barometer(documents, seed_document):
    def fields(document):
        return {(name, key) for name, items in _sections(document).items() for item in items for key in item} | \
               {("study", key) for key in document["study"]}

    used = set().union(*(fields(document) for document in documents))
    assert fields(seed_document) <= used, sorted(fields(seed_document) - used)


def test_every_case_has_every_status_attestation_and_reason_category(documents):
    for document in documents:
        assert {u["status"] for u in document["usages"]} == {"effective", "experimented", "evoked"}, document["case"]
        assert {u["attestation"] for u in document["usages"]} == {"observed", "post", "evoked"}, document["case"]
        assert {r["category"] for r in document["non_usage_reasons"]} == {
            "functional", "organisational", "technical", "qualitative", "responsibility-meaning", "economic-employment"}


def test_quotes_on_most_entities_as_in_the_seed_and_sources_on_all(documents, seed_document):
    def quoted(document):
        entities = [item for items in _sections(document).values() for item in items]
        assert all(item.get("source") for item in entities)
        return sum(1 for item in entities if item.get("quote")) / len(entities)

    seed_share = quoted(seed_document)
    for document in documents:
        assert abs(quoted(document) - seed_share) <= 0.12, (document["case"], quoted(document), seed_share)


def test_a_few_products_are_shared_by_most_cases_and_local_tools_by_one(documents):
    cases_of: Counter = Counter()
    for document in documents:
        cases_of.update({item["id"] for name in TOOL_SECTIONS for item in document.get(name, [])})
    shared = {tool for tool, n in cases_of.items() if n >= 0.75 * CASES}
    assert {"excel", "messagerie", "chatgpt-pro"} <= shared, cases_of.most_common(8)
    assert 2 <= len(shared) <= 8
    for document in documents:  # each case has its long tail: tools no other case has
        own = [item["id"] for name in TOOL_SECTIONS for item in document.get(name, []) if cases_of[item["id"]] == 1]
        assert own, document["case"]


def test_sectors_sizes_and_maturity_vary(documents):
    sectors = {document["organisations"][0]["sector"] for document in documents}
    staff = [document["organisations"][0]["staff"] for document in documents]
    levels = {document["maturity_assessments"][0]["level"] for document in documents}
    assert len(sectors) >= 6 and max(staff) >= 10 * min(staff) and levels == {"low", "medium", "strong"}


def test_every_task_verdict_over_the_barometer(store):
    rows = run_query(store, "standardisable-tasks").rows
    assert len({row["case"] for row in rows}) == CASES
    assert {row["verdict"] for row in rows} == {"standardisable", "not-standardisable", "undetermined"}
    assert any(row["criteria_missed"] for row in rows)  # the interviews also say what a task lacks
    per_case = Counter(row["case"] for row in rows if row["verdict"] == "standardisable")
    assert len(per_case) >= CASES // 2  # standardisable tasks in many cases, not in one


def test_every_role_typology_over_the_barometer(store):
    rows = run_query(store, "role-typology").rows
    every = {"effective-user", "exploring", "not-concerned", "undetermined"}
    assert {row["typology"] for row in rows if row["kind"] == "role"} == every
    assert {row["typology"] for row in rows if row["kind"] == "post"} == every
    assert any(row["reason"].startswith("variable according to posts and tasks") for row in rows)
    assert any(row["reason"] == "tasks open to AI, no effective usage" for row in rows)


def test_generated_cases_have_no_personal_data_warnings(barometer):
    _, checked = barometer
    assert [w for case in checked for w in case.warnings] == []


def test_the_same_seed_gives_the_same_bytes(tmp_path):
    first = [p.read_bytes() for p in write_barometer(3, 5, tmp_path / "a")]
    second = [p.read_bytes() for p in write_barometer(3, 5, tmp_path / "b")]
    other = [p.read_bytes() for p in write_barometer(3, 6, tmp_path / "c")]
    assert first == second and all(a != b for a, b in zip(first, other))


@pytest.mark.parametrize("shape", SHAPES)
def test_what_is_written_reads_back_as_the_same_data(shape):
    for index in range(5):
        case = synth_case(3, index, shape=shape)
        assert yaml.safe_load(dump_case(case)) == case


def test_the_small_shape_is_still_there(tmp_path):
    paths = write_barometer(3, 2, tmp_path, shape="small")
    for path in paths:
        checked = check_case(path)
        assert checked.triples < 700 and len(checked.case.entities) < 80
    with pytest.raises(ValueError, match="unknown shape"):
        synth_case(1, shape="huge")


def test_the_command_writes_cases_that_validate(tmp_path):
    out = tmp_path / "barometre"
    done = run_cli("synth", "--cases", "3", "--out", str(out))
    assert done.code == 0, done.err
    assert sorted(p.name for p in out.iterdir()) == [f"synth-1-0000{k}.yaml" for k in range(3)]
    checked = run_cli("validate", str(out))
    assert checked.code == 0 and checked.err.count("ok:") == 3, checked.out + checked.err
    small = run_cli("synth", "--cases", "1", "--shape", "small", "--out", str(tmp_path / "small"))
    assert small.code == 0 and check_case(tmp_path / "small" / "synth-1-00000.yaml").triples < 700
    assert run_cli("synth", "--shape", "huge", "--out", str(tmp_path / "x")).code == 2


def test_the_whole_barometer_validates_from_the_command_line(barometer):
    paths, _ = barometer
    done = run_cli("validate", str(paths[0].parent))
    assert done.code == 0, done.out[-2000:] + done.err[-2000:]
    assert done.err.count("ok:") == CASES, done.err[-2000:]


# --- editions -----------------------------------------------------------------------------------

EDITION_CASES = 4


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """(paths, store) of 4 realistic organisations written in two editions, loaded."""
    folder = tmp_path_factory.mktemp("editions")
    paths = write_barometer(EDITION_CASES, 16, folder / "cases", editions=2)
    with EmbeddedStore(folder / "store") as store:
        load_cases(paths, store)
        yield paths, store


def test_editions_write_each_organisation_again_a_year_later(editions):
    """The later edition studies the same organisation under the same label, a year later, under
    another edition text and case id; the first edition is the case written with one edition."""
    from graphmap.synth import next_edition

    paths, _ = editions
    assert [p.name for p in paths] == [f"synth-16-0000{k}{e}.yaml" for k in range(EDITION_CASES) for e in ("", "-e2")]
    for first_path, second_path in zip(paths[::2], paths[1::2]):
        first, second = (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (first_path, second_path))
        alone = synth_case(16, int(first["case"][-5:]))
        assert first["organisations"][0]["label"].startswith(alone["organisations"][0]["label"])
        alone["organisations"][0]["label"] = first["organisations"][0]["label"]
        assert first == alone
        assert second == next_edition(first, 16, 2) and second["case"] == first["case"] + "-e2"
        assert second["organisations"][0]["label"] == first["organisations"][0]["label"]
        assert second["study"]["studies"] == first["study"]["studies"]
        assert second["study"]["edition"] == first["study"]["edition"] + " — 2e édition"
        assert int(second["study"]["date"][:4]) == int(first["study"]["date"][:4]) + 1
        assert second["study"]["date"][4:] == first["study"]["date"][4:]
    done = run_cli("validate", "--shacl", str(paths[0].parent))
    assert done.code == 0 and done.err.count("ok:") == 2 * EDITION_CASES, done.out[-2000:] + done.err[-2000:]


def test_between_editions_roles_change_class_and_reasons_come_and_go(editions):
    """What the barometer report compares: in every organisation, roles that changed typology
    class, a role that appeared and one that disappeared, reasons that appeared and disappeared;
    most roles keep their class."""
    from graphmap.outputs.report.barometer import edition_changes

    _, store = editions
    changes = edition_changes(run_query(store, "organisations").rows, run_query(store, "role-typology").rows,
                              run_query(store, "non-usage-reasons").rows)
    assert len(changes) == EDITION_CASES
    moves = Counter()
    for org in changes:
        [step] = org["steps"]
        first = org["editions"][0]["cases"][0]
        assert [e["cases"] for e in org["editions"]] == [[first], [first + "-e2"]]
        assert step["changed"] and step["appeared"] and step["disappeared"], org["organisation"]
        assert step["reasons_appeared"] and step["reasons_disappeared"], org["organisation"]
        assert step["unchanged"] > len(step["changed"])
        moves.update((tuple(c["from"]), tuple(c["to"])) for c in step["changed"])
    assert (("exploring",), ("effective-user",)) in moves and (("effective-user",), ("exploring",)) in moves


def test_organisations_written_in_editions_have_distinct_labels(tmp_path):
    """A barometer takes one label for one organisation: two organisations of the same sector and
    region (the realistic shape names them so) are numbered when written in editions."""
    import re

    labels = [yaml.safe_load(p.read_text(encoding="utf-8"))["organisations"][0]["label"]
              for p in write_barometer(60, 1, tmp_path / "e", editions=2)[::2]]
    alone = [synth_case(1, k)["organisations"][0]["label"] for k in range(60)]
    assert len(set(alone)) < 60 and len(set(labels)) == 60
    assert all(label == own or re.fullmatch(re.escape(own) + r" \d+", label) for label, own in zip(labels, alone))


def test_editions_are_deterministic_and_one_edition_is_the_barometer_as_before(tmp_path):
    first = [p.read_bytes() for p in write_barometer(2, 5, tmp_path / "a", editions=3)]
    second = [p.read_bytes() for p in write_barometer(2, 5, tmp_path / "b", editions=3)]
    assert first == second and len(first) == 6
    assert [p.read_bytes() for p in write_barometer(2, 5, tmp_path / "c", editions=1)] == \
           [p.read_bytes() for p in write_barometer(2, 5, tmp_path / "d")]
    with pytest.raises(ValueError, match="editions"):
        write_barometer(1, 5, tmp_path / "e", editions=0)


def test_editions_of_the_small_shape_validate(tmp_path):
    """The small shape names its edition when written in several, and every later edition checks."""
    paths = write_barometer(3, 2, tmp_path, shape="small", editions=3)
    assert len(paths) == 9
    editions = set()
    for path in paths:
        checked = check_case(path)
        assert checked.triples < 700
        editions.add(yaml.safe_load(path.read_text(encoding="utf-8"))["study"]["edition"])
    assert editions == {"Édition synthétique 2", "Édition synthétique 2 — 2e édition", "Édition synthétique 2 — 3e édition"}
