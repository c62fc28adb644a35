"""Read YAML safely and remember where every key and item was written.

Only plain YAML data is accepted: mappings with string keys, sequences and scalars with the
core tags. Anchors and aliases, custom tags, duplicate keys and absurd nesting are refused with
the line where they occur, so a case file cannot smuggle objects or blow up memory.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import yaml

from .errors import Problem

__all__ = ["Positions", "YamlFloat", "read_yaml", "MAX_DEPTH"]

MAX_DEPTH = 40
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """The safe loader with its tag resolution remembered: case files repeat their keys and
    short values (ids, kinds, statuses) thousands of times, and resolving is a Python regex
    walk. Long texts, seldom repeated, are resolved each time and never kept."""

    _resolved: dict = {}

    def resolve(self, kind, value, implicit):
        if value is not None and len(value) > 40:
            return super().resolve(kind, value, implicit)
        key = (kind, value, implicit)
        try:
            return self._resolved[key]
        except KeyError:
            if len(self._resolved) >= 50_000:
                self._resolved.clear()
            tag = self._resolved[key] = super().resolve(kind, value, implicit)
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

Positions = dict[tuple, int]
"""Maps a path into the data (keys and list indexes) to the 1-based line it starts on."""


class _Refused(Exception):
    def __init__(self, line: int, field: str, message: str):
        self.line, self.field, self.message = line, field, message


class YamlFloat(float):
    """A float that remembers how it was written (``3.10`` is a section number, not 3.1)."""

    text: str

    def __new__(cls, value: float, text: str):
        out = super().__new__(cls, value)
        out.text = text
        return out

    def __reduce__(self):
        return (YamlFloat, (float(self), self.text))


def read_yaml(text: str, filename: str) -> tuple[Any, Positions]:
    """Parse ``text`` and return ``(data, positions)``; raise ``CaseError``-ready problems.

    >>> data, lines = read_yaml("a:\\n  - 1\\n  - two\\n", "x.yaml")
    >>> data, lines[("a", 1)]
    ({'a': [1, 'two']}, 3)
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
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
    positions: Positions = {(): 1}
    if node is None:
        return None, positions
    try:
        data = _build(node, (), positions, set(), 0)
    except _Refused as exc:
        line = exc.line
        if exc.message.startswith("YAML anchors and aliases"):
            line = _first_alias_line(text) or line
        raise _problem(filename, line, exc.field, exc.message) from None
    return data, positions


def _first_alias_line(text: str) -> int | None:
    """The line of the first alias (``*name``): the composed tree only knows its anchor's."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return None


def _problem(filename: str, line: int, field: str, message: str):
    from .errors import CaseError

    return CaseError([Problem(filename, line, field, message)])


def _where(path: tuple) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out or "(document)"


def _build(node, path: tuple, positions: Positions, seen: set[int], depth: int) -> Any:
    line = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        raise _Refused(line, _where(path), f"nesting deeper than {MAX_DEPTH} levels")
    if id(node) in seen:
        line = positions.get(path, line)
        raise _Refused(line, _where(path), "YAML anchors and aliases are not allowed in case files")
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            raise _Refused(line, _where(path), f"YAML tag {node.tag!r} is not allowed")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(key_node.start_mark.line + 1, _where(path), "YAML merge keys (<<) are not allowed")
                raise _Refused(key_node.start_mark.line + 1, _where(path), "keys must be plain strings")
            key = key_node.value
            if key in out:
                raise _Refused(key_node.start_mark.line + 1, _where(path + (key,)), "duplicate key")
            positions[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, path + (key,), positions, seen, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise _Refused(line, _where(path), f"YAML tag {node.tag!r} is not allowed")
        items = []
        for index, item in enumerate(node.value):
            positions[path + (index,)] = item.start_mark.line + 1
            items.append(_build(item, path + (index,), positions, seen, depth + 1))
        return items
    if node.tag == _STR:
        return node.value
    if node.tag not in _SCALAR_TAGS:
        raise _Refused(line, _where(path), f"YAML tag {node.tag!r} is not allowed")
    try:
        value = _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
    except (ValueError, KeyError, TypeError, OverflowError) as exc:
        if node.tag.endswith(":timestamp"):
            raise _Refused(line, _where(path), f"{node.value!r} is not a valid date: {exc}") from None
        tag = "!!" + node.tag.rsplit(":", 1)[-1]
        raise _Refused(line, _where(path), f"{node.value!r} is not a valid value for the YAML tag {tag}") from None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return node.value  # keep dates as the text the analyst wrote
    if isinstance(value, float):
        return YamlFloat(value, node.value)
    return value
