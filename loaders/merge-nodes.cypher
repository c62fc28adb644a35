// One batch of nodes with the same labels, from one or more cases. {label} is a class of
// the ontology, checked against the property-graph mapping before use; everything else is
// a parameter.
UNWIND $rows AS row
MERGE (n:Resource {iri: row.iri})
SET n:{label}, n += row.props,
    n.cases = CASE WHEN row.case IN coalesce(n.cases, []) THEN n.cases ELSE coalesce(n.cases, []) + row.case END
