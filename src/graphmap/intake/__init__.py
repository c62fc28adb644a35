"""Intake: read case files (YAML, Turtle, JSON-LD), check them, turn them into RDF, load them."""
