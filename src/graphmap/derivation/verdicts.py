"""Keep every case's verdicts derived and stored: at a load, after a review, under a new rubric.

The rule itself is in ``derive.py``; this module feeds it a case's facts, the rubric in force
and the reviews, and hands the derived graphs to the store (written in the same transaction as
the cases or the review that called for them).
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import PROV, RDF, RDFS

from graphmap.derivation.engine import Facts, Review, Rule, Verdict, derive, facts_of, verdict_ntriples
from graphmap.errors import QueryError
from graphmap.model.vocabulary import GM

__all__ = ["latest_reviews", "reviews_by_case", "derived_for_load", "case_verdicts", "derived_lines"]


def latest_reviews(graph: Graph) -> dict[tuple[str, str, str], tuple[Review, dict[str, str]]]:
    """The latest review of each (case, entity id, question) in a reviews graph, with its
    other recorded values (``proposed``)."""
    latest: dict[tuple[str, str, str], tuple[Review, dict[str, str]]] = {}
    for node in graph.subjects(RDF.type, GM.Review):
        def value(p) -> str:
            return str(graph.value(node, p) or "")

        agent = graph.value(node, PROV.wasAttributedTo)
        review = Review(value(GM.reviewedValue), value(GM.decision), str(graph.value(agent, RDFS.label) or ""),
                        value(PROV.generatedAtTime), value(GM.justification), value(GM.factsFingerprint))
        key = (value(GM.reviewedCase), value(GM.reviewedEntity).rsplit("/", 1)[-1], value(GM.question))
        if key not in latest or review.at > latest[key][0].at:
            latest[key] = (review, {"proposed": value(GM.proposedValue), "rule_version": value(GM.ruleVersion)})
    return latest


def reviews_by_case(graph: Graph) -> dict[str, dict[tuple[str, str], Review]]:
    """case -> (entity id, question) -> its latest review."""
    out: dict[str, dict[tuple[str, str], Review]] = {}
    for (case, entity, question), (review, _) in latest_reviews(graph).items():
        out.setdefault(case, {})[(entity, question)] = review
    return out


def derived_lines(facts: Facts, rule: Rule, reviews: dict[tuple[str, str], Review] | None) -> list[str]:
    return verdict_ntriples(facts.case, derive(facts, rule, reviews), rule)


def derived_for_load(store, checked: list, rule: Rule) -> dict[str, list[str]]:
    """The derived graphs a load writes: those of the cases it (re)writes, and, when the rubric
    in force changes (or a loaded case has none yet), those of every other case of the store."""
    reviews = reviews_by_case(store.read_reviews())
    out: dict[str, list[str]] = {}
    for item in checked:
        if not item.unchanged:
            out[item.case.id] = derived_lines(facts_of(item.case.id, item.facts_source()), rule, reviews.get(item.case.id))
    loaded = [case for case in store.cases() if case not in out]
    if not loaded:
        return out
    if store.stored_rule() != rule:
        stale = loaded
    else:
        derived = store.derived_cases()  # once: asking per case made a reload of 1,000 cases take 8 s
        stale = [case for case in loaded if case not in derived]
    for case in stale:
        out[case] = derived_lines(facts_of(case, store.case_ntriples(case)), rule, reviews.get(case))
    return out


def case_verdicts(store, case: str, reviews: Graph | None = None) -> tuple[Facts, Rule, list[Verdict]]:
    """A loaded case's facts and verdicts, derived again from the store (for explain, reviews,
    questions), with the reviews given or those the store holds."""
    rule = store.stored_rule()
    if rule is None:
        raise QueryError("the store holds no rubric: load cases first")
    graph = reviews if reviews is not None else store.read_reviews()
    facts = facts_of(case, store.case_ntriples(case))
    return facts, rule, derive(facts, rule, reviews_by_case(graph).get(case))
