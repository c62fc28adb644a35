"""The embedded store under faults: a killed load, two loads at once, a load during queries."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from rdflib.compare import isomorphic

from graphmap.intake.load import check_case, load_cases
from graphmap.stores import EmbeddedStore

from conftest import ROOT, SEED, run_cli

MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"

WRITER = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from graphmap.intake.load import CheckedCase, check_case
from graphmap.stores import EmbeddedStore
from graphmap.stores.kept import refresh
from graphmap.model.vocabulary import rubric_graph
from test_neo4j_faults import bigger
seed = check_case(Path({seed!r}))
big = CheckedCase.of_graph(seed.case, bigger(seed.graph, extra={extra}))
store = EmbeddedStore({store!r})
Path({marker!r}).write_text("writing")
store.write_cases([big], rubric_graph())
refresh(store)  # as a load does after its write (stores/kept.py)
"""


def _kill_a_writer_while_it_writes(tmp_path, store) -> None:
    """Start a big load into ``store`` in another process and kill it once it is writing."""
    marker = tmp_path / "marker"
    code = WRITER.format(tests=str(ROOT / "tests"), seed=str(SEED), store=str(store), marker=str(marker), extra=60000)
    writer = subprocess.Popen([sys.executable, "-c", code])
    while not marker.exists():
        assert writer.poll() is None, "the writer ended before writing"
        time.sleep(0.01)
    time.sleep(0.3)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()

def test_killed_load_leaves_the_previous_version(tmp_path):
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        version1 = load_cases([SEED], store)[0].graph
    _kill_a_writer_while_it_writes(tmp_path, path)
    with EmbeddedStore(path) as store:
        after = store.export_case("sante-publique-2026")
    if len(after) == len(version1):
        assert isomorphic(after, version1)
    else:
        from test_neo4j_faults import bigger

        assert isomorphic(after, bigger(check_case(SEED).graph, extra=60000)), "a mix of two versions"

def _count(store, query: str = "count.rq") -> int:
    run = run_cli("query", "--sparql", str(ROOT / "tests" / "data" / query), "-f", "json", store=store)
    assert run.code == 0, run.err
    return json.loads(run.out)[0]["n"]


FACTS = "count-without-kept.rq"
"""What a load must show all at once: every graph but the answers kept ready, which are written
after the cases, from them (stores/kept.py); a reader in between finds none kept for the new
cases, so the named queries compute their answers, the same rows (tests/test_kept_answers.py)."""


def test_queries_during_a_load_see_before_or_after(tmp_path):
    store = tmp_path / "store"
    run_cli("load", str(MAIRIE), store=store)
    before = _count(store, FACTS)
    env = {**os.environ, "GRAPHMAP_STORE": str(store), "NO_COLOR": "1"}
    loader = subprocess.Popen([sys.executable, "-m", "graphmap", "load", str(SEED), str(MAIRIE)], env=env, cwd=ROOT,
                              stderr=subprocess.PIPE, text=True)
    seen = set()
    while loader.poll() is None:
        seen.add(_count(store, FACTS))
    assert loader.returncode == 0
    after = _count(store, FACTS)
    assert after > before
    assert seen <= {before, after}, f"a query saw a state between before ({before}) and after ({after}): {seen}"


def test_queries_during_a_big_load_see_before_or_after(tmp_path):
    """The same with a load big enough for the bulk loader and the switch of the live database."""
    store = tmp_path / "store"
    run_cli("load", str(SEED), store=store)
    before = _count(store, FACTS)
    marker = tmp_path / "marker"
    code = WRITER.format(tests=str(ROOT / "tests"), seed=str(SEED), store=str(store), marker=str(marker), extra=60000)
    writer = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
    seen = set()
    while writer.poll() is None:
        seen.add(_count(store, FACTS))
    _, err = writer.communicate()
    assert writer.returncode == 0, err
    after = _count(store, FACTS)
    assert after > before
    assert seen <= {before, after}, f"a query saw a state between before ({before}) and after ({after}): {seen}"
    assert before in seen, "no query ran during the load: the test proves nothing"


def test_a_finished_load_leaves_nothing_only_in_the_write_ahead_log(tmp_path):
    # A writer opening a database with a pending log moves it into tables and deletes it; a
    # reader opening at that moment saw an empty store (a CI run caught it). So every load
    # ends with its data in tables: the database without its log files holds every triple.
    store = tmp_path / "store"
    assert run_cli("load", str(SEED), str(MAIRIE), store=store).code == 0
    everything = _count(store)
    copy = tmp_path / "copy"
    shutil.copytree((store / "live").resolve(), copy)
    for log in copy.glob("*.log"):
        log.unlink()
    with EmbeddedStore(copy, read_only=True) as opened:
        assert opened.count() == everything


