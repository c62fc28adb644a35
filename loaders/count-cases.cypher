// What each case holds, to compare with its RDF graph after a load: the nodes its bookkeeping
// node lists that still claim it, and the relationships it wrote from them.
UNWIND $cases AS case
OPTIONAL MATCH (k:GraphmapCase {key: case})
CALL (k, case) {
  UNWIND coalesce(k.nodes, []) AS iri
  MATCH (n:Resource {iri: iri}) WHERE case IN n.cases
  OPTIONAL MATCH (n)-[r]->() WHERE r.case = case
  RETURN count(DISTINCT n) AS nodes, count(r) AS relationships
}
RETURN case, nodes, relationships
