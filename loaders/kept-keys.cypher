// Each loaded case with when its verdicts were derived (its derivation's startedAtTime, found
// by IRI: $derivations + case + '/derivation'), and the key of every answer kept ready
// (stores/kept.py).
CALL () {
  MATCH (k:GraphmapCase) WHERE NOT k.key STARTS WITH '_'
  OPTIONAL MATCH (d:Resource {iri: $derivations + k.key + '/derivation'})
  RETURN collect([k.key, toString(d.startedAtTime)]) AS cases
}
CALL () {
  MATCH (a:GraphmapKept)
  RETURN collect([a.case, a.query, a.key]) AS kept
}
RETURN cases, kept
