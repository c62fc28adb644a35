"""Personal data guard: e-mail addresses, phone numbers and people's names in case files.

A case describes work (roles, posts, tasks, tools), not the people interviewed: an e-mail
address, a phone number or a person's full name left in a label, a description or a quote can
identify an interviewee. ``personal_data_warnings`` scans every text value of a checked case
and returns one ``Problem`` per finding (``file:line: field: message``); the commands print
them as warnings. Fields flagged ``personal: true`` in ``ontology/case-format.yaml`` (the
publisher of the study, whose names are public) are meant to name people and are not scanned.

A message never repeats the value it found, only a masked form (``j***@s***.fr``,
``06 ** ** ** 78``, ``C. M.``): the warnings themselves end up in logs.

``EMAIL`` and ``PHONE`` are also what ``graphmap export --pseudonymise`` replaces.
``PHONE`` is deliberately broad there (better one pseudonym too many); the guard keeps only
the numbers shaped like a phone number (``looks_like_phone``), to keep false alarms low.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from pathlib import Path
from typing import Any, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from graphmap.intake.case_store import first_value, subject_index
from graphmap.intake.casefile import Case, _field_name, _line
from graphmap.model.caseformat import Field, Section, case_format
from graphmap.errors import Problem
from graphmap.model.vocabulary import GM

__all__ = ["EMAIL", "PHONE", "looks_like_phone", "find_personal_data", "personal_data_warnings"]

# Starts only where a run of address characters starts: tried from inside a run, the scan to
# the end of the run was repeated at every character (a 160 kB "aaaa…@" took 84 s).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(?:\+\d{1,3}[\s.-]?)?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d){7,12}(?!\w)")

# --- names ------------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_WORD = rf"[{_UP}][{_LOW}]+"
# A surname: Martin, Durand-Leroy, O'Neill, D'Almeida, or written in capitals (DUPONT).
_SURNAME = rf"(?:(?:[{_UP}]['’])?{_WORD}(?:-{_WORD})*|[{_UP}]{{3,}}(?:-[{_UP}]{{2,}})*)"

# Common French and English given names. Left out on purpose: names that are also words, places
# or AI tools a study of AI usage names (Claude, Albert, Lucie, Jules, France, Florence, Marine,
# Rose, Grace, Hope, Will, Mark, Bill, Jack, Frank...).
GIVEN_NAMES = frozenset("""
    Adrien Agathe Agnès Alain Alexandre Alexandra Alice Amandine Amélie Anaïs André Andrée Anne
    Annie Antoine Arnaud Arthur Audrey Aurélie Aurélien Baptiste Béatrice Benjamin Benoît
    Bernard Bertrand Brigitte Bruno Camille Caroline Catherine Cécile Cédric Céline Chantal
    Charles Charlotte Chloé Christelle Christian Christine Christophe Claire Claudine Clémentine
    Colette Corinne Cyril Damien Daniel Danielle David Delphine Denis Didier Dominique Élise
    Élodie Émilie Emma Emmanuel Emmanuelle Éric Estelle Étienne Fabien Fabrice Florian Francis
    Franck François Françoise Frédéric Frédérique Gabriel Geneviève Georges Gérard Gilles
    Guillaume Hélène Henri Hervé Hugo Inès Isabelle Jacqueline Jacques Jean Jeanne Jérémy
    Jérôme Joël Josiane Joseph Josette Julie Julien Juliette Karine Laetitia Laure Laurence
    Laurent Léa Léo Lionel Loïc Louis Louise Luc Lucas Ludovic Madeleine Manon Marc Marcel
    Margaux Marguerite Marie Marion Martine Mathieu Mathilde Matthieu Maxime Mélanie Michel
    Michèle Micheline Mickaël Monique Nadine Nathalie Nicolas Nicole Noémie Odile Olivier
    Pascal Pascale Patricia Patrick Paul Pauline Philippe Pierre Quentin Raphaël Régis Rémi
    Rémy René Robert Roger Romain Sabine Samuel Sandrine Sarah Sébastien Serge Simon Simone
    Solène Sophie Stéphane Stéphanie Suzanne Sylvain Sylvie Théo Thérèse Thibault Thierry
    Thomas Valérie Valentin Véronique Victor Vincent Virginie Xavier Yann Yannick Yves Yvette
    Zoé
    Amanda Amy Andrew Angela Anna Anthony Ashley Barbara Betty Brian Carol Charlotte
    Christopher Cynthia Deborah Donald Donna Edward Elizabeth Emily Emma George Gregory Harry
    Helen Henry James Jane Jason Jeffrey Jennifer Jessica John Jonathan Joshua Karen Kathleen
    Kenneth Kevin Kimberly Laura Linda Lisa Margaret Mary Matthew Melissa Michael Michelle
    Nancy Oliver Olivia Patricia Peter Rebecca Richard Ronald Ryan Sandra Sharon Stephen Steven
    Susan Timothy William
