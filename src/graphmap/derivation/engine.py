"""The derivation engine: every verdict graphmap gives, computed once per case and kept as data.

Read this file to know what a verdict means. The rule is code; the rubric it applies is data
(``ontology/rubric.ttl``, or the file given with ``--rubric``). For each case the engine reads
the case's own statements and writes, in a graph of its own beside the case's (never mixed
with it), one verdict resource per question:

- **standardisable** (every task). A task *has* a characteristic, *lacks* it (``lacks:`` in a
  case file), or the case says nothing: then it is *not recorded*, which counts neither for nor
  against. With ``met`` the weights of the criteria the task has, ``open`` those not recorded,
  ``total`` all weights and ``threshold`` the rubric's:

  - a blocking condition the task has settles **not-standardisable**;
  - ``met >= threshold x total`` settles **standardisable** (a blocking condition not recorded
    is read as absent: an interview reports such a trait when it holds, and the verdict says
    which ones it did not see);
  - ``met + open < threshold x total`` settles **not-standardisable** (even if every fact not
    recorded held, the score would stay below the threshold);
  - otherwise the verdict is **undetermined**, and ``explain`` and ``questions`` name the facts
    that would settle it.

- **ai-fit** (every task), from its effective standardisable verdict: ``not-standardisable``;
  ``undetermined``; ``non-ai-lever`` (a non-AI improvement already serves it); ``blocked`` (a
  constraint that keeps AI tools out weighs on the task or its holder); else ``ai-fit``.

- **typology** (every post and role). A post or role is ``effective-user`` when it uses or
  benefits from an effective AI usage, or designs AI tools for others (``developed_by`` of a
  capsule: building a capsule is itself an effective use); ``exploring`` when it has an
  experimented or evoked usage, or a task *open to AI* (standardisable, not served by a non-AI
  improvement, not kept from AI tools by a constraint); ``not-concerned`` when it has tasks and
  none of this holds, or, without tasks, when a non-usage is recorded for it. When the answer
  hangs on undetermined task verdicts it is ``undetermined`` (never "not concerned" for want
  of facts), and so is a post or role of which nothing is recorded (no task, usage, capsule
  or non-usage: an empty post, written only to count people, says nothing about AI). A role
  takes the verdict its posts and its own facts agree on, leaving out posts of which nothing is
  recorded; when they differ it is ``exploring`` ("variable selon profils et tâches", study
  §5); when that depends on undetermined posts, ``undetermined``.

**Reviews carry through.** The *effective* value of a verdict is the latest human review's if
there is one, else the proposed one; the typology is computed from the effective task and post
verdicts, so a review changes everything downstream. A review made on other facts or another
rubric version stays in force but is flagged ``needs-review``.

Each verdict records its proposed and effective values, the criteria met, missed and not
recorded, the blocking conditions, the constraints and non-AI improvements beside it, the facts
it was derived from (``prov:wasDerivedFrom``) and a fingerprint of them; the graph records the
derivation (``prov:Activity``) that used the rubric and when.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from itertools import combinations
from typing import Iterable, Iterator, Mapping

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS, XSD

from graphmap.model.caseformat import case_format
from graphmap.derivation.reasons import LANGS, Reason, render
from graphmap.model.vocabulary import GM, GMV, ontology_cache, ontology_graph

__all__ = [
    "Rule", "Facts", "Verdict", "Review", "STANDARDISABLE", "AI_FIT", "TYPOLOGY",
    "facts_of", "derive", "verdict_ntriples", "derived_graph_key", "derivation_iri", "settling_sets", "typology_moves",
    "task_value", "TASK_VALUES", "TYPOLOGY_VALUES",
]

STANDARDISABLE, AI_FIT, TYPOLOGY = "standardisable", "ai-fit", "typology"
TASK_VALUES = ("standardisable", "not-standardisable", "undetermined")
TYPOLOGY_VALUES = ("effective-user", "exploring", "not-concerned", "undetermined")
EFFECTIVE_STATUS = str(GMV["status-effective"])
EPSILON = Decimal("1e-9")


# --- the rubric, read as data -------------------------------------------------------------

@dataclass(frozen=True)
class Criterion:
    name: str  # its local name in the rubric (gmr:recurrent -> "recurrent")
    characteristic: str  # the notation of the task characteristic it looks at
    weight: Decimal


@dataclass(frozen=True)
class Rule:
    """The rubric in force: weighted criteria, a threshold, blocking conditions."""

    iri: str
    name: str
    version: str
    threshold: Decimal
    criteria: tuple[Criterion, ...]
    blocking: tuple[Criterion, ...]  # weight 0

    @property
    def total(self) -> Decimal:
        return sum((c.weight for c in self.criteria), Decimal(0))

    def weight(self, characteristic: str) -> Decimal:
        return sum((c.weight for c in self.criteria if c.characteristic == characteristic), Decimal(0))

    @property
    def criterion_characteristics(self) -> list[str]:
        return list(dict.fromkeys(c.characteristic for c in self.criteria))

    @property
    def blocking_characteristics(self) -> list[str]:
        return list(dict.fromkeys(c.characteristic for c in self.blocking))

    @classmethod
    def from_graph(cls, graph: Graph) -> "Rule":
        """Read a rubric graph already checked by ``vocabulary.rubric_graph``."""
        rubric = next(graph.subjects(RDF.type, GM.Rubric))
        notations = _notations()

        def items(predicate) -> tuple[Criterion, ...]:
            out = []
            for node in graph.objects(rubric, predicate):
                weight = graph.value(node, GM.weight)
                out.append(Criterion(str(node).rsplit("/", 1)[-1], notations[str(graph.value(node, GM.characteristic))],
                                     Decimal(str(weight)) if weight is not None else Decimal(0)))
            return tuple(sorted(out, key=lambda c: c.name))

        return cls(str(rubric), str(rubric).rsplit("/", 1)[-1], str(graph.value(rubric, OWL.versionInfo) or ""),
                   Decimal(str(graph.value(rubric, GM.threshold))), items(GM.criterion), items(GM.blockingCondition))


@ontology_cache
def _notations() -> dict[str, str]:
    """Concept IRI -> notation, for every concept of the vocabularies."""
    graph = ontology_graph()
    return {str(s): str(o) for s, o in graph.subject_objects(SKOS.notation)}


@ontology_cache
def _concepts() -> dict[str, str]:
    """Characteristic notation -> concept IRI."""
    scheme = str(GMV.TaskCharacteristics)
    graph = ontology_graph()
    return {str(graph.value(c, SKOS.notation)): str(c) for c in graph.subjects(SKOS.inScheme, URIRef(scheme))}


# --- the facts of one case the rule reads -------------------------------------------------

@dataclass
class TaskFacts:
    iri: str
    id: str
    holders: list[str] = field(default_factory=list)  # IRIs of its posts or roles
    has: set[str] = field(default_factory=set)  # characteristic notations
    lacks: set[str] = field(default_factory=set)
    served_by: list[str] = field(default_factory=list)  # IRIs of non-AI improvements
    constraints: list[str] = field(default_factory=list)  # IRIs of constraints on it or its holder
    blocking_constraints: list[str] = field(default_factory=list)  # those that keep AI tools out
    allowing_constraints: list[str] = field(default_factory=list)  # those that keep AI tools out but allow one


@dataclass
class HolderFacts:
    iri: str
    id: str
    kind: str  # "post" or "role"
    role: str | None = None  # a post's role (IRI)
    effective: list[str] = field(default_factory=list)  # IRIs of its effective usages
    other: list[str] = field(default_factory=list)  # of its experimented or evoked usages
    tasks: list[str] = field(default_factory=list)  # IRIs of its tasks
    designs: list[str] = field(default_factory=list)  # IRIs of the capsules it developed
    non_usages: list[str] = field(default_factory=list)  # IRIs of the non-usages concerning it

    @property
    def has_facts(self) -> bool:
        return bool(self.effective or self.other or self.tasks or self.designs or self.non_usages)


@dataclass
class Facts:
    case: str
    ids: dict[str, str]  # IRI -> identifier, for every entity of the case
    tasks: dict[str, TaskFacts]
    holders: dict[str, HolderFacts]


_P = {name: str(iri) for name, iri in {
    "type": RDF.type, "id": DCTERMS.identifier, "taskOf": GM.taskOf, "has": GM.hasCharacteristic,
    "lacks": GM.lacksCharacteristic, "serves": GM.serves, "affects": GM.affects, "blocks": GM.blocksAITools,
    "status": GM.usageStatus, "usedBy": GM.usedBy, "beneficiary": GM.beneficiary, "ofRole": GM.ofRole,
    "developedBy": GM.developedBy, "concerns": GM.concerns, "allows": GM.allowsTool,
}.items()}
_NAME_OF = {iri: name for name, iri in _P.items()}
_TASK, _POST, _ROLE, _CONSTRAINT = str(GM.Task), str(GM.Post), str(GM.Role), str(GM.Constraint)


_READ = {f"<{iri}>": iri for iri in _P.values()}


def _statements(text: str) -> Iterator[tuple[str, str, str]]:
    """(subject, predicate, object) values of the N-Triples lines whose predicate the rule reads.

    Most of a case (labels, descriptions, quotes) is none of these: a line written as graphmap
    and Oxigraph write them (``<s> <p> o .``, single spaces) is split as text, not parsed (a
    1 MB case: 0.04 s instead of 0.2). A line written otherwise, or whose terms hold an escape
    or a blank node, is left to Oxigraph's parser, which gives the same values.
    """
    others: list[str] = []
    for line in text.split("\n"):
        parts = line.split(" ", 2)
        if len(parts) != 3 or not parts[2].endswith(" .") or parts[1][:1] != "<" or parts[1][-1:] != ">" or "\\" in parts[1]:
            if line.strip():
                others.append(line)
            continue
        predicate = _READ.get(parts[1])
        if predicate is None:
            continue
        subject, obj = parts[0], parts[2][:-2]
        if subject[:1] != "<" or subject[-1:] != ">" or "\\" in subject or "\\" in obj:
            others.append(line)
        elif obj[:1] == "<" and obj[-1:] == ">":
            yield subject[1:-1], predicate, obj[1:-1]
        elif obj[:1] == '"':
            yield subject[1:-1], predicate, obj[1:obj.rindex('"')]
        else:
            others.append(line)
    if others:
        for t in ox.parse("\n".join(others).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
            if t.predicate.value in _NAME_OF:
                yield t.subject.value, t.predicate.value, t.object.value


def facts_of(case: str, ntriples) -> Facts:
    """The facts the rule reads, from the N-Triples of one case's graph (text or bytes), or from
    its triples parsed by pyoxigraph (a load that keeps them parsed, for Neo4j)."""
    if isinstance(ntriples, (str, bytes)):
        statements = _statements(ntriples.decode("utf-8") if isinstance(ntriples, bytes) else ntriples)
    else:
        statements = ((t.subject.value, t.predicate.value, t.object.value) for t in ntriples)
    types: dict[str, set[str]] = {}
    ids: dict[str, str] = {}
    links: dict[str, list[tuple[str, str]]] = {name: [] for name in _P}
    notations = _notations()
    type_p, id_p = _P["type"], _P["id"]
    for s, p, o in statements:
        if p == type_p:
            types.setdefault(s, set()).add(o)
        elif p == id_p:
            ids[s] = o
        else:
            name = _NAME_OF.get(p)
            if name is not None:
                links[name].append((s, o))
    tasks = {iri: TaskFacts(iri, ids[iri]) for iri, kinds in types.items() if _TASK in kinds and iri in ids}
    holders = {iri: HolderFacts(iri, ids[iri], "post" if _POST in kinds else "role")
               for iri, kinds in types.items() if (_POST in kinds or _ROLE in kinds) and iri in ids}
    # a constraint that keeps AI tools out but allows one (the approved assistant) blocks nothing
    allowing = {s for s, _ in links["allows"]}
    keep_out = {s for s, value in links["blocks"] if value in ("true", "1")}
    blocks = keep_out - allowing
    constraints = {iri for iri, kinds in types.items() if _CONSTRAINT in kinds}
    affected: dict[str, list[str]] = {}
    for constraint, target in links["affects"]:
        if constraint in constraints:
            affected.setdefault(target, []).append(constraint)
    for s, o in links["taskOf"]:
        if s in tasks:
            tasks[s].holders.append(o)
            if o in holders:
                holders[o].tasks.append(s)
    for s, o in links["has"]:
        if s in tasks and o in notations:
            tasks[s].has.add(notations[o])
    for s, o in links["lacks"]:
        if s in tasks and o in notations:
            tasks[s].lacks.add(notations[o])
    for s, o in links["serves"]:
        if o in tasks:
            tasks[o].served_by.append(s)
    for task in tasks.values():
        on = affected.get(task.iri, []) + [c for h in task.holders for c in affected.get(h, [])]
        task.constraints = sorted(set(on))
        task.blocking_constraints = sorted(c for c in task.constraints if c in blocks)
        task.allowing_constraints = sorted(c for c in task.constraints if c in keep_out and c in allowing)
        task.served_by.sort()
        task.holders.sort()
    status = dict(links["status"])
    for name in ("usedBy", "beneficiary"):
        for usage, holder in links[name]:
            if holder in holders and usage in status:
                target = holders[holder].effective if status[usage] == EFFECTIVE_STATUS else holders[holder].other
                if usage not in target:
                    target.append(usage)
    for s, o in links["ofRole"]:
        if s in holders:
            holders[s].role = o
    for capsule, holder in links["developedBy"]:
        if holder in holders:
            holders[holder].designs.append(capsule)
    for non_usage, holder in links["concerns"]:
        if holder in holders:
            holders[holder].non_usages.append(non_usage)
    for holder in holders.values():
        holder.effective.sort()
        holder.other.sort()
        holder.tasks.sort()
        holder.designs.sort()
        holder.non_usages.sort()
    return Facts(case, ids, tasks, holders)


# --- reviews ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Review:
    """The latest human review of one verdict (see ``review.py``)."""

    value: str  # for "standardisable": "true" / "false"; for "typology": a typology
    decision: str  # "accept" or "override"
    by: str
    at: str
    why: str
    fingerprint: str


def task_value(value: str) -> str:
    """A standardisable review value ("true", "false") as a verdict value."""
    return {"true": "standardisable", "false": "not-standardisable"}.get(value, value)


# --- verdicts -----------------------------------------------------------------------------

@dataclass
class Verdict:
    case: str
    entity: str  # IRI
    entity_id: str
    question: str
    proposed: str
    effective: str = ""
    review: str = "none"  # none / confirmed / overridden / needs-review
    reviewer: str | None = None
    reviewed_at: str | None = None
    review_why: str | None = None
    reason: Reason | None = None
    score: Decimal | None = None
    score_if_met: Decimal | None = None
    met: list[str] = field(default_factory=list)  # characteristic notations
    missed: list[str] = field(default_factory=list)
    not_recorded: list[str] = field(default_factory=list)
    blocking: list[str] = field(default_factory=list)
    constraints: list[str] = field(default_factory=list)  # IRIs
    served_by: list[str] = field(default_factory=list)  # IRIs
    evidence: list[str] = field(default_factory=list)
    derived_from: list[str] = field(default_factory=list)  # IRIs of the facts used
    fingerprint: str = ""

    def fingerprint_of(self, facts: dict, version: str) -> str:
        data = {"proposed": self.proposed, **facts, "rule_version": version}
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _weights(rule: Rule, has: set[str], lacks: set[str]) -> tuple[Decimal, Decimal]:
    """The weights of the criteria a task has, and of those neither stated nor denied."""
    chars = rule.criterion_characteristics
    return (sum((rule.weight(c) for c in chars if c in has), Decimal(0)),
            sum((rule.weight(c) for c in chars if c not in has and c not in lacks), Decimal(0)))


def standardisable(rule: Rule, has: set[str], lacks: set[str]) -> tuple[str, Reason]:
    """The rule on one task's characteristics: (verdict, reason)."""
    blocked = [c for c in rule.blocking_characteristics if c in has]
    if blocked:
        return "not-standardisable", Reason("blocked", {"criteria": blocked})
    total, bar = rule.total, rule.threshold * rule.total
    met, unknown = _weights(rule, has, lacks)
    score = _round(met / total) if total else Decimal(0)
    at_most = _round((met + unknown) / total) if total else Decimal(0)
    if met >= bar - EPSILON:
        return "standardisable", Reason("score-met", {"score": score, "threshold": rule.threshold})
    if met + unknown < bar - EPSILON:
        if unknown:
            return "not-standardisable", Reason("score-below-even-if-met",
                                                {"score": score, "threshold": rule.threshold, "at_most": at_most})
        return "not-standardisable", Reason("score-below", {"score": score})
    return "undetermined", Reason("score-hangs-on-unknown", {"score": score, "threshold": rule.threshold, "at_most": at_most})


