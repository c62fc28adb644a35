"""The case-format reader and the SHACL shapes agree on YAML cases.

The loaders skip pySHACL for YAML cases because the reader enforces every constraint the
shapes state (both derive from ontology/case-format.yaml). These tests keep that true: every
YAML case the reader accepts — the shipped ones, generated ones, and randomly edited ones —
conforms to the shapes.
"""

from __future__ import annotations


import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmap.intake.casefile import parse_case_text
from graphmap.model.caseformat import case_format
from graphmap.errors import CaseError
from graphmap.intake.load import check_case
from graphmap.intake.to_rdf import case_to_graph
from graphmap.intake.shapes import shacl_problems
from graphmap.synth import synth_case, write_barometer

from conftest import ALL_CASES


@pytest.mark.parametrize("path", [p for p in ALL_CASES if p.suffix == ".yaml"], ids=lambda p: p.stem)
def test_shipped_cases_conform_to_the_shapes(path):
    check_case(path, shacl=True)


def test_generated_cases_conform_to_the_shapes(tmp_path):
    for path in write_barometer(20, 7, tmp_path):
        check_case(path, shacl=True)


def _fields() -> list[tuple[str, str]]:
    fmt = case_format()
    return sorted((name, key) for name, section in fmt.sections.items() for key in {**fmt.common, **section.fields})


FIELDS = _fields()
VALUES = st.one_of(
    st.sampled_from(["org", "siege", "1", "5", "99", "oui", "", "recurrent", "physical-work", "prescribed", "used",
                     "https://example.org/x", "pas une iri", "tache-0-0-0", "role-0"]),
    st.integers(-3, 3), st.booleans(), st.none(), st.lists(st.sampled_from(["org", "1", "recurrent"]), max_size=2),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 1000), edits=st.lists(st.tuples(st.sampled_from(FIELDS), st.integers(0, 5), VALUES), min_size=1, max_size=3))
def test_whatever_the_reader_accepts_conforms_to_the_shapes(seed, edits):
    case = synth_case(seed, shape="small")  # the small shape: 150 SHACL runs stay quick
    for (section, key), index, value in edits:
        items = case.get(section) or []
        if not items:
            continue
        item = items[index % len(items)]
        if value is None:
            item.pop(key, None)
        else:
            item[key] = value
    text = yaml.safe_dump(case, allow_unicode=True, sort_keys=False)
    try:
        parsed = parse_case_text(text, "edited.yaml")
    except CaseError:
        return
    graph, origin = case_to_graph(parsed)
    assert shacl_problems(graph, origin, "edited.yaml") == [], "the reader accepted what the shapes refuse"
