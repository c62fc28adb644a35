// The bookkeeping node of each case: the IRIs of the nodes it loaded.
UNWIND $records AS record
MERGE (k:GraphmapCase {key: record.case})
SET k.nodes = record.iris
