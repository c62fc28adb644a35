"""The personal data guard: e-mails, phones and people's names in case files are warned about,
masked, never printed whole; fields meant to name people are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graphmap.intake.privacy import find_personal_data

from conftest import ALL_CASES, ROOT, run_cli, run_here

CASE = """\
graphmap: 2
case: cas-personnel
language: fr
study:
  label: Cas d'essai — données personnelles
  publisher: [Claire Martin, "M. Dupont", claire.martin@exemple.fr]
  sections:
    - {number: "1", title: Contexte}
organisations:
  - id: mairie
    label: Mairie d'exemple
    source: "1"
roles:
  - id: agents
    label: Agents d'accueil
    in: mairie
    source: "1"
tasks:
  - id: accueil
    label: Accueil téléphonique
    of: agents
    work: real
    source: "1"
"""

EMAIL_TASK = """\
  - id: courriels
    label: Répondre aux courriels de claire.martin@exemple.fr
    of: agents
    work: real
    source: "1"
"""
PHONE_TASK = """\
  - id: rappels
    label: Rappels
    description: Les usagers rappellent au 01 23 45 67 89 ou au +33 (0)6 12 34 56 78.
    of: agents
    work: real
    source: "1"
"""
NAME_TASK = """\
  - id: courrier
    label: Tri du courrier
    of: agents
    work: [prescribed, real]
    source: "1"
    quote:
      - "Le courrier arrive le matin."
      - "Mme Durand m'a dit de demander à Jean-Pierre Leroy."
"""


def _write(tmp_path: Path, *tasks: str, name: str = "cas.yaml") -> str:
    path = tmp_path / name
    path.write_text(CASE + "".join(tasks), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "task, expected",
    [
        (EMAIL_TASK, ["warning: {f}:25: tasks[courriels].label: looks like an e-mail address (c***@e***.fr)"]),
        (PHONE_TASK, ["warning: {f}:26: tasks[rappels].description: looks like a phone number (+33 (*)* ** ** ** 78)",
                      "warning: {f}:26: tasks[rappels].description: looks like a phone number (01 ** ** ** 89)"]),
        (NAME_TASK, ["warning: {f}:31: tasks[courrier].quote[1]: looks like a person's name (J.-P. L.)",
                     "warning: {f}:31: tasks[courrier].quote[1]: looks like a person's name (Mme D.)"]),
    ],
    ids=["email", "phone", "name"],
)
def test_each_finding_is_one_masked_warning(tmp_path, task, expected):
    path = _write(tmp_path, task)
    run = run_here("validate", path)
    assert run.code == 0, run.err
    *warnings, ok = run.err.splitlines()
    assert warnings == [line.format(f=path) for line in expected]
    assert ok.startswith(f"ok: {path} (case cas-personnel, 4 entities, ") and run.out == ""

    strict = run_here("validate", "--strict", path)
    assert strict.code == 2
    assert strict.err.splitlines() == [line.format(f=path).removeprefix("warning: ") for line in expected]


def test_the_value_found_is_never_printed(tmp_path):
    path = _write(tmp_path, EMAIL_TASK, PHONE_TASK, NAME_TASK)
    for args in (("validate", path), ("validate", "--strict", path)):
        err = run_here(*args).err
        for secret in ("claire.martin", "exemple.fr", "23 45 67", "12 34 56", "Durand", "Jean-Pierre", "Leroy"):
            assert secret not in err, secret


def test_load_warns_but_loads(tmp_path):
    path = _write(tmp_path, EMAIL_TASK)
    run = run_cli("load", path, store=tmp_path / "store")
    assert run.code == 0, run.err
    lines = run.err.splitlines()
    assert lines[0] == f"warning: {path}:25: tasks[courriels].label: looks like an e-mail address (c***@e***.fr)"
    assert lines[1].startswith(f"loaded: {path} -> case cas-personnel")


def test_the_seed_and_the_valid_cases_give_no_warning():
    run = run_here("validate", *map(str, ALL_CASES))
    assert run.code == 0
    assert "warning" not in run.err and run.err.count("ok: ") == len(ALL_CASES)
    assert run_here("validate", "--strict", *map(str, ALL_CASES)).code == 0


def test_names_in_a_field_meant_for_them_are_not_reported(tmp_path):
    path = _write(tmp_path)  # the study's publisher names people and gives an e-mail
    run = run_here("validate", "--strict", path)
    assert run.code == 0, run.err
    assert "warning" not in run.err


def test_organisation_and_tool_names_are_not_people(tmp_path):
    tools = """\
