"""What the stores read from the environment is read in settings.py only, and a bad value is one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphmap.errors import ConfigError
from graphmap.settings import DEFAULT_LOCK_TIMEOUT, Neo4jSettings, lock_timeout, store_path

from conftest import ROOT, run_cli

SRC = ROOT / "src" / "graphmap"
MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"


def test_no_store_module_reads_the_environment():
    """settings.py reads it; the stores take values (issue 19: the environment was read in three places)."""
    reads = re.compile(r"os\.environ|os\.getenv|getenv\(")
    found = [f"{path.relative_to(SRC)}:{n}" for path in sorted((SRC / "stores").rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if reads.search(line)]
    assert found == []


def test_the_store_folder_comes_from_graphmap_store_then_xdg_data_home_then_home(monkeypatch, tmp_path):
    monkeypatch.setenv("GRAPHMAP_STORE", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert store_path() == tmp_path / "mine"
    monkeypatch.setenv("GRAPHMAP_STORE", "")
    assert store_path() == tmp_path / "xdg" / "graphmap" / "store"
    monkeypatch.delenv("GRAPHMAP_STORE")
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert store_path() == tmp_path / "home" / ".local" / "share" / "graphmap" / "store"


def test_an_embedded_store_opened_without_a_folder_uses_the_settings(monkeypatch, tmp_path):
    from graphmap.stores import EmbeddedStore

    monkeypatch.setenv("GRAPHMAP_STORE", str(tmp_path / "from-env"))
    monkeypatch.setenv("GRAPHMAP_LOCK_TIMEOUT", "7")
    with EmbeddedStore() as store:
        assert store.path == tmp_path / "from-env" and store._lock_timeout == 7
    with EmbeddedStore(tmp_path / "given", lock_timeout=0.5) as store:  # values given win
        assert store.path == tmp_path / "given" and store._lock_timeout == 0.5


@pytest.mark.parametrize("text, seconds", [("", DEFAULT_LOCK_TIMEOUT), ("0", 0.0), ("2.5", 2.5), (" 60 ", 60.0)])
def test_the_lock_timeout_is_read_from_the_environment(monkeypatch, text, seconds):
    monkeypatch.setenv("GRAPHMAP_LOCK_TIMEOUT", text)
    assert lock_timeout() == seconds
    assert Neo4jSettings(password="x").lock_timeout == seconds


BAD_TIMEOUTS = ["abc", "-1", "nan", "inf", "1e400", "5s"]


@pytest.mark.parametrize("text", BAD_TIMEOUTS)
def test_a_lock_timeout_that_is_not_a_number_of_seconds_is_refused(monkeypatch, text):
    monkeypatch.setenv("GRAPHMAP_LOCK_TIMEOUT", text)
    with pytest.raises(ConfigError, match=r"^GRAPHMAP_LOCK_TIMEOUT=.*: not a number of seconds"):
        lock_timeout()


@pytest.mark.parametrize("text", ["abc", "-1"])
def test_a_bad_lock_timeout_is_one_line_and_the_store_is_left_as_it_was(tmp_path, text):
    """Regression: float() of the variable raised a ValueError traceback once a writer had to wait
    (and "-1" gave up at once, blaming another process)."""
    store = tmp_path / "store"
    run = run_cli("load", str(MAIRIE), store=store, env={"GRAPHMAP_LOCK_TIMEOUT": text})
    assert run.code == 2 and "Traceback" not in run.err, run.err
    assert run.err.strip().splitlines() == [f"graphmap: GRAPHMAP_LOCK_TIMEOUT={text!r}: not a number of seconds (give e.g. 300)"]
    assert not Path(store).exists()


def test_neo4j_settings_show_the_lock_timeout_never_the_password():
    settings = Neo4jSettings(password="s3cret-value", lock_timeout=3.0)
    assert "lock_timeout=3.0" in repr(settings) and "s3cret-value" not in repr(settings)
