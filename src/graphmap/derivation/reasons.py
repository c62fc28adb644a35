"""Why a verdict is what it is: reasons as codes with parameters, written out in French or English.

The derivation engine (``derive.py``) gives every verdict a ``Reason``: a code from ``TEMPLATES``
and the values it needs (a score, a threshold, criteria, another verdict, another reason). The
code is stored with the verdict (``gm:reasonCode``) and so is its text in every language of
``LANGS`` (``gm:reason``, language-tagged), so that queries, views, ``explain`` and the reports
show the reason in the reader's language without ever translating a sentence back.

Parameters:
- ``criteria``: characteristic notations, written as their labels in the ontology's vocabulary;
- ``value`` / ``posts`` / ``own``: verdict values (``exploring``...), written as the verdict's
  label in the language;
- ``reason`` / ``own_reason``: a nested ``Reason``;
- anything else (scores, thresholds) is written as given.
"""

from __future__ import annotations

from dataclasses import dataclass, field


__all__ = ["LANGS", "VERDICT_LABELS", "TEMPLATES", "Reason", "render", "verdict_label"]

LANGS = ("en", "fr")

# Values of derived verdicts (not SKOS concepts of the ontology) and review statuses.
VERDICT_LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "effective-user": "utilisateur effectif", "exploring": "en exploration", "not-concerned": "non concerné",
        "ai-fit": "adaptée à l'IA", "non-ai-lever": "levier non-IA", "blocked": "bloquée par une contrainte",
        "not-standardisable": "non standardisable", "undetermined": "indéterminé", "standardisable": "standardisable",
        "confirmed": "confirmé", "overridden": "modifié", "needs-review": "à revoir",
    },
    "en": {
        "effective-user": "effective user", "exploring": "exploring", "not-concerned": "not concerned",
        "ai-fit": "AI fit", "non-ai-lever": "non-AI lever", "blocked": "blocked by a constraint",
        "not-standardisable": "not standardisable", "undetermined": "undetermined", "standardisable": "standardisable",
        "confirmed": "confirmed", "overridden": "overridden", "needs-review": "needs review",
    },
}

