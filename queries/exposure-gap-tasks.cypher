// title: Exposure gap by task: O*NET labels against verdicts
// description: For every task linked to an O*NET task statement (skos:closeMatch or exactMatch to https://w3id.org/graphmap/reference/onet-task/<id>), the published exposure label of that statement in each loaded reference dataset (Eloundou et al.: E0 no exposure, E1 direct, E2 with extra software) beside graphmap's effective standardisable verdict. agreement compares "E1 or E2" with "standardisable": agree or disagree; undetermined when the verdict is (an unknown is never counted as a no). The exposure-agreement view sums these up with Cohen's kappa.
// parameters: case (a case id: only that case)
// columns: case, task, label, statement, statement_text, dataset, measure, category, standardisable, agreement, sources
// lists: sources
// order: case, task, statement, dataset, measure

CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (v:Verdict) WHERE v.question = 'standardisable' RETURN v
  UNION
  MATCH (bk:GraphmapCase {key: '_derived/' + $case})
  UNWIND bk.nodes AS iri
  MATCH (v:Resource {iri: iri}) WHERE v:Verdict AND v.question = 'standardisable'
  RETURN v
}
MATCH (v)-[:VERDICT_ON]->(t:Task)-[:CLOSE_MATCH|EXACT_MATCH]->(link)
WHERE t.identifier IS NOT NULL AND v.effectiveValue IS NOT NULL
  AND link.iri STARTS WITH 'https://w3id.org/graphmap/reference/onet-task/'
WITH DISTINCT v, t, substring(link.iri, size('https://w3id.org/graphmap/reference/onet-task/')) AS statement
WITH v, t, statement,
     reduce(m = null, k IN [k IN keys(t) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR t[k] < m THEN t[k] ELSE m END) AS label,
     COLLECT { MATCH (t)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE label IS NOT NULL AND size(sources) > 0
MATCH (s:Score {taskStatementId: statement})-[:OF_MEASURE]->(m:Measure)-[:IN_DATASET]->(ds:ReferenceDataset)
WHERE s.scoreCategory IS NOT NULL
WITH v, t, label, sources, statement, s, m, ds,
     head(COLLECT { MATCH (st:TaskStatement {taskStatementId: statement})
                    UNWIND [k IN keys(st) WHERE k = 'label' OR k STARTS WITH 'label_'] AS k
                    RETURN st[k] ORDER BY st[k] LIMIT 1 }) AS statement_text
RETURN v.inCase AS case,
       t.identifier AS task,
       label,
       statement,
       statement_text,
       ds.identifier AS dataset,
       m.label AS measure,
       s.scoreCategory AS category,
       v.effectiveValue AS standardisable,
       CASE WHEN v.effectiveValue = 'undetermined' THEN 'undetermined'
            WHEN (s.scoreCategory IN ['E1', 'E2']) = (v.effectiveValue = 'standardisable') THEN 'agree'
            ELSE 'disagree' END AS agreement,
       sources
ORDER BY case, task, statement, dataset, measure
