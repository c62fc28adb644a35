"""One error hierarchy for graphmap; only the CLI turns errors into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GraphMapError", "Problem", "CaseError", "StoreError", "QueryError", "ConfigError"]


class GraphMapError(Exception):
    """Base of every error graphmap raises on purpose. ``exit_code`` is what the CLI returns."""

    exit_code = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a case file: ``file:line: field: message``."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class CaseError(GraphMapError):
    """A case file is not valid; carries every problem found, one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class StoreError(GraphMapError):
    """The store cannot be opened, read or written."""


class QueryError(GraphMapError):
    """A named query does not exist, is malformed, or got bad parameters."""


class ConfigError(GraphMapError):
    """A setting (environment, option) is missing or wrong."""