def _task_verdict(rule: Rule, facts: Facts, task: TaskFacts) -> Verdict:
    value, reason = standardisable(rule, task.has, task.lacks)
    chars = rule.criterion_characteristics
    total = rule.total
    met, unknown = _weights(rule, task.has, task.lacks)
    verdict = Verdict(
        facts.case, task.iri, task.id, STANDARDISABLE, value, reason=reason,
        score=_round(met / total) if total else None, score_if_met=_round((met + unknown) / total) if total else None,
        met=[c for c in chars if c in task.has], missed=[c for c in chars if c in task.lacks],
        not_recorded=[c for c in chars if c not in task.has and c not in task.lacks],
        blocking=[c for c in rule.blocking_characteristics if c in task.has],
        constraints=task.constraints, served_by=task.served_by,
        derived_from=[task.iri, *task.constraints, *task.served_by],
    )
    verdict.fingerprint = verdict.fingerprint_of({
        "met": verdict.met, "missed": verdict.missed, "not_recorded": verdict.not_recorded,
        "blocking": verdict.blocking, "constraints": [facts.ids.get(c, c) for c in task.constraints],
        "served_by": [facts.ids.get(i, i) for i in task.served_by],
    }, rule.version)
    return verdict


def _apply_review(verdict: Verdict, review: Review | None, to_value=lambda v: v) -> None:
    verdict.effective = verdict.proposed
    if review is None:
        return
    verdict.effective = to_value(review.value)
    verdict.reviewer, verdict.reviewed_at, verdict.review_why = review.by, review.at, review.why
    if review.fingerprint != verdict.fingerprint:
        verdict.review = "needs-review"
    else:
        verdict.review = "confirmed" if review.decision == "accept" else "overridden"


