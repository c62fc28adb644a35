// title: Standardisable tasks
// description: Every task with its rubric score, its verdict, the criteria met and missed, the blocking conditions, and beside the verdict the constraints on AI tools and the non-AI improvements that already serve it. The rubric is read from the store (ontology/rubric.ttl unless another was loaded): score = weights met / all weights; standardisable when score >= threshold and no blocking condition.
// parameters: work (prescribed or real: only the tasks of that kind of work, §7.4)
// columns: case, task, task_label, holder, work, score, standardisable, criteria_met, criteria_missed, blocking, constraints, non_ai_levers, sources
// lists: work, criteria_met, criteria_missed, blocking, constraints, non_ai_levers, sources
// order: case, task

// The rubric in force: the sum of all criterion weights and the threshold.
CALL () {
  MATCH (r:Rubric)-[:CRITERION]->(c)
  WHERE r.threshold IS NOT NULL AND c.weight IS NOT NULL
  RETURN sum(c.weight) AS total, min(r.threshold) AS threshold
}
// Every task of the case(s), with its id, label and holder (all required, as in the SPARQL).
MATCH (t:Task)
UNWIND t.cases AS case
WITH total, threshold, t, case,
     reduce(m = null, k IN [k IN keys(t) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR t[k] < m THEN t[k] ELSE m END) AS task_label
WHERE ($case IS NULL OR case = $case) AND t.identifier IS NOT NULL AND task_label IS NOT NULL
MATCH (t)-[:TASK_OF {case: case}]->(h) WHERE h.identifier IS NOT NULL
WITH total, threshold, t, case, task_label, min(h.identifier) AS holder
// Its sources: a task without a numbered source section has no row.
WITH total, threshold, t, case, task_label, holder,
     COLLECT { MATCH (t)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE size(sources) > 0
// Criteria met: the weighted criteria whose characteristic the task has; the weights met are
// summed over these (criterion, characteristic) matches.
CALL (t) {
  OPTIONAL MATCH ()-[:CRITERION]->(c)-[:CHARACTERISTIC]->(ch)<-[:HAS_CHARACTERISTIC]-(t)
  WHERE c.weight IS NOT NULL AND ch.notation IS NOT NULL
  RETURN sum(c.weight) AS met, collect(DISTINCT ch.notation) AS criteria_met
}
// Criteria missed: the criteria whose characteristic the task lacks; blocking: the blocking
// conditions whose characteristic the task has.
WITH total, threshold, t, case, task_label, holder, sources, met, criteria_met,
     COLLECT { MATCH ()-[:CRITERION]->()-[:CHARACTERISTIC]->(ch)
               WHERE ch.notation IS NOT NULL AND NOT EXISTS { (t)-[:HAS_CHARACTERISTIC]->(ch) }
               RETURN DISTINCT ch.notation } AS criteria_missed,
     COLLECT { MATCH ()-[:BLOCKING_CONDITION]->()-[:CHARACTERISTIC]->(ch)<-[:HAS_CHARACTERISTIC]-(t)
               WHERE ch.notation IS NOT NULL
               RETURN DISTINCT ch.notation } AS blocking
// score = weights met / all weights, rounded to 2 decimals (none without a rubric).
// standardisable when the weights met reach threshold * total and no blocking condition applies
// (1e-9 absorbs the float error of threshold * total, computed in exact decimals in SPARQL).
RETURN case,
       t.identifier AS task,
       task_label,
       holder,
       COLLECT { MATCH (t)-[:WORK_KIND]->(w) WHERE w.notation IS NOT NULL RETURN DISTINCT w.notation } AS work,
       CASE WHEN total <> 0 THEN round(100.0 * met / total) / 100.0 END AS score,
       met >= threshold * total - 1e-9 AND size(blocking) = 0 AS standardisable,
       criteria_met,
       criteria_missed,
       blocking,
       // the constraints that weigh on the task itself or on its holder
       COLLECT { MATCH (k:Constraint)-[:AFFECTS]->(t) WHERE k.identifier IS NOT NULL RETURN k.identifier
                 UNION
                 MATCH (t)-[:TASK_OF]->()<-[:AFFECTS]-(k:Constraint) WHERE k.identifier IS NOT NULL RETURN k.identifier } AS constraints,
       // what already serves the task (non-AI improvements)
       COLLECT { MATCH (i)-[:SERVES]->(t) WHERE i.identifier IS NOT NULL RETURN DISTINCT i.identifier } AS non_ai_levers,
       sources
ORDER BY case, task
