// Delete the nodes that replaced cases left empty (see detach-cases) and that their new
// versions did not take again.
UNWIND $iris AS iri
MATCH (n:Resource {iri: iri})
WHERE n.cases IS NULL AND NOT EXISTS { (n)--() }
DELETE n
