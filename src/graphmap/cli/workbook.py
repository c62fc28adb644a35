"""``graphmap workbook``: capture a case in a spreadsheet (new, read, write)."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from graphmap.cli.common import say, writable_file
from graphmap.cli.options import VocabularyOption
from graphmap.errors import ConfigError, shown_name

__all__ = ["workbook_app"]

workbook_app = typer.Typer(help="Capture a case in a spreadsheet: a blank workbook, a workbook read into a case file, a case file written into a workbook.",
                           no_args_is_help=True)


class WorkbookLang(str, Enum):
    fr = "fr"
    en = "en"


def _value(option) -> Optional[str]:
    return option.value if isinstance(option, Enum) else option


def _out(out: Path) -> None:
    """A file to write: in an existing folder; an existing regular file is replaced (as every --out
    is), never a device or a pipe (the new file is renamed over the old one)."""
    import stat

    writable_file(out, "--out")
    try:
        mode = out.stat().st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode):
        raise ConfigError(f"--out {shown_name(out)}: is not a regular file (a pipe or a device); give a file name")


def _xlsx_out(out: Path) -> None:
    """An --out workbook: a .xlsx name in an existing folder."""
    _out(out)
    if out.suffix.lower() != ".xlsx":
        raise ConfigError(f"--out {shown_name(out)}: give a .xlsx file name (an Excel workbook, which LibreOffice opens too)")


def _not_the_input(source: Path, out: Path) -> None:
    try:
        same = out.exists() and os.path.samefile(source, out)
    except OSError:
        same = False
    if same:
        raise ConfigError(f"--out {shown_name(out)}: is the file being read; give another file name")


@workbook_app.command("new")
def new(
    out: Annotated[Path, typer.Option("--out", "-o", help="The .xlsx workbook to write.")],
    lang: Annotated[WorkbookLang, typer.Option("--lang", help="Language of the sheet names, headers and help.")] = WorkbookLang.fr,
    vocabulary: VocabularyOption = None,
) -> None:
    """Write a blank case workbook: one sheet per kind of entity, headers in your language,
    drop-down lists for vocabularies and references, a help sheet explaining each column.

    Example: graphmap workbook new --lang fr --out case.xlsx
    """
    from graphmap.intake.load import use_vocabulary
    from graphmap.outputs.workbook import new_workbook, save_workbook

    _xlsx_out(out)
    use_vocabulary(vocabulary, None)  # a barometer's concepts join the drop-down lists
    save_workbook(new_workbook(_value(lang)), out)
    say(f"wrote a blank case workbook ({_value(lang)}) to {shown_name(out)}; fill it, then: graphmap workbook read {shown_name(out)} --out case.yaml")


@workbook_app.command("read")
def read(
    workbook: Annotated[Path, typer.Argument(help="The .xlsx workbook to read.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The YAML case file to write.")],
    vocabulary: VocabularyOption = None,
) -> None:
    """Turn a case workbook into a YAML case file, checked as every case file is; each problem
    is located at its cell (case.xlsx:Tâches!D12: ...) and nothing is written.

    Example: graphmap workbook read case.xlsx --out case.yaml
    """
    from graphmap.intake.load import use_vocabulary
    from graphmap.intake.workbook import read_workbook

    _out(out)
    _not_the_input(workbook, out)
    use_vocabulary(vocabulary, None)
    case, text = read_workbook(workbook)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, out)
    except OSError as exc:
        raise ConfigError(f"--out {shown_name(out)}: {exc.strerror or exc}") from None
    finally:
        temporary.unlink(missing_ok=True)
    say(f"wrote case {case.id} ({len(case.entities)} entities) to {shown_name(out)}")


@workbook_app.command("write")
def write(
    case_file: Annotated[Path, typer.Argument(help="The YAML case file to write out.", metavar="CASE.yaml")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The .xlsx workbook to write.")],
    lang: Annotated[Optional[WorkbookLang], typer.Option("--lang", help="Language of the headers (default: the case's, else English).")] = None,
    vocabulary: VocabularyOption = None,
) -> None:
    """Write a case file into a filled workbook (the way back of `workbook read`).

    Example: graphmap workbook write cases/sante-publique-2026.yaml --out case.xlsx
    """
    from graphmap.intake.casefile import read_case_file
    from graphmap.intake.load import use_vocabulary
    from graphmap.outputs.workbook import case_workbook, save_workbook

    _xlsx_out(out)
    _not_the_input(case_file, out)
    use_vocabulary(vocabulary, None)
    case = read_case_file(case_file)
    save_workbook(case_workbook(case, _value(lang)), out)
    say(f"wrote case {case.id} ({len(case.entities)} entities) to {shown_name(out)}")
