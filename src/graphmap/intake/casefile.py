"""Read and check a YAML case file: every problem comes back as ``file:line: field: message``.

The checks run in order: bytes and encoding, YAML syntax (safe subset), the JSON Schema of
the format (types, required fields, known keys and concepts), then what a schema cannot say
(unique ids, references to the right kind of entity, declared source sections, no cycles).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
import re
import stat
from pathlib import Path
from typing import Any


from graphmap.model.caseformat import CASE_ID_PATTERN, ID_PATTERN, LANG_PATTERN, NOT_BLANK, case_format, json_schema
from graphmap.errors import CaseError, Problem
from graphmap.model.reference import link_problem
from graphmap.intake.migrate import MOVED_STUDY_FIELDS, upgrade
from graphmap.intake.quickschema import compile_schema, schema_regex
from graphmap.intake.yamlsource import Positions, read_yaml
from graphmap.model.extension import open_schemes
from graphmap.model.vocabulary import ontology_cache, scheme_concepts

__all__ = ["Entity", "Case", "read_case_file", "read_case_text", "parse_case_text", "MAX_FILE_BYTES", "section_number", "control_character",
           "check_file"]

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_PROBLEMS = 100
"""Schema problems reported per file: a list of a million wrong items is not a million lines."""


@dataclass
class Entity:
    section: str
    id: str
    data: dict[str, Any]
    line: int


@dataclass
class Case:
    id: str
    path: str
    language: str
    study: dict[str, Any]
    sections: dict[str, str]  # declared section number -> title as written
    entities: dict[str, Entity] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # the YAML as read
    positions: Positions = field(default_factory=dict, repr=False, compare=False)  # its lines
    written_version: int = 0  # the format version the file declares (a version 1 file is read as version 2)

    def of_section(self, section: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.section == section]


def check_file(path: Path) -> None:
    """Refuse, before reading it, what is not a readable regular file of at most ``MAX_FILE_BYTES``.

    A FIFO would block the reader and ``/dev/zero`` would never end.
    """
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise CaseError([Problem(name, 1, "file", "no such file")]) from None
    except OSError as exc:
        raise CaseError([Problem(name, 1, "file", f"cannot be read: {exc.strerror}")]) from None
    if stat.S_ISDIR(info.st_mode):
        raise CaseError([Problem(name, 1, "file", "is a folder, not a case file")])
    if not stat.S_ISREG(info.st_mode):
        raise CaseError([Problem(name, 1, "file", "not a regular file (a device, a pipe or a socket); give a case file")])
    if info.st_size > MAX_FILE_BYTES:
        raise CaseError([Problem(name, 1, "file", f"{info.st_size} bytes is more than the {MAX_FILE_BYTES} a case file may have; split the study into several cases")])


def read_case_file(path: str | Path) -> Case:
    """Read, check and return the case in ``path``; raise ``CaseError`` listing every problem."""
    return parse_case_text(read_case_text(path), str(path))


def read_case_text(path: str | Path) -> str:
    """The text of the case file ``path`` (a regular file of at most ``MAX_FILE_BYTES``, in UTF-8,
    read once; a byte order mark dropped); raise ``CaseError`` if it is none of these."""
    path = Path(path)
    name = str(path)
    check_file(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # a file growing since it was checked is not read to its end
    except PermissionError:
        raise CaseError([Problem(name, 1, "file", "not readable (permission denied)")]) from None
    except OSError as exc:
        raise CaseError([Problem(name, 1, "file", f"cannot be read: {exc.strerror}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise CaseError([Problem(name, 1, "file", f"more than the {MAX_FILE_BYTES} bytes a case file may have; split the study into several cases")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseError([Problem(name, line, "file", f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8")]) from None
    return text.removeprefix("\ufeff")


def parse_case_text(text: str, name: str) -> Case:
    """Check the YAML text of a case file called ``name`` (used in messages)."""
    if not text.strip():
        raise CaseError([Problem(name, 1, "file", f"empty file; a case file starts with 'graphmap: {case_format().version}'")])
    data, positions = read_yaml(text, name)
    if data is None:
        raise CaseError([Problem(name, 1, "file", f"no data (only comments or '---'); a case file starts with 'graphmap: {case_format().version}'")])
    if not isinstance(data, dict):
        raise CaseError([Problem(name, 1, "(document)", "a case file is a mapping of sections (graphmap, case, study, ...)")])
    written = data.get("graphmap")
    data, positions = _as_current_version(data, positions, name)
    # The YAML reader refuses raw control characters; only a backslash escape can make one.
    problems = ("\\" in text and _control_character_problems(data, positions, name)) or _schema_problems(data, positions, name)
    if problems:
        raise CaseError(problems)
    case, problems = _build_case(data, positions, name)
    if problems:
        raise CaseError(problems)
    case.written_version = written
    return case


# --- versions ---------------------------------------------------------------------------

class _UpgradedPositions:
    """The lines of a version 1 file, asked with the paths of its version 2 reading: the new
    ``interviews`` entity is located where the study's interview fields were written."""

    def __init__(self, original: Positions, moved: dict[str, str]):
        self._original, self._moved = original, moved  # interview key -> the study key it came from

    def get(self, path: tuple, default: Any = None) -> Any:
        if path[:1] == ("interviews",):
            keys = list(self._moved.values())
            old = self._moved.get(path[2]) if len(path) > 2 else None
            return self._original.get(("study", old or keys[0]), default) if keys else default
        return self._original.get(path, default)

    def __contains__(self, path: tuple) -> bool:
        return self.get(path) is not None

    def __getitem__(self, path: tuple) -> int:
        line = self.get(path)
        if line is None:
            raise KeyError(path)
        return line


