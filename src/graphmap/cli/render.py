"""Render query results as a table, JSON or CSV.

A table is for reading in a terminal: labels lead (each ``label`` column beside the id it
names), a column whose value is the same on every row is said once above the table, cells wrap
between words and never inside one, and when the columns cannot fit the width without breaking
a word the rows are shown one record per block. The width is the terminal's, or ``COLUMNS``
(also when the output is piped: 200 if neither says).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
import textwrap
from enum import Enum

from graphmap.query.catalogue import Result

__all__ = ["OutputFormat", "render", "json_list", "terminal_safe", "output_width", "shaped", "csv_text", "table_text", "compact_iris", "PIPED_WIDTH"]

PIPED_WIDTH = 200  # when the output is not a terminal and COLUMNS says nothing
MIN_WIDTH, MAX_WIDTH = 20, 1000  # a COLUMNS outside this is not a width anyone reads at


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


def output_width() -> int:
    """The width tables are laid out for: ``COLUMNS`` when it holds a sensible number (on a
    terminal or piped), else the terminal's width, else 200 when piped."""
    given = os.environ.get("COLUMNS", "").strip()
    if given.isascii() and given.isdigit():
        return max(MIN_WIDTH, min(MAX_WIDTH, int(given)))
    if sys.stdout.isatty():
        return max(MIN_WIDTH, shutil.get_terminal_size((PIPED_WIDTH, 24)).columns)
    return PIPED_WIDTH


def _cell(value) -> str:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _sort_key(value):
    """Numbers by value, then text (case-folded); empty last, whatever the direction."""
    if value is None or value == [] or value == "":
        return (1, 0, 0, "")
    if isinstance(value, bool):
        return (0, 0, int(value), "")
    if isinstance(value, (int, float)):
        return (0, 0, value, "")
    return (0, 1, 0, _cell(value).casefold())


def shaped(result: Result, columns: list[str] | None = None, sort: list[str] | None = None,
           limit: int | None = None) -> Result:
    """``result`` with only ``columns`` (in that order), its rows ordered by ``sort`` (column
    names, ``-name`` for descending; the first given leads), and the first ``limit`` rows.
    The names are checked beforehand (query.named.check_columns)."""
    rows = list(result.rows)
    for key in reversed(sort or []):  # stable sorts: the last key first, the first one leads
        name, descending = key.removeprefix("-"), key.startswith("-")
        filled = [r for r in rows if _sort_key(r[name])[0] == 0]
        empty = [r for r in rows if _sort_key(r[name])[0] == 1]
        rows = sorted(filled, key=lambda r: _sort_key(r[name]), reverse=descending) + empty
    if limit is not None:
        rows = rows[:limit]
    if columns:
        rows = [{c: r[c] for c in columns} for r in rows]
    return Result(result.query, list(columns or result.columns), rows)


_LOCAL_NAME = re.compile(r"[A-Za-z_][\w.-]*(?<!\.)|")


def compact_iris(result: Result, prefixes: dict[str, str]) -> Result:
    """``result`` with every value that is an IRI under one of ``prefixes`` written ``prefix:local``
    (for reading; JSON and CSV keep the whole IRI). The longest namespace wins."""
    spaces = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def short(value):
        if isinstance(value, list):
            return [short(v) for v in value]
        if isinstance(value, str) and "://" in value[:12]:
            for prefix, namespace in spaces:
                if value.startswith(namespace) and _LOCAL_NAME.fullmatch(value[len(namespace):]):
                    return f"{prefix}:{value[len(namespace):]}"
        return value

    return Result(result.query, list(result.columns), [{c: short(v) for c, v in row.items()} for row in result.rows])


def render(result: Result, fmt: OutputFormat, columns: list[str] | None = None, *, chosen: bool = False,
           total: int | None = None) -> str:
    """Text of ``result`` in ``fmt``; ``columns`` picks and orders columns (table only).

    A table is for reading: control characters in the data are written out, labels lead and a
    column with one value on every row is said above it, unless ``chosen`` (the user named the
    columns: they are shown as named). ``total``: how many rows there were before a limit.
    JSON and CSV keep the data exact when they go to a file or a pipe, and are made safe on a
    terminal.
    """
    if fmt is OutputFormat.json:
        text = json_list(result.rows)
    elif fmt is OutputFormat.csv:
        text = csv_text(result)
    else:
        return table_text(result, columns or result.columns, chosen=chosen, total=total)
    return terminal_safe(text, json_text=fmt is OutputFormat.json) if sys.stdout.isatty() else text


_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False)  # no indent: Python's C encoder (indent=2 is its pure-Python one)


def json_list(rows: list[dict]) -> str:
    """``rows`` as a JSON list, one object per line (``[]`` when there is none).

    Each row is written by the C encoder: json.dumps(indent=2) encodes in Python, 0.4 s for
    9,000 rows of ai-fit; a row per line is as readable and as easy to cut with grep or jq.
    """
    if not rows:
        return "[]\n"
    encode = _ROW_ENCODER.encode
    return "[\n" + ",\n".join(["  " + encode(row) for row in rows]) + "\n]\n"


