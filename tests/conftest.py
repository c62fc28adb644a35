"""Shared fixtures: real embedded stores in temporary folders, the CLI run as a process."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from graphmap.load import load_cases
from graphmap.stores import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "cases" / "sante-publique-2026.yaml"
TEST_CASES = sorted((ROOT / "tests" / "data" / "valid").glob("*.yaml"))
ALL_CASES = [SEED, *TEST_CASES]


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, store: Path | None = None, cwd: Path = ROOT, env: dict | None = None) -> Run:
    """Run ``graphmap ARGS`` as a user would, in its own process."""
    environ = {**os.environ, "NO_COLOR": "1", **(env or {})}
    if store is not None:
        environ["GRAPHMAP_STORE"] = str(store)
    done = subprocess.run(
        [sys.executable, "-m", "graphmap", *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=300
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def empty_store(tmp_path):
    with EmbeddedStore(tmp_path / "store") as store:
        yield store


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory):
    """A store holding the seed case and every test case (read-only use)."""
    path = tmp_path_factory.mktemp("loaded") / "store"
    with EmbeddedStore(path) as store:
        load_cases(ALL_CASES, store)
        yield store
