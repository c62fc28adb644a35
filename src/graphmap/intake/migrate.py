"""Version 1 case files into version 2: one rewrite, used twice.

``graphmap migrate FILE…`` rewrites the files themselves (comments, key order and layout kept:
the YAML is edited in place with ruamel.yaml's round-trip mode), and the case reader applies the
same rewrite in memory to a version 1 file, so version 1 still loads and means exactly what
the migrated file means.

What changes from version 1 to version 2:

- ``graphmap: 1`` becomes ``graphmap: 2``;
- the study's ``interview_minutes`` and ``informant`` (one interview per study) become one
  entity of the new ``interviews`` section (``minutes``, ``informant``), placed after the study,
  citing the study's first declared section (the method is stated there in the seed; the
  migration's note says so, so the analyst can point it elsewhere).

Everything else of version 1 is valid version 2 with the same meaning; the new fields
(headcounts, usage frequency, AI tools' provenance, data sources, ``unknown``...) are additions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, MutableMapping

__all__ = ["upgrade", "UpgradeNote", "MOVED_STUDY_FIELDS"]

MOVED_STUDY_FIELDS = {"interview_minutes": "minutes", "informant": "informant"}
"""Version 1 study keys -> the version 2 interview keys they become."""

_INTERVIEW_WORDS = {"fr": ("entretien", "Entretien"), "en": ("interview", "Interview")}


@dataclass(frozen=True)
class UpgradeNote:
    """One thing the rewrite did, for ``graphmap migrate`` to tell (``path`` is where, in the new file)."""

    path: tuple
    text: str


def _ids(document: MutableMapping) -> set[str]:
    found = set()
    for value in document.values():
        if isinstance(value, list):
            found.update(item.get("id") for item in value if isinstance(item, dict) and isinstance(item.get("id"), str))
    return found


def _text_in(value: Any, language: str) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and value:
        chosen = value.get(language, next(iter(value.values())))
        return chosen if isinstance(chosen, str) else None
    return None


def upgrade(document: MutableMapping, new_map=dict, new_list=list) -> list[UpgradeNote]:
    """Rewrite a version 1 document into version 2, in place; return what was done.

    ``document`` is the root mapping (its ``study`` mapping is changed too). ``new_map`` and
    ``new_list`` make the mapping and the list added (ruamel's commented types for a migration
    that keeps comments; plain ones for the reader). A document that is not plainly version 1
    is left alone (the checks that follow say what is wrong with it).
    """
    if type(document.get("graphmap")) is not int or document["graphmap"] != 1:
        return []
    document["graphmap"] = 2
    notes = [UpgradeNote(("graphmap",), "format version 1 -> 2")]
    study = document.get("study")
    if not isinstance(study, MutableMapping) or not any(key in study for key in MOVED_STUDY_FIELDS):
        return notes
    if "interviews" in document:  # not version 1 after all: leave the study as it is, the checks will say
        return notes
    language = document.get("language") if isinstance(document.get("language"), str) else "en"
    stem, title = _INTERVIEW_WORDS.get(language.split("-")[0], _INTERVIEW_WORDS["en"])
    taken = _ids(document)
    number = 1
    while f"{stem}-{number}" in taken:
        number += 1
    interview = new_map()
    interview["id"] = f"{stem}-{number}"
    informant = _text_in(study.get("informant"), language)
    interview["label"] = f"{title} : {informant}" if informant and language.startswith("fr") else \
        f"{title}: {informant}" if informant else title
    moved = [old for old in MOVED_STUDY_FIELDS if old in study]
    for old in moved:
        interview[MOVED_STUDY_FIELDS[old]] = study.pop(old)
    sections = study.get("sections")
    first = sections[0].get("number") if isinstance(sections, list) and sections and isinstance(sections[0], dict) else None
    if first is not None:
        interview["source"] = first
    items = new_list()
    items.append(interview)
    # place the new section right after the study, where a reader looks for how the study was made
    keys = list(document.keys())
    position = keys.index("study") + 1 if "study" in keys else len(keys)
    if hasattr(document, "insert"):
        document.insert(position, "interviews", items)
    else:
        tail = {key: document.pop(key) for key in keys[position:]}
        document["interviews"] = items
        document.update(tail)
    where = f"section {first}" if first is not None else "no section (none declared)"
    notes.append(UpgradeNote(("interviews", 0), f"{', '.join('study.' + k for k in moved)} -> interviews[{interview['id']}], "
                             f"citing {where}: check that section"))
    return notes
