"""Commands: each parses its options, calls the library once, and prints the result."""

from __future__ import annotations

import gc
import json
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from graphmap.errors import CaseError, ConfigError, GraphMapError, one_line, shown_name
from graphmap.cli.common import case_id, checked_rubric, out_folder, query_text, say, status, write_file
from graphmap.cli.complete import complete_case, complete_column, complete_entity, complete_param, complete_query_name
from graphmap.cli.fit import fit
from graphmap.cli.migrate import migrate
from graphmap.cli.ontology import ontology_app
from graphmap.cli.reference import reference_app
from graphmap.cli.vocabulary import vocabulary_app
from graphmap.cli.workbook import workbook_app
from graphmap.cli.options import (FormatOption, RubricOption, StoreChoice, VocabularyOption, flag_given_a_value,
                                  show_flags_as_flags, with_store)
from graphmap.cli.render import OutputFormat, render, terminal_safe
from graphmap.cli.report import report

show_flags_as_flags()

app = typer.Typer(
    name="graphmap",
    help="A knowledge graph of AI usage and non-usage at work: load case files, query them.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=True,
)

def _check_with_progress(files: list[Path], known: dict[str, str] | None = None):
    """Check the case files (but those ``known`` to the store, unchanged), with a progress bar on
    a terminal when there are many."""
    from graphmap.intake.load import case_paths, check_cases

    count = len(case_paths(files))
    if count < 20 or not sys.stderr.isatty():
        return check_cases(files, known=known)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("checking case files", total=count)
        return check_cases(files, progress=lambda _path: bar.advance(task), known=known)


LIST_UP_TO = 20  # files: beyond, load and validate say how many instead of naming each


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Case files or folders of case files.")],
    strict: Annotated[bool, typer.Option("--strict", help="Treat personal-data warnings (e-mails, phones, names) as errors.")] = False,
    shacl: Annotated[bool, typer.Option("--shacl", help="Also check YAML cases against the SHACL shapes (always done for Turtle and JSON-LD).")] = False,
    vocabulary: VocabularyOption = None,
) -> None:
    """Check case files without loading them: one line per problem, exit code 2 if any.

    E-mail addresses, phone numbers and people's names found in the text are reported as
    warnings (exit code 0), or as errors with --strict. A barometer's own concepts are those of
    --vocabulary (no store is read). Example: graphmap validate cases/ --vocabulary my-vocabulary.ttl
    """
    from graphmap.errors import CaseError
    from graphmap.intake.load import check_cases, use_vocabulary

    use_vocabulary(vocabulary, None)
    checked = check_cases(files, shacl=shacl)
    warnings = [item.warnings for item in checked]
    if strict and any(warnings):
        raise CaseError([warning for found in warnings for warning in found])
    for item, found in zip(checked, warnings):
        for warning in found:
            say(f"warning: {warning}")
        if len(checked) <= LIST_UP_TO:
            say(f"ok: {shown_name(item.case.path)} (case {item.case.id}, {len(item.case.entities)} entities, {item.triples} triples)")
    if len(checked) > LIST_UP_TO:
        say(f"ok: {len(checked)} cases ({sum(len(i.case.entities) for i in checked)} entities, {sum(i.triples for i in checked)} triples)")
    old = [item.case.path for item in checked if item.case.written_version == 1]
    if old:
        shown = shown_name(old[0]) if len(old) == 1 else f"{len(old)} files"
        say(f"note: {shown} {'is' if len(old) == 1 else 'are'} in case format version 1 (read as version 2); "
            f"`graphmap migrate` rewrites {'it' if len(old) == 1 else 'them'} as version 2")


app.command("migrate")(migrate)


