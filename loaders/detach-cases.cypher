// Remove everything some cases loaded, found from their bookkeeping nodes (index lookups
// only, so the cost does not grow with the other cases): their relationships, then their
// claim on nodes. Shared nodes (tools, concepts) stay while another case claims them or
// links to them. The nodes nothing claims or links to any more are emptied (properties and
// labels) but kept, and their IRIs returned: the new version of the cases, written in the
// same transaction, takes most of them again, and sweep-nodes deletes the others. Deleting
// them here and creating them again made Neo4j look every IRI up through the transaction's
// own index changes: a reload of 1,000 cases took three times a first load.
//
// A case's relationships start from its own nodes (IRIs under $prefix + case + '/'), found
// by reading each node's relationships, or from nodes outside them that other cases share (a
// tool every case uses): those are listed on the bookkeeping node ("source TYPE target") and
// each is found between its two ends. Reading a shared node's relationships instead meant
// reading every case's, once per case: a reload grew with the square of the cases. A case
// recorded by an older graphmap has no such list: every node's relationships are read.
UNWIND $cases AS case
OPTIONAL MATCH (k:GraphmapCase {key: case})
WITH case, k, coalesce(k.nodes, []) AS iris, k.external AS external, $prefix + case + '/' AS own
DETACH DELETE k
WITH case, iris, external, own
CALL (case, external) {
  UNWIND coalesce(external, []) AS link
  WITH case, split(link, ' ') AS part
  MATCH (a:Resource {iri: part[0]})-[r]->(b:Resource {iri: part[2]})
  WHERE type(r) = part[1] AND r.case = case
  DELETE r
}
WITH case, iris, external, own
UNWIND iris AS iri
MATCH (n:Resource {iri: iri})
CALL (n, case, external, own) {
  WITH n WHERE external IS NULL OR n.iri STARTS WITH own
  MATCH (n)-[r]->() WHERE r.case = case DELETE r
}
SET n.cases = [c IN n.cases WHERE c <> case]
WITH DISTINCT n
WHERE size(n.cases) = 0 AND NOT EXISTS { (n)--() }
SET n = {iri: n.iri}
REMOVE n{labels}
RETURN n.iri AS iri
