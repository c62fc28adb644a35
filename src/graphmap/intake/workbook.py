"""Read a case workbook (``graphmap workbook new`` / ``write``) into a YAML case file.

The workbook's cells become the document of a case file; that document is written as YAML and
checked by ``casefile.parse_case_text``, the one check of every case, and each problem it finds
is taken back to its cell: ``case.xlsx:Tâches!D12: tâche de: unknown id 'poste-x'``.

What only a workbook can get wrong is refused here, before: a file that is no .xlsx workbook
(not a zip, an .xls, an .ods, a macro-enabled workbook), too large, a sheet or a column the
layout does not know, a formula or an error value where a value is expected.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import stat
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graphmap.errors import CaseError, Problem
from graphmap.intake.casefile import Case, parse_case_text
from graphmap.intake.yamlsource import read_yaml
from graphmap.model.workbook_layout import (BOOLEAN_WORDS, LANGS, TEXTS, Column, Sheet, concept_label, is_unknown, layout,
                                            normalise, unknown_fields)

__all__ = ["read_workbook", "workbook_document", "case_yaml", "MAX_WORKBOOK_BYTES", "MAX_UNPACKED_BYTES", "MAX_ROWS",
           "MAX_COLUMNS"]

MAX_WORKBOOK_BYTES = 16 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""What the parts of a workbook may unpack to: a small zip that inflates to gigabytes is refused."""
MAX_ROWS = 20_000
MAX_COLUMNS = 200

_LANG_COLUMN = re.compile(r"^(.*?)\s*\[([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\]\s*$")
_SPLIT_IDS = re.compile(r"[;,\s]+")
_SPLIT_IRIS = re.compile(r"[;\s]+")
_SPLIT_LIST = re.compile(r"\s*(?:;|\n|,\s)\s*")
_SPLIT_LINES = re.compile(r"\s*\n\s*")


