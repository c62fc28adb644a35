"""What the stores read from the environment, read here and nowhere else: the embedded store's
folder, how long to wait for another writer or a running load, and the Neo4j connection (from
options or the environment; the password never prints). The stores take these values."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from graphmap.errors import ConfigError, shown_name

__all__ = ["Neo4jSettings", "store_path", "lock_timeout"]

DEFAULT_LOCK_TIMEOUT = 300.0


def store_path() -> Path:
    """The embedded store's folder: ``$GRAPHMAP_STORE``, else ``$XDG_DATA_HOME/graphmap/store``
    (``~/.local/share/graphmap/store``)."""
    if os.environ.get("GRAPHMAP_STORE"):
        return Path(os.environ["GRAPHMAP_STORE"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "graphmap" / "store"


def lock_timeout() -> float:
    """Seconds a writer waits for another writer of the embedded store, and a Neo4j query for a
    running load, before saying so: ``$GRAPHMAP_LOCK_TIMEOUT``, default 300."""
    text = os.environ.get("GRAPHMAP_LOCK_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf"):  # NaN and negative numbers too
        raise ConfigError(f"GRAPHMAP_LOCK_TIMEOUT={text[:40]!r}: not a number of seconds (give e.g. 300)")
    return seconds


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = "bolt://127.0.0.1:7687"
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str = "neo4j"
    lock_timeout: float = field(default_factory=lambda: lock_timeout())  # how long a query waits for a running load

    def __repr__(self) -> str:
        return (f"Neo4jSettings(uri={self.uri!r}, user={self.user!r}, password='***', database={self.database!r}, "
                f"lock_timeout={self.lock_timeout!r})")

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None, database: str | None = None,
                 password_file: Path | None = None) -> "Neo4jSettings":
        """Options win over ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_DATABASE``; the password comes
        from ``NEO4J_PASSWORD`` or from a file readable by its owner only (``NEO4J_PASSWORD_FILE``)."""
        env = os.environ
        password_file = password_file or (Path(env["NEO4J_PASSWORD_FILE"]) if env.get("NEO4J_PASSWORD_FILE") else None)
        if password_file is not None:
            password = _read_password_file(password_file)
        else:
            password = env.get("NEO4J_PASSWORD", "")
        if not password:
            raise ConfigError("no Neo4j password: set NEO4J_PASSWORD or NEO4J_PASSWORD_FILE (for the local server: eval \"$(scripts/neo4j env)\")")
        uri = uri or env.get("NEO4J_URI") or cls.uri
        if "@" in uri.split("://", 1)[-1].split("/", 1)[0]:
            # Every message names the URI: a password in it would be printed. The URI is not shown.
            raise ConfigError("the Neo4j URI holds a user or password (user:password@); give --user (or NEO4J_USER) "
                              "and the password in NEO4J_PASSWORD or a password file, and the URI without them")
        return cls(
            uri=uri,
            user=user or env.get("NEO4J_USER") or cls.user,
            password=password,
            database=database or env.get("NEO4J_DATABASE") or cls.database,
        )


def _read_password_file(path: Path) -> str:
    """The password in ``path``: a regular file readable by its owner only, UTF-8; else one line."""
    name = shown_name(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ConfigError(f"{name}: the Neo4j password file does not exist") from None
    except OSError as exc:
        raise ConfigError(f"{name}: the Neo4j password file cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise ConfigError(f"{name}: the Neo4j password file is a folder; give the file holding the password")
    if not stat.S_ISREG(mode):  # a pipe would hang, a device never end
        raise ConfigError(f"{name}: the Neo4j password file is not a regular file (a pipe or a device)")
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(f"{name}: the password file must be readable by its owner only (chmod 600 {name})")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PASSWORD_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{name}: the Neo4j password file cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_PASSWORD_FILE_BYTES:
        raise ConfigError(f"{name}: the Neo4j password file holds more than {MAX_PASSWORD_FILE_BYTES} bytes; "
                          "give the file holding the password alone")
    try:
        return data.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        # Never show the bytes: they may be the password.
        raise ConfigError(f"{name}: the Neo4j password file is not UTF-8 text (byte {exc.start})") from None


MAX_PASSWORD_FILE_BYTES = 64 * 1024
