"""A quick yes/no JSON Schema check, compiled to closures, for the subset the case format uses.

``jsonschema`` explains every problem of a file but costs ~15 ms per case; this answers
"valid or not" ~20x faster with the same meaning (JSON Schema 2020-12 for the keywords below).
The reader asks it first and asks ``jsonschema`` only when a file is refused, for the
messages. A keyword outside the subset is refused at compile time, so the two cannot drift
apart silently; tests/test_quickschema.py checks they agree.

Both read a ``pattern`` through ``schema_regex``: JSON Schema patterns are ECMA-262 regular
expressions, whose ``$`` is the end of the text; Python's also matches before a final newline,
so ``^[a-z]+$`` would take ``"id\n"``, which no store accepts as part of an IRI.
"""

from __future__ import annotations

import json

import re
from functools import cache
from typing import Any, Callable

__all__ = ["compile_schema", "schema_regex"]

Check = Callable[[Any], bool]

_IGNORED = {"$schema", "$id", "title", "description"}


def _is_integer(x: Any) -> bool:
    return (isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer())


_TYPES: dict[str, Check] = {
    "string": lambda x: isinstance(x, str),
    "integer": _is_integer,
    "number": lambda x: isinstance(x, (int, float)) and not isinstance(x, bool),
    "boolean": lambda x: isinstance(x, bool),
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "null": lambda x: x is None,
}


_DOLLAR_OR_KEPT = re.compile(r"(\\.|\[(?:\\.|[^\]\\])*\])|\$")  # an escape or a class (kept), or a bare $


@cache
def schema_regex(pattern: str) -> re.Pattern:
    """A JSON Schema ``pattern`` compiled for Python with its own meaning: ``$`` is the end of the text."""
    return re.compile(_DOLLAR_OR_KEPT.sub(lambda m: m.group(1) or r"\Z", pattern))


def _same(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def compile_schema(schema: dict[str, Any]) -> Check:
    """Compile ``schema`` to a function telling whether an instance is valid."""
    checks: list[Check] = []
    unknown = set(schema) - _IGNORED - {
        "type", "properties", "additionalProperties", "required", "anyOf", "items", "const", "enum",
        "pattern", "minItems", "minLength", "minProperties", "minimum", "propertyNames", "uniqueItems",
    }
    if unknown:
        raise ValueError(f"quickschema does not know the keywords {sorted(unknown)}")
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        checks.append(_any_of([_TYPES[n] for n in names]))
    if "const" in schema:
        const = schema["const"]
        checks.append(lambda x: _same(x, const))
    if "enum" in schema:
        options = schema["enum"]
        if all(type(o) is str for o in options):  # JSON equality with a text is being that text
            texts = frozenset(options)
            checks.append(lambda x: type(x) is str and x in texts)
        else:
            checks.append(_any_of([lambda x, o=o: _same(x, o) for o in options]))
    if "pattern" in schema:
        search = schema_regex(schema["pattern"]).search
        checks.append(lambda x: not isinstance(x, str) or search(x) is not None)
    if "minLength" in schema:
        n = schema["minLength"]
        checks.append(lambda x: not isinstance(x, str) or len(x) >= n)
    if "minimum" in schema:
        low = schema["minimum"]
        checks.append(lambda x: isinstance(x, bool) or not isinstance(x, (int, float)) or x >= low)
    if "minItems" in schema:
        n = schema["minItems"]
        checks.append(lambda x: not isinstance(x, list) or len(x) >= n)
    if schema.get("uniqueItems") is True:
        checks.append(lambda x: not isinstance(x, list) or len({json.dumps(v, sort_keys=True) for v in x}) == len(x))
    if "items" in schema:
        item = compile_schema(schema["items"])

        def items(x: Any) -> bool:
            if not isinstance(x, list):
                return True
            for value in x:
                if not item(value):
                    return False
            return True

        checks.append(items)
    if "anyOf" in schema:
        checks.append(_any_of([compile_schema(s) for s in schema["anyOf"]]))
    if isinstance(schema.get("required"), list):
        required = frozenset(schema["required"])
        checks.append(lambda x: not isinstance(x, dict) or x.keys() >= required)
    if "minProperties" in schema:
        n = schema["minProperties"]
        checks.append(lambda x: not isinstance(x, dict) or len(x) >= n)
    if "propertyNames" in schema:
        name = compile_schema(schema["propertyNames"])
        checks.append(lambda x: not isinstance(x, dict) or all(name(k) for k in x))
    if "properties" in schema or "additionalProperties" in schema:
        props = {k: compile_schema(v) for k, v in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        extra_check: Check | None = None if extra is True else (lambda x: False) if extra is False else compile_schema(extra)

        def objects(x: Any) -> bool:
            if not isinstance(x, dict):
                return True
            for key, value in x.items():
                check = props.get(key)
                if check is not None:
                    if not check(value):
                        return False
                elif extra_check is not None and not extra_check(value):
                    return False
            return True

        checks.append(objects)
    if not checks:
        return lambda x: True
    return _all_of(checks)


# The checks joined by ``and`` / ``or`` in closures of their own: a generator per value (``all``,
# ``any``) was most of the time of a 1 MB case's check.

def _all_of(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]
    if len(checks) > 4:  # a loop, not a chain of closures as deep as the list
        def every(x: Any) -> bool:
            for check in checks:
                if not check(x):
                    return False
            return True

        return every
    first, rest = checks[0], _all_of(checks[1:])
    return lambda x: first(x) and rest(x)


def _any_of(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]
    if len(checks) > 4:
        def some(x: Any) -> bool:
            for check in checks:
                if check(x):
                    return True
            return False

        return some
    first, rest = checks[0], _any_of(checks[1:])
    return lambda x: first(x) or rest(x)
