"""Case format 2 (issue 22): version 1 still loads as its migration, `graphmap migrate` keeps what
the analyst wrote, `unknown` says what the interview did not, and the typology reads the new
facts (empty posts, capsule designers, per-tool constraints)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from graphmap.derivation.engine import derive, facts_of, Rule
from graphmap.errors import CaseError
from graphmap.intake.casefile import parse_case_text, read_case_file
from graphmap.intake.rewrite import plan_migration
from graphmap.intake.to_rdf import case_ntriples
from graphmap.model.vocabulary import GM, rubric_graph

from conftest import ROOT, run_cli, run_here

V1 = ROOT / "tests" / "data" / "v1" / "mairie-exemple-v1.yaml"  # the old test case as version 1 wrote it
V2 = ROOT / "tests" / "data" / "valid" / "atelier-format-2.yaml"
V1_WITH_INTERVIEW = """# a study of one interview, as version 1 wrote it
graphmap: 1
case: essai-v1
language: fr
study:
  label: Essai
  interview_minutes: 45   # the length
  informant: agent d'accueil
  sections:
    - {number: "1", title: Contexte}

# --- organisations ---
organisations:
  - id: mairie
    label: Mairie
    source: "1"
"""


def _verdicts(path: Path) -> dict[tuple[str, str], str]:
    case = read_case_file(path)
    lines, _ = case_ntriples(case)
    facts = facts_of(case.id, "\n".join(lines))
    return {(v.entity_id, v.question): v.effective for v in derive(facts, Rule.from_graph(rubric_graph()))}


def _triples(text: str, name: str = "case.yaml") -> list[str]:
    return sorted(case_ntriples(parse_case_text(text, name))[0])


# --- version 1 ----------------------------------------------------------------------------

def test_a_version_1_file_reads_as_its_migration(tmp_path):
    path = tmp_path / "v1.yaml"
    path.write_text(V1_WITH_INTERVIEW, encoding="utf-8")
    case = read_case_file(path)
    assert case.written_version == 1
    interview = case.entities["entretien-1"]
    assert interview.section == "interviews"
    assert interview.data["minutes"] == 45 and interview.data["informant"] == "agent d'accueil"
    migration = plan_migration(path)
    assert _triples(migration.text) == sorted(case_ntriples(case)[0])
    lines = "\n".join(case_ntriples(case)[0])
    assert f"<{GM.interviewMinutes}> \"45\"" in lines


def test_a_migration_rewrites_the_text_it_checked_even_if_the_file_changes_meanwhile(tmp_path, monkeypatch):
    """The file is read once: another program editing it between the check and the rewrite
    changes neither the plan nor its verdict (a second read made the plan refuse, or rewrite
    a text nobody checked)."""
    import graphmap.intake.casefile as casefile
    import graphmap.intake.rewrite as rewrite

    path = tmp_path / "v1.yaml"
    path.write_text(V1_WITH_INTERVIEW, encoding="utf-8")
    checked = parse_case_text(V1_WITH_INTERVIEW, str(path))

    def edited_meanwhile(text, name):
        case = parse_case_text(text, name)
        path.write_text(V1_WITH_INTERVIEW.replace("interview_minutes: 45", "interview_minutes: 50"), encoding="utf-8")
        return case

    monkeypatch.setattr(casefile, "parse_case_text", edited_meanwhile)
    monkeypatch.setattr(rewrite, "parse_case_text", edited_meanwhile, raising=False)
    migration = plan_migration(path)
    assert _triples(migration.text) == sorted(case_ntriples(checked)[0])


def test_a_version_1_problem_is_located_on_the_line_written():
    bad = V1_WITH_INTERVIEW.replace("interview_minutes: 45", "interview_minutes: -3")
    with pytest.raises(CaseError) as caught:
        parse_case_text(bad, "v1.yaml")
    assert [str(p) for p in caught.value.problems] == ["v1.yaml:7: interviews[entretien-1].minutes: -3 is less than the minimum of 0"]


def test_an_unknown_version_is_refused_in_one_line():
    with pytest.raises(CaseError) as caught:
        parse_case_text(V1_WITH_INTERVIEW.replace("graphmap: 1", "graphmap: 7"), "v7.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "v7.yaml:2: graphmap: format version 7 is not one this graphmap reads (1, 2); a newer graphmap may read it"]


def test_the_seed_is_version_2():
    assert read_case_file(ROOT / "cases" / "sante-publique-2026.yaml").written_version == 2


# --- graphmap migrate ---------------------------------------------------------------------

def test_migrate_rewrites_in_place_keeping_comments_and_order(tmp_path):
    path = tmp_path / "v1.yaml"
    path.write_text(V1_WITH_INTERVIEW, encoding="utf-8")
    before = _triples(V1_WITH_INTERVIEW)
    run = run_here("migrate", str(path))
    assert run.code == 0, run.err
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# a study of one interview, as version 1 wrote it\ngraphmap: 2\n")
    assert "# --- organisations ---" in text and text.index("interviews:") < text.index("# --- organisations ---")
    assert "interview_minutes" not in text
    assert re.search(r"\n    minutes: 45 +# the length\n", text)  # a comment at the end of a moved line moves with it
    assert _triples(text) == before
    assert "migrated: " in run.err and "interviews[entretien-1]" in run.err
    again = run_here("migrate", str(path))
    assert again.code == 0 and "current: " in again.err
    assert path.read_text(encoding="utf-8") == text


def test_migrate_check_writes_nothing_and_exits_1(tmp_path):
    path = tmp_path / "v1.yaml"
    path.write_text(V1_WITH_INTERVIEW, encoding="utf-8")
    run = run_here("migrate", "--check", str(path))
    assert run.code == 1 and "would migrate" in run.err
    assert path.read_text(encoding="utf-8") == V1_WITH_INTERVIEW


def test_migrate_writes_nothing_when_one_file_is_invalid(tmp_path):
    good, bad = tmp_path / "a.yaml", tmp_path / "b.yaml"
    good.write_text(V1_WITH_INTERVIEW, encoding="utf-8")
    bad.write_text(V1_WITH_INTERVIEW.replace("label: Mairie", "label: ''"), encoding="utf-8")
    run = run_here("migrate", str(good), str(bad))
    assert run.code == 2
    assert run.err.strip().splitlines() == [f"{bad}:15: organisations[mairie].label: '' should be non-empty"]
    assert good.read_text(encoding="utf-8") == V1_WITH_INTERVIEW
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_migrate_refuses_what_is_not_a_case_file(tmp_path):
    for content in (b"\x00\x01binary", b"a: [1, *x]", b"graphmap: 1\n" + b"- " * 100):
        path = tmp_path / "x.yaml"
        path.write_bytes(content)
        run = run_cli("migrate", str(path))
        assert run.code == 2 and len(run.err.strip().splitlines()) == 1 and "Traceback" not in run.err, run.err
        assert path.read_bytes() == content


def test_migrate_a_folder_skips_turtle_and_keeps_version_2(tmp_path):
    shutil.copy(V2, tmp_path / "v2.yaml")
    (tmp_path / "v1.yaml").write_text(V1_WITH_INTERVIEW, encoding="utf-8")
    (tmp_path / "t.ttl").write_text("", encoding="utf-8")
    run = run_here("migrate", str(tmp_path))
    assert run.code == 0, run.err
    assert f"current: {tmp_path / 'v2.yaml'} (version 2)" in run.err
    assert f"skipped: {tmp_path / 't.ttl'}" in run.err
    assert (tmp_path / "v2.yaml").read_bytes() == V2.read_bytes()


def test_migrating_the_old_test_case_keeps_its_graph(tmp_path):
    copy = tmp_path / V1.name
    shutil.copy(V1, copy)
    assert run_here("migrate", str(copy)).code == 0
    assert sorted(case_ntriples(read_case_file(copy))[0]) == sorted(case_ntriples(read_case_file(V1))[0])


# --- unknown --------------------------------------------------------------------------------

def _v2(usage: str) -> str:
    return f"""graphmap: 2
