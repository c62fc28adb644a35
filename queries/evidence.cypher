// title: Evidence
// description: For every entity of every case (or one, with --param entity=ID), the sections of the study it comes from, their titles, and the verbatim quotes that support it.
// parameters: entity (an entity id: only that entity)
// columns: case, entity, type, label, section, section_title, quotes
// lists: quotes
// order: case, entity, section

// Every (entity, source section) pair, in the case that states it: the case of the SOURCE
// relationship (a shared tool is sourced by each case that describes it). For one case, only
// the nodes its bookkeeping node lists and their SOURCE relationships of that case (index
// lookups, whatever the number of cases loaded).
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (e:Resource)-[src:SOURCE]->(s:Resource)
  RETURN DISTINCT e, s, src.case AS case
  UNION ALL
  MATCH (bk:GraphmapCase {key: $case})
  UNWIND bk.nodes AS iri
  MATCH (e:Resource {iri: iri})-[src:SOURCE {case: $case}]->(s:Resource)
  RETURN DISTINCT e, s, src.case AS case
}
WITH e, s, case
WHERE case IN e.cases
  AND e.identifier IS NOT NULL
  AND ($entity IS NULL OR e.identifier = $entity)
  AND s.sectionNumber IS NOT NULL
// The entity's type: its class of the graphmap ontology (the smallest if several; the SKOS and
// PROV classes are not graphmap's); an entity with none has no row.
WITH e, s, case,
     reduce(m = null, l IN [l IN labels(e) WHERE NOT l IN ['Resource', 'Concept', 'ConceptScheme', 'Agent']] | CASE WHEN m IS NULL OR l < m THEN l ELSE m END) AS type
WHERE type IS NOT NULL
// Label of the entity and title of the section: the smallest over their languages.
WITH e, s, case, type,
     reduce(m = null, k IN [k IN keys(e) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR e[k] < m THEN e[k] ELSE m END) AS label,
     reduce(m = null, k IN [k IN keys(s) WHERE k = 'title' OR k STARTS WITH 'title_'] | CASE WHEN m IS NULL OR s[k] < m THEN s[k] ELSE m END) AS section_title
// The quotes that support the entity (their text in every language), from every case, or from
// the requested case only.
RETURN case,
       e.identifier AS entity,
       type,
       label,
       s.sectionNumber AS section,
       section_title,
       COLLECT { MATCH (e)-[hq:HAS_QUOTE]->(q)
                 WHERE $case IS NULL OR hq.case = $case
                 UNWIND [k IN keys(q) WHERE k = 'quoteText' OR k STARTS WITH 'quoteText_'] AS k
                 RETURN DISTINCT q[k] } AS quotes
ORDER BY case, entity, section
