"""Export loaded cases: RDF syntaxes for researchers, GraphML/GEXF for Gephi and Cytoscape,
CSV tables for spreadsheets. Works from either store.

A store with an RDF serialiser of its own (the embedded store: Oxigraph's) writes the RDF
syntaxes, and the N-Triples the property graph is read from, itself: no rdflib graph is built.
The graph ``export_graph`` gives is filled from the store only when something reads it (a
pseudonymised export, a report, the Python API); then rdflib writes it, as it does for Neo4j.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from graphmap.errors import ConfigError, StoreError, shown_name
from graphmap.model.pgmapping import RESOURCE, PGGraph, to_property_graph
from graphmap.model.jsonld import compact, context
from graphmap.model.vocabulary import PREFIXES, ontology_cache
from graphmap.model.oxterms import rdflib_term

if TYPE_CHECKING:  # networkx is imported where a graph is built (0.11 s a command otherwise)
    import networkx as nx

__all__ = ["EXPORT_FORMATS", "check_out", "export_graph", "write_export", "jsonld_context", "to_networkx"]

RDF_SYNTAXES = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
EXPORT_FORMATS = (*RDF_SYNTAXES, "graphml", "gexf", "csv")


def export_graph(store, case: str | None = None, verdicts: bool = False) -> Graph:
    """The RDF graph of one case, or of every case, as the store holds it; with ``verdicts``,
    their derived graphs too (derive.py). Read from the store when first used (see ``ExportGraph``)."""
    cases = store.cases()
    if case is not None and case not in cases:
        raise StoreError(f"no case {case!r} in the store at {store.location}; loaded: {', '.join(cases) or 'none'}")
    return ExportGraph(store, [case] if case else cases, verdicts)


class ExportGraph(Graph):
    """The graph of an export. From a store with an RDF serialiser of its own, it holds the
    store's triples as the store gave them and becomes an rdflib graph (prefixes bound) only when
    something reads or changes it; until then ``native`` has them written by that serialiser.
    From another store (Neo4j) it is an rdflib graph filled at once (``export_case``)."""

    def __init__(self, store=None, cases: list[str] = (), verdicts: bool = False, **graph_options):
        self._native = store.native_graph(list(cases), verdicts) if store is not None else None
        self._filled = self._native is None
        super().__init__(**graph_options)
        if store is not None and self._native is None:
            self._bind()
            for key in cases:
                self += store.export_case(key)
                if verdicts:
                    self += store.export_case(key, derived=True)
            self += store.stored_vocabulary() or Graph()  # what a barometer's own concepts mean

    def _bind(self) -> None:
        for prefix, iri in PREFIXES.items():
            self.bind(prefix, iri)

    @property
    def _Graph__store(self):
        """Where rdflib's Graph keeps its triples (``self.__store`` inside rdflib): filled on first use."""
        if not self._filled:
            self._filled = True
            self._bind()
            self.addN((s, p, o, self) for s, p, o in self._native.rdflib_triples())
            self._native = None
        return self.__dict__["_rdflib_store"]

    @_Graph__store.setter
    def _Graph__store(self, value) -> None:
        self.__dict__["_rdflib_store"] = value

    def __len__(self) -> int:
        return len(self._native) if not self._filled else super().__len__()

    @classmethod
    def of_triples(cls, triples: list) -> "ExportGraph":
        """A graph of Oxigraph triples (each once), written by Oxigraph's serialiser as they are
        ordered, and read as rdflib's terms when something reads it (as an export's graph)."""
        graph = cls()
        graph._native, graph._filled = OxTriples(triples), False
        return graph

    def ox_triples(self) -> list | None:
        """The graph's Oxigraph triples while it has not become an rdflib graph (else None)."""
        return None if self._filled else getattr(self._native, "triples", None)

    # The first few look-ups (rdflib's subjects(), objects(), iteration...) and removals are
    # done on the store's triples, without filling the graph: filling an rdflib graph of 68,000
    # triples to find a few of them took 2 s (a pseudonymised export). Past them it is filled,
    # so that a reader asking again and again (value() for each node) asks rdflib's indexes.
    _NATIVE_LOOKUPS = 16
    _lookups = 0
    _by_predicate: dict | None = None

    def triples(self, triple):
        s, p, o = triple
        native = self.ox_triples()
        if native is None or self._lookups >= self._NATIVE_LOOKUPS or not (p is None or isinstance(p, URIRef)):
            yield from super().triples(triple)
            return
        self._lookups += 1
        if p is not None:
            if self._by_predicate is None:
                self._by_predicate = by_predicate = {}
                for t in native:
                    by_predicate.setdefault(t.predicate.value, []).append(t)
            native = self._by_predicate.get(str(p), ())
        term = rdflib_term
        for t in native:
            subject = term(t.subject)
            if s is None or subject == s:
                obj = term(t.object)
                if o is None or obj == o:
                    yield subject, p if p is not None else term(t.predicate), obj

    def remove(self, triple):
        native = self.ox_triples()
        if native is None or self._lookups >= self._NATIVE_LOOKUPS:
            return super().remove(triple)
        gone = {(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in self.triples(triple)}
        if gone:
            self._native = OxTriples([t for t in native if (t.subject, t.predicate, t.object) not in gone])
            self._by_predicate = None
        return self

    def native(self, syntax: str) -> bytes | None:
        """The graph in ``syntax`` (ttl, nt, jsonld, rdfxml) as the store's own serialiser writes
        it; None if the store has none, or once the graph was read (it may have been changed)."""
        return None if self._filled else self._native.serialise(syntax, PREFIXES)


class OxTriples:
    """Oxigraph triples as an export's graph reads them (``ExportGraph``): their number, written
    by Oxigraph in an RDF syntax, or given as rdflib's terms."""

    def __init__(self, triples: list):
        self.triples = triples

    def __len__(self) -> int:
        return len(self.triples)

    def serialise(self, syntax: str, prefixes: dict[str, str]) -> bytes:
        return ox.serialize(self.triples, format=_OX_SYNTAXES[syntax], prefixes=prefixes)

    def rdflib_triples(self):
        return ((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)) for t in self.triples)


