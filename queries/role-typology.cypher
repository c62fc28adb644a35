// title: Role typology
// description: Every post and every role classed as effective-user, exploring, not-concerned, or undetermined when the answer hangs on task verdicts the facts recorded cannot settle; with the reason and the facts behind it. A post or role is effective-user when it uses or benefits from an effective AI usage; exploring when it has an experimented or evoked usage, or a task open to AI (standardisable, not already served by a non-AI improvement, not blocked by a constraint that keeps AI tools out); not-concerned otherwise. A role takes the verdict its posts and its own facts agree on; when they differ it is exploring ("variable according to posts and tasks", the study's "variables selon profils et tâches"). Verdicts are derived when a case is loaded (derive.py); typology is the effective one (the latest human review if any, else the proposed one), computed from the effective task verdicts.
// columns: case, kind, id, label, typology, proposed, review, reviewed_by, reason, evidence, sources
// lists: evidence, sources
// order: case, kind, id

// A lookup of the verdicts the derivation engine wrote: all of them, or those of the case's
// derived graph (found from its bookkeeping node by index lookups).
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (v:Verdict) WHERE v.question = 'typology' RETURN v
  UNION
  MATCH (bk:GraphmapCase {key: '_derived/' + $case})
  UNWIND bk.nodes AS iri
  MATCH (v:Resource {iri: iri}) WHERE v:Verdict AND v.question = 'typology'
  RETURN v
}
MATCH (v)-[:VERDICT_ON]->(h)
WHERE (h:Post OR h:Role) AND h.identifier IS NOT NULL
WITH v, h,
     reduce(m = null, k IN [k IN keys(h) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR h[k] < m THEN h[k] ELSE m END) AS label,
     COLLECT { MATCH (h)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE label IS NOT NULL AND size(sources) > 0
RETURN v.inCase AS case,
       CASE WHEN h:Post THEN 'post' ELSE 'role' END AS kind,
       h.identifier AS id,
       label,
       v.effectiveValue AS typology,
       v.proposedValue AS proposed,
       v.reviewStatus AS review,
       v.reviewer AS reviewed_by,
       v.reason_en AS reason,
       coalesce(v.evidence, []) AS evidence,
       sources
ORDER BY case, kind, id
