"""Time the map in Chromium: open -> painted, for markers vs the density grid and for the real page.

Usage (from the repository root; takes a few minutes)::

    .venv/bin/python -m bench.map_render               # figure HTML + Streamlit page, 3 runs each
    .venv/bin/python -m bench.map_render --only html   # just the self-contained figure HTML

``html``: the map figure (Southwest view, curated sites and lines) with N synthetic
events, saved as self-contained HTML (plotly.js inlined) and opened from file; the
time is ``performance.now()`` two animation frames after ``Plotly.newPlot`` resolves.
``page``: ``streamlit run`` on a copy of ``data/`` whose events.csv gets N synthetic
rows; the time runs from ``page.goto`` until the map's traces are in the DOM and the
script run has finished (server cache warmed by a first visit).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analysis.data.geo import load_geo  # noqa: E402
from analysis.data.loader import load_dataset  # noqa: E402
from analysis.features.mapfig import map_figure  # noqa: E402
from analysis.features.names import named_places  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_until_idle  # noqa: E402

PAINTED = "requestAnimationFrame(() => requestAnimationFrame(() => { window.__painted = performance.now(); }));"
# One zoom step, as a user's scroll would do: how long until the map is redrawn.
ZOOM = """async () => { const gd = document.querySelector('.js-plotly-plot'); const t = performance.now();
  await Plotly.relayout(gd, {'xaxis.range': [123, 128], 'yaxis.range': [24, 28]});
  return performance.now() - t; }"""
PLOT = '[data-testid="stPlotlyChart"] .js-plotly-plot .scatterlayer .trace'


def synthetic(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` valid curated-format events scattered over the Southwest box (region east_china_sea)."""
    rng = np.random.default_rng(seed)
    cats = ["military_exercise", "maritime_grey_zone", "military_incident", "force_posture", "statement"]
    return pd.DataFrame({
        "event_id": [f"bench-{i}" for i in range(n)], "date": "2026-06-01", "date_precision": "day",
        "end_date": "", "title": [f"Synthetic event {i}" for i in range(n)], "summary": "Synthetic (benchmark).",
        "category": rng.choice(cats, n), "actors": "CHN;JPN", "initiator": "CHN", "target": "JPN", "location": "",
        "lat": rng.uniform(23.5, 31.0, n).round(4), "lon": rng.uniform(121.5, 131.0, n).round(4),
        "region": "east_china_sea", "goldstein": rng.uniform(-9, 5, n).round(1), "responds_to": "",
        "source_ids": "src-wikipedia-20261125-kadena-air-base", "confidence": "low",
    })


def time_html(browser, n: int, marker_limit: float, folder: Path, runs: int) -> tuple[list[float], list[float]]:
    data = load_dataset(REPO / "data")
    geo = load_geo(sources=data.sources)
    events = synthetic(n).assign(date=pd.Timestamp("2026-06-01"))
    sites, points = named_places(data.sites, geo.points, data.names)  # as every map names places
    fig = map_figure(geo.land, geo.lines, points, sites, events, sources=data.sources, marker_limit=marker_limit)
    path = folder / f"map-{n}-{marker_limit}.html"
    fig.write_html(path, include_plotlyjs=True, post_script=PAINTED)
    times, relayouts = [], []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(path.as_uri())
        page.wait_for_function("() => window.__painted !== undefined", timeout=120_000)
        times.append(page.evaluate("() => window.__painted") / 1000)
        relayouts.append(page.evaluate(ZOOM) / 1000)
        page.close()
    return times, relayouts


def time_page(browser, data_dir: Path | None, runs: int) -> list[float]:
    times = []
    with streamlit_server(data_dir) as base:
        warm = browser.new_page()
        warm.goto(base + "/Map")
        warm.wait_for_selector(PLOT, timeout=300_000)
        warm.close()
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            start = time.perf_counter()
            page.goto(base + "/Map")
            page.wait_for_selector(PLOT, timeout=120_000)
            wait_until_idle(page)
            times.append(time.perf_counter() - start)
            page.close()
    return times


def data_copy(folder: Path, n: int) -> Path:
    target = folder / f"data-{n}"
    shutil.copytree(REPO / "data", target, ignore=shutil.ignore_patterns("_parts"))
    if n:
        synthetic(n).to_csv(target / "events.csv", mode="a", header=False, index=False)
    return target


def report(label: str, times: list[float]) -> None:
    print(f"{label:<52} median {statistics.median(times):6.2f} s  runs {', '.join(f'{t:.2f}' for t in times)}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["html", "page"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        folder = Path(tmp)
        if args.only in (None, "html"):
            for n in (1_000, 2_000, 5_000, 10_000, 20_000, 100_000):
                opened, zoomed = time_html(browser, n, float("inf"), folder, args.runs)
                report(f"html, {n:>7,} events, one marker each: open", opened)
                report(f"html, {n:>7,} events, one marker each: zoom", zoomed)
            for n in (10_000, 100_000):
                opened, zoomed = time_html(browser, n, 0, folder, args.runs)
                report(f"html, {n:>7,} events, density grid: open", opened)
                report(f"html, {n:>7,} events, density grid: zoom", zoomed)
        if args.only in (None, "page"):
            report("page, curated data", time_page(browser, None, args.runs))
            for n in (10_000, 100_000):
                report(f"page, curated + {n:,} synthetic events", time_page(browser, data_copy(folder, n), args.runs))
        browser.close()


if __name__ == "__main__":
    main()
