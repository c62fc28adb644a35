// title: Tasks
// description: The task inventory: every task with its post or role, the kind of work it belongs to (prescribed or real, §7.4), every characteristic recorded for it and the sections it comes from. The plain facts the rubric reads; standardisable-tasks gives the verdict.
// parameters: work (prescribed or real: only the tasks of that kind of work, §7.4)
// columns: case, task, task_label, holder, work, characteristics, sources
// lists: work, characteristics, sources
// order: case, task

// Every task of the case(s): all tasks, or those the case's bookkeeping node lists (an index
// lookup per node of that case, whatever the number of cases loaded). As in standardisable-tasks.
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
WITH t, case,
     reduce(m = null, k IN [k IN keys(t) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR t[k] < m THEN t[k] ELSE m END) AS task_label
WHERE ($case IS NULL OR case = $case) AND t.identifier IS NOT NULL AND task_label IS NOT NULL
MATCH (t)-[:TASK_OF {case: case}]->(h) WHERE h.identifier IS NOT NULL
WITH t, case, task_label, min(h.identifier) AS holder
ORDER BY case, t.identifier
// Its sources: a task without a numbered source section has no row.
WITH t, case, task_label, holder,
     COLLECT { MATCH (t)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE size(sources) > 0
RETURN case,
       t.identifier AS task,
       task_label,
       holder,
       COLLECT { MATCH (t)-[:WORK_KIND]->(w) WHERE w.notation IS NOT NULL RETURN DISTINCT w.notation } AS work,
       COLLECT { MATCH (t)-[:HAS_CHARACTERISTIC]->(ch) WHERE ch.notation IS NOT NULL RETURN DISTINCT ch.notation } AS characteristics,
       sources
ORDER BY case, task