def test_a_store_missing_one_of_its_files_is_refused_in_one_line(tmp_path):
    # RocksDB reports a vanished file as "Corruption"; the store retries (a writer switching
    # databases removes files a reader listed a moment before), then refuses in one line.
    store = tmp_path / "store"
    assert run_cli("load", str(SEED), store=store).code == 0
    table = sorted((store / "live").glob("*.sst"))[0]
    table.unlink()
    run = run_cli("query", "risks", store=store)
    assert run.code != 0
    assert "cannot open the store" in run.err and "No such file" in run.err
    assert "Traceback" not in run.err and len(run.err.strip().splitlines()) == 1


# --- store folders: graphmap deletes only what it made, and refuses folders that are not its own ---

def _tree(folder) -> dict[str, str]:
    """Every entry under ``folder``: files by content, links by target, folders by name."""
    out = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        out[name] = ("-> " + os.readlink(path) if path.is_symlink() else
                     path.read_text(errors="replace") if path.is_file() else "folder")
    return out


def _refused(run, folder) -> None:
    assert run.code == 2, run.err
    assert run.out == "" and "Traceback" not in run.err
    assert run.err.splitlines() == [
        f"graphmap: {folder}: not a graphmap store, and not empty; give --store a new or empty folder "
        "(graphmap only changes folders it made)"
    ]


FOREIGN_FOLDERS = {
    "data-raw": {"data-raw/a.csv": "p"},  # the example: the tidy-up removed data-raw
    "data-versions": {"data-000001/notes.txt": "mine", "data-000002/CURRENT": "MANIFEST-000001\n"},
    "a-live-file": {"live": "not a link", "write.lock": ""},
    "any-file": {"notes.txt": "keep me"},
    "a-hidden-file": {".profile": "keep me"},
    "a-stray-lock": {"write.lock": ""},
}


@pytest.mark.parametrize("name", sorted(FOREIGN_FOLDERS))
@pytest.mark.parametrize("command", ["load", "analyse"])
def test_a_folder_that_is_not_a_store_is_refused_and_left_as_it_was(tmp_path, name, command):
    folder = tmp_path / "x"
    for relative, text in FOREIGN_FOLDERS[name].items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text)
    before = _tree(folder)
    _refused(run_cli(command, str(MAIRIE), "--store", str(folder)), folder)
    assert _tree(folder) == before


