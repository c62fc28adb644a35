"""The rdflib store of a case read from a Turtle or JSON-LD file: its triples, read-only.

``read_rdf_case`` hands the checks (the case's frame, control characters, SHACL, personal data)
an rdflib ``Graph`` of the triples Oxigraph parsed. Adding 28,000 triples to rdflib's
``SimpleMemory`` store took 0.12 s (three indexes, a call per triple); this store indexes
them by subject in one pass, by each predicate and by object only when first asked, and is read-only,
as the checks only read. ``spo`` is the index itself, which the SHACL quick check reads as is.
"""

from __future__ import annotations

from rdflib.plugins.stores.memory import SimpleMemory

__all__ = ["CaseStore", "first_value", "subject_index"]

_NO_CONTEXTS = ()  # what the store gives as each triple's contexts (it keeps none)


class CaseStore(SimpleMemory):
    """Triples held as given (each once), read through rdflib's ``Graph``; namespaces as
    ``SimpleMemory`` keeps them, and in its order. Adding or removing a triple raises ``TypeError``."""

    def __init__(self, triples: list, written: list | None = None):
        """``written``: the same triples as Oxigraph's quads (of the default graph), in the same
        order, if the reader has them: the N-Triples lines (``ntriples``) are then written from
        them when first asked."""
        super().__init__()
        self.spo = _nested(triples, 0, 1, 2)  # subject -> predicate -> {object: None}, in the order given
        self._given = triples
        self._size = sum(len(objects) for po in self.spo.values() for objects in po.values())
        self._by_predicate: dict | None = None  # predicate -> its triples, in the order given
        self._pos: dict = {}  # predicate -> object -> {subject: None}, each built when first asked
        self._osp: dict | None = None  # object -> subject -> {predicate: None}, likewise
        self._written = written
        self.left_out: dict = {}  # (subject, predicate) -> values its reader counted but did not make (rdf_case._left_out)
        self._lines: list[str] | None = None

    def add(self, triple, context, quoted: bool = False) -> None:
        _read_only()

    def addN(self, quads) -> None:  # noqa: N802 (rdflib's name)
        _read_only()

    def remove(self, triple_pattern, context=None) -> None:
        _read_only()

    def __len__(self, context=None) -> int:
        return self._size

    @property
    def ntriples(self) -> list[str] | None:
        """The triples as N-Triples lines, written by Oxigraph (None without ``written``): what
        a load writes, unneeded when a case is only checked, or refused (0.14 s for 138,000)."""
        if self._lines is None and self._written is not None:
            self._lines = [f"{quad.triple} ." for quad in self._written]
        return self._lines

    def by_predicate(self, predicate) -> dict:
        """Object -> {subject: None} of ``predicate``, in the order the triples were given. Each
        predicate's is built when first asked: the checks ask for a few (rdf:type), and one
        property can hold most of a case's values (150,000 labels: 0.1 s for the whole index)."""
        made = self._pos.get(predicate)
        if made is None:
            made = self._pos[predicate] = _nested(self._grouped().get(predicate, []), 1, 2, 0).get(predicate, {})
        return made

    def predicates(self):
        """Every predicate of the triples, in the order given."""
        return self._grouped().keys()

    def _grouped(self) -> dict:
        if self._by_predicate is None:
            self._by_predicate = {}
            for triple in self._given:
                self._by_predicate.setdefault(triple[1], []).append(triple)
        return self._by_predicate

    def _by_object(self) -> dict:
        if self._osp is None:
            self._osp = _nested(self._given, 2, 0, 1)
        return self._osp

    def triples(self, triple_pattern, context=None):
        """The triples matching the pattern (None: any), each with no contexts, in the order
        ``SimpleMemory`` gives them (grouped by the terms given, in the order they were added)."""
        s, p, o = triple_pattern
        if s is not None:
            po = self.spo.get(s)
            if po is None:
                return
            for q, objects in (po.items() if p is None else ((p, po[p]),) if p in po else ()):
                if o is None:
                    for x in objects:
                        yield (s, q, x), _NO_CONTEXTS
                elif o in objects:
                    yield (s, q, o), _NO_CONTEXTS
        elif p is not None:
            os_ = self.by_predicate(p)
            for obj, subjects in (os_.items() if o is None else ((o, os_[o]),) if o in os_ else ()):
                for x in subjects:
                    yield (x, p, obj), _NO_CONTEXTS
        elif o is not None:
            for x, predicates in self._by_object().get(o, {}).items():
                for q in predicates:
                    yield (x, q, o), _NO_CONTEXTS
        else:
            for x, po in self.spo.items():
                for q, objects in po.items():
                    for y in objects:
                        yield (x, q, y), _NO_CONTEXTS


def _read_only():
    raise TypeError("the graph of a case read from a file is read-only")


def first_value(values: dict):
    """The first of a subject's values of a property in ``subject_index`` (``Graph.value``'s
    choice among several)."""
    return next(iter(values))


def subject_index(graph) -> dict:
    """Subject -> predicate -> {object: None} of an rdflib graph: a ``CaseStore``'s own index,
    else one built in a pass over the graph."""
    index = getattr(graph.store, "spo", None)
    return index if index is not None else _nested(list(graph), 0, 1, 2)


def _nested(triples: list, first: int, second: int, third: int) -> dict:
    """An index of ``triples``: their terms at ``first`` -> at ``second`` -> {at ``third``: None}."""
    index: dict = {}
    for triple in triples:
        a, b, c = triple[first], triple[second], triple[third]
        level = index.get(a)
        if level is None:
            index[a] = {b: {c: None}}
        else:
            last = level.get(b)
            if last is None:
                level[b] = {c: None}
            else:
                last[c] = None
    return index