def _fit(task: TaskFacts, effective: str, reason: Reason) -> tuple[str, Reason]:
    """The AI-fit class of a task from its effective standardisable verdict."""
    if effective == "not-standardisable":
        return "not-standardisable", Reason("fit-not-standardisable", {"reason": reason})
    if task.served_by:
        would = "non-ai-lever"
    elif task.blocking_constraints:
        would = "blocked"
    else:
        would = "ai-fit"
    if effective == "undetermined":
        return "undetermined", Reason("fit-undetermined", {"reason": reason, "value": would})
    if would == "ai-fit" and task.allowing_constraints:  # AI tools kept out, but an approved one allowed
        return would, Reason("fit-open-approved")
    return would, Reason({"non-ai-lever": "fit-non-ai-lever", "blocked": "fit-blocked", "ai-fit": "fit-open"}[would])


# --- the typology -------------------------------------------------------------------------

_OWN_REASONS = {key: Reason(f"own-{key}") for key in ("effective", "designs", "other", "open", "maybe", "closed", "non-usage", "nothing")}


def _own(holder: HolderFacts, facts: Facts, task_values: Mapping[str, str]) -> tuple[set[str], Reason, list[str]]:
    """What a holder's own facts make it: the typologies still possible, the reason, the evidence."""
    def open_to_ai(task: TaskFacts, value: str) -> bool:
        return task_values.get(task.iri) == value and not task.served_by and not task.blocking_constraints

    tasks = [facts.tasks[t] for t in holder.tasks if t in facts.tasks]
    open_ = [t.iri for t in tasks if open_to_ai(t, "standardisable")]
    maybe = [t.iri for t in tasks if open_to_ai(t, "undetermined")]
    if holder.effective:
        return {"effective-user"}, _OWN_REASONS["effective"], holder.effective + holder.other
    if holder.designs:
        return {"effective-user"}, _OWN_REASONS["designs"], holder.designs + holder.other
    if holder.other:
        return {"exploring"}, _OWN_REASONS["other"], holder.other
    if open_:
        return {"exploring"}, _OWN_REASONS["open"], open_
    if maybe:
        return {"exploring", "not-concerned"}, _OWN_REASONS["maybe"], maybe
    if tasks:
        return {"not-concerned"}, _OWN_REASONS["closed"], [t.iri for t in tasks]
    if holder.non_usages:
        return {"not-concerned"}, _OWN_REASONS["non-usage"], holder.non_usages
    return {"undetermined"}, _OWN_REASONS["nothing"], []


