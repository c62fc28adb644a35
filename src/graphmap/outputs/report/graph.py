"""The data of a case report's interactive graph, built from the exported case graph.

Every node of ``to_networkx(export_graph(store, case))`` becomes a node of the drawing except
the source sections and the quotes: they are folded into the panel of the nodes that rest on
them (a ``SOURCE`` edge to a section, a ``HAS_QUOTE`` edge to a quote), so the drawing shows the
facts and their links, and a click shows where each fact comes from.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from graphmap.model.vocabulary import GMV
from graphmap.outputs.report.texts import concept_iri_labels, property_label, relation_label, value_text

__all__ = ["graph_data", "pick", "FOLDED", "TYPE_COLOURS", "KINDS", "HIDDEN_KINDS", "kind_of"]

SECTION, QUOTE = "SourceSection", "Quote"
FOLDED = (SECTION, QUOTE)
SOURCE_EDGE, QUOTE_EDGE = "SOURCE", "HAS_QUOTE"
CONCEPT, EXTERNAL = "Concept", "External"

TYPE_COLOURS = {  # kept for the callers that colour by class; the drawing colours by KIND
    "Study": "#343a40", "Organisation": "#1e3a8a", "Unit": "#4dabf7", "Site": "#a5d8ff",
    "Role": "#7b2cbf", "Post": "#da77f2", "Task": "#0b7285", "AITool": "#e8590c", "Capsule": "#ffa94d",
    "Tool": "#a9744f", "Usage": "#2b8a3e", "NonUsage": "#c92a2a", "NonUsageReason": "#ff8787",
    "Constraint": "#5f3dc4", "NonAIImprovement": "#94d82d", "Risk": "#e64980", "SuccessCondition": "#38d9a9",
    "Recommendation": "#15aabf", "CulturalBrake": "#f59f00", "Lesson": "#74b816", "SupportMeasure": "#3b5bdb",
    "MaturityAssessment": "#364fc7", "MaturityIndicator": "#91a7ff", CONCEPT: "#ced4da", EXTERNAL: "#868e96",
}

# The drawing colours a node by its kind, a handful of families a reader tells apart at a glance
# (colour-blind-safe hues, Okabe & Ito), not by its class (23 classes were 23 near-identical blues).
# The panel still names the node's class. The vocabulary (SKOS concepts, external classifications)
# is hidden until the reader asks for it.
KINDS = {
    "organisation": ("#56b4e9", ("Study", "Organisation", "Unit", "Site")),
    "people": ("#0072b2", ("Role", "Post")),
    "task": ("#009e73", ("Task",)),
    "tool": ("#e69f00", ("AITool", "Capsule", "Tool", "Product")),
    "usage": ("#cc79a7", ("Usage",)),
    "nonusage": ("#d55e00", ("NonUsage", "NonUsageReason", "CulturalBrake")),
    "condition": ("#8c6d1f", ("Constraint", "Risk", "SuccessCondition", "NonAIImprovement")),
    "guidance": ("#6a3d9a", ("Recommendation", "Lesson", "SupportMeasure", "MaturityAssessment", "MaturityIndicator")),
    "vocabulary": ("#b0b7c0", (CONCEPT, EXTERNAL)),
}
HIDDEN_KINDS = ("vocabulary",)
_KIND_OF = {t: kind for kind, (_, types) in KINDS.items() for t in types}


def kind_of(group: str) -> str:
    """The kind of a node of class ``group`` (a class the table does not know: guidance)."""
    return _KIND_OF.get(group, "guidance")


def pick(attrs: dict | None, base: str, lang: str):
    """The property ``base_<lang>`` of a node, else ``base`` in another language, else ``base``."""
    if not attrs:
        return None
    if f"{base}_{lang}" in attrs:
        return attrs[f"{base}_{lang}"]
    for key in sorted(attrs):
        if key.startswith(base + "_"):
            return attrs[key]
    return attrs.get(base)


def _group(iri: str, attrs: dict) -> str:
    types = [t for t in str(attrs.get("type", "")).split(";") if t and t != "Resource"]
    if not types:
        return CONCEPT if iri.startswith(str(GMV)) or iri in concept_iri_labels("en") else EXTERNAL  # a barometer's too
    if len(types) == 1:
        return types[0]
    # the most specific of several labels: the one with a colour of its own, else the first
    known = [t for t in types if t in TYPE_COLOURS]
    return known[-1] if known else types[0]


def graph_data(graph: nx.MultiDiGraph, lang: str, start: str | None = None) -> dict:
    """Nodes, edges and colours for the drawing; node ``ident`` is the entity id of the case.

    ``start`` is the IRI of the node the panel shows first (the case's organisation).
    """
    groups = {iri: _group(iri, attrs) for iri, attrs in graph.nodes(data=True)}
    kept = sorted(iri for iri in graph.nodes if not set(str(graph.nodes[iri].get("type", "")).split(";")) & set(FOLDED))
    index = {iri: f"n{i}" for i, iri in enumerate(kept)}
    concepts = concept_iri_labels(lang)

    def section_of(iri: str) -> list[list[str]]:
        out = []
        for _, target, key in graph.out_edges(iri, keys=True):
            if key == SOURCE_EDGE and SECTION in str(graph.nodes[target].get("type", "")):
                attrs = graph.nodes[target]
                out.append([str(attrs.get("sectionNumber") or attrs.get("label")), str(pick(attrs, "title", lang) or "")])
        return sorted(out, key=lambda s: _section_key(s[0]))

    nodes = []
    for iri in kept:
        attrs = graph.nodes[iri]
        group = groups[iri]
        label = concepts.get(iri) if group == CONCEPT else None
        label = label or pick(attrs, "label", lang) or attrs.get("label") or iri.rsplit("/", 1)[-1]
        quotes = []
        for _, target, key in graph.out_edges(iri, keys=True):
            if key == QUOTE_EDGE:
                text = pick(graph.nodes[target], "quoteText", lang)
                if text:
                    quotes.append([str(text), [s[0] for s in section_of(target)]])
        props = _properties(attrs, lang)
        nodes.append({
            "id": index[iri], "iri": iri, "ident": str(attrs.get("identifier") or ""), "label": str(label),
            "type": group, "kind": kind_of(group), "props": props,
            "sections": section_of(iri), "quotes": sorted(quotes),
        })
    edges = []
    for source, target, key in sorted(graph.edges(keys=True)):
        if source in index and target in index:
            edges.append({"id": f"e{len(edges)}", "source": index[source], "target": index[target], "rel": key})
    counts = Counter(n["type"] for n in nodes)
    kinds = Counter(n["kind"] for n in nodes)
    return {"nodes": nodes, "edges": edges, "colours": {k: KINDS[k][0] for k in KINDS if kinds[k]},
            "counts": dict(sorted(counts.items())), "kinds": [[k, kinds[k]] for k in KINDS if kinds[k]],
            "hidden": [k for k in HIDDEN_KINDS if kinds[k]],
            "rels": {rel: relation_label(rel, lang) for rel in sorted({e["rel"] for e in edges})},
            "start": index.get(start or "")}


def _properties(attrs: dict, lang: str) -> list[list[str]]:
    """A node's properties for its panel: [name, value] pairs, named in ``lang`` (``aiGovernance_fr``
    -> "gouvernance de l'IA" or "AI governance"); of a text given in several languages, the one in
    ``lang`` (else those there are, as the case wrote them). The label is the panel's heading."""
    by_base: dict[str, dict[str | None, object]] = {}
    for key, value in attrs.items():
        if key in ("iri", "type", "label") or key.startswith("label_") or value is None or value == "":
            continue
        base, _, suffix = key.rpartition("_")
        if base and len(suffix) == 2 and suffix.isalpha() and suffix.islower():
            by_base.setdefault(base, {})[suffix] = value
        else:
            by_base.setdefault(key, {})[None] = value
    out = []
    for base, values in by_base.items():
        chosen = [values[lang]] if lang in values else [values[k] for k in sorted(values, key=str)]
        name = property_label(base, lang)
        for value in chosen:
            out.append([name, value_text(value, lang)])
    return sorted(out, key=lambda p: (p[0].casefold(), p[1]))


def _section_key(number: str):
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in number.split("."))
