// One batch of nodes with the same label. {label} is a class of the ontology, checked
// against the property-graph mapping before use; everything else is a parameter.
UNWIND $rows AS row
MERGE (n:Resource {iri: row.iri})
SET n:{label}
SET n += row.props
SET n.cases = CASE WHEN $case IN coalesce(n.cases, []) THEN n.cases ELSE coalesce(n.cases, []) + $case END
