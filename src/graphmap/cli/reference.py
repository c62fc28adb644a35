"""``graphmap reference``: the published exposure datasets, listed with their attribution, loaded
into a store apart from the cases, and an analyst's own dataset of the same shape added."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from graphmap.cli.common import say
from graphmap.cli.options import StoreChoice, with_store

__all__ = ["reference_app"]

reference_app = typer.Typer(help="Published exposure datasets beside what the cases observed (see the exposure-gap queries).",
                            no_args_is_help=True)


class ListFormat(str, Enum):
    table = "table"
    json = "json"


class KeyKind(str, Enum):
    onet_soc = "onet-soc"
    soc = "soc"
    onet_task = "onet-task"


@reference_app.command("list")
@with_store
def list_references(
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="table or json.")] = ListFormat.table,
    where: StoreChoice = StoreChoice(),
) -> None:
    """The shipped datasets with their attribution, and which datasets the store holds.

    Example: graphmap reference list
    """
    from graphmap.errors import StoreError, one_line
    from graphmap.model.reference import shipped_datasets
    from graphmap.query.named import run_query

    try:
        with where.open(read_only=True) as store:
            loaded = {row["dataset"]: row for row in run_query(store, "reference-datasets").rows}
    except StoreError as exc:  # the shipped datasets and their attribution are worth showing without a store
        say(f"graphmap: {one_line(str(exc))}; the shipped datasets follow")
        loaded = {}
    rows = [{"name": d.name, "title": d.title, "licence": d.licence, "source": d.source, "commit": d.commit,
             "citation": d.citation, "shipped": True, "loaded": d.name in loaded} for d in shipped_datasets().values()]
    rows += [{"name": name, "title": row["title"], "licence": row["licence"], "source": row["source"], "commit": row["commit"],
              "citation": row["citation"], "shipped": False, "loaded": True}
             for name, row in sorted(loaded.items()) if name not in shipped_datasets()]
    if (format.value if isinstance(format, Enum) else format) == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        state = "loaded" if row["loaded"] else "not loaded (graphmap reference load)"
        typer.echo(f"{row['name']}  [{'shipped' if row['shipped'] else 'added'}; {state}]")
        typer.echo(f"  {row['title']}")
        typer.echo(f"  {row['citation']}")
        commit = f" at commit {row['commit']}" if row.get("commit") else ""
        typer.echo(f"  Licence: {row['licence']}. Source: {row['source']}{commit}.")


@reference_app.command("load")
@with_store
def load_references(
    names: Annotated[Optional[list[str]], typer.Argument(help="Datasets to load (default: every shipped one).", metavar="[NAME]...")] = None,
    where: StoreChoice = StoreChoice(),
) -> None:
    """Load shipped reference datasets into the store, each as a graph of its own (loading again
    replaces it; the cases are not touched).

    Example: graphmap reference load eloundou-2024
    """
    from graphmap.errors import ConfigError
    from graphmap.model.reference import dataset_ntriples, shipped_datasets

    shipped = shipped_datasets()
    unknown = [n for n in names or [] if n not in shipped]
    if unknown:
        raise ConfigError(f"no shipped reference dataset {unknown[0][:60]!r}; shipped: {', '.join(shipped)}")
    chosen = [shipped[n] for n in (names or shipped)]
    graphs = {d.name: dataset_ntriples(d) for d in chosen}  # every table read and checked before the store opens
    with where.open() as store:
        for name, lines in graphs.items():
            store.write_reference(name, lines)
            say(f"loaded reference dataset {name} ({len(lines)} triples) into {store.location}")


@reference_app.command("add")
@with_store
def add_reference(
    name: Annotated[str, typer.Argument(help="A name for the dataset: lower-case letters, digits, dashes.")],
    table: Annotated[Path, typer.Argument(help="A CSV (or .tsv) table, one row per occupation or task.")],
    key: Annotated[KeyKind, typer.Option("--key", help="What a row is about: onet-soc (43-6014.00), soc (43-6014) or onet-task (8823).")],
    key_column: Annotated[str, typer.Option("--key-column", help="The column holding the code or task id.")],
    measure: Annotated[Optional[list[str]], typer.Option("--measure", help="A numeric column to load (repeat).")] = None,
    category: Annotated[Optional[list[str]], typer.Option("--category", help="A class column to load, such as E0/E1/E2 (repeat).")] = None,
    label_column: Annotated[Optional[str], typer.Option("--label-column", help="The column naming each row (optional).")] = None,
    citation: Annotated[str, typer.Option("--citation", help="How to cite the dataset (required).")] = "",
    licence: Annotated[str, typer.Option("--licence", help="Its licence, e.g. 'CC BY 4.0' (required).")] = "",
    source: Annotated[str, typer.Option("--source", help="Where it comes from: an http(s) address (required).")] = "",
    title: Annotated[Optional[str], typer.Option("--title", help="Its title (default: the name).")] = None,
    where: StoreChoice = StoreChoice(),
) -> None:
    """Add an analyst's own dataset of the same shape: its rows are checked (one located line per
    problem), then loaded as a graph of its own with its attribution.

    Example: graphmap reference add my-scores scores.csv --key soc --key-column SOC --measure score
    --citation "Doe 2026" --licence "CC BY 4.0" --source https://example.org/scores
    """
    from graphmap.model.reference import dataset_ntriples, read_user_dataset

    kind = key.value if isinstance(key, Enum) else key
    dataset = read_user_dataset(table, name, kind, key_column, list(measure or []), categories=list(category or []),
                                label_column=label_column, citation=citation, licence=licence, source=source, title=title)
    lines = dataset_ntriples(dataset)
    with where.open() as store:
        store.write_reference(name, lines)
    say(f"added reference dataset {name} ({len(lines)} triples) to {store.location}")