def _role_outcome(own: str, has_facts: bool, posts: set[str]) -> str:
    """A role's typology from its own verdict and the distinct verdicts of its posts."""
    if not posts:
        return own
    if len(posts) == 1 and (not has_facts or own in posts):
        return next(iter(posts))
    return "exploring"


def _single(values: set[str]) -> str:
    return next(iter(values)) if len(values) == 1 else "undetermined"


def _typologies(facts: Facts, rule: Rule, task_values: Mapping[str, str],
                reviews: Mapping[tuple[str, str], Review]) -> list[Verdict]:
    out: list[Verdict] = []
    possible: dict[str, set[str]] = {}  # post IRI -> the typologies its effective verdict allows
    posts_of: dict[str, list[HolderFacts]] = {}
    own_of = {h.iri: _own(h, facts, task_values) for h in facts.holders.values()}

    def verdict(holder: HolderFacts, proposed: str, reason: Reason, evidence: list[str], used: list[str]) -> Verdict:
        v = Verdict(facts.case, holder.iri, holder.id, TYPOLOGY, proposed, reason=reason,
                    evidence=evidence, derived_from=[holder.iri, *used])
        v.fingerprint = v.fingerprint_of({"reason": str(reason), "evidence": sorted(evidence)}, rule.version)
        _apply_review(v, reviews.get((holder.id, TYPOLOGY)))
        return v

    for holder in sorted(facts.holders.values(), key=lambda h: h.id):
        if holder.kind != "post":
            continue
        values, reason, evidence = own_of[holder.iri]
        v = verdict(holder, _single(values), reason, [facts.ids.get(e, e) for e in evidence], evidence)
        out.append(v)
        possible[holder.iri] = values if v.effective == "undetermined" else {v.effective}
        if holder.role in facts.holders and (holder.has_facts or v.review != "none"):
            posts_of.setdefault(holder.role, []).append(holder)  # a post of which nothing is known says nothing of its role
    post_values = {v.entity: v.effective for v in out}
    for holder in sorted(facts.holders.values(), key=lambda h: h.id):
        if holder.kind == "post":
            continue
        values, own_reason, evidence = own_of[holder.iri]
        posts = posts_of.get(holder.iri, [])
        has_facts = holder.has_facts
        fixed = {v for p in posts if len(possible[p.iri]) == 1 for v in possible[p.iri]}
        open_posts = [p for p in posts if len(possible[p.iri]) > 1]
        choices = [set()] if not open_posts else [{"exploring"}, {"not-concerned"}] + ([{"exploring", "not-concerned"}] if len(open_posts) > 1 else [])
        outcomes = {_role_outcome(own, has_facts, fixed | extra) for own in values for extra in choices}
        post_list = [f"{p.id}={post_values[p.iri]}" for p in posts]
        own = _single(values)
        if not posts:
            reason = own_reason
        elif len(outcomes) > 1:
            reason = Reason("role-undetermined-posts" if open_posts else "role-undetermined-tasks")
        elif not has_facts and len(fixed | {v for p in open_posts for v in possible[p.iri]}) == 1:
            reason = Reason("role-posts-agree")
        elif len({post_values[p.iri] for p in posts}) == 1 and own == post_values[posts[0].iri]:
            reason = Reason("role-all-agree", {"own_reason": own_reason})
        elif len({post_values[p.iri] for p in posts}) > 1:
            reason = Reason("role-posts-differ")
        else:
            reason = Reason("role-own-differs", {"posts": post_values[posts[0].iri], "own": own, "own_reason": own_reason})
        out.append(verdict(holder, _single(outcomes), reason, [facts.ids.get(e, e) for e in evidence] + post_list,
                           evidence + [p.iri for p in posts]))
    return out


