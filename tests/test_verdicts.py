"""Verdicts as data: three-valued facts, undetermined verdicts, the derived graph, what would
settle a verdict, rubric check and diff, verdicts in exports; on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from rdflib import URIRef
from rdflib.namespace import PROV, RDF

from graphmap.analysis.calibrate import agreement, cohen_kappa, rubric_diff
from graphmap.derivation.engine import Rule
from graphmap.outputs.export import export_graph, to_networkx
from graphmap.intake.load import load_cases
from graphmap.query.named import run_query
from graphmap.analysis.questions import next_questions, questions_markdown
from graphmap.analysis.review import record_review
from graphmap.model.vocabulary import GM, rubric_graph

from conftest import ROOT, SEED, run_cli

RUBRIC = ROOT / "ontology" / "rubric.ttl"

# One organisation, one role with two posts. Under the default rubric (weights 2,2,2,2,1,1,1,1;
# threshold 0.55, so 6.6 of 12):
# - "settled-yes": 8 recorded -> standardisable;
# - "settled-no": 2 recorded, every other criterion recorded absent -> not-standardisable;
# - "open-two": 6 recorded, 3 absent, error-tolerant and partly-automated not recorded: either
#   one recorded present settles it standardisable; both recorded absent settle it not;
# - "nothing": no characteristic recorded -> undetermined (never "not standardisable");
# - "blocked": a blocking condition recorded -> not-standardisable whatever else.
CASE = {
    "graphmap": 1, "case": "trois-valeurs", "language": "fr",
    "study": {"label": "Cas d'essai", "method": "inventé", "sections": [{"number": "1", "title": "Tâches"}]},
    "organisations": [{"id": "org", "label": "Organisation", "source": "1"}],
    "roles": [{"id": "metier", "label": "Métier", "source": "1"}],
    "posts": [{"id": "poste-a", "label": "Poste A", "role": "metier", "source": "1"},
              {"id": "poste-b", "label": "Poste B", "role": "metier", "source": "1"}],
    "tasks": [
        {"id": "settled-yes", "label": "Tâche A", "of": "poste-a", "work": "real", "source": "1",
         "characteristics": ["recurrent", "structured-inputs", "explicit-rules", "standard-deliverable"]},
        {"id": "settled-no", "label": "Tâche B", "of": "poste-b", "work": "real", "source": "1",
         "characteristics": ["recurrent"],
         "lacks": ["structured-inputs", "explicit-rules", "standard-deliverable", "consistent-documents",
                   "existing-examples", "error-tolerant", "partly-automated"]},
        {"id": "open-two", "label": "Tâche C", "of": "poste-b", "work": "real", "source": "1",
         "characteristics": ["recurrent", "structured-inputs", "explicit-rules"],
         "lacks": ["standard-deliverable", "consistent-documents", "existing-examples"]},
        {"id": "nothing", "label": "Tâche D", "of": "poste-b", "work": "real", "source": "1"},
        {"id": "blocked", "label": "Tâche E", "of": "poste-a", "work": "real", "source": "1",
         "characteristics": ["recurrent", "structured-inputs", "explicit-rules", "standard-deliverable", "physical-work"]},
    ],
}


def write_case(folder: Path, data: dict = CASE) -> Path:
    path = folder / f"{data['case']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(params=["embedded", "neo4j"])
def store(request, empty_store):
    if request.param == "embedded":
        return empty_store
    return request.getfixturevalue("neo4j_store")


def _tasks(store) -> dict[str, dict]:
    return {r["task"]: r for r in run_query(store, "standardisable-tasks", {"case": "trois-valeurs"}).rows}


def _typology(store) -> dict[str, dict]:
    return {r["id"]: r for r in run_query(store, "role-typology", {"case": "trois-valeurs"}).rows}


def test_unknown_is_not_no(store, tmp_path):
    load_cases([write_case(tmp_path)], store)
    tasks = _tasks(store)
    assert {t: (r["verdict"], r["standardisable"]) for t, r in tasks.items()} == {
        "settled-yes": ("standardisable", True), "settled-no": ("not-standardisable", False),
        "open-two": ("undetermined", None), "nothing": ("undetermined", None), "blocked": ("not-standardisable", False)}
    assert tasks["nothing"]["criteria_met"] == tasks["nothing"]["criteria_missed"] == []
    assert len(tasks["nothing"]["criteria_not_recorded"]) == 8
    assert tasks["open-two"]["criteria_not_recorded"] == ["error-tolerant", "partly-automated"]
    assert tasks["blocked"]["blocking"] == ["physical-work"]
    fits = {r["task"]: r["fit"] for r in run_query(store, "ai-fit", {"case": "trois-valeurs"}).rows}
    assert fits["nothing"] == "undetermined" and fits["settled-yes"] == "ai-fit"


def test_the_typology_never_says_not_concerned_for_want_of_facts(store, tmp_path):
    data = json.loads(json.dumps(CASE))
    data["tasks"] = [t for t in data["tasks"] if t["id"] in ("settled-no", "nothing", "blocked")]
    load_cases([write_case(tmp_path, data)], store)
    rows = _typology(store)
    assert rows["poste-a"]["typology"] == "not-concerned"  # its one task is blocked
    assert rows["poste-b"]["typology"] == "undetermined"  # "nothing" could be open to AI
    assert "undetermined" in rows["poste-b"]["reason"] and "nothing" in rows["poste-b"]["evidence"]
    assert rows["metier"]["typology"] == "undetermined"  # not-concerned if poste-b is, else exploring
    table = {r["typology"]: r for r in run_query(store, "typology-table", {"case": "trois-valeurs"}).rows}
    assert table["undetermined"]["posts"] == ["poste-b"] and table["undetermined"]["roles"] == ["metier"]


def test_a_typology_settles_when_every_way_gives_the_same_answer(store, tmp_path):
    load_cases([write_case(tmp_path)], store)
    rows = _typology(store)
    assert rows["poste-a"]["typology"] == "exploring"  # settled-yes is open to AI
    assert rows["poste-b"]["typology"] == "undetermined"
    # poste-a is exploring; whatever poste-b turns out to be (exploring or not-concerned), the
    # role is exploring: its posts agree, or they differ ("variable according to posts")
    assert rows["metier"]["typology"] == "exploring"


def test_verdicts_are_resources_of_a_derived_graph_with_prov(store, tmp_path):
    load_cases([write_case(tmp_path)], store)
    derived, facts = store.export_case("trois-valeurs", derived=True), store.export_case("trois-valeurs")
    assert not list(facts.subjects(RDF.type, GM.Verdict)), "asserted facts and derivations are never mixed"
    verdicts = list(derived.subjects(RDF.type, GM.Verdict))
    assert len(verdicts) == 5 * 2 + 3  # standardisable and ai-fit per task, typology per post and role
    activity = next(derived.subjects(RDF.type, GM.Derivation))
    assert derived.value(activity, PROV.used) == URIRef("https://w3id.org/graphmap/rubric/standardisability")
    for verdict in verdicts:
        assert derived.value(verdict, PROV.wasGeneratedBy) == activity
        assert derived.value(verdict, PROV.generatedAtTime) is not None
        assert str(derived.value(verdict, GM.ruleVersion)) == "1.1.0"
        assert derived.value(verdict, GM.verdictOn) is not None  # a sub-property of prov:wasDerivedFrom
    typology = URIRef("https://w3id.org/graphmap/id/_derived/trois-valeurs/poste-a/typology")
    assert set(derived.objects(typology, PROV.wasDerivedFrom)) == {URIRef("https://w3id.org/graphmap/id/trois-valeurs/settled-yes")}


def test_a_task_removed_from_a_case_leaves_no_verdict_and_no_node(store, tmp_path):
    load_cases([write_case(tmp_path)], store)
    data = json.loads(json.dumps(CASE))
    data["tasks"] = [t for t in data["tasks"] if t["id"] != "blocked"]
    load_cases([write_case(tmp_path, data)], store)
    assert "blocked" not in _tasks(store)
    assert "blocked" not in {r["id"] for r in run_query(store, "verdicts", {"case": "trois-valeurs"}).rows}
    if store.name == "neo4j":
        _, rows = store.select("MATCH (n:Resource) WHERE n.iri ENDS WITH '/blocked' OR n.iri CONTAINS '/blocked/' "
                               "RETURN count(n)", {})
        assert rows == [(0,)]
        _, rows = store.select("MATCH (n:Resource) WHERE size(coalesce(n.cases, [])) = 0 AND NOT n.iri STARTS WITH "
                               "'https://w3id.org/graphmap/vocab/' RETURN n.iri", {})
        assert [r for r in rows if "trois-valeurs" in r[0]] == []


def test_a_reload_asks_the_store_for_its_derived_cases_once(empty_store, tmp_path, monkeypatch):
    paths = []
    for k in range(5):
        data = json.loads(json.dumps(CASE))
        data["case"] = f"cas-{k}"
        paths.append(write_case(tmp_path, data))
    load_cases(paths, empty_store)
    calls = []
    real = type(empty_store).derived_cases
    monkeypatch.setattr(type(empty_store), "derived_cases", lambda self: calls.append(1) or real(self))
    load_cases(paths, empty_store)  # unchanged files: nothing to derive, one question to the store
    assert len(calls) <= 1


def test_a_new_rubric_derives_every_loaded_case_again(store, tmp_path):
    load_cases([write_case(tmp_path)], store)
    load_cases([SEED], store)
    mine = tmp_path / "rubric.ttl"
    mine.write_text(RUBRIC.read_text(encoding="utf-8").replace("gm:threshold 0.55", "gm:threshold 0.5")
                    .replace('owl:versionInfo "1.1.0"', 'owl:versionInfo "1.2.0"'), encoding="utf-8")
    load_cases([SEED], store, rubric=mine)  # trois-valeurs is not in this load
    versions = {r["rubric_version"] for r in run_query(store, "verdicts", {"case": "trois-valeurs"}).rows}
    assert versions == {"1.2.0"}
    assert _tasks(store)["open-two"]["verdict"] == "standardisable"  # 6 of 12 reaches 0.5


def test_questions_list_exactly_the_facts_that_would_settle(store, tmp_path):
    load_cases([write_case(tmp_path)], store)
    found = next_questions(store, "trois-valeurs", lang="en")
    asked = {(q.task, q.characteristic): (q.settles_if_yes, q.settles_if_no) for q in found}
    # open-two: either unknown settles it if present; poste-b's typology then settles too
    # (exploring); "nothing" needs several facts, so each of its questions settles nothing alone
    assert asked[("open-two", "error-tolerant")] == (2, 0)
    assert asked[("open-two", "partly-automated")] == (2, 0)
    assert {t for t, _ in asked} == {"open-two", "nothing"}
    assert {c for t, c in asked if t == "nothing"} == {"recurrent", "structured-inputs", "explicit-rules",
                                                       "standard-deliverable", "consistent-documents",
                                                       "existing-examples", "error-tolerant", "partly-automated"}
    assert found[0].task == "open-two"  # the answers that settle most come first
    assert "error tolerant" not in found[0].question and "first draft" in next(q.question for q in found if q.characteristic == "error-tolerant")
    text = questions_markdown(next_questions(store, "trois-valeurs", post="poste-b"), "fr")
    assert text.startswith("# Questions pour le prochain entretien") and "Poste B (`poste-b`)" in text and "§1" in text
    # recording the answer settles the verdicts, and nothing is left to ask about that task
    data = json.loads(json.dumps(CASE))
    data["tasks"][2]["characteristics"].append("error-tolerant")
    load_cases([write_case(tmp_path, data)], store)
    assert _tasks(store)["open-two"]["verdict"] == "standardisable"
    assert "open-two" not in {q.task for q in next_questions(store, "trois-valeurs")}


def test_rubric_check_counts_agreement_and_kappa(store, tmp_path):
    load_cases([write_case(tmp_path)], store)
    record_review(store, "settled-no", override="true", why="a template exists", by="Ana")
    record_review(store, "settled-yes", accept=True, why="yes", by="Ana")
    record_review(store, "blocked", accept=True, why="physical", by="Ana")
    result = agreement(store)
    [std] = [r for r in result.summary.rows if r["question"] == "standardisable"]
    # pairs (proposed, reviewed): (no, yes), (yes, yes), (no, no): po = 2/3, pe = 4/9, kappa = 0.4
    assert (std["reviewed"], std["agree"], std["disagree"], std["percent"], std["kappa"]) == (3, 2, 1, 66.7, 0.4)
    [row] = result.disagreements.rows
    assert (row["id"], row["proposed"], row["reviewed"], row["reviewer_reason"]) == (
        "settled-no", "not-standardisable", "standardisable", "a template exists")
    assert cohen_kappa([("a", "a"), ("b", "b")]) == 1.0 and cohen_kappa([]) is None


def test_rubric_diff_lists_what_another_rubric_would_change(store, tmp_path):
    load_cases([write_case(tmp_path)], store)
    other = RUBRIC.read_text(encoding="utf-8").replace("gm:threshold 0.55", "gm:threshold 0.5")
    path = tmp_path / "other.ttl"
    path.write_text(other, encoding="utf-8")
    summary, changes = rubric_diff(store, Rule.from_graph(rubric_graph(path)))
    counts = {r["question"]: r["changed"] for r in summary.rows}
    # only open-two moves (6 of 12 reaches 0.5): its verdict, its ai-fit, and poste-b's typology
    assert counts == {"standardisable": 1, "ai-fit": 1, "typology": 1}
    assert {(r["question"], r["id"], r["now"], r["with_file"]) for r in changes.rows} == {
        ("standardisable", "open-two", "undetermined", "standardisable"),
        ("ai-fit", "open-two", "undetermined", "ai-fit"),
        ("typology", "poste-b", "undetermined", "exploring")}
    assert _tasks(store)["open-two"]["verdict"] == "undetermined"  # nothing was written


def test_verdicts_in_every_export(store, tmp_path):
    load_cases([write_case(tmp_path)], store)
    record_review(store, "settled-no", override="true", why="a template exists", by="Ana Lyste")
    with_verdicts = export_graph(store, "trois-valeurs", verdicts=True)
    assert len(list(with_verdicts.subjects(RDF.type, GM.Verdict))) == 13
    assert not list(export_graph(store, "trois-valeurs").subjects(RDF.type, GM.Verdict))
    network = to_networkx(with_verdicts)
    task = network.nodes["https://w3id.org/graphmap/id/trois-valeurs/settled-no"]
    assert (task["standardisable"], task["standardisable_proposed"], task["standardisable_review"], task["rubric_version"]) == (
        "standardisable", "not-standardisable", "overridden", "1.1.0")
    post = network.nodes["https://w3id.org/graphmap/id/trois-valeurs/poste-b"]
    assert (post["typology"], post["typology_review"]) == ("exploring", "none")  # settled-no is open to AI now
    assert not any("Verdict" in data["type"] for _, data in network.nodes(data=True))


def test_export_from_the_cli_with_and_without_verdicts(tmp_path):
    store = tmp_path / "store"
    run_cli("load", str(write_case(tmp_path)), store=store)
    record = run_cli("review", "settled-no", "--override", "true", "--why", "x", "--by", "Ana Lyste", store=store)
    assert record.code == 0, record.err
    assert "gm:Verdict" in run_cli("export", "-f", "ttl", store=store).out
    assert "gm:Verdict" not in run_cli("export", "-f", "ttl", "--no-verdicts", store=store).out
    pseudo = run_cli("export", "-f", "ttl", "--pseudonymise", "--salt", "s3cret", store=store)
    assert pseudo.code == 0 and "Ana Lyste" not in pseudo.out and "reviewer names" in pseudo.err
    out = tmp_path / "g.graphml"
    assert run_cli("export", "-f", "graphml", "-o", str(out), store=store).code == 0
    assert 'attr.name="standardisable"' in out.read_text(encoding="utf-8")


def test_a_task_cannot_both_have_and_lack_a_characteristic(tmp_path):
    data = json.loads(json.dumps(CASE))
    data["tasks"][0]["lacks"] = ["explicit-rules"]
    run = run_cli("validate", str(write_case(tmp_path, data)))
    assert run.code == 2 and "Traceback" not in run.err
    [line] = run.err.splitlines()
    assert "tasks[settled-yes].lacks" in line and "'explicit-rules' is also in characteristics" in line
    # the same rule for a case written in Turtle (SHACL's sh:disjoint, from the same case format)
    from graphmap.intake.load import check_case

    graph = check_case(write_case(tmp_path)).graph
    task = URIRef("https://w3id.org/graphmap/id/trois-valeurs/settled-yes")
    graph.add((task, GM.lacksCharacteristic, URIRef("https://w3id.org/graphmap/vocab/char-explicit-rules")))
    turtle = tmp_path / "both.ttl"
    turtle.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    run = run_cli("validate", str(turtle))
    assert run.code == 2 and "Traceback" not in run.err and "lacks" in run.err, run.err


def test_an_export_with_its_verdicts_is_not_taken_for_a_case(tmp_path):
    store = tmp_path / "store"
    run_cli("load", str(write_case(tmp_path)), store=store)
    exported = tmp_path / "export.ttl"
    exported.write_text(run_cli("export", "-f", "ttl", store=store).out, encoding="utf-8")
    run = run_cli("validate", str(exported))
    assert run.code == 2 and "Traceback" not in run.err
    [line] = run.err.splitlines()
    assert "derived verdicts are not facts of a case" in line and "--no-verdicts" in line


def test_questions_and_rubric_commands(tmp_path):
    store = tmp_path / "store"
    run_cli("load", str(write_case(tmp_path)), store=store)
    md = run_cli("questions", "--case", "trois-valeurs", "--lang", "en", store=store)
    assert md.code == 0 and md.out.startswith("# Questions for the next interview")
    data = json.loads(run_cli("questions", "-f", "json", store=store).out)
    assert {q["task"] for q in data} == {"open-two", "nothing"}
    bad = run_cli("questions", "--case", "nope", store=store)
    assert bad.code == 2 and "no case 'nope' is loaded" in bad.err
    other = tmp_path / "other.ttl"
    other.write_text(RUBRIC.read_text(encoding="utf-8").replace("gm:threshold 0.55", "gm:threshold 0.5"), encoding="utf-8")
    diff = json.loads(run_cli("rubric", "diff", str(other), "-f", "json", store=store).out)
    assert {r["question"]: r["changed"] for r in diff["summary"]} == {"standardisable": 1, "ai-fit": 1, "typology": 1}
    check = json.loads(run_cli("rubric", "check", "-f", "json", store=store).out)
    assert [r["reviewed"] for r in check["summary"]] == [0, 0] and check["details"] == []
    shown = run_cli("rubric", "-f", "json", store=store)
    assert shown.code == 0 and json.loads(shown.out)[0]["version"] == "1.1.0"


@pytest.mark.parametrize("args, expected", [
    (("rubric", "diff", "{folder}"), "is a folder, not a rubric file"),
    (("rubric", "diff", "{bad}"), "malformed Turtle"),
    (("rubric", "check", "--rubric", "{bad}"), "malformed Turtle"),
    (("questions", "--post", "'; DROP GRAPH <x> #"), "no undetermined task of a post or role"),
    (("questions", "--case", "_derived"), "'_derived' is not a case id"),
    (("questions", "--lang", "de"), "--lang 'de' is not one of fr, en"),
])
def test_the_new_commands_refuse_bad_input_in_one_line_and_change_nothing(tmp_path, args, expected):
    store = tmp_path / "store"
    run_cli("load", str(write_case(tmp_path)), store=store)
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "bad.ttl").write_text("gm:threshold ;;; ]", encoding="utf-8")
    before = run_cli("query", "verdicts", "-f", "json", store=store).out
    args = [a.format(folder=tmp_path / "a-folder", bad=tmp_path / "bad.ttl") for a in args]
    run = run_cli(*args, store=store)
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err, run.err
    assert len(run.err.strip().splitlines()) == 1 and expected in run.err, run.err
    assert run_cli("query", "verdicts", "-f", "json", store=store).out == before


# --- reasons as codes ---------------------------------------------------------------------

def test_every_reason_code_has_a_sentence_per_language_with_the_same_parameters():
    import string

    from graphmap.derivation.reasons import LANGS, TEMPLATES

    for code, texts in TEMPLATES.items():
        assert set(texts) == set(LANGS), code
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(text) if f} for lang, text in texts.items()}
        assert fields["fr"] == fields["en"], code


def test_each_verdict_stores_its_reason_code_and_a_sentence_in_each_language(store, tmp_path):
    """The reason is data: a code and one sentence per language, so no output translates one."""
    from graphmap.derivation.reasons import TEMPLATES

    load_cases([write_case(tmp_path)], store)
    rows = run_query(store, "verdicts", {"case": "trois-valeurs"}).rows
    assert rows and all(r["reason_code"] in TEMPLATES for r in rows)
    by = {(r["question"], r["id"]): r for r in rows}
    assert by[("standardisable", "nothing")]["reason_code"] == "score-hangs-on-unknown"
    assert by[("standardisable", "blocked")]["reason_code"] == "blocked"
    assert by[("typology", "poste-b")]["reason_code"] == "own-maybe"
    assert not any("sous le seuil" in r["reason"] or "bloquée" in r["reason"] for r in rows)  # the English sentence
    graph = export_graph(store, "trois-valeurs")
    for verdict in graph.subjects(RDF.type, GM.Verdict):
        langs = sorted(o.language for o in graph.objects(verdict, GM.reason))
        assert langs == ["en", "fr"], verdict
        assert len(list(graph.objects(verdict, GM.reasonCode))) == 1


def test_the_french_report_writes_reasons_from_their_codes(tmp_path, empty_store):
    """Before: the report translated the English sentences back with regular expressions, and a
    sentence they did not know stayed in English (the AI fit of a reviewed task)."""
    from graphmap.outputs.report.case import render_case_report

    load_cases([write_case(tmp_path)], empty_store)
    record_review(empty_store, "settled-no", override="true", why="a template exists", by="Ana")
    french = render_case_report(empty_store, "trois-valeurs", "fr")
    assert "score 0.25 sous le seuil 0.55 avec les faits renseignés" not in french  # "nothing" has score 0
    assert "standardisable ou non : indéterminé (score 0.00 sous le seuil 0.55 avec les faits renseignés" in french
    assert "bloquée par " in french and "blocked by" not in french
    assert "below the threshold" not in french and "its posts" not in french
    assert "(standardisable après une revue humaine)" in french and "after a human review" not in french
    english = render_case_report(empty_store, "trois-valeurs", "en")
    assert "standardisable or not is undetermined (score 0.00 below the threshold 0.55" in english
    assert "(standardisable after a human review)" in english


# --- the facts the engine reads, from N-Triples text ----------------------------------------

def _facts_two_ways(case_id: str, text: str):
    import pyoxigraph as ox

    from graphmap.derivation.engine import facts_of

    parsed = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    return facts_of(case_id, text), facts_of(case_id, text.encode("utf-8")), facts_of(case_id, parsed)


@pytest.mark.parametrize("path", [SEED, *sorted((ROOT / "tests" / "data" / "valid").glob("*.*"))], ids=lambda p: p.name)
def test_facts_read_from_text_are_those_read_from_parsed_triples(path: Path):
    """facts_of splits the lines graphmap writes instead of parsing them: the same facts."""
    from graphmap.intake.load import check_case

    item = check_case(path)
    from_text, from_bytes, from_triples = _facts_two_ways(item.case.id, "\n".join(item.ntriples))
    assert from_text == from_bytes == from_triples and from_triples.tasks


def test_facts_read_from_text_written_otherwise_are_the_same():
    """Lines another writer could give (tabs, several spaces, a comment, CR LF, escapes in IRIs
    and literals, blank nodes, language tags and datatypes) go to the parser: the same facts."""
    from graphmap.derivation.engine import _P

    base = "https://w3id.org/graphmap/id/x/"
    task, post, usage, blank = f"<{base}task/t\\u00e9>", f"<{base}post/p>", f"<{base}usage/u>", "_:c"
    lines = [
        f"{task} <{_P['type']}> <{GM.Task}> .",
        f"{task}\t<{_P['id']}>\t\"t\\u00e9\" .",
        f"{task}  <{_P['taskOf']}>   {post} .\r",
        "# a comment <a> <b> .",
        f"{post} <{_P['type']}> <{GM.Post}> .",
        f"{post} <{_P['id']}> \"p\"^^<http://www.w3.org/2001/XMLSchema#string> .",
        f"{usage} <{_P['usedBy']}> {post} .",
        f"{usage} <{_P['status']}> <https://w3id.org/graphmap/vocab/usage-status/effective> .",
        f"{usage} <http://www.w3.org/2000/01/rdf-schema#label> \"a \\\"quoted\\\" . label\"@fr .",
        f"{blank} <{_P['type']}> <{GM.Constraint}> .",
        f"{blank} <{_P['blocks']}> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> .",
        f"{blank} <{_P['affects']}> {task} .",
        "",
    ]
    from_text, from_bytes, from_triples = _facts_two_ways("x", "\n".join(lines))
    assert from_text == from_bytes == from_triples
    only = next(iter(from_triples.tasks.values()))
    assert only.id == "t\u00e9" and only.holders == [f"{base}post/p"] and only.constraints and only.blocking_constraints