ai_tools:
  - id: claude
    label: Claude Pro
    source: "1"
tools:
  - id: logiciel
    label: Logiciel Pierre Fabre
    source: "1"
usages:
  - id: usage
    label: Claude Pro et Albert API, avec le logiciel Pierre Fabre
    description: Formation au lycée Jean Moulin, rue Jean Jaurès ; Monsieur le Maire l'a validé ; France Travail.
    tools: [claude, logiciel]
    status: evoked
    attestation: evoked
    source: "1"
"""
    path = _write(tmp_path)
    Path(path).write_text(Path(path).read_text(encoding="utf-8") + tools, encoding="utf-8")
    run = run_here("validate", "--strict", path)
    assert run.code == 0, run.err


def test_rdf_cases_are_scanned_too(tmp_path):
    store = tmp_path / "store"
    assert run_cli("load", _write(tmp_path, EMAIL_TASK), store=store).code == 0
    turtle = run_cli("export", "--case", "cas-personnel", "-f", "ttl", "--no-verdicts", store=store).out
    path = tmp_path / "cas.ttl"
    path.write_text(turtle, encoding="utf-8")
    line = next(n for n, text in enumerate(turtle.splitlines(), start=1) if "cas-personnel/courriels" in text)
    run = run_here("validate", str(path))
    assert run.code == 0, run.err
    assert run.err.splitlines()[0] == f"warning: {path}:{line}: courriels.label: looks like an e-mail address (c***@e***.fr)"
    assert len(run.err.splitlines()) == 2  # the publisher is not scanned in RDF either



@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_rdf_warnings_keep_their_line_after_a_text_holding_a_line_separator(tmp_path, separator):
    # A raw U+2028, U+2029 or U+0085 inside a Turtle literal is text, not a line end.
    store = tmp_path / "store"
    assert run_cli("load", _write(tmp_path, EMAIL_TASK), store=store).code == 0
    turtle = run_cli("export", "--case", "cas-personnel", "-f", "ttl", "--no-verdicts", store=store).out
    lines = turtle.split("\n")
    found = next(n for n, text in enumerate(lines) if "cas-personnel/courriels" in text)
    first_text = next(n for n, text in enumerate(lines[:found]) if '"@fr' in text and text.count('"') == 2)
    lines[first_text] = lines[first_text].replace('"@fr', f'{separator}"@fr')
    path = tmp_path / "cas.ttl"
    path.write_text("\n".join(lines), encoding="utf-8")
    run = run_here("validate", str(path))
    assert run.code == 0, run.err
    assert run.err.splitlines()[0] == f"warning: {path}:{found + 1}: courriels.label: looks like an e-mail address (c***@e***.fr)"


@pytest.mark.parametrize(
    "text, found",
    [
        ("tél. 01.23.45.67.89", ["looks like a phone number (01.**.**.**.89)"]),
        ("+33 1 23 45 67 89", ["looks like a phone number (+33 * ** ** ** 89)"]),
        ("0612345678", ["looks like a phone number (06******78)"]),
        ("Dr Durand et Madame Claire Martin", ["looks like a person's name (Dr D.)", "looks like a person's name (Madame C. M.)"]),
        ("Claire Martin", ["looks like a person's name (C. M.)"]),
        ("Jean-Pierre Durand", ["looks like a person's name (J.-P. D.)"]),
        ("M. Dupont", ["looks like a person's name (M. D.)"]),
        ("selon M. Le Goff", ["looks like a person's name (M. L. G.)"]),
        ("Marie DUPONT", ["looks like a person's name (M. D.)"]),
        # not personal data
        ("le 2026-01-15, 1 200 agents, +20 000 agents, O*NET 43-4051.00, SIREN 123 456 789", []),
        ("ChatGPT Pro, Microsoft Copilot, Claude Sonnet, Albert, Le Chat de Mistral", []),
        ("Claire et précise, la Consigne Marie n'existe pas", []),
        ("hôpital Georges Pompidou, Institut Marie Curie, Saint-Louis", []),
        ("Monsieur le Maire, Madame la Directrice, M. Le Maire, Mme La directrice", []),
    ],
)
def test_what_is_found(text, found):
    assert find_personal_data(text) == found


def test_one_definition_of_email_and_phone():
    from graphmap.intake import privacy
    from graphmap.outputs import pseudonymise

    assert pseudonymise.EMAIL is privacy.EMAIL and pseudonymise.PHONE is privacy.PHONE
    source = (ROOT / "src" / "graphmap" / "outputs" / "pseudonymise.py").read_text(encoding="utf-8")
    assert "re.compile(r\"[\\w.+-]+@" not in source


def test_rdf_warnings_name_the_quote_and_the_section_title_they_are_in(tmp_path):
    """An RDF case's texts are scanned in one pass; their owner and field are found only for a
    finding: a quote's is its entity's (``id.quote``), a section title's the study's section."""
    quoted = EMAIL_TASK.replace("Répondre aux courriels de claire.martin@exemple.fr", "Répondre aux courriels") + \
        '    quote: ["Je réponds à jean.durand@exemple.fr chaque matin"]\n'
    store = tmp_path / "store"
    written = Path(_write(tmp_path, quoted))
    written.write_text(written.read_text(encoding="utf-8").replace("title: Contexte", "title: Contexte (paul.roux@exemple.fr)"), encoding="utf-8")
    assert run_cli("load", str(written), store=store).code == 0
    turtle = run_cli("export", "--case", "cas-personnel", "-f", "ttl", "--no-verdicts", store=store).out
    path = tmp_path / "cas.ttl"
    path.write_text(turtle, encoding="utf-8")
    run = run_here("validate", str(path))
    assert run.code == 0, run.err
    fields = sorted(line.split(": ")[2] for line in run.err.splitlines() if "e-mail" in line)
    assert fields == ["cas-personnel.sections[1].title", "courriels.quote"], run.err


# Pieces texts are made of: every pattern's start and end, the characters around them, and the
# separators one of them accepts between two texts.
_PIECES = ["Claire", "Martin", "DUPONT", "Jean-Pierre", "M.", "Dr", "Madame", "de", "d'", "0", "1", "6", "+33",
           "(0)", "@", "exemple", ".", ".fr", "-", "'", "’", " ", "\n", "\n\n", "a", "É", "rue", "Pro"]


@settings(max_examples=400, deadline=None)
@example(["Dr", "Madame DUPONT DUPONT"])  # joined, "Dr\n\nMadame DUPONT" is a match: the second's starts in it
@example(["", "Claire Martin", "", "M. Dupont"])
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join), max_size=12))
def test_the_texts_scanned_are_all_those_in_which_something_is_found(texts):
    """The guard scans only the texts a pattern matches in when they are joined (``_candidates``):
    every text in which ``find_personal_data`` finds something alone is among them. Fails if a
    match at a text's first character, or one running into the next text, is given to the text
    before it only."""
    from graphmap.intake.privacy import _candidates

    found = {index for index, text in enumerate(texts) if find_personal_data(text)}
    assert found <= set(_candidates(texts))


def test_every_given_name_begins_with_a_capital():
    """``_GIVEN_NAME`` says a capital first, to pass over other characters at once: it finds the
    same names only if every given name begins with one."""
    import re

    from graphmap.intake import privacy

    assert all(re.fullmatch(f"[{privacy._UP}].*", name) for name in privacy.GIVEN_NAMES)
