"""An analyst's own read-only query (SPARQL on the embedded store, Cypher on Neo4j), refused if
it would reach another server or a file.

SPARQL gets the project's prefixes (``gm:``, ``gmv:``, ``skos:``... vocabulary.PREFIXES)
declared for it when it does not declare them itself; SELECT and ASK answer rows, CONSTRUCT and
DESCRIBE a graph (written as Turtle); a syntax error is one line with its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphmap.errors import QueryError, StoreError, one_line
from graphmap.model.vocabulary import PREFIXES
from graphmap.query.catalogue import Result

__all__ = ["reaches_out", "run_adhoc", "GraphAnswer", "with_prefixes", "declared_prefixes", "query_form"]


# What an analyst's query may not do unless asked: reach another server. Strings, IRIs, quoted
# names and comments are blanked first, so only a keyword of the language itself counts.
_SPARQL_TEXT = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                          r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*')
_CYPHER_TEXT = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`|//[^\n]*|/\*[\s\S]*?\*/')
_NETWORK = {
    "sparql": (_SPARQL_TEXT, re.compile(r"(?<![\w:?$-])SERVICE(?![\w:-])", re.IGNORECASE), "SERVICE"),
    "cypher": (_CYPHER_TEXT, re.compile(r"(?<![\w$`])LOAD\s+CSV(?![\w`])", re.IGNORECASE), "LOAD CSV"),
}


def _unescaped(text: str) -> str:
    """SPARQL reads \\uXXXX escapes anywhere, keywords included."""
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: _char(m.group(1) or m.group(2)), text)


def _char(code: str) -> str:
    try:
        return chr(int(code, 16))
    except (ValueError, OverflowError):
        return "\ufffd"


def reaches_out(language: str, text: str) -> str | None:
    """The keyword by which a query would fetch from another server or a file (SPARQL ``SERVICE``,
    Cypher ``LOAD CSV``), or None."""
    blank, keyword, name = _NETWORK[language]
    if language == "sparql":
        text = _unescaped(text)
    return name if keyword.search(blank.sub(" ", text)) else None


# --- SPARQL: prefixes, query form, errors -------------------------------------------------------

_COMMENTS_AND_STRINGS = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                                   r'|#[^\n]*')
_PROLOGUE = re.compile(r"\s*(?:(?:BASE\s*<[^>]*>|PREFIX\s+[A-Za-z][\w.-]*?:\s*<[^>]*>|PREFIX\s+:\s*<[^>]*>)\s*)*", re.IGNORECASE)
FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_UPDATES = ("INSERT", "DELETE", "DROP", "CLEAR", "CREATE", "LOAD", "COPY", "MOVE", "ADD", "WITH")


def _blank(match: re.Match) -> str:
    """Strings and comments as spaces (same length, same lines: positions stay true); IRIs kept."""
    text = match.group(0)
    return text if text.startswith("<") else re.sub(r"[^\n]", " ", text)


def declared_prefixes(text: str) -> dict[str, str]:
    """The prefixes ``text`` declares itself (``PREFIX ex: <...>``), by name."""
    bare = _COMMENTS_AND_STRINGS.sub(_blank, _unescaped(text))
    return {m.group(1): m.group(2) for m in re.finditer(r"PREFIX\s+([A-Za-z][\w.-]*|):\s*<([^>]*)>", bare, re.IGNORECASE)}


def with_prefixes(text: str) -> tuple[str, int]:
    """``text`` with the project's prefixes it does not declare declared before it, on one line of
    their own; and how many lines were added (0 or 1), to report positions in the user's text."""
    missing = {k: v for k, v in PREFIXES.items() if k not in declared_prefixes(text)}
    if not missing:
        return text, 0
    return " ".join(f"PREFIX {k}: <{v}>" for k, v in missing.items()) + "\n" + text, 1


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the form of a SPARQL query; anything else is one line
    (an update is refused, a misspelt form gets a suggestion)."""
    bare = _COMMENTS_AND_STRINGS.sub(_blank, _unescaped(text))
    start = _PROLOGUE.match(bare).end()
    found = re.match(r"[^\s{(<]+", bare[start:])
    word = found.group(0) if found else ""
    if word.upper() in FORMS:
        return word.upper()
    line = bare.count("\n", 0, start) + 1
    column = start - (bare.rfind("\n", 0, start) + 1) + 1
    if word.upper() in _UPDATES:
        raise QueryError("SPARQL updates are refused: graphmap queries are read-only (load cases to change the store)")
    if not word:
        raise QueryError("the SPARQL query is empty: write SELECT, CONSTRUCT, DESCRIBE or ASK (after any PREFIX lines)")
    import difflib

    close = difflib.get_close_matches(word.upper(), FORMS + ("PREFIX", "BASE"), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else ""
    raise QueryError(f"SPARQL syntax error at line {line}, column {column}: {one_line(repr(word[:40]))} does not start a "
                     f"query{hint} (a query is SELECT, CONSTRUCT, DESCRIBE or ASK, after any PREFIX lines)")


_ENGINE_ERROR = re.compile(r"SPARQL syntax error: error at (\d+):(\d+): (.*)", re.DOTALL)


def _near(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    rest = lines[line - 1][max(0, column - 1):].strip()
    return f" (near {one_line(repr(rest[:30] + ('...' if len(rest) > 30 else '')))})" if rest else " (the end of the line)"


def _expected(said: str) -> str:
    """The engine's "expected one of ..." without its character ranges (``['A'..='Z' | ...]``)."""
    said = " ".join(said.split())
    if "[" not in said and len(said) <= 120:
        return said
    head, _, items = said.partition("one of ")
    words = [w.strip() for w in re.findall(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^,]+', items) if w.strip() and not w.strip().startswith("[")]
    words = [w for w in words if len(w) <= 20]
    if not words:
        return "unexpected text"
    more = ", ..." if len(words) > 8 else ""
    return f"{head}one of {', '.join(words[:8])}{more}"


def _syntax_error(message: str, text: str, added: int) -> QueryError:
    """The engine's syntax error as one line: where (in the user's own text) and what it expected."""
    found = _ENGINE_ERROR.match(message)
    if not found:
        return QueryError(one_line(message)[:300])
    line, column, said = int(found.group(1)) - added, int(found.group(2)), found.group(3)
    if "Prefix not found" in said:
        lines = text.split("\n")
        before = lines[line - 1][:column - 1] if 1 <= line <= len(lines) else ""
        named = re.search(r"([A-Za-z][\w.-]*|):[\w.-]*$", before)  # the engine points after the prefixed name
        name = named.group(1) if named else ""
        at = named.start() + 1 if named else column
        known = sorted(set(PREFIXES) | set(declared_prefixes(text)))
        return QueryError(f"SPARQL syntax error at line {line}, column {at}: unknown prefix {one_line(repr(name + ':'))} "
                          f"(declared: {', '.join(p + ':' for p in known)}; declare others with PREFIX)")
    return QueryError(f"SPARQL syntax error at line {line}, column {column}{_near(text, line, column)}: {one_line(_expected(said))}")


# --- running --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GraphAnswer:
    """What a CONSTRUCT or DESCRIBE answers: a graph, as Turtle with the project's prefixes."""

    turtle: str
    triples: int


def _graph_answer(rows: list[tuple], prefixes: dict[str, str]) -> GraphAnswer:
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in {**PREFIXES, **prefixes}.items():
        if prefix:
            graph.bind(prefix, namespace, override=True)
    try:
        graph.parse(data="".join(f"{s} {p} {o} .\n" for s, p, o in rows), format="nt")
    except Exception as exc:  # a term N-Triples cannot write (an RDF-star triple term)
        raise QueryError(f"the answer holds a term Turtle cannot write here: {one_line(str(exc))[:200]}") from None
    return GraphAnswer(graph.serialize(format="turtle"), len(graph))


def run_adhoc(store, language: str, text: str, params: dict[str, str] | None = None,
              allow_network: bool = False) -> Result | GraphAnswer:
    """Run an analyst's own read-only query: SPARQL on the embedded store, Cypher on Neo4j.

    Parameters are bound (SPARQL: projected variables; Cypher: ``$name``), never pasted.
    Updates are refused: the embedded store is opened read-only and only a query is run (SELECT
    and ASK answer rows, CONSTRUCT and DESCRIBE a GraphAnswer); Neo4j runs the query in a READ
    transaction. A query that would reach another server or a file (``SERVICE``, ``LOAD CSV``)
    is refused unless ``allow_network``: it could send what the store holds anywhere.
    """
    expected = store.query_language
    if language != expected:
        raise QueryError(f"the {store.name} store runs {expected.upper()} queries, not {language.upper()}")
    if not text.strip():
        raise QueryError(f"the {language.upper()} query is empty")
    found = reaches_out(language, text)
    if found and not allow_network:
        raise QueryError(f"the query uses {found}, which reaches another server or a file and could send what the "
                         "store holds there; nothing was run (add --allow-network if that is what you mean)")
    if language != "sparql":
        columns, rows = store.select(text, params or {})
        return Result("ad-hoc", list(columns), [dict(zip(columns, row)) for row in rows])
    form = query_form(text)
    full, added = with_prefixes(text)
    try:
        columns, rows = store.select(full, params or {})
    except StoreError as exc:
        if str(exc).startswith("SPARQL syntax error:"):
            raise _syntax_error(str(exc), text, added) from None
        raise
    if form in ("CONSTRUCT", "DESCRIBE"):
        return _graph_answer(rows, declared_prefixes(text))
    return Result("ad-hoc", list(columns), [dict(zip(columns, row)) for row in rows])
