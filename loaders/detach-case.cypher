// Remove everything one case loaded: its relationships, then its claim on nodes, then the
// nodes nothing claims or links to any more. Shared nodes (tools, concepts) stay while
// another case claims them or links to them.
MATCH ()-[r]->() WHERE r.case = $case DELETE r
WITH count(*) AS ignored
MATCH (n:Resource) WHERE $case IN n.cases
SET n.cases = [c IN n.cases WHERE c <> $case]
WITH n WHERE size(n.cases) = 0 AND NOT EXISTS { (n)--() }
DELETE n
