"""``graphmap ontology``: commands about the ontology itself, such as its browsable documentation.

Each command parses its options, calls the library once (``graphmap.outputs.ontodocs``) and reports
on stderr, like the other commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["ontology_app"]

ontology_app = typer.Typer(
    help="The ontology: browsable documentation of its classes, properties and vocabularies.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@ontology_app.callback()
def _ontology() -> None:
    # A group callback keeps ``docs`` a subcommand even while it is the only one.
    pass


@ontology_app.command()
def docs(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the documentation into (created if missing).")] = Path("docs/ontology"),
) -> None:
    """Write the ontology's browsable documentation: index.html, classes.svg, classes.mmd.

    index.html shows every class, property and concept scheme with its labels (fr, en), its
    definitions and examples taken from the cases; classes.svg is the class diagram and
    classes.mmd its Mermaid source. The same ontology and cases always give the same bytes.
    Example: graphmap ontology docs --out docs/ontology
    """
    from graphmap.outputs.ontodocs import write_ontology_docs

    from graphmap.errors import ConfigError, shown_name

    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {shown_name(out)}: is a file; give a folder to write the documentation into")
    try:
        written = write_ontology_docs(out)
    except OSError as exc:
        raise ConfigError(f"--out {shown_name(exc.filename or out)}: {exc.strerror or exc}") from None
    typer.echo(f"wrote {len(written)} files to {shown_name(out)}", err=True)
