// How many loads have begun (read before and after a query to tell whether one overlapped it).
OPTIONAL MATCH (c:GraphmapCatalog {id: 'graphmap'})
RETURN coalesce(c.generation, 0) AS generation
