// The bookkeeping node of each case: the IRIs of the nodes it loaded, and its relationships
// that start outside its own IRIs ("source TYPE target", see detach-cases).
UNWIND $records AS record
MERGE (k:GraphmapCase {key: record.case})
SET k.nodes = record.iris, k.external = record.external
