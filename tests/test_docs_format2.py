"""The worked examples of docs/case-format.md give the verdicts the doc says they give (issue 22,
item 3), and what the doc says of the rubric and of `unknown` is what the code does.

Each worked example is a fenced YAML block right after a comment
``<!-- example NAME: ID/QUESTION=VALUE ... -->``: a fragment of a case, to be put under the
doc's example header (the block after ``<!-- example header -->``), as the doc tells the reader
to. QUESTION is a verdict (``standardisable``, ``ai-fit``, ``typology``) or a number the doc
shows (``score``: met / total; ``score-if-met``: (met + open) / total).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from graphmap.derivation.engine import TASK_VALUES, TYPOLOGY_VALUES, Rule, derive, facts_of, settling_sets
from graphmap.errors import CaseError
from graphmap.intake.casefile import parse_case_text
from graphmap.intake.load import check_cases
from graphmap.intake.to_rdf import case_ntriples
from graphmap.model.caseformat import case_format
from graphmap.model.vocabulary import rubric_graph

from conftest import ROOT, run_cli

DOC = ROOT / "docs" / "case-format.md"
BLOCK = re.compile(r"<!-- example (?P<name>[\w-]+)(?::(?P<expect>[^>]*?))? -->\n+```yaml\n(?P<yaml>.*?)```", re.S)
EXPECTATION = re.compile(r"(?P<id>[a-z0-9-]+)/(?P<question>standardisable|ai-fit|typology|score|score-if-met)=(?P<value>[a-z0-9.-]+)")

# one worked example per verdict class the doc promises (and the one of "when the interview does not say")
EXAMPLES = {
    "standardisable", "not-standardisable-blocked", "not-standardisable-score", "undetermined",
    "non-ai-lever", "blocked", "allowed", "effective-user", "exploring", "not-concerned",
    "undetermined-typology", "not-said",
}
AI_FIT_VALUES = ("ai-fit", "non-ai-lever", "blocked", "not-standardisable", "undetermined")


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _blocks() -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
    """name -> (its YAML, its expectations (id, question, value))."""
    found: dict[str, tuple[str, list[tuple[str, str, str]]]] = {}
    for match in BLOCK.finditer(_doc()):
        name = match["name"]
        assert name not in found, f"two examples named {name!r} in {DOC.name}"
        expect = (match["expect"] or "").split()
        parsed = [EXPECTATION.fullmatch(item) for item in expect]
        assert all(parsed), f"example {name}: unreadable expectation in {expect}"
        found[name] = (match["yaml"], [(m["id"], m["question"], m["value"]) for m in parsed])
    return found


def _case_text(name: str) -> str:
    blocks = _blocks()
    return blocks["header"][0] + "\n" + blocks[name][0]


def _verdicts(text: str, name: str) -> dict[tuple[str, str], str]:
    case = parse_case_text(text, name)
    lines, _ = case_ntriples(case)
    found = {}
    for v in derive(facts_of(case.id, "\n".join(lines)), Rule.from_graph(rubric_graph())):
        found[(v.entity_id, v.question)] = v.effective
        if v.question == "standardisable":
            found[(v.entity_id, "score")] = str(v.score)
            found[(v.entity_id, "score-if-met")] = str(v.score_if_met)
    return found


def test_the_doc_has_a_worked_example_per_verdict_class():
    blocks = _blocks()
    assert set(blocks) == EXAMPLES | {"header"}
    assert blocks["header"][1] == []
    claimed = {(question, value) for name in EXAMPLES for _, question, value in blocks[name][1]}
    for value in TASK_VALUES:
        assert ("standardisable", value) in claimed
    for value in AI_FIT_VALUES:
        assert ("ai-fit", value) in claimed
    for value in TYPOLOGY_VALUES:
        assert ("typology", value) in claimed


def test_the_example_header_alone_is_a_valid_case():
    case = parse_case_text(_blocks()["header"][0], "header.yaml")
    assert case.id == "worked-example"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_worked_example_gives_the_verdicts_the_doc_claims(name):
    _, expectations = _blocks()[name]
    assert expectations, f"example {name} claims nothing"
    verdicts = _verdicts(_case_text(name), f"{name}.yaml")
    for ident, question, value in expectations:
        assert (ident, question) in verdicts, f"example {name}: no {question} verdict for {ident!r}"
        assert verdicts[(ident, question)] == value, f"example {name}: {ident} {question}"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_worked_example_passes_graphmap_validate_with_the_shacl_shapes(tmp_path, name):
    path = tmp_path / "example.yaml"  # one at a time: they share their case id, as the doc says
    path.write_text(_case_text(name), encoding="utf-8")
    [checked] = check_cases([path], shacl=True)
    assert checked.warnings == []  # nothing that looks like personal data


def test_a_fragment_that_breaks_the_doc_s_claim_is_caught():
    """The check above is not vacuous: the blocked example without its blocking flag is ai-fit."""
    text = _case_text("blocked").replace("    blocks_ai_tools: true\n", "")
    assert text != _case_text("blocked")
    verdicts = _verdicts(text, "blocked.yaml")
    _, expectations = _blocks()["blocked"]
    assert any(verdicts[(i, q)] != v for i, q, v in expectations)


# --- what the prose says of the rubric and of `unknown` ----------------------------------

def _rubric_table() -> dict[str, Decimal | None]:
    """The doc's table of the default rubric: characteristic -> weight (None: blocking)."""
    rows = re.findall(r"^\| `([a-z-]+)` \| (?:criterion, weight (\d+)|(blocking condition)) \|$", _doc(), re.M)
    assert rows, "the rubric table is missing from the doc"
    return {char: (Decimal(weight) if weight else None) for char, weight, _ in rows}


