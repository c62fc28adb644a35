// Remove everything one case loaded: its relationships, then its claim on nodes, then the
// nodes no case claims any more. Shared nodes (tools, concepts) stay while a case uses them.
MATCH ()-[r]->() WHERE r.case = $case DELETE r
WITH count(*) AS ignored
MATCH (n:Resource) WHERE $case IN n.cases
SET n.cases = [c IN n.cases WHERE c <> $case]
WITH n WHERE size(n.cases) = 0
DETACH DELETE n
