// title: Standardisable tasks
// description: Every task with its verdict (standardisable, not-standardisable, or undetermined when the facts recorded cannot settle it), the score, the criteria met, missed and not recorded, the blocking conditions, and beside the verdict the constraints on AI tools and the non-AI improvements that already serve it, and the task's AI fit (see ai-fit) with the constraints that keep AI tools away from it (fit_blocking: those its AI-fit verdict counts, which keep AI tools out and allow none). Verdicts are derived when a case is loaded (derive.py: the rule reading the rubric in force as data); verdict is the effective one (the latest human review if any, else the proposed one), standardisable the same as true, false or empty.
// parameters: work (prescribed or real: only the tasks of that kind of work, §7.4)
// columns: case, task, task_label, holder, work, score, standardisable, verdict, proposed, review, reviewed_by, fit, fit_reason, fit_blocking, criteria_met, criteria_missed, criteria_not_recorded, blocking, constraints, non_ai_levers, sources
// lists: work, fit_blocking, criteria_met, criteria_missed, criteria_not_recorded, blocking, constraints, non_ai_levers, sources
// order: case, task

// A lookup of the verdicts the derivation engine wrote: all of them, or those of the case's
// derived graph (found from its bookkeeping node by index lookups).
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (v:Verdict) WHERE v.question = 'standardisable' RETURN v
  UNION
  MATCH (bk:GraphmapCase {key: '_derived/' + $case})
  UNWIND bk.nodes AS iri
  MATCH (v:Resource {iri: iri}) WHERE v:Verdict AND v.question = 'standardisable'
  RETURN v
}
MATCH (v)-[:VERDICT_ON]->(t:Task)
WITH v, t, v.inCase AS case,
     reduce(m = null, k IN [k IN keys(t) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR t[k] < m THEN t[k] ELSE m END) AS task_label
WHERE t.identifier IS NOT NULL AND task_label IS NOT NULL
MATCH (t)-[:TASK_OF {case: case}]->(h) WHERE h.identifier IS NOT NULL
WITH v, t, case, task_label, min(h.identifier) AS holder,
     COLLECT { MATCH (t)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE size(sources) > 0
// the task's AI-fit verdict, beside its standardisable one
MATCH (fit:Verdict)-[:VERDICT_ON]->(t) WHERE fit.question = 'ai-fit' AND fit.inCase = case
RETURN case,
       t.identifier AS task,
       task_label,
       holder,
       COLLECT { MATCH (t)-[:WORK_KIND]->(w) WHERE w.notation IS NOT NULL RETURN DISTINCT w.notation } AS work,
       v.score AS score,
       CASE v.effectiveValue WHEN 'standardisable' THEN true WHEN 'not-standardisable' THEN false END AS standardisable,
       v.effectiveValue AS verdict,
       v.proposedValue AS proposed,
       v.reviewStatus AS review,
       v.reviewer AS reviewed_by,
       fit.effectiveValue AS fit,
       fit.reason_en AS fit_reason,
       COLLECT { MATCH (fit)-[:CONSTRAINT_ON_TOOLS]->(k) WHERE k.identifier IS NOT NULL RETURN k.identifier } AS fit_blocking,
       COLLECT { MATCH (v)-[:CRITERION_MET]->(c) RETURN c.notation } AS criteria_met,
       COLLECT { MATCH (v)-[:CRITERION_MISSED]->(c) RETURN c.notation } AS criteria_missed,
       COLLECT { MATCH (v)-[:CRITERION_NOT_RECORDED]->(c) RETURN c.notation } AS criteria_not_recorded,
       COLLECT { MATCH (v)-[:BLOCKED_BY]->(c) RETURN c.notation } AS blocking,
       COLLECT { MATCH (v)-[:CONSTRAINT_ON_TOOLS]->(k) WHERE k.identifier IS NOT NULL RETURN k.identifier } AS constraints,
       COLLECT { MATCH (v)-[:SERVED_BY]->(i) WHERE i.identifier IS NOT NULL RETURN i.identifier } AS non_ai_levers,
       sources
ORDER BY case, task