def test_a_store_option_naming_a_file_is_one_line(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("keep me")
    for command in (("load", str(MAIRIE)), ("query", "risks"), ("review",)):
        run = run_cli(*command, "--store", str(target))
        assert run.code == 2 and "Traceback" not in run.err, run.err
        assert len(run.err.splitlines()) == 1 and str(target) in run.err
        assert target.read_text() == "keep me"


def test_an_empty_folder_becomes_a_store(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert run_cli("load", str(MAIRIE), "--store", str(folder)).code == 0
    assert _count(folder) > 0


def _big_load(store, extra: int = 60000) -> None:
    code = WRITER.format(tests=str(ROOT / "tests"), seed=str(SEED), store=str(store), marker=str(store.parent / "m"), extra=extra)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("load", ["small", "big"])
def test_folders_put_in_a_store_by_someone_else_are_kept(tmp_path, load):
    store = tmp_path / "store"
    assert run_cli("load", str(MAIRIE), "--store", str(store)).code == 0
    planted = {"data-raw/a.csv": "p", "data-000777/notes.txt": "mine", "data-000001-old/x": "y", "data-000999/CURRENT": "z"}
    for relative, text in planted.items():
        (store / relative).parent.mkdir(parents=True, exist_ok=True)
        (store / relative).write_text(text)
    for _ in range(2):  # a big load switches databases and tidies twice
        if load == "big":
            _big_load(store)
        else:
            assert run_cli("load", str(SEED), "--store", str(store)).code == 0
    for relative, text in planted.items():
        assert (store / relative).read_text() == text, relative
    assert _count(store) > 0


def _as_older_graphmap_left_it(store) -> None:
    """Remove the markers: the store as graphmap made it before it wrote them."""
    for marker in [store / "graphmap-store", *store.glob("data-*/graphmap-database")]:
        marker.unlink()


def test_a_store_made_before_the_markers_still_loads_and_keeps_what_it_cannot_prove(tmp_path):
    store = tmp_path / "store"
    assert run_cli("load", str(MAIRIE), "--store", str(store)).code == 0
    _big_load(store, extra=12000)  # live and previous (60,000 triples: a bulk load)
    assert run_cli("load", str(MAIRIE), "--store", str(store)).code == 0  # derives the big case's verdicts
    _as_older_graphmap_left_it(store)
    (store / "data-000777").mkdir()
    (store / "data-000777" / "notes.txt").write_text("mine")
    before = _count(store)
    assert run_cli("load", str(MAIRIE), "--store", str(store)).code == 0
    _big_load(store, extra=12000)
    _big_load(store, extra=12000)
    assert (store / "data-000777" / "notes.txt").read_text() == "mine"
    assert _count(store) == before
    assert (store / "graphmap-store").is_file()


def test_a_killed_big_load_leaves_a_database_the_next_writer_removes(tmp_path):
    store = tmp_path / "store"
    assert run_cli("load", str(SEED), "--store", str(store)).code == 0
    _kill_a_writer_while_it_writes(tmp_path, store)
    assert run_cli("load", str(MAIRIE), "--store", str(store)).code == 0
    kept = {os.readlink(store / link) for link in ("live", "previous") if (store / link).is_symlink()}
    assert {p.name for p in store.glob("data-*")} == kept


# --- a store on a read-only file system: said at once, not blamed on another process ------------

def _read_only_run(mount, *args: str):
    """Run ``graphmap ARGS`` with ``mount`` made read-only (a private mount namespace, no root needed)."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
        pytest.skip("needs unshare -rm (user and mount namespaces) to make a read-only mount")
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'
    env = {**os.environ, "NO_COLOR": "1", "GRAPHMAP_LOCK_TIMEOUT": "1"}  # a wrong wait would end in 1 s, with the wrong message
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script, "sh", str(mount), sys.executable, "-m", "graphmap", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    return done


@pytest.mark.parametrize("what", ["load", "load-into-a-new-store", "load-into-a-store-made-before-the-markers", "review"])
def test_a_store_on_a_read_only_file_system_is_one_clear_line(tmp_path, what):
    folder = tmp_path / "blocked-lock"  # a path holding "lock" made any error look like a held lock
    store = folder / "store"
    assert run_cli("load", str(MAIRIE), "--store", str(store)).code == 0
    if what == "load-into-a-store-made-before-the-markers":
        _as_older_graphmap_left_it(store)
    before = _tree(folder)
    target = folder / "new" if what == "load-into-a-new-store" else store
    args = {"review": ("review", "redaction-actes", "--accept", "--why", "w", "--by", "b")}.get(what, ("load", str(MAIRIE)))
    run = _read_only_run(folder, *args, "--store", str(target))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [f"graphmap: {target}: cannot write in the store folder: Read-only file system"]
    assert _tree(folder) == before


def test_a_store_on_a_read_only_file_system_can_still_be_queried(tmp_path):
    store = tmp_path / "store"
    assert run_cli("load", str(MAIRIE), "--store", str(store)).code == 0
    run = _read_only_run(store, "query", "--sparql", str(ROOT / "tests" / "data" / "count.rq"), "-f", "json", "--store", str(store))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)[0]["n"] == _count(store)


# --- a refused folder is left byte for byte as it was: no LOG, LOCK or write.lock left in it ------

def _bytes(folder) -> dict[str, str]:
    """Every entry under ``folder``: files by their bytes, links by target, folders by name."""
    return {str(p.relative_to(folder)): ("-> " + os.readlink(p) if p.is_symlink() else
                                         p.read_bytes().hex() if p.is_file() else "folder")
            for p in sorted(folder.rglob("*"))}


STRAY_CONTENTS = {
    # a stray CURRENT made the folder pass for an Oxigraph database: opening it wrote LOG and LOCK
    "current-alone": {"CURRENT": "z"},
    "current-and-a-file": {"CURRENT": "MANIFEST-000001\n", "notes.txt": "keep me"},
    "current-naming-a-missing-manifest": {"CURRENT": "MANIFEST-000001\n"},
    "current-naming-a-broken-manifest": {"CURRENT": "MANIFEST-000001\n", "MANIFEST-000001": "not a manifest"},
    "an-empty-database-folder": {"data-000001/": ""},
    "a-live-link-to-a-stray-current": {"live": "-> data-000001", "data-000001/CURRENT": "z"},
    "a-live-link-to-a-broken-database": {"live": "-> data-000001", "data-000001/CURRENT": "MANIFEST-000001\n",
                                         "data-000001/MANIFEST-000001": "not a manifest"},
}
STRAY_COMMANDS = {
    "load": ("load", str(MAIRIE)),
    "analyse": ("analyse", str(MAIRIE)),
    "review": ("review", "redaction-actes", "--accept", "--why", "w", "--by", "b"),
    "query": ("query", "risks"),
}


@pytest.mark.parametrize("command", sorted(STRAY_COMMANDS))
@pytest.mark.parametrize("contents", sorted(STRAY_CONTENTS))
def test_a_refused_folder_is_left_byte_for_byte_as_it_was(tmp_path, contents, command):
    folder = tmp_path / "x"
    folder.mkdir()
    for relative, text in STRAY_CONTENTS[contents].items():
        if relative.endswith("/"):
            (folder / relative).mkdir(parents=True)
        elif text.startswith("-> "):
            os.symlink(text[3:], folder / relative)
        else:
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(text)
    before = _bytes(folder)
    run = run_cli(*STRAY_COMMANDS[command], "--store", str(folder))
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err, run.err
    assert len(run.err.splitlines()) == 1 and run.err.startswith(f"graphmap: {folder}: "), run.err
    assert _bytes(folder) == before
