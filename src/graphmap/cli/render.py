"""Render query results as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from enum import Enum

from ..queries import Result

__all__ = ["OutputFormat", "render"]


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _cell(value) -> str:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def render(result: Result, fmt: OutputFormat, columns: list[str] | None = None) -> str:
    """Text of ``result`` in ``fmt``; ``columns`` picks and orders columns (table only)."""
    if fmt is OutputFormat.json:
        return json.dumps(result.rows, ensure_ascii=False, indent=2) + "\n"
    if fmt is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow([_cell(row[c]) for c in result.columns])
        return buffer.getvalue()
    return _table(result, columns or result.columns)


def _table(result: Result, columns: list[str]) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=result.query, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*(_cell(row[c]) for c in columns))
    tty = sys.stdout.isatty()
    console = Console(
        file=io.StringIO(),
        force_terminal=tty,
        no_color=not tty or bool(os.environ.get("NO_COLOR")),
        width=None if tty else 200,
    )
    console.print(table)
    if not result.rows:
        console.print("(no rows)")
    return console.file.getvalue()
