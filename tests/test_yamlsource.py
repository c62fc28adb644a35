"""The YAML reader: the same values as PyYAML's safe loader, however often a scalar repeats."""

from __future__ import annotations

import yaml

from graphmap.intake.yamlsource import YamlFloat, read_yaml

SCALARS = """\
plain: text
quoted: "yes"
bools: [yes, no, true, False, on, off]
nulls: [~, null, ""]
ints: [0, -7, 0x1F, 017, 1_000]
floats: [3.10, 1.5e+3, .inf, -0.5]
date: 2024-01-31
keys: {a: yes, 'no': 2}
long: [a text longer than forty characters and never remembered, 12345678901234567890123456789012345678901234567890]
"""


def test_values_are_those_of_the_safe_loader_cold_and_warm():
    expected = yaml.safe_load(SCALARS)
    expected["date"] = "2024-01-31"  # dates stay the text the analyst wrote
    for _ in range(3):  # the tag of each scalar is resolved once, then remembered
        data, lines = read_yaml(SCALARS, "x.yaml")
        assert data == expected
        assert [type(v) for v in data["bools"]] == [bool] * 6
        assert all(isinstance(v, YamlFloat) for v in data["floats"]) and data["floats"][0].text == "3.10"
        assert lines[("floats", 0)] == 6 and lines[("keys",)] == 8
        assert data["long"][1] == 12345678901234567890123456789012345678901234567890


# --- the event reader gives the values and lines the composed tree gave (issue 18, item 4) -------

import pickle  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from graphmap.errors import CaseError  # noqa: E402
from graphmap.intake.yamlsource import MAX_DEPTH, MAX_VALUES  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _composed(text: str) -> tuple[object, dict]:
    """What the reader gave when it composed a tree of YAML nodes: data and {path: line}."""
    lines: dict = {(): 1}

    def build(node, path):
        if isinstance(node, yaml.MappingNode):
            out = {}
            for key, value in node.value:
                lines[path + (key.value,)] = key.start_mark.line + 1
                out[key.value] = build(value, path + (key.value,))
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                lines[path + (index,)] = item.start_mark.line + 1
                items.append(build(item, path + (index,)))
            return items
        return yaml.SafeLoader(text).construct_object(node) if node.tag != "tag:yaml.org,2002:str" else node.value

    node = yaml.compose(text, Loader=yaml.SafeLoader)
    return (build(node, ()) if node is not None else None), lines


