"""The templates of the reports: their Jinja2 environment, what the templates may call, and the
geometry of the inline SVG bar charts.

The HTML itself is in ``graphmap/outputs/templates/report`` (``base.html.j2`` the page, ``macros.html.j2``
the building blocks: table, badge, sources, ref, refs, bar chart). The environment escapes every
value (``autoescape``): the reports' Python side hands plain data (strings, numbers, lists, dicts)
to the templates, never HTML, and data is never compiled as a template, so a case's text shows
as written whatever it holds (``<script>``, quotes, ``{{ }}``...). Only three kinds of text go
into the page unescaped, each checked first: the style sheet and the scripts of
``graphmap/outputs/report_assets`` (which must not end their element early) and the JSON data blocks
(``json_data``, whose ``<``, ``>`` and ``&`` are written as JSON escapes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["render", "environment", "asset", "json_data", "inline_asset", "Bar", "bar_chart"]

PACKAGE = Path(__file__).resolve().parents[1]
ASSETS = PACKAGE / "report_assets"
TEMPLATES = PACKAGE / "templates" / "report"


def shown(value):
    """How a ``{{ value }}`` of the templates is written: None as nothing, a float with at most two
    decimals and no trailing zero (``2.0`` -> ``2``, ``0.667`` -> ``0.67``), anything else as is."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
    return value


@cache
def environment() -> Environment:
    """The environment of the report templates: every value escaped (all these templates are
    HTML), an undefined name an error rather than an empty string."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=shown,
    )
    env.filters["json_data"] = json_data
    env.globals["inline_asset"] = inline_asset
    return env


def render(template: str, **data) -> str:
    """The template ``template`` of ``graphmap/outputs/templates/report`` filled with ``data``."""
    return environment().get_template(template).render(**data)


@cache
def asset(name: str) -> str:
    """A file of ``graphmap/outputs/report_assets`` as text."""
    return (ASSETS / name).read_text(encoding="utf-8")


def inline_asset(name: str, element: str) -> Markup:
    """The text of the asset ``name`` to write inside a ``<script>`` or ``<style>`` element
    (``element``), refused if it would end that element early."""
    code = asset(name)
    lowered = code.lower()
    if f"</{element}" in lowered or "<!--" in lowered:
        raise ValueError(f"{name} would end its <{element}> element early")
    return Markup(code)


def json_data(data) -> Markup:
    """``data`` as JSON for a ``<script type="application/json">`` block that cannot end early.

    ``<``, ``>`` and ``&`` are written as JSON escapes (``\\u003c``...), so no ``</script``, ``<!--``
    or ``<script`` can appear in the block, whatever the case's text says; ``JSON.parse`` reads them
    back. Only then is the text marked safe, so that the template writes it as it is.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@dataclass
class Bar:
    """One bar of a chart: a label and its segments (value, css colour, legend name); ``note`` is
    written after the bar (default: the sum of its values)."""

    label: str
    segments: Sequence[tuple[float, str, str]]
    note: str = ""


# widths of the label column, the bars and the space after them; height of a row; top margin
LABEL_W, CHART_W, RIGHT, ROW_H, TOP = 300, 560, 170, 26, 10


def bar_chart(title: str, bars: Sequence[Bar], legend: Sequence[tuple[str, str]] = (), maximum: float | None = None,
              ticks: Sequence[tuple[float, str]] = ()) -> dict:
    """A horizontal (stacked) bar chart laid out for the ``bar_chart`` macro: one row per bar,
    ticks, a legend below; positions in SVG units."""
    total = max([sum(v for v, _, _ in b.segments) for b in bars] + [maximum or 0, 1])
    bottom = TOP + ROW_H * len(bars)
    height = bottom + (24 if ticks else 8)
    rows = []
    for i, bar in enumerate(bars):
        y = TOP + i * ROW_H
        x = float(LABEL_W)
        rects = []
        for value, colour, name in bar.segments:
            if value <= 0:
                continue
            width = CHART_W * value / total
            rects.append({"x": x, "y": y + 4, "width": width, "height": ROW_H - 8, "colour": colour,
                          "name": name, "value": value})
            x += width
        rows.append({
            "label": bar.label, "short": bar.label if len(bar.label) <= 44 else bar.label[:43] + "…",
            "label_x": LABEL_W - 8, "text_y": y + ROW_H / 2 + 4, "rects": rects,
            "note": bar.note or sum(v for v, _, _ in bar.segments), "note_x": x + 6,
        })
    return {
        "title": title, "width": LABEL_W + CHART_W + RIGHT, "height": height,
        "ticks": [{"x": LABEL_W + CHART_W * value / total, "text": text} for value, text in ticks],
        "tick_top": TOP - 4, "tick_bottom": bottom, "tick_text_y": height - 6,
        "bars": rows, "legend": [{"name": name, "colour": colour} for name, colour in legend],
    }
