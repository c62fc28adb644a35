"""The quick schema check says yes or no exactly when jsonschema does (with graphmap's reading of
`$` as the end of the text, which the reader gives both)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphmap.intake.casefile import _validator
from graphmap.model.caseformat import json_schema
from graphmap.errors import CaseError
from graphmap.intake.quickschema import compile_schema
from graphmap.synth import synth_case
from graphmap.intake.yamlsource import read_yaml

from conftest import ROOT
from test_shacl_agreement import FIELDS, VALUES

QUICK = compile_schema(json_schema())
FULL = _validator()
YAML_FILES = sorted([*(ROOT / "tests" / "data").rglob("*.yaml"), *(ROOT / "cases").glob("*.yaml")])


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_agrees_on_every_case_file_of_the_repository(path: Path):
    try:
        data, _ = read_yaml(path.read_text(encoding="utf-8", errors="replace"), path.name)
    except CaseError:
        return  # not YAML data at all: the schema is never asked
    assert QUICK(data) == FULL.is_valid(data)


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 1000), edits=st.lists(st.tuples(st.sampled_from(FIELDS), st.integers(0, 5), VALUES), min_size=1, max_size=3))
def test_agrees_on_edited_cases(seed, edits):
    case = synth_case(seed)
    for (section, key), index, value in edits:
        items = case.get(section) or []
        if items:
            item = items[index % len(items)]
            if value is None:
                item.pop(key, None)
            else:
                item[key] = value
    assert QUICK(case) == FULL.is_valid(case)


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
                    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
                    max_leaves=20),
       st.sampled_from(["study", "roles", "tasks", "graphmap", "case", "language", "usages"]))
def test_agrees_on_any_data_in_any_section(data, section):
    case = synth_case(1)
    case[section] = data
    assert QUICK(case) == FULL.is_valid(case)


def test_refuses_keywords_it_does_not_know():
    with pytest.raises(ValueError, match="patternProperties"):
        compile_schema({"patternProperties": {}})


@pytest.mark.parametrize("schema", [{"enum": [*range(3000), True]}, {"anyOf": [{"const": i} for i in range(3000)]},
                                    {"enum": ["a", 1, None, [1], {"k": 2.0}]}, {"type": ["string", "number", "null"]}],
                         ids=["enum-3000", "anyof-3000", "enum-mixed", "types"])
def test_long_and_mixed_alternatives_agree_with_jsonschema(schema):
    """Alternatives are joined in closures, and long lists in a loop (no chain of closures as
    deep as the list): the same answers as jsonschema, true is not 1, 1.0 is 1."""
    from jsonschema import Draft202012Validator

    quick, full = compile_schema(schema), Draft202012Validator(schema)
    for value in (0, 2999, 3000, 1.0, True, False, None, "a", "b", [1], [1.0], {"k": 2}, {"k": "2"}, 2.5):
        assert quick(value) == full.is_valid(value), value