def _as_current_version(data: dict, positions: Positions, name: str) -> tuple[dict, Any]:
    """A version 1 file read as version 2 (``migrate.upgrade`` on copies: what was read is kept
    as it was, its positions follow its order); another version than those read is refused."""
    version = data.get("graphmap")
    fmt = case_format()
    if type(version) is int and version not in fmt.reads_versions:
        raise CaseError([Problem(name, _line(positions, ("graphmap",)), "graphmap",
                                 f"format version {version} is not one this graphmap reads ({', '.join(map(str, fmt.reads_versions))}); "
                                 "a newer graphmap may read it")])
    if version != 1 or type(version) is not int:
        return data, positions
    copy = dict(data)
    study = copy.get("study")
    if isinstance(study, dict):
        copy["study"] = dict(study)
    moved = {new: old for old, new in MOVED_STUDY_FIELDS.items() if isinstance(study, dict) and old in study}
    upgrade(copy)
    return copy, _UpgradedPositions(positions, moved)


# --- locating ---------------------------------------------------------------------------

def _line(positions: Positions, path: tuple) -> int:
    while path and path not in positions:
        path = path[:-1]
    return positions.get(path, 1)


def _field_name(data: Any, path: tuple) -> str:
    """``("tasks", 3, "of")`` -> ``"tasks[tri-archives].of"``: ids read better than indexes."""
    out = ""
    node = data
    for step in path:
        if isinstance(step, int):
            label = step
            if isinstance(node, list) and step < len(node) and isinstance(node[step], dict):
                ident = node[step].get("id")
                if isinstance(ident, str) and ident.isprintable() and len(out.split(".")) == 1:
                    label = ident  # an id with a line break would break the one-line message
            out += f"[{label}]"
        else:
            out += f".{step}" if out else str(step)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
    return out or "(document)"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character(text: str) -> str | None:
    """Why ``text`` is refused, if it holds a control character other than tab and line breaks.

    The one rule for text in every syntax of a case (YAML, Turtle, JSON-LD).
    """
    match = _CONTROL.search(text)
    return f"control character U+{ord(match.group(0)):04X} is not allowed in text" if match else None


def _control_character_problems(data: Any, positions: Positions, name: str) -> list[Problem]:
    """Tabs and line breaks are text; other control characters (NUL, ESC...) are refused."""
    problems = []

    def walk(node: Any, path: tuple) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(key, path + (key,))
                walk(value, path + (key,))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, path + (index,))
        elif isinstance(node, str):
            message = control_character(node)
            if message:
                problems.append(Problem(name, _line(positions, path), _field_name(data, path), message))

    walk(data, ())
    return problems


# --- schema -----------------------------------------------------------------------------

@ontology_cache
def _quick_check():
    """The schema compiled to closures: the quick yes for valid files (see quickschema)."""
    return compile_schema(json_schema())


