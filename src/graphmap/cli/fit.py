"""``graphmap fit``: score a post's real task list with the rubric."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from graphmap.errors import shown_name
from graphmap.cli.common import checked_rubric, say, writable_file
from graphmap.cli.options import FormatOption, RubricOption, StoreChoice, with_store
from graphmap.cli.render import OutputFormat, render

FIT_COLUMNS = ["task", "score", "verdict", "fit", "blocking", "blocking_constraints", "non_ai_levers", "suggestions", "reason"]


@with_store
def fit(
    tasks: Annotated[Optional[Path], typer.Argument(help="CSV of the post's real tasks (see --template).")] = None,
    template: Annotated[bool, typer.Option("--template", help="Print a CSV template to fill in.")] = False,
    post: Annotated[str, typer.Option("--post", help="Name of the post the tasks belong to.")] = "Poste analysé",
    add_to_case: Annotated[Optional[Path], typer.Option("--add-to-case", help="Also write the post and its tasks as a case file there.")] = None,
    rubric: RubricOption = None,
    output: FormatOption = OutputFormat.table,
    where: StoreChoice = StoreChoice(),
) -> None:
    """Score every task of a post with the rubric: verdict, AI fit, blocking constraints, non-AI levers,
    and the AI tools or capsules the loaded cases use for similar tasks.

    Example: graphmap fit --template > taches.csv && graphmap fit taches.csv --post "Assistante RH"
    """
    from graphmap.errors import StoreError
    from graphmap.analysis.fit import TEMPLATE, fit_tasks

    if template:
        typer.echo(TEMPLATE, nl=False)
        return
    if tasks is None:
        raise typer.BadParameter("give the CSV of tasks, or --template to get one")
    from graphmap.intake.casefile import check_file, control_character
    from graphmap.errors import ConfigError

    if not post.strip() or control_character(post):  # it becomes the label of a case's post and role
        raise ConfigError(f"--post: {control_character(post) or 'give the name of the post'}")
    checked_rubric(rubric)
    check_file(tasks)  # a regular file of bounded size (a pipe would hang): else one located line
    if add_to_case is not None:
        writable_file(add_to_case, "--add-to-case")
    try:
        reference = where.open(read_only=True)
    except StoreError:
        reference = None
        say("no loaded cases: no suggestions of tools (load cases first to get them)")
    try:
        result = fit_tasks(tasks, post_label=post, rubric=rubric, reference=reference, add_to_case=add_to_case)
    finally:
        if reference is not None:
            reference.close()
    if add_to_case is not None:
        say(f"wrote the post and its tasks to {shown_name(add_to_case)}")
    typer.echo(render(result, output, FIT_COLUMNS if output is OutputFormat.table else None), nl=False)
