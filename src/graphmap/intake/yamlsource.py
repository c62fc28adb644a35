"""Read YAML safely and remember where every key and item was written.

Only plain YAML data is accepted: mappings with string keys, sequences and scalars with the
core tags. Anchors and aliases, custom tags, duplicate keys, absurd nesting and more than
``MAX_VALUES`` values are refused with the line where they occur, so a case file cannot
smuggle objects or blow up memory.

The file is read as a stream of parser events, each turned at once into a plain Python value;
no tree of YAML nodes (two marks and a dictionary per value, ~185 bytes of memory per byte of
a file of one-character items) is ever built. The line of every key and item is kept in two
flat arrays of 4-byte numbers (see ``Positions``).
"""

from __future__ import annotations

import datetime as _dt
from array import array
from typing import Any, Iterator

import yaml
from yaml.events import (AliasEvent, DocumentEndEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
                         SequenceStartEvent, StreamEndEvent)

from graphmap.errors import Problem
from graphmap.resources import safe_yaml_loader

__all__ = ["Positions", "YamlFloat", "read_yaml", "MAX_DEPTH", "MAX_VALUES", "SEED_VALUES"]

MAX_DEPTH = 40
MAX_VALUES = 200_000
"""Values (texts, numbers, lists and mappings; keys not counted) a case file may hold. The seed
study, ``cases/sante-publique-2026.yaml``, has ``SEED_VALUES``: this is over a hundred times
more. Reading stops at the first value past it, so memory is bounded whatever the file."""
SEED_VALUES = 1_701
_BaseLoader = safe_yaml_loader()


_RESOLVER = yaml.resolver.Resolver()  # the safe loader's: the core tags, no path resolvers
_PLAIN_TAGS: dict[str, str] = {}  # a short plain scalar -> its tag