""".split())

_TITLES = (r"M\.|Mme\.?|Mlle\.?|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Pr\.?|Prof\.?|Madame|Monsieur|Mademoiselle"
           r"|Docteur|Professeur|Maître")
_GIVEN = "(?:" + "|".join(sorted(GIVEN_NAMES, key=len, reverse=True)) + ")"
# "M. Dupont", "Mme Martin", "Dr Durand", "Madame Claire Martin", "M. de Villepin"
_TITLED = re.compile(rf"(?<![\w.])(?P<title>{_TITLES})\s+(?P<name>(?:d['’]|de\s+)?{_SURNAME}(?:\s+{_SURNAME})?)(?![\w'’-])")
# "Claire Martin", "Jean-Pierre Durand", "Claire DUPONT". Every given name begins with a capital,
# said first: the scan then passes over other characters at once (1 MB of text: 0.17 -> 0.01 s).
_GIVEN_NAME = re.compile(rf"(?=[{_UP}])(?<![\w'’.-])(?P<name>{_GIVEN}(?:-{_GIVEN})?\s+{_SURNAME})(?![\w'’-])")

# Capitalised words that follow a title or a given name without being a surname.
_NOT_SURNAMES = frozenset("""
    Maire Directeur Directrice Président Présidente Ministre Préfet Préfète Recteur Rectrice
    Député Députée Sénateur Sénatrice Général Générale Adjoint Adjointe Chef Responsable
    Secrétaire Conseiller Conseillère Délégué Déléguée
    Pro Plus Code Chat Copilot Team Teams Business Enterprise Premium Studio Assistant Sonnet
    Opus Haiku Mini Max Ultra Lite Desktop Online Office Cloud Web App Bot Beta Alpha France
    API GPT LLM PDF
""".split())
_ARTICLES = frozenset({"Le", "La", "Les"})
# Words before a given name that make it the name of a place (rue Jean Jaurès, lycée Victor Hugo).
_PLACE_WORDS = frozenset("""
    rue avenue av boulevard bd place quai allée impasse chemin cours square route lycée collège
    école hôpital hospitalier hospitalière chu ehpad clinique centre pôle université institut
    fondation salle amphithéâtre amphi gymnase stade résidence cité bâtiment immeuble espace
    médiathèque bibliothèque campus parc musée maison prix saint sainte st ste
""".split())

def _mask_email(text: str) -> str:
    local, _, domain = text.partition("@")
    head, _, tld = domain.rpartition(".")
    return f"{local[:1]}***@{head[:1]}***.{tld}"


def _mask_phone(text: str) -> str:
    """Every digit but the first two and the last two becomes ``*``; separators stay."""
    total = sum(c.isdigit() for c in text)
    out, seen = [], 0
    for c in text:
        if c.isdigit():
            seen += 1
            out.append(c if seen <= 2 or seen > total - 2 else "*")
        else:
            out.append(c)
    return "".join(out)


def _initials(name: str) -> str:
    """``Jean-Pierre Durand`` -> ``J.-P. D.``; ``de Villepin`` -> ``de V.``."""
    parts = []
    for word in name.split():
        particle = ""
        if word == "de":
            parts.append(word)
            continue
        if word[:2] in ("d'", "d’"):
            particle, word = word[:2], word[2:]
        pieces = [p for p in re.split(r"['’-]", word) if p]
        parts.append(particle + "-".join(p[0] + "." for p in pieces))
    return " ".join(parts)


def looks_like_phone(text: str) -> bool:
    """A ``PHONE`` match shaped like a phone number: 10 digits starting with 0 (France), or an
    international number (``+33 1 23 45 67 89``, ``+33 (0)1 ...``)."""
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        return 8 <= len(digits) <= 15
    return len(digits) == 10 and digits[0] == "0" and digits[1] != "0"


def _place_before(text: str, start: int) -> bool:
    before = re.findall(r"[\w.]+", text[max(0, start - 30):start])
    return bool(before) and before[-1].lower().rstrip(".") in _PLACE_WORDS


def find_personal_data(text: str, known_names: frozenset[str] = frozenset()) -> list[str]:
    """Messages for the personal data in ``text`` (values masked). ``known_names``: lowercase
    names of organisations and tools, which are not people even when they look like it."""
    found: list[tuple[int, str]] = []
    emails = [m.span() for m in EMAIL.finditer(text)] if "@" in text else []
    for start, end in emails:
        found.append((start, f"looks like an e-mail address ({_mask_email(text[start:end])})"))
    for match in PHONE.finditer(text):
        if looks_like_phone(match.group(0)) and not any(a <= match.start() < b for a, b in emails):
            found.append((match.start(), f"looks like a phone number ({_mask_phone(match.group(0))})"))
    taken: list[tuple[int, int]] = []
    for match in _TITLED.finditer(text):
        name = match.group("name")
        words = set(re.split(r"[\s'’-]+", name))
        if words & _NOT_SURNAMES or words <= _ARTICLES or _known(match.group(0), known_names):
            continue
        taken.append(match.span())
        found.append((match.start(), f"looks like a person's name ({match.group('title')} {_initials(name)})"))
    for match in _GIVEN_NAME.finditer(text):
        name = match.group("name")
        if any(a <= match.start() < b for a, b in taken):
            continue
        if name.split()[-1] in _NOT_SURNAMES or _place_before(text, match.start()) or _known(name, known_names):
            continue
        found.append((match.start(), f"looks like a person's name ({_initials(name)})"))
    return [message for _, message in sorted(found)]


def _known(name: str, known_names: frozenset[str]) -> bool:
    lowered = name.lower()
    return any(lowered in known for known in known_names)


# --- walking a case ---------------------------------------------------------------------

_NAMED_SECTIONS = ("organisations", "tools", "ai_tools", "capsules")
"""Sections whose labels name organisations and tools: a name found there is not a person's."""


