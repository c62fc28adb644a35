"""Every file of tests/data/invalid gives exactly its expected lines, exit code 2, and no change."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, SEED, run_cli, run_here

INVALID = ROOT / "tests" / "data" / "invalid"


def _expected() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (INVALID / "expected-errors.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name = line.split(":", 1)[0]
        out.setdefault(name, []).append(line)
    return out


EXPECTED = _expected()


def test_every_invalid_file_has_an_expectation():
    files = {f"tests/data/invalid/{p.name}" for p in INVALID.iterdir() if p.suffix in (".yaml", ".ttl", ".jsonld")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_reports_exactly_the_expected_lines(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    run = run_here("validate", name)
    assert run.code == 2
    assert run.err.splitlines() == EXPECTED[name]
    assert "Traceback" not in run.err and run.out == ""


def test_load_of_invalid_files_leaves_the_store_unchanged(tmp_path):
    store = tmp_path / "store"
    assert run_cli("load", str(SEED), store=store).code == 0
    before = _dump(store)
    names = sorted(EXPECTED)
    run = run_cli("load", str(SEED), *names, store=store)
    assert run.code == 2
    assert run.err.splitlines() == [line for name in names for line in EXPECTED[name]]
    assert _dump(store) == before


def _dump(path: Path) -> bytes:
    import pyoxigraph as ox

    from graphmap.stores import EmbeddedStore

    with EmbeddedStore(path, read_only=True) as store:
        return b"".join(sorted(store._store.dump(format=ox.RdfFormat.N_QUADS).splitlines()))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_load_reports_exactly_what_validate_reports(name, monkeypatch, tmp_path):
    """One check decides for both commands: what validate refuses, load refuses with the same lines."""
    monkeypatch.chdir(ROOT)
    run = run_here("load", name, "--store", str(tmp_path / "store"))
    assert run.code == 2
    assert run.err.splitlines() == EXPECTED[name]
    assert "Traceback" not in run.err and run.out == ""
    assert not (tmp_path / "store").exists()  # refused before the store is opened
