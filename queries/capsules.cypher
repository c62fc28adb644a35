// title: AI capsules
// description: Every custom AI assistant (capsule): the tool it is deployed in, its scope (generic or service-specific), what it was built from, for whom, by whom, the steps through which it was designed, tested and validated, the usages that rely on it, and its sources.
// columns: case, capsule, label, deployed_in, scope, built_from, intended_for, developed_by, lifecycle, usages, sources
// lists: built_from, intended_for, developed_by, lifecycle, usages, sources
// order: case, capsule

// Every capsule of the case(s), with its id and label (both required, as in the SPARQL).
// All of them, or those the case's bookkeeping node lists (index lookups, whatever the
// number of cases loaded).
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (c:Capsule) RETURN c
  UNION
  MATCH (bk:GraphmapCase {key: $case})
  UNWIND bk.nodes AS iri
  MATCH (c:Resource {iri: iri}) WHERE c:Capsule
  RETURN c
}
UNWIND c.cases AS case
WITH c, case,
     reduce(m = null, k IN [k IN keys(c) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR c[k] < m THEN c[k] ELSE m END) AS label
WHERE ($case IS NULL OR case = $case) AND c.identifier IS NOT NULL AND label IS NOT NULL
// The AI tool it is deployed in and its scope (required): the smallest id and notation if several.
MATCH (c)-[:DEPLOYED_IN {case: case}]->(d) WHERE d.identifier IS NOT NULL
MATCH (c)-[:CAPSULE_SCOPE {case: case}]->(sc) WHERE sc.notation IS NOT NULL
WITH c, case, label, min(d.identifier) AS deployed_in, min(sc.notation) AS scope
// Its sources: a capsule without a numbered source section has no row.
WITH c, case, label, deployed_in, scope,
     COLLECT { MATCH (c)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE size(sources) > 0
// What it was built from (in every language), for whom, by whom, its lifecycle steps and the
// usages that use it.
RETURN case,
       c.identifier AS capsule,
       label,
       deployed_in,
       scope,
       reduce(acc = [], k IN [k IN keys(c) WHERE k = 'builtFrom' OR k STARTS WITH 'builtFrom_'] | acc + c[k]) AS built_from,
       COLLECT { MATCH (c)-[:INTENDED_FOR]->(x) WHERE x.identifier IS NOT NULL RETURN DISTINCT x.identifier } AS intended_for,
       COLLECT { MATCH (c)-[:DEVELOPED_BY]->(x) WHERE x.identifier IS NOT NULL RETURN DISTINCT x.identifier } AS developed_by,
       COLLECT { MATCH (c)-[:LIFECYCLE_STEP]->(x) WHERE x.notation IS NOT NULL RETURN DISTINCT x.notation } AS lifecycle,
       COLLECT { MATCH (u)-[:USES_TOOL]->(c) WHERE u.identifier IS NOT NULL RETURN DISTINCT u.identifier } AS usages,
       sources
ORDER BY case, capsule