# What a verdict adds to its task, post or role in GraphML, GEXF and CSV (verdict nodes are
# folded into attributes there, so that Gephi and Cytoscape can colour and filter by them).
_VERDICT_ATTRIBUTES = {"effectiveValue": "", "proposedValue": "_proposed", "reviewStatus": "_review", "score": "_score"}


def _fold_verdicts(pg: PGGraph) -> PGGraph:
    """The property graph without verdict and derivation nodes, their values set on the entities
    they are about: ``standardisable``, ``ai-fit``, ``typology`` (each with ``_proposed``,
    ``_review``, and for standardisable ``_score``) and ``rubric_version``."""
    derived = {iri for iri, node in pg.nodes.items() if {"Verdict", "Derivation"} & set(node["labels"])}
    if not derived:
        return pg
    about = {source: target for source, rel, target in pg.relationships if rel == "VERDICT_ON"}
    nodes = {iri: {"labels": node["labels"], "props": dict(node["props"])} for iri, node in pg.nodes.items() if iri not in derived}
    for iri in derived:
        props = pg.nodes[iri]["props"]
        target = nodes.get(about.get(iri, ""))
        if target is None or "question" not in props:
            continue
        question = props["question"].replace("-", "_")
        for key, suffix in _VERDICT_ATTRIBUTES.items():
            if key in props:
                target["props"][question + suffix] = props[key]
        target["props"]["rubric_version"] = props.get("ruleVersion", "")
    relationships = [r for r in pg.relationships if r[0] not in derived]
    return PGGraph(nodes, relationships)