TEMPLATES: dict[str, dict[str, str]] = {
    # a task: standardisable or not
    "blocked": {"en": "blocked by {criteria}", "fr": "bloquée par {criteria}"},
    "score-met": {"en": "score {score} >= threshold {threshold}", "fr": "score {score} ≥ seuil {threshold}"},
    "score-below": {"en": "score {score} below the threshold", "fr": "score {score} sous le seuil"},
    "score-below-even-if-met": {
        "en": "score {score} below the threshold {threshold}, and {at_most} at most with the criteria not recorded",
        "fr": "score {score} sous le seuil {threshold}, et {at_most} au plus avec les critères non renseignés"},
    "score-hangs-on-unknown": {
        "en": "score {score} below the threshold {threshold} with the facts recorded, but {at_most} if the criteria "
              "not recorded were met",
        "fr": "score {score} sous le seuil {threshold} avec les faits renseignés, mais {at_most} si les critères "
              "non renseignés étaient remplis"},
    # a task: its AI fit
    "fit-not-standardisable": {"en": "{reason}", "fr": "{reason}"},
    "fit-undetermined": {"en": "standardisable or not is undetermined ({reason}); if standardisable: {value}",
                         "fr": "standardisable ou non : indéterminé ({reason}) ; si elle l'était : {value}"},
    "fit-non-ai-lever": {"en": "standardisable, and already served by a non-AI improvement",
                         "fr": "standardisable, et déjà servie par une amélioration non-IA"},
    "fit-blocked": {"en": "standardisable, but a constraint keeps approved AI tools away",
                    "fr": "standardisable, mais une contrainte tient les outils d'IA autorisés à l'écart"},
    "fit-open": {"en": "standardisable; no non-AI improvement serves it and no constraint keeps AI tools away",
                 "fr": "standardisable ; aucune amélioration non-IA ne la sert et aucune contrainte n'écarte les outils d'IA"},
    "fit-open-approved": {"en": "standardisable; no non-AI improvement serves it, and the constraint that keeps AI tools "
                                "away allows an approved one",
                          "fr": "standardisable ; aucune amélioration non-IA ne la sert, et la contrainte qui écarte les "
                                "outils d'IA en autorise un"},
    "after-review": {"en": "{reason} ({value} after a human review)", "fr": "{reason} ({value} après une revue humaine)"},
    # a post or role: its own facts
    "own-effective": {"en": "effective AI usage", "fr": "usage effectif de l'IA"},
    "own-other": {"en": "AI usage experimented or evoked, not effective",
                  "fr": "usage de l'IA expérimenté ou évoqué, pas effectif"},
    "own-open": {"en": "tasks open to AI, no effective usage", "fr": "tâches ouvertes à l'IA, sans usage effectif"},
    "own-maybe": {
        "en": "no AI usage; tasks whose standardisability is undetermined would make it exploring if one were "
              "standardisable, else not-concerned",
        "fr": "aucun usage de l'IA ; des tâches de standardisabilité indéterminée le rendraient en exploration si "
              "l'une était standardisable, sinon non concerné"},
    "own-closed": {
        "en": "no AI usage and no task open to AI (none standardisable, or served by a non-AI improvement, or "
              "blocked by a constraint)",
        "fr": "aucun usage de l'IA ni tâche ouverte à l'IA (aucune standardisable, ou servie par une amélioration "
              "non-IA, ou bloquée par une contrainte)"},
    "own-nothing": {"en": "nothing recorded (no task, AI usage, capsule or non-usage): cannot be said",
                    "fr": "rien d'enregistré (ni tâche, ni usage de l'IA, ni capsule, ni non-usage) : impossible à dire"},
    "own-designs": {"en": "designs AI tools for others (capsules): itself an effective use",
                    "fr": "conçoit des outils d'IA pour d'autres (capsules) : un usage effectif en soi"},
    "own-non-usage": {"en": "a non-usage of AI is recorded, with no task or AI usage",
                      "fr": "un non-usage de l'IA est enregistré, sans tâche ni usage de l'IA"},
    # a role: its posts and its own facts
    "role-undetermined-posts": {"en": "undetermined: its typology depends on posts whose typology is undetermined",
                                "fr": "indéterminé : sa typologie dépend de postes à la typologie indéterminée"},
    "role-undetermined-tasks": {"en": "undetermined: its typology depends on its own undetermined tasks",
                                "fr": "indéterminé : sa typologie dépend de ses propres tâches indéterminées"},
    "role-posts-agree": {"en": "its posts agree", "fr": "ses postes concordent"},
    "role-all-agree": {"en": "its posts agree, and so do its own facts: {own_reason}",
                       "fr": "ses postes concordent, ses propres faits aussi : {own_reason}"},
    "role-posts-differ": {"en": "variable according to posts and tasks: its posts differ",
                          "fr": "variable selon les postes et les tâches : ses postes diffèrent"},
    "role-own-differs": {
        "en": "variable according to posts and tasks: its posts are {posts}, its own facts say {own} ({own_reason})",
        "fr": "variable selon les postes et les tâches : ses postes sont {posts}, ses propres faits disent {own} "
              "({own_reason})"},
}

_VERDICT_PARAMS = {"value", "posts", "own"}


@dataclass(frozen=True)
class Reason:
    """A reason code and the values its sentence needs."""

    code: str
    params: dict = field(default_factory=dict, hash=False, compare=True)

    def __post_init__(self):
        if self.code not in TEMPLATES:
            raise ValueError(f"unknown reason code {self.code!r}")

    def __str__(self) -> str:
        return render(self, "en")


def verdict_label(value: str, lang: str, labelled: bool = False) -> str:
    """A derived verdict's value as a reader says it (the value itself in English, unless
    ``labelled``: then its label in English too, ``AI fit`` for ``ai-fit``)."""
    return value if lang == "en" and not labelled else VERDICT_LABELS[lang].get(value, value)


def render(reason: Reason, lang: str, labelled: bool = False) -> str:
    """The reason's sentence in ``lang``; ``labelled`` writes every verdict value in it by its
    label (the reports), not by the value itself (the queries, the terminal)."""
    values = {}
    for key, value in reason.params.items():
        if isinstance(value, Reason):
            values[key] = render(value, lang, labelled)
        elif key == "criteria":
            from graphmap.model.vocabulary import concept_labels

            labels = concept_labels("TaskCharacteristics", lang)
            values[key] = ", ".join(labels.get(c, c) for c in value)
        elif key in _VERDICT_PARAMS and isinstance(value, str):
            values[key] = verdict_label(value, lang, labelled)
        else:
            values[key] = value
    return TEMPLATES[reason.code][lang].format(**values)
