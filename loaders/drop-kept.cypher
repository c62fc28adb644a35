// The answers kept ready of these cases (stores/kept.py), deleted in the same transaction as
// any write of a case's graph or of its derived graph: kept answers present are always those
// of the case and verdicts as they are.
MATCH (a:GraphmapKept) WHERE a.case IN $cases
DETACH DELETE a
