"""Pseudonymised exports: no original name, e-mail or phone survives, structure and analysis do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from graphmap.intake.load import check_case
from graphmap.outputs.pseudonymise import pseudonymise
from graphmap.model.vocabulary import GM

from conftest import SEED, run_cli

FORMATS = ["ttl", "nt", "jsonld", "rdfxml", "graphml", "gexf", "csv"]


def _secrets(graph: Graph) -> set[str]:
    names = set()
    for cls in (GM.Organisation, GM.Unit, GM.Site):
        for node in graph.subjects(RDF.type, cls):
            names |= {str(l) for l in graph.objects(node, RDFS.label)}
            names |= {str(node).rsplit("/", 1)[-1]}
    return names


@pytest.fixture(scope="module")
def sensitive_case(tmp_path_factory):
    """The seed case plus a quote carrying an e-mail address and a phone number."""
    text = SEED.read_text(encoding="utf-8").replace(
        "    description: Inspecteurs, bénéficiaires",
        "    description: Contact jeanne.dupont@sante.example.fr, tél. 06 12 34 56 78, Organisation publique de santé. Inspecteurs, bénéficiaires", 1)
    assert "jeanne.dupont" in text
    path = tmp_path_factory.mktemp("case") / "sensitive.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_pseudonyms_are_stable_and_keep_the_structure(sensitive_case):
    graph = check_case(sensitive_case).graph
    first, second = pseudonymise(graph, "s1"), pseudonymise(graph, "s1")
    other = pseudonymise(graph, "s2")
    assert set(first.graph) == set(second.graph) and set(first.graph) != set(other.graph)
    assert len(first.graph) == len(graph)
    assert set(first.graph.predicates()) == set(graph.predicates())
    assert len(set(first.graph.subjects(RDF.type, GM.Task))) == len(set(graph.subjects(RDF.type, GM.Task)))
    assert {o for o in first.graph.objects(None, GM.hasCharacteristic)} == {o for o in graph.objects(None, GM.hasCharacteristic)}
    assert any("unit" in line for line in first.report())


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_original_survives_in_any_format(tmp_path, sensitive_case, fmt):
    store = tmp_path / "store"
    assert run_cli("load", str(sensitive_case), store=store).code == 0
    out = tmp_path / f"export.{fmt}"
    run = run_cli("export", "-f", fmt, "--out", str(out), "--pseudonymise", "--salt", "s3cret", store=store)
    assert run.code == 0, run.err
    assert "pseudonymised:" in run.err
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(out.iterdir())) if out.is_dir() else out.read_text(encoding="utf-8")
    for secret in _secrets(check_case(sensitive_case).graph) | {"jeanne.dupont@sante.example.fr", "06 12 34 56 78"}:
        assert secret not in text, secret
    assert "tache-tableaux-mesures" in text  # analysis is kept


def test_pseudonymising_needs_a_salt(tmp_path):
    run = run_cli("export", "--pseudonymise", store=tmp_path / "store")
    assert run.code == 2 and "--salt" in run.err


# --- issue 18, item 9: IRIs and variants; item 5: linear in the text ---------------------

import csv
import html
import unicodedata
import urllib.parse
from collections import Counter
from xml.etree import ElementTree

from rdflib import URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from graphmap.model.caseformat import IRI_PATTERN

BASE = "https://w3id.org/graphmap/id/c/"

# Identifiers planted in a copy of the seed: every one must be gone from every export.
PLANTED_ORGANISATION = """  - id: clinique-beausoleil
    label: Clinique Beausoleil
    description: >-
      La CLINIQUE BEAUSOLEIL (clinique beausoleil, Beausoleil, BEAUSOLEIL, beausoleil, Béausoleil,
      Clinique-Beausoleil, clinique_beausoleil, www.cliniquebeausoleil.fr) partage ses dossiers.
      Écrire à Jeanne.Dupont@Sante.Example.FR ou à direction%40beausoleil-contact.fr, appeler le
      +33 6 12 34 56 78, le 06.12.34.56.78 ou le 0612345678.
    source: "1"
    quote: "À la clinique Beausoleil, on appelle le 04 72 11 22 33 (HERRIOT le sait)."
    external: true

