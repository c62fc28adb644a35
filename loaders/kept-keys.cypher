// The key of every answer kept ready (stores/kept.py).
MATCH (a:GraphmapKept) RETURN a.case AS case, a.query AS query, a.key AS key
