// Remove everything one case loaded, found from its bookkeeping node (index lookups only, so
// the cost does not grow with the other cases): its relationships, then its claim on nodes,
// then the nodes nothing claims or links to any more. Shared nodes (tools, concepts) stay
// while another case claims them or links to them.
OPTIONAL MATCH (k:GraphmapCase {key: $case})
WITH k, coalesce(k.nodes, []) AS iris
DETACH DELETE k
WITH iris
UNWIND iris AS iri
MATCH (n:Resource {iri: iri})
CALL (n) { MATCH (n)-[r]->() WHERE r.case = $case DELETE r }
SET n.cases = [c IN n.cases WHERE c <> $case]
WITH n WHERE size(n.cases) = 0 AND NOT EXISTS { (n)--() }
DELETE n