@app.command()
@with_store
def load(
    files: Annotated[list[Path], typer.Argument(help="Case files or folders of case files.")],
    rubric: RubricOption = None,
    vocabulary: VocabularyOption = None,
    where: StoreChoice = StoreChoice(),
) -> None:
    """Check case files and load them into the store; nothing is written if one is invalid.

    Loading a case again replaces it. The cases are checked with the barometer's own concepts of
    --vocabulary (then kept in the store), else with those the store holds.
    Example: graphmap load cases/ --backend neo4j
    """
    from graphmap.intake.load import use_vocabulary, write_checked
    from graphmap.model.vocabulary import rubric_graph

    # a case that fails validation never reaches a store; one loaded from the same file is not checked again
    checked_rubric(rubric)
    given = use_vocabulary(vocabulary, where.vocabulary() if vocabulary is None else None)
    loaded = _check_with_progress(files, where.fingerprints())
    rubric_graph(rubric)  # nor does a rubric that fails its checks
    for item in loaded:
        for warning in item.warnings:
            say(f"warning: {warning}")
    with where.open(vocabulary=False) as target:
        write_checked(loaded, target, rubric, given)
    place = target.location
    if len(loaded) > LIST_UP_TO:
        same = sum(item.unchanged for item in loaded)
        written = len(loaded) - same
        say(f"loaded: {written} case{'s' * (written != 1)} ({sum(item.triples for item in loaded)} triples) in {place}"
             + (f"; {same} unchanged since they were loaded, not checked or written again" if same else ""))
        return
    for item in loaded:
        if item.unchanged:
            say(f"unchanged: {shown_name(item.case.path)} -> case {item.case.id}, as loaded before in {place} (not checked or written again)")
        else:
            say(f"loaded: {shown_name(item.case.path)} -> case {item.case.id} ({item.triples} triples) in {place}")


@app.command("queries")
@with_store
def list_queries(ctx: typer.Context, output: FormatOption = OutputFormat.table, where: StoreChoice = StoreChoice()) -> None:
    """List the named queries: for each, its name, title, parameters (key=value for --param) and
    the columns it answers (what --columns and --sort take); JSON and CSV add its kind (a
    SPARQL query with its Cypher twin, or a view computed from them).

    The catalogue is the same for every store; given a store option (--store, --backend...),
    the store is opened read-only and the cases it holds (what --param case= takes) are said
    on standard error. Example: graphmap queries --store ./store
    """
    from graphmap.query.catalogue import Result
    from graphmap.query.named import named_queries

    given = [name for name in ("backend", "store", "uri", "user", "database", "password_file")
             if getattr(ctx.get_parameter_source(name), "name", "") == "COMMANDLINE"]
    if given:
        with where.open(read_only=True) as source:
            cases = sorted(source.cases())
        say(f"cases in {source.location} (--param case=): {', '.join(cases) or 'none'}")

    rows = [{"name": q.name, "title": q.title, "parameters": list(q.parameters), "columns": list(q.columns),
             "kind": "view" if q.view else "sparql+cypher"} for q in named_queries().values()]
    result = Result("queries", ["name", "title", "parameters", "columns", "kind"], rows)
    typer.echo(render(result, output, ["name", "title", "parameters", "columns"] if output is OutputFormat.table else None,
                      chosen=True), nl=False)


def _parse_params(values: list[str]) -> dict[str, str]:
    params = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"{value!r}: write a parameter as key=value", param_hint="--param")
        params[key.strip()] = val.strip()
    return params


def _names(value: Optional[str], option: str) -> list[str]:
    """Comma-separated column names (``--columns``, ``--sort``)."""
    if value is None:
        return []
    names = [part.strip() for part in value.split(",")]
    if not all(names):
        raise ConfigError(f"{option}: {one_line(repr(value)[:100])}: give column names separated by commas")
    return names


