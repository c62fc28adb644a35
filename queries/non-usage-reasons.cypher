// title: Non-usage reasons
// description: Every documented reason for not using AI, by category of the six (functional, organisational, technical, qualitative, responsibility and meaning, economic and employment), with the non-usage it explains, what it concerns, the facts it invokes, its quotes and its sources.
// columns: case, category, category_label, reason, reason_label, non_usages, concerns, related_to, quotes, sources
// lists: non_usages, concerns, related_to, quotes, sources
// order: case, category, reason

// Every non-usage reason of the case(s), with its id and label (both required, as in the SPARQL).
// All of them, or those the case's bookkeeping node lists (index lookups, whatever the
// number of cases loaded).
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (r:NonUsageReason) RETURN r
  UNION
  MATCH (bk:GraphmapCase {key: $case})
  UNWIND bk.nodes AS iri
  MATCH (r:Resource {iri: iri}) WHERE r:NonUsageReason
  RETURN r
}
UNWIND r.cases AS case
WITH r, case,
     reduce(m = null, k IN [k IN keys(r) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR r[k] < m THEN r[k] ELSE m END) AS reason_label
WHERE ($case IS NULL OR case = $case) AND r.identifier IS NOT NULL AND reason_label IS NOT NULL
// Its category (required): notation and English preferred label, the smallest of each if several.
MATCH (r)-[:REASON_CATEGORY {case: case}]->(cat)
WHERE cat.notation IS NOT NULL AND cat.prefLabel_en IS NOT NULL
WITH r, case, reason_label, min(cat.notation) AS category, min(cat.prefLabel_en) AS category_label
// Its sources: a reason without a numbered source section has no row.
WITH r, case, reason_label, category, category_label,
     COLLECT { MATCH (r)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE size(sources) > 0
// The non-usages it explains, what those non-usages concern, the facts it is related to, and its
// quotes (their text in every language).
RETURN case,
       category,
       category_label,
       r.identifier AS reason,
       reason_label,
       COLLECT { MATCH (n)-[:HAS_REASON]->(r) WHERE n.identifier IS NOT NULL RETURN DISTINCT n.identifier } AS non_usages,
       COLLECT { MATCH (n)-[:HAS_REASON]->(r) WHERE n.identifier IS NOT NULL
                 MATCH (n)-[:CONCERNS]->(x) WHERE x.identifier IS NOT NULL
                 RETURN DISTINCT x.identifier } AS concerns,
       COLLECT { MATCH (r)-[:RELATED_TO]->(x) WHERE x.identifier IS NOT NULL RETURN DISTINCT x.identifier } AS related_to,
       COLLECT { MATCH (r)-[:HAS_QUOTE]->(q)
                 UNWIND [k IN keys(q) WHERE k = 'quoteText' OR k STARTS WITH 'quoteText_'] AS k
                 RETURN DISTINCT q[k] } AS quotes,
       sources
ORDER BY case, category, reason
