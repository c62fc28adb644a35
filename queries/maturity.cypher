// title: Organisational maturity
// description: Each maturity assessment (level, and the level it is moving towards) with every indicator, classed as positive, point to progress or point not identified, and its sources.
// columns: case, assessment, organisation, level, towards, indicator_kind, indicator, indicator_label, sources
// lists: sources
// order: case, assessment, indicator_kind, indicator

// Every maturity assessment of the case(s), with its id (required).
// All of them, or those the case's bookkeeping node lists (index lookups, whatever the
// number of cases loaded).
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (a:MaturityAssessment) RETURN a
  UNION
  MATCH (bk:GraphmapCase {key: $case})
  UNWIND bk.nodes AS iri
  MATCH (a:Resource {iri: iri}) WHERE a:MaturityAssessment
  RETURN a
}
UNWIND a.cases AS case
WITH a, case
WHERE ($case IS NULL OR case = $case) AND a.identifier IS NOT NULL
// The organisation it assesses and its level (required), the level it is moving towards
// (optional): the smallest id or notation if several.
MATCH (a)-[:ASSESSES {case: case}]->(o) WHERE o.identifier IS NOT NULL
MATCH (a)-[:MATURITY_LEVEL {case: case}]->(lv) WHERE lv.notation IS NOT NULL
WITH a, case, min(o.identifier) AS organisation, min(lv.notation) AS level
CALL (a) {
  OPTIONAL MATCH (a)-[:TRENDING_TOWARDS]->(tw) WHERE tw.notation IS NOT NULL
  RETURN min(tw.notation) AS towards
}
// One row per indicator of the assessment (an indicator needs an id, a label and a kind, the
// smallest kind notation if several); an assessment without indicator keeps one row, with no
// indicator.
CALL (a) {
  OPTIONAL MATCH (i)-[:INDICATOR_OF]->(a), (i)-[:INDICATOR_KIND]->(kind)
  WHERE i.identifier IS NOT NULL AND kind.notation IS NOT NULL
    AND any(k IN keys(i) WHERE k = 'label' OR k STARTS WITH 'label_')
  RETURN i, min(kind.notation) AS indicator_kind
}
WITH a, case, organisation, level, towards, i, indicator_kind,
     reduce(m = null, k IN [k IN keys(i) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR i[k] < m THEN i[k] ELSE m END) AS indicator_label
// The sources of the indicator, or of the assessment for its row without indicator; a row
// without a numbered source section is dropped.
WITH a, case, organisation, level, towards, i, indicator_kind, indicator_label, coalesce(i, a) AS sourced
WITH a, case, organisation, level, towards, i, indicator_kind, indicator_label,
     COLLECT { MATCH (sourced)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE size(sources) > 0
RETURN case,
       a.identifier AS assessment,
       organisation,
       level,
       towards,
       indicator_kind,
       i.identifier AS indicator,
       indicator_label,
       sources
ORDER BY case, assessment, indicator_kind, indicator
