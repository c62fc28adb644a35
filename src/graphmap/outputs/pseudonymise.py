"""Pseudonymised copies of case graphs, for sharing.

Names of organisations, units and sites (their labels and ids), e-mail addresses and phone
numbers are replaced everywhere they occur, in every text literal and every IRI (the case's own
IRIs and the external ones: close_match, exact_match, sources), by stable pseudonyms: the same
input and salt give the same pseudonym, so shared exports stay joinable. Structure and every
analytic property (types, relations, concepts, characteristics, sections) are kept: the IRIs of
the vocabularies (the ontology, its concept schemes, RDF, SKOS, Dublin Core...) are never
touched.

What is found, and how
----------------------
- **Names and ids, in every variant.** Texts and names are compared *folded*: Unicode NFD with
  the accents dropped, then case-folded (``CLINIQUE BEAUSOLEIL``, ``clinique beausoléil`` and
  ``Clinique Beausoleil`` are one name), and any run of non-alphanumeric characters matches any
  other (``clinique-beausoleil``, ``clinique_beausoleil``, ``Clinique%20Beausoleil`` in an IRI,
  ``Clinique  Beausoleil``); the words run together (``cliniquebeausoleil``, as in a domain name)
  are found too. A name is only found as whole words: ``Inspection`` is not replaced inside
  ``inspections``. Names and ids of fewer than 2 letters or digits are left alone (an
  organisation labelled ``A`` would erase every "a" and "à").
- **Distinctive parts of a multi-word name** are replaced on their own, by the pseudonym of the
  name they come from: ``Beausoleil`` for ``Clinique Beausoleil``, ``Herriot`` and ``Édouard``
  for ``Hôpital Édouard Herriot``. A word of a label is a distinctive part when it is written as
  a proper noun: capitalised (``Beausoleil``, ``BEAUSOLEIL``), and, for the first word, only when
  another word of the label is capitalised too (French labels are written in sentence case:
  the first word of ``Prestataire externe de l'enquête interne`` or ``Comptabilité fournisseurs``
  is a common noun). A label with no capital letter at all (``clinique beausoleil``) cannot tell
  proper nouns apart: each of its words counts. Words of fewer than 4 letters (``de``, ``du``,
  ``la``, ``CHU``, ``XXX``) and the generic words of ``GENERIC_WORDS`` (kinds of organisations,
  units and sites, and the adjectives that go with them: clinique, hôpital, service, direction,
  agence, mairie, ministère, centre, régional, général, public, santé, saint...) are never
  parts. A part shared by two names takes the pseudonym of the first of them (organisations,
  then units, then sites, each in label order). A name or id made of a single word, even a
  generic one (a unit labelled ``Logistique``, an id ``mairie``), is the whole name and is
  replaced wherever it occurs as a word.
- **E-mail addresses and phone numbers**: ``privacy.EMAIL`` and ``privacy.PHONE``, on the text
  with its percent-escapes decoded (``direction%40example.fr`` is an address); ``PHONE`` is broad
  in literals (better one pseudonym too many), and in IRIs only what ``looks_like_phone`` (the
  external IRIs are full of codes such as ``43-6014.00``). Addresses are compared folded and
  numbers by their digits, so ``Jeanne.Dupont@...`` and ``jeanne.dupont@...``, ``06 12 34 56 78``
  and ``0612345678`` have one pseudonym.

A replacement only inserts letters, digits, ``-``, ``@`` and ``.``, over whole characters or
whole percent-escapes of the original, so an IRI stays a valid IRI.

Cost: linear in the size of the graph and of the names, whatever the number of names and the
length of a text or a name. Each distinct text is read a few times: decoded, folded (with an
index back to the original positions), searched once for e-mails and phones (regular
expressions without nested repetition, starting only where a run can start), then for names:
its words that belong to some name are picked out (by a set, or for a long text by one regular
expression shaped as a trie of those words) and fed, last word first, to an Aho-Corasick
automaton of the names written backwards, which gives at each word the longest name starting
there in one step; names are then taken leftmost first, the longest at each place
(``bench/pseudonymise.py`` measures it).
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from graphmap.intake.privacy import EMAIL, PHONE, looks_like_phone
from graphmap.model.vocabulary import GM, GMV, PREFIXES

__all__ = ["GENERIC_WORDS", "Pseudonymisation", "pseudonymise", "fold"]

NAMED_CLASSES = (GM.Organisation, GM.Unit, GM.Site)

# Folded (no accents, lower case). Words shorter than _MIN_PART letters need not be listed.
GENERIC_WORDS = frozenset("""
    agence antenne antennes association bureau bureaux cabinet cellule centre centres central
    centrale clinique college commune communaute conseil delegation departement departemental
    departementale departementaux direction division ecole entreprise etablissement externe
    federation fondation general generale groupe hopital hopitaux hospitalier hospitaliere
    institut interne lycee mairie ministere mission municipal municipale national nationale
    office organisation pole prefecture prestataire public publique region regional regionale
    sante secretariat service services siege site sites societe territorial territoriale
    unite universitaire universite saint sainte pour avec dans
    agency association center clinic college company council department directorate division
    foundation general group health hospital institute ministry national office organisation
    organization public regional school service services site town city hall unit university