def csv_text(result: Result) -> str:
    """``result`` as CSV, exact (lists joined by ``; ``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([_cell(row[c]) for c in result.columns])
    return buffer.getvalue()


# --- tables --------------------------------------------------------------------------------------

def _is_label(column: str) -> bool:
    return column == "label" or column.endswith("_label") or column == "section_title"


def lead_with_labels(columns: list[str]) -> list[str]:
    """``columns`` with each label column moved just before the id it names: ``task_label``
    before ``task``, ``section_title`` before ``section``, a plain ``label`` before the column
    it follows in the query (its entity's id)."""
    out = list(columns)
    for label in [c for c in columns if _is_label(c)]:
        named = label.removesuffix("_label").removesuffix("_title") if label != "label" else None
        if named not in out:
            at = columns.index(label)
            named = next((c for c in reversed(columns[:at]) if not _is_label(c) and c not in ("case", "kind", "type")), None)
        if named is None:
            continue
        out.remove(label)
        out.insert(out.index(named), label)
    return out


def _words(text: str) -> list[str]:
    return text.split()


def _longest_word(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(word) for word in _words(text)), default=0)


def _natural(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.split("\n")), default=0)


def fit_widths(headers: list[str], cells: list[list[str]], width: int) -> list[int] | None:
    """The width of each column so that the table (its borders and padding too) fits ``width``
    and no word is cut: each column at least its longest word, the widest shrunk first. None
    when even that does not fit."""
    count = len(headers)
    available = width - (3 * count + 1)  # a border before each column and after the last; 1 space each side
    minimum = [max([_longest_word(h)] + [_longest_word(row[i]) for row in cells], default=1) or 1 for i, h in enumerate(headers)]
    if sum(minimum) > available:
        return None
    widths = [min(available, max([_natural(h)] + [_natural(row[i]) for row in cells], default=1) or 1) for i, h in enumerate(headers)]
    excess = sum(widths) - available
    while excess > 0:
        widest = max((i for i in range(count) if widths[i] > minimum[i]), key=lambda i: widths[i])
        others = [widths[i] for i in range(count) if i != widest and widths[i] < widths[widest]]
        step = max(1, min(excess, widths[widest] - max([minimum[widest], *others])))
        widths[widest] -= step
        excess -= step
    return widths


def table_text(result: Result, columns: list[str], *, chosen: bool = False, total: int | None = None,
               width: int | None = None) -> str:
    """``result`` as a table fitted to ``width`` (default: output_width()), or one record per
    block when its columns cannot fit without cutting words."""
    width = width or output_width()
    rows = result.rows
    shown = list(columns)
    same: list[tuple[str, str]] = []
    if not chosen:
        shown = lead_with_labels(shown)
        if len(rows) >= 2:
            for column in list(shown):
                values = {_cell(row[column]) for row in rows}
                if len(values) == 1 and len(shown) > 1:
                    same.append((column, values.pop()))
                    shown.remove(column)
    cells = [[terminal_safe(_cell(row[c])) for c in shown] for row in rows]
    count = len(rows)
    heading = f"{result.query}: " + (f"the first {count} of {total} rows" if total is not None and total > count
                                      else f"{count} row{'s' * (count != 1)}")
    lines = [heading]
    filled = [(c, v) for c, v in same if v]
    for column, value in filled:
        lines += textwrap.wrap(f"{column}: {terminal_safe(value)} (every row)", width, break_long_words=False,
                               break_on_hyphens=False, subsequent_indent="  ") or [""]
    empty = [c for c, v in same if not v]
    if empty:
        lines += textwrap.wrap(f"empty on every row: {', '.join(empty)}", width, break_long_words=False,
                               break_on_hyphens=False, subsequent_indent="  ")
    if not rows:
        return "\n".join(lines + ["(no rows)"]) + "\n"
    widths = fit_widths(shown, cells, width)
    if widths is None:
        return "\n".join(lines + _blocks(shown, cells, width)) + "\n"
    return "\n".join(lines) + "\n" + _boxed(shown, cells, widths, width)


def _boxed(headers: list[str], cells: list[list[str]], widths: list[int], width: int) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for header, size in zip(headers, widths):
        table.add_column(header, width=size, overflow="fold")  # fold never happens: each column holds its longest word
    for row in cells:
        table.add_row(*row)
    tty = sys.stdout.isatty()
    console = Console(file=io.StringIO(), force_terminal=tty, no_color=not tty or bool(os.environ.get("NO_COLOR")),
                      width=width, highlight=False, soft_wrap=False)
    console.print(table)
    return console.file.getvalue()


def _blocks(headers: list[str], cells: list[list[str]], width: int) -> list[str]:
    """One record per block: ``name  value`` lines, the values wrapped between words."""
    key = min(max(len(h) for h in headers), max(8, width // 3))
    room = max(10, width - key - 2)
    lines: list[str] = []
    for number, row in enumerate(cells, 1):
        mark = f"── {number} of {len(cells)} "
        lines += ["", mark + "─" * max(0, min(width, 40) - len(mark))]
        for header, value in zip(headers, row):
            if not value:
                continue
            wrapped = []
            for part in value.split("\n"):
                wrapped += textwrap.wrap(part, room, break_long_words=False, break_on_hyphens=False) or [""]
            if len(header) <= key:
                lines.append(f"{header:<{key}}  {wrapped[0]}")
            else:  # a long column name on its own line, its value below it
                lines += [header, " " * (key + 2) + wrapped[0]]
            lines += [" " * (key + 2) + more for more in wrapped[1:]]
    return lines
