"""Queries: the catalogue of named queries (SPARQL and Cypher twins) and the views computed from them."""
