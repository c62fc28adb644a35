"""Documentation that is derived from the code stays current."""

from __future__ import annotations

from graphmap.model.caseformat import format_reference

from conftest import ROOT


def test_case_format_reference_is_current():
    doc = (ROOT / "docs" / "case-format.md").read_text(encoding="utf-8")
    assert doc.endswith(format_reference()), "regenerate the field reference of docs/case-format.md"


def test_case_format_example_is_the_tested_case():
    doc = (ROOT / "docs" / "case-format.md").read_text(encoding="utf-8")
    example = (ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml").read_text(encoding="utf-8")
    assert f"```yaml\n{example}```" in doc
