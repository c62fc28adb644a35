"""HTML reports: one case (``render_case_report``) or every loaded case (``render_barometer_report``).

Each report is one self-contained HTML document: its CSS, its data (JSON) and the vendored
Cytoscape.js (``graphmap/outputs/report_assets``) are inlined, so it opens with no network. Every
figure comes from the named queries; fixed texts exist in French and English. The HTML is
written by autoescaped Jinja2 templates (``graphmap/outputs/templates/report``, see ``markup``).
"""

from __future__ import annotations

from graphmap.outputs.report.barometer import render_barometer_report
from graphmap.outputs.report.case import render_case_report

__all__ = ["render_case_report", "render_barometer_report"]
