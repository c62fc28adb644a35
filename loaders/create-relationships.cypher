// One batch of relationships of the same type, from one or more cases. {type} is an object
// property of the ontology, checked against the property-graph mapping before use. The
// cases' previous relationships were removed in the same transaction and the rows hold no
// duplicates, so CREATE (not MERGE, whose check costs the degree of the node: shared
// concepts have thousands of relationships) gives each relationship once.
UNWIND $rows AS row
MATCH (a:Resource {iri: row.source})
MATCH (b:Resource {iri: row.target})
CREATE (a)-[:{type} {case: row.case}]->(b)