def derive(facts: Facts, rule: Rule, reviews: Mapping[tuple[str, str], Review] | None = None) -> list[Verdict]:
    """Every verdict of one case: standardisable and ai-fit per task, typology per post and role.

    ``reviews`` maps ``(entity id, question)`` to the latest review of that verdict.
    """
    reviews = reviews or {}
    out: list[Verdict] = []
    task_values: dict[str, str] = {}
    for task in sorted(facts.tasks.values(), key=lambda t: t.id):
        v = _task_verdict(rule, facts, task)
        _apply_review(v, reviews.get((task.id, STANDARDISABLE)), task_value)
        task_values[task.iri] = v.effective
        out.append(v)
        fit, fit_reason = _fit(task, v.effective, v.reason)
        if v.review != "none":
            fit_reason = Reason("after-review", {"reason": fit_reason, "value": v.effective})
        fv = Verdict(facts.case, task.iri, task.id, AI_FIT, fit, effective=fit, reason=fit_reason,
                     constraints=task.blocking_constraints, served_by=task.served_by,
                     derived_from=[task.iri, *task.blocking_constraints, *task.served_by])
        out.append(fv)
    out.extend(_typologies(facts, rule, task_values, reviews))
    return out


# --- what would change a verdict ----------------------------------------------------------