"""
PLANTED_UNIT = """  - id: hopital-herriot
    label: Hôpital Édouard Herriot
    description: Pavillon de l'HOPITAL EDOUARD HERRIOT, dit « Herriot » ; voir edouard-herriot et Edouard.
    source: "1"
    unit_of: clinique-beausoleil

"""
PLANTED_SITE = """  - id: site-croix-luizet
    label: Site de Villeurbanne Croix-Luizet
    description: Antenne de VILLEURBANNE (villeurbanne croix luizet), près de Luizet.
    source: "1"
    site_of: clinique-beausoleil
    type: branch

"""
PLANTED_ROLE = """  - id: referents-beausoleil
    label: Référents de la clinique beausoleil
    description: Les référents de Beausoleil et de l'hôpital Herriot (Villeurbanne).
    source: "1"
    in: hopital-herriot
    close_match:
      - https://annuaire.example.fr/contact/direction@example.fr/tel/0472112233
      - https://annuaire.example.fr/contact/standard%40cliniquebeausoleil.fr/tel/04%2072%2011%2022%2033
      - https://annuaire.example.fr/Clinique%20Beausoleil/H%C3%B4pital-%C3%89douard-Herriot
      - https://www.clinique-beausoleil.fr/equipes/villeurbanne?tel=%2B33612345678
      - https://www.onetonline.org/link/summary/19-5011.00
    exact_match: http://data.europa.eu/esco/isco/C3257

"""
PLANTED_TASK = """  - id: tache-dossiers-beausoleil
    label: Transmission des dossiers à l'Hôpital Édouard-Herriot et à Beausoleil
    description: Dossiers envoyés à herriot@clinique-beausoleil.fr, au 06 12 34 56 78 et au site Croix-Luizet.
    source: "3.1"
    quote: "On faxe au 04.72.11.22.33 chez HERRIOT."
    of: inspecteurs
    work: real
    characteristics: [recurrent]

"""
PLANTED = [
    "beausoleil", "herriot", "edouard", "villeurbanne", "luizet", "croix-luizet",
    "jeanne.dupont", "sante.example.fr", "direction@example.fr", "standard@cliniquebeausoleil",
    "direction@beausoleil-contact", "beausoleil-contact.fr",
    "0612345678", "06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "+33612345678",
    "0472112233", "04 72 11 22 33", "04.72.11.22.33",
]


def fold(text: str) -> str:
    """The test's own folding (not the module's): no accents, case-folded."""
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def _normalised(text: str) -> str:
    """An export as a reader would find what it holds: escapes of every syntax undone, folded."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})", lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    text = html.unescape(urllib.parse.unquote(text))
    return fold(unicodedata.normalize("NFC", text))


def _as_words(secret: str) -> re.Pattern:
    words = re.findall(r"[^\W_]+", fold(secret))
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![^\W_])")


def _exported(path: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(path.iterdir())) if path.is_dir() else path.read_text(encoding="utf-8")


RDF_SYNTAX = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def _values(path: Path, fmt: str) -> list[str]:
    """Each value an export holds, one by one (every term of every triple, every XML attribute
    and text, every CSV cell), normalised: a name is looked for inside one value, not across
    two neighbours (a CSV row ``usage-enquete-prestataire,Enquête interne…`` holds the words
    "prestataire" and "enquête" side by side without naming ``prestataire-enquete``)."""
    if fmt in RDF_SYNTAX:
        graph = Graph().parse(path, format=RDF_SYNTAX[fmt])
        values = [str(term) for triple in graph for term in triple] + [str(ns) for _, ns in graph.namespaces()]
    elif fmt in ("graphml", "gexf"):
        values = []
        for element in ElementTree.parse(path).iter():
            values += [*element.attrib.values(), element.text or "", element.tail or ""]
    else:
        assert fmt == "csv", fmt
        values = [cell for file in sorted(path.iterdir()) for row in csv.reader(file.open(encoding="utf-8", newline="")) for cell in row]
    return [_normalised(value) for value in set(values)]