def _plain_tag(value: str) -> str:
    """The tag YAML resolves a plain (unquoted) scalar to: that of its text alone (the safe
    loader has no path resolvers). Case files repeat their keys and short values (ids, kinds,
    statuses) thousands of times, and resolving is a Python regex walk: short ones are
    remembered (``_PLAIN_TAGS``, looked up first by the reader); long texts, seldom repeated,
    are resolved each time and never kept."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if len(value) <= 40:
        if len(_PLAIN_TAGS) >= 50_000:
            _PLAIN_TAGS.clear()
        _PLAIN_TAGS[value] = tag
    return tag


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_constructed: dict = {}  # (tag, text) -> value, for short scalars other than texts


class Positions:
    """Maps a path into the data (keys and list indexes) to the 1-based line it starts on.

    Read like a dictionary (``path in positions``, ``positions[path]``, ``positions.get(path)``)
    but held as two flat arrays: every list's items, and every mapping's keys in their order,
    have one entry each: the line they start on and, if the value is a list or a mapping, where
    its own entries start. About 8 bytes per value, against ~200 for a dictionary of paths.
    The data must not be changed after reading (the entries follow the order of its keys).
    """

    __slots__ = ("_root", "_lines", "_bases", "_root_base", "_indexes")

    def __init__(self, root: Any, lines: array, bases: array, root_base: int):
        self._root, self._lines, self._bases, self._root_base = root, lines, bases, root_base
        self._indexes: dict[int, dict] = {}  # a big mapping's keys -> their entries, built when first asked

    def __reduce__(self):
        return (Positions, (self._root, self._lines, self._bases, self._root_base))

    def get(self, path: tuple, default: Any = None) -> Any:
        if not path:
            return 1
        node, base, line = self._root, self._root_base, default
        for step in path:
            if not base:  # a scalar (or nothing) has no items
                return default
            if type(node) is list:
                if type(step) is not int and type(step) is not bool or not 0 <= step < len(node):
                    return default
                entry = base - 1 + step
            elif type(node) is dict:
                try:
                    if step not in node:
                        return default
                except TypeError:  # an unhashable step
                    return default
                entry = base - 1 + self._key_index(node, base, step)
            else:
                return default
            line, base, node = self._lines[entry], self._bases[entry], node[step]
        return line

    def _key_index(self, node: dict, base: int, key: str) -> int:
        if len(node) <= 16:
            for index, other in enumerate(node):
                if other == key:
                    return index
        index = self._indexes.get(base)
        if index is None:
            index = self._indexes[base] = {other: n for n, other in enumerate(node)}
        return index[key]

    def __getitem__(self, path: tuple) -> int:
        line = self.get(path)
        if line is None:
            raise KeyError(path)
        return line

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self.get(path) is not None

    def __iter__(self) -> Iterator[tuple]:
        yield ()
        stack = [((), self._root, self._root_base)]
        while stack:
            path, node, base = stack.pop()
            if not base:
                continue
            steps = range(len(node)) if type(node) is list else node
            for offset, step in enumerate(steps):
                yield path + (step,)
                stack.append((path + (step,), node[step], self._bases[base - 1 + offset]))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def items(self) -> Iterator[tuple[tuple, int]]:
        return ((path, self[path]) for path in self)


class _Refused(Exception):
    def __init__(self, line: int, field: str, message: str):
        self.line, self.field, self.message = line, field, message


class YamlFloat(float):
    """A float that remembers how it was written (``3.10`` is a section number, not 3.1)."""

    __slots__ = ("text",)
    text: str

    def __new__(cls, value: float, text: str):
        out = super().__new__(cls, value)
        out.text = text
        return out

    def __reduce__(self):
        return (YamlFloat, (float(self), self.text))


def read_yaml(text: str, filename: str, max_values: int = MAX_VALUES) -> tuple[Any, Positions]:
    """Parse ``text`` and return ``(data, positions)``; raise ``CaseError``-ready problems.

    >>> data, lines = read_yaml("a:\\n  - 1\\n  - two\\n", "x.yaml")
    >>> data, lines[("a", 1)]
    ({'a': [1, 'two']}, 3)
    """
    loader = _BaseLoader(text)
    try:
        return _read(loader, max_values)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else 1
        raise _problem(filename, line, "yaml", f"malformed YAML: unacceptable character #x{exc.character:04x}: {exc.reason}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        if exc.problem and "another document" in exc.problem:
            raise _problem(filename, line, "yaml", "a second YAML document starts here ('---'); a case file holds one document") from None
        what = exc.problem or str(exc)
        raise _problem(filename, line, "yaml", f"malformed YAML: {what}") from None
    except yaml.YAMLError as exc:
        raise _problem(filename, 1, "yaml", f"malformed YAML: {str(exc).splitlines()[0]}") from None
    except _Refused as exc:
        raise _problem(filename, exc.line, exc.field, exc.message) from None
    finally:
        loader.dispose()


def _problem(filename: str, line: int, field: str, message: str):
    from graphmap.errors import CaseError

    return CaseError([Problem(filename, line, field, message)])


def _where(path: tuple) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out or "(document)"


# A frame per open list or mapping: [container, lines, bases, key, key line]; ``key`` is the
# mapping's key waiting for its value (_NO_KEY when the next scalar is a key).
_NO_KEY = object()
_NODE = (ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent)


def _path(stack: list, next_value: bool = True) -> tuple:
    """The path of the value about to be added to the innermost open container; without
    ``next_value``, the path of that container. (``stack[0]`` holds the document.)"""
    out = [len(container) - 1 if type(container) is list else key for container, _, _, key, _ in stack[1:-1]]
    if len(stack) > 1 and next_value:
        container, _, _, key, _ = stack[-1]
        out.append(len(container) if type(container) is list else key)
    return tuple(out)


def _read(loader, max_values: int) -> tuple[Any, Positions]:
    """Turn the events of one document into plain values and their lines.

    The first refusal (alias, tag, key, nesting) is raised only once the rest of the file has
    been parsed, as when the file was composed first: a malformed line further down wins.
    Past ``max_values`` values reading stops at once.
    """
    get_event, plain_tags, plain_tag = loader.get_event, _PLAIN_TAGS, _plain_tag
    lines, bases = array("I"), array("I")  # every entry: its line, and 1 + where its own entries start (0: none)
    document: list = []
    stack: list[list] = [[document, [], [], None, 0]]  # [container, its lines, its bases, pending key, key's line]
    frame = stack[0]
    anchors: set[str] = set()
    count = 0
    limit = min(max_values, 2**32 - 2)
    while True:
        event = get_event()
        kind = type(event)
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent or kind is AliasEvent:
            if event.anchor is not None or kind is AliasEvent:
                _anchor(event, kind, anchors)
            line = event.start_mark.line + 1
            if frame[3] is _NO_KEY:  # a key of a mapping
                if kind is ScalarEvent:
                    key = event.value
                    tag = event.tag
                    if tag is None or tag == "!":  # a plain scalar's tag is resolved, a quoted one's is str
                        tag = (plain_tags.get(key) or plain_tag(key)) if event.implicit[0] else _STR
                    if tag != _STR:
                        message = "YAML merge keys (<<) are not allowed" if tag == _MERGE else "keys must be plain strings"
                    elif key in frame[0]:
                        _check_rest(loader, _Refused(line, _where(_path(stack, False) + (key,)), "duplicate key"),
                                    stack, event, anchors, count, max_values)
                    else:
                        frame[3] = key
                        frame[4] = line
                        continue
                elif kind is AliasEvent:
                    message = "YAML anchors and aliases are not allowed in case files"
                else:
                    message = "keys must be plain strings"
                _check_rest(loader, _Refused(line, _where(_path(stack, False)), message), stack, event, anchors, count, max_values)
            count += 1
            if count > limit:
                raise _too_many(line, max_values)
            problem = None
            if len(stack) > MAX_DEPTH + 1:
                problem = f"nesting deeper than {MAX_DEPTH} levels"
            elif kind is ScalarEvent:
                value = event.value
                tag = event.tag
                if tag is None or tag == "!":
                    tag = (plain_tags.get(value) or plain_tag(value)) if event.implicit[0] else _STR
                if tag != _STR:
                    if tag not in _SCALAR_TAGS:
                        problem = f"YAML tag {tag!r} is not allowed"
                    else:
                        value = _scalar(tag, value)
                        if type(value) is _Refused:
                            problem = value.message
            elif kind is AliasEvent:
                problem = "YAML anchors and aliases are not allowed in case files"
            else:
                tag = event.tag
                if kind is MappingStartEvent:
                    if tag is None or tag == "!" or tag == _MAP:
                        value = {}
                    else:
                        problem = f"YAML tag {tag!r} is not allowed"
                elif tag is None or tag == "!" or tag == _SEQ:
                    value = []
                else:
                    problem = f"YAML tag {tag!r} is not allowed"
            if problem is not None:
                _check_rest(loader, _Refused(line, _where(_path(stack)), problem), stack, event, anchors, count - 1, max_values)
            container = frame[0]
            if frame[3] is None:
                container.append(value)
                frame[1].append(line)
            else:
                container[frame[3]] = value
                frame[1].append(frame[4])
                if kind is ScalarEvent:
                    frame[3] = _NO_KEY  # a list or mapping keeps its key in the path until it ends
            frame[2].append(0)
            if kind is not ScalarEvent:
                frame = [value, [], [], _NO_KEY if kind is MappingStartEvent else None, 0]
                stack.append(frame)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            _, own_lines, own_bases, _, _ = stack.pop()
            base = len(lines) + 1
            lines.extend(own_lines)
            bases.extend(own_bases)
            frame = stack[-1]
            frame[2][-1] = base
            if frame[3] is not None:
                frame[3] = _NO_KEY
        elif kind is DocumentEndEvent:
            _single_document(get_event())
            break
        elif kind is StreamEndEvent:  # no document at all
            break
    root = document[0] if document else None
    return root, Positions(root, lines, bases, stack[0][2][0] if document else 0)


def _anchor(event, kind, anchors: set[str]) -> None:
    """The composer's checks: an alias names an anchor seen before; no anchor is given twice."""
    anchor = event.anchor
    if kind is AliasEvent:
        if anchor not in anchors:
            raise yaml.composer.ComposerError(None, None, "found undefined alias", event.start_mark)
    elif anchor is not None:
        if anchor in anchors:
            raise yaml.composer.ComposerError("found duplicate anchor; first occurrence", None, "second occurrence", event.start_mark)
        anchors.add(anchor)