def settling_sets(rule: Rule, has: set[str], lacks: set[str], largest: int = 6) -> dict[str, list[list[str]]]:
    """For a task's characteristics, the smallest sets of facts that would give each other verdict.

    Keys are the verdicts reachable (``standardisable``, ``not-standardisable``); each value
    lists the sets of the smallest size, each a list of changes: ``+char`` (recorded as present)
    or ``-char`` (recorded as absent). Facts not recorded come first: they are the ones an
    interview can still give.
    """
    now, _ = standardisable(rule, has, lacks)
    chars = rule.criterion_characteristics + rule.blocking_characteristics
    changes = [f"+{c}" for c in chars if c not in has] + [f"-{c}" for c in chars if c not in lacks]
    targets = {"standardisable", "not-standardisable"} - {now}
    out: dict[str, list[list[str]]] = {}
    for size in range(1, min(largest, len(changes)) + 1):
        for combo in combinations(changes, size):
            names = {c[1:] for c in combo}
            if len(names) < size:
                continue
            added = {c[1:] for c in combo if c[0] == "+"}
            removed = names - added
            value, _ = standardisable(rule, (has - removed) | added, (lacks - added) | removed)
            if value in targets and (value not in out or len(out[value][0]) == size):
                out.setdefault(value, []).append(list(combo))
        if set(out) == targets:
            break
    return out