@pytest.fixture(scope="module")
def planted_case(tmp_path_factory):
    text = SEED.read_text(encoding="utf-8")
    for section, block in (("organisations", PLANTED_ORGANISATION), ("units", PLANTED_UNIT), ("sites", PLANTED_SITE),
                           ("roles", PLANTED_ROLE), ("tasks", PLANTED_TASK)):
        text = text.replace(f"\n{section}:\n", f"\n{section}:\n{block}", 1)
    path = tmp_path_factory.mktemp("planted") / "planted.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def planted_store(tmp_path_factory, planted_case):
    store = tmp_path_factory.mktemp("planted-store") / "store"
    run = run_cli("load", str(planted_case), store=store)
    assert run.code == 0, run.err
    return store


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_planted_identifier_survives_in_any_format(tmp_path, planted_case, planted_store, fmt):
    """Names in every variant (case, accents, parts, run together, in ids and IRIs), e-mail
    addresses and phone numbers in literals and IRIs, percent-encoded too: all gone."""
    out = tmp_path / f"export.{fmt}"
    run = run_cli("export", "-f", fmt, "--out", str(out), "--pseudonymise", "--salt", "s3cret", store=planted_store)
    assert run.code == 0, run.err
    text = _normalised(_exported(out))
    left = [secret for secret in PLANTED if fold(secret) in text]
    assert not left, left
    names = _secrets(check_case(planted_case).graph)  # the seed's names and ids, whole, anywhere
    left = [name for name in names if fold(name) in text]
    assert not left, left
    values = _values(out, fmt)  # and as words, in every variant, inside any value
    left = [name for name in names if any(_as_words(name).search(value) for value in values)]
    assert not left, left
    assert "tache-tableaux-mesures" in text and "onetonline.org/link/summary/19-5011.00" in text


def _analysis(graph: Graph) -> Counter:
    """What an analysis reads: types, relations, concepts, typed values, verdicts."""
    counts = Counter()
    vocab = ("https://w3id.org/graphmap/ontology#", "https://w3id.org/graphmap/vocab/", str(XSD), str(SKOS))
    for s, p, o in graph:
        counts[("predicate", p)] += 1
        if isinstance(o, URIRef) and str(o).startswith(vocab):
            counts[(p, o)] += 1
        elif isinstance(o, Literal) and o.language is None and o.datatype not in (None, XSD.string):
            counts[(p, o)] += 1
        elif p in (GM.question, GM.effectiveValue, GM.proposedValue, GM.reviewStatus, GM.reasonCode):
            counts[(p, o)] += 1
    counts["tasks"] = len(set(graph.subjects(RDF.type, GM.Task)))
    counts["with a verdict"] = len(set(graph.objects(None, GM.verdictOn)))
    counts["subjects"] = len(set(graph.subjects()))
    return counts


def test_the_analysis_of_the_planted_seed_is_unchanged(tmp_path, planted_case, planted_store):
    plain, hidden = tmp_path / "plain.ttl", tmp_path / "hidden.ttl"
    assert run_cli("export", "--out", str(plain), store=planted_store).code == 0
    run = run_cli("export", "--out", str(hidden), "--pseudonymise", "--salt", "s3cret", store=planted_store)
    assert run.code == 0, run.err
    before, after = Graph().parse(plain), Graph().parse(hidden)
    assert len(before) == len(after)
    assert _analysis(before) == _analysis(after)
    tasks = len(set(check_case(planted_case).graph.subjects(RDF.type, GM.Task)))  # the seed's 17 and the planted one
    assert _analysis(before)["tasks"] == tasks >= 18 and _analysis(before)["with a verdict"] >= tasks
    for iri in after.objects(None, SKOS.closeMatch):
        assert re.match(IRI_PATTERN, str(iri)), iri


# Unit-level families on small graphs -----------------------------------------------------


def _graph(*texts, iris=(), orgs=("Clinique Beausoleil",), units=(), sites=()) -> Graph:
    graph = Graph()
    for cls, labels in ((GM.Organisation, orgs), (GM.Unit, units), (GM.Site, sites)):
        for index, label in enumerate(labels):
            node = URIRef(f"{BASE}{cls.rsplit('#', 1)[-1].lower()}-{index}")
            graph.add((node, RDF.type, cls))
            graph.add((node, RDFS.label, Literal(label, lang="fr")))
            graph.add((node, DCTERMS.identifier, Literal(f"{cls.rsplit('#', 1)[-1].lower()}-{index}")))
    task = URIRef(BASE + "tache")
    for text in texts:
        graph.add((task, DCTERMS.description, Literal(text, lang="fr")))
    for iri in iris:
        graph.add((task, SKOS.closeMatch, URIRef(iri)))
    return graph


