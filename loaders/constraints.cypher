// Every node of graphmap carries its IRI under a uniqueness constraint.
CREATE CONSTRAINT graphmap_resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE
