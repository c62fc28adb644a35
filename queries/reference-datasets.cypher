// title: Reference datasets loaded
// description: Every published exposure dataset the store holds (graphmap reference load or add), with its title, citation, licence, source and commit, and how many measures and scores it brings. Cite the dataset whenever its scores are shown.
// columns: dataset, title, citation, licence, source, commit, measures, scores
// order: dataset
MATCH (ds:ReferenceDataset)
WHERE ds.identifier IS NOT NULL
RETURN ds.identifier AS dataset,
       coalesce(ds.title, ds.title_en) AS title,
       ds.bibliographicCitation AS citation,
       ds.rights AS licence,
       head(COLLECT { MATCH (ds)-[:WAS_DERIVED_FROM]->(s) RETURN s.iri }) AS source,
       ds.versionInfo AS commit,
       COUNT { MATCH (m:Measure)-[:IN_DATASET]->(ds) } AS measures,
       COUNT { MATCH (:Score)-[:OF_MEASURE]->(m:Measure)-[:IN_DATASET]->(ds) } AS scores
ORDER BY dataset
