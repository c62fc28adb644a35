"""The model: the vocabulary, the case format and its mapping to a property graph."""