def test_the_rubric_the_doc_describes_is_the_default_rubric():
    rule = Rule.from_graph(rubric_graph())
    table = _rubric_table()
    assert {c: w for c, w in table.items() if w is not None} == {c.characteristic: c.weight for c in rule.criteria}
    assert sorted(c for c, w in table.items() if w is None) == sorted(rule.blocking_characteristics)
    doc = _doc()
    total = rule.total
    bar = (rule.threshold * total).normalize()
    assert f"**total** all the weights ({total})" in doc
    assert f"The threshold is {rule.threshold}, so the bar is {rule.threshold} × {total} = {bar:f} points" in doc


def test_what_the_doc_says_would_settle_the_undetermined_example():
    """"explicit-rules and standard-deliverable, or either of them and one criterion of weight 1,
    make it standardisable; any blocking condition makes it not standardisable"."""
    rule = Rule.from_graph(rubric_graph())
    sets = settling_sets(rule, {"recurrent", "structured-inputs"}, set())
    weight_one = [c.characteristic for c in rule.criteria if c.weight == 1]
    said = {frozenset({"+explicit-rules", "+standard-deliverable"})}
    said |= {frozenset({f"+{two}", f"+{one}"}) for two in ("explicit-rules", "standard-deliverable") for one in weight_one}
    assert {frozenset(s) for s in sets["standardisable"]} == said
    assert {frozenset(s) for s in sets["not-standardisable"]} == {frozenset({f"+{c}"}) for c in rule.blocking_characteristics}


def test_the_fields_the_doc_says_may_be_unknown_are_those_the_format_allows():
    doc = _doc()
    start = doc.index("<!-- unknown-allowed -->")
    listed = doc[start:doc.index("\n\n", start)]
    said = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", listed))
    allowed = {f"{key}.{field.key}" for key, section in case_format().sections.items()
               for field in section.fields.values() if field.unknown_allowed}
    assert said == allowed


def test_the_error_lines_the_doc_shows_for_unknown_are_the_ones_graphmap_gives():
    # the doc's first example without its `work` line, then a capsule written with `unknown: [scope]`
    missing = _case_text("standardisable").replace("    work: real\n", "")
    assert missing != _case_text("standardisable")
    with pytest.raises(CaseError) as caught:
        parse_case_text(missing, "example.yaml")
    lines = [str(p) for p in caught.value.problems]
    assert lines == ["example.yaml:20: tasks[civil-records].work: missing required field "
                     "(when the study does not say, write `unknown: [work]`)"]
    assert lines[0] in _doc()
    header = _blocks()["header"][0] + "\n"  # as the examples: the header, then the fragment
    not_allowed = header + """ai_tools:
  - id: approved-assistant
    label: Approved assistant
    source: "1"

capsules:
  - id: letters-capsule
    label: Standard letters capsule
    deployed_in: approved-assistant
    unknown: [scope]
    source: "1"
"""
    with pytest.raises(CaseError) as caught:
        parse_case_text(not_allowed, "example.yaml")
    lines = [str(p) for p in caught.value.problems]
    assert lines == ["example.yaml:20: capsules[letters-capsule].scope: missing required field: "
                     "it cannot be declared unknown, the case is not usable without it"]
    assert lines[0] in _doc()


# --- what the doc shows of `graphmap migrate` ---------------------------------------------

def _marked(marker: str) -> str:
    match = re.search(rf"<!-- migrate: {marker} -->\n+```(?:yaml)?\n(.*?)```", _doc(), re.S)
    assert match, f"no '{marker}' block for graphmap migrate in {DOC.name}"
    return match[1]


def test_the_migration_the_doc_shows_is_what_graphmap_migrate_does(tmp_path):
    """Each command of the transcript is run as written, in a folder holding the 'before' file:
    it prints what the doc shows and exits 0 or, for --check on a version 1 file, 1; the file
    then reads as the 'after' block, and means what the 'before' file meant."""
    (tmp_path / "essai.yaml").write_text(_marked("before"), encoding="utf-8")
    before = sorted(case_ntriples(parse_case_text(_marked("before"), "essai.yaml"))[0])
    runs = re.split(r"^\$ graphmap ", _marked("transcript"), flags=re.M)[1:]
    assert len(runs) == 4
    for run in runs:
        command, *shown = run.rstrip("\n").split("\n")
        done = run_cli(*command.split(), cwd=tmp_path)
        needs_migrating = command == "migrate --check essai.yaml" and shown[0].startswith("would migrate")
        assert done.code == (1 if needs_migrating else 0), (command, done.err)
        assert (done.out + done.err).splitlines() == shown, command
    after = (tmp_path / "essai.yaml").read_text(encoding="utf-8")
    assert after == _marked("after")
    assert sorted(case_ntriples(parse_case_text(after, "essai.yaml"))[0]) == before
