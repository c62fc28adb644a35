"""The ``report`` command: a self-contained HTML report of one case, or of every loaded case."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from graphmap.errors import shown_name
from graphmap.cli.common import case_id, say, writable_file, write_file
from graphmap.cli.options import StoreChoice, with_store

__all__ = ["report", "ReportLang"]


class ReportLang(str, Enum):
    fr = "fr"
    en = "en"


@with_store
def report(
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    case: Annotated[Optional[str], typer.Option("--case", help="The case to report on (default: the only loaded case).", metavar="ID")] = None,
    lang: Annotated[ReportLang, typer.Option("--lang", help="Language of the headings and fixed texts (the data stays as written).")] = ReportLang.fr,
    barometer: Annotated[bool, typer.Option("--barometer", help="Report on every loaded case side by side instead of one case.")] = False,
    where: StoreChoice = StoreChoice(),
) -> None:
    """Write an HTML report that opens in any browser with no network: the organisation, the role
    typology, the task-by-criteria matrix, non-usage reasons, usages, risks, maturity and an
    interactive graph of the case; or, with --barometer, every loaded case compared in charts.

    Example: graphmap report --case sante-publique-2026 --out report.html
    """
    from graphmap.outputs.report import render_barometer_report, render_case_report

    if barometer and case is not None:
        raise typer.BadParameter("give --case ID or --barometer, not both", param_hint="--barometer")
    language = lang.value if isinstance(lang, Enum) else lang
    case_id(case, "--case")
    writable_file(out, "--out")  # before the store is read: a wrong --out costs nothing
    with where.open(read_only=True) as source:
        html = render_barometer_report(source, language) if barometer else render_case_report(source, case, language)
    write_file(out, html, "--out")
    what = "barometer of every loaded case" if barometer else f"report of case {case}" if case else "case report"
    say(f"wrote the {what} ({len(html.encode('utf-8')) // 1024} KiB, {language}) to {shown_name(out)}")
