"""Where the package's data folders (ontology, queries, loaders) are.

In a wheel they ship as ``graphmap/data/<name>``; in a source checkout (editable install,
tests) they are the repository's top-level folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["data_dir", "source_checkout", "safe_yaml_loader"]

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``name`` (``"ontology"``, ``"queries"``, ``"loaders"``)."""
    for candidate in (_PACKAGE / "data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"graphmap data folder {name!r} is missing from the installation")


def source_checkout() -> bool:
    """True when the data folders are a repository's own (an editable install, the tests), False
    in an installed wheel, whose files are not to be rewritten."""
    return data_dir("ontology") != _PACKAGE / "data" / "ontology"


@cache
def safe_yaml_loader():
    """PyYAML's safe loader, libyaml's when PyYAML was built with it (the case format's file:
    0.01 s, not 0.08): what reads the shipped YAML files and, refined, the case files."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
