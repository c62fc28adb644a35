// title: Rubric in force
// description: The standardisability rubric loaded in the store: its version and threshold, every weighted criterion and every blocking condition, the task characteristic each looks at, and the reference it is grounded in.
// columns: rubric, version, threshold, kind, criterion, characteristic, weight, grounded_in
// order: kind, criterion
MATCH (r:Rubric)
CALL (r) {
  MATCH (r)-[:CRITERION]->(c:Criterion) RETURN c, 'criterion' AS kind
  UNION
  MATCH (r)-[:BLOCKING_CONDITION]->(c:BlockingCondition) RETURN c, 'blocking' AS kind
}
MATCH (c)-[:CHARACTERISTIC]->(ch:Concept)
WITH r, c, kind, ch,
     reduce(m = null, k IN [k IN keys(c) WHERE k STARTS WITH 'groundedIn_'] | CASE WHEN m IS NULL OR c[k] < m THEN c[k] ELSE m END) AS grounded
RETURN substring(r.iri, size('https://w3id.org/graphmap/rubric/')) AS rubric,
       r.versionInfo AS version,
       r.threshold AS threshold,
       kind,
       substring(c.iri, size('https://w3id.org/graphmap/rubric/')) AS criterion,
       ch.notation AS characteristic,
       c.weight AS weight,
       grounded AS grounded_in
ORDER BY kind, criterion
