"""The YAML reader: the same values as PyYAML's safe loader, however often a scalar repeats."""

from __future__ import annotations

import yaml

from graphmap.yamlsource import YamlFloat, read_yaml

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
