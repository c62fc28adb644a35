"""Hostile input that is not a fixed file of tests/data/invalid.

Text that looks like code (Cypher, SPARQL, shell, quotes, backticks, newlines) is valid and must
come back unchanged; a file over the size limit must give one clear line; a few encodings and
YAML spellings a person really writes must be read as they were meant.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from graphmap.intake.casefile import MAX_FILE_BYTES
from graphmap.intake.yamlsource import MAX_VALUES

VALID = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"

HEADER = """\
graphmap: 1
case: textes-hostiles
language: fr
study:
  label: Cas d'essai — textes qui ressemblent à du code
  sections:
    - {number: "1", title: Contexte}
organisations:
  - id: mairie
    label: Mairie d'exemple
    source: "1"
"""

# Every label and quote must come back exactly as written: the stores bind values, never paste them.
LABELS = {
    "role-cypher": "Agents'}) MATCH (n) DETACH DELETE n //",
    "role-cypher-backticks": "`Role` }) WITH 1 AS x CALL db.labels() YIELD label RETURN label //",
    "role-sparql": '"} ; DROP ALL ; INSERT DATA { <urn:a> <urn:b> "c" } #',
    "role-sparql-long-quotes": "''' \"\"\" }}} FILTER(true) \"\"\" '''",
    "role-quotes": "L'agent « principal » dit \"non\" et 'oui'",
    "role-backticks": "`rm -rf ~` et $(id) et ${HOME}",
    "role-newlines": "Première ligne\nSeconde ligne\n\tindentée\n",
    "role-backslashes": "C:\\dossier\\nouveau \\u0041 \\\" \\\\",
    "role-markup": "<script>alert(1)</script> &amp; %s {0} {{label}}",
    "role-unicode": "Agents d’accueil — ﬁn 🙂 עברית 中文",
}
QUOTE = 'Il a dit : "MATCH (n) DETACH DELETE n" puis \'; DROP ALL\' et `ls`\nfin.'


def _case_with_hostile_text(folder: Path) -> Path:
    lines = [HEADER, "roles:\n"]
    for ident, label in LABELS.items():
        lines.append(f"  - id: {ident}\n    label: {json.dumps(label, ensure_ascii=False)}\n    source: \"1\"\n")
    lines.append(f"    quote: {json.dumps(QUOTE, ensure_ascii=False)}\n")  # on the last role
    path = folder / "textes-hostiles.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _evidence(store: Path, entity: str) -> list[dict]:
    run = run_cli("query", "evidence", "--param", f"entity={entity}", "-f", "json", "--store", str(store))
    assert run.code == 0, run.err
    return json.loads(run.out)


def test_text_that_looks_like_code_loads_as_plain_text(tmp_path):
    case = _case_with_hostile_text(tmp_path)
    store = tmp_path / "store"
    run = run_cli("load", str(case), "--store", str(store))
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    for ident, label in LABELS.items():
        rows = _evidence(store, ident)
        assert [row["label"] for row in rows] == [label], ident
    last = list(LABELS)[-1]
    assert _evidence(store, last)[0]["quotes"] == [QUOTE]


def test_a_query_parameter_that_looks_like_code_is_only_a_value(tmp_path):
    store = tmp_path / "store"
    assert run_cli("load", str(VALID), "--store", str(store)).code == 0
    before = {p: p.read_bytes() for p in sorted(store.rglob("*")) if p.is_file()}
    for value in ['x" } DROP ALL { "', "x' }) MATCH (n) DETACH DELETE n //", "jardiniers\n} #"]:
        # A value, never code: the store holds no such entity, which is said in one line (issue 21).
        run = run_cli("query", "evidence", "--param", f"entity={value}", "-f", "json", "--store", str(store))
        assert run.code == 2 and len(run.err.strip().splitlines()) == 1, run.err
        assert "is not a value of entity in the store" in run.err and run.out == ""
    assert {p: p.read_bytes() for p in sorted(store.rglob("*")) if p.is_file()} == before
    assert [row["label"] for row in _evidence(store, "jardiniers")] == ["Jardiniers"]


def _padded(path: Path, size: int) -> Path:
    """A valid case file padded with a comment to exactly ``size`` bytes."""
    text = VALID.read_text(encoding="utf-8") + "# "
    padding = size - len(text.encode("utf-8")) - 1
    path.write_text(text + "x" * padding + "\n", encoding="utf-8")
    assert path.stat().st_size == size
    return path


def test_a_file_just_over_the_size_limit_gives_one_clear_line(tmp_path):
    path = _padded(tmp_path / "trop-gros.yaml", MAX_FILE_BYTES + 1)
    for command in (("validate", str(path)), ("load", str(path), "--store", str(tmp_path / "store"))):
        run = run_cli(*command)
        assert run.code == 2
        assert run.out == "" and "Traceback" not in run.err
        assert run.err.splitlines() == [
            f"{path}:1: file: {MAX_FILE_BYTES + 1} bytes is more than the {MAX_FILE_BYTES} a case file may have; "
            "split the study into several cases"
        ]
    assert not (tmp_path / "store").exists()  # checked before the store is opened


def test_a_file_of_exactly_the_size_limit_is_read(tmp_path):
    path = _padded(tmp_path / "juste.yaml", MAX_FILE_BYTES)
    run = run_cli("validate", str(path))
    assert run.code == 0, run.err
    assert run.err.startswith(f"ok: {path} (case mairie-exemple,")


def test_a_byte_order_mark_at_the_start_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.read_bytes())
    run = run_cli("validate", str(path))
    assert run.code == 0, run.err
    assert run.err.startswith(f"ok: {path} (case mairie-exemple,")


def test_a_byte_order_mark_does_not_shift_line_numbers(tmp_path):
    bad = ROOT / "tests" / "data" / "invalid" / "bad-id-space.yaml"
    path = tmp_path / "bom-bad-id.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + bad.read_bytes())
    run = run_cli("validate", str(path))
    assert run.code == 2
    assert run.err.splitlines() == [
        f"{path}:15: roles[agents accueil].id: 'agents accueil' is not a valid id "
        "(lowercase letters, digits and '-', starting with a letter or digit)"
    ]


def test_windows_line_endings_give_the_same_lines(tmp_path):
    bad = ROOT / "tests" / "data" / "invalid" / "bad-id-space.yaml"
    path = tmp_path / "crlf.yaml"
    path.write_bytes(bad.read_bytes().replace(b"\n", b"\r\n"))
    run = run_cli("validate", str(path))
    assert run.code == 2
    assert [line.split(":", 1)[1] for line in run.err.splitlines()] == [
        line.split(":", 1)[1] for line in run_cli("validate", str(bad)).err.splitlines()
    ]


def _loaded_with_sections_3_1_and_3_10(tmp_path, roles: str) -> Path:
    """A store holding the small case with sections 3.1 and 3.10 declared and ``roles`` (YAML)."""
    path = tmp_path / "sections-3-1-and-3-10.yaml"
    path.write_text(
        HEADER.replace('    - {number: "1", title: Contexte}\n',
                       '    - {number: "1", title: Contexte}\n    - {number: "3.1", title: Non-usages}\n'
                       '    - {number: "3.10", title: Non-usages techniques}\n')
        + "roles:\n" + roles,
        encoding="utf-8",
    )
    store = tmp_path / "store"
    run = run_cli("load", str(path), "--store", str(store))
    assert run.code == 0, run.err
    return store


def test_an_unquoted_section_number_keeps_the_text_written(tmp_path):
    """``source: 3.10`` is section 3.10 (the docs say 4.1 and "4.1" are the same), not the float 3.1."""
    store = _loaded_with_sections_3_1_and_3_10(tmp_path, "  - id: agents-accueil\n    label: Agents d'accueil\n    source: 3.10\n")
    assert [row["section"] for row in _evidence(store, "agents-accueil")] == ["3.10"]


def test_sections_3_1_and_3_10_cited_unquoted_in_one_case_stay_two(tmp_path):
    """The section IRIs are built once per section cited: by the text written, so 3.1 cited
    first does not stand for 3.10 after it (they are equal as numbers)."""
    store = _loaded_with_sections_3_1_and_3_10(tmp_path, "  - id: agents-bis\n    label: Agents bis\n    source: 3.1\n"
                                                         "  - id: agents-accueil\n    label: Agents d'accueil\n    source: 3.10\n")
    assert [row["section"] for row in _evidence(store, "agents-bis")] == ["3.1"]
    assert [row["section"] for row in _evidence(store, "agents-accueil")] == ["3.10"]


# Characters that str.splitlines() takes for line ends but N-Triples and YAML keep as text; a
# check that split on them counted a triple too many and passed a case the store then refused.
LINE_BREAKS_IN_TEXT = {"U+2028": "\u2028", "U+2029": "\u2029", "U+0085": "\u0085", "LF": "\n", "CR": "\r", "tab": "\t"}

TURTLE_CASE = """\
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix gm: <https://w3id.org/graphmap/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<https://w3id.org/graphmap/id/t/_study> a gm:Study ;
    rdfs:label "Étude"@fr ;
    dcterms:identifier "t" .

