// title: Standardisable tasks
// description: Every task with its rubric score, its verdict, the criteria met and missed, the blocking conditions, and beside the verdict the constraints on AI tools and the non-AI improvements that already serve it. The rubric is read from the store (ontology/rubric.ttl unless another was loaded): score = weights met / all weights; standardisable when score >= threshold and no blocking condition.
// parameters: work (prescribed or real: only the tasks of that kind of work, §7.4)
// columns: case, task, task_label, holder, work, score, standardisable, criteria_met, criteria_missed, blocking, constraints, non_ai_levers, sources
// lists: work, criteria_met, criteria_missed, blocking, constraints, non_ai_levers, sources
// order: case, task

// The rubric in force, read once: the sum of all criterion weights and the threshold; the
// weighted criteria (one entry per criterion -> characteristic link, so that the weights met
// are summed over these matches), the characteristics the criteria look at, and those of the
// blocking conditions. Each task is then compared with these short lists (no task x rubric
// product through the characteristic nodes, which every task of every case points to).
CALL () {
  MATCH (r:Rubric)-[:CRITERION]->(c)
  WHERE r.threshold IS NOT NULL AND c.weight IS NOT NULL
  RETURN sum(c.weight) AS total, min(r.threshold) AS threshold
}
WITH total, threshold,
     COLLECT { MATCH ()-[:CRITERION]->(c)-[:CHARACTERISTIC]->(ch)
               WHERE c.weight IS NOT NULL AND ch.notation IS NOT NULL
               RETURN {ch: ch, weight: c.weight} } AS weighted,
     COLLECT { MATCH ()-[:CRITERION]->()-[:CHARACTERISTIC]->(ch)
               WHERE ch.notation IS NOT NULL RETURN DISTINCT ch } AS criterionChars,
     COLLECT { MATCH ()-[:BLOCKING_CONDITION]->()-[:CHARACTERISTIC]->(ch)
               WHERE ch.notation IS NOT NULL RETURN DISTINCT ch } AS blockingChars
// Every task of the case(s): all tasks, or those the case's bookkeeping node lists (an index
// lookup per node of that case, whatever the number of cases loaded).
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (t:Task) RETURN t
  UNION
  MATCH (bk:GraphmapCase {key: $case})
  UNWIND bk.nodes AS iri
  MATCH (t:Resource {iri: iri}) WHERE t:Task
  RETURN t
}
// Its id, label and holder (all required, as in the SPARQL).
UNWIND t.cases AS case
WITH total, threshold, weighted, criterionChars, blockingChars, t, case,
     reduce(m = null, k IN [k IN keys(t) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR t[k] < m THEN t[k] ELSE m END) AS task_label
WHERE ($case IS NULL OR case = $case) AND t.identifier IS NOT NULL AND task_label IS NOT NULL
MATCH (t)-[:TASK_OF {case: case}]->(h) WHERE h.identifier IS NOT NULL
WITH total, threshold, weighted, criterionChars, blockingChars, t, case, task_label, min(h.identifier) AS holder
// Sorted here, while the rows are small (the final ORDER BY then costs nothing).
ORDER BY case, t.identifier
// Its sources: a task without a numbered source section has no row.
WITH total, threshold, weighted, criterionChars, blockingChars, t, case, task_label, holder,
     COLLECT { MATCH (t)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE size(sources) > 0
// Its characteristics (one entry per link). Criteria met: the weighted criteria whose
// characteristic the task has, their weights summed; criteria missed: the criteria whose
// characteristic the task lacks; blocking: the blocking conditions whose characteristic it has.
WITH total, threshold, weighted, criterionChars, blockingChars, t, case, task_label, holder, sources,
     COLLECT { MATCH (t)-[:HAS_CHARACTERISTIC]->(ch) RETURN ch } AS has
WITH total, threshold, t, case, task_label, holder, sources,
     reduce(met = 0, ch IN has | reduce(m = met, x IN weighted | CASE WHEN x.ch = ch THEN m + x.weight ELSE m END)) AS met,
     [x IN weighted WHERE x.ch IN has | x.ch.notation] AS criteria_met,
     [ch IN criterionChars WHERE NOT ch IN has | ch.notation] AS criteria_missed,
     [ch IN blockingChars WHERE ch IN has | ch.notation] AS blocking
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