@app.command()
@with_store
def query(
    name: Annotated[Optional[str], typer.Argument(help="A named query (see: graphmap queries).", autocompletion=complete_query_name)] = None,
    sparql: Annotated[Optional[str], typer.Option("--sparql", metavar="FILE|-|TEXT", help=(
        "Run this ad-hoc SPARQL query instead: a file, - for standard input, or the query itself (embedded store, "
        "read-only). The prefixes gm:, gmv:, rdf:, rdfs:, owl:, xsd:, skos:, dcterms:, prov:, org: and schema: are "
        "declared for you; SELECT and ASK answer a table, CONSTRUCT and DESCRIBE Turtle."))] = None,
    cypher: Annotated[Optional[str], typer.Option("--cypher", metavar="FILE|-|TEXT", help="Run this ad-hoc Cypher query instead: a file, - for standard input, or the query itself (Neo4j, read-only).")] = None,
    param: Annotated[list[str], typer.Option("--param", "-p", help="A parameter, key=value (repeatable).", autocompletion=complete_param)] = [],
    columns: Annotated[Optional[str], typer.Option("--columns", metavar="A,B,...", help="Only these columns, in this order (every format).", autocompletion=complete_column)] = None,
    sort: Annotated[Optional[str], typer.Option("--sort", metavar="A,-B", help="Order the rows by these columns, the first leading; -name for descending.", autocompletion=complete_column)] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="At most this many rows (after --sort).")] = None,
    allow_network: Annotated[bool, typer.Option("--allow-network", help="Let an ad-hoc query reach other servers or files (SPARQL SERVICE, Cypher LOAD CSV); refused otherwise.")] = False,
    output: FormatOption = OutputFormat.table,
    where: StoreChoice = StoreChoice(),
) -> None:
    """Run a named query (or an ad-hoc one) on the store, in a read-only transaction.

    A parameter value or a case the store does not hold is refused, with the closest ones; a
    value it holds that matches nothing answers an empty table. Tables lead with labels, say
    once above them a column that has one value on every row, and fit the width of the terminal
    (or COLUMNS), one record per block when the columns do not fit.
    Example: graphmap query role-typology --param case=sante-publique-2026 --sort typology --columns label,typology
    """
    from graphmap.model.vocabulary import PREFIXES
    from graphmap.query.adhoc import GraphAnswer, declared_prefixes, run_adhoc
    from graphmap.query.named import check_case, check_columns, check_parameter_names, check_values, named_query, run_query
    from graphmap.cli.render import compact_iris, shaped

    params = _parse_params(param)
    adhoc = [(lang, given) for lang, given in (("sparql", sparql), ("cypher", cypher)) if given is not None]
    if (name is None) == (not adhoc) or len(adhoc) > 1:
        raise typer.BadParameter("give a query NAME, or one of --sparql / --cypher (a file, - or the query text)")
    picked, order = _names(columns, "--columns"), _names(sort, "--sort")
    named = None
    if name is not None:
        named = named_query(name)
        check_parameter_names(named, params)
        check_columns(picked, named.columns, "--columns")
        check_columns(order, named.columns, "--sort")
    case_id(params.get("case"), "--param case")
    if adhoc:
        language, given = adhoc[0]
        text = query_text(given, f"--{language}")  # read before the store is opened: a mistake there costs nothing
    with where.open(read_only=True) as source:
        if adhoc:
            result = run_adhoc(source, language, text, params, allow_network=allow_network)
        else:
            check_case(source, params.get("case"))
            result = run_query(source, name, params)
            check_values(source, named, params, result)
    if isinstance(result, GraphAnswer):
        if picked or order or limit:
            raise ConfigError("--columns, --sort and --limit choose among rows; a CONSTRUCT or DESCRIBE answers a graph (Turtle)")
        say(f"{result.triples} triple{'s' * (result.triples != 1)} (Turtle)")
        typer.echo(terminal_safe(result.turtle) if sys.stdout.isatty() else result.turtle, nl=False)
        return
    if named is None:
        check_columns(picked, result.columns, "--columns")
        check_columns(order, result.columns, "--sort")
    total = len(result.rows)
    result = shaped(result, picked or None, order, limit)
    if adhoc and output is OutputFormat.table and language == "sparql":
        result = compact_iris(result, {**PREFIXES, **declared_prefixes(text)})
    typer.echo(render(result, output, chosen=bool(picked), total=total), nl=False, color=True)  # render decides what is safe


@app.command()
def schema() -> None:
    """Print the JSON Schema of case files (point your editor at it).

    Example: graphmap schema > case.schema.json
    """
    from graphmap.model.caseformat import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@app.command()
def shapes(write: Annotated[bool, typer.Option("--write", help="Rewrite ontology/generated/shapes.ttl of a source checkout (refused in an installed package).")] = False) -> None:
    """Print the SHACL shapes derived from the case format (or rewrite ontology/generated/shapes.ttl).

    Example: graphmap shapes --write
    """
    from graphmap.intake.shapes import render_shapes, write_shapes

    if write:
        say(f"wrote {shown_name(write_shapes())}")
    else:
        typer.echo(render_shapes(), nl=False)


