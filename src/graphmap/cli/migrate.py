"""``graphmap migrate``: rewrite version 1 case files as version 2 (see intake/rewrite.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graphmap.cli.common import say
from graphmap.errors import CaseError, Problem, shown_name

__all__ = ["migrate"]


def migrate(
    files: Annotated[list[Path], typer.Argument(help="YAML case files, or folders of them.")],
    check: Annotated[bool, typer.Option("--check", help="Say what would change and write nothing; exit code 1 if a file needs migrating.")] = False,
) -> None:
    """Rewrite version 1 case files as version 2, in place, keeping comments and key order.

    Every file is checked first; nothing is written unless all of them are valid. The rewritten
    file must give exactly the triples the old one gave. Version 1 files also load as they are.
    Example: graphmap migrate cases/
    """
    from graphmap.intake.load import case_paths
    from graphmap.intake.rewrite import plan_migration, write_migration

    paths = case_paths(files)
    problems, plans = [], []
    for path in paths:
        if path.suffix in (".ttl", ".jsonld") and path.is_file():
            say(f"skipped: {shown_name(path)} (Turtle and JSON-LD cases follow the ontology, not a file format version)")
            continue
        try:
            plans.append(plan_migration(path))
        except CaseError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CaseError(problems)
    if not paths:
        raise CaseError([Problem(str(f), 1, "file", "no case file here") for f in files])
    pending = [plan for plan in plans if plan.text is not None]
    for plan in plans:
        if plan.text is None:
            say(f"current: {shown_name(plan.path)} (version {plan.version})")
            continue
        if not check:
            write_migration(plan)
        say(f"{'would migrate' if check else 'migrated'}: {shown_name(plan.path)} (version {plan.version} -> 2)")
        for note in plan.notes[1:]:
            say(f"  {note.text}")
    if check and pending:
        raise typer.Exit(1)
