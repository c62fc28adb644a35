// Remove everything some cases loaded, found from their bookkeeping nodes (index lookups
// only, so the cost does not grow with the other cases): their relationships, then their
// claim on nodes. Shared nodes (tools, concepts) stay while another case claims them or
// links to them. The nodes nothing claims or links to any more are emptied (properties and
// labels) but kept, and their IRIs returned: the new version of the cases, written in the
// same transaction, takes most of them again, and sweep-nodes deletes the others. Deleting
// them here and creating them again made Neo4j look every IRI up through the transaction's
// own index changes: a reload of 1,000 cases took three times a first load.
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
SET n = {iri: n.iri}
REMOVE n{labels}
RETURN n.iri AS iri