ExportFormat = Enum("ExportFormat", {name: name for name in ("ttl", "nt", "jsonld", "rdfxml", "graphml", "gexf", "csv")}, type=str)


@app.command()
@with_store
def export(
    case: Annotated[Optional[str], typer.Option("--case", help="Only this case (default: every case).", autocompletion=complete_case)] = None,
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="ttl, nt, jsonld, rdfxml (RDF); graphml, gexf (Gephi, Cytoscape); csv (a folder of tables).")] = "ttl",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="File (or folder, for csv) to write; RDF goes to standard output without it.")] = None,
    pseudonymise: Annotated[bool, typer.Option("--pseudonymise", help="Replace organisation, unit and site names, e-mails and phone numbers by stable pseudonyms.")] = False,
    salt: Annotated[Optional[str], typer.Option("--salt", envvar="GRAPHMAP_SALT", help="Secret salt of the pseudonyms (same salt, same pseudonyms).")] = None,
    verdicts: Annotated[bool, typer.Option("--verdicts/--no-verdicts", help="Include the derived verdicts (RDF: their graphs; GraphML, GEXF, CSV: attributes of tasks, posts and roles).")] = True,
    evidence: Annotated[bool, typer.Option("--evidence/--no-evidence", help="GraphML, GEXF, CSV: keep the quotes and source sections as nodes (--no-evidence leaves them out of the network; RDF keeps everything).")] = True,
    where: StoreChoice = StoreChoice(),
) -> None:
    """Export the loaded cases (from either backend) as RDF, GraphML, GEXF or CSV tables, with their verdicts.

    Example: graphmap export --backend neo4j --case sante-publique-2026 --format ttl
    """
    from graphmap.outputs.export import check_out, export_graph, write_export

    fmt = output_format.value if isinstance(output_format, Enum) else output_format
    if pseudonymise and not salt:
        raise typer.BadParameter("give a secret --salt (or GRAPHMAP_SALT) to pseudonymise", param_hint="--salt")
    case_id(case, "--case")
    check_out(fmt, out)  # before the store is read: a wrong --out costs nothing
    with where.open(read_only=True) as source, status("reading the graph"):
        graph = export_graph(source, case, verdicts=verdicts)
    if pseudonymise:
        from graphmap.outputs.pseudonymise import pseudonymise as pseudonymise_graph
        from graphmap.model.vocabulary import GM

        dropped = [t for p in (GM.reviewer, GM.reviewReason) for t in graph.triples((None, p, None))]
        for triple in dropped:  # reviewers are people: their names and words stay out of a pseudonymised export
            graph.remove(triple)
        if dropped:
            say(f"pseudonymised: {len(dropped)} reviewer names and review reasons left out")

        done = pseudonymise_graph(graph, salt)
        graph = done.graph
        for line in done.report():
            say(f"pseudonymised: {line}")
    with status(f"writing {fmt}"):
        text = write_export(graph, fmt, out, evidence=evidence)
    if text is None:
        say(f"wrote {len(graph)} triples as {fmt} to {shown_name(out)}")
    else:
        typer.echo(text, nl=False)


class ExplainFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("explain")
@with_store
def explain_command(
    entity: Annotated[str, typer.Argument(help="The id of a task, a post or a role.", autocompletion=complete_entity)],
    case: Annotated[Optional[str], typer.Option("--case", help="The case, when the id exists in several.", autocompletion=complete_case)] = None,
    output: Annotated[ExplainFormat, typer.Option("--format", "-f", help="Output format.")] = ExplainFormat.text,
    where: StoreChoice = StoreChoice(),
) -> None:
    """Explain a verdict: the rule, the criteria met and missed, the facts with their sections and quotes.

    Example: graphmap explain tache-tri-archives
    """
    from graphmap.analysis.explain import explain

    case_id(case, "--case")
    with where.open(read_only=True) as source:
        try:
            result = explain(source, entity, case)
        except GraphMapError as exc:
            raise _with_entity_suggestions(exc, source, entity, case) from None
    if output is ExplainFormat.json:
        text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
        typer.echo(terminal_safe(text, json_text=True) if sys.stdout.isatty() else text)
    else:
        typer.echo(terminal_safe(result.to_text()), nl=False)  # text is for reading: never a terminal command


