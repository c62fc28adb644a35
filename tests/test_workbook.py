"""``graphmap workbook``: a case captured in a spreadsheet and read back (issue 22, item 2).

Round trips on the seed and on cases chosen for what a spreadsheet could change (texts starting
with "=", several lines, two languages, section numbers like 3.10); the workbook converted and
re-saved by LibreOffice headless (Debian's ``libreoffice-calc-nogui``; the tests fail without
it); drop-downs in both languages; "not stated" cells; every bad input a located line, exit 2,
nothing written; the read case loaded into both stores through the normal load path.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from rdflib.compare import isomorphic

from graphmap.errors import CaseError
from graphmap.intake.casefile import read_case_file
from graphmap.intake.to_rdf import case_to_graph
from graphmap.intake.workbook import MAX_WORKBOOK_BYTES, read_workbook
from graphmap.model.caseformat import case_format
from graphmap.model.workbook_layout import layout, unknown_fields, unknown_marker
from graphmap.outputs.workbook import case_workbook, new_workbook, save_workbook

from conftest import ROOT, SEED, run_cli, run_here

EDGE = ROOT / "tests" / "data" / "workbook" / "edge.yaml"
MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"


def written(case_path: Path, out: Path, lang: str | None = None) -> Path:
    save_workbook(case_workbook(read_case_file(case_path), lang), out)
    return out


def same_graph(a, b) -> bool:
    return isomorphic(case_to_graph(a)[0], case_to_graph(b)[0])


@pytest.fixture(scope="module")
def seed_xlsx(tmp_path_factory) -> Path:
    return written(SEED, tmp_path_factory.mktemp("wb") / "seed.xlsx")


# --- round trips ----------------------------------------------------------------------------

@pytest.mark.parametrize("case_path", [SEED, MAIRIE, EDGE], ids=["seed", "mairie", "edge"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_yaml_workbook_yaml_gives_the_same_graph(case_path, lang, tmp_path):
    case = read_case_file(case_path)
    back, text = read_workbook(written(case_path, tmp_path / "case.xlsx", lang))
    assert same_graph(case, back)
    (tmp_path / "back.yaml").write_text(text, encoding="utf-8")
    assert same_graph(case, read_case_file(tmp_path / "back.yaml"))  # the text written is that case too


def test_the_commands_round_trip_the_seed(tmp_path):
    out = tmp_path / "seed.xlsx"
    done = run_cli("workbook", "write", str(SEED), "--out", str(out))
    assert done.code == 0, done.err
    done = run_cli("workbook", "read", str(out), "--out", str(tmp_path / "seed.yaml"))
    assert done.code == 0, done.err
    assert "wrote case sante-publique-2026" in done.err
    assert same_graph(read_case_file(SEED), read_case_file(tmp_path / "seed.yaml"))
    assert run_cli("validate", str(tmp_path / "seed.yaml")).code == 0


def test_the_yaml_is_readable_in_the_formats_order(seed_xlsx):
    _, text = read_workbook(seed_xlsx)
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys[:4] == ["graphmap", "case", "language", "study"]
    assert keys[4:] == [k for k in case_format().sections if k in keys[4:]]  # the sections in the format's order
    assert f"graphmap: {case_format().version}" in text
    assert "  source: ['4', '4.1', '7.2']" in text  # codes on one line
    task = text.split("- id: tache-tri-archives\n", 1)[1].split("\n\n", 1)[0]
    order = [m.group(1) for m in re.finditer(r"^  ([a-z_]+):", task, re.M)]
    expected = ["label", "description", "source", "quote", *case_format().sections["tasks"].fields]
    assert order == [k for k in expected if k in order]


def test_a_text_starting_with_equals_stays_a_text(tmp_path):
    path = written(EDGE, tmp_path / "edge.xlsx")
    cell = load_workbook(path)["Organisations"]["C2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    case, _ = read_workbook(path)
    assert case.entities["mairie"].data["description"].startswith("=HYPERLINK")


# --- LibreOffice ----------------------------------------------------------------------------

def soffice(tmp_path: Path, target: str, source: Path, outdir: Path) -> None:
    binary = shutil.which("soffice")
    if binary is None:
        pytest.fail("LibreOffice reads the workbooks in these tests: install Debian's libreoffice-calc-nogui package "
                    "(sudo apt-get install --no-install-recommends libreoffice-calc-nogui)", pytrace=False)
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([binary, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target,
                           "--outdir", str(outdir), str(source)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


# CSV export: comma, double quote, UTF-8 (76), first line kept, every sheet (-1) to NAME-SHEET.csv
CSV_EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@pytest.fixture(scope="module")
def libreoffice_csv(seed_xlsx, tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("csv")
    soffice(outdir, CSV_EVERY_SHEET, seed_xlsx, outdir)
    return outdir


def test_libreoffice_reads_every_value_of_every_sheet(seed_xlsx, libreoffice_csv):
    workbook = load_workbook(seed_xlsx)
    lists = set(layout().lists_names)
    checked = 0
    for ws in workbook.worksheets:
        if ws.title in lists:
            continue
        path = libreoffice_csv / f"{seed_xlsx.stem}-{ws.title}.csv"
        assert path.exists(), sorted(p.name for p in libreoffice_csv.iterdir())
        with open(path, encoding="utf-8", newline="") as handle:
            rows = [row for row in csv.reader(handle)]
        expected = [[_text(c) for c in row] for row in ws.iter_rows(values_only=True)]
        width = max(len(r) for r in expected)
        pad = lambda r: (list(r) + [""] * width)[:width]  # noqa: E731
        expected = [pad(r) for r in expected if any(r)]
        assert [pad(r) for r in rows if any(r)] == expected, ws.title
        checked += sum(1 for r in expected for c in r if c)
    assert checked > 2000  # every id, label, quote... of the seed


def test_libreoffice_computes_the_lists_of_ids(libreoffice_csv, seed_xlsx):
    """The hidden lists sheet stacks the ids of several sheets with formulas: LibreOffice's results."""
    case = read_case_file(SEED)
    name = layout().lists_names[0]
    with open(libreoffice_csv / f"{seed_xlsx.stem}-{name}.csv", encoding="utf-8", newline="") as handle:
        columns = list(zip(*csv.reader(handle)))
    stacked = {col[0]: [v for v in col[1:] if v] for col in columns}
    ids = lambda section: [e.id for e in case.of_section(section)]  # noqa: E731
    marker = [unknown_marker("fr")] if unknown_fields("tasks") else []
    assert stacked["posts+roles"] if "posts+roles" in stacked else stacked["roles+posts"]
    key = next(k for k in stacked if set(k.split("+")) == {"posts", "roles"})
    order = [s.key for s in layout().sheets if s.key in ("posts", "roles")]
    assert stacked[key] == ids(order[0]) + ids(order[1]) + marker


