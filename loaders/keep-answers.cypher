// Answers kept ready (stores/kept.py): for each (case, query), the key of what made them and
// the rows as JSON, replacing what was kept.
UNWIND $rows AS row
MERGE (a:GraphmapKept {id: row.query + '/' + row.case})
SET a.case = row.case, a.query = row.query, a.key = row.key, a.rows = row.rows