def _with_entity_suggestions(exc: GraphMapError, source, entity: str, case: Optional[str]) -> GraphMapError:
    """An unknown entity id, with the closest ids of the store (did you mean)."""
    from graphmap.query.named import did_you_mean, run_query

    if not str(exc).startswith("no entity"):
        return exc
    try:
        params = {"case": case} if case else {}
        ids = {row["entity"] for row in run_query(source, "evidence", params).rows}
    except GraphMapError:
        return exc
    close = did_you_mean(entity, ids)
    return type(exc)(f"{exc}{close}") if close else exc


rubric_app = typer.Typer(no_args_is_help=False)  # its help is the callback's docstring
app.add_typer(rubric_app, name="rubric")


@rubric_app.callback(invoke_without_command=True)
@with_store
def rubric(
    ctx: typer.Context,
    copy_to: Annotated[Optional[Path], typer.Option("--copy-to", help="Write the default rubric (Turtle) there, to edit and load with --rubric.")] = None,
    output: FormatOption = OutputFormat.table,
    where: StoreChoice = StoreChoice(),
) -> None:
    """Show the rubric in force in the store (or copy the default one to edit it); check it
    against the human reviews (check), or see what another rubric would change (diff).

    Example: graphmap rubric --copy-to my-rubric.ttl && graphmap rubric diff my-rubric.ttl
    """
    from graphmap.query.named import run_query
    from graphmap.resources import data_dir
    from graphmap.model.vocabulary import RUBRIC_FILE

    if ctx.invoked_subcommand is not None:
        return
    if copy_to is not None:
        write_file(copy_to, (data_dir("ontology") / RUBRIC_FILE).read_text(encoding="utf-8"), "--copy-to")
        shown = shown_name(copy_to)
        say(f"wrote {shown}; edit it, then: graphmap rubric diff {shown}, and graphmap load cases/ --rubric {shown}")
        return
    with where.open(read_only=True) as source:
        result = run_query(source, "rubric")
    typer.echo(render(result, output), nl=False, color=True)  # render decides what is safe; never strip data


def _two_tables(first, second, output: OutputFormat) -> None:
    """A summary and its details: one JSON object, or two tables (CSV: the details only)."""
    if output is OutputFormat.json:
        text = json.dumps({"summary": first.rows, "details": second.rows}, ensure_ascii=False, indent=2) + "\n"
        typer.echo(terminal_safe(text, json_text=True) if sys.stdout.isatty() else text, nl=False)
    elif output is OutputFormat.csv:
        typer.echo(render(second, output), nl=False, color=True)
    else:
        typer.echo(render(first, output), nl=False, color=True)
        if second.rows:
            typer.echo(render(second, output), nl=False, color=True)


@rubric_app.command("check")
@with_store
def rubric_check(
    rubric_file: RubricOption = None,
    output: FormatOption = OutputFormat.table,
    where: StoreChoice = StoreChoice(),
) -> None:
    """Agreement between the rule's proposals and the human reviews over the loaded cases.

    Counts, percentage and Cohen's kappa per question, then each disagreement with the rule's
    reason and the reviewer's. With --rubric, the proposals are those another rubric would make.
    Example: graphmap rubric check --rubric my-rubric.ttl
    """
    from graphmap.analysis.calibrate import agreement
    from graphmap.derivation.engine import Rule
    from graphmap.model.vocabulary import rubric_graph

    rule = Rule.from_graph(rubric_graph(checked_rubric(rubric_file))) if rubric_file is not None else None
    with where.open(read_only=True) as source:
        result = agreement(source, rule)
    _two_tables(result.summary, result.disagreements, output)


