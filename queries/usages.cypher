// title: AI usages
// description: Every usage of an AI tool, with its status (effective, experimented, evoked), how it is known (usage of the post, observed, evoked), the tools, tasks, users and beneficiaries, benefits and limits, and its sources.
// parameters: status (effective, experimented or evoked: only those usages); attestation (post, observed or evoked: only those usages)
// columns: case, usage, label, status, attestation, tools, tasks, used_by, beneficiaries, benefits, limitations, sources
// lists: tools, tasks, used_by, beneficiaries, benefits, limitations, sources
// order: case, status, usage

// Every usage of the case(s), with its id and label (both required, as in the SPARQL): all
// usages, or those the case's bookkeeping node lists (index lookups, whatever the number of
// cases loaded).
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (u:Usage) RETURN u
  UNION
  MATCH (bk:GraphmapCase {key: $case})
  UNWIND bk.nodes AS iri
  MATCH (u:Resource {iri: iri}) WHERE u:Usage
  RETURN u
}
UNWIND u.cases AS case
WITH u, case,
     reduce(m = null, k IN [k IN keys(u) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR u[k] < m THEN u[k] ELSE m END) AS label
WHERE ($case IS NULL OR case = $case) AND u.identifier IS NOT NULL AND label IS NOT NULL
// Its status and attestation (required): the notation of each concept, the smallest if several.
MATCH (u)-[:USAGE_STATUS {case: case}]->(st) WHERE st.notation IS NOT NULL
MATCH (u)-[:ATTESTATION {case: case}]->(at) WHERE at.notation IS NOT NULL
WITH u, case, label, min(st.notation) AS status, min(at.notation) AS attestation
WHERE ($status IS NULL OR status = $status) AND ($attestation IS NULL OR attestation = $attestation)
// Its sources: a usage without a numbered source section has no row.
WITH u, case, label, status, attestation,
     COLLECT { MATCH (u)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE size(sources) > 0
// Tools, tasks, users and beneficiaries by id; benefits and limitations in every language.
RETURN case,
       u.identifier AS usage,
       label,
       status,
       attestation,
       COLLECT { MATCH (u)-[:USES_TOOL]->(x) WHERE x.identifier IS NOT NULL RETURN DISTINCT x.identifier } AS tools,
       COLLECT { MATCH (u)-[:FOR_TASK]->(x) WHERE x.identifier IS NOT NULL RETURN DISTINCT x.identifier } AS tasks,
       COLLECT { MATCH (u)-[:USED_BY]->(x) WHERE x.identifier IS NOT NULL RETURN DISTINCT x.identifier } AS used_by,
       COLLECT { MATCH (u)-[:BENEFICIARY]->(x) WHERE x.identifier IS NOT NULL RETURN DISTINCT x.identifier } AS beneficiaries,
       reduce(acc = [], k IN [k IN keys(u) WHERE k = 'benefit' OR k STARTS WITH 'benefit_'] | acc + u[k]) AS benefits,
       reduce(acc = [], k IN [k IN keys(u) WHERE k = 'limitation' OR k STARTS WITH 'limitation_'] | acc + u[k]) AS limitations,
       sources
ORDER BY case, status, usage