def _pattern(validator, pattern: str, instance: Any, schema: dict):
    """The ``pattern`` keyword as the quick check reads it (``$`` is the end of the text, see quickschema)."""
    if validator.is_type(instance, "string") and not schema_regex(pattern).search(instance):
        from jsonschema import ValidationError

        yield ValidationError(f"{instance!r} does not match {pattern!r}")


BRANCH_ERRORS = 10
"""Errors kept per branch of an ``anyOf``: enough to choose the branch and explain it."""


def _any_of(validator, any_of: list, instance: Any, schema: dict):
    """``anyOf`` keeping the first errors of each branch only; jsonschema's kept them all, and a
    list of a million wrong items (``benefits: [1, 1, ...]``) took ~9.5 KB of memory per item."""
    errors = []
    for index, subschema in enumerate(any_of):
        found = list(islice(validator.descend(instance, subschema, schema_path=index), BRANCH_ERRORS))
        if not found:
            return
        errors.extend(found)
    from jsonschema import ValidationError

    yield ValidationError("is not valid under any of the given schemas", context=errors)


@ontology_cache
def _open_notations() -> set[frozenset[str]]:
    """The notations of each open scheme (a barometer may add its own concepts to it)."""
    return {frozenset(scheme_concepts(scheme)) for scheme in open_schemes()}


