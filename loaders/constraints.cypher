// Every node of graphmap carries its IRI under a uniqueness constraint; each loaded case has
// one bookkeeping node (GraphmapCase) listing the IRIs it loaded; one catalog node counts loads.
CREATE CONSTRAINT graphmap_resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE;
CREATE CONSTRAINT graphmap_case_key IF NOT EXISTS FOR (k:GraphmapCase) REQUIRE k.key IS UNIQUE;
CREATE CONSTRAINT graphmap_catalog_id IF NOT EXISTS FOR (c:GraphmapCatalog) REQUIRE c.id IS UNIQUE