def test_a_workbook_saved_by_libreoffice_reads_back_to_the_same_graph(tmp_path):
    source = written(EDGE, tmp_path / "edge.xlsx")
    outdir = tmp_path / "saved"
    outdir.mkdir()
    soffice(tmp_path, "xlsx:Calc MS Excel 2007 XML", source, outdir)
    case, _ = read_workbook(outdir / "edge.xlsx")
    assert same_graph(read_case_file(EDGE), case)
    assert case.entities["mairie"].data["description"].startswith("=HYPERLINK")  # still a text, not a formula


# --- workbook new -----------------------------------------------------------------------------

def _validations(ws) -> dict[str, list]:
    """Column letter -> the list validations covering its row 2 (or row of the study sheet)."""
    found: dict[str, list] = {}
    for validation in ws.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for col in range(cell_range.min_col, cell_range.max_col + 1):
                found.setdefault(get_column_letter(col), []).append(validation)
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_new_gives_drop_downs_in_the_analysts_language(lang, tmp_path):
    out = tmp_path / "blank.xlsx"
    done = run_here("workbook", "new", "--lang", lang, "--out", str(out))
    assert done.code == 0, done.err
    workbook = load_workbook(out)
    lay = layout()
    assert workbook.sheetnames[:3] == [s.name(lang) for s in lay.sheets[:3]]
    assert workbook[lay.lists_names[0 if lang == "fr" else 1]].sheet_state == "hidden"
    assert ("Tâches" if lang == "fr" else "Tasks") in workbook.sheetnames
    concept_columns = reference_columns = 0
    for sheet in lay.sheets:
        if sheet.vertical:
            continue
        ws = workbook[sheet.name(lang)]
        headers = [c.value for c in ws[1]]
        assert headers == [c.header(lang) for c in sheet.columns]
        validations = _validations(ws)
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            wanted = column.kind == "concept" or column.kind == "boolean" or (column.kind == "ref" and not column.multi)
            if not wanted:
                continue
            assert letter in validations, (sheet.key, column.key)
            validation = validations[letter][0]
            assert validation.type == "list" and validation.formula1
            cell_range = next(r for r in validation.sqref.ranges if r.min_col <= index <= r.max_col)
            assert cell_range.min_row == 2 and cell_range.max_row >= 1000
            assert validation.showErrorMessage == (not column.multi)
            concept_columns += column.kind == "concept"
            reference_columns += column.kind == "ref"
    assert concept_columns >= 15 and reference_columns >= 8
    task_headers = [c.value for c in workbook["Tâches" if lang == "fr" else "Tasks"][1]]
    assert ("tâche de *" if lang == "fr" else "task of *") in task_headers
    help_sheet = workbook[lay.help_names[0 if lang == "fr" else 1]]
    keys = {(r[0], r[2]) for r in help_sheet.iter_rows(min_row=5, values_only=True)}
    for sheet in lay.sheets:  # every column explained
        assert {(sheet.name(lang), c.key) for c in sheet.columns} <= keys