@ontology_cache
def _validator():
    """jsonschema's validator, which says what is wrong once the quick check said something is
    (imported then only: 0.05-0.09 s of every command's start)."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {"pattern": _pattern, "anyOf": _any_of})(json_schema())


def _schema_problems(data: dict, positions: Positions, name: str) -> list[Problem]:
    if _quick_check()(data):
        return []
    errors = list(islice(_validator().iter_errors(data), MAX_PROBLEMS + 1))
    problems = []
    if len(errors) > MAX_PROBLEMS:
        problems.append(Problem(name, 1, "(document)", f"more than {MAX_PROBLEMS} problems; the first {MAX_PROBLEMS} are listed"))
    for error in errors[:MAX_PROBLEMS]:
        while error.context:
            error = _branch_error(error)
        path = tuple(error.absolute_path)
        message = error.message
        if error.validator == "required":
            missing = error.message.split("'")[1]
            path_for_name = path + (missing,)
            unknown = error.instance.get("unknown") if isinstance(error.instance, dict) else None
            message = "missing required field"
            if isinstance(unknown, list) and missing in unknown:
                message = "missing required field: it cannot be declared unknown, the case is not usable without it"
        elif error.validator == "additionalProperties":
            extras = [k for k in error.instance if k not in error.schema.get("properties", {})]
            for extra in extras:
                if path:
                    message = "unknown field; see `graphmap schema` or docs/case-format.md for the fields of this section"
                else:
                    message = "unknown section; the sections are: " + ", ".join(json_schema()["properties"])
                problems.append(Problem(name, _line(positions, path + (extra,)), _field_name(data, path + (extra,)), message))
            continue
        else:
            path_for_name = path
            message = _friendly(error)
        problems.append(Problem(name, _line(positions, path), _field_name(data, path_for_name), message))
    return problems


def _branch_error(error):
    """For ``anyOf`` (a value or a list of values): report against the branch whose type fits."""
    branches: dict[int, list] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [errs for errs in branches.values() if not any(e.validator == "type" and not e.relative_path for e in errs)]
    from jsonschema.exceptions import best_match

    return best_match(fitting[0] if len(fitting) == 1 else error.context)


def _friendly(error) -> str:
    if error.instance is None and error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, str) else " or ".join(error.validator_value)
        return f"expected {expected}, got an empty value"
    if error.validator == "type" and isinstance(error.instance, bool):
        expected = error.validator_value if isinstance(error.validator_value, str) else " or ".join(error.validator_value)
        words = "yes, on or true" if error.instance else "no, off or false"
        return (f"expected {expected}, got boolean {str(error.instance).lower()} (YAML reads an unquoted {words} "
                "as a boolean: put the value in quotes)")
    if error.validator == "const" and isinstance(error.instance, str):
        return f"must be {error.validator_value!r}, not the string {error.instance!r} (remove the quotes)"
    if error.validator == "pattern" and error.validator_value == LANG_PATTERN:
        return f"{error.instance!r} is not a language tag (such as fr, en or pt-BR)"
    if error.validator == "pattern" and error.validator_value == NOT_BLANK:
        return f"{error.instance!r} is blank; write some text"
    if error.validator == "pattern" and error.validator_value == CASE_ID_PATTERN and error.instance == "tools":
        return "'tools' is reserved (the folder of the tools every case shared in graphmap 0.1 stores): choose another case id"
    if error.validator == "pattern" and error.validator_value in (ID_PATTERN, CASE_ID_PATTERN) and len(error.instance) > 80 and schema_regex(ID_PATTERN.replace("{0,79}", "*")).match(error.instance):
        return f"{error.instance!r} is too long ({len(error.instance)} characters; an id has at most 80)"
    if error.validator == "enum":
        hint = " (or a barometer's own concept: graphmap vocabulary --copy-to FILE, then --vocabulary FILE)" \
            if frozenset(map(str, error.validator_value)) in _open_notations() else ""
        return f"{error.instance!r} is not one of: {', '.join(map(str, error.validator_value))}{hint}"
    if error.validator == "pattern" and error.validator_value.startswith("^https?"):
        return f"{error.instance!r} is not an IRI (write an absolute http:// or https:// address)"
    if error.validator == "pattern":
        return f"{error.instance!r} is not a valid id (lowercase letters, digits and '-', starting with a letter or digit)"
    if error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, str) else " or ".join(error.validator_value)
        return f"expected {expected}, got {'float' if isinstance(error.instance, float) else type(error.instance).__name__} {error.instance!r}"[:300]
    if error.validator == "const":
        return f"must be {error.validator_value!r}"
    return error.message[:300]


# --- cross-references -------------------------------------------------------------------

def section_number(value: Any) -> str:
    """Normalise a section reference: ``"§4.3"``, ``4.3`` and ``" 4.3 "`` are all ``"4.3"``;
    an unquoted ``3.10`` stays ``"3.10"`` (not the number 3.1)."""
    return str(getattr(value, "text", value)).strip().lstrip("§").strip()


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _build_case(data: dict, positions: Positions, name: str) -> tuple[Case, list[Problem]]:
    fmt = case_format()
    problems: list[Problem] = []

    def problem(path: tuple, message: str) -> None:
        problems.append(Problem(name, _line(positions, path), _field_name(data, path), message))

    declared: dict[str, str] = {}
    for index, item in enumerate(data["study"]["sections"]):
        number = section_number(item["number"])
        if number in declared:
            problem(("study", "sections", index, "number"), f"section {number!r} is declared twice")
        declared[number] = item["title"]

    case = Case(id=data["case"], path=name, language=data["language"], study=data["study"], sections=declared,
                document=data, positions=positions)
    for key in fmt.sections:
        for index, item in enumerate(data.get(key) or []):
            ident = item["id"]
            if ident in case.entities:
                first = case.entities[ident]
                problem((key, index, "id"), f"duplicate id {ident!r} (first used in {first.section} at line {first.line})")
                continue
            case.entities[ident] = Entity(key, ident, item, _line(positions, (key, index)))
            for k, source in enumerate(_as_list(item["source"])):
                if section_number(source) not in declared:
                    path = (key, index, "source") + ((k,) if isinstance(item["source"], list) else ())
                    problem(path, f"section {section_number(source)!r} is not declared in study.sections")

    def check_refs(section_key: str, fields: dict, item: dict, path: tuple) -> None:
        for fkey, fdef in fields.items():
            if fdef.kind != "ref" or fkey not in item:
                continue
            values = item[fkey]
            for k, ref in enumerate(_as_list(values)):
                where = path + (fkey,) + ((k,) if isinstance(values, list) else ())
                target = case.entities.get(ref)
                if target is None:
                    problem(where, f"unknown id {ref!r}")
                elif fdef.to is not None and target.section not in fdef.to:
                    problem(where, f"{ref!r} is one of the {target.section}; expected an entity of: {', '.join(fdef.to)}")
                elif target is case.entities.get(item.get("id")) and section_key == target.section:
                    problem(where, f"{ref!r} refers to itself")

    def check_disjoint(fields: dict, item: dict, path: tuple) -> None:
        for fkey, fdef in fields.items():
            if fdef.disjoint is None or fkey not in item or fdef.disjoint not in item:
                continue
            both = set(_as_list(item[fdef.disjoint]))
            for k, value in enumerate(_as_list(item[fkey])):
                if value in both:
                    where = path + (fkey,) + ((k,) if isinstance(item[fkey], list) else ())
                    problem(where, f"{value!r} is also in {fdef.disjoint}: {_DISJOINT_WHY.get(fkey, 'a value cannot be in both')}")

    def check_unknown(fields: dict, item: dict, path: tuple) -> None:
        """``unknown`` names what the study does not state: never a field also given, and it
        stands for a required field only where the format allows (``unknown: allowed``; the
        schema keeps the others required)."""
        unknown = item.get("unknown", [])
        for k, key in enumerate(unknown):
            if key in item:
                problem(path + ("unknown", k), f"{key!r} is given a value and declared unknown: keep one")
        for fkey, fdef in fields.items():
            if fdef.unknown_allowed and fkey not in item and fkey not in unknown:
                problem(path + (fkey,), f"missing required field (when the study does not say, write `unknown: [{fkey}]`)")

    def check_links(fields: dict, item: dict, path: tuple) -> None:
        for fkey, fdef in fields.items():
            if fdef.kind != "iri" or fkey not in item:
                continue
            for k, iri in enumerate(_as_list(item[fkey])):
                message = link_problem(iri) if isinstance(iri, str) else None
                if message:
                    problem(path + (fkey,) + ((k,) if isinstance(item[fkey], list) else ()), message)

    check_refs("study", fmt.study.fields, data["study"], ("study",))
    for key, section in fmt.sections.items():
        # each check is given only the fields it looks at (thousands of entities, a dozen fields)
        fields = section.fields.items()
        refs = {fkey: fdef for fkey, fdef in fields if fdef.kind == "ref"}
        disjoint = {fkey: fdef for fkey, fdef in fields if fdef.disjoint is not None}
        unknown = {fkey: fdef for fkey, fdef in fields if fdef.unknown_allowed}
        links = {fkey: fdef for fkey, fdef in fields if fdef.kind == "iri"}
        for index, item in enumerate(data.get(key) or []):
            path = (key, index)
            check_refs(key, refs, item, path)
            if disjoint:
                check_disjoint(disjoint, item, path)
            check_unknown(unknown, item, path)
            if links:
                check_links(links, item, path)
    problems.extend(_cycle_problems(case, name))
    return case, problems


_DISJOINT_WHY = {
    "lacks": "a task cannot both have and lack a characteristic",
    "allows_tools": "a constraint cannot both keep out and allow a tool",
}


def _cycle_problems(case: Case, name: str) -> list[Problem]:
    """A unit inside itself (directly or through other units) is refused.

    Each entity is walked once: a chain of n units costs n steps, not n² (4,000 took 125 s).
    A cycle is reported once, at its member with the smallest id.
    """
    fmt = case_format()
    problems = []
    for key, section in fmt.sections.items():
        for fkey, fdef in section.fields.items():
            if fdef.kind != "ref" or fdef.to is None or key not in fdef.to:
                continue

            def parent(entity: Entity) -> Entity | None:
                ref = entity.data.get(fkey)
                ref = ref[0] if isinstance(ref, list) and ref else ref
                target = case.entities.get(ref) if isinstance(ref, str) else None
                return target if target is not None and target.section == key else None

            done: set[str] = set()
            for start in case.of_section(key):
                chain: list[Entity] = []
                on_chain: set[str] = set()
                current: Entity | None = start
                while current is not None and current.id not in done and current.id not in on_chain:
                    chain.append(current)
                    on_chain.add(current.id)
                    current = parent(current)
                if current is not None and current.id in on_chain:
                    cycle = chain[next(i for i, e in enumerate(chain) if e.id == current.id):]
                    if len(cycle) > 1:  # a unit inside itself directly is refused as a reference to itself
                        first = min(range(len(cycle)), key=lambda i: cycle[i].id)
                        ids = [e.id for e in cycle[first:] + cycle[:first]]
                        problems.append(Problem(name, cycle[first].line, f"{key}[{ids[0]}].{fkey}", f"cycle: {' -> '.join(ids + ids[:1])}"))
                done.update(on_chain)
    return problems