def _single_document(event) -> None:
    if type(event) is not StreamEndEvent:
        raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                          "but found another document", event.start_mark)


def _too_many(line: int, max_values: int) -> _Refused:
    return _Refused(line, "file", f"more than {max_values} values (texts, numbers, lists and mappings); a case file holds "
                    f"at most {max_values} (the seed study has {SEED_VALUES:,}): split the study into several cases")


def _check_rest(loader, refused: _Refused, stack: list, event, anchors: set[str], count: int, max_values: int):
    """Raise ``refused`` once the rest of the file has been parsed, keeping nothing; a syntax
    error (or an undefined alias, a second document) found on the way is raised instead.

    Only the shape of the open containers is followed: for each, whether it is a mapping whose
    next scalar is a key (keys are not counted among the values). Past ``max_values`` values,
    ``refused`` is raised without reading further.
    """
    keys: list = [frame[3] is _NO_KEY if type(frame[0]) is dict else None for frame in stack[1:]]  # None: a list
    get_event = loader.get_event
    kind = type(event)
    while True:
        if kind in _NODE:
            if keys and keys[-1] is not None:
                is_key = keys[-1]
                keys[-1] = not is_key
            else:
                is_key = False
            if not is_key:
                count += 1
                if count > max_values:
                    raise refused
            if kind is MappingStartEvent:
                keys.append(True)
            elif kind is SequenceStartEvent:
                keys.append(None)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            keys.pop()
        elif kind is DocumentEndEvent:
            _single_document(get_event())
            raise refused
        elif kind is StreamEndEvent:
            raise refused
        event = get_event()
        kind = type(event)
        if kind in _NODE:
            _anchor(event, kind, anchors)


def _scalar(tag: str, text: str) -> Any:
    """The value of a scalar other than a text, or a ``_Refused`` (its message) if it has none."""
    key = (tag, text)
    try:
        return _constructed[key]
    except KeyError:
        pass
    node = yaml.ScalarNode(tag, text)
    try:
        value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
    except (ValueError, KeyError, TypeError, OverflowError, AttributeError) as exc:
        if tag.endswith(":timestamp"):
            reason = str(exc) if not isinstance(exc, AttributeError) else "not a date"
            return _Refused(0, "", f"{text!r} is not a valid date: {reason}")
        return _Refused(0, "", f"{text!r} is not a valid value for the YAML tag !!{tag.rsplit(':', 1)[-1]}")
    if isinstance(value, (_dt.date, _dt.datetime)):
        value = text  # keep dates as the text the analyst wrote
    elif isinstance(value, float):
        value = YamlFloat(value, text)
    if len(text) <= 40:
        if len(_constructed) >= 50_000:
            _constructed.clear()
        _constructed[key] = value
    return value
