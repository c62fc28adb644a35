"""Where the package's data folders (ontology, queries, loaders) are.

In a wheel they ship as ``graphmap/data/<name>``; in a source checkout (editable install,
tests) they are the repository's top-level folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["data_dir"]

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``name`` (``"ontology"``, ``"queries"``, ``"loaders"``)."""
    for candidate in (_PACKAGE / "data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"graphmap data folder {name!r} is missing from the installation")
