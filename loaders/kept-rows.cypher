// The loaded cases and the answers kept ready for one query under one key (stores/kept.py).
CALL () {
  MATCH (k:GraphmapCase) WHERE NOT k.key STARTS WITH '_'
  RETURN collect(k.key) AS cases
}
CALL () {
  MATCH (a:GraphmapKept {query: $query}) WHERE a.key = $key
  RETURN collect([a.case, a.rows]) AS kept
}
RETURN cases, kept