def test_the_concept_lists_are_the_vocabularies(tmp_path):
    workbook = new_workbook("en")
    lists = workbook[layout().lists_names[1]]
    columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in lists.iter_cols()}
    work = case_format().sections["tasks"].fields["work"]
    marker = [unknown_marker("en")] if "work" in unknown_fields("tasks") else []
    assert columns[str(work.scheme).rsplit("/", 1)[-1]] == sorted(work.concepts()) + marker


def test_a_blank_workbook_filled_in_reads_as_a_case(tmp_path):
    path = tmp_path / "blank.xlsx"
    save_workbook(new_workbook("fr"), path)
    workbook = load_workbook(path)
    study = workbook["Étude"]
    rows = {study.cell(r, 1).value.removesuffix(" *"): r for r in range(2, study.max_row + 1)}
    study.cell(rows["identifiant du cas"], 2, "saisie-test")
    study.cell(rows["libellé"], 2, "Saisie d'essai")
    workbook["Sections"].append(["1", "Contexte"])
    workbook["Organisations"].append(["mairie", "Mairie", None, "1"])
    sites = workbook["Sites"]
    headers = [c.value.removesuffix(" *") for c in sites[1]]
    row = [None] * len(headers)
    row[headers.index("identifiant")], row[headers.index("libellé")], row[headers.index("sections sources")] = "site", "Site", "1"
    row[headers.index("site de")] = "mairie"
    row[headers.index("type de site")] = "non précisé"  # the interview does not say
    sites.append(row)
    workbook.save(path)
    if "type" not in unknown_fields("sites"):
        with pytest.raises(CaseError, match=r"Sites!\w+2: type de site: \"not stated\""):
            read_workbook(path)
        return
    case, text = read_workbook(path)
    assert case.entities["site"].data["unknown"] == ["type"]
    assert "unknown: [type]" in text
    # and the way back: the marker in the cell
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    again = written(tmp_path / "case.yaml", tmp_path / "again.xlsx", "en")
    sheet = load_workbook(again)["Sites"]
    assert unknown_marker("en") in [c.value for c in sheet[2]]
    assert same_graph(case, read_workbook(again)[0])


def test_headers_in_either_language_or_the_yaml_key(tmp_path):
    path = written(MAIRIE, tmp_path / "mairie.xlsx", "fr")
    workbook = load_workbook(path)
    tasks = workbook["Tâches"]
    headers = {c.value: c for c in tasks[1]}
    headers["tâche de *"].value = "task of"  # English in a French workbook
    headers["nature du travail *"].value = "work"  # the YAML key
    headers["libellé *"].value = "LIBELLE"  # case and accents do not matter
    workbook["Postes"].title = "posts"  # a sheet named by its key
    workbook.save(path)
    assert same_graph(read_case_file(MAIRIE), read_workbook(path)[0])


