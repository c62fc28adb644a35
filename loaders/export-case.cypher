// The nodes and relationships one case loaded, to turn back into RDF.
OPTIONAL MATCH (k:GraphmapCase {key: $case})
CALL (k) {
  UNWIND coalesce(k.nodes, []) AS iri
  MATCH (n:Resource {iri: iri}) WHERE $case IN n.cases
  RETURN collect({iri: n.iri, labels: labels(n), props: properties(n)}) AS nodes
}
CALL (k) {
  UNWIND coalesce(k.nodes, []) AS iri
  MATCH (a:Resource {iri: iri})-[r]->(b) WHERE r.case = $case
  RETURN collect([a.iri, type(r), b.iri]) AS relationships
}
RETURN nodes, relationships
