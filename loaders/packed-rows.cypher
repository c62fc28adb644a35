CALL () {
{query}
}
RETURN collect([{columns}]) AS rows
