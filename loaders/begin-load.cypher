// A load begins: count it on the catalog node, so that a query that overlapped it can tell.
MERGE (c:GraphmapCatalog {id: 'graphmap'})
SET c.generation = coalesce(c.generation, 0) + 1
