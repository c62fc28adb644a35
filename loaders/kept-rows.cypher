// Each loaded case with when its verdicts were derived (as kept-keys), and the answers kept
// ready for one query with their keys (stores/kept.py).
CALL () {
  MATCH (k:GraphmapCase) WHERE NOT k.key STARTS WITH '_'
  OPTIONAL MATCH (d:Resource {iri: $derivations + k.key + '/derivation'})
  RETURN collect([k.key, toString(d.startedAtTime)]) AS cases
}
CALL () {
  MATCH (a:GraphmapKept {query: $query})
  RETURN collect([a.case, a.key, a.rows]) AS kept
}
RETURN cases, kept
