"""Render query results as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from enum import Enum

from graphmap.query.catalogue import Result

__all__ = ["OutputFormat", "render", "terminal_safe"]


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


# C0 controls but tab and newline, DEL, C1 controls: what a terminal may take for a command
# (ESC ] 0 ; ... BEL sets its title, CSI moves the cursor) when data holds them.
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str, json_text: bool = False) -> str:
    """``text`` with every control character a terminal would obey written out: ``\\xNN``, or
    ``\\u00NN`` in JSON text (where it can only stand inside a string, and stays valid JSON)."""
    form = "\\u{:04x}" if json_text else "\\x{:02x}"
    return _TERMINAL_CONTROL.sub(lambda m: form.format(ord(m.group(0))), text)


def _cell(value) -> str:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def render(result: Result, fmt: OutputFormat, columns: list[str] | None = None) -> str:
    """Text of ``result`` in ``fmt``; ``columns`` picks and orders columns (table only).

    A table is for reading: control characters in the data are written out. JSON and CSV keep
    the data exact when they go to a file or a pipe, and are made safe on a terminal.
    """
    if fmt is OutputFormat.json:
        text = json.dumps(result.rows, ensure_ascii=False, indent=2) + "\n"
    elif fmt is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow([_cell(row[c]) for c in result.columns])
        text = buffer.getvalue()
    else:
        return _table(result, columns or result.columns)
    return terminal_safe(text, json_text=fmt is OutputFormat.json) if sys.stdout.isatty() else text


def _table(result: Result, columns: list[str]) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=result.query, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*(terminal_safe(_cell(row[c])) for c in columns))
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