def typology_moves(facts: Facts, rule: Rule, verdicts: list[Verdict], holder_iri: str) -> list[str]:
    """The single changes that would move a post's or role's typology (for ``explain``)."""
    by_key = {(v.entity, v.question): v for v in verdicts}
    current = by_key[(holder_iri, TYPOLOGY)].effective
    task_values = {v.entity: v.effective for v in verdicts if v.question == STANDARDISABLE}
    holder = facts.holders[holder_iri]
    moves = []
    related = list(holder.tasks) + [t for p in facts.holders.values() if p.role == holder_iri for t in p.tasks]
    for task_iri in dict.fromkeys(related):
        for value in TASK_VALUES:
            if value == task_values.get(task_iri):
                continue
            changed = dict(task_values, **{task_iri: value})
            new = {v.entity: v for v in _typologies(facts, rule, changed, {})}[holder_iri].proposed
            if new != current:
                moves.append(f"{new} if task {facts.ids[task_iri]} were {value}")
    if current not in ("effective-user",):
        moves.append("effective-user if an effective AI usage were recorded for it")
    return moves


# --- the derived graph --------------------------------------------------------------------

def derived_graph_key(case: str) -> str:
    """The key of a case's derived graph: ``_derived/<case>`` (unreachable from a case file)."""
    return f"_derived/{case}"


