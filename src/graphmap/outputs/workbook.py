"""Case workbooks for analysts: a blank one to fill during an interview, or a case file written out.

One sheet per kind of entity (``model.workbook_layout``), headers in the analyst's language,
drop-down lists for every vocabulary and for references to other sheets' ids (fed by a hidden
sheet of lists), a help sheet explaining every column. ``intake.workbook`` reads it back.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from graphmap.errors import CaseError, ConfigError, Problem, shown_name
from graphmap.intake.casefile import Case, section_number
from graphmap.model.workbook_layout import LANGS, TEXTS, Column, Layout, Sheet, concept_label, layout, supports_unknown, unknown_fields, unknown_marker

__all__ = ["new_workbook", "case_workbook", "save_workbook", "LIST_ROWS", "VALIDATED_ROWS"]

LIST_ROWS = 1000
"""Ids of each sheet a drop-down of references offers (the first ones, in the sheet's order)."""
VALIDATED_ROWS = 1000
"""Rows of each sheet given drop-downs in a blank workbook (more when a case has more)."""

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_REQUIRED_FILL = PatternFill("solid", fgColor="F6DDB4")
_WRAP = Alignment(wrap_text=True, vertical="top")
_WIDTHS = {"id": 24, "label": 40, "description": 60, "source": 14, "quote": 50, "text": 40}


def new_workbook(lang: str) -> Workbook:
    """A blank case workbook with headers in ``lang`` (fr or en)."""
    return _build(lang, None)


def case_workbook(case: Case, lang: str | None = None) -> Workbook:
    """The workbook holding ``case`` (as its file was read); headers in ``lang``, by default the case's language."""
    lang = lang or (case.language if case.language in LANGS else "en")
    return _build(lang, case)


def save_workbook(workbook: Workbook, path: Path, option: str = "--out") -> None:
    """Write ``workbook`` to ``path`` whole or not at all (a temporary file renamed over it)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        raise ConfigError(f"{option} {shown_name(path)}: {exc.strerror or exc}") from None
    finally:
        temporary.unlink(missing_ok=True)


# --- cell values ------------------------------------------------------------------------

def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _scalar(value: Any, column: Column, lang: str) -> Any:
    if column.kind == "boolean" and isinstance(value, bool):
        return TEXTS[lang]["yes" if value else "no"]
    if column.kind in ("integer", "decimal") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if column.kind in ("source", "section"):
        return section_number(value)
    return str(value)


def _cell_texts(value: Any, column: Column, case_lang: str, lang: str) -> dict[str | None, Any]:
    """The value of a field as cells: ``None`` the main column, a language code its ``[xx]`` column."""
    if column.kind == "text" and (isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value))):
        items = _as_list(value)
        by_lang: dict[str | None, list[str]] = {}
        for index, item in enumerate(items):
            texts = item if isinstance(item, dict) else {case_lang: item}
            for code, text in texts.items():
                slot = by_lang.setdefault(None if code == case_lang else code, [])
                slot += [""] * (index - len(slot)) + [str(text)]
        return {code: "\n".join(lines) for code, lines in by_lang.items()}
    values = [_scalar(v, column, lang) for v in _as_list(value)]
    if len(values) == 1:
        return {None: values[0]}
    separator = "\n" if column.kind in ("text", "string", "quote") else "; "
    return {None: separator.join(str(v) for v in values)}


def _check_line_breaks(value: Any, column: Column, where: str, problems: list[Problem], name: str, line: int) -> None:
    """An item of a list of texts is one line of its cell: an item with a line break cannot be written."""
    if column.multi and column.kind in ("text", "string", "quote") and isinstance(value, list):
        for item in value:
            for text in (item.values() if isinstance(item, dict) else [item]):
                if "\n" in str(text):
                    problems.append(Problem(name, line, where, "an item of this list holds a line break; a workbook "
                                            "cell holds one item a line: write the item on one line"))


# --- building ---------------------------------------------------------------------------

def _style_header(cell, column: Column | None = None) -> None:
    cell.font = _HEADER_FONT
    cell.fill = _REQUIRED_FILL if column is not None and column.required else _HEADER_FILL
    cell.alignment = _WRAP


def _string_cell(cell, value: Any) -> None:
    """A value is never a formula: a text starting with ``=`` stays a text."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _kind_text(column: Column, lang: str, lay: Layout, section_key: str | None) -> str:
    t = TEXTS[lang]
    if column.kind == "ref":
        targets = column.field.to if column.field is not None and column.field.to else [s.key for s in lay.sheets if s.section is not None and s.key != "study"]
        text = t["ref"].format(targets=", ".join(lay.sheet(k).name(lang) for k in targets if _has_sheet(lay, k)))
    elif column.kind == "source":
        text = t["source_kind"].format(sections=lay.sheet("sections").name(lang))
    elif column.kind == "id":
        text = t["id_kind"]
    elif column.kind == "quote":
        text = t["quote_kind"]
    elif column.kind in ("case", "language", "section"):
        text = t["string"]
    else:
        text = t.get(column.kind, column.kind)
    if column.multi:
        text += "; " + (t["several_texts"] if column.kind in ("text", "string", "quote") else t["several_ids"])
    return text


def _has_sheet(lay: Layout, key: str) -> bool:
    return any(s.key == key for s in lay.sheets)


def _allowed(column: Column, lang: str) -> str:
    if column.kind == "concept" and column.field is not None:
        return "\n".join(f"{n} — {concept_label(column.field, n, lang)}" for n in sorted(column.field.concepts()))
    if column.kind == "boolean":
        return f"{TEXTS[lang]['yes']} / {TEXTS[lang]['no']}"
    return ""


def _unknown_allowed(sheet: Sheet, column: Column) -> bool:
    return column.field is not None and column.key in unknown_fields(sheet.key)


class _Lists:
    """The hidden sheet feeding the drop-downs: the codes of each vocabulary, yes/no, and for
    references to several sheets, their ids stacked by formulas (one drop-down lists one range)."""

    def __init__(self, workbook: Workbook, lay: Layout, lang: str):
        self.ws = workbook.create_sheet(lay.lists_names[LANGS.index(lang)])
        self.ws.sheet_state = "hidden"
        self.lay, self.lang = lay, lang
        self.columns: dict[Any, str] = {}  # what a column lists -> the formula of its range

    def _column(self, key: Any, title: str, values: list[Any]) -> str:
        if key not in self.columns:
            index = len(self.columns) + 1
            letter = get_column_letter(index)
            self.ws.cell(1, index, title)
            for row, value in enumerate(values, start=2):
                self.ws.cell(row, index, value)
            name = quote_sheetname(self.ws.title)
            # OFFSET ... COUNTIF("?*"): the non-empty cells only, so that no blank line ends the list
            self.columns[key] = (f"OFFSET({name}!${letter}$2,0,0,MAX(1,COUNTIF({name}!${letter}$2:${letter}${len(values) + 1},\"?*\")),1)")
        return self.columns[key]

    def concepts(self, column: Column, with_unknown: bool) -> str:
        values = sorted(column.field.concepts()) + ([unknown_marker(self.lang)] if with_unknown else [])
        return self._column(("concept", column.field.scheme, with_unknown), str(column.field.scheme).rsplit("/", 1)[-1], values)

    def booleans(self, with_unknown: bool) -> str:
        t = TEXTS[self.lang]
        return self._column(("boolean", with_unknown), "boolean", [t["yes"], t["no"]] + ([unknown_marker(self.lang)] if with_unknown else []))

    def _count(self, target: str) -> str:
        """A cell of the lists holding how many ids the sheet ``target`` has (its first LIST_ROWS rows)."""
        key = ("count", target)
        if key not in self.columns:
            index = len(self.columns) + 1
            sheet = quote_sheetname(self.lay.sheet(target).name(self.lang))
            self.ws.cell(1, index, f"n {target}")
            self.ws.cell(2, index, f"=COUNTA({sheet}!$A$2:$A${LIST_ROWS + 1})")
            self.columns[key] = f"${get_column_letter(index)}$2"
        return self.columns[key]

    def ids(self, targets: tuple[str, ...], with_unknown: bool) -> str:
        """The ids of the sheets ``targets``, stacked: row n is the nth id of the first sheet, then of the next..."""
        key = ("ids", targets, with_unknown)
        if key in self.columns:
            return self.columns[key]
        ranges = [f"{quote_sheetname(self.lay.sheet(t).name(self.lang))}!$A$2:$A${LIST_ROWS + 1}" for t in targets]
        counts = [self._count(t) for t in targets]
        formulas = []
        for n in range(1, LIST_ROWS * len(ranges) + (2 if with_unknown else 1)):
            formula = f'IF({n}={"+".join(counts)}+1,"{unknown_marker(self.lang)}","")' if with_unknown else '""'
            for i in reversed(range(len(ranges))):
                before = "+".join(counts[:i])
                formula = f"IF({n}<={'+'.join(counts[: i + 1])},INDEX({ranges[i]},{f'{n}-({before})' if before else n}),{formula})"
            formulas.append("=" + formula)
        return self._column(key, "+".join(targets), formulas)

    def sections(self) -> str:
        name = quote_sheetname(self.lay.sheet("sections").name(self.lang))
        return f"OFFSET({name}!$A$2,0,0,MAX(1,COUNTA({name}!$A$2:$A${LIST_ROWS + 1})),1)"


def _validation(ws, lists: _Lists, sheet: Sheet, column: Column, letter: str, rows: int, lang: str) -> None:
    with_unknown = _unknown_allowed(sheet, column)
    if column.kind == "concept":
        formula = lists.concepts(column, with_unknown)
    elif column.kind == "boolean":
        formula = lists.booleans(with_unknown)
    elif column.kind == "ref" and not column.multi and column.field is not None and column.field.to:
        # one order for the same targets (units, organisations = organisations, units): one list
        targets = tuple(s.key for s in lists.lay.sheets if s.key in column.field.to)
        if len(targets) == 1 and not with_unknown:
            name = quote_sheetname(lists.lay.sheet(targets[0]).name(lang))
            formula = f"OFFSET({name}!$A$2,0,0,MAX(1,COUNTA({name}!$A$2:$A${LIST_ROWS + 1})),1)"
        else:
            formula = lists.ids(targets, with_unknown)
    elif column.kind == "source":
        formula = lists.sections()
    else:
        return
    t = TEXTS[lang]
    validation = DataValidation(type="list", formula1=formula, allow_blank=True,
                                showErrorMessage=not column.multi, errorTitle=t["error_title"],
                                error=t["error_list"].format(help=lists.lay.help_names[LANGS.index(lang)]))
    if column.multi:  # several values are typed "a; b": the list helps to pick, it cannot refuse
        validation.promptTitle = column.header(lang)[:32]
        validation.prompt = t["prompt_multi"]
        validation.showInputMessage = True
    ws.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{rows + 1}" if not sheet.vertical else f"{letter}{rows}")


def _extra_languages(sheet: Sheet, items: list[dict], case_lang: str) -> dict[str, list[str]]:
    """Per text column, the languages other than the case's that some entity writes (each gets a column)."""
    found: dict[str, list[str]] = {}
    for item in items:
        for column in sheet.columns:
            if column.kind != "text" or column.key not in item:
                continue
            for value in _as_list(item[column.key]):
                if isinstance(value, dict):
                    for code in value:
                        if code != case_lang and code not in found.setdefault(column.key, []):
                            found[column.key].append(code)
    return found


def _build(lang: str, case: Case | None) -> Workbook:
    lay = layout()
    workbook = Workbook()
    workbook.remove(workbook.active)
    document = case.document if case is not None else {}
    case_lang = case.language if case is not None else lang
    name = case.path if case is not None else ""
    problems: list[Problem] = []
    placed: set[tuple] = set()
    sheets = {s.key: workbook.create_sheet(s.name(lang)) for s in lay.sheets}
    lists = _Lists(workbook, lay, lang)
    t = TEXTS[lang]

    def line(path: tuple) -> int:
        positions = case.positions if case is not None else {}
        while path and path not in positions:
            path = path[:-1]
        return positions.get(path, 1) if path else 1

    # the study: one field a row
    study_sheet = lay.sheet("study")
    ws = sheets["study"]
    for col, text in enumerate((t["field"], t["value"]), start=1):
        _style_header(ws.cell(1, col, text))
    study = dict(document.get("study") or {})
    top = {"case": document.get("case"), "language": document.get("language", lang if case is None else None)}
    extra = _extra_languages(study_sheet, [study], case_lang)
    unknown = set(study.get("unknown") or [])
    row = 2
    for column in study_sheet.columns:
        source = top if column.key in ("case", "language") else study
        _style_header(ws.cell(row, 1, column.header(lang)), column)
        if column.definitions[LANGS.index(lang)]:
            ws.cell(row, 1).comment = Comment(column.definitions[LANGS.index(lang)], "graphmap")
        cells = {}
        if column.key in unknown:
            cells = {None: unknown_marker(lang)}
            placed.add(("study", "unknown"))
        elif source.get(column.key) is not None:
            _check_line_breaks(source[column.key], column, f"study.{column.key}", problems, name, line(("study", column.key)))
            cells = _cell_texts(source[column.key], column, case_lang, lang)
            placed.add(("study", column.key) if source is study else (column.key,))
        _string_cell(ws.cell(row, 2), cells.get(None))
        ws.cell(row, 2).alignment = _WRAP
        _validation(ws, lists, study_sheet, column, "B", row, lang)
        row += 1
        for code in extra.get(column.key, []):
            _style_header(ws.cell(row, 1, f"{column.headers[LANGS.index(lang)]} [{code}]"))
            _string_cell(ws.cell(row, 2), cells.get(code))
            ws.cell(row, 2).alignment = _WRAP
            row += 1
    placed.update({("study", "sections"), ("graphmap",)})
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 90
    ws.freeze_panes = "B2"

    # the sections the facts cite, then one sheet per section of the format
    declared = [{"number": s.get("number"), "title": s.get("title")} for s in study.get("sections") or []]
    _entity_sheet(sheets["sections"], lay.sheet("sections"), declared, lists, lang, case_lang, problems, name,
                  lambda i: line(("study", "sections", i)))
    for sheet in lay.sheets:
        if sheet.section is None or sheet.key == "study":
            continue
        items = document.get(sheet.key) or []
        placed.add((sheet.key,))
        _entity_sheet(sheets[sheet.key], sheet, items, lists, lang, case_lang, problems, name,
                      lambda i, key=sheet.key: line((key, i)))
    for key in document:
        if key not in ("graphmap", "case", "language", "study") and (key,) not in placed:
            problems.append(Problem(name, line((key,)), key, "this section has no sheet in a workbook of format "
                                    f"version {lay.fmt.version}; run `graphmap validate` on the file"))
    for key in study:
        if ("study", key) not in placed and key != "unknown":
            problems.append(Problem(name, line(("study", key)), f"study.{key}", "this field has no row in a workbook "
                                    f"of format version {lay.fmt.version}; run `graphmap validate` on the file"))
    if problems:
        raise CaseError(problems)
    _help_sheet(workbook, lay, lang)
    workbook.move_sheet(lists.ws, offset=len(workbook.sheetnames))  # the hidden lists last
    workbook.active = 0
    workbook.calculation.fullCalcOnLoad = True  # the lists' formulas have no stored result
    return workbook


def _entity_sheet(ws, sheet: Sheet, items: list[dict], lists: _Lists, lang: str, case_lang: str,
                  problems: list[Problem], name: str, line) -> None:
    extra = _extra_languages(sheet, items, case_lang)
    slots: list[tuple[Column, str | None]] = []
    for column in sheet.columns:
        slots.append((column, None))
        slots += [(column, code) for code in extra.get(column.key, [])]
    for index, (column, code) in enumerate(slots, start=1):
        letter = get_column_letter(index)
        header = column.header(lang) if code is None else f"{column.headers[LANGS.index(lang)]} [{code}]"
        cell = ws.cell(1, index, header)
        _style_header(cell, column if code is None else None)
        definition = column.definitions[LANGS.index(lang)]
        cell.comment = Comment(f"{definition}\n\n{_kind_text(column, lang, lists.lay, sheet.key)}" if definition
                               else _kind_text(column, lang, lists.lay, sheet.key), "graphmap")
        width = _WIDTHS.get(column.key) or _WIDTHS.get(column.kind) or 22
        ws.column_dimensions[letter].width = width
        if code is None:
            _validation(ws, lists, sheet, column, letter, max(VALIDATED_ROWS, len(items) + 200), lang)
    for row, item in enumerate(items, start=2):
        unknown = set(item.get("unknown") or [])
        known = {c.key for c in sheet.columns} | {"unknown"}
        for key in item:
            if key not in known:
                problems.append(Problem(name, line(row - 2), f"{sheet.key}[{item.get('id', row - 2)}].{key}",
                                        "this field has no column in a workbook; run `graphmap validate` on the file"))
        cells_of: dict[str, dict] = {}
        for column in sheet.columns:
            if column.key in unknown:
                cells_of[column.key] = {None: unknown_marker(lang)}
            elif item.get(column.key) is not None:
                _check_line_breaks(item[column.key], column, f"{sheet.key}[{item.get('id', row - 2)}].{column.key}",
                                   problems, name, line(row - 2))
                cells_of[column.key] = _cell_texts(item[column.key], column, case_lang, lang)
        for index, (column, code) in enumerate(slots, start=1):
            value = cells_of.get(column.key, {}).get(code)
            cell = ws.cell(row, index)
            _string_cell(cell, value)
            if column.kind in ("text", "quote"):
                cell.alignment = _WRAP
    ws.freeze_panes = "B2" if sheet.key != "sections" else "A2"


def _help_sheet(workbook: Workbook, lay: Layout, lang: str) -> None:
    t = TEXTS[lang]
    ws = workbook.create_sheet(lay.help_names[LANGS.index(lang)])
    ws.cell(1, 1, t["intro"]).alignment = _WRAP
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
    ws.row_dimensions[1].height = 60
    marker_note = (t["unknown"].format(marker=unknown_marker(lang)) if any(supports_unknown(s.key) for s in lay.sheets)
                   else t["unknown_v1"])
    ws.cell(2, 1, f"{marker_note}  {t['languages']}").alignment = _WRAP
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=8)
    headers = [t["sheet"], t["column"], t["key"], t["kind"], t["required"], t["multi"], t["allowed"], t["meaning"]]
    for col, text in enumerate(headers, start=1):
        _style_header(ws.cell(4, col, text))
    row = 5
    for sheet in lay.sheets:
        for column in sheet.columns:
            required = t["yes"] if column.required else t["no"]
            if column.required and _unknown_allowed(sheet, column):
                required += f" ({unknown_marker(lang)})"
            values = [sheet.name(lang), column.header(lang).removesuffix(" *"), column.key, _kind_text(column, lang, lay, sheet.key),
                      required, t["yes"] if column.multi else t["no"], _allowed(column, lang),
                      column.definitions[LANGS.index(lang)] or ""]
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row, col)
                _string_cell(cell, value)
                cell.alignment = _WRAP
            row += 1
    for col, width in enumerate((22, 28, 18, 40, 12, 12, 45, 60), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A5"