def _texts(graph: Graph) -> list[str]:
    return [str(o) for o in graph.objects(URIRef(BASE + "tache"), DCTERMS.description)]


def _iris(graph: Graph) -> list[str]:
    return [str(o) for o in graph.objects(URIRef(BASE + "tache"), SKOS.closeMatch)]


@pytest.mark.parametrize("variant", [
    "CLINIQUE BEAUSOLEIL", "clinique beausoleil", "Beausoleil", "BEAUSOLEIL", "beausoleil", "Béausoléil",
    "Beausole\u0301il", "CLINIQUE  BÉAUSOLEIL", "Clinique-Beausoleil", "clinique_beausoleil",
    "cliniquebeausoleil", "Clinique\u00a0Beausoleil", "Clinique\nBeausoleil", "BeauSoleil",
])
def test_every_variant_of_a_name_has_the_names_pseudonym(variant):
    graph = _graph(f"Vu à {variant}, hier.")
    done = pseudonymise(graph, "s")
    pseudonym = _pseudonym_of(done, "Clinique Beausoleil")
    assert _texts(done.graph) == [f"Vu à {pseudonym}, hier."]


def _pseudonym_of(done, label: str) -> str:
    return done.replaced[label]


@pytest.mark.parametrize("label, variants", [
    ("Hôpital Édouard Herriot", ["Herriot", "HERRIOT", "Édouard", "edouard", "hopital edouard-herriot"]),
    ("Mairie de Saint-Étienne", ["Étienne", "ETIENNE", "MAIRIE DE SAINT ETIENNE", "mairie-de-saint-etienne"]),
    ("clinique beausoleil", ["Beausoleil", "BEAUSOLEIL"]),  # no capital at all: every word counts
    ("Agence Régionale de Santé Auvergne-Rhône-Alpes", ["Auvergne", "rhone", "ALPES"]),
    ("Beausoleil Santé", ["Beausoleil", "beausoleil"]),  # Title Case: the first word is a name too
])
def test_distinctive_parts_of_a_name_are_replaced_by_its_pseudonym(label, variants):
    done = pseudonymise(_graph(*(f"{i}) {v}" for i, v in enumerate(variants)), orgs=(label,)), "s")
    pseudonym = done.replaced[label]
    assert sorted(_texts(done.graph)) == [f"{i}) {pseudonym}" for i in range(len(variants))]


@pytest.mark.parametrize("label, kept", [
    ("Prestataire externe de l'enquête interne", "Le prestataire et l'enquête."),  # sentence case: common nouns
    ("Direction générale", "La direction décide ; le général aussi."),  # generic words
    ("Service XXX", "Le service et XXXL ; xxx seul."),  # short words are never parts
    ("Clinique Beausoleil", "Cliniques et soleil."),
    ("Inspection", "Les inspections et l'inspecteur."),  # a whole name only as whole words
])
def test_generic_and_short_words_and_word_pieces_are_kept(label, kept):
    done = pseudonymise(_graph(kept, orgs=(label,)), "s")
    assert _texts(done.graph) == [kept]


@pytest.mark.parametrize("iri, secrets", [
    ("https://annuaire.example.fr/contact/direction@example.fr/tel/0472112233", ["direction@example.fr", "0472112233"]),
    ("https://annuaire.example.fr/contact/direction%40example.fr/tel/04%2072%2011%2022%2033", ["direction", "04%2072"]),
    ("https://annuaire.example.fr/c/direction%40EXAMPLE.FR?tel=%2B33%204%2072%2011%2022%2033", ["direction", "%2B33"]),
    ("mailto:jeanne.dupont@sante.example.fr", ["jeanne", "dupont"]),
    ("tel:+33-4-72-11-22-33", ["72-11-22"]),
    ("https://www.clinique-beausoleil.fr/equipes", ["beausoleil"]),
    ("https://www.cliniquebeausoleil.fr/", ["beausoleil"]),
    ("https://annuaire.example.fr/Clinique%20Beausoleil/H%C3%B4pital", ["Beausoleil"]),
    ("https://annuaire.example.fr/CLINIQUE_BEAUSOLEIL#B%C3%A9ausoleil", ["BEAUSOLEIL", "B%C3%A9ausoleil"]),
    ("https://annuaire.example.fr/%42%65%61%75%73%6F%6C%65%69%6C%FF/x", ["%42%65%61%75"]),  # beside an escape that is not UTF-8
    ("https://annuaire.example.fr/%E9t%E9/direction%40example.fr", ["direction%40", "direction@"]),  # Latin-1 escapes around
    ("https://w3id.org/graphmap/id/c/organisation-0/_quote", ["organisation-0"]),
    ("https://w3id.org/graphmap/id/c/maturite-organisation-0", ["organisation-0"]),
    ("http://example.org/x/organisation_0", ["organisation_0"]),
])
def test_iris_anywhere_lose_addresses_phones_names_and_ids_and_stay_valid(iri, secrets):
    done = pseudonymise(_graph(iris=[iri]), "s")
    [result] = _iris(done.graph)
    for secret in secrets:
        assert secret.lower() not in result.lower(), result
    assert re.match(IRI_PATTERN if iri.startswith("http") else r"^[a-z]+:[^\s<>\"{}|\\^`]+$", result), result
    assert result.split(":", 1)[0] == iri.split(":", 1)[0]
    URIRef(result).n3()  # rdflib takes it as an IRI


