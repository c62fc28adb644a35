// title: Risks and what answers them
// description: Every identified risk with the success conditions that mitigate it and the recommendations that address it, and its sources.
// columns: case, risk, label, mitigated_by, addressed_by, sources
// lists: mitigated_by, addressed_by, sources
// order: case, risk

// Every risk of the case(s), with its id and label (both required, as in the SPARQL).
// All of them, or those the case's bookkeeping node lists (index lookups, whatever the
// number of cases loaded).
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (r:Risk) RETURN r
  UNION
  MATCH (bk:GraphmapCase {key: $case})
  UNWIND bk.nodes AS iri
  MATCH (r:Resource {iri: iri}) WHERE r:Risk
  RETURN r
}
UNWIND r.cases AS case
WITH r, case,
     reduce(m = null, k IN [k IN keys(r) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR r[k] < m THEN r[k] ELSE m END) AS label
WHERE ($case IS NULL OR case = $case) AND r.identifier IS NOT NULL AND label IS NOT NULL
// Its sources: a risk without a numbered source section has no row.
WITH r, case, label,
     COLLECT { MATCH (r)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE size(sources) > 0
// What mitigates it (success conditions) and what addresses it (recommendations), by id.
RETURN case,
       r.identifier AS risk,
       label,
       COLLECT { MATCH (c)-[:MITIGATES]->(r) WHERE c.identifier IS NOT NULL RETURN DISTINCT c.identifier } AS mitigated_by,
       COLLECT { MATCH (rec)-[:ADDRESSES]->(r) WHERE rec.identifier IS NOT NULL RETURN DISTINCT rec.identifier } AS addressed_by,
       sources
ORDER BY case, risk
