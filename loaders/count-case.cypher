// What one case holds, to compare with its RDF graph after a load.
CALL () { MATCH (n:Resource) WHERE $case IN n.cases RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() WHERE r.case = $case RETURN count(r) AS relationships }
RETURN nodes, relationships
