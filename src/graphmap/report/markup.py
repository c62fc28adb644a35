"""HTML building blocks of the reports: escaping, tables, embedded JSON, inline SVG bar charts,
and the page around them (its CSS and scripts inlined, so a report opens with no network).
"""

from __future__ import annotations

import json
from functools import cache
from html import escape
from pathlib import Path
from typing import Iterable, Sequence

__all__ = ["esc", "asset", "json_script", "inline_script", "page", "table", "badge", "sources", "ref",
           "refs", "bar_chart", "Bar"]

ASSETS = Path(__file__).resolve().parents[1] / "report_assets"


def esc(value) -> str:
    """Text of ``value`` escaped for HTML content and attribute values."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
    return escape(str(value), quote=True)


@cache
def asset(name: str) -> str:
    """A file of ``graphmap/report_assets`` as text."""
    return (ASSETS / name).read_text(encoding="utf-8")


def json_script(element_id: str, data) -> str:
    """``data`` as JSON in a ``<script type="application/json">`` block that cannot end early.

    ``<``, ``>`` and ``&`` are written as JSON escapes (``\\u003c``...), so no ``</script``, ``<!--``
    or ``<script`` can appear in the block, whatever the case's text says; ``JSON.parse`` reads them back.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{esc(element_id)}">{text}</script>'


def inline_script(code: str) -> str:
    lowered = code.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ValueError("script text would end its <script> element early")
    return f"<script>{code}</script>"


def page(title: str, lang: str, body: str, scripts: Sequence[str] = ()) -> str:
    """A whole, self-contained HTML document."""
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{esc(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="graphmap">',
        f"<title>{esc(title)}</title>",
        f"<style>{asset('report.css')}</style>",
        "</head>",
        "<body>",
        body,
        *scripts,
        "</body>",
        "</html>",
        "",
    ])


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "", row_classes: Sequence[str] | None = None,
          caption: str = "") -> str:
    """A table; ``headers`` are plain text (escaped here), the cells are HTML already escaped."""
    out = [f'<div class="table-wrap"><table class="{esc(cls)}">']
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{esc(h)}</th>' for h in headers) + "</tr></thead><tbody>")
    for i, row in enumerate(rows):
        klass = f' class="{esc(row_classes[i])}"' if row_classes and row_classes[i] else ""
        out.append(f"<tr{klass}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def badge(text: str, kind: str) -> str:
    return f'<span class="badge b-{esc(kind)}">{esc(text)}</span>'


def sources(numbers: Iterable[str], titles: dict[str, str]) -> str:
    """Section numbers as ``§n`` marks, the section's title on hover."""
    return " ".join(
        f'<span class="src" title="{esc(titles.get(n, ""))}">§{esc(n)}</span>' for n in numbers
    )


def ref(entity: str, labels: dict[str, str]) -> str:
    """A fact of the case by its label; clicking it shows it in the graph."""
    label = labels.get(entity, entity)
    return f'<a class="ref" href="#graph" data-node="{esc(entity)}" title="{esc(entity)}">{esc(label)}</a>'


def refs(entities: Iterable[str], labels: dict[str, str]) -> str:
    return ", ".join(ref(e, labels) for e in entities)


class Bar:
    """One bar of a chart: a label and its segments (value, css colour, legend name)."""

    def __init__(self, label: str, segments: Sequence[tuple[float, str, str]], note: str = ""):
        self.label, self.segments, self.note = label, list(segments), note


def bar_chart(title: str, bars: Sequence[Bar], legend: Sequence[tuple[str, str]] = (), maximum: float | None = None,
              ticks: Sequence[tuple[float, str]] = ()) -> str:
    """A horizontal (stacked) bar chart as inline SVG: one row per bar, a legend below."""
    label_w, chart_w, right, row_h, top = 300, 560, 170, 26, 10
    total = max([sum(v for v, _, _ in b.segments) for b in bars] + [maximum or 0, 1])
    height = top + row_h * len(bars) + (24 if ticks else 8)
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {label_w + chart_w + right} {height}" '
             f'width="{label_w + chart_w + right}" height="{height}"><title>{esc(title)}</title>']
    for value, text in ticks:
        x = label_w + chart_w * value / total
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + row_h * len(bars)}" class="tick"/>'
                     f'<text x="{x:.1f}" y="{height - 6}" class="tick-label" text-anchor="middle">{esc(text)}</text>')
    for i, bar in enumerate(bars):
        y = top + i * row_h
        label = bar.label if len(bar.label) <= 44 else bar.label[:43] + "…"
        parts.append(f'<text x="{label_w - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end" class="bar-label">'
                     f'<title>{esc(bar.label)}</title>{esc(label)}</text>')
        x = float(label_w)
        for value, colour, name in bar.segments:
            if value <= 0:
                continue
            width = chart_w * value / total
            parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="{row_h - 8}" fill="{esc(colour)}">'
                         f'<title>{esc(name)}: {esc(value)}</title></rect>')
            x += width
        note = bar.note or sum(v for v, _, _ in bar.segments)
        parts.append(f'<text x="{x + 6:.1f}" y="{y + row_h / 2 + 4:.1f}" class="bar-value">{esc(note)}</text>')
    parts.append("</svg>")
    if legend:
        parts.append('<p class="chart-legend">' + " ".join(
            f'<span><i style="background:{esc(colour)}"></i>{esc(name)}</span>' for name, colour in legend) + "</p>")
    return '<figure class="chart-box">' + "".join(parts) + "</figure>"
