"""One error hierarchy for graphmap; only the CLI turns errors into messages and exit codes."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["GraphMapError", "Problem", "SHOWN", "CaseError", "StoreError", "QueryError", "ConfigError", "shown_name", "one_line"]

# What makes a file name ambiguous at the head of ``file:line: field: message``: a colon before
# a digit (``a: 12:`` or ``a:3`` look like a line number), a leading quote (looks like a quoted name),
# leading or trailing spaces (invisible).
_AMBIGUOUS = re.compile(r""":\s*\d|^['"]|^\s|\s$""")


def shown_name(name) -> str:
    """A file or folder name as messages show it: as it is, or quoted like a Python string
    (``'a: 12:\\nb.yaml'``) when it holds what would break or fool the ``file:line:`` format
    or the one line of a message (a line break, any control or invisible character, a colon
    before a digit, a leading quote, leading or trailing spaces). Plain names stay unquoted."""
    text = str(name)
    if text and text.isprintable() and not _AMBIGUOUS.search(text):
        return text
    return repr(text)


def one_line(text: str) -> str:
    """``text`` on one line: line breaks and other control characters written out (``\\n``, ``\\x1b``)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class GraphMapError(Exception):
    """Base of every error graphmap raises on purpose. ``exit_code`` is what the CLI returns."""

    exit_code = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a case file: ``file:line: field: message``; in a workbook,
    ``file:Sheet!D12: field: message`` (``where`` the cell, ``line`` then only orders the problems)."""

    file: str
    line: int
    field: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        return f"{shown_name(self.file)}:{one_line(self.where) if self.where else self.line}: {one_line(self.field)}: {one_line(self.message)}"


SHOWN = 20
"""Problems of one kind in a file given a line each; past them, one line counts the others (1 MB
of Turtle can hold 150,000 wrong labels or 91,000 unknown properties: that many lines said the
same thing, and locating and writing them took seconds). The checks of RDF cases count so."""


def _order(problem: Problem) -> tuple:
    return (problem.file, problem.line, problem.field, problem.message, problem.where)


class CaseError(GraphMapError):
    """A case file is not valid; carries every problem found, one per line."""

    def __init__(self, problems: list[Problem]):
        # (sorted as the dataclass orders them; its own comparisons, in Python, took 2.5 s for 150,000)
        self.problems = sorted(set(problems), key=_order)
        super().__init__(self.problems)

    def __str__(self) -> str:  # written when asked (the command line writes each problem itself)
        return "\n".join(str(p) for p in self.problems)


class StoreError(GraphMapError):
    """The store cannot be opened, read or written."""


class QueryError(GraphMapError):
    """A named query does not exist, is malformed, or got bad parameters."""


class ConfigError(GraphMapError):
    """A setting (environment, option) is missing or wrong."""
