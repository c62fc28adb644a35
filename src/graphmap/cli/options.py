"""The options several commands share, each written once: the store block (``--backend``,
``--store``, ``--uri``, ``--user``, ``--database``, ``--password-file``), given to a command by
``@with_store`` as one ``where: StoreChoice`` argument, and ``--format`` / ``--rubric``."""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Optional

import typer

from graphmap.stores import Backend
from graphmap.cli.render import OutputFormat

__all__ = ["FormatOption", "RubricOption", "VocabularyOption", "StoreChoice", "with_store", "show_flags_as_flags", "flag_given_a_value"]


def show_flags_as_flags() -> None:
    """Help shows a flag as a flag (``--graph``), not as an option taking a value (``--graph <bool>``,
    which typer's rich help writes for every flag, --help too): a user who reads ``<bool>`` types
    ``--graph true``, and ``true`` is then read as the next argument."""
    from typer.core import TyperOption

    original = getattr(TyperOption, "display_type_rich", None)  # typer before 0.29 wrote no <bool>
    if original is None or getattr(original, "graphmap_flags", False):
        return

    def display_type_rich(self, ctx):
        if getattr(self, "is_flag", False) or getattr(self, "count", False):
            return None
        return original(self, ctx)

    display_type_rich.graphmap_flags = True
    TyperOption.display_type_rich = display_type_rich


BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "1", "0", "y", "n", "t", "f"})


def flag_given_a_value(command, argv: list[str]) -> tuple[str, str] | None:
    """``(flag, word)`` when ``argv`` writes a flag of ``command`` (a click command tree) followed by
    a yes/no word (``--graph true``) that names no file: the word would be taken for an argument."""
    import os

    flags: set[str] = set()

    def walk(node) -> None:
        for param in getattr(node, "params", []):
            if getattr(param, "is_flag", False):
                flags.update(param.opts)
                flags.update(param.secondary_opts)
        for sub in (getattr(node, "commands", None) or {}).values():
            walk(sub)

    walk(command)
    flags.discard("--help")
    for token, following in zip(argv, argv[1:]):
        if token == "--":
            break
        if token in flags and following.lower() in BOOLEAN_WORDS and not os.path.exists(following):
            return token, following
    return None

FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
RubricOption = Annotated[Optional[Path], typer.Option("--rubric", help="A rubric file (Turtle) to use instead of ontology/rubric.ttl.")]
VocabularyOption = Annotated[Optional[Path], typer.Option(
    "--vocabulary", help="A barometer's own concepts (Turtle; start from graphmap vocabulary --copy-to FILE), added to "
                         "the open vocabularies; load keeps them in the store for the loads after.")]

_STORE_OPTIONS = {  # name -> (annotation, default), in the order --help shows them
    "backend": (Annotated[Backend, typer.Option("--backend", "-b", envvar="GRAPHMAP_BACKEND",
                                                help="Where the graph lives: the embedded store or a Neo4j server.")],
                Backend.embedded),
    "store": (Annotated[Optional[Path], typer.Option("--store", envvar="GRAPHMAP_STORE",
                                                     help="Folder of the embedded store (default: ~/.local/share/graphmap/store).")],
              None),
    "uri": (Annotated[Optional[str], typer.Option("--uri", help="Neo4j URI (bolt://, neo4j://, neo4j+s://...); default $NEO4J_URI.")], None),
    "user": (Annotated[Optional[str], typer.Option("--user", help="Neo4j user; default $NEO4J_USER or neo4j.")], None),
    "database": (Annotated[Optional[str], typer.Option("--database", help="Neo4j database; default $NEO4J_DATABASE or neo4j.")], None),
    "password_file": (Annotated[Optional[Path], typer.Option("--password-file",
                                                             help="File holding the Neo4j password (mode 600); default $NEO4J_PASSWORD.")],
                      None),
}


@dataclass(frozen=True)
class StoreChoice:
    """Which store a command works on, as its options say."""

    backend: Backend = Backend.embedded
    store: Optional[Path] = None
    uri: Optional[str] = None
    user: Optional[str] = None
    database: Optional[str] = None
    password_file: Optional[Path] = None

    def open(self, read_only: bool = False, vocabulary: bool = True):
        """The store, open; with ``vocabulary``, the barometer's own concepts it holds are put in
        force (its cases' labels and notations read with them)."""
        from graphmap.model.vocabulary import put_in_force
        from graphmap.stores import open_store

        if (self.backend is Backend.embedded and self.store is not None and self.store.name in {b.value for b in Backend}
                and not read_only and not self.store.exists()):
            typer.echo(f"note: --store {self.store} makes an embedded store in the folder {self.store}; for a Neo4j "
                       "server, give --backend neo4j", err=True)
        store = open_store(self.backend, path=self.store, read_only=read_only, uri=self.uri, user=self.user,
                           database=self.database, password_file=self.password_file)
        if vocabulary:
            try:
                put_in_force(store.stored_vocabulary())
            except BaseException:
                store.close()
                raise
        return store

    def vocabulary(self):
        """The barometer's own concepts the store holds (read before it is opened for writing)."""
        from graphmap.stores import loaded_vocabulary

        return loaded_vocabulary(self.backend, path=self.store, uri=self.uri, user=self.user,
                                 database=self.database, password_file=self.password_file)

    def fingerprints(self) -> dict[str, str]:
        """What the store was loaded from (read before it is opened for writing; see stores)."""
        from graphmap.stores import loaded_fingerprints

        return loaded_fingerprints(self.backend, path=self.store)


def with_store(command):
    """Give ``command`` the store options; it receives them as ``where: StoreChoice``."""
    signature = inspect.signature(command, eval_str=True)
    kept = [p for p in signature.parameters.values() if p.name != "where"]
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
             for name, (annotation, default) in _STORE_OPTIONS.items()]

    @functools.wraps(command)
    def run(*args, **kwargs):
        where = StoreChoice(**{name: kwargs.pop(name) for name in _STORE_OPTIONS})
        return command(*args, where=where, **kwargs)

    run.__signature__ = signature.replace(parameters=kept + added)
    run.__annotations__ = {**{p.name: p.annotation for p in kept}, **{p.name: p.annotation for p in added},
                           "return": signature.return_annotation}
    del run.__wrapped__  # typer reads the signature above, not the command's own
    return run
