// title: Crosswalk to occupational classifications
// description: The links from a case's roles and tasks to ESCO occupations, ISCO groups, ROME fiches and O*NET occupations or task statements (skos:closeMatch, skos:exactMatch), with the classification each link points into.
// columns: case, entity, type, label, relation, target, classification, sources
// lists: sources
// order: case, entity, relation, target
MATCH (e:Resource)-[r:CLOSE_MATCH|EXACT_MATCH]->(t:Resource)
WHERE $case IS NULL OR r.case = $case
WITH e, r, t, r.case AS case,
     CASE type(r) WHEN 'CLOSE_MATCH' THEN 'closeMatch' ELSE 'exactMatch' END AS relation
RETURN case,
       e.identifier AS entity,
       head([l IN labels(e) WHERE l <> 'Resource']) AS type,
       reduce(m = null, k IN [k IN keys(e) WHERE k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR e[k] < m THEN e[k] ELSE m END) AS label,
       relation,
       t.iri AS target,
       CASE
         WHEN t.iri CONTAINS 'data.europa.eu/esco/isco/' THEN 'ISCO-08'
         WHEN t.iri CONTAINS 'data.europa.eu/esco/' THEN 'ESCO'
         WHEN t.iri CONTAINS 'onetonline.org' OR t.iri CONTAINS 'onetcenter.org' THEN 'O*NET'
         WHEN t.iri CONTAINS 'francetravail.fr' OR t.iri CONTAINS 'pole-emploi.fr' THEN 'ROME'
         ELSE 'other'
       END AS classification,
       COLLECT { MATCH (e)-[:SOURCE]->(s:SourceSection) RETURN DISTINCT s.sectionNumber } AS sources
ORDER BY case, entity, relation, target
