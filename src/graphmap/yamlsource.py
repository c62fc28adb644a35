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

__all__ = ["Positions", "read_yaml", "MAX_DEPTH"]

MAX_DEPTH = 40
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

Positions = dict[tuple, int]
"""Maps a path into the data (keys and list indexes) to the 1-based line it starts on."""


class _Refused(Exception):
    def __init__(self, line: int, field: str, message: str):
        self.line, self.field, self.message = line, field, message


def read_yaml(text: str, filename: str) -> tuple[Any, Positions]:
    """Parse ``text`` and return ``(data, positions)``; raise ``CaseError``-ready problems.

    >>> data, lines = read_yaml("a:\\n  - 1\\n  - two\\n", "x.yaml")
    >>> data, lines[("a", 1)]
    ({'a': [1, 'two']}, 3)
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or str(exc)
        raise _problem(filename, line, "yaml", f"malformed YAML: {what}") from None
    except yaml.YAMLError as exc:
        raise _problem(filename, 1, "yaml", f"malformed YAML: {exc}") from None
    positions: Positions = {(): 1}
    if node is None:
        return None, positions
    try:
        data = _build(node, (), positions, set(), 0)
    except _Refused as exc:
        raise _problem(filename, exc.line, exc.field, exc.message) from None
    return data, positions


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
    if node.tag not in _SCALAR_TAGS:
        raise _Refused(line, _where(path), f"YAML tag {node.tag!r} is not allowed")
    value = yaml.constructor.SafeConstructor().construct_object(node)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return node.value  # keep dates as the text the analyst wrote
    return value