@ontology_cache
def jsonld_context() -> dict:
    """The published JSON-LD context (ontology/generated/context.jsonld, derived from the ontology)."""
    return {"@context": context()}


def _property_graph(graph: Graph) -> PGGraph:
    """The property graph of ``graph``, from the store's own N-Triples when it has them."""
    data = graph.native("nt") if isinstance(graph, ExportGraph) else None
    # Split on "\n" only: N-Triples escapes it in literals, not U+2028 and the like.
    return to_property_graph(graph if data is None else data.decode("utf-8").split("\n"))


EVIDENCE_LABELS = frozenset({"Quote", "SourceSection"})  # what --no-evidence leaves out of a network


def to_networkx(graph: Graph, evidence: bool = True, concepts: bool = False) -> nx.MultiDiGraph:
    """Nodes with their type and properties as attributes, relationships as typed edges.

    Without ``evidence`` the quotes and source sections (their nodes and edges) are left out: in
    the seed they are 161 of 412 nodes. With ``concepts`` a vocabulary term a relationship points
    at is labelled by its English preferred label and typed ``Concept`` (not ``char-recurrent``)."""
    pg = _fold_verdicts(_property_graph(graph))
    import networkx as nx

    out = nx.MultiDiGraph()
    left_out = set() if evidence else {iri for iri, node in pg.nodes.items() if EVIDENCE_LABELS & set(node["labels"])}
    names = _concept_names() if concepts else {}
    for iri, node in sorted(pg.nodes.items()):
        if iri in left_out:
            continue
        attrs = {"iri": iri, "type": ";".join(node["labels"]) or RESOURCE}
        for key, value in sorted(node["props"].items()):
            attrs[key] = "; ".join(map(str, value)) if isinstance(value, list) else value
        attrs["label"] = _display_label(node["props"], iri)
        out.add_node(iri, **attrs)
    for source, rel_type, target in pg.relationships:
        if source in left_out or target in left_out:
            continue
        if target not in out:
            if target in names:
                out.add_node(target, iri=target, type="Concept", label=names[target][0], notation=names[target][1])
            else:
                out.add_node(target, iri=target, type=RESOURCE, label=target.rsplit("/", 1)[-1])
        out.add_edge(source, target, key=rel_type, relationship=rel_type, label=rel_type)
    return out


@ontology_cache
def _concept_names() -> dict[str, tuple[str, str]]:
    """Concept IRI -> (English preferred label, notation), for every concept of the vocabularies."""
    from rdflib.namespace import SKOS

    from graphmap.model.vocabulary import ontology_graph, text_in

    g = ontology_graph()
    return {str(c): (text_in(g, c, SKOS.prefLabel, "en") or str(n), str(n)) for c, n in g.subject_objects(SKOS.notation)}


def _display_label(props: dict, iri: str) -> str:
    for key in sorted(props):
        if key.startswith("label_") or key.startswith("prefLabel_"):
            return props[key]
    return props.get("label") or props.get("identifier") or iri.rsplit("/", 1)[-1]


def check_out(fmt: str, out: Path | None) -> None:
    """Refuse, before anything is read or written, an ``--out`` the format cannot be written to:
    a folder for a file format, a file for ``csv`` (a folder of tables), a file in a missing folder."""
    if out is None:
        if fmt not in RDF_SYNTAXES:
            raise ConfigError(f"--format {fmt} writes a file (graphml, gexf) or a folder (csv): give --out")
        return
    name = f"--out {shown_name(out)}"
    if fmt == "csv":
        if out.exists() and not out.is_dir():
            raise ConfigError(f"{name}: is a file; --format csv writes a folder of tables: give a folder")
        return  # made, with its parents, if missing
    if out.is_dir():
        raise ConfigError(f"{name}: is a folder; --format {fmt} writes one file: give a file name")
    if not out.parent.is_dir():
        raise ConfigError(f"{name}: no folder {shown_name(out.parent)}; create it first")


