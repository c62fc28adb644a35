// Databases loaded before cases had bookkeeping nodes: give each case its node, once.
MATCH (n:Resource) WHERE n.cases IS NOT NULL
UNWIND n.cases AS key
WITH key, collect(n.iri) AS iris
MERGE (k:GraphmapCase {key: key})
ON CREATE SET k.nodes = iris
WITH count(*) AS ignored
MERGE (c:GraphmapCatalog {id: 'graphmap'})
SET c.tracked = true
