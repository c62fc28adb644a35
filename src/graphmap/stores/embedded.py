"""The embedded store: Oxigraph on disk, no server. One named graph per case.

Loading a case replaces its graph in one SPARQL update, which Oxigraph applies as a single
transaction: a reader sees the old case or the new one, never a mix, and a failure leaves
the store as it was.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from ..caseformat import case_format
from ..errors import StoreError
from ..vocabulary import ontology_graph

__all__ = ["EmbeddedStore", "default_store_path", "ONTOLOGY_GRAPH", "RUBRIC_GRAPH"]

ONTOLOGY_GRAPH = URIRef(case_format().graph_iri + "_ontology")
RUBRIC_GRAPH = URIRef(case_format().graph_iri + "_rubric")
REVIEWS_GRAPH = URIRef(case_format().graph_iri + "_reviews")


def _skolemised(graph: Graph) -> Graph:
    """Blank nodes (OWL lists) get stable IRIs, so that reloading the ontology changes nothing."""
    return to_canonical_graph(graph).skolemize(authority="https://w3id.org", basepath="/graphmap/.well-known/genid/")


def default_store_path() -> Path:
    """``$GRAPHMAP_STORE``, else ``$XDG_DATA_HOME/graphmap/store`` (``~/.local/share/...``)."""
    if os.environ.get("GRAPHMAP_STORE"):
        return Path(os.environ["GRAPHMAP_STORE"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "graphmap" / "store"


class EmbeddedStore:
    """An on-disk Oxigraph store. Open it read-only to run queries next to a writer."""

    name = "embedded"

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = Path(path) if path else default_store_path()
        if read_only:
            if not (self.path / "CURRENT").exists():
                raise StoreError(f"{self.path}: no graphmap store here yet; load cases first (graphmap load cases/)")
            self._store = self._open(lambda: ox.Store.read_only(str(self.path)))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            self._store = self._open(lambda: ox.Store(str(self.path)))

    def _open(self, opener):
        """Open the store; a writer waits (up to $GRAPHMAP_LOCK_TIMEOUT s) for another writer to finish."""
        deadline = time.monotonic() + float(os.environ.get("GRAPHMAP_LOCK_TIMEOUT", "300"))
        while True:
            try:
                return opener()
            except OSError as exc:
                detail = str(exc)
                if "lock" not in detail.lower():
                    raise StoreError(f"{self.path}: cannot open the store: {detail.splitlines()[0]}") from None
                if time.monotonic() > deadline:
                    raise StoreError(f"{self.path}: the store is still in use by another graphmap process; try again when it has finished") from None
                time.sleep(0.1)

    # --- writing ------------------------------------------------------------------------

    def write_cases(self, cases: list, rubric: Graph) -> None:
        """Replace these cases (``CheckedCase``), the ontology and the rubric, all in one transaction."""
        graphs = {ONTOLOGY_GRAPH: _skolemised(ontology_graph()), RUBRIC_GRAPH: _skolemised(rubric)}
        graphs.update({case_format().case_graph(item.case.id): item.ntriples for item in cases})
        self.replace_graphs(graphs)

    def replace_graphs(self, graphs: dict[URIRef, Graph | list[str]]) -> None:
        """Replace each named graph by the given triples (a graph or N-Triples lines), in one transaction."""
        parts = []
        for name, graph in graphs.items():
            parts.append(f"DROP SILENT GRAPH <{name}>")
            body = "\n".join(graph) if isinstance(graph, list) else graph.serialize(format="nt")
            parts.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}")
        try:
            self._store.update(" ;\n".join(parts))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path}: the load was refused and nothing was written: {exc}") from None

    def read_reviews(self) -> Graph:
        return self.export(REVIEWS_GRAPH)

    def write_reviews(self, graph: Graph) -> None:
        self.replace_graphs({REVIEWS_GRAPH: graph})

    # --- reading ------------------------------------------------------------------------

    def run_named(self, query, params: dict[str, Any]) -> tuple[list[str], list[tuple]]:
        """Run a named query: ``case`` picks the case's graph, other parameters bind columns."""
        params = {k: v for k, v in params.items() if v is not None}
        case = params.pop("case", None)
        if case is None:
            return self.select(query.sparql, params)
        return self.select(query.sparql, params, case_graphs=[case_format().case_graph(case)],
                           shared_graphs=[ONTOLOGY_GRAPH, RUBRIC_GRAPH])

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def count(self, graph: URIRef | None = None) -> int:
        target = ox.NamedNode(str(graph)) if graph else None
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, target))

    def select(self, sparql: str, params: dict[str, Any] | None = None, case_graphs: list[URIRef] | None = None,
               shared_graphs: list[URIRef] = ()) -> tuple[list[str], list[tuple]]:
        """Run a SELECT; values come back as plain Python.

        The query sees the union of all graphs, or, with ``case_graphs``, only those cases
        (plus ``shared_graphs``, such as the ontology and the rubric). ``params`` bind
        projected variables (never pasted into the text).
        """
        substitutions = {ox.Variable(k): _term(v) for k, v in (params or {}).items()}
        dataset: dict[str, Any] = {"use_default_graph_as_union": True}
        if case_graphs is not None:
            cases = [ox.NamedNode(str(g)) for g in case_graphs]
            dataset = {"default_graph": cases + [ox.NamedNode(str(g)) for g in shared_graphs], "named_graphs": cases}
        try:
            solutions = self._store.query(sparql, substitutions=substitutions, **dataset)
        except SyntaxError as exc:
            if re.match(r"\s*(PREFIX\s+\S+\s+<[^>]*>\s*)*(INSERT|DELETE|DROP|CLEAR|CREATE|LOAD|COPY|MOVE|ADD|WITH)\b", sparql, re.I):
                raise StoreError("SPARQL updates are refused: graphmap queries are read-only (load cases to change the store)") from None
            raise StoreError(f"SPARQL syntax error: {exc}") from None
        except RuntimeError as exc:
            raise StoreError(f"the query failed: {exc}") from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise StoreError("only SELECT queries can be run here (ASK, CONSTRUCT and updates are refused)")
        columns = [v.value for v in solutions.variables]
        rows = [tuple(_python(s[c]) for c in columns) for s in solutions]
        return columns, rows

    def cases(self) -> list[str]:
        """Ids of the loaded cases."""
        prefix = case_format().graph_iri
        return [g[len(prefix):] for g in self.graph_names() if g.startswith(prefix) and not g[len(prefix):].startswith("_")]

    def export(self, graph: URIRef) -> Graph:
        """The triples of one named graph as an rdflib graph."""
        data = self._store.dump(format=ox.RdfFormat.N_QUADS, from_graph=ox.NamedNode(str(graph)))
        out = Graph()
        if data:
            out.parse(data=data.decode("utf-8"), format="nt")
        return out

    def close(self) -> None:
        del self._store

    def __enter__(self) -> "EmbeddedStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _term(value: Any) -> ox.Literal | ox.NamedNode:
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(str(value))


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _python(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in (_XSD + "integer", _XSD + "long", _XSD + "int"):
            return int(term.value)
        if dt in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
            return round(float(term.value), 4)
        if dt == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return term.value