""".split())

_MIN_PART = 4  # letters of a distinctive part
_MIN_KEY = 2  # letters or digits of a whole name or id

_WORD = re.compile(r"[^\W_]+")
_SEPARATORS = re.compile(r"[\W_]++")
_SPLIT = re.compile(r"([^\W_]+)")  # _WORD, its words kept by re.split between the separators
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_VOCABULARIES = tuple(sorted({*PREFIXES.values(), str(GM), str(GMV)}))


@dataclass
class Pseudonymisation:
    graph: Graph
    replaced: dict[str, str] = field(default_factory=dict)  # original -> pseudonym

    def report(self) -> list[str]:
        kinds: dict[str, int] = {}
        for pseudonym in self.replaced.values():
            kind = pseudonym.split("-", 1)[0]
            kinds[kind] = kinds.get(kind, 0) + 1
        return [f"{count} {kind} value(s) replaced" for kind, count in sorted(kinds.items())]


def _pseudonym(kind: str, text: str, salt: str) -> str:
    digest = hashlib.sha256(f"{salt}\x00{text}".encode()).hexdigest()[:10]
    return f"{kind}-{digest}"


# --- folding, with an index back to the original ------------------------------------------

_FOLDED: dict[str, str] = {}


def _fold_char(char: str) -> str:
    folded = _FOLDED.get(char)
    if folded is None:
        decomposed = unicodedata.normalize("NFD", char.casefold())
        folded = _FOLDED[char] = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded


class _FoldTable(dict):
    """Code point -> its folded text, for ``str.translate``: each character folded once; those
    that fold to other than one character are also kept in ``_ODD``."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        if len(folded) != 1:
            _ODD.add(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()
_ODD: set[str] = set()  # characters seen that fold to none or to several (ß, ﬁ, a combining accent)


def fold(text: str) -> str:
    """``text`` without accents, case-folded: ``Hôpital ÉDOUARD`` -> ``hopital edouard``."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


class _View:
    """A text derived from an original (folded, or percent-decoded) and the way back: ``span``
    maps a span of ``text`` to the span of the original it comes from, in whole characters of
    the original. ``segments``: (start in text, start in original, length in text, length in
    original), sorted; a segment of equal lengths maps character to character, any other is
    one unit (an escape, a character folded to two or to none)."""

    def __init__(self, text: str, segments: list[tuple[int, int, int, int]] | None = None):
        self.text = text
        self.segments = segments
        self.starts = [s[0] for s in segments] if segments else None

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.segments is None:
            return start, end
        segs = self.segments
        i = bisect.bisect_right(self.starts, start) - 1
        v, o, vl, ol = segs[i]
        first = o + (start - v) if vl == ol else o
        j = bisect.bisect_right(self.starts, end - 1) - 1
        v, o, vl, ol = segs[j]
        last = o + (end - v) if vl == ol else o + ol
        j += 1
        while j < len(segs) and segs[j][2] == 0 and segs[j][1] == last:  # trailing combining marks
            last += segs[j][3]
            j += 1
        return first, last


def _folded_view(text: str) -> _View:
    if text.isascii():
        return _View(text.lower())
    folded_text = text.translate(_FOLD_TABLE)  # every character of text is in _FOLD_TABLE after it
    if _ODD.isdisjoint(text):  # each character folds to one: positions are the original's
        return _View(folded_text)
    table: dict[int, str] = {}
    odd: list[str] = []
    for char in set(text):
        folded = _FOLD_TABLE[ord(char)]
        if char in _ODD:
            odd.append(char)
        elif folded != char:
            table[ord(char)] = folded
    pieces: list[str] = []
    segments: list[tuple[int, int, int, int]] = []
    at = length = 0
    for match in re.finditer("[" + "".join(re.escape(c) for c in odd) + "]", text):
        if match.start() > at:
            piece = text[at:match.start()].translate(table)
            segments.append((length, at, len(piece), len(piece)))
            pieces.append(piece)
            length += len(piece)
        folded = _fold_char(match.group())
        segments.append((length, match.start(), len(folded), 1))
        pieces.append(folded)
        length += len(folded)
        at = match.end()
    if at < len(text):
        piece = text[at:].translate(table)
        segments.append((length, at, len(piece), len(piece)))
        pieces.append(piece)
    return _View("".join(pieces), segments)


def _decoded_view(text: str) -> _View | None:
    """``text`` with its percent-escapes decoded, or None if it has none."""
    if "%" not in text:
        return None
    pieces: list[str] = []
    segments: list[tuple[int, int, int, int]] = []
    at = length = 0
    for match in _PERCENT.finditer(text):
        # An escape that is not UTF-8 (%FF) becomes a lone surrogate, a separator: the UTF-8
        # escapes beside it are still decoded (%C3%A9%FF is é then a separator).
        decoded = bytes.fromhex(match.group().replace("%", "")).decode("utf-8", "surrogateescape")
        if match.start() > at:
            segments.append((length, at, match.start() - at, match.start() - at))
            pieces.append(text[at:match.start()])
            length += match.start() - at
        origin = match.start()
        for char in decoded:  # each character stands for its whole escapes
            width = 3 * len(char.encode("utf-8", "surrogateescape"))
            segments.append((length, origin, 1, width))
            pieces.append(char)
            length += 1
            origin += width
        at = match.end()
    if not segments:
        return None
    if at < len(text):
        segments.append((length, at, len(text) - at, len(text) - at))
        pieces.append(text[at:])
    return _View("".join(pieces), segments)


# --- the names ----------------------------------------------------------------------------


def _key(text: str) -> str:
    """The folded words of ``text``, one space apart: what a name is looked up by."""
    return " ".join(_WORD.findall(fold(text)))


def _parts(label: str) -> list[str]:
    """The distinctive parts of a label (see the module's docstring), folded."""
    words = re.findall(r"[^\W\d_]+", label)
    if len(words) < 2:
        return []
    if not any(c.isupper() for c in label):
        chosen = words
    else:
        others = any(w[0].isupper() for w in words[1:])
        chosen = [w for i, w in enumerate(words) if w[0].isupper() and (i > 0 or others)]
    parts = []
    for word in chosen:
        folded = fold(word)
        if len(folded) >= _MIN_PART and folded not in GENERIC_WORDS and folded not in parts:
            parts.append(folded)
    return parts


def _trie_pattern(words: list[str]) -> str:
    """One regular expression for ``words``, as a trie: one branch per next character (a few
    steps per position of the text, whatever the number of words)."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True

    def emit(node: dict) -> str:
        out: list[str] = []
        while True:  # a chain of single branches is a literal, not a nesting
            ends = "" in node
            children = sorted(c for c in node if c)
            if len(children) == 1 and not ends:
                out.append(re.escape(children[0]))
                node = node[children[0]]
                continue
            if children:
                group = "(?:" + "|".join(re.escape(c) + emit(node[c]) for c in children) + ")"
                out.append(group + "?" if ends else group)
            return "".join(out)

    return emit(root)


@lru_cache(maxsize=256)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?<![^\W_])(?:{_trie_pattern(list(words))})(?![^\W_])")


_CONTACTS = re.compile(rf"(?P<e>{EMAIL.pattern})|(?P<p>{PHONE.pattern})")
# Every PHONE match holds eight digits written so (the core of its pattern), every EMAIL one an
# "@": a text with neither has no contact (an IRI of w3id.org has digits, seldom eight so).
_EIGHT_DIGITS = re.compile(r"\d(?:[\s.-]?\d){7}")
# A long text is searched for the words of the names it holds with a regular expression made
# for them; a short one, or one with many such words (or a very long one), word by word.
_LONG_TEXT = 20_000
_FEW_WORDS = 256
_LONG_WORD = 200


def _named_nodes(graph: Graph) -> tuple[dict, dict, dict]:
    """The labels (node -> texts) and identifiers (node -> the last one) of the nodes of
    ``graph``, and the nodes of each of ``NAMED_CLASSES``; of an export's graph still held as
    Oxigraph triples, read from them (rdflib's terms of 27,000 units' labels and ids: 0.4 s)."""
    from graphmap.outputs.export import ExportGraph

    native = graph.ox_triples() if isinstance(graph, ExportGraph) else None
    if native is None:
        labels: dict = {}
        for node, label in graph.subject_objects(RDFS.label):
            labels.setdefault(node, []).append(str(label))
        members = {cls: set(graph.subjects(RDF.type, cls)) for cls in NAMED_CLASSES}
        return labels, dict(graph.subject_objects(DCTERMS.identifier)), members
    import pyoxigraph as ox

    from graphmap.model.oxterms import rdflib_term

    def text(term) -> str:  # str() of rdflib's term: a typed literal's lexical form as rdflib normalises it
        if type(term) is ox.Literal and term.datatype.value not in (_XSD_STRING, _LANG_STRING):
            return str(rdflib_term(term))
        return term.value if type(term) is not ox.BlankNode else str(rdflib_term(term))

    label, ident, rdf_type = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(DCTERMS.identifier)), ox.NamedNode(str(RDF.type))
    classes = {ox.NamedNode(str(cls)): cls for cls in NAMED_CLASSES}
    labels, idents, members = {}, {}, {cls: set() for cls in NAMED_CLASSES}
    for t in native:
        predicate = t.predicate
        if predicate == label:
            labels.setdefault(t.subject, []).append(text(t.object))
        elif predicate == ident:
            idents[t.subject] = text(t.object)
        elif predicate == rdf_type and t.object in classes:
            members[classes[t.object]].add(t.subject)
    return labels, idents, members


class _Matcher:
    """Every name, id and part of ``graph`` (as keys: folded words one space apart), found in a
    text by an Aho-Corasick automaton over words, run from the last word of the text to the
    first on the keys written backwards: at each word it gives the longest key that starts
    there, in one step (amortised) per word of the text, whatever the number and the length of
    the keys (walking forward from each word along the keys was quadratic: a label of n times
    the same word then a last one, in a text of n times that word, took 40 s for n = 8,000)."""

    def __init__(self, graph: Graph, salt: str):
        self.salt = salt
        self.contacts: dict[tuple[str, str], str] = {}  # (kind, folded match) -> pseudonym
        found: dict[str, tuple[tuple, str]] = {}  # key -> (rank, pseudonym)

        def offer(key: str, rank: tuple, pseudonym: str) -> None:
            if len(key.replace(" ", "")) >= _MIN_KEY and (key not in found or rank < found[key][0]):
                found[key] = (rank, pseudonym)

        # A key's pseudonym is that of its best rank (labels, then ids, then words run together,
        # then parts; then the kind; then the text), and a rank gives one pseudonym: the keys
        # and their pseudonyms do not depend on the order the nodes are read in.
        labels, idents, members = _named_nodes(graph)
        for order, cls in enumerate(NAMED_CLASSES):
            kind = str(cls).rsplit("#", 1)[-1].lower()
            for node in members[cls]:
                for label in labels.get(node, ()):
                    pseudonym = _pseudonym(kind, label, salt)
                    key = _key(label)
                    offer(key, (0, order, label), pseudonym)
                    if " " in key:
                        offer(key.replace(" ", ""), (2, order, label), pseudonym)
                    for part in _parts(label):
                        offer(part, (3, order, label), pseudonym)
                ident = str(idents.get(node, ""))
                if ident:
                    pseudonym = _pseudonym(kind, ident, salt)
                    key = _key(ident)
                    offer(key, (1, order, ident), pseudonym)
                    if " " in key:
                        offer(key.replace(" ", ""), (2, order, ident), pseudonym)
        # The automaton: node 0 is the root; ``children[n]``: word -> node; ``fail[n]``: the node
        # of the longest proper suffix of n's words that begins some key; ``best[n]``: (number of
        # words, pseudonym) of the longest key among n's suffixes, or None.
        children: list[dict[str, int]] = [{}]
        ends: list[str | None] = [None]
        depth = [0]
        for key, (_, pseudonym) in found.items():
            node = 0
            for word in reversed(key.split(" ")):
                child = children[node].get(word)
                if child is None:
                    child = children[node][word] = len(children)
                    children.append({})
                    ends.append(None)
                    depth.append(depth[node] + 1)
                node = child
            ends[node] = pseudonym
        fail = [0] * len(children)
        best: list[tuple[int, str] | None] = [None] * len(children)
        queue = list(children[0].values())
        for node in queue:  # breadth first: a node's fail and best are known before its children's
            if ends[node] is not None:
                best[node] = (depth[node], ends[node])
            else:
                best[node] = best[fail[node]]
            for word, child in children[node].items():
                link = fail[node]
                while link and word not in children[link]:
                    link = fail[link]
                if word in children[link]:
                    fail[child] = children[link][word]
                queue.append(child)
        self.children, self.fail, self.best = children, fail, best
        # A text that is a whole key (its folded words one space apart, nothing else) is that
        # key's name: the automaton would find it, the longest that starts at its first word.
        self.whole = {key: pseudonym for key, (_, pseudonym) in found.items()}
        # Two words one after the other in some key: a name can only run across a point of a
        # text where the word before and the word after are such a pair.
        self.pairs = {pair for key in found for pair in pairwise(key.split(" "))}
        self.heads: dict[str, tuple[str, str | None, dict]] = {}  # an IRI's head -> (replaced, its last word, what it replaced)
        self.words = frozenset(children[0]).union(*children[1:]) if len(children) > 1 else frozenset()

    def _words(self, view: str) -> list[tuple[int, int, str, bool]]:
        """(start, end, word, follows the one before) of each word of ``view`` that is a word of
        some key; it follows the one before when only separators stand between them."""
        parts = _SPLIT.split(view)  # separators, then each word and the separators after it
        present = self.words.intersection(parts[1::2])
        if not present:
            return []
        if len(view) >= _LONG_TEXT and len(present) <= _FEW_WORDS and max(map(len, present)) <= _LONG_WORD:
            found = [(w.start(), w.end(), w.group()) for w in _words_pattern(tuple(sorted(present))).finditer(view)]
            words, previous = [], -1
            for start, end, word in found:
                words.append((start, end, word, previous >= 0 and _SEPARATORS.fullmatch(view, previous, start) is not None))
                previous = end
            return words
        words, follows = [], False
        ends = list(accumulate(map(len, parts)))
        for k in range(1, len(parts), 2):
            word = parts[k]
            if word in present:
                words.append((ends[k] - len(word), ends[k], word, follows))
                follows = True
            else:
                follows = False
        return words

    def _names(self, view: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, pseudonym) of each name in ``view``, leftmost, then longest."""
        words = self._words(view)
        if not words:
            return
        children, fail, best = self.children, self.fail, self.best
        longest: list[tuple[int, str] | None] = [None] * len(words)
        node = 0
        for index in range(len(words) - 1, -1, -1):  # last word first
            word = words[index][2]
            if index + 1 < len(words) and not words[index + 1][3]:
                node = 0  # the words after are not this one's continuation
            while node and word not in children[node]:
                node = fail[node]
            node = children[node].get(word, 0)
            longest[index] = best[node]
        index = 0
        while index < len(words):
            found = longest[index]
            if found is None:
                index += 1
                continue
            count, pseudonym = found
            yield words[index][0], words[index + count - 1][1], pseudonym
            index += count

    def replace(self, text: str, iri: bool, out: Pseudonymisation) -> str:
        """``text`` with what it names replaced; ``iri``: it is an IRI (phones stricter).

        Two shortcuts give what ``searched`` would (a property test holds them to it): a text
        that is a whole key is its pseudonym; an IRI is its head (up to its last "/", searched
        once for all the IRIs that share it) then its tail, when no key runs across the cut."""
        decoded = _decoded_view(text)
        folded = _folded_view(decoded.text if decoded is not None else text)
        view = folded.text
        contacts_in = "@" in view or _EIGHT_DIGITS.search(view) is not None
        if not contacts_in and decoded is None and folded.segments is None:
            pseudonym = self.whole.get(view)
            if pseudonym is not None:  # a label or an id, the most common text of all
                out.replaced[text] = pseudonym
                return pseudonym
            cut = view.rfind("/") + 1 if iri else 0
            if 0 < cut < len(view):
                head = self.heads.get(text[:cut])
                if head is None:
                    words, alone = _WORD.findall(view, 0, cut), Pseudonymisation(None)
                    head = self.heads[text[:cut]] = (self.replace(text[:cut], True, alone), words[-1] if words else None, alone.replaced)
                first = _WORD.search(view, cut)
                if first is None or (head[1], first.group()) not in self.pairs:  # no name runs across
                    out.replaced.update(head[2])
                    return head[0] + self.replace(text[cut:], True, out)
        return self.searched(text, iri, out, (decoded, folded, contacts_in))

    def searched(self, text: str, iri: bool, out: Pseudonymisation, views: tuple | None = None) -> str:
        """``replace`` without its shortcuts: every contact and name of ``text`` looked for.
        ``views``: its decoded and folded views and whether it may hold contacts, if known."""
        if views is None:
            decoded = _decoded_view(text)
            folded = _folded_view(decoded.text if decoded is not None else text)
            contacts_in = "@" in folded.text or _EIGHT_DIGITS.search(folded.text) is not None
        else:
            decoded, folded, contacts_in = views
        view = folded.text
        spans: list[tuple[int, int, str]] = []
        contacts = self.contacts
        for match in _CONTACTS.finditer(view) if contacts_in else ():
            found = (match.lastgroup, match.group())
            pseudonym = contacts.get(found)
            if pseudonym is None:
                if found[0] == "e":
                    pseudonym = _pseudonym("email", found[1], self.salt) + "@example.invalid"
                else:
                    digits = ("+" if found[1].startswith("+") else "") + re.sub(r"\D", "", found[1])
                    pseudonym = _pseudonym("phone", digits, self.salt)
                contacts[found] = pseudonym
            if found[0] == "p" and iri and not looks_like_phone(found[1]):
                continue
            spans.append((*match.span(), pseudonym))
        if spans:  # names are looked for around them, never inside
            pieces, previous = [], 0
            for start, end, _ in spans:
                pieces += [view[previous:start], " " * (end - start)]
                previous = end
            pieces.append(view[previous:])
            spans += self._names("".join(pieces))
            spans.sort()
        else:
            spans = list(self._names(view))
        if not spans:
            return text
        pieces, previous = [], 0
        replaced = out.replaced
        same = folded.segments is None and decoded is None  # positions are the original's
        for first, last, pseudonym in spans:
            if not same:
                first, last = folded.span(first, last)
                if decoded is not None:
                    first, last = decoded.span(first, last)
            replaced[text[first:last]] = pseudonym
            pieces += [text[previous:first], pseudonym]
            previous = last
        pieces.append(text[previous:])
        return "".join(pieces)


# --- the graph ----------------------------------------------------------------------------


def pseudonymise(graph: Graph, salt: str) -> Pseudonymisation:
    """Return a pseudonymised copy of ``graph`` and what was replaced."""
    from graphmap.outputs.export import ExportGraph

    if isinstance(graph, ExportGraph) and graph.ox_triples() is not None:
        return _pseudonymise_ox(graph, salt)
    out = Pseudonymisation(Graph(namespace_manager=graph.namespace_manager))
    matcher = _Matcher(graph, salt)
    done: dict = {}

    def term(node):
        result = done.get(node)
        if result is not None:
            return result
        result = node
        if isinstance(node, URIRef):
            if not str.startswith(node, _VOCABULARIES):  # (rdflib's own startswith is slower)
                text = matcher.replace(str(node), True, out)
                if text != node:
                    result = URIRef(text)
        elif isinstance(node, Literal):
            iri = node.datatype == XSD.anyURI
            if iri or node.language is not None or node.datatype in (None, XSD.string):
                text = matcher.replace(str(node), iri, out)
                if text != str(node):
                    result = Literal(text, lang=node.language, datatype=node.datatype)
        done[node] = result
        return result

    out.graph.addN((term(s), p, term(o), out.graph) for s, p, o in graph)
    return out


_XSD_STRING, _XSD_ANY_URI, _LANG_STRING = str(XSD.string), str(XSD.anyURI), str(RDF.langString)


def _pseudonymise_ox(graph, salt: str) -> Pseudonymisation:
    """``pseudonymise`` of an export's graph still held as the store's (Oxigraph's) triples: the
    same terms replaced, into a graph of Oxigraph triples in the store's order, written by the
    store's serialiser. Building rdflib's graphs of a 68,000-triple case, in and out, took 5 s."""
    import pyoxigraph as ox

    from graphmap.outputs.export import ExportGraph

    out = Pseudonymisation(Graph())  # the graph is set below
    matcher = _Matcher(graph, salt)
    done: dict = {}

    def term(node):
        result = done.get(node)
        if result is not None:
            return result
        result = node
        kind = type(node)
        if kind is ox.NamedNode:
            value = node.value
            if not value.startswith(_VOCABULARIES):
                text = matcher.replace(value, True, out)
                if text != value:
                    result = ox.NamedNode(text)
        elif kind is ox.Literal:
            datatype = node.datatype.value
            iri = datatype == _XSD_ANY_URI
            if iri or datatype in (_XSD_STRING, _LANG_STRING):
                value = node.value
                text = matcher.replace(value, iri, out)
                if text != value:
                    result = ox.Literal(text, language=node.language) if node.language else ox.Literal(text, datatype=node.datatype)
        done[node] = result
        return result

    triples = [ox.Triple(term(t.subject), t.predicate, term(t.object)) for t in graph.ox_triples()]
    if len(set(done.values())) < len(done):  # two originals may give one pseudonymised triple
        seen: set = set()
        triples = [t for t in triples if not (t in seen or seen.add(t))]
    out.graph = ExportGraph.of_triples(triples)
    return out