@rubric_app.command("diff")
@with_store
def rubric_diff_command(
    rubric_file: Annotated[Path, typer.Argument(help="Another rubric file (Turtle), to compare with the one in force.")],
    output: FormatOption = OutputFormat.table,
    where: StoreChoice = StoreChoice(),
) -> None:
    """Which verdicts, AI-fit classes and typologies another rubric would change, before adopting it.

    Nothing is written: adopt the file with graphmap load cases/ --rubric FILE.
    Example: graphmap rubric diff my-rubric.ttl
    """
    from graphmap.analysis.calibrate import rubric_diff
    from graphmap.derivation.engine import Rule
    from graphmap.model.vocabulary import rubric_graph

    other = Rule.from_graph(rubric_graph(checked_rubric(rubric_file, "rubric diff")))
    with where.open(read_only=True) as source:
        summary, changes = rubric_diff(source, other)
    _two_tables(summary, changes, output)


class QuestionsFormat(str, Enum):
    md = "md"
    json = "json"


@app.command("questions")
@with_store
def questions_command(
    case: Annotated[Optional[str], typer.Option("--case", help="Only this case.", autocompletion=complete_case)] = None,
    post: Annotated[Optional[str], typer.Option("--post", help="Only the tasks of this post (or role).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the questions: fr or en.")] = "fr",
    output: Annotated[QuestionsFormat, typer.Option("--format", "-f", help="Output format.")] = QuestionsFormat.md,
    where: StoreChoice = StoreChoice(),
) -> None:
    """The next interview's questions: the facts that would settle the undetermined verdicts.

    Grouped by post and task, ordered by how many verdicts each answer would settle, worded to
    be read out, with the study sections they complete.
    Example: graphmap questions --case sante-publique-2026 --lang en
    """
    from graphmap.analysis.questions import next_questions, questions_json, questions_markdown

    case_id(case, "--case")
    with where.open(read_only=True) as source:
        found = next_questions(source, case, post, lang)  # an unknown --lang is one located line from there
    text = questions_json(found) if output is QuestionsFormat.json else questions_markdown(found, lang)
    typer.echo(terminal_safe(text, json_text=output is QuestionsFormat.json) if sys.stdout.isatty() else text, nl=False)


@app.command("review")
@with_store
def review_command(
    entity: Annotated[Optional[str], typer.Argument(help="The task, post or role whose verdict you review; omit to list every verdict.", autocompletion=complete_entity)] = None,
    accept: Annotated[bool, typer.Option("--accept", help="Confirm the proposed verdict.")] = False,
    override: Annotated[Optional[str], typer.Option("--override", help="Replace it: true/false for a task, effective-user/exploring/not-concerned for a post or role.")] = None,
    why: Annotated[str, typer.Option("--why", help="Justification (required with --accept or --override).")] = "",
    by: Annotated[str, typer.Option("--by", help="Who reviews (required with --accept or --override).")] = "",
    case: Annotated[Optional[str], typer.Option("--case", help="Only this case (or: the case of the id).", autocompletion=complete_case)] = None,
    output: FormatOption = OutputFormat.table,
    where: StoreChoice = StoreChoice(),
) -> None:
    """List the proposed verdicts with their review, or confirm or override one.

    Reviews are kept with who, when, why and the rule version, survive reloading the case, and
    are flagged needs-review when the facts or the rubric behind the verdict change.
    Example: graphmap review tache-tri-archives --override true --why "rules are explicit" --by "A. Martin"
    """
    from graphmap.analysis.review import record_review, review_list

    case_id(case, "--case")
    with where.open(read_only=entity is None) as target:
        if entity is None:
            from graphmap.query.named import check_case

            check_case(target, case, "--case")
            result = review_list(target, case)
        else:
            done = record_review(target, entity, accept=accept, override=override, why=why, by=by, case=case)
            say(f"recorded: {done.entity} ({done.case}) {done.question}: proposed {done.proposed}, reviewed {done.reviewed}, by {done.by}")
            return
    typer.echo(render(result, output), nl=False, color=True)  # render decides what is safe; never strip data


