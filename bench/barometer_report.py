"""Benchmark of the barometer report at scale (issue 21, the reports): for each number of
synthetic cases (graphmap synth, realistic shape), the time to load them into an embedded store
(100 files per load), the time of render_barometer_report, the size of the HTML file, and the
time of a headless Chromium rendering (a screenshot at 1,000 x 1,400 px, when chromium is
installed).

    python bench/barometer_report.py [--cases 100,1000] [--out PATH]

It prints a table and writes the figures as JSON (default
bench/results/<date>-barometer-report.json), with the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="100,1000")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / f"{datetime.date.today()}-barometer-report.json")
    args = parser.parse_args()

    from graphmap.intake.load import load_cases
    from graphmap.outputs.report import render_barometer_report
    from graphmap.stores import EmbeddedStore
    from graphmap.synth import write_barometer

    figures = {"machine": f"{platform.system()} {platform.machine()}", "python": sys.version.split()[0], "load_before": os.getloadavg(), "runs": []}
    print(f"{'cases':>6} {'load s':>8} {'render s':>9} {'KiB':>7} {'chromium s':>11}")
    for n in [int(x) for x in args.cases.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp)
            files = sorted(write_barometer(n, 1, base / "cases"))
            with EmbeddedStore(base / "store") as store:
                start = time.perf_counter()
                for i in range(0, len(files), 100):
                    load_cases(files[i:i + 100], store)
                loaded = time.perf_counter() - start
                start = time.perf_counter()
                html = render_barometer_report(store, "fr")
                rendered = time.perf_counter() - start
            page = base / "barometer.html"
            page.write_text(html, encoding="utf-8")
            browser = None
            if shutil.which("chromium"):
                start = time.perf_counter()
                subprocess.run([str(ROOT / "scripts" / "browser-screenshot"), str(page), str(base / "shot.png"),
                                "--size", "1000x1400"], check=True, capture_output=True)
                browser = time.perf_counter() - start
            run = {"cases": n, "load_s": round(loaded, 1), "render_s": round(rendered, 1),
                   "size_kib": round(page.stat().st_size / 1024), "chromium_s": round(browser, 1) if browser else None}
            figures["runs"].append(run)
            print(f"{n:>6} {run['load_s']:>8} {run['render_s']:>9} {run['size_kib']:>7} {run['chromium_s'] or '-':>11}")
    figures["load_after"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