case: essai
language: fr
study:
  label: Essai
  sections:
    - {{number: "1", title: Contexte}}
roles:
  - id: agents
    label: Agents
    source: "1"
usages:
  - id: u
    label: Un usage
    status: evoked
    used_by: agents
    source: "1"
{usage}"""


def test_a_required_field_the_case_cannot_do_without_cannot_be_unknown():
    text = _v2("    unknown: [tools, attestation, status]\n").replace("    status: evoked\n", "")
    with pytest.raises(CaseError) as caught:
        parse_case_text(text, "c.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "c.yaml:13: usages[u].status: missing required field: it cannot be declared unknown, the case is not usable without it"]


def test_unknown_stands_for_a_required_field_and_is_written_as_not_stated():
    lines = "\n".join(_triples(_v2("    unknown: [tools, attestation]\n")))
    assert f"<{GM.notStated}> <{GM.usesTool}>" in lines and f"<{GM.notStated}> <{GM.attestation}>" in lines


@pytest.mark.parametrize("usage, message", [
    ("    attestation: evoked\n", "13: usages[u].tools: missing required field (when the study does not say, write `unknown: [tools]`)"),
    ("    unknown: [tools]\n    tools: []\n", "19: usages[u].tools: [] should be non-empty"),
    ("    attestation: evoked\n    unknown: [tools, attestation]\n", "19: usages[u].unknown[1]: 'attestation' is given a value and declared unknown: keep one"),
    ("    unknown: [tools, attestation, colour]\n", "18: usages[u].unknown[2]: 'colour' is not one of:"),
    ("    unknown: [tools, tools, attestation]\n", "18: usages[u].unknown: ['tools', 'tools', 'attestation'] has non-unique elements"),
])
def test_unknown_misused_is_refused_in_one_located_line(usage, message):
    with pytest.raises(CaseError) as caught:
        parse_case_text(_v2(usage), "c.yaml")
    assert len(caught.value.problems) == 1
    assert str(caught.value.problems[0]).startswith("c.yaml:" + message), str(caught.value.problems[0])


def test_a_turtle_case_may_say_a_required_field_is_not_stated(tmp_path):
    """SHACL (Turtle and JSON-LD cases) agrees with the YAML check on `unknown`."""
    from graphmap.intake.load import check_case

    yaml_case = tmp_path / "c.yaml"
    yaml_case.write_text(_v2("    unknown: [tools, attestation]\n"), encoding="utf-8")
    ttl = tmp_path / "c.ttl"
    ttl.write_text(check_case(yaml_case).graph.serialize(format="turtle"), encoding="utf-8")
    assert check_case(ttl).triples == check_case(yaml_case).triples
    graph = check_case(yaml_case).graph
    graph.remove((None, GM.notStated, GM.usesTool))  # neither a tool nor "not stated": refused
    ttl.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        check_case(ttl)
    assert any("u.tools: missing required field" in str(p) for p in caught.value.problems), caught.value.problems


# --- the typology reads the new facts -------------------------------------------------------

def test_an_empty_post_says_nothing_of_its_role():
    verdicts = _verdicts(V2)
    assert verdicts[("poste-instructeur-remplacant", "typology")] == "undetermined"
    assert verdicts[("instructeurs", "typology")] == "effective-user"


def test_a_role_that_designs_capsules_is_an_effective_user():
    assert _verdicts(V2)[("concepteurs-capsules", "typology")] == "effective-user"


def test_a_constraint_that_allows_the_approved_tool_does_not_block():
    verdicts = _verdicts(V2)
    assert verdicts[("instruction-dossiers", "ai-fit")] == "ai-fit"


def test_the_reason_of_an_open_task_says_when_a_constraint_keeps_ai_tools_out_but_allows_one():
    """An AI fit under a constraint that keeps AI tools out but allows the approved assistant is
    not explained as if no constraint kept AI tools away (it said so before)."""
    case = read_case_file(V2)
    facts = facts_of(case.id, "\n".join(case_ntriples(case)[0]))
    reasons = {v.entity_id: v.reason for v in derive(facts, Rule.from_graph(rubric_graph())) if v.question == "ai-fit"}
    assert str(reasons["instruction-dossiers"]) == ("standardisable; no non-AI improvement serves it, and the constraint "
                                                    "that keeps AI tools away allows an approved one")
    assert str(reasons["courriers-type"]) == "standardisable; no non-AI improvement serves it and no constraint keeps AI tools away"


def test_a_constraint_that_keeps_every_ai_tool_out_still_blocks(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(V2.read_text(encoding="utf-8").replace("    allows_tools: assistant-valide\n", ""), encoding="utf-8")
    assert _verdicts(path)[("instruction-dossiers", "ai-fit")] == "blocked"


def test_a_role_without_any_fact_is_undetermined_and_one_with_a_non_usage_is_not_concerned(tmp_path):
    base = _v2("    unknown: [tools, attestation]\n").replace("    used_by: agents\n", "")
    assert _verdicts(_write(tmp_path / "a.yaml", base))[("agents", "typology")] == "undetermined"
    with_non_usage = base + """non_usage_reasons:
  - id: r
    label: Aucun gain perçu
    category: functional
    source: "1"
non_usages:
  - id: n
    label: Pas d'IA pour les agents
    concerns: agents
    reasons: r
    source: "1"
"""
    assert _verdicts(_write(tmp_path / "b.yaml", with_non_usage))[("agents", "typology")] == "not-concerned"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_seed_keeps_the_studys_typology():
    verdicts = _verdicts(ROOT / "cases" / "sante-publique-2026.yaml")
    typology = {k[0]: v for k, v in verdicts.items() if k[1] == "typology"}
    assert typology == {
        "agents-reclamations": "effective-user", "inspecteurs": "effective-user", "referents-ia": "effective-user",
        "assistants": "exploring", "services-supports": "exploring", "poste-assistante-direction": "exploring",
        "logistique": "not-concerned", "metiers-diplomatie": "not-concerned", "poste-assistante-multitache": "not-concerned",
    }
