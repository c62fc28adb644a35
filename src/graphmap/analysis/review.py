"""Human review of derived verdicts: confirm or override, with PROV-O provenance.

Reviews live apart from the cases (their own graph in the embedded store, their own key in
Neo4j), so reloading a case or changing the rubric keeps them. Each review records what was
proposed, the value settled on, who, when, why, the rule version, and a fingerprint of the
verdict's facts. The latest review of a verdict sets its effective value, from which the
derivation engine computes everything downstream (derive.py); when the fingerprint or the rule
version no longer matches, the verdict is flagged ``needs-review``.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from graphmap.model.caseformat import case_format
from graphmap.derivation.engine import STANDARDISABLE, TYPOLOGY
from graphmap.errors import QueryError
from graphmap.query.catalogue import Result
from graphmap.stores.kept import refresh as refresh_kept
from graphmap.query.named import run_query
from graphmap.derivation.verdicts import case_verdicts, derived_lines, reviews_by_case
from graphmap.model.vocabulary import GM

__all__ = ["REVIEWABLE", "record_review", "review_list"]


@dataclass(frozen=True)
class Reviewable:
    question: str
    values: tuple[str, ...]  # what a reviewer may settle on


REVIEWABLE = {
    STANDARDISABLE: Reviewable(STANDARDISABLE, ("true", "false")),
    TYPOLOGY: Reviewable(TYPOLOGY, ("effective-user", "exploring", "not-concerned")),
}


def _as_review_value(question: str, verdict: str) -> str:
    """A verdict value as a review records it (standardisable: "true" / "false")."""
    if question == STANDARDISABLE:
        return {"standardisable": "true", "not-standardisable": "false"}.get(verdict, verdict)
    return verdict


def _reviews_graph_iri() -> URIRef:
    return URIRef(case_format().base_iri + "_reviews/")


def _find(store, entity_id: str, case: str | None) -> tuple[str, str]:
    """(case, question) of the reviewable verdict on ``entity_id``."""
    rows = [r for r in run_query(store, "verdicts", {"case": case} if case else {}).rows
            if r["id"] == entity_id and r["question"] in REVIEWABLE]
    cases = sorted({r["case"] for r in rows})
    if len(cases) > 1:
        raise QueryError(f"{entity_id!r} exists in several cases ({', '.join(cases)}); add --case")
    if not rows:
        raise QueryError(f"no verdict on {entity_id!r}" + (f" in case {case!r}" if case else "") + "; graphmap reviews tasks, posts and roles")
    return rows[0]["case"], rows[0]["question"]


def record_review(store, entity_id: str, *, accept: bool = False, override: str | None = None, why: str, by: str,
                  case: str | None = None) -> Review:
    """Confirm (``accept``) or override a proposed verdict; returns the stored review.

    The case's verdicts are derived again with the review in the same transaction: the typology
    and the AI fit that depend on it change at once.
    """
    if accept == (override is not None):
        raise QueryError("give either --accept or --override VALUE")
    if not why.strip() or not by.strip():
        raise QueryError("a review needs a justification (--why) and a reviewer (--by)")
    case, question = _find(store, entity_id, case)
    reviewable = REVIEWABLE[question]
    graph = store.read_reviews()
    facts, rule, verdicts = case_verdicts(store, case, graph)
    verdict = next(v for v in verdicts if v.entity_id == entity_id and v.question == question)
    proposed = _as_review_value(question, verdict.proposed)
    if override is not None:
        reviewed = {"yes": "true", "no": "false"}.get(override.lower(), override.lower())
        reviewed = _as_review_value(question, reviewed)
        if reviewed not in reviewable.values:
            raise QueryError(f"{override!r} is not a {question} verdict; use one of: {', '.join(reviewable.values)}")
    elif proposed not in reviewable.values:
        raise QueryError(f"the proposed {question} verdict on {entity_id!r} is {verdict.proposed}: there is nothing to "
                         f"accept; override it with one of: {', '.join(reviewable.values)}, or record the missing facts "
                         f"(graphmap questions --case {case})")
    else:
        reviewed = proposed
    review = Review(
        case=case, entity=entity_id, question=question, proposed=proposed, reviewed=reviewed,
        decision="accept" if accept else "override", why=why.strip(), by=by.strip(),
        at=datetime.now(timezone.utc).isoformat(timespec="microseconds"), rule_version=rule.version,
        fingerprint=verdict.fingerprint,
    )
    graph += _review_triples(review)
    store.write_derived({case: derived_lines(facts, rule, reviews_by_case(graph).get(case))}, reviews=graph)
    refresh_kept(store)  # the case's answers kept ready went with its verdicts (stores/kept.py)
    return review


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


def _review_triples(review: Review) -> Graph:
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
    """Every reviewable verdict: proposed, effective, and its review status."""
    rows = [{"case": r["case"], "id": r["id"], "question": r["question"], "proposed": r["proposed"],
             "verdict": r["verdict"], "review": r["review"], "reviewed_by": r["reviewed_by"], "reviewed_at": r["reviewed_at"]}
            for r in run_query(store, "verdicts", {"case": case} if case else {}).rows if r["question"] in REVIEWABLE]
    rows.sort(key=lambda r: (r["case"], r["question"] != STANDARDISABLE, r["id"]))
    return Result("review", ["case", "id", "question", "proposed", "verdict", "review", "reviewed_by", "reviewed_at"], rows)
