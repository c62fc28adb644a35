"""JSON Schema patterns keep their own meaning in graphmap's checks: ``$`` is the end of the text.

Python's ``$`` also matches before a final newline, so ``case: "nl-case\\n"`` passed ``validate``
and failed ``load``; the corpus files ``*-trailing-newline.yaml`` check the messages.
"""

from __future__ import annotations

import re

from graphmap.model.caseformat import json_schema
from graphmap.intake.quickschema import schema_regex

SAMPLES = ["mairie", "fr", "https://www.onetonline.org/link/summary/43-4051.00", "Texte"]


def _patterns(schema) -> set[str]:
    if isinstance(schema, dict):
        found = {schema["pattern"]} if isinstance(schema.get("pattern"), str) else set()
        return found.union(*(_patterns(value) for value in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_patterns(value) for value in schema))
    return set()


def test_every_anchored_pattern_of_the_schema_ends_at_the_end_of_the_text():
    anchored = [pattern for pattern in _patterns(json_schema()) if pattern.endswith("$")]
    assert len(anchored) >= 3  # ids, language tags, IRIs
    for pattern in anchored:
        sample = next(s for s in SAMPLES if schema_regex(pattern).search(s))
        for tail in ("\n", "\r\n", " ", "\n\n"):
            assert not schema_regex(pattern).search(sample + tail), (pattern, tail)
        assert re.search(pattern, sample + "\n"), "Python's own $ took the newline: nothing to fix any more?"


def test_dollars_that_are_not_anchors_are_kept():
    assert schema_regex(r"^a\$b[$]c$").pattern == r"^a\$b[$]c\Z"
    assert schema_regex(r"^(?!tools$)[a-z]+$").search("tools\n") is None
    assert schema_regex(r"^(?!tools$)[a-z]+$").search("toolsbox")