def test_labels_of_concepts_are_read_as_their_codes(tmp_path):
    path = written(MAIRIE, tmp_path / "mairie.xlsx", "fr")
    workbook = load_workbook(path)
    tasks = workbook["Tâches"]
    column = [c.value for c in tasks[1]].index("nature du travail *") + 1
    from graphmap.model.workbook_layout import concept_label

    work = case_format().sections["tasks"].fields["work"]
    tasks.cell(2, column, f"{concept_label(work, 'prescribed', 'fr')} ; {concept_label(work, 'real', 'en')}")
    workbook.save(path)
    case, _ = read_workbook(path)
    assert sorted(case.entities["redaction-actes"].data["work"]) == ["prescribed", "real"]


# --- bad input: one located line each, exit 2, nothing written --------------------------------

def _edited(tmp_path: Path, edit) -> Path:
    path = written(MAIRIE, tmp_path / "case.xlsx", "fr")
    workbook = load_workbook(path)
    edit(workbook)
    workbook.save(path)
    return path


def _column(ws, header: str) -> int:
    return [c.value for c in ws[1]].index(header) + 1


def _refused(path: Path, tmp_path: Path, expected: str) -> str:
    out = tmp_path / "out.yaml"
    done = run_here("workbook", "read", str(path), "--out", str(out))
    assert done.code == 2, done.err
    assert not out.exists()
    lines = done.err.strip().splitlines()
    assert any(expected in line for line in lines), done.err
    assert "Traceback" not in done.err
    return done.err


def test_wrong_sheet_name(tmp_path):
    path = _edited(tmp_path, lambda wb: setattr(wb["Tâches"], "title", "Taches de fond"))
    err = _refused(path, tmp_path, "case.xlsx:Taches de fond!A1: (sheet): unknown sheet 'Taches de fond'; the sheets are: Étude, Sections,")
    assert len(err.strip().splitlines()) == 1


def test_unknown_column(tmp_path):
    def edit(wb):
        ws = wb["Tâches"]
        ws.cell(1, ws.max_column + 1, "commentaire")
        ws.cell(2, ws.max_column, "x")
    path = _edited(tmp_path, edit)
    _refused(path, tmp_path, "(header): unknown column 'commentaire'; the columns of this sheet are: identifiant, libellé,")


def test_value_outside_a_drop_down(tmp_path):
    def edit(wb):
        ws = wb["Tâches"]
        ws.cell(2, _column(ws, "nature du travail *"), "prescrite")
    path = _edited(tmp_path, edit)
    letter = get_column_letter(_column(load_workbook(path)["Tâches"], "nature du travail *"))
    _refused(path, tmp_path, f"case.xlsx:Tâches!{letter}2: nature du travail: 'prescrite' is not one of: ")


def test_dangling_reference(tmp_path):
    def edit(wb):
        ws = wb["Tâches"]
        ws.cell(3, _column(ws, "tâche de *"), "poste-disparu")
    path = _edited(tmp_path, edit)
    letter = get_column_letter(_column(load_workbook(path)["Tâches"], "tâche de *"))
    err = _refused(path, tmp_path, f"case.xlsx:Tâches!{letter}3: tâche de: unknown id 'poste-disparu'")
    assert len(err.strip().splitlines()) == 1


def test_missing_required_value_is_located_at_its_cell(tmp_path):
    def edit(wb):
        ws = wb["Postes"]
        ws.cell(2, _column(ws, "relève du métier *")).value = None
    path = _edited(tmp_path, edit)
    letter = get_column_letter(_column(load_workbook(path)["Postes"], "relève du métier *"))
    _refused(path, tmp_path, f"case.xlsx:Postes!{letter}2: relève du métier: missing required field")


def test_duplicate_id_names_the_first_row(tmp_path):
    def edit(wb):
        ws = wb["Métiers"]
        ws.cell(3, 1, ws.cell(2, 1).value)
    path = _edited(tmp_path, edit)
    _refused(path, tmp_path, "case.xlsx:Métiers!A3: identifiant: duplicate id 'agents-etat-civil' (first used in roles at Métiers!A2)")


