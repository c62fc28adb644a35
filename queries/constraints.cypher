// title: Constraints
// description: Every constraint on the use of AI (secured data, temporary access codes, non-standard naming...), whether it keeps approved AI tools away, the tools it keeps out and those it allows all the same (then it blocks nothing: see ai-fit), what it weighs on (tasks, posts, roles), and its sources.
// columns: case, constraint, label, type, blocks_ai_tools, blocks_tools, allows_tools, affects, sources
// lists: blocks_tools, allows_tools, affects, sources
// order: case, constraint
// Every constraint of the case(s): all of them, or those the case's bookkeeping node lists
// (index lookups, whatever the number of cases loaded).
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (k:Constraint) RETURN k
  UNION
  MATCH (bk:GraphmapCase {key: $case})
  UNWIND bk.nodes AS iri
  MATCH (k:Resource {iri: iri}) WHERE k:Constraint
  RETURN k
}
WITH k
WHERE $case IS NULL OR $case IN k.cases
MATCH (k)-[:CONSTRAINT_TYPE]->(t:Concept)
WITH k, t, head(k.cases) AS case
RETURN case,
       k.identifier AS constraint,
       reduce(m = null, key IN [key IN keys(k) WHERE key STARTS WITH 'label_'] | CASE WHEN m IS NULL OR k[key] < m THEN k[key] ELSE m END) AS label,
       t.notation AS type,
       coalesce(k.blocksAITools, false) AS blocks_ai_tools,
       COLLECT { MATCH (k)-[:BLOCKS_TOOL]->(x) RETURN DISTINCT x.identifier } AS blocks_tools,
       COLLECT { MATCH (k)-[:ALLOWS_TOOL]->(x) RETURN DISTINCT x.identifier } AS allows_tools,
       COLLECT { MATCH (k)-[:AFFECTS]->(a) RETURN DISTINCT a.identifier } AS affects,
       COLLECT { MATCH (k)-[:SOURCE]->(s:SourceSection) RETURN DISTINCT s.sectionNumber } AS sources
ORDER BY case, constraint
