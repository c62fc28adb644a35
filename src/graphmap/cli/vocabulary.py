"""``graphmap vocabulary``: the concepts a case file may type, and a barometer's own concepts
(a vocabulary file: copy the example, check it, load it with ``graphmap load --vocabulary``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from graphmap.cli.common import say, write_file
from graphmap.cli.options import FormatOption, StoreChoice, with_store
from graphmap.cli.render import OutputFormat, render
from graphmap.errors import ConfigError, shown_name

__all__ = ["vocabulary_app"]

vocabulary_app = typer.Typer(no_args_is_help=False)  # its help is the callback's docstring


@vocabulary_app.callback(invoke_without_command=True)
@with_store
def vocabulary(
    ctx: typer.Context,
    scheme: Annotated[Optional[str], typer.Option("--scheme", help="Only this scheme (such as ConstraintTypes).")] = None,
    added: Annotated[bool, typer.Option("--added", help="Only the barometer's own concepts.")] = False,
    copy_to: Annotated[Optional[Path], typer.Option("--copy-to", help="Write an example vocabulary file (Turtle) there, to edit and load with --vocabulary.")] = None,
    output: FormatOption = OutputFormat.table,
    where: StoreChoice = StoreChoice(),
) -> None:
    """The concepts a case file may type, scheme by scheme: graphmap's and those a barometer added
    (held by the store); which schemes are open to a barometer's own concepts. Or copy an example
    vocabulary file to start one (--copy-to), or check one (check).

    Example: graphmap vocabulary --copy-to my-vocabulary.ttl && graphmap vocabulary check my-vocabulary.ttl
    """
    from graphmap.model.extension import EXAMPLE_FILE, concept_rows, scheme_names
    from graphmap.query.catalogue import Result
    from graphmap.resources import data_dir

    if ctx.invoked_subcommand is not None:
        return
    if copy_to is not None:
        write_file(copy_to, (data_dir("ontology") / EXAMPLE_FILE).read_text(encoding="utf-8"), "--copy-to")
        shown = shown_name(copy_to)
        say(f"wrote {shown}; edit it, then: graphmap vocabulary check {shown}, and graphmap load cases/ --vocabulary {shown}")
        return
    if scheme is not None and scheme not in scheme_names():
        raise ConfigError(f"--scheme {scheme!r}: not a scheme of graphmap's vocabularies ({', '.join(scheme_names())})")
    from graphmap.model.vocabulary import put_in_force

    put_in_force(where.vocabulary())  # none for a store not made yet: graphmap's concepts alone
    rows = concept_rows(scheme, added)
    columns = ["scheme", "notation", "label_fr", "label_en", "added_by", "open", "iri"]
    typer.echo(render(Result("vocabulary", columns, rows), output), nl=False, color=True)


@vocabulary_app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="A vocabulary file (Turtle) of a barometer's own concepts.")],
) -> None:
    """Check a vocabulary file without loading it: one located line per problem, exit code 2 if any.

    Example: graphmap vocabulary check my-vocabulary.ttl
    """
    from collections import Counter

    from rdflib.namespace import SKOS

    from graphmap.model.extension import read_vocabulary

    graph = read_vocabulary(file, "vocabulary check")
    schemes = Counter(str(s).rsplit("/", 1)[-1] for s in graph.objects(None, SKOS.inScheme))
    say(f"ok: {shown_name(file)} ({sum(schemes.values())} concepts: "
        + ", ".join(f"{count} in {name}" for name, count in sorted(schemes.items())) + ")")
