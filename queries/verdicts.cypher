// title: Verdicts
// description: Every verdict the derivation engine gave (derive.py): for each task its standardisable verdict and its AI fit, for each post and role its typology; the value the rule proposes, the effective value (the latest human review if any), the review status (none, confirmed, overridden, needs-review), who reviewed and when, the reason (its code, and its sentence in English; French is in the store beside it), the score, and the rubric version it was derived with.
// parameters: question (standardisable, ai-fit or typology)
// columns: case, question, id, proposed, verdict, review, reviewed_by, reviewed_at, reason_code, reason, score, rubric_version, sources
// lists: sources
// order: case, question, id

CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (v:Verdict) RETURN v
  UNION
  MATCH (bk:GraphmapCase {key: '_derived/' + $case})
  UNWIND bk.nodes AS iri
  MATCH (v:Resource {iri: iri}) WHERE v:Verdict
  RETURN v
}
WITH v WHERE $question IS NULL OR v.question = $question
MATCH (v)-[:VERDICT_ON]->(x) WHERE x.identifier IS NOT NULL
RETURN v.inCase AS case,
       v.question AS question,
       x.identifier AS id,
       v.proposedValue AS proposed,
       v.effectiveValue AS verdict,
       v.reviewStatus AS review,
       v.reviewer AS reviewed_by,
       v.reviewedAt AS reviewed_at,
       v.reasonCode AS reason_code,
       v.reason_en AS reason,
       v.score AS score,
       v.ruleVersion AS rubric_version,
       COLLECT { MATCH (x)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
ORDER BY case, question, id