def _scanned(fields: dict[str, Field]) -> dict[str, Field]:
    return {k: f for k, f in fields.items() if f.kind in ("text", "string") and not f.personal}


def personal_data_warnings(case: Case, graph: Graph | None = None) -> list[Problem]:
    """One ``Problem`` per e-mail address, phone number or person's name found in the text of
    ``case`` (a YAML case; or an RDF case, whose ``graph`` is then scanned)."""
    if case.document:
        data, positions = case.document, case.positions
        texts, known = _yaml_texts(case), _yaml_known_names(case)

        def locate(path: tuple) -> tuple[int, str]:  # only for the few texts with a finding
            return _line(positions, path), _field_name(data, path)
    elif graph is not None:
        tables = _rdf_fields()
        texts, known = _rdf_texts(graph, tables), _rdf_known_names(graph)
        line_of = _rdf_lines(case)

        def locate(where: tuple) -> tuple[int, str]:  # only for the few texts with a finding
            owner, key = _rdf_owner(graph, tables, *where)
            ident = graph.value(owner, DCTERMS.identifier)
            return line_of(owner), f"{ident or owner}.{key}"
    else:
        return []
    problems = set()
    texts = list(texts)
    for index in _candidates([text for _, text in texts]):
        where, text = texts[index]
        messages = find_personal_data(text, known)
        if messages:
            line, field = locate(where)
            problems.update(Problem(case.path, line, field, message) for message in messages)
    return sorted(problems)


_APART = "\n\n"
"""What ``_candidates`` puts between two texts: every pattern's edge (``(?<!\\w)``, ``(?!\\w)``...)
holds at it as at a text's start or end. A match may run across it (a title ending one text, a
name beginning the next): every text it overlaps is then scanned, and finds what it finds alone."""


def _candidates(texts: list[str]) -> list[int]:
    """The indexes of the texts in which ``find_personal_data`` may find something: those a
    match of one of its patterns overlaps, the patterns run once over all the texts joined
    (``find_personal_data`` on each of 123,000 short texts took 0.35 s; the patterns over them joined,
    0.08 s). A text in which a pattern matches alone is overlapped by a match in the joined text:
    at its match's start the scan either is inside an earlier match or matches there, since the
    patterns look no further than the characters around a match, and those read the same at
    ``_APART`` as at a text's edge."""
    if not texts:
        return []
    joined = _APART.join(texts)
    starts = list(accumulate((len(text) + len(_APART) for text in texts[:-1]), initial=0))
    found: set[int] = set()
    for pattern in (EMAIL, PHONE, _TITLED, _GIVEN_NAME) if "@" in joined else (PHONE, _TITLED, _GIVEN_NAME):
        for match in pattern.finditer(joined):
            first = bisect_right(starts, match.start()) - 1
            found.update(range(first, bisect_right(starts, match.end() - 1, lo=first)))
    return sorted(found)


