"""An analyst's own read-only query (SPARQL on the embedded store, Cypher on Neo4j), refused if
it would reach another server or a file."""

from __future__ import annotations

import re

from graphmap.errors import QueryError
from graphmap.query.catalogue import Result

__all__ = ["reaches_out", "run_adhoc"]


# What an analyst's query may not do unless asked: reach another server. Strings, IRIs, quoted
# names and comments are blanked first, so only a keyword of the language itself counts.
_SPARQL_TEXT = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                          r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*')
_CYPHER_TEXT = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`|//[^\n]*|/\*[\s\S]*?\*/')
_NETWORK = {
    "sparql": (_SPARQL_TEXT, re.compile(r"(?<![\w:?$-])SERVICE(?![\w:-])", re.IGNORECASE), "SERVICE"),
    "cypher": (_CYPHER_TEXT, re.compile(r"(?<![\w$`])LOAD\s+CSV(?![\w`])", re.IGNORECASE), "LOAD CSV"),
}


def reaches_out(language: str, text: str) -> str | None:
    """The keyword by which a query would fetch from another server or a file (SPARQL ``SERVICE``,
    Cypher ``LOAD CSV``), or None."""
    blank, keyword, name = _NETWORK[language]
    if language == "sparql":  # SPARQL reads \uXXXX escapes anywhere, keywords included
        text = re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    return name if keyword.search(blank.sub(" ", text)) else None


def run_adhoc(store, language: str, text: str, params: dict[str, str] | None = None, allow_network: bool = False) -> Result:
    """Run an analyst's own read-only query: SPARQL on the embedded store, Cypher on Neo4j.

    Parameters are bound (SPARQL: projected variables; Cypher: ``$name``), never pasted.
    Updates are refused: the embedded store is opened read-only and only SELECT is run;
    Neo4j runs the query in a READ transaction. A query that would reach another server or a
    file (``SERVICE``, ``LOAD CSV``) is refused unless ``allow_network``: it could send what the
    store holds anywhere.
    """
    expected = store.query_language
    if language != expected:
        raise QueryError(f"the {store.name} store runs {expected.upper()} queries, not {language.upper()}")
    found = reaches_out(language, text)
    if found and not allow_network:
        raise QueryError(f"the query uses {found}, which reaches another server or a file and could send what the "
                         "store holds there; nothing was run (add --allow-network if that is what you mean)")
    columns, rows = store.select(text, params or {})
    return Result("ad-hoc", list(columns), [dict(zip(columns, row)) for row in rows])