@app.command()
def synth(
    cases: Annotated[int, typer.Option("--cases", min=1, help="How many case files.")] = 10,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same files.")] = 1,
    out: Annotated[Path, typer.Option("--out", help="Folder to write the case files into.")] = Path("synth"),
    shape: Annotated[str, typer.Option("--shape", help="realistic: cases of the seed's size and shape (~2,000 triples, "
                                       "shared products, every verdict); small: the earlier ~380-triple cases.")] = "realistic",
    editions: Annotated[int, typer.Option("--editions", min=1, max=10, help="Write each organisation in this many editions, a year "
                                          "apart (what moved between them: the barometer report's section).")] = 1,
) -> None:
    """Write a synthetic barometer: case files of the seed study's size and shape, in a dozen sectors.

    Example: graphmap synth --cases 100 --seed 7 --out /tmp/barometre && graphmap load /tmp/barometre
    """
    from graphmap.synth import SHAPES, write_barometer

    if shape not in SHAPES:
        raise typer.BadParameter(f"{shape!r} is not one of {', '.join(SHAPES)}", param_hint="--shape")
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {shown_name(out)}: is a file; give a folder to write the case files into")
    try:
        paths = write_barometer(cases, seed, out, shape=shape, editions=editions)
    except OSError as exc:
        raise ConfigError(f"--out {shown_name(exc.filename or out)}: {exc.strerror or exc}") from None
    say(f"wrote {len(paths)} {shape} case files to {shown_name(out)}")


ANALYSE_COLUMNS = {
    "standardisable-tasks": ["case", "task", "holder", "score", "verdict", "blocking", "constraints", "non_ai_levers", "sources"],
    "role-typology": ["case", "kind", "id", "label", "typology", "review", "reason", "sources"],
    "blocking-constraints": ["case", "constraint", "type", "blocks_ai_tools", "tasks_blocked", "holders_blocked", "holders"],
}


@app.command()
@with_store
def analyse(
    path: Annotated[Path, typer.Argument(help="A case file or a folder of case files.")] = Path("cases"),
    rubric: RubricOption = None,
    vocabulary: VocabularyOption = None,
    output: FormatOption = OutputFormat.table,
    graph: Annotated[bool, typer.Option("--graph", help="Add graph analytics: blocking constraints, capsule reach, similar posts and roles.")] = False,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", metavar="DIR", help="Write one file per table into this folder (NAME.csv, NAME.json or NAME.txt) instead of standard output; needed for --format csv, which is one CSV per table.")] = None,
    where: StoreChoice = StoreChoice(),
) -> None:
    """The main job: validate and load the cases, then show standardisable tasks and the role typology.

    Ends with what to run next (explain a verdict, write the report). With --format csv each
    table is its own CSV file: give --out DIR.
    Example: graphmap analyse cases/ --graph
    """
    from graphmap.intake.load import use_vocabulary, write_checked
    from graphmap.query.named import run_query
    from graphmap.model.vocabulary import rubric_graph

    names = ["standardisable-tasks", "role-typology"]
    if graph:
        names += ["blocking-constraints", "capsule-reach", "similar-holders"]
    if output is OutputFormat.csv and out is None:  # checked before anything is loaded
        raise ConfigError(f"--format csv writes one CSV per table ({len(names)} tables): give --out DIR to write "
                          f"{', '.join(n + '.csv' for n in names)} there")
    if out is not None:
        out_folder(out, "--out")
    checked_rubric(rubric)
    given = use_vocabulary(vocabulary, where.vocabulary() if vocabulary is None else None)
    loaded = _check_with_progress([path], where.fingerprints())
    rubric_graph(rubric)
    with where.open(vocabulary=False) as target:
        write_checked(loaded, target, rubric, given)
        say(f"loaded {len(loaded)} case(s) into {target.location}")
        results = [run_query(target, name) for name in names]
    if out is not None:
        out_folder(out, "--out", create=True)
        suffix = {"csv": "csv", "json": "json"}.get(output.value, "txt")
        for result in results:
            text = (json.dumps(result.rows, ensure_ascii=False, indent=2) + "\n" if output is OutputFormat.json
                    else _file_text(result, output, ANALYSE_COLUMNS.get(result.query)))
            write_file(out / f"{result.query}.{suffix}", text, "--out")
        say(f"wrote {', '.join(f'{r.query}.{suffix}' for r in results)} to {shown_name(out)}")
    elif output is OutputFormat.json:
        typer.echo(json.dumps({r.query: r.rows for r in results}, ensure_ascii=False, indent=2))
    else:
        for result in results:
            typer.echo(render(result, output, ANALYSE_COLUMNS.get(result.query)), nl=False)
    say(_next_steps(results, [item.case.id for item in loaded]))


