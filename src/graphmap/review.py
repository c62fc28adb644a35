"""Human review of derived verdicts: confirm or override, with PROV-O provenance.

Reviews live apart from the cases (their own graph in the embedded store, their own key in
Neo4j), so reloading a case or changing the rubric keeps them. Each review records what was
proposed, the value settled on, who, when, why, the rule version, and a fingerprint of the
verdict's facts; when the fingerprint or the rule version no longer matches, the verdict is
flagged ``needs-review``.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from .caseformat import case_format
from .errors import QueryError
from .queries import Result, run_query
from .vocabulary import GM

__all__ = ["REVIEWABLE", "Review", "record_review", "current_reviews", "with_reviews", "review_list"]


@dataclass(frozen=True)
class Reviewable:
    question: str
    id_column: str
    value_column: str
    facts: tuple[str, ...]  # the columns whose change calls for a new review
    values: tuple[str, ...]


REVIEWABLE = {
    "standardisable-tasks": Reviewable(
        "standardisable", "task", "standardisable",
        ("score", "standardisable", "criteria_met", "criteria_missed", "blocking", "constraints", "non_ai_levers"),
        ("true", "false"),
    ),
    "role-typology": Reviewable(
        "typology", "id", "typology", ("typology", "reason", "evidence"),
        ("effective-user", "exploring", "not-concerned"),
    ),
}


@dataclass
class Review:
    case: str
    entity: str
    question: str
    proposed: str
    reviewed: str
    decision: str
    why: str
    by: str
    at: str
    rule_version: str
    fingerprint: str


def _text(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _fingerprint(row: dict, reviewable: Reviewable, rule_version: str) -> str:
    data = {key: row[key] for key in reviewable.facts}
    data["rule_version"] = rule_version
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _rule_version(store, case: str | None) -> str:
    rows = run_query(store, "rubric", {"case": case} if case else {}, reviews=False).rows
    return rows[0]["version"] if rows else ""


def _reviews_graph_iri() -> URIRef:
    return URIRef(case_format().base_iri + "_reviews/")


def current_reviews(store) -> dict[tuple[str, str, str], Review]:
    """The latest review of each (case, entity, question)."""
    graph = store.read_reviews()
    latest: dict[tuple[str, str, str], Review] = {}
    for node in graph.subjects(RDF.type, GM.Review):
        value = lambda p: str(graph.value(node, p) or "")  # noqa: E731
        agent = graph.value(node, PROV.wasAttributedTo)
        review = Review(
            case=value(GM.reviewedCase), entity=value(GM.reviewedEntity).rsplit("/", 1)[-1], question=value(GM.question),
            proposed=value(GM.proposedValue), reviewed=value(GM.reviewedValue), decision=value(GM.decision),
            why=value(GM.justification), by=str(graph.value(agent, RDFS.label) or ""), at=value(PROV.generatedAtTime),
            rule_version=value(GM.ruleVersion), fingerprint=value(GM.factsFingerprint),
        )
        key = (review.case, review.entity, review.question)
        if key not in latest or review.at > latest[key].at:
            latest[key] = review
    return latest


def with_reviews(result: Result, store) -> Result:
    """Add ``reviewed``, ``review`` and ``reviewed_by`` to the rows of a reviewable query."""
    reviewable = REVIEWABLE.get(result.query)
    if reviewable is None:
        return result
    reviews = current_reviews(store)
    versions: dict[str, str] = {}
    for row in result.rows:
        review = reviews.get((row["case"], row[reviewable.id_column], reviewable.question))
        row["reviewed"], row["review"], row["reviewed_by"] = None, "none", None
        if review is None:
            continue
        if row["case"] not in versions:
            versions[row["case"]] = _rule_version(store, row["case"])
        current = _fingerprint(row, reviewable, versions[row["case"]])
        row["reviewed"] = review.reviewed
        row["reviewed_by"] = review.by
        if current != review.fingerprint:
            row["review"] = "needs-review"
        else:
            row["review"] = "confirmed" if review.decision == "accept" else "overridden"
    result.columns += ["reviewed", "review", "reviewed_by"]
    return result


def _find(store, entity_id: str, case: str | None) -> tuple[str, dict, Reviewable]:
    for query, reviewable in REVIEWABLE.items():
        rows = [r for r in run_query(store, query, {"case": case} if case else {}, reviews=False).rows
                if r[reviewable.id_column] == entity_id]
        if len(rows) > 1:
            raise QueryError(f"{entity_id!r} exists in several cases ({', '.join(r['case'] for r in rows)}); add --case")
        if rows:
            return query, rows[0], reviewable
    raise QueryError(f"no verdict on {entity_id!r}" + (f" in case {case!r}" if case else "") + "; graphmap reviews tasks, posts and roles")


def record_review(store, entity_id: str, *, accept: bool = False, override: str | None = None, why: str, by: str,
                  case: str | None = None) -> Review:
    """Confirm (``accept``) or override a proposed verdict; returns the stored review."""
    if accept == (override is not None):
        raise QueryError("give either --accept or --override VALUE")
    if not why.strip() or not by.strip():
        raise QueryError("a review needs a justification (--why) and a reviewer (--by)")
    query, row, reviewable = _find(store, entity_id, case)
    proposed = _text(row[reviewable.value_column])
    reviewed = proposed
    if override is not None:
        reviewed = {"yes": "true", "no": "false"}.get(override.lower(), override.lower())
        if reviewed not in reviewable.values:
            raise QueryError(f"{override!r} is not a {reviewable.question} verdict; use one of: {', '.join(reviewable.values)}")
    version = _rule_version(store, row["case"])
    review = Review(
        case=row["case"], entity=entity_id, question=reviewable.question, proposed=proposed, reviewed=reviewed,
        decision="accept" if accept else "override", why=why.strip(), by=by.strip(),
        at=datetime.now(timezone.utc).isoformat(timespec="microseconds"), rule_version=version,
        fingerprint=_fingerprint(row, reviewable, version),
    )
    graph = store.read_reviews()
    graph += _review_triples(review, row)
    store.write_reviews(graph)
    return review


def _review_triples(review: Review, row: dict) -> Graph:
    base = _reviews_graph_iri()
    node = URIRef(f"{base}{uuid.uuid4()}")
    agent = URIRef(f"{base}agent/{re.sub(r'[^a-z0-9]+', '-', review.by.lower()).strip('-') or 'anonymous'}")
    entity = case_format().base_iri + f"{review.case}/{review.entity}"
    g = Graph()
    g.add((node, RDF.type, GM.Review))
    g.add((node, GM.reviewedEntity, Literal(entity, datatype=XSD.anyURI)))
    g.add((node, GM.reviewedCase, Literal(review.case)))
    g.add((node, GM.question, Literal(review.question)))
    g.add((node, GM.proposedValue, Literal(review.proposed)))
    g.add((node, GM.reviewedValue, Literal(review.reviewed)))
    g.add((node, GM.decision, Literal(review.decision)))
    g.add((node, GM.justification, Literal(review.why)))
    g.add((node, GM.ruleVersion, Literal(review.rule_version)))
    g.add((node, GM.factsFingerprint, Literal(review.fingerprint)))
    g.add((node, PROV.generatedAtTime, Literal(review.at, datatype=XSD.dateTime)))
    g.add((node, PROV.wasAttributedTo, agent))
    g.add((agent, RDF.type, PROV.Agent))
    g.add((agent, RDFS.label, Literal(review.by)))
    return g


def review_list(store, case: str | None = None) -> Result:
    """Every proposed verdict with its review status."""
    rows = []
    for query, reviewable in REVIEWABLE.items():
        result = run_query(store, query, {"case": case} if case else {})
        for row in result.rows:
            rows.append({
                "case": row["case"], "id": row[reviewable.id_column], "question": reviewable.question,
                "proposed": _text(row[reviewable.value_column]), "reviewed": row["reviewed"],
                "review": row["review"], "reviewed_by": row["reviewed_by"],
            })
    return Result("review", ["case", "id", "question", "proposed", "reviewed", "review", "reviewed_by"], rows)
