// Loads in progress on this database: each holds a transaction tagged graphmap = 'load' open
// from before its first write until after its last commit. It vanishes if the loader dies.
SHOW TRANSACTIONS YIELD database, metaData, startTime
WHERE database = $database AND metaData.graphmap = 'load'
RETURN count(*) AS loads, toString(min(startTime)) AS since