@pytest.mark.parametrize("iri", [
    "https://www.onetonline.org/link/summary/43-6014.00",
    "http://data.europa.eu/esco/isco/C4120",
    "https://candidat.francetravail.fr/metierscope/fiche-metier/M1607",
    "http://data.europa.eu/esco/occupation/12345678-1234-1234-1234-123456789012",
    str(GM.Task), "https://w3id.org/graphmap/vocab/recurrent",
])
def test_codes_in_external_and_vocabulary_iris_are_kept(iri):
    assert _iris(pseudonymise(_graph(iris=[iri]), "s").graph) == [iri]


def test_variants_of_one_address_or_number_share_one_pseudonym():
    texts = ["a Jeanne.Dupont@Sante.FR", "b jeanne.dupont@sante.fr", "c 06 12 34 56 78", "d 06.12.34.56.78", "e 0612345678"]
    done = pseudonymise(_graph(*texts), "s")
    result = sorted(_texts(done.graph))
    assert result[0][2:] == result[1][2:] and result[2][2:] == result[3][2:] == result[4][2:]
    assert len({p for p in done.replaced.values() if p.startswith(("email-", "phone-"))}) == 2


def test_the_text_around_a_replacement_is_kept_exactly():
    """Folding maps back to the original: accents decomposed, ß, ligatures, astral characters."""
    text = "Straße 𝔸 ﬁn — Beausole\u0301il\u0301, e\u0301té ß Œuvre Clinique BEAUSOLEIL 🙂 fin."
    done = pseudonymise(_graph(text), "s")
    p = done.replaced["Clinique Beausoleil"]
    assert _texts(done.graph) == [f"Straße 𝔸 ﬁn — {p}, e\u0301té ß Œuvre {p} 🙂 fin."]


def test_parts_shared_by_two_names_and_names_inside_longer_ones():
    done = pseudonymise(_graph("Beausoleil ; Résidence Beausoleil ; Clinique Beausoleil Lyon", orgs=("Clinique Beausoleil",),
                               units=("Résidence Beausoleil", "Clinique Beausoleil Lyon")), "s")
    clinique, residence, lyon = (done.replaced[n] for n in ("Clinique Beausoleil", "Résidence Beausoleil", "Clinique Beausoleil Lyon"))
    assert _texts(done.graph) == [f"{clinique} ; {residence} ; {lyon}"]  # organisations first, longest name first


def test_pseudonyms_are_stable_across_runs_and_salts():
    graph = _graph("Beausoleil, jeanne@example.fr", iris=["https://x.example/Beausoleil"])
    assert set(pseudonymise(graph, "s").graph) == set(pseudonymise(graph, "s").graph)
    assert set(pseudonymise(graph, "s").graph) != set(pseudonymise(graph, "t").graph)