def write_export(graph: Graph, fmt: str, out: Path | None, evidence: bool = True) -> str | None:
    """Serialise ``graph`` as ``fmt``: returns the text when ``out`` is None (RDF syntaxes only).
    Without ``evidence``, GraphML, GEXF and CSV leave quotes and source sections out."""
    check_out(fmt, out)
    try:
        return _write_export(graph, fmt, out, evidence)
    except OSError as exc:  # the file system refused (no space, no permission, read-only...)
        raise ConfigError(f"--out {shown_name(exc.filename or out)}: {exc.strerror or exc}") from None


def _write_export(graph: Graph, fmt: str, out: Path | None, evidence: bool = True) -> str | None:
    if fmt in RDF_SYNTAXES:
        data = graph.native(fmt) if isinstance(graph, ExportGraph) else None
        if data is None:  # a graph from Neo4j, or read and changed (pseudonymised): its terms, the same writer
            data = ox.serialize(_oxigraph_triples(graph), format=_OX_SYNTAXES[fmt], prefixes=PREFIXES)
        if fmt == "jsonld":  # Oxigraph writes expanded JSON-LD: compacted with the ontology's terms
            data = (json.dumps(compact(json.loads(data)), indent=1, ensure_ascii=False) + "\n").encode("utf-8")
        if out is None:
            return data.decode("utf-8")
        out.write_bytes(data)
        return None
    if fmt in ("graphml", "gexf"):
        import networkx as nx

        write = nx.write_graphml if fmt == "graphml" else nx.write_gexf
        write(to_networkx(graph, evidence, concepts=True), out)
    elif fmt == "csv":
        _write_csv(graph, out, evidence)
    else:
        raise ConfigError(f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    return None


_OX_SYNTAXES = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                "rdfxml": ox.RdfFormat.RDF_XML}


def _ox_term(value):
    """An rdflib term as Oxigraph's (a literal without datatype is an xsd:string)."""
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, Literal):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype or XSD.string)))
    return ox.BlankNode(str(value))


def _oxigraph_triples(graph: Graph):
    """An rdflib graph's triples as Oxigraph's, in rdflib's sorted order (the same graph, the same bytes).

    Every RDF export is written by Oxigraph's serialiser: rdflib's Turtle writer rewrote a
    literal such as "1"^^xsd:decimal as 1.0, so an export read from rdflib's graph (Neo4j's, a
    pseudonymised one) and one the embedded store wrote itself differed in their literals."""
    terms: dict = {}

    def term(value):
        try:
            return terms[value]
        except KeyError:
            pass
        made = terms[value] = _ox_term(value)
        return made

    return [ox.Triple(term(s), term(p), term(o)) for s, p, o in sorted(graph)]


def _write_csv(graph: Graph, folder: Path, evidence: bool = True) -> None:
    """One table per class (a row per node, a column per property) and relationships.csv."""
    pg = _fold_verdicts(_property_graph(graph))
    if not evidence:
        left_out = {iri for iri, node in pg.nodes.items() if EVIDENCE_LABELS & set(node["labels"])}
        pg = PGGraph({i: n for i, n in pg.nodes.items() if i not in left_out},
                     [r for r in pg.relationships if r[0] not in left_out and r[2] not in left_out])
    folder.mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[tuple[str, dict]]] = {}
    for iri, node in pg.nodes.items():
        for label in node["labels"] or [RESOURCE]:
            by_label.setdefault(label, []).append((iri, node["props"]))
    for label, nodes in sorted(by_label.items()):
        keys = sorted({k for _, props in nodes for k in props})
        with (folder / f"{label}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["iri", *keys])
            for iri, props in sorted(nodes):
                writer.writerow([iri, *("; ".join(map(str, v)) if isinstance(v, list) else v for v in (props.get(k, "") for k in keys))])
    with (folder / "relationships.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["source", "type", "target"])
        writer.writerows(pg.relationships)