<https://w3id.org/graphmap/id/t/_section/1> a gm:SourceSection ;
    dcterms:isPartOf <https://w3id.org/graphmap/id/t/_study> ;
    dcterms:title "Contexte"@fr ;
    gm:sectionNumber "1" .

<https://w3id.org/graphmap/id/t/mairie> a gm:Organisation ;
    rdfs:label LABEL@fr ;
    dcterms:identifier "mairie" ;
    gm:source <https://w3id.org/graphmap/id/t/_section/1> .
"""


def _case_with_label(folder: Path, syntax: str, label: str) -> tuple[Path, str]:
    """A case whose organisation ``mairie`` has ``label`` (escaped in the file); and its case id."""
    if syntax == "turtle":
        path = folder / "etiquette.ttl"
        path.write_text(TURTLE_CASE.replace("LABEL", json.dumps(label)), encoding="utf-8")
        return path, "t"
    path = folder / "etiquette.yaml"
    path.write_text(HEADER.replace("label: Mairie d'exemple", f"label: {json.dumps(label)}"), encoding="utf-8")
    return path, "textes-hostiles"


@pytest.mark.parametrize("syntax", ["turtle", "yaml"])
@pytest.mark.parametrize("name", sorted(LINE_BREAKS_IN_TEXT))
def test_line_breaks_in_a_text_pass_validate_and_load_alike(tmp_path, syntax, name):
    label = f"Mairie{LINE_BREAKS_IN_TEXT[name]}d'exemple"
    path, case = _case_with_label(tmp_path, syntax, label)
    checked = run_cli("validate", str(path))
    assert checked.code == 0, checked.err
    store = tmp_path / "store"
    loaded = run_cli("load", str(path), "--store", str(store))
    assert loaded.code == 0, loaded.err
    triples = re.search(r"(\d+) triples\)", checked.err).group(1)
    assert f"-> case {case} ({triples} triples)" in loaded.err  # validate counts what load writes
    assert [row["label"] for row in _evidence(store, "mairie")] == [label]


# --- what is not a case file, and files made to exhaust memory ---------------------------------

def _not_regular(folder: Path, kind: str) -> Path:
    if kind.startswith("/dev/"):
        return Path(kind)
    path = folder / f"tube.{kind.split('-')[1]}"
    os.mkfifo(path)  # a reader of a FIFO nobody writes to waits for ever
    return path


@pytest.mark.parametrize("command", ["validate", "load"])
@pytest.mark.parametrize("kind", ["/dev/zero", "/dev/urandom", "fifo-yaml", "fifo-ttl", "fifo-jsonld"])
def test_what_is_not_a_regular_file_is_refused_before_it_is_read(tmp_path, kind, command):
    path = _not_regular(tmp_path, kind)
    run = run_cli(command, str(path), "--store", str(tmp_path / "store")) if command == "load" else run_cli(command, str(path))
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err
    assert run.err.splitlines() == [f"{path}:1: file: not a regular file (a device, a pipe or a socket); give a case file"]
    assert not (tmp_path / "store").exists()


def _peak_memory(*args: str) -> int:
    """Peak resident memory (bytes) of ``graphmap ARGS`` run in a fresh process, and its exit code."""
    probe = ("import resource, subprocess, sys; "
             "done = subprocess.run([sys.executable, '-m', 'graphmap', *sys.argv[1:]], capture_output=True); "
             "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)")
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    code, peak = map(int, out.split())
    assert code in (0, 2)
    return peak


# A value repeated to ~300 kB where the format wants something else: each wrong item made one
# error object (~9.5 KB of memory each; an 8 MiB file took more than 22 GB).
MANY_WRONG_ITEMS = {
    "integers-for-texts": ("benefits: [Gain de temps]", "benefits: [{}]", "1"),
    "lists-for-texts": ("benefits: [Gain de temps]", "benefits: [{}]", "[]"),
    "integers-for-references": ("    tasks: redaction-actes\n", "    tasks: [{}]\n", "1"),
    "integers-for-roles": ("roles:\n", "roles: [{}]\nroles-suite:\n", "1"),
}


@pytest.mark.parametrize("name", sorted(MANY_WRONG_ITEMS))
def test_a_file_of_many_wrong_items_is_refused_in_bounded_memory_and_lines(tmp_path, name):
    old, new, item = MANY_WRONG_ITEMS[name]
    text = VALID.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new.format(", ".join([item] * 100_000)), 1), encoding="utf-8")
    run = run_cli("validate", str(path))
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err
    assert 1 <= len(run.err.splitlines()) <= 101
    baseline = _peak_memory("validate", str(VALID))
    assert _peak_memory("validate", str(path)) - baseline < 500 * path.stat().st_size


# ~4 MiB of the shapes that cost the most memory per byte when the reader composed a tree of YAML
# nodes (185 bytes per byte of a list of one-character items: the 8 MiB limit took ~1.6 GB;
# before the list of wrong items was bounded, more than 22 GB). Each is refused in one line (too
# many values, nested too deep) or read, in less than 20 bytes of memory per byte of the file.
HOSTILE_YAML = {
    "flow-list": ("benefits: [Gain de temps]", lambda n: "benefits: [" + ", ".join(["a"] * (n // 3)) + "]"),
    "block-list": ("benefits: [Gain de temps]", lambda n: "benefits:\n" + "      - a\n" * (n // 10)),
    "tiny-mappings": ("benefits: [Gain de temps]", lambda n: "benefits: [" + ",".join(["{}"] * (n // 3)) + "]"),
    "deep-nesting": ("benefits: [Gain de temps]",
                     lambda n: "benefits: [" + ",".join(["[" * 30 + "a" + "]" * 30] * (n // 62)) + "]"),
    "too-deep-nesting": ("benefits: [Gain de temps]",
                         lambda n: "benefits: [" + ",".join(["[" * 45 + "a" + "]" * 45] * (n // 92)) + "]"),
    "long-text": ("label: Jardiniers\n", lambda n: "label: Jardiniers\n    description: \"" + "a" * n + "\"\n"),
    "many-anchors": ("benefits: [Gain de temps]", lambda n: "benefits:\n" + "".join(f"      - &a{i} a\n" for i in range(n // 20))),
    "many-aliases": ("benefits: [Gain de temps]", lambda n: "benefits:\n      - &a a\n" + "      - *a\n" * (n // 11)),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_YAML))
def test_a_hostile_yaml_file_is_read_or_refused_in_a_small_multiple_of_its_size(tmp_path, name):
    old, new = HOSTILE_YAML[name]
    text = VALID.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new(4 * 2**20), 1), encoding="utf-8")
    size = path.stat().st_size
    assert 3.5 * 2**20 < size <= MAX_FILE_BYTES
    run = run_cli("validate", str(path))
    assert run.code in (0, 2) and "Traceback" not in run.err, run.err[-300:]
    if run.code == 2:
        [line] = run.err.splitlines()
        assert re.match(rf"{re.escape(str(path))}:\d+: ", line), line
    baseline = _peak_memory("validate", str(VALID))
    assert _peak_memory("validate", str(path)) - baseline < 20 * size


def test_eight_mebibytes_of_one_character_items_is_one_line_at_the_first_value_past_the_limit(tmp_path):
    text = VALID.read_text(encoding="utf-8")
    line = text.split("\n").index(next(x for x in text.split("\n") if "benefits: [Gain de temps]" in x)) + 1
    path = tmp_path / "huit-mio.yaml"
    filler = "benefits: [" + ", ".join(["1"] * ((MAX_FILE_BYTES - len(text) - 100) // 3)) + "]"
    path.write_text(text.replace("benefits: [Gain de temps]", filler, 1), encoding="utf-8")
    assert MAX_FILE_BYTES - 200 < path.stat().st_size <= MAX_FILE_BYTES
    run = run_cli("validate", str(path))
    assert run.code == 2 and run.out == ""
    assert run.err.splitlines() == [f"{path}:{line}: file: more than {MAX_VALUES} values (texts, numbers, lists and mappings); "
                                    f"a case file holds at most {MAX_VALUES} (the seed study has 1,701): split the study into several cases"]


# --- input shaped to make a check super-linear: each must finish (run_cli stops a run at 300 s;
# before the fixes these took hours) -----------------------------------------------------------

def _with_units(folder: Path, count: int, cycle: bool) -> Path:
    """Units u0 ⊂ u1 ⊂ ... (each the unit_of the next); with ``cycle``, the first inside the last."""
    units = "".join(f"  - id: u{i}\n    label: U{i}\n    unit_of: {f'u{i + 1}' if i + 1 < count else ('u0' if cycle else 'mairie')}\n"
                    "    source: \"1\"\n" for i in range(count))
    path = folder / f"chaine-{count}.yaml"
    path.write_text(VALID.read_text(encoding="utf-8").replace("units:\n", "units:\n" + units, 1), encoding="utf-8")
    return path


def test_a_long_chain_of_units_is_checked_once_per_unit(tmp_path):
    # A chain of 4,000 took 125 s (each unit walked the chain above it); this one, hours.
    path = _with_units(tmp_path, 20_000, cycle=False)
    run = run_cli("validate", str(path))
    assert run.code == 0, run.err
    assert run_cli("load", str(path), "--store", str(tmp_path / "store")).code == 0


def test_a_cycle_at_the_end_of_a_long_chain_is_one_line(tmp_path):
    path = _with_units(tmp_path, 20_000, cycle=True)
    run = run_cli("validate", str(path))
    assert run.code == 2 and "Traceback" not in run.err
    [line] = run.err.splitlines()
    assert line.startswith(f"{path}:") and ": units[u0].unit_of: cycle: u0 -> u1 -> u2 -> " in line and line.endswith(" -> u19999 -> u0")


# About 1 MB of text where the e-mail pattern, tried from every character, rescanned the rest.
BACKTRACKING_TEXTS = {
    "letters-then-at": "a" * 1_000_000 + "@",
    "at-then-letters": "a@" + "b" * 1_000_000,
    "dotted-then-at": "a." * 500_000 + "@",
    "signs-then-at": "-+" * 500_000 + "@x",
}


@pytest.mark.parametrize("name", sorted(BACKTRACKING_TEXTS))
def test_a_megabyte_of_text_made_to_backtrack_is_checked_and_exported(tmp_path, name):
    text = BACKTRACKING_TEXTS[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(VALID.read_text(encoding="utf-8").replace("label: Jardiniers\n", f"label: Jardiniers\n    description: \"{text}\"\n", 1),
                    encoding="utf-8")
    assert "description" in path.read_text(encoding="utf-8")
    run = run_cli("validate", str(path))
    assert run.code == 0 and "warning" not in run.err, run.err[:300]
    store = tmp_path / "store"
    assert run_cli("load", str(path), "--store", str(store)).code == 0
    out = tmp_path / "out.nt"
    assert run_cli("export", "--pseudonymise", "--salt", "s", "-f", "nt", "-o", str(out), "--store", str(store)).code == 0
    assert text.replace("\\", "\\\\") in out.read_text(encoding="utf-8")  # nothing in it looks like an address


# --- rubric files: a value the verdicts cannot use is refused, located, before any store opens -----

RUBRIC = (ROOT / "ontology" / "rubric.ttl").read_text(encoding="utf-8")
THRESHOLD_LINE = next(n for n, line in enumerate(RUBRIC.split("\n"), start=1) if "gm:threshold" in line)
WEIGHT_LINE = next(n for n, line in enumerate(RUBRIC.split("\n"), start=1) if "gm:weight" in line)
EXPLICIT_LINE = next(n for n, line in enumerate(RUBRIC.split("\n"), start=1) if "gmv:char-explicit-rules ; gm:weight" in line)
PHYSICAL_LINE = next(n for n, line in enumerate(RUBRIC.split("\n"), start=1) if "gm:characteristic gmv:char-physical-work ;" in line)
BAD_RUBRICS = {  # edit of the default rubric -> the line graphmap must print (the file's name first)
    "threshold-a-word": (("gm:threshold 0.55", 'gm:threshold "high"'),
                         f":{THRESHOLD_LINE}: threshold: 'high': the threshold is one number from 0 to 1 (such as 0.55)"),
    "threshold-above-one": (("gm:threshold 0.55", "gm:threshold 1.5"),
                            f":{THRESHOLD_LINE}: threshold: '1.5': the threshold is one number from 0 to 1 (such as 0.55)"),
    "threshold-twice": (("gm:threshold 0.55", "gm:threshold 0.55, 0.6"),
                        f":{THRESHOLD_LINE}: threshold: '0.55', '0.6': the threshold is one number from 0 to 1 (such as 0.55)"),
    "threshold-missing": (("gm:threshold 0.55 ;", ""),
                          ":1: threshold: none: the threshold is one number from 0 to 1 (such as 0.55)"),
    "weight-a-word": (("gm:weight 2 ;", 'gm:weight "lourd" ;'),
                      f":{WEIGHT_LINE}: gmr:recurrent.weight: 'lourd': a criterion's weight is one number, 0 or more (such as 2)"),
    "weight-negative": (("gm:characteristic gmv:char-explicit-rules ; gm:weight 2", "gm:characteristic gmv:char-explicit-rules ; gm:weight -2"),
                        f":{EXPLICIT_LINE}: gmr:explicit-rules.weight: '-2': a criterion's weight is one number, 0 or more (such as 2)"),
    "criterion-without-characteristic": (("gm:characteristic gmv:char-explicit-rules ; ", ""),
                                         f":{EXPLICIT_LINE - 2}: gmr:explicit-rules.characteristic: a criterion looks at exactly one task characteristic (0 given)"),
    "characteristic-outside-the-vocabulary": (("gmv:char-explicit-rules ;", "gmv:char-clear-rules ;"),
                                              f":{EXPLICIT_LINE}: gmr:explicit-rules.characteristic: gmv:char-clear-rules is not a task characteristic of gmv:TaskCharacteristics"),
    "blocking-condition-on-a-criterion-concept": (("gm:characteristic gmv:char-physical-work ;", "gm:characteristic gm:Task ;"),
                                                  f":{PHYSICAL_LINE}: gmr:physical-work.characteristic: gm:Task is not a task characteristic of gmv:TaskCharacteristics"),
    "weights-add-up-to-zero": (("gm:weight 2", "gm:weight 0"), None),
    "malformed": (("gm:threshold 0.55 ;", "gm:threshold 0.55 ;;; ]"), f":{THRESHOLD_LINE}: turtle: malformed Turtle: "),
}


@pytest.mark.parametrize("name", sorted(BAD_RUBRICS))
def test_a_rubric_the_verdicts_cannot_use_is_refused_in_one_located_line(tmp_path, name):
    (old, new), expected = BAD_RUBRICS[name]
    assert old in RUBRIC
    rubric = tmp_path / f"{name}.ttl"
    text = RUBRIC.replace(old, new, 1) if expected else re.sub(r"gm:weight \d+", "gm:weight 0", RUBRIC)
    rubric.write_text(text, encoding="utf-8")
    expected = expected or f":{WEIGHT_LINE}: weight: the criteria's weights add up to 0: no score could be computed"
    store = tmp_path / "store"
    for command in (("load", str(VALID)), ("analyse", str(VALID))):
        run = run_cli(*command, "--rubric", str(rubric), "--store", str(store))
        assert run.code == 2 and run.out == "" and "Traceback" not in run.err, run.err
        [line] = run.err.splitlines()
        assert line.startswith(f"{rubric}{expected}"), line
        assert not store.exists()  # checked before the store is opened


@pytest.mark.parametrize("name", ["missing", "folder", "not-utf8"])
def test_a_rubric_that_is_not_a_readable_file_is_one_line(tmp_path, name):
    rubric = tmp_path / "grille.ttl"
    if name == "folder":
        rubric.mkdir()
    elif name == "not-utf8":
        rubric.write_bytes(RUBRIC.encode("latin-1"))
    run = run_cli("load", str(VALID), "--rubric", str(rubric), "--store", str(tmp_path / "store"))
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err, run.err
    assert len(run.err.splitlines()) == 1 and run.err.startswith(f"graphmap: --rubric {rubric}: ")
    assert not (tmp_path / "store").exists()
