// Whether the cases of this database have their bookkeeping nodes (else track-cases gives them).
OPTIONAL MATCH (c:GraphmapCatalog {id: 'graphmap'}) RETURN c.tracked AS tracked