DOCUMENTS = {
    "seed": (ROOT / "cases" / "sante-publique-2026.yaml").read_text(encoding="utf-8"),
    "example": (ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml").read_text(encoding="utf-8"),
    "flow-in-block": "a:\n  - [1, 2, {b: [x, y], c: {}}]\n  - {d: [], e: [[], [[]]]}\nf: end\n",
    "block-in-flow-lines": "a: [\n  1,\n  2\n]\nb: {\n  c: 1,\n\n  d: 2 }\n",
    "literal-and-folded": "a: |\n  one\n  two\nb: >\n  three\n  four\nc: [x]\n",
    "complex-key-spelling": "? a\n: 1\n? b\n: - 2\n  - 3\n",
    "nested-mappings": "a:\n  b:\n    c:\n      d: 1\n    e: 2\n  f: 3\ng: 4\n",
    "top-level-list": "- 1\n- - 2\n  - 3\n- {a: 4}\n",
    "a-scalar": "just text\n",
    "nothing": "# a comment\n",
    "anchor-without-alias": "a: &x 1\nb: &y [2]\n",
    "big-mapping": "".join(f"k{i}: {i}\n" for i in range(100)),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_values_and_lines_are_those_of_the_composed_tree(name):
    text = DOCUMENTS[name]
    data, positions = read_yaml(text, "x.yaml")
    expected, lines = _composed(text)
    assert _plain(data) == _plain(expected)
    assert dict(positions.items()) == lines
    for path, line in lines.items():
        assert path in positions and positions[path] == line and positions.get(path) == line
    assert ("nowhere",) not in positions and positions.get(("nowhere", 0), 7) == 7
    again = pickle.loads(pickle.dumps((data, positions)))  # the positions follow their data
    assert dict(again[1].items()) == lines


def _plain(value):
    """Dates as the text written (the reader keeps them so); floats with the text they were written as."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return float(value) if isinstance(value, float) else value


# A refusal keeps the line and field it had when the tree was composed first; a malformed line
# further down is still reported instead of it.
REFUSALS = {
    "alias": ("a: &x [1]\nb: *x\n", "x.yaml:2: b: YAML anchors and aliases are not allowed in case files"),
    "alias-in-a-list": ("x: &a\n  - &b 1\n  - *b\n", "x.yaml:3: x[1]: YAML anchors and aliases are not allowed in case files"),
    "undefined-alias": ("a: 1\nb: *x\n", "x.yaml:2: yaml: malformed YAML: found undefined alias"),
    "anchor-twice": ("a: &x 1\nb: &x 2\n", "x.yaml:2: yaml: malformed YAML: second occurrence"),
    "duplicate-key": ("a:\n  b: [1]\n  b: 2\n", "x.yaml:3: a.b: duplicate key"),
    "list-as-key": ("a:\n  ? [b]\n  : 1\n", "x.yaml:2: a: keys must be plain strings"),
    "number-as-key": ("a:\n  - 1: x\n", "x.yaml:2: a[0]: keys must be plain strings"),
    "merge-key": ("a: {b: 1}\nc:\n  <<: {d: 1}\n", "x.yaml:3: c: YAML merge keys (<<) are not allowed"),
    "python-tag": ("a:\n  - !!python/name:os.system x\n", "x.yaml:2: a[0]: YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed"),
    "tag-on-a-list": ("a: !!str [1]\n", "x.yaml:1: a: YAML tag 'tag:yaml.org,2002:str' is not allowed"),
    "bad-int": ("a: [1, !!int x]\n", "x.yaml:1: a[1]: 'x' is not a valid value for the YAML tag !!int"),
    "bad-date": ("a: 2024-13-45\n", "x.yaml:1: a: '2024-13-45' is not a valid date: month must be in 1..12"),
    "nesting": ("a: " + "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH + "\n",
                "x.yaml:1: a" + "[0]" * MAX_DEPTH + f": nesting deeper than {MAX_DEPTH} levels"),
    "second-document": ("a: 1\n---\nb: ]\n", "x.yaml:2: yaml: a second YAML document starts here ('---'); a case file holds one document"),
    "alias-then-malformed": ("a: &x 1\nb: *x\nc: [\n", "x.yaml:4: yaml: malformed YAML: did not find expected node content"),
    "duplicate-then-second-document": ("a: 1\na: 2\n---\nb: 1\n", "x.yaml:3: yaml: a second YAML document starts here ('---'); a case file holds one document"),
    "tag-then-undefined-alias": ("a: !foo 1\nb: *nowhere\n", "x.yaml:2: yaml: malformed YAML: found undefined alias"),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_a_refusal_keeps_its_line_and_field(name):
    text, expected = REFUSALS[name]
    with pytest.raises(CaseError) as info:
        read_yaml(text, "x.yaml")
    assert [str(p) for p in info.value.problems] == [expected]


def test_a_timestamp_tag_on_a_word_is_one_located_line_not_a_traceback():
    with pytest.raises(CaseError) as info:
        read_yaml("a: 1\nb: !!timestamp tuesday\n", "x.yaml")
    assert [str(p) for p in info.value.problems] == ["x.yaml:2: b: 'tuesday' is not a valid date: not a date"]


@pytest.mark.parametrize("text", ["a: &x k\n*x : 1\n", "{&x k: 1, b: *x}\n"])
def test_an_alias_is_refused_as_a_key_and_in_place_of_a_key(text):
    """The composed tree let these through (a key was never checked for an alias)."""
    with pytest.raises(CaseError, match="YAML anchors and aliases are not allowed"):
        read_yaml(text, "x.yaml")


# --- a limit on the values of a case file: memory bounded whatever its shape ------------------

SHAPES = {  # one value per item: (text of n items, line of item k (0-based))
    "flow-list": (lambda n: "a: [" + ", ".join(["1"] * n) + "]\n", lambda k: 1),
    "block-list": (lambda n: "a:\n" + "  - x\n" * n, lambda k: k + 2),
    "tiny-mappings": (lambda n: "a:\n" + "  - {}\n" * n, lambda k: k + 2),
    "nested-lists": (lambda n: "a:\n" + "  - [[]]\n" * (n // 2) + "  - [[]]\n" * (n % 2), lambda k: k // 2 + 2),
    "anchored": (lambda n: "a:\n" + "".join(f"  - &a{i} x\n" for i in range(n)), lambda k: k + 2),
    "mapping-values": (lambda n: "".join(f"k{i}: v\n" for i in range(n)), lambda k: k + 1),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("limit", [10, 1000])
def test_more_values_than_the_limit_is_one_line_at_the_first_value_past_it(shape, limit):
    make, line_of = SHAPES[shape]
    values_before = 1 if shape == "mapping-values" else 2  # the document (and the list under a:)
    fits = make(limit - values_before)
    data, _ = read_yaml(fits, "x.yaml", max_values=limit)
    assert data is not None
    with pytest.raises(CaseError) as info:
        read_yaml(make(limit - values_before + 5), "x.yaml", max_values=limit)
    [problem] = info.value.problems
    assert problem.line == line_of(limit - values_before)
    assert problem.field == "file" and problem.message.startswith(f"more than {limit} values")


def test_the_limit_stops_reading_even_after_a_refusal():
    """After a refusal the rest is only parsed, to find a malformed line; not past the limit."""
    text = "a: &x 1\nb: *x\nc: [" + ", ".join(["1"] * 100) + "]\nd: ]\n"
    with pytest.raises(CaseError, match="malformed YAML"):
        read_yaml(text, "x.yaml", max_values=1000)
    with pytest.raises(CaseError, match="x.yaml:2: b: YAML anchors and aliases"):
        read_yaml(text, "x.yaml", max_values=50)


def test_the_seed_is_far_below_the_limit():
    data, positions = read_yaml(DOCUMENTS["seed"], "seed.yaml")
    values = sum(1 for path in positions)  # every key and item, and the document
    assert values < MAX_VALUES / 50
