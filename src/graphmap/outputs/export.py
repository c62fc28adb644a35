"""Export loaded cases: RDF syntaxes for researchers, GraphML/GEXF for Gephi and Cytoscape,
CSV tables for spreadsheets. Works from either store.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import networkx as nx
from rdflib import Graph

from graphmap.errors import ConfigError, StoreError, shown_name
from graphmap.model.pgmapping import RESOURCE, PGGraph, to_property_graph
from graphmap.resources import data_dir
from graphmap.model.vocabulary import PREFIXES

__all__ = ["EXPORT_FORMATS", "check_out", "export_graph", "write_export", "jsonld_context", "to_networkx"]

RDF_SYNTAXES = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
EXPORT_FORMATS = (*RDF_SYNTAXES, "graphml", "gexf", "csv")


def export_graph(store, case: str | None = None, verdicts: bool = False) -> Graph:
    """The RDF graph of one case, or of every case, as the store holds it; with ``verdicts``,
    their derived graphs too (derive.py)."""
    cases = store.cases()
    if case is not None and case not in cases:
        raise StoreError(f"no case {case!r} in the store at {store.location}; loaded: {', '.join(cases) or 'none'}")
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    for key in [case] if case else cases:
        graph += store.export_case(key)
        if verdicts:
            graph += store.export_case(key, derived=True)
    return graph


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


@cache
def jsonld_context() -> dict:
    """The published JSON-LD context (ontology/context.jsonld)."""
    return json.loads((data_dir("ontology") / "context.jsonld").read_text(encoding="utf-8"))


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Nodes with their type and properties as attributes, relationships as typed edges."""
    pg = _fold_verdicts(to_property_graph(graph))
    out = nx.MultiDiGraph()
    for iri, node in sorted(pg.nodes.items()):
        attrs = {"iri": iri, "type": ";".join(node["labels"]) or RESOURCE}
        for key, value in sorted(node["props"].items()):
            attrs[key] = "; ".join(map(str, value)) if isinstance(value, list) else value
        attrs["label"] = _display_label(node["props"], iri)
        out.add_node(iri, **attrs)
    for source, rel_type, target in pg.relationships:
        if target not in out:
            out.add_node(target, iri=target, type=RESOURCE, label=target.rsplit("/", 1)[-1])
        out.add_edge(source, target, key=rel_type, relationship=rel_type, label=rel_type)
    return out


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


def write_export(graph: Graph, fmt: str, out: Path | None) -> str | None:
    """Serialise ``graph`` as ``fmt``: returns the text when ``out`` is None (RDF syntaxes only)."""
    check_out(fmt, out)
    try:
        return _write_export(graph, fmt, out)
    except OSError as exc:  # the file system refused (no space, no permission, read-only...)
        raise ConfigError(f"--out {shown_name(exc.filename or out)}: {exc.strerror or exc}") from None


def _write_export(graph: Graph, fmt: str, out: Path | None) -> str | None:
    if fmt in RDF_SYNTAXES:
        if fmt == "jsonld":
            text = graph.serialize(format="json-ld", context=jsonld_context()["@context"], indent=2, sort_keys=True)
        else:
            text = graph.serialize(format=RDF_SYNTAXES[fmt])
        if out is None:
            return text
        out.write_text(text, encoding="utf-8")
        return None
    if fmt == "graphml":
        nx.write_graphml(to_networkx(graph), out)
    elif fmt == "gexf":
        nx.write_gexf(to_networkx(graph), out)
    elif fmt == "csv":
        _write_csv(graph, out)
    else:
        raise ConfigError(f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    return None


def _write_csv(graph: Graph, folder: Path) -> None:
    """One table per class (a row per node, a column per property) and relationships.csv."""
    pg = _fold_verdicts(to_property_graph(graph))
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