def test_formula_where_a_value_is_expected(tmp_path):
    def edit(wb):
        ws = wb["Organisations"]
        ws.cell(2, _column(ws, "effectif"), "=20*2")
    path = _edited(tmp_path, edit)
    letter = get_column_letter(_column(load_workbook(path)["Organisations"], "effectif"))
    _refused(path, tmp_path, f"case.xlsx:Organisations!{letter}2: effectif: a formula where a value is expected")


def test_a_number_typed_as_text_and_words_for_booleans_are_values(tmp_path):
    def edit(wb):
        ws = wb["Organisations"]
        ws.cell(2, _column(ws, "effectif"), "40")
        ws.cell(2, _column(ws, "externe"), "Non")
    case, _ = read_workbook(_edited(tmp_path, edit))
    assert case.entities["mairie"].data["staff"] == 40 and case.entities["mairie"].data["external"] is False


def test_a_wrong_number_is_located(tmp_path):
    def edit(wb):
        ws = wb["Organisations"]
        ws.cell(2, _column(ws, "effectif"), "une quarantaine")
    path = _edited(tmp_path, edit)
    letter = get_column_letter(_column(load_workbook(path)["Organisations"], "effectif"))
    _refused(path, tmp_path, f"case.xlsx:Organisations!{letter}2: effectif: expected integer, got str 'une quarantaine'")


def test_macro_enabled_workbooks(tmp_path):
    xlsm = tmp_path / "case.xlsm"
    shutil.copy(written(MAIRIE, tmp_path / "case.xlsx"), xlsm)
    _refused(xlsm, tmp_path, "case.xlsm:1: file: a macro-enabled workbook")
    with_vba = tmp_path / "vba.xlsx"
    with zipfile.ZipFile(tmp_path / "case.xlsx") as source, zipfile.ZipFile(with_vba, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    _refused(with_vba, tmp_path, "vba.xlsx:1: file: a macro-enabled workbook")


@pytest.mark.parametrize("content, expected", [
    (b"id;label\nx;y\n", "not an .xlsx workbook (not a zip archive)"),
    (b"", "empty file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "an Excel 97-2003 (.xls) file"),
    (os.urandom(4096).replace(b"PK", b"pk"), "not an .xlsx workbook"),
    (b"PK\x03\x04" + os.urandom(2000), "not a readable .xlsx workbook"),
], ids=["csv", "empty", "xls", "binary", "broken-zip"])
def test_not_a_workbook(content, expected, tmp_path):
    path = tmp_path / "case.xlsx"
    path.write_bytes(content)
    _refused(path, tmp_path, f"case.xlsx:1: file: {expected}")


def test_other_zips(tmp_path):
    ods = tmp_path / "case.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    _refused(ods, tmp_path, "an OpenDocument spreadsheet (.ods)")
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "hello")
    _refused(other, tmp_path, "a zip archive without xl/workbook.xml")


def test_huge_files_are_refused_before_reading(tmp_path):
    huge = tmp_path / "huge.xlsx"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_WORKBOOK_BYTES + 1)  # sparse: no disk used
    _refused(huge, tmp_path, f"huge.xlsx:1: file: {MAX_WORKBOOK_BYTES + 1} bytes is more than")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(written(MAIRIE, tmp_path / "case.xlsx")) as source, \
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        with target.open("xl/media/zeros.bin", "w") as member:
            chunk = bytes(1 << 20)
            for _ in range(257):
                member.write(chunk)
    assert bomb.stat().st_size < MAX_WORKBOOK_BYTES
    _refused(bomb, tmp_path, "bomb.xlsx:1: file: unpacks to more than")


def test_a_folder_and_a_missing_file(tmp_path):
    _refused(tmp_path, tmp_path, ": file: is a folder, not a workbook")
    _refused(tmp_path / "nothing.xlsx", tmp_path, "nothing.xlsx:1: file: no such file")


