"""Outputs: exports, pseudonymisation, the HTML reports and the ontology docs, with their templates."""
