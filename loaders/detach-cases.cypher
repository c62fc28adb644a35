// Remove everything some cases loaded, found from their bookkeeping nodes (index lookups
// only, so the cost does not grow with the other cases): their relationships, then their
// claim on nodes, then the nodes nothing claims or links to any more. Shared nodes (tools,
// concepts) stay while another case claims them or links to them.
UNWIND $cases AS case
OPTIONAL MATCH (k:GraphmapCase {key: case})
WITH case, k, coalesce(k.nodes, []) AS iris
DETACH DELETE k
WITH case, iris
UNWIND iris AS iri
MATCH (n:Resource {iri: iri})
CALL (n, case) { MATCH (n)-[r]->() WHERE r.case = case DELETE r }
SET n.cases = [c IN n.cases WHERE c <> case]
WITH DISTINCT n
WHERE size(n.cases) = 0 AND NOT EXISTS { (n)--() }
DELETE n
