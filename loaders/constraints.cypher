// Every node of graphmap carries its IRI under a uniqueness constraint; each loaded case has
// one bookkeeping node (GraphmapCase) listing the IRIs it loaded; one catalog node counts loads.
CREATE CONSTRAINT graphmap_resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE;
CREATE CONSTRAINT graphmap_case_key IF NOT EXISTS FOR (k:GraphmapCase) REQUIRE k.key IS UNIQUE;
CREATE CONSTRAINT graphmap_catalog_id IF NOT EXISTS FOR (c:GraphmapCatalog) REQUIRE c.id IS UNIQUE;
// Reference data (graphmap reference load): scores and task statements are looked up by code.
CREATE INDEX graphmap_score_occupation IF NOT EXISTS FOR (s:Score) ON (s.occupationCode);
CREATE INDEX graphmap_score_soc IF NOT EXISTS FOR (s:Score) ON (s.socCode);
CREATE INDEX graphmap_score_task IF NOT EXISTS FOR (s:Score) ON (s.taskStatementId);
CREATE INDEX graphmap_statement_task IF NOT EXISTS FOR (t:TaskStatement) ON (t.taskStatementId);
CREATE CONSTRAINT graphmap_kept_id IF NOT EXISTS FOR (a:GraphmapKept) REQUIRE a.id IS UNIQUE;
CREATE INDEX graphmap_kept_case IF NOT EXISTS FOR (a:GraphmapKept) ON (a.case);
CREATE INDEX graphmap_kept_query IF NOT EXISTS FOR (a:GraphmapKept) ON (a.query)
