"""Connection settings for Neo4j, from options or the environment. The password never prints."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError

__all__ = ["Neo4jSettings"]


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = "bolt://127.0.0.1:7687"
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str = "neo4j"

    def __repr__(self) -> str:
        return f"Neo4jSettings(uri={self.uri!r}, user={self.user!r}, password='***', database={self.database!r})"

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
    try:
        mode = path.stat().st_mode
    except OSError:
        raise ConfigError(f"{path}: the Neo4j password file does not exist") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(f"{path}: the password file must be readable by its owner only (chmod 600 {path})")
    return path.read_text(encoding="utf-8").strip()
