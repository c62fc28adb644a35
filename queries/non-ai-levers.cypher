// title: Non-AI levers
// description: The organisational improvements without AI (e-mail validation, e-signature, Excel reminders...) that already serve tasks: the processes where an organisational change, not an AI tool, is the lever. With the tasks served, the tools they rely on, their benefits and sources.
// columns: case, improvement, label, serves, relies_on, benefits, sources
// lists: serves, relies_on, benefits, sources
// order: case, improvement
// Every non-AI improvement of the case(s): all of them, or those the case's bookkeeping node
// lists (index lookups, whatever the number of cases loaded).
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (i:NonAIImprovement) RETURN i
  UNION
  MATCH (bk:GraphmapCase {key: $case})
  UNWIND bk.nodes AS iri
  MATCH (i:Resource {iri: iri}) WHERE i:NonAIImprovement
  RETURN i
}
WITH i
WHERE $case IS NULL OR $case IN i.cases
WITH i, head(i.cases) AS case
RETURN case,
       i.identifier AS improvement,
       reduce(m = null, key IN [key IN keys(i) WHERE key STARTS WITH 'label_'] | CASE WHEN m IS NULL OR i[key] < m THEN i[key] ELSE m END) AS label,
       COLLECT { MATCH (i)-[:SERVES]->(t) RETURN DISTINCT t.identifier } AS serves,
       COLLECT { MATCH (i)-[:RELIES]->(tool) RETURN DISTINCT tool.identifier } AS relies_on,
       reduce(acc = [], key IN [key IN keys(i) WHERE key STARTS WITH 'benefit_'] | acc + i[key]) AS benefits,
       COLLECT { MATCH (i)-[:SOURCE]->(s:SourceSection) RETURN DISTINCT s.sectionNumber } AS sources
ORDER BY case, improvement
