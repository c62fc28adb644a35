// The bookkeeping node of one case: the IRIs of the nodes it loaded.
MERGE (k:GraphmapCase {key: $case})
SET k.nodes = $iris