def test_an_existing_out_is_kept_on_error_and_replaced_on_success(tmp_path):
    out = tmp_path / "case.yaml"
    out.write_text("previous\n", encoding="utf-8")
    bad = _edited(tmp_path, lambda wb: setattr(wb["Tâches"], "title", "Autre"))
    assert run_here("workbook", "read", str(bad), "--out", str(out)).code == 2
    assert out.read_text(encoding="utf-8") == "previous\n"  # nothing written on any error
    good = written(MAIRIE, tmp_path / "good.xlsx")
    assert run_here("workbook", "read", str(good), "--out", str(out)).code == 0  # as every --out: replaced
    assert same_graph(read_case_file(MAIRIE), read_case_file(out))
    same = run_here("workbook", "read", str(good), "--out", str(good))
    assert same.code == 2 and "is the file being read" in same.err
    assert same_graph(read_case_file(MAIRIE), read_workbook(good)[0])  # the workbook untouched


def test_pipes_and_devices_are_refused_at_once(tmp_path):
    """A pipe nobody writes to would hang a reader, /dev/zero never ends; a device is never written over."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    good = written(MAIRIE, tmp_path / "good.xlsx")
    for args, expected in [
        (("read", str(fifo), "--out", str(tmp_path / "o.yaml")), "pipe:1: file: not a regular file"),
        (("read", "/dev/zero", "--out", str(tmp_path / "o.yaml")), "/dev/zero:1: file: not a regular file"),
        (("write", "/dev/zero", "--out", str(tmp_path / "o.xlsx")), "/dev/zero:1: file: not a regular file"),
        (("read", str(good), "--out", str(fifo)), "is not a regular file (a pipe or a device)"),
        (("read", str(good), "--out", "/dev/null"), "is not a regular file (a pipe or a device)"),
    ]:
        done = run_cli("workbook", *args)  # a process: a hang would stop at the timeout, not the suite
        assert done.code == 2 and expected in done.err, (args, done.err)
        assert len(done.err.strip().splitlines()) == 1
    assert fifo.is_fifo() and Path("/dev/null").is_char_device()
    assert not (tmp_path / "o.yaml").exists() and not (tmp_path / "o.xlsx").exists()


def test_write_and_new_refuse_what_they_cannot_write(tmp_path):
    for args, expected in [
        (("new", "--out", str(tmp_path / "case.xlsm")), "give a .xlsx file name"),
        (("new", "--out", str(tmp_path / "no" / "case.xlsx")), "no folder"),
        (("new", "--out", str(tmp_path)), "is a folder"),
        (("write", str(tmp_path / "missing.yaml"), "--out", str(tmp_path / "w.xlsx")), "missing.yaml:1: file: no such file"),
    ]:
        done = run_here("workbook", *args)
        assert done.code == 2 and expected in done.err, (args, done.err)
    assert not list(tmp_path.glob("*.xlsx*")) and not list(tmp_path.glob(".*tmp"))
    bad_case = tmp_path / "bad.yaml"
    bad_case.write_text(MAIRIE.read_text(encoding="utf-8").replace("of: poste-actes", "of: poste-inconnu"), encoding="utf-8")
    done = run_here("workbook", "write", str(bad_case), "--out", str(tmp_path / "w.xlsx"))
    assert done.code == 2 and "unknown id 'poste-inconnu'" in done.err
    assert not (tmp_path / "w.xlsx").exists()


# --- loads ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def read_seed(seed_xlsx, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("read") / "sante-publique-2026.yaml"
    out.write_text(read_workbook(seed_xlsx)[1], encoding="utf-8")
    return out


def test_the_read_case_loads_into_the_embedded_store(read_seed, tmp_path):
    from graphmap.intake.load import load_cases
    from graphmap.query.named import run_query
    from graphmap.stores import EmbeddedStore

    with EmbeddedStore(tmp_path / "store") as store:
        load_cases([read_seed], store)
        from_workbook = sorted(map(str, run_query(store, "standardisable-tasks").rows))
    with EmbeddedStore(tmp_path / "seed-store") as store:
        load_cases([SEED], store)
        from_yaml = sorted(map(str, run_query(store, "standardisable-tasks").rows))
    assert from_workbook == from_yaml and from_workbook


def test_the_read_case_loads_into_neo4j(read_seed, neo4j_store):
    from graphmap.intake.load import load_cases
    from graphmap.query.named import run_query

    load_cases([read_seed], neo4j_store)
    rows = run_query(neo4j_store, "standardisable-tasks").rows
    assert {r["task"] for r in rows} == {e.id for e in read_case_file(SEED).of_section("tasks")}
