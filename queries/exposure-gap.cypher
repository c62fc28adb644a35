// title: Exposure gap: predicted against observed
// description: For every post and role whose role is linked to an O*NET-SOC occupation (skos:closeMatch or exactMatch to https://www.onetonline.org/link/summary/<code>), each published exposure measure of the reference datasets loaded (graphmap reference load) beside what the case observed: the effective typology, the effective AI usages of the post or role, and the categories and quotes of the non-usage reasons that concern it. exposure is high at or above the measure's upper quartile in its dataset, low at or below its lower quartile, middle between. flag marks the two surprising quadrants: exposed-not-concerned (high exposure, not concerned: read the reasons) and unexposed-effective-user (low exposure, yet an effective user). Scores keyed by SOC code (without the O*NET suffix) apply to every O*NET-SOC code that shares it. An occupation the datasets do not score has no row: no score is never a score of zero.
// parameters: case (a case id: only that case)
// columns: case, kind, id, label, occupation, dataset, measure, value, exposure, typology, effective_usages, reasons, quotes, flag, sources
// lists: effective_usages, reasons, quotes, sources
// order: case, kind, id, occupation, dataset, measure

// The typology verdicts of the case(s) (index lookups from the derived graph's bookkeeping node).
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (v:Verdict) WHERE v.question = 'typology' RETURN v
  UNION
  MATCH (bk:GraphmapCase {key: '_derived/' + $case})
  UNWIND bk.nodes AS iri
  MATCH (v:Resource {iri: iri}) WHERE v:Verdict AND v.question = 'typology'
  RETURN v
}
MATCH (v)-[:VERDICT_ON]->(x)
WHERE (x:Role OR x:Post) AND x.identifier IS NOT NULL AND v.effectiveValue IS NOT NULL
// The holder's role: itself, or the post's role; its links to O*NET-SOC occupations.
CALL (x) {
  MATCH (x) WHERE x:Role RETURN x AS role
  UNION
  MATCH (x)-[:OF_ROLE]->(role:Role) WHERE x:Post RETURN role
}
MATCH (role)-[:CLOSE_MATCH|EXACT_MATCH]->(occ)
WHERE occ.iri STARTS WITH 'https://www.onetonline.org/link/summary/'
WITH DISTINCT v, x, substring(occ.iri, size('https://www.onetonline.org/link/summary/')) AS occupation
WITH v, x, occupation,
     reduce(m = null, k IN [k IN keys(x) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR x[k] < m THEN x[k] ELSE m END) AS label,
     COLLECT { MATCH (x)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE label IS NOT NULL AND size(sources) > 0
// Its scores: by O*NET-SOC code, or by SOC code for datasets keyed by it.
CALL (occupation) {
  MATCH (s:Score {occupationCode: occupation}) RETURN s
  UNION
  MATCH (s:Score {socCode: substring(occupation, 0, 7)}) WHERE s.occupationCode IS NULL RETURN s
}
MATCH (s)-[:OF_MEASURE]->(m:Measure)-[:IN_DATASET]->(ds:ReferenceDataset)
WHERE s.scoreValue IS NOT NULL AND m.lowerQuartile IS NOT NULL AND m.upperQuartile IS NOT NULL
WITH v, x, label, sources, occupation, s, m, ds,
     CASE WHEN s.scoreValue >= m.upperQuartile THEN 'high' WHEN s.scoreValue <= m.lowerQuartile THEN 'low' ELSE 'middle' END AS exposure
RETURN v.inCase AS case,
       CASE WHEN x:Post THEN 'post' ELSE 'role' END AS kind,
       x.identifier AS id,
       label,
       occupation,
       ds.identifier AS dataset,
       m.label AS measure,
       round(s.scoreValue, 4) AS value,
       exposure,
       v.effectiveValue AS typology,
       COLLECT { MATCH (u)-[:USED_BY|BENEFICIARY]->(x) MATCH (u)-[:USAGE_STATUS]->(st)
                 WHERE st.notation = 'effective' AND u.identifier IS NOT NULL RETURN DISTINCT u.identifier } AS effective_usages,
       COLLECT { MATCH (n)-[:CONCERNS]->(x) MATCH (n)-[:HAS_REASON]->(r)-[:REASON_CATEGORY]->(c)
                 WHERE c.notation IS NOT NULL RETURN DISTINCT c.notation } AS reasons,
       COLLECT { MATCH (n)-[:CONCERNS]->(x) MATCH (n)-[:HAS_REASON]->(r)-[:REASON_CATEGORY]->(c) WHERE c.notation IS NOT NULL
                 MATCH (r)-[:HAS_QUOTE]->(q)
                 UNWIND [k IN keys(q) WHERE k = 'quoteText' OR k STARTS WITH 'quoteText_'] AS k
                 RETURN DISTINCT q[k] } AS quotes,
       CASE WHEN exposure = 'high' AND v.effectiveValue = 'not-concerned' THEN 'exposed-not-concerned'
            WHEN exposure = 'low' AND v.effectiveValue = 'effective-user' THEN 'unexposed-effective-user'
            ELSE '' END AS flag,
       sources
ORDER BY case, kind, id, occupation, dataset, measure
