"""The public Python API: its examples run as doctests, from the repository's root."""

from __future__ import annotations

import doctest
import os

import graphmap
import graphmap.api

from conftest import ROOT


def test_the_api_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(graphmap.api, optionflags=doctest.ELLIPSIS, raise_on_error=False)
    assert result.attempted >= 10 and result.failed == 0


def test_the_api_is_what_the_package_says():
    assert set(graphmap.__all__) == set(graphmap.api.__all__)
    for name in graphmap.__all__:
        assert getattr(graphmap, name) is getattr(graphmap.api, name)
    assert os.path.basename(graphmap.__file__) == "__init__.py"
