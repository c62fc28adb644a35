// The keys of the cases loaded (a case id, _derived/<case>, _rubric...) that start with $prefix.
MATCH (k:GraphmapCase) WHERE k.key STARTS WITH $prefix RETURN k.key ORDER BY k.key
