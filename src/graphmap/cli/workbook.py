"""``graphmap workbook``: capture a case in a spreadsheet (new, read, write)."""

from __future__ import annotations

import typer

__all__ = ["workbook_app"]

workbook_app = typer.Typer(help="Capture a case in a spreadsheet: a blank workbook, a workbook read into a case file, a case file written into a workbook.",
                           no_args_is_help=True)