@dataclass
class _Cells:
    """Where each value of the document came from: path -> cell, and for each entity its row and columns."""

    name: str
    cells: dict[tuple, tuple[str, int, str]] = field(default_factory=dict)  # path -> (where, order, header)
    entities: dict[tuple, tuple[str, int, dict[str, tuple[str, str]], int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, where: str, order: int, header: str, message: str) -> None:
        self.problems.append(Problem(self.name, order, header, message, where))


def _where(sheet_name: str, column: int, row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{sheet_name}!{get_column_letter(column)}{row}"


def _order(sheet_index: int, row: int, column: int) -> int:
    """A number ordering the problems as the workbook reads: sheet, then row, then column."""
    return (sheet_index * (MAX_ROWS + 2) + row) * (MAX_COLUMNS + 2) + column


# --- the file ---------------------------------------------------------------------------

def _file_problem(name: str, message: str) -> CaseError:
    return CaseError([Problem(name, 1, "file", message)])


def _read_bytes(path: Path) -> bytes:
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise _file_problem(name, "no such file") from None
    except OSError as exc:
        raise _file_problem(name, f"cannot be read: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise _file_problem(name, "is a folder, not a workbook")
    if not stat.S_ISREG(info.st_mode):
        raise _file_problem(name, "not a regular file (a device, a pipe or a socket); give an .xlsx workbook")
    if info.st_size > MAX_WORKBOOK_BYTES:
        raise _file_problem(name, f"{info.st_size} bytes is more than the {MAX_WORKBOOK_BYTES} a case workbook may have")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_WORKBOOK_BYTES + 1)
    except OSError as exc:
        raise _file_problem(name, f"cannot be read: {exc.strerror}") from None
    if len(raw) > MAX_WORKBOOK_BYTES:
        raise _file_problem(name, f"more than the {MAX_WORKBOOK_BYTES} bytes a case workbook may have")
    return raw


def _open_workbook(path: Path):
    """The workbook in ``path``, checked to be a plain .xlsx (no macros) of bounded size; values, not formulas' results."""
    name = str(path)
    raw = _read_bytes(path)
    if not raw:
        raise _file_problem(name, "empty file; give an .xlsx workbook (graphmap workbook new writes one)")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise _file_problem(name, "an Excel 97-2003 (.xls) file or another OLE document; save it as an Excel workbook (.xlsx)")
    if not raw.startswith(b"PK"):
        raise _file_problem(name, "not an .xlsx workbook (not a zip archive); save it as an Excel workbook (.xlsx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise _file_problem(name, f"not a readable .xlsx workbook (broken zip archive: {exc})") from None
    names = {m.filename for m in members}
    if any(n.lower().endswith("vbaproject.bin") for n in names) or path.suffix.lower() in (".xlsm", ".xltm", ".xlam"):
        raise _file_problem(name, "a macro-enabled workbook: macros are never run nor kept; save it as an Excel "
                                  "workbook without macros (.xlsx)")
    if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:200]:
        raise _file_problem(name, "an OpenDocument spreadsheet (.ods); save it as an Excel workbook (.xlsx)")
    if "xl/workbook.xml" not in names:
        raise _file_problem(name, "not an .xlsx workbook (a zip archive without xl/workbook.xml)")
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES or len(members) > 10_000:
        raise _file_problem(name, f"unpacks to more than {MAX_UNPACKED_BYTES} bytes; not a case workbook")
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "data validation extension not supported": the lists are not read
            return load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds on a broken part  # noqa: BLE001
        message = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise _file_problem(name, f"not a readable .xlsx workbook ({message})") from None


# --- cells ------------------------------------------------------------------------------

def _number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates as ISO dates."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value).strip()


def _integer(value: Any) -> Any:
    if isinstance(value, bool):
        return _text(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    return int(text) if re.fullmatch(r"[+-]?\d+", text) else (value if isinstance(value, float) else _text(value))


def _decimal(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = _text(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        return int(text) if re.fullmatch(r"[+-]?\d+", text) else float(text)
    except ValueError:
        return _text(value)


def _boolean(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    return BOOLEAN_WORDS.get(normalise(_text(value)), _text(value))


def _concepts(text: str, column: Column) -> list[str]:
    """Codes of a concept cell: codes or labels (either language), separated by ; or line breaks
    (commas and spaces too, when what they separate are codes)."""
    notations = column.field.concepts() if column.field is not None else {}
    labels = {normalise(concept_label(column.field, n, lang)): n for n in notations for lang in LANGS} if notations else {}
    out = []
    for token in (t for t in _SPLIT_LIST.split(text) if t):
        if token in notations:
            out.append(token)
        elif normalise(token) in labels:
            out.append(labels[normalise(token)])
        elif all(p in notations for p in _SPLIT_IDS.split(token) if p):
            out += [p for p in _SPLIT_IDS.split(token) if p]
        else:
            out.append(token)
    return out


def _value(value: Any, column: Column) -> Any:
    """The document's value of a non-empty cell of ``column``."""
    kind = column.kind
    if kind == "integer":
        return _integer(value)
    if kind == "decimal":
        return _decimal(value)
    if kind == "boolean":
        return _boolean(value)
    text = _text(value)
    if kind == "concept":
        items = _concepts(text, column)
    elif kind in ("ref", "id") and column.multi:
        items = [t for t in _SPLIT_IDS.split(text) if t]
    elif kind == "iri" and column.multi:
        items = [t for t in _SPLIT_IRIS.split(text) if t]
    elif kind == "source":
        items = [t.lstrip("§").strip() for t in _SPLIT_LIST.split(text) if t.strip()]
    elif column.multi:
        items = [t for t in _SPLIT_LINES.split(text) if t]
    else:
        return text
    if not column.multi:
        return items[0] if len(items) == 1 else text
    return items[0] if len(items) == 1 else items


def _cell_value(cell, where: str, order: int, header: str, cells: _Cells) -> Any:
    """A cell's value, ``None`` when empty; a formula or an error value is a problem (and ``None``)."""
    value = getattr(cell, "value", None)
    kind = getattr(cell, "data_type", None)
    if value is None:
        return None
    if kind == "f" or (not isinstance(value, (str, int, float, bool, _dt.date, _dt.time, _dt.datetime))):
        cells.problem(where, order, header, "a formula where a value is expected: type the value itself "
                                            "(or copy the cells and paste them as values)")
        return None
    if kind == "e":
        cells.problem(where, order, header, f"the cell shows the error {value}: type a value")
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _rows(ws, sheet_name: str, sheet_index: int, cells: _Cells):
    """The rows of a sheet as (row number, cells), the empty ones left out; a sheet too large is a problem."""
    for number, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
        if not any(getattr(c, "value", None) not in (None, "") for c in row):
            continue
        if number > MAX_ROWS + 1:
            cells.problem(_where(sheet_name, 1, number), _order(sheet_index, MAX_ROWS, 0), "(sheet)",
                          f"more than {MAX_ROWS} rows; a case workbook has one row per entity")
            return
        if len(row) > MAX_COLUMNS and getattr(row[MAX_COLUMNS], "value", None) not in (None, ""):
            cells.problem(_where(sheet_name, MAX_COLUMNS + 1, number), _order(sheet_index, number, MAX_COLUMNS), "(sheet)",
                          f"more than {MAX_COLUMNS} columns; the columns are those of `graphmap workbook new`")
            return
        yield number, row


# --- sheets -----------------------------------------------------------------------------

def _header(cell_value: Any, sheet: Sheet) -> tuple[str | None, str | None]:
    """``(key, language)`` a header names (language None: the case's), ``(None, None)`` if none."""
    text = _text(cell_value)
    match = _LANG_COLUMN.match(text)
    base, code = (match.group(1), match.group(2).lower()) if match else (text, None)
    key = sheet.aliases.get(normalise(base))
    return key, code


def _known_headers(sheet: Sheet, lang: str) -> str:
    return ", ".join(c.header(lang).removesuffix(" *") for c in sheet.columns)


def _combine(values: dict[str | None, Any], column: Column, case_lang: str) -> Any:
    """A text given in several languages (``libellé`` and ``libellé [en]``) as ``{fr: ..., en: ...}``;
    in a list, the nth line of each language column is the nth item."""
    if set(values) == {None}:
        return values[None]
    by_lang = {(code or case_lang): v for code, v in values.items()}
    if not column.multi:
        return {code: v for code, v in by_lang.items()}
    lists = {code: (v if isinstance(v, list) else [v]) for code, v in by_lang.items()}
    items = []
    for index in range(max(len(v) for v in lists.values())):
        item = {code: v[index] for code, v in lists.items() if index < len(v) and v[index]}
        items.append(item[case_lang] if set(item) == {case_lang} else item)
    return items[0] if len(items) == 1 else items


def _entity_rows(ws, sheet: Sheet, sheet_name: str, sheet_index: int, path_of, cells: _Cells, lang: str,
                 case_lang_of) -> list[dict]:
    """The entities of one sheet (one a row), their cells recorded under their paths."""
    rows = _rows(ws, sheet_name, sheet_index, cells)
    first = next(rows, None)
    if first is None:
        return []
    header_row, header_cells = first
    columns: dict[int, tuple[Column, str | None]] = {}
    seen: dict[tuple, str] = {}
    for index, cell in enumerate(header_cells, start=1):
        where = _where(sheet_name, index, header_row)
        value = _cell_value(cell, where, _order(sheet_index, header_row, index), "(header)", cells)
        if value is None:
            continue
        key, code = _header(value, sheet)
        column = sheet.column(key) if key else None
        if column is None:
            cells.problem(where, _order(sheet_index, header_row, index), "(header)",
                          f"unknown column {_text(value)!r}; the columns of this sheet are: {_known_headers(sheet, lang)}")
            continue
        if code is not None and column.kind != "text":
            cells.problem(where, _order(sheet_index, header_row, index), "(header)",
                          f"{_text(value)!r}: only texts have a column per language ([{code}])")
            continue
        if (key, code) in seen:
            cells.problem(where, _order(sheet_index, header_row, index), "(header)",
                          f"{_text(value)!r}: a second column for {column.header(lang).removesuffix(' *')!r} (the first is {seen[(key, code)]})")
            continue
        seen[(key, code)] = where
        columns[index] = (column, code)
    entities = []
    for row_number, row in rows:
        item_values: dict[str, dict[str | None, Any]] = {}
        unknown: list[str] = []
        index_in_sheet = len(entities)
        path = path_of(index_in_sheet)
        letters: dict[str, tuple[str, str]] = {}
        for index, cell in enumerate(row, start=1):
            where = _where(sheet_name, index, row_number)
            order = _order(sheet_index, row_number, index)
            if index not in columns:
                if getattr(cell, "value", None) not in (None, "") and not (isinstance(cell.value, str) and not cell.value.strip()):
                    cells.problem(where, order, "(sheet)", "a value in a column without a header; give the column "
                                                           "one of the headers of `graphmap workbook new`, or clear it")
                continue
            column, code = columns[index]
            header = column.header(lang).removesuffix(" *") + (f" [{code}]" if code else "")
            if code is None:
                letters[column.key] = (where, header)
            value = _cell_value(cell, where, order, header, cells)
            if value is None:
                continue
            if is_unknown(value) and column.field is not None and code is None:
                if column.key in unknown_fields(sheet.key):
                    unknown.append(column.key)
                    cells.cells[path + ("unknown", len(unknown) - 1)] = (where, order, header)
                else:
                    cells.problem(where, order, header, _no_unknown_message(sheet, column))
                continue
            item_values.setdefault(column.key, {})[code] = _value(value, column)
            cells.cells[path + (column.key,)] = (where, order, header)
            if code is not None:
                cells.cells[path + (column.key, code)] = (where, order, header)
        if not item_values and not unknown:
            continue
        item: dict[str, Any] = {}
        for column in sheet.columns:
            if column.key in item_values:
                item[column.key] = _combine(item_values[column.key], column, case_lang_of())
        if unknown:
            item["unknown"] = unknown
        entities.append(item)
        cells.entities[path] = (sheet_name, row_number, letters, _order(sheet_index, row_number, 0))
    return entities


def _no_unknown_message(sheet: Sheet, column: Column) -> str:
    version = layout().fmt.version
    if not unknown_fields(sheet.key):
        return (f"\"not stated\": the case format in force (version {version}) cannot say it here; "
                "leave the cell empty or give a value")
    return f"\"not stated\" is not allowed for this column (version {version} of the case format); give a value"


def _study(ws, sheet: Sheet, sheet_name: str, sheet_index: int, cells: _Cells, lang: str) -> tuple[dict, dict]:
    """The study sheet: one field a row (name in column A, value in B). Returns (top-level keys, study fields)."""
    top: dict[str, Any] = {}
    study: dict[str, Any] = {}
    values: dict[str, dict[str | None, Any]] = {}
    unknown: list[str] = []
    field_words = {normalise(TEXTS[code][w]) for code in LANGS for w in ("field", "value")}
    seen: dict[tuple, str] = {}
    letters: dict[str, tuple[str, str]] = {}
    for row_number, row in _rows(ws, sheet_name, sheet_index, cells):
        name_cell = row[0] if row else None
        where_a = _where(sheet_name, 1, row_number)
        order = _order(sheet_index, row_number, 1)
        name = _cell_value(name_cell, where_a, order, "(field)", cells)
        for index, cell in enumerate(row[2:], start=3):
            if getattr(cell, "value", None) not in (None, "") and not (isinstance(cell.value, str) and not cell.value.strip()):
                cells.problem(_where(sheet_name, index, row_number), _order(sheet_index, row_number, index), "(sheet)",
                              "the study sheet has a field's name in column A and its value in column B only")
                break
        if name is None:
            if len(row) > 1 and getattr(row[1], "value", None) not in (None, ""):
                cells.problem(_where(sheet_name, 2, row_number), order, "(field)", "a value without the name of its field in column A")
            continue
        if {normalise(_text(name))} <= field_words and row_number == 1:
            continue  # the header row "field | value"
        key, code = _header(name, sheet)
        column = sheet.column(key) if key else None
        if column is None:
            cells.problem(where_a, order, "(field)", f"unknown field {_text(name)!r}; the fields of the study are: "
                                                     f"{_known_headers(sheet, lang)}")
            continue
        if (key, code) in seen:
            cells.problem(where_a, order, "(field)", f"{_text(name)!r}: given twice (first at {seen[(key, code)]})")
            continue
        seen[(key, code)] = where_a
        where = _where(sheet_name, 2, row_number)
        header = column.header(lang).removesuffix(" *") + (f" [{code}]" if code else "")
        if code is None:
            letters[key] = (where, header)
        value = _cell_value(row[1] if len(row) > 1 else None, where, _order(sheet_index, row_number, 2), header, cells)
        path = (key,) if key in ("case", "language") else ("study", key)
        cells.cells[path] = (where, _order(sheet_index, row_number, 2), header)
        if code is not None:
            cells.cells[path + (code,)] = cells.cells[path]
        if value is None:
            continue
        if is_unknown(value) and column.field is not None and code is None:
            if key in unknown_fields("study"):
                unknown.append(key)
                cells.cells[("study", "unknown", len(unknown) - 1)] = cells.cells[path]
            else:
                cells.problem(where, _order(sheet_index, row_number, 2), header, _no_unknown_message(sheet, column))
            continue
        values.setdefault(key, {})[code] = _value(value, column) if column.kind not in ("case", "language") else _text(value)
    case_lang = values.get("language", {}).get(None) or lang
    for column in sheet.columns:
        if column.key in values:
            target = top if column.key in ("case", "language") else study
            target[column.key] = _combine(values[column.key], column, str(case_lang))
    if unknown:
        study["unknown"] = unknown
    cells.entities[("study",)] = (sheet_name, 1, letters, _order(sheet_index, 1, 0))
    return top, study


def _language(ws_names: list[str]) -> str:
    """The language of the workbook's sheet names (French when as many are French as English)."""
    lay = layout()
    counts = {lang: sum(normalise(n) in {normalise(s.name(lang)) for s in lay.sheets} for n in ws_names) for lang in LANGS}
    return max(LANGS, key=lambda lang: counts[lang])


def workbook_document(path: str | Path) -> tuple[dict, _Cells]:
    """The case document the workbook in ``path`` holds, and where each value came from.

    Raises ``CaseError`` for what only a workbook can get wrong (its file, sheets, columns,
    formulas); the document itself is checked by ``read_workbook``.
    """
    path = Path(path)
    name = str(path)
    workbook = _open_workbook(path)
    lay = layout()
    cells = _Cells(name)
    try:
        names = list(workbook.sheetnames)
        lang = _language(names)
        by_name = lay.by_name()
        sheets: dict[str, tuple[Any, str, int]] = {}
        for index, sheet_name in enumerate(names):
            sheet = by_name.get(normalise(sheet_name), "unknown")
            ws = workbook[sheet_name]
            if sheet is None:
                continue  # help, lists
            if sheet == "unknown":
                if next(_rows(ws, sheet_name, index, _Cells(name)), None) is not None:
                    cells.problem(f"{sheet_name}!A1", _order(index, 0, 0), "(sheet)",
                                  f"unknown sheet {sheet_name!r}; the sheets are: {', '.join(s.name(lang) for s in lay.sheets)}")
                continue
            if sheet.key in sheets:
                cells.problem(f"{sheet_name}!A1", _order(index, 0, 0), "(sheet)",
                              f"a second sheet for {sheet.name(lang)!r} (the first is {sheets[sheet.key][1]!r})")
                continue
            sheets[sheet.key] = (ws, sheet_name, index)
        if "study" not in sheets:
            raise CaseError(cells.problems + [Problem(name, 0, "(sheet)", f"no sheet {lay.sheet('study').name(lang)!r}: "
                                                                           "it holds the case id, its language and the study", "")])
        ws, sheet_name, index = sheets["study"]
        top, study = _study(ws, lay.sheet("study"), sheet_name, index, cells, lang)
        case_lang = str(top.get("language") or lang)
        document: dict[str, Any] = {"graphmap": lay.fmt.version, **top}
        if "sections" in sheets:
            ws, sheet_name, index = sheets["sections"]
            declared = _entity_rows(ws, lay.sheet("sections"), sheet_name, index, lambda i: ("study", "sections", i),
                                    cells, lang, lambda: case_lang)
            study["sections"] = declared
            cells.entities[("study", "sections")] = (sheet_name, 2, {}, _order(index, 2, 0))
        document["study"] = study
        for sheet in lay.sheets:
            if sheet.section is None or sheet.key == "study" or sheet.key not in sheets:
                continue
            ws, sheet_name, index = sheets[sheet.key]
            items = _entity_rows(ws, sheet, sheet_name, index, lambda i, key=sheet.key: (key, i), cells, lang, lambda: case_lang)
            if items:
                document[sheet.key] = items
    finally:
        workbook.close()
    if cells.problems:
        raise CaseError(cells.problems)
    return document, cells


# --- YAML and the check -----------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    pass


def _text_representer(dumper, value: str):
    style = "|" if "\n" in value else None  # the emitter falls back to quotes where a block cannot say it
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_representer)


class _Flow(list):
    """A list of short codes (ids, concepts, section numbers) written on one line: ``[a, b]``."""


class _FlowMap(dict):
    """A declared section written on one line: ``{number: '2.1', title: ...}``."""


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(_FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))


def _styled(value: Any, depth: int = 0) -> Any:
    if isinstance(value, dict):
        return {k: _styled(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        if value and all(isinstance(v, str) and " " not in v and "\n" not in v and len(v) <= 100 for v in value):
            return _Flow(value)
        return [_styled(v, depth + 1) for v in value]
    return value


def case_yaml(document: dict, source: str = "") -> str:
    """The document as a readable YAML case file: keys in the format's order, an empty line
    between entities, lists of codes on one line."""
    head = f"# Case file written by `graphmap workbook read` from {Path(source).name}\n\n" if source else ""

    def dump(data: Any) -> str:
        return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                         width=100, indent=2)

    top = {k: document[k] for k in ("graphmap", "case", "language") if k in document}
    parts = [dump(top)] if top else []
    for key, value in document.items():
        if key in top:
            continue
        if key == "study" and isinstance(value, dict):
            study = _styled({k: v for k, v in value.items() if k != "sections"})
            if "sections" in value:
                study["sections"] = [_FlowMap(s) if isinstance(s, dict) else s for s in value["sections"]]
            parts.append(dump({key: study}))
        elif isinstance(value, list):
            parts.append(f"{key}:\n" + "\n".join(dump([_styled(item)]) for item in value))
        else:
            parts.append(dump({key: _styled(value)}))
    return head + "\n".join(parts)


def _problem_path(problem: Problem, line_paths: dict[int, tuple]) -> tuple:
    path = line_paths.get(problem.line, ())
    names = re.findall(r"(?:^|\.)([A-Za-z_][A-Za-z0-9_]*)", problem.field)
    if names and path and names[-1] not in path:
        if isinstance(path[-1], int):  # an item (an entity, a declared section) and the key named
            path = path + (names[-1],)
        elif len(path) >= 2 and isinstance(path[1], int):
            path = path[:2] + (names[-1],)
        elif path[0] == "study" and len(path) <= 2:
            path = ("study", names[-1])
    elif not path and names and names[0] in ("case", "language"):
        path = (names[0],)
    return path


def _locate(problem: Problem, cells: _Cells, line_paths: dict[int, tuple], lines_cells: dict[int, str]) -> Problem:
    """A problem of the YAML document taken back to the cell its value came from."""
    path = _problem_path(problem, line_paths)
    message = re.sub(r"at line (\d+)", lambda m: f"at {lines_cells.get(int(m.group(1)), 'line ' + m.group(1))}", problem.message)
    probe = path
    while probe:
        if probe in cells.cells:
            where, order, header = cells.cells[probe]
            return Problem(cells.name, order, header, message, where)
        if probe in cells.entities:
            sheet_name, row, letters, order = cells.entities[probe]
            key = path[len(probe)] if len(path) > len(probe) and isinstance(path[len(probe)], str) else None
            if key in letters:
                where, header = letters[key]
                return Problem(cells.name, order, header, message, where)
            column = _column_of(probe, key)
            header = column.header(_lang_of(sheet_name)).removesuffix(" *") if column is not None else problem.field
            where = f"{sheet_name}!A{row}" if probe != ("study",) else f"{sheet_name}!A1"
            if key is not None and column is not None:
                message = f"{message} (no column {header!r} in this sheet)" if probe != ("study",) else message
            return Problem(cells.name, order, header, message, where)
        probe = probe[:-1]
    study = cells.entities.get(("study",))
    return Problem(cells.name, 0, problem.field, message, f"{study[0]}!A1" if study else "")


def _column_of(entity_path: tuple, key: str | None) -> Column | None:
    if key is None:
        return None
    lay = layout()
    sheet = lay.sheet("study") if entity_path[0] == "study" and len(entity_path) == 1 else \
        lay.sheet("sections") if entity_path[:2] == ("study", "sections") else lay.sheet(entity_path[0])
    return sheet.column(key)


def _lang_of(sheet_name: str) -> str:
    return _language([sheet_name])


def read_workbook(path: str | Path) -> tuple[Case, str]:
    """The case the workbook in ``path`` holds and its YAML text, checked as any case file is.

    Raises ``CaseError`` with each problem located at its cell (``Tâches!D12``).
    """
    name = str(path)
    document, cells = workbook_document(path)
    text = case_yaml(document, name)
    try:
        case = parse_case_text(text, name)
    except CaseError as exc:
        _, positions = read_yaml(text, name)
        line_paths: dict[int, tuple] = {}
        for p, line in positions.items():
            if line not in line_paths or len(p) < len(line_paths[line]):
                line_paths[line] = p  # the item "- id: x" is the entity, not its id
        lines_cells = {}
        for line, p in line_paths.items():
            entity = cells.entities.get(p[:2]) if len(p) >= 2 else None
            if entity is not None:
                lines_cells[line] = f"{entity[0]}!A{entity[1]}"
        raise CaseError([_locate(p, cells, line_paths, lines_cells) for p in exc.problems]) from None
    return case, text
