// title: Tools and capsules
// description: Every tool of each case (general software, AI tools, capsules) with its label, its kind (Tool, AITool or Capsule), the AI tool a capsule is deployed in, the usages that rely on it (any status) and its sources. The names a suggestion or a chart shows instead of ids.
// parameters: case (a case id: only that case)
// columns: case, tool, label, kind, deployed_in, usages, sources
// lists: usages, sources
// order: case, tool
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (t) WHERE t:Tool OR t:AITool OR t:Capsule RETURN t
  UNION
  MATCH (bk:GraphmapCase {key: $case})
  UNWIND bk.nodes AS iri
  MATCH (t:Resource {iri: iri}) WHERE t:Tool OR t:AITool OR t:Capsule
  RETURN t
}
UNWIND t.cases AS case
WITH t, case,
     reduce(m = null, k IN [k IN keys(t) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR t[k] < m THEN t[k] ELSE m END) AS label,
     COLLECT { MATCH (t)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE ($case IS NULL OR case = $case) AND t.identifier IS NOT NULL AND label IS NOT NULL AND size(sources) > 0
RETURN case,
       t.identifier AS tool,
       label,
       head([l IN labels(t) WHERE l IN ['Capsule', 'AITool', 'Tool']]) AS kind,
       head(COLLECT { MATCH (t)-[:DEPLOYED_IN]->(d) WHERE d.identifier IS NOT NULL RETURN d.identifier ORDER BY d.identifier }) AS deployed_in,
       COLLECT { MATCH (u)-[:USES_TOOL]->(t) WHERE u.identifier IS NOT NULL RETURN DISTINCT u.identifier } AS usages,
       sources
ORDER BY case, tool
