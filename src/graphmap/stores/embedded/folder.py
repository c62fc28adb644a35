"""The store folder: its ``live`` and ``previous`` databases, graphmap's markers, the writers'
lock, and opening a database (see the notes of ``graphmap.stores.embedded``)."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from graphmap.errors import StoreError, shown_name
from graphmap.settings import lock_timeout as _lock_timeout, store_path

LIVE, LOCK = "live", "write.lock"
STORE_MARKER, DATABASE_MARKER = "graphmap-store", "graphmap-database"
_DATABASE_NAME = re.compile(r"data-(\d{6})")


class _Busy(OSError):
    """``write.lock`` is held by another writer: wait for it."""


# What RocksDB says when another process, or this one, has the database open for writing.
_ROCKSDB_BUSY = ("While lock file:", "lock hold by current process")

class StoreFolder:
    """Opening a store: claiming its folder, taking the writers' lock, opening the live database."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False, lock_timeout: float | None = None):
        """Open the store in folder ``path`` (default: ``settings.store_path()``); a writer waits up
        to ``lock_timeout`` seconds for another (default: ``settings.lock_timeout()``)."""
        self.path = Path(path) if path else store_path()
        self._lock_timeout = _lock_timeout() if lock_timeout is None else lock_timeout
        self._shown = shown_name(self.path)  # as messages show it (quoted if it holds a line break...)
        self._lock = None
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self._shown}: is a file, not a store folder; give --store a folder")
        self._legacy = _is_database(self.path)
        if read_only:
            if not self._legacy and not (self.path / LIVE).exists():
                raise StoreError(f"{self._shown}: no graphmap store here yet; load cases first (graphmap load cases/)")
            self._store = self._open(lambda: ox.Store.read_only(str(self._database())))
            return
        self._claim()
        self._lock = self._wait(self._take_lock)
        try:
            if not self._legacy:
                self._tidy()
                if not (self.path / LIVE).exists():
                    self._switch(self._create_database().name)
            # Opened for writing only when something is written (``_for_writing``): RocksDB
            # rewrites its log, manifest and tables whenever a database is opened for writing,
            # so a command refused after opening the store leaves every file as it was.
            self._writing = not _is_database(self._database())  # a new database is made by opening it for writing
            opener = ox.Store if self._writing else ox.Store.read_only
            self._store = self._open(lambda: opener(str(self._database())))
        except BaseException:
            self._release()
            raise

    def _claim(self) -> None:
        """Make sure the folder is a graphmap store before anything is written in it.

        A missing or empty folder becomes one (its marker is the first thing written); a store
        of an older graphmap gets its markers, once its database has been opened read-only
        (which writes nothing); anything else is refused, left exactly as it was.
        """
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            # Listed before the marker is looked for: a writer creating the same store at the
            # same moment writes the marker before anything else.
            present = list(self.path.iterdir())
            if (self.path / STORE_MARKER).is_file():
                return
            older = [] if self._legacy else self._made_before_the_markers()
            if present and not older and not self._legacy:
                raise StoreError(f"{self._shown}: not a graphmap store, and not empty; give --store a new or empty "
                                 "folder (graphmap only changes folders it made)")
            if older or self._legacy:  # an older graphmap's: it must open before graphmap writes a byte in it
                self._open(lambda: ox.Store.read_only(str(self._database())))  # opened, then closed at once
            if self._legacy:
                return
            _write_marker(self.path / STORE_MARKER, "a graphmap store: graphmap may delete the data-* folders marked as its own")
            for name in older:
                _write_marker(self.path / name / DATABASE_MARKER, "a database of a graphmap store")
        except FileExistsError:
            raise StoreError(f"{self._shown}: is a file, not a store folder; give --store a folder") from None
        except OSError as exc:
            raise StoreError(f"{self._shown}: cannot write in the store folder: {exc.strerror or exc}") from None

    def _made_before_the_markers(self) -> list[str]:
        """The live and previous databases of a store made before the markers (none if it is not one)."""
        if not (self.path / LIVE).is_symlink():
            return []
        targets = [os.readlink(self.path / link) for link in (LIVE, "previous") if (self.path / link).is_symlink()]
        databases = [t for t in targets if _DATABASE_NAME.fullmatch(t) and _is_database(self.path / t)]
        return databases if databases[:1] == targets[:1] else []

    def _database(self) -> Path:
        """The Oxigraph database in use (resolved once: a later switch does not move an open store)."""
        return self.path if self._legacy else (self.path / LIVE).resolve()

    def _take_lock(self):
        try:
            handle = open(self.path / LOCK, "a+")
        except OSError as exc:  # a read-only file system, a folder not ours to write: no use waiting
            raise StoreError(f"{self._shown}: cannot write in the store folder: {exc.strerror}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise _Busy() from None
        return handle

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the file releases the lock
            self._lock = None

    def _open(self, opener):
        """Open the database; retry a reader that raced a writer closing its files."""
        for attempt in range(50):
            try:
                return self._wait(opener)
            except (StoreError, RuntimeError) as exc:
                # A read-only open lists the files of the moment; a writer that closes (or
                # switches) may remove one of them before it is opened. Opening again works.
                # RocksDB reports that file either as an I/O error or as "Corruption".
                detail = str(exc)
                if "No such file" in detail and attempt < 49:
                    time.sleep(0.05)
                    continue
                if isinstance(exc, StoreError):
                    raise
                raise StoreError(f"{self._shown}: cannot open the store: {detail.splitlines()[0]}") from None

    def _wait(self, opener):
        """Open or lock; a writer waits (up to its lock timeout) for another writer to finish."""
        deadline = time.monotonic() + self._lock_timeout
        while True:
            try:
                return opener()
            except OSError as exc:
                detail = str(exc)
                if not isinstance(exc, _Busy) and not any(busy in detail for busy in _ROCKSDB_BUSY):
                    raise StoreError(f"{self._shown}: cannot open the store: {detail.splitlines()[0]}") from None
                if time.monotonic() > deadline:
                    raise StoreError(f"{self._shown}: the store is still in use by another graphmap process; try again when it has finished") from None
                time.sleep(0.1)

    # --- the databases of a store folder ------------------------------------------------

    def _databases(self) -> list[str]:
        """The folders named like databases (``data-NNNNNN``), graphmap's or not."""
        return sorted(p.name for p in self.path.iterdir() if _DATABASE_NAME.fullmatch(p.name) and p.is_dir())

    def _create_database(self) -> Path:
        """A new, marked, empty database folder, numbered after every ``data-NNNNNN`` present."""
        names = self._databases()
        target = self.path / f"data-{int(names[-1][5:]) + 1 if names else 1:06d}"
        target.mkdir()
        _write_marker(target / DATABASE_MARKER, "a database of a graphmap store")
        return target

    def _switch(self, name: str) -> None:
        """Point ``live`` at database ``name`` in one atomic rename; remember the previous one."""
        live = self.path / LIVE
        previous = os.readlink(live) if live.is_symlink() else None
        for link, target in (("previous", previous), (LIVE, name)):
            if target is None:
                continue
            tmp = self.path / f".{link}.tmp"
            tmp.unlink(missing_ok=True)
            os.symlink(target, tmp)
            os.replace(tmp, self.path / link)
        fd = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def _tidy(self) -> None:
        """Remove graphmap's databases neither live nor previous: older ones, or a load killed half-way.

        Only a folder holding graphmap's marker, or an empty one, is removed (see the module's notes).
        """
        keep = {os.readlink(self.path / link) for link in (LIVE, "previous") if (self.path / link).is_symlink()}
        for name in self._databases():
            folder = self.path / name
            if name in keep:
                continue
            if (folder / DATABASE_MARKER).is_file():
                shutil.rmtree(folder, ignore_errors=True)
            elif not any(folder.iterdir()):
                folder.rmdir()


_MANIFEST = re.compile(r"MANIFEST-\d{1,20}\n")


def _is_database(folder: Path) -> bool:
    """Whether ``folder`` looks like an Oxigraph (RocksDB) database: a ``CURRENT`` file naming a
    ``MANIFEST-N`` file that is there. A stray ``CURRENT`` file does not make a database."""
    if not (folder / "CURRENT").is_file():  # a pipe named CURRENT would hang the read
        return False
    try:
        with open(folder / "CURRENT", "rb") as handle:
            current = handle.read(64).decode("ascii")
    except (OSError, UnicodeDecodeError):
        return False
    return _MANIFEST.fullmatch(current) is not None and (folder / current.strip()).is_file()


def _write_marker(path: Path, what: str) -> None:
    """Write graphmap's marker file (kept if it exists: only its presence counts)."""
    try:
        with open(path, "x", encoding="utf-8") as marker:
            marker.write(f"{what}; written by graphmap, do not remove\n")
    except FileExistsError:
        pass
