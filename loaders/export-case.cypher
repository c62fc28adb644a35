// The nodes and relationships one case loaded, to turn back into RDF.
CALL () {
  MATCH (n:Resource) WHERE $case IN n.cases
  RETURN collect({iri: n.iri, labels: labels(n), props: properties(n)}) AS nodes
}
CALL () {
  MATCH (a)-[r]->(b) WHERE r.case = $case
  RETURN collect([a.iri, type(r), b.iri]) AS relationships
}
RETURN nodes, relationships