def test_a_one_megabyte_label_is_fully_pseudonymised():
    """Not timed (bench/pseudonymise.py measures it): a large text, every occurrence replaced."""
    codes = ["".join(chr(97 + (n // 26 ** k) % 26) for k in range(3)) for n in range(2000)]
    names = [f"Clinique Zed{code}" for code in codes]
    chunk = "Le service reçoit les usagers de la {0} (Zed{1}) ; écrire à agent.{2}@zed{1}.example.fr ou appeler le 06 12 34 {2:02d} 78. "
    parts = []
    while sum(map(len, parts)) < 1_000_000:
        n = len(parts) % len(names)
        parts.append(chunk.format(names[n].upper(), codes[n], n % 100))
    graph = _graph("".join(parts), orgs=names)
    done = pseudonymise(graph, "s")
    [text] = _texts(done.graph)
    folded = fold(text)
    assert len(text) > 1_000_000 and "zed" not in folded and "agent" not in folded and "06 12 34" not in folded
    assert folded.count("organisation-") == 2 * len(parts) and folded.count("phone-") == folded.count("email-") == len(parts)


def test_a_huge_name_is_replaced_whole():
    """A label of 200,000 characters, and one word of 300,000: found where they occur, whole."""
    long_label = " ".join(f"Mot{n}" for n in range(25_000))
    giant = "X" + "y" * 300_000
    done = pseudonymise(_graph(f"avant {long_label} après", f"{giant.lower()} !", orgs=(long_label, giant)), "s")
    texts = sorted(_texts(done.graph))
    assert texts == sorted([f"avant {done.replaced[long_label]} après", f"{done.replaced[giant]} !"])


@pytest.mark.parametrize("pad", ["", "lorem ipsum " * 2_000], ids=["short text", "long text"])  # word by word, or by one pattern
@pytest.mark.parametrize("orgs, text, expected", [
    (("Alpha Beta Gamma", "Beta Gamma Delta"), "x alpha beta gamma delta y", "x {0} {1} y"),  # leftmost first
    (("Alpha Beta", "Alpha Beta Gamma Delta"), "alpha beta gamma ; alpha-beta-gamma-delta", "{0} {1} ; {1}"),  # longest
    (("Mot Mot Mot Fin",), "mot mot mot mot fin", "mot {0}"),  # starts one word in
    (("Aa Bb Aa Bb Cc",), "aa bb aa bb aa bb cc aa bb aa bb", "aa bb {0} aa bb aa bb"),
    (("Aa Bb Cc",), "aa bb x cc aa bb, cc aa bb", "aa bb x cc {0} aa bb"),  # only separators between the words
    (("Aa Bb", "Bb Cc Dd", "Cc"), "aa bb cc dd", "{0} {2} dd"),
])
def test_names_overlapping_or_repeating_their_words_are_found_leftmost_then_longest(pad, orgs, text, expected):
    done = pseudonymise(_graph(pad + text, orgs=orgs), "s")
    assert _texts(done.graph) == [pad + expected.format(*(done.replaced.get(o, "?") for o in orgs))]


def test_a_name_of_one_word_repeated_is_found_in_a_text_of_that_word_repeated():
    """A label of 20,000 times "Zz" then "Omega", in a text of 20,001 times "zz" then "omega":
    found once, one word in (walking forward along the names from each word was quadratic here)."""
    label = "Zz " * 20_000 + "Omega"
    done = pseudonymise(_graph("zz " * 20_001 + "omega fin", "Omega ; zz zz", orgs=(label,)), "s")
    pseudonym = done.replaced[label]
    assert sorted(_texts(done.graph)) == sorted([f"zz {pseudonym} fin", f"{pseudonym} ; zz zz"])


# --- the quick test before looking for contacts -----------------------------------------------

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789 .-+()@abz/_%\u00a0\u2009", max_size=40))
def test_a_text_the_quick_test_passes_over_has_no_contact(text):
    """The contacts' regular expression runs only on a text with an "@" or eight digits written
    as a phone's are: never on one where it would find something (fails if PHONE changes so)."""
    from graphmap.outputs.pseudonymise import _CONTACTS, _EIGHT_DIGITS

    if "@" not in text and not _EIGHT_DIGITS.search(text):
        assert _CONTACTS.search(text) is None


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
def test_fold_folds_each_character_as_fold_char_does(text):
    """``fold`` translates through a table of folded characters: the same as folding each."""
    from graphmap.outputs.pseudonymise import _fold_char, fold

    assert fold(text) == "".join(_fold_char(c) for c in text)


# --- the shortcuts of the search: a whole key, an IRI's head searched once ---------------------

_WORDS = ["mairie", "Mairie", "exemple", "u1", "U1", "unité", "Unité", "1", "alpha", "beta", "gamma", "organisation",
          "0", "unit", "https", "id", "x"]
_SEPARATORS = ["/", "/", "-", " ", "_", ".", "#", "//", "%20", "@", "ß"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS + _SEPARATORS), max_size=12), min_size=1, max_size=8), st.booleans())
@example([["x", "/", "gamma", "/", "alpha"], ["Unité", " ", "1"], ["u1"]], True)
def test_the_shortcuts_give_what_the_whole_search_gives(texts, iri):
    """``replace`` (a whole key at once; an IRI's head searched once, then its tail) against
    ``searched`` (every name looked for in the whole text), on texts made of the names' words,
    some run across a "/", and separators: same texts out, same originals replaced."""
    from graphmap.outputs.pseudonymise import Pseudonymisation, _Matcher

    graph = _graph(orgs=("Mairie Exemple", "Alpha Beta", "Gamma/Alpha"), units=("Unité 1", "Exemple U1", "Beta Gamma"))
    matcher = _Matcher(graph, "s")
    shortcut, whole = Pseudonymisation(None), Pseudonymisation(None)
    for pieces in texts:
        for text in ("".join(pieces), "https://id.example/" + "".join(pieces), "".join(pieces) + "/u1"):
            assert matcher.replace(text, iri, shortcut) == matcher.searched(text, iri, whole), text
    assert shortcut.replaced == whole.replaced


def test_a_name_run_across_the_last_slash_of_an_iri_is_found():
    """The head of an IRI is searched apart from its tail only when no key has the word before
    the cut followed by the word after it: "Gamma/Alpha" is one name, "alpha" alone is a part
    of another."""
    graph = _graph(iris=["https://id.example/gamma/alpha", "https://id.example/beta/alpha"], orgs=("Gamma/Alpha", "Alpha Beta"))
    done = pseudonymise(graph, "s")
    one, other = done.replaced["Gamma/Alpha"], done.replaced["Alpha Beta"]
    assert sorted(_iris(done.graph)) == sorted([f"https://id.example/{one}", f"https://id.example/{other}/{other}"])
    assert "gamma" not in done.replaced  # the head searched alone ("gamma" a part) is not what was replaced


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
def test_the_folded_view_maps_back_only_where_a_character_does_not_fold_to_one(text):
    """A text whose characters each fold to one character is folded in place (no map back);
    any other (ß, ﬁ, a combining accent) keeps the map, whatever was folded before it."""
    from graphmap.outputs.pseudonymise import _fold_char, _folded_view, fold

    view = _folded_view(text)
    assert view.text == fold(text)
    assert (view.segments is None) == all(len(_fold_char(c)) == 1 for c in text)


def test_the_names_found_do_not_depend_on_the_order_the_nodes_are_read_in():
    """Two names with one key (and a part shared by others) get the pseudonym of the best rank,
    whichever node comes first: the matcher reads the nodes unsorted."""
    from graphmap.outputs.pseudonymise import _Matcher

    orgs = ("Alpha Beta", "alpha beta", "ALPHA-BETA Gamma", "Beta Alpha")
    one, other = _Matcher(_graph(orgs=orgs), "s"), _Matcher(_graph(orgs=orgs[::-1]), "s")
    assert one.whole == other.whole and one.pairs == other.pairs
    assert one.whole["alpha beta"] == pseudonymise(_graph(orgs=("Alpha Beta",)), "s").replaced["Alpha Beta"]


def test_a_megabyte_iri_of_name_segments_shares_its_head_and_loses_every_name():
    """Hostile: three IRIs of 1 MB, 50,000 "/clinique-beausoleil" segments each, sharing all
    but their last one: the head is searched once, and the name and its distinctive part are gone
    from every one ("clinique" alone is a generic word, kept)."""
    iri = "https://id.example" + "/clinique-beausoleil" * 50_000
    done = pseudonymise(_graph(iris=[iri + "/x", iri + "/y", iri + "/Beausoleil"]), "s")
    iris = _iris(done.graph)
    assert len(iris) == 3 and not any("beausoleil" in i.lower() for i in iris)
    assert {i.rsplit("/", 1)[1] for i in iris} == {"x", "y", done.replaced["Beausoleil"]}