def derivation_iri(case: str) -> str:
    """The derivation (``gm:Derivation``, a ``prov:Activity``) of a case's verdicts."""
    return f"{case_format().base_iri}{derived_graph_key(case)}/derivation"


def verdict_iri(case: str, entity_id: str, question: str) -> str:
    return f"{case_format().base_iri}{derived_graph_key(case)}/{entity_id}/{question}"


def _lit(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def verdict_ntriples(case: str, verdicts: Iterable[Verdict], rule: Rule, at: datetime | None = None) -> list[str]:
    """The derived graph of one case, as N-Triples lines."""
    at = at or datetime.now(timezone.utc)
    concepts = _concepts()
    activity = f"<{derivation_iri(case)}>"
    stamp = f'"{at.isoformat(timespec="seconds")}"^^<{XSD.dateTime}>'
    # the derivation's start to the microsecond: what the answers kept ready of the case are
    # checked against (stores/kept.py), different at every derivation
    started = f'"{at.isoformat(timespec="microseconds")}"^^<{XSD.dateTime}>'
    lines = [
        f"{activity} <{RDF.type}> <{GM.Derivation}> .",
        f"{activity} <{PROV.used}> <{rule.iri}> .",
        f"{activity} <{PROV.startedAtTime}> {started} .",
        f"{activity} <{GM.ruleVersion}> {_lit(rule.version)} .",
    ]
    for v in verdicts:
        node = f"<{verdict_iri(case, v.entity_id, v.question)}>"

        def add(predicate, obj: str) -> None:
            lines.append(f"{node} <{predicate}> {obj} .")

        add(RDF.type, f"<{GM.Verdict}>")
        add(GM.verdictOn, f"<{v.entity}>")
        add(GM.inCase, _lit(case))
        add(GM.question, _lit(v.question))
        add(GM.proposedValue, _lit(v.proposed))
        add(GM.effectiveValue, _lit(v.effective))
        add(GM.reviewStatus, _lit(v.review))
        add(GM.reasonCode, _lit(v.reason.code))
        for lang in LANGS:
            add(GM.reason, _lit(render(v.reason, lang)) + f"@{lang}")
        add(GM.ruleVersion, _lit(rule.version))
        add(PROV.wasGeneratedBy, activity)
        add(PROV.generatedAtTime, stamp)
        if v.fingerprint:
            add(GM.factsFingerprint, _lit(v.fingerprint))
        if v.reviewer is not None:
            add(GM.reviewer, _lit(v.reviewer))
            add(GM.reviewReason, _lit(v.review_why or ""))
            add(GM.reviewedAt, f'"{v.reviewed_at}"^^<{XSD.dateTime}>')
        if v.score is not None:
            add(GM.score, f'"{v.score}"^^<{XSD.decimal}>')
        if v.score_if_met is not None:
            add(GM.scoreIfMet, f'"{v.score_if_met}"^^<{XSD.decimal}>')
        for predicate, names in ((GM.criterionMet, v.met), (GM.criterionMissed, v.missed),
                                 (GM.criterionNotRecorded, v.not_recorded), (GM.blockedBy, v.blocking)):
            for name in names:
                add(predicate, f"<{concepts[name]}>")
        for iri in v.constraints:
            add(GM.constraintOnTools, f"<{iri}>")
        for iri in v.served_by:
            add(GM.servedBy, f"<{iri}>")
        for item in dict.fromkeys(v.evidence):
            add(GM.evidence, _lit(item))
        linked = {v.entity, *v.constraints, *v.served_by}  # already linked by sub-properties of prov:wasDerivedFrom
        for iri in dict.fromkeys(v.derived_from):
            if iri not in linked:
                add(PROV.wasDerivedFrom, f"<{iri}>")
    return lines
