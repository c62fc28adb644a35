// One batch of relationships of the same type. {type} is an object property of the
// ontology, checked against the property-graph mapping before use.
UNWIND $rows AS row
MATCH (a:Resource {iri: row.source})
MATCH (b:Resource {iri: row.target})
MERGE (a)-[r:{type} {case: $case}]->(b)
