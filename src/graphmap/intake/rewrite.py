"""``graphmap migrate``: rewrite version 1 case files as version 2, keeping what the analyst wrote.

A file is first read and checked by the case reader (the safe YAML reader, its size and depth
limits, the format); only a valid file is rewritten. The rewrite edits the YAML in ruamel.yaml's
round-trip mode, so comments, key order, quoting and flow style stay as written; the result is
read and checked again, and must give exactly the triples the version 1 file gave. Nothing is
written unless every file given passes; each file is replaced at once (written beside it, then
renamed), keeping its permissions.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from graphmap.errors import CaseError, Problem
from graphmap.intake.casefile import parse_case_text, read_case_text
from graphmap.intake.migrate import MOVED_STUDY_FIELDS, UpgradeNote, upgrade
from graphmap.intake.to_rdf import case_ntriples

__all__ = ["Migration", "plan_migration", "write_migration"]


@dataclass
class Migration:
    path: Path
    version: int
    text: str | None = None  # the new text; None when the file is current already
    notes: list[UpgradeNote] = field(default_factory=list)


def _round_trip():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 10_000  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _rewrite(text: str) -> tuple[str, list[UpgradeNote]]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = _round_trip()
    document = yaml.load(text)
    study = document.get("study")
    moved_comments = {key: study.ca.items[key] for key in MOVED_STUDY_FIELDS
                      if isinstance(study, CommentedMap) and key in study and key in study.ca.items}
    notes = upgrade(document, CommentedMap, CommentedSeq)
    if moved_comments and "interviews" in document:  # a comment at the end of a moved line moves with it
        interview = document["interviews"][-1]
        for old, comment in moved_comments.items():
            interview.ca.items[MOVED_STUDY_FIELDS[old]] = comment
    if any(note.path[:1] == ("interviews",) for note in notes):
        _keep_heading_below(document)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue(), notes


def _keep_heading_below(document) -> None:
    """The comments written after the study (the next section's heading) belong below the new
    ``interviews`` list, not above it: ruamel keeps them at the end of the study's last node."""
    node = document.get("study")
    while isinstance(node, (dict, list)) and node:
        ca = getattr(node, "ca", None)
        if ca is not None and getattr(ca, "end", None):
            tokens = list(ca.end)
            blank = [t for t in tokens[:1] if t.value.strip() == ""]
            ca.end = blank  # a blank line still closes the study
            from ruamel.yaml.tokens import CommentToken

            interview = document["interviews"][-1]
            text = "\n" + "".join(t.value for t in tokens)  # after the last value: its line end, then the comments
            interview.ca.items[list(interview)[-1]] = [None, None, CommentToken(text, tokens[0].start_mark), None]
            return
        node = node[list(node)[-1]] if isinstance(node, dict) else node[-1]


def plan_migration(path: str | Path) -> Migration:
    """Check ``path`` and work out its version 2 text; raise ``CaseError`` if it is not a valid case."""
    path = Path(path)
    name = str(path)
    text = read_case_text(path)  # read once: the text checked is the text rewritten
    case = parse_case_text(text, name)  # refuses what is not a valid case, version 1 or 2, before ruamel sees it
    version = case.written_version
    if version == 2:
        return Migration(path, version)
    new_text, notes = _rewrite(text)
    try:
        migrated = parse_case_text(new_text, name)
    except CaseError as exc:  # a defect of the migration, not of the file: say so, write nothing
        raise CaseError([Problem(name, p.line, p.field, f"the migrated file would not be valid: {p.message}") for p in exc.problems]) from None
    before, _ = case_ntriples(case)
    after, _ = case_ntriples(migrated)
    if sorted(before) != sorted(after):
        raise CaseError([Problem(name, 1, "graphmap", "the migration would change what the case says; the file is left as it is")])
    return Migration(path, version, new_text, notes)


def write_migration(migration: Migration) -> None:
    """Replace the file by its new text, at once (a temporary file beside it, renamed over it)."""
    assert migration.text is not None
    target = migration.path
    mode = target.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".migrating")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(migration.text)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