def _file_text(result, output: OutputFormat, columns) -> str:
    """A table written to a file: CSV exact; a text table at the width of a terminal (COLUMNS)."""
    from graphmap.cli.render import csv_text, table_text

    return csv_text(result) if output is OutputFormat.csv else table_text(result, columns or result.columns)


def _next_steps(results, cases: list[str]) -> str:
    """What to run after the main job: explain one of its verdicts, write a case's report."""
    tasks = next((r.rows for r in results if r.query == "standardisable-tasks"), [])
    chosen = (next((row for row in tasks if row.get("verdict") == "standardisable"), None)
              or next(iter(tasks), None))
    case = (chosen or {}).get("case") or (cases[0] if cases else None)
    steps = []
    if chosen:
        steps.append(f"graphmap explain {chosen['task']}" + (f" --case {case}" if len(cases) > 1 else "")
                     + "   (why this verdict, and what would change it)")
    if case:
        steps.append(f"graphmap report --case {case} --out report.html   (the case as one HTML page)")
    steps.append("graphmap questions" + (f" --case {case}" if case else "") + "   (what the next interview should ask)")
    return "next:\n" + "\n".join("  " + step for step in steps)


app.add_typer(ontology_app, name="ontology")
app.add_typer(reference_app, name="reference")
app.add_typer(workbook_app, name="workbook")
app.add_typer(vocabulary_app, name="vocabulary")
app.command()(report)
app.command()(fit)


def main() -> None:
    """Entry point: user mistakes become one line per problem on stderr and exit code 2.

    Usage mistakes (an unknown option, a value of the wrong type, a missing argument) are one
    line too, naming the command's help; a case file's problems are one line each.
    """
    # A command builds hundreds of thousands of small objects (triples, terms, rows) and frees
    # few before it ends; CPython's collector, run every 700 new ones and scanning ever more of
    # them, took 10-20 % of a 1 MB load. The modules loaded so far live until exit (frozen: no
    # scan sees them again), and the collector runs every 100,000 new objects (cycles are still
    # collected). Only the command line does this: the API leaves its host's collector alone.
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    ClickException, NoArgsIsHelpError = _click_exceptions()
    found = flag_given_a_value(typer.main.get_command(app), sys.argv[1:])
    if found:
        flag, word = found
        print(f"graphmap: {flag} is a flag and takes no value: write {flag} alone to turn it on, leave it out to "
              f"keep it off ({one_line(repr(word))} would be read as the next argument)", file=sys.stderr)
        sys.exit(2)
    try:
        code = app(standalone_mode=False)
    except GraphMapError as exc:
        # A case's problems are located, ``file:line: field: message`` (the file quoted if its name
        # would break that form: errors.shown_name); any other error is one line of its own.
        lines = [str(problem) for problem in exc.problems] if isinstance(exc, CaseError) else [f"graphmap: {one_line(str(exc))}"]
        for line in lines:
            print(_USERINFO.sub("***@", line), file=sys.stderr)  # a password written in a URI never reaches the terminal
        sys.exit(exc.exit_code)
    except NoArgsIsHelpError as exc:  # the help was printed
        sys.exit(exc.exit_code)
    except ClickException as exc:
        ctx = getattr(exc, "ctx", None)
        where = f" (see: {ctx.command_path} --help)" if ctx is not None else ""
        line = _USERINFO.sub("***@", one_line(" ".join(exc.format_message().split("\n"))))
        print(f"graphmap: {line}{where}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("graphmap: aborted", file=sys.stderr)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _click_exceptions():
    """Click's base exception and its "no arguments: help" (vendored by recent typer versions)."""
    try:
        from typer._click import exceptions
    except ImportError:
        from click import exceptions
    return exceptions.ClickException, getattr(exceptions, "NoArgsIsHelpError", ())


_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")