def _yaml_texts(case: Case) -> Iterator[tuple[tuple, str]]:
    """``(path, text)`` for every scanned text of a YAML case."""
    fmt = case_format()
    data = case.document

    def values(path: tuple, value: Any) -> Iterator[tuple[tuple, str]]:
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):  # {fr: ..., en: ...}
            for key, item in value.items():
                yield from values(path + (key,), item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if type(item) is str:  # (most items: no generator of their own)
                    yield path + (index,), item
                else:
                    yield from values(path + (index,), item)

    study = data.get("study") or {}
    for key in _scanned(fmt.fields_of(fmt.study)):
        if key in study:
            yield from values(("study", key), study[key])
    for index, item in enumerate(study.get("sections") or []):
        if isinstance(item, dict) and "title" in item:
            yield from values(("study", "sections", index, "title"), item["title"])
    for section_key, section in fmt.sections.items():
        keys = [*_scanned(fmt.fields_of(section)), "quote"]
        for index, item in enumerate(data.get(section_key) or []):
            for key in keys:
                if key in item:
                    yield from values((section_key, index, key), item[key])


def _label_texts(label: Any) -> list[str]:
    if isinstance(label, dict):
        return [v for v in label.values() if isinstance(v, str)]
    return [label] if isinstance(label, str) else []


def _yaml_known_names(case: Case) -> frozenset[str]:
    return frozenset(
        text.lower()
        for key in _NAMED_SECTIONS
        for item in case.document.get(key) or []
        for text in _label_texts(item.get("label"))
    )


def _rdf_known_names(graph: Graph) -> frozenset[str]:
    fmt = case_format()
    classes = {fmt.sections[key].cls for key in _NAMED_SECTIONS}
    return frozenset(
        str(label).lower()
        for cls in classes
        for node in graph.subjects(RDF.type, cls)
        for label in graph.objects(node, RDFS.label)
    )


def _rdf_lines(case: Case):
    """The first line of the file of an RDF case that names a node (1 if none does)."""
    from graphmap.intake.rdf_case import _first_line

    try:
        lines = Path(case.path).read_text(encoding="utf-8").split("\n")  # not splitlines(): U+2028 is text
    except (OSError, UnicodeDecodeError):
        lines = []

    def line_of(node) -> int:
        return _first_line(lines, node) if isinstance(node, URIRef) and lines else 1

    return line_of


def _rdf_texts(graph: Graph, tables: tuple) -> Iterator[tuple[tuple, str]]:
    """``((subject, predicate, its class), text)`` for every scanned string literal of the graph
    (not those of a field that holds personal data by design); ``_rdf_owner`` names its owner and
    field, only for the texts with a finding (the owner's line and field for every text of a
    28,000-triple case took 0.7 s). Read subject by subject from the graph's index: a subject's
    class (its first, as ``Graph.value`` gives it) and each property's field are found once."""
    sections, fields_of = tables
    skipped = {DCTERMS.identifier, GM.sectionNumber}
    rdf_type, quote_text, title, source_section = RDF.type, GM.quoteText, DCTERMS.title, GM.SourceSection
    scanned: dict = {}  # (class, property) -> whether its texts are scanned, decided once

    def decided(cls, predicate) -> bool:
        if predicate in skipped:
            return False
        section = sections.get(cls)
        if section is not None and predicate != quote_text and not (predicate == title and cls == source_section):
            field = fields_of[section.cls].get(predicate)
            return field is None or not field.personal
        return True

    for subject, properties in subject_index(graph).items():
        classes = properties.get(rdf_type)
        cls = first_value(classes) if classes else None
        for predicate, objects in properties.items():
            key = (cls, predicate)
            scan = scanned.get(key)
            if scan is None:
                scan = scanned[key] = decided(cls, predicate)
            if scan:
                for obj in objects:
                    if _is_text(obj):
                        yield (subject, predicate, cls), str(obj)


def _rdf_fields() -> tuple[dict[URIRef, Section], dict[URIRef, dict]]:
    """The sections by class, and for each class its fields by property (the first field of a
    property): what ``_rdf_texts`` and ``_rdf_owner`` read."""
    fmt = case_format()
    sections: dict[URIRef, Section] = {s.cls: s for s in [fmt.study, *fmt.sections.values()]}
    fields_of: dict[URIRef, dict] = {}
    for cls, section in sections.items():
        by_property: dict = {}
        for f in fmt.fields_of(section).values():
            by_property.setdefault(f.property, f)
        fields_of[cls] = by_property
    return sections, fields_of


def _rdf_owner(graph: Graph, tables: tuple, subject, predicate, cls) -> tuple[Any, str]:
    """The owner of a text of an RDF case (the quote's entity, the section's study...) and its
    field, named like the SHACL problems of RDF cases (``id.field`` once the owner's id is known)."""
    sections, fields_of = tables
    if predicate == GM.quoteText:
        return graph.value(None, GM.hasQuote, subject) or subject, "quote"
    if predicate == DCTERMS.title and cls == GM.SourceSection:
        return graph.value(subject, DCTERMS.isPartOf) or subject, f"sections[{graph.value(subject, GM.sectionNumber)}].title"
    section = sections.get(cls)
    field = fields_of[section.cls].get(predicate) if section is not None else None
    return subject, field.key if field is not None else graph.namespace_manager.normalizeUri(predicate)


_XSD_STRING = XSD.string


def _is_text(node) -> bool:
    if not isinstance(node, Literal):
        return False
    datatype = node.datatype
    return datatype is None or node.language is not None or datatype == _XSD_STRING
