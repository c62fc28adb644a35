// title: Organisations studied
// description: The organisation each case studies (the study's gm:studyOf), with its label, sector and staff as the case gives them, the study's label, publishers, edition and date (a case published by "graphmap synth" is synthetic), and its sources. What a barometer groups cases by, and where a suggestion of fit comes from.
// columns: case, organisation, label, sector, staff, study, publisher, edition, date, sources
// lists: publisher, sources
// order: case, organisation
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (st:Study) RETURN st
  UNION
  MATCH (bk:GraphmapCase {key: $case})
  UNWIND bk.nodes AS iri
  MATCH (st:Resource {iri: iri}) WHERE st:Study
  RETURN st
}
MATCH (st)-[r:STUDY_OF]->(o:Organisation)
WHERE o.identifier IS NOT NULL
WITH r.case AS case, st, o,
     reduce(m = null, k IN [k IN keys(o) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR o[k] < m THEN o[k] ELSE m END) AS label,
     reduce(m = null, k IN [k IN keys(st) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR st[k] < m THEN st[k] ELSE m END) AS study,
     reduce(m = null, k IN [k IN keys(o) WHERE k = 'sector' OR k STARTS WITH 'sector_'] | CASE WHEN m IS NULL OR o[k] < m THEN o[k] ELSE m END) AS sector,
     reduce(m = null, k IN [k IN keys(st) WHERE k = 'edition' OR k STARTS WITH 'edition_'] | CASE WHEN m IS NULL OR st[k] < m THEN st[k] ELSE m END) AS edition,
     COLLECT { MATCH (o)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE ($case IS NULL OR case = $case) AND label IS NOT NULL AND study IS NOT NULL AND size(sources) > 0
RETURN case, o.identifier AS organisation, label, sector, o.staffSize AS staff, study,
       coalesce(st.publisher, []) AS publisher, edition, st.date AS date, sources
ORDER BY case, organisation
