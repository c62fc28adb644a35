"""Reference data: published measures of occupations' and tasks' exposure to generative AI.

The datasets graphmap ships are listed in ``reference/datasets.yaml`` with their licence,
source, commit and citation; an analyst may add another of the same shape (a CSV or TSV keyed
by O*NET-SOC code, SOC code or O*NET task id). Each becomes an RDF graph of its own, never
mixed with a case's: the dataset (``gm:ReferenceDataset``, with its attribution), one
``gm:Measure`` per measured column (with its lower and upper quartiles, which say what "little"
and "highly" exposed mean in that dataset), one ``gm:Score`` per row and measure, and for task
datasets one ``gm:TaskStatement`` per O*NET task. Scores carry the codes as strings
(``gm:occupationCode``, ``gm:socCode``, ``gm:taskStatementId``): a case's role links to an
O*NET-SOC occupation IRI and its task to an O*NET task IRI (``ONET_TASK``), and the
``exposure-gap`` query joins on the code.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
import io
import re
import statistics
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from graphmap.errors import CaseError, Problem
from graphmap.resources import data_dir, safe_yaml_loader

__all__ = ["Dataset", "Table", "shipped_datasets", "dataset_ntriples", "known_task_ids", "known_occupations",
           "read_user_dataset", "link_problem", "shipped_task_statements", "ONET_TASK", "ONET_OCCUPATION", "REFERENCE_BASE", "KEYS", "occupation_code",
           "task_statement_id"]

REFERENCE_BASE = "https://w3id.org/graphmap/reference/"
ONET_TASK = REFERENCE_BASE + "onet-task/"  # + task id: the IRI a case's task links to
ONET_OCCUPATION = "https://www.onetonline.org/link/summary/"  # + O*NET-SOC code: what cases already use
KEYS = {  # key kind -> the pattern of its values
    "onet-soc": re.compile(r"\d{2}-\d{4}\.\d{2}"),
    "soc": re.compile(r"\d{2}-\d{4}"),
    "onet-task": re.compile(r"[1-9]\d{0,7}"),
}
NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
MAX_BYTES = 16 * 1024 * 1024  # a reference table is at most 16 MiB (the largest shipped: 2.5 MB)
MAX_ROWS = 200_000

_GM = "https://w3id.org/graphmap/ontology#"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_DCT = "http://purl.org/dc/terms/"
_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


@dataclass(frozen=True)
class Table:
    file: str
    key: str  # onet-soc | soc | onet-task
    key_column: str
    label_column: str | None = None
    occupation_column: str | None = None  # task tables: the O*NET-SOC code of each task
    measures: dict[str, str] = field(default_factory=dict)  # numeric column -> definition
    categories: dict[str, str] = field(default_factory=dict)  # class column -> definition


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    citation: str
    licence: str
    licence_iri: str | None
    source: str
    commit: str | None
    folder: Path
    tables: tuple[Table, ...]
    shipped: bool = True

    @property
    def iri(self) -> str:
        return f"{REFERENCE_BASE}{self.name}"

    def attribution(self) -> str:
        """One line a reader needs: who, what, under which licence, from where."""
        at = f" at commit {self.commit[:12]}" if self.commit else ""
        return f"{self.citation}. Licence: {self.licence}. Source: {self.source}{at}."


@cache
def shipped_datasets() -> dict[str, Dataset]:
    """The datasets of ``reference/datasets.yaml``, by name."""
    folder = data_dir("reference")
    spec = yaml.load((folder / "datasets.yaml").read_text(encoding="utf-8"), Loader=safe_yaml_loader())
    out = {}
    for name, entry in spec.items():
        commit_file = folder / name / "COMMIT"
        tables = tuple(Table(**{k: v for k, v in t.items() if k != "reduced"}) for t in entry["tables"])
        out[name] = Dataset(name, entry["title"], entry["citation"], entry["licence"], entry.get("licence_iri"),
                            entry["source"], commit_file.read_text(encoding="ascii").strip() if commit_file.exists() else None,
                            folder / name, tables)
    return out


def occupation_code(iri: str) -> str | None:
    """The O*NET-SOC code an occupation IRI of a case names (``…/summary/43-6014.00``), or None."""
    if iri.startswith(ONET_OCCUPATION):
        code = iri[len(ONET_OCCUPATION):]
        return code if KEYS["onet-soc"].fullmatch(code) else None
    return None


def task_statement_id(iri: str) -> str | None:
    """The O*NET task id a task IRI of a case names (``ONET_TASK + "8823"``), or None."""
    if iri.startswith(ONET_TASK):
        tid = iri[len(ONET_TASK):]
        return tid if KEYS["onet-task"].fullmatch(tid) else None
    return None


def link_problem(iri: str) -> str | None:
    """What is wrong with a case's link to an O*NET occupation or task statement, or None.

    A task statement must be one of the shipped datasets' (an unknown id would silently match
    nothing); an occupation IRI must carry a well-formed O*NET-SOC code. A well-formed code the
    datasets do not score is allowed: it simply gets no score (never a score of zero)."""
    if iri.startswith(ONET_TASK):
        tid = iri[len(ONET_TASK):]
        if not KEYS["onet-task"].fullmatch(tid):
            return f"{tid[:40]!r} is not an O*NET task id (for instance {ONET_TASK}8823)"
        if tid not in known_task_ids():
            return f"O*NET task {tid} is not a task statement of the reference data (graphmap reference list)"
    elif iri.startswith(ONET_OCCUPATION) and occupation_code(iri) is None:
        return (f"{iri[len(ONET_OCCUPATION):][:40]!r} is not an O*NET-SOC code "
                f"(for instance {ONET_OCCUPATION}43-6014.00)")
    return None


def _rows(path: Path, shown: str, table: Table) -> list[tuple[int, dict[str, str]]]:
    """The rows of a table with their line numbers, every problem located (``file:line: column``)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CaseError([Problem(shown, 1, "file", f"cannot read: {exc.strerror}")]) from None
    if not path.is_file():
        raise CaseError([Problem(shown, 1, "file", "not a regular file")])
    if size > MAX_BYTES:
        raise CaseError([Problem(shown, 1, "file", f"{size} bytes; a reference table is at most {MAX_BYTES} bytes")])
    data = path.read_bytes()
    if b"\x00" in data:
        raise CaseError([Problem(shown, 1, "file", "binary data, not a CSV or TSV table")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CaseError([Problem(shown, line, "file", "not UTF-8 text")]) from None
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise CaseError([Problem(shown, 1, "file", "empty table: a header line is needed")]) from None
    except csv.Error as exc:
        raise CaseError([Problem(shown, 1, "file", f"not a readable table: {exc}")]) from None
    wanted = [table.key_column, *table.measures, *table.categories]
    wanted += [c for c in (table.label_column, table.occupation_column) if c]
    missing = [c for c in wanted if c not in header]
    if missing:
        raise CaseError([Problem(shown, 1, missing[0], f"no such column; the header has: {', '.join(header)[:300]}")])
    index = {c: header.index(c) for c in wanted}
    rows, seen = [], {}
    try:
        for row in reader:
            line = reader.line_num
            if len(rows) >= MAX_ROWS:
                raise CaseError([Problem(shown, line, "file", f"more than {MAX_ROWS} rows")])
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise CaseError([Problem(shown, line, "row", f"{len(row)} cells where the header has {len(header)}")])
            values = {c: row[i].strip() for c, i in index.items()}
            key = values[table.key_column]
            if not KEYS[table.key].fullmatch(key):
                raise CaseError([Problem(shown, line, table.key_column,
                                         f"{key[:40]!r} is not a {table.key} code (for instance {_EXAMPLE[table.key]})")])
            if key in seen:
                raise CaseError([Problem(shown, line, table.key_column, f"{key} already on line {seen[key]}")])
            seen[key] = line
            for column in table.measures:
                if values[column] == "":
                    continue  # not measured for this row: no score, never a zero
                try:
                    number = float(values[column])
                except ValueError:
                    number = float("nan")
                if number != number or number in (float("inf"), float("-inf")):
                    raise CaseError([Problem(shown, line, column, f"{values[column][:40]!r} is not a number")])
            rows.append((line, values))
    except csv.Error as exc:
        raise CaseError([Problem(shown, reader.line_num, "row", f"not a readable table: {exc}")]) from None
    return rows


_EXAMPLE = {"onet-soc": "43-6014.00", "soc": "43-6014", "onet-task": "8823"}


def _literal(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))
    return f'"{escaped}"'


def dataset_ntriples(dataset: Dataset) -> list[str]:
    """The dataset as N-Triples lines: its attribution, measures, scores and task statements."""
    gm = lambda local: f"<{_GM}{local}>"  # noqa: E731
    ds = f"<{dataset.iri}>"
    lines = [f"{ds} {_RDF_TYPE} {gm('ReferenceDataset')} .",
             f"{ds} <{_DCT}title> {_literal(dataset.title)}@en .",
             f"{ds} <{_DCT}bibliographicCitation> {_literal(dataset.citation)} .",
             f"{ds} <{_DCT}rights> {_literal(dataset.licence)} .",
             f"{ds} <http://www.w3.org/ns/prov#wasDerivedFrom> <{dataset.source}> .",
             f"{ds} <{_DCT}identifier> {_literal(dataset.name)} ."]
    if dataset.licence_iri:  # as text: dcterms:license is an annotation of the ontology (a node property in Neo4j)
        lines.append(f"{ds} <{_DCT}license> {_literal(dataset.licence_iri)} .")
    if dataset.commit:
        lines.append(f"{ds} <http://www.w3.org/2002/07/owl#versionInfo> {_literal(dataset.commit)} .")
    for table in dataset.tables:
        rows = _rows(dataset.folder / table.file, f"{dataset.name}/{table.file}", table)
        for column, definition in {**table.measures, **table.categories}.items():
            measure = f"<{dataset.iri}/measure/{_slug(column)}>"
            lines += [f"{measure} {_RDF_TYPE} {gm('Measure')} .",
                      f"{measure} {_LABEL} {_literal(column)} .",
                      f"{measure} <http://www.w3.org/2004/02/skos/core#definition> {_literal(definition)}@en .",
                      f"{measure} {gm('inDataset')} {ds} ."]
            if column in table.measures:
                values = [float(v[column]) for _, v in rows if v[column] != ""]
                if len(values) >= 2:
                    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
                    lines += [f'{measure} {gm("lowerQuartile")} "{_four(q1)}"^^<{_DECIMAL}> .',
                              f'{measure} {gm("upperQuartile")} "{_four(q3)}"^^<{_DECIMAL}> .']
        for _, values in rows:
            key = values[table.key_column]
            codes = _codes(table, values)
            if table.key == "onet-task":
                statement = f"<{ONET_TASK}{key}>"
                lines += [f"{statement} {_RDF_TYPE} {gm('TaskStatement')} .",
                          f"{statement} {gm('taskStatementId')} {_literal(key)} .",
                          f"{statement} {gm('inDataset')} {ds} ."]
                lines += [f"{statement} {gm(p)} {_literal(c)} ." for p, c in codes]
                if table.label_column and values[table.label_column]:
                    lines.append(f"{statement} {_LABEL} {_literal(values[table.label_column])}@en .")
            for column in (*table.measures, *table.categories):
                value = values[column]
                if value == "":
                    continue
                score = f"<{dataset.iri}/score/{key}/{_slug(column)}>"
                lines += [f"{score} {_RDF_TYPE} {gm('Score')} .",
                          f"{score} {gm('ofMeasure')} <{dataset.iri}/measure/{_slug(column)}> ."]
                if column in table.measures:
                    lines.append(f'{score} {gm("scoreValue")} "{_four(float(value))}"^^<{_DECIMAL}> .')
                else:
                    lines.append(f"{score} {gm('scoreCategory')} {_literal(value)} .")
                if table.key == "onet-task":
                    lines.append(f"{score} {gm('taskStatementId')} {_literal(key)} .")
                else:
                    lines += [f"{score} {gm(p)} {_literal(c)} ." for p, c in codes]
                    if table.label_column and values[table.label_column]:
                        lines.append(f"{score} {_LABEL} {_literal(values[table.label_column])}@en .")
    return lines


def _four(value: float) -> str:
    """A published value kept to four decimals, rounded half up: what every query, band and
    report uses, the same on both stores (Neo4j and Python round halves differently)."""
    return str(Decimal(repr(value)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def _codes(table: Table, values: dict[str, str]) -> list[tuple[str, str]]:
    """The occupation codes of a row: the O*NET-SOC code (if known) and its SOC code."""
    code = values[table.occupation_column] if table.occupation_column else values[table.key_column]
    if table.key == "soc":
        return [("socCode", code)]
    if not KEYS["onet-soc"].fullmatch(code):
        return []
    return [("occupationCode", code), ("socCode", code[:7])]


def _slug(column: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", column).strip("-") or "measure"


@cache
def shipped_task_statements() -> dict[str, dict[str, str]]:
    """O*NET task id -> its row in the shipped task tables (text, occupation, labels)."""
    out: dict[str, dict[str, str]] = {}
    for dataset in shipped_datasets().values():
        for table in dataset.tables:
            if table.key == "onet-task":
                for _, values in _rows(dataset.folder / table.file, table.file, table):
                    out.setdefault(values[table.key_column], {}).update(values)
    return out


def known_task_ids() -> frozenset[str]:
    """The O*NET task ids of the shipped task tables (what a case's task may link to)."""
    return frozenset(shipped_task_statements())


@cache
def known_occupations() -> frozenset[str]:
    """The O*NET-SOC codes of the shipped tables."""
    codes = set()
    for dataset in shipped_datasets().values():
        for table in dataset.tables:
            if table.key == "onet-soc" or table.occupation_column:
                column = table.occupation_column or table.key_column
                codes.update(v[column] for _, v in _rows(dataset.folder / table.file, table.file, table))
    return frozenset(codes)


def read_user_dataset(path: Path, name: str, key: str, key_column: str, measures: list[str], *,
                      categories: list[str] = (), label_column: str | None = None, citation: str, licence: str,
                      source: str, title: str | None = None) -> Dataset:
    """An analyst's own dataset of the same shape, checked row by row (located errors)."""
    shown = str(path)
    if not NAME.fullmatch(name) or name in shipped_datasets():
        why = "a shipped dataset's name" if name in shipped_datasets() else "lower-case letters, digits and dashes"
        raise CaseError([Problem(shown, 1, "name", f"{name[:40]!r} cannot name a dataset ({why})")])
    if key not in KEYS:
        raise CaseError([Problem(shown, 1, "key", f"{key[:40]!r}: use one of {', '.join(KEYS)}")])
    for what, text in (("citation", citation), ("licence", licence)):
        if not text.strip():
            raise CaseError([Problem(shown, 1, what, "required: a reused dataset says whose it is and on what terms")])
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", source):
        raise CaseError([Problem(shown, 1, "source", f"{source[:60]!r} is not an http(s) address")])
    if not measures and not categories:
        raise CaseError([Problem(shown, 1, "measures", "name at least one measured column")])
    table = Table(path.name, key, key_column, label_column, None, {m: f"{m} ({name})" for m in measures},
                  {c: f"{c} ({name})" for c in categories})
    _rows(path, shown, table)  # every problem found before anything is written
    return Dataset(name, title or name, citation.strip(), licence.strip(), None, source, None, path.parent, (table,),
                   shipped=False)
