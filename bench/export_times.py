"""Export timings: cold (one browser per image) vs warm (one shared browser), and an 8-chart deck.

Run: ``.venv/bin/python bench/export_times.py [--repeat 5]`` from the repository root.
Prints a Markdown table; numbers are wall-clock seconds on this machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.catalog import build_chart, chart_names
from analysis.data.filters import EventFilter
from analysis.data.freshness import data_as_of
from analysis.data.loader import load_dataset
from analysis.data.provenance import short_citation
from analysis.export import browser
from analysis.export import formats as export
from analysis.export.briefing import build_deck
from analysis.export.footer import add_footer

FORMATS = ("png", "svg", "pdf")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="warm renders per format (median reported)")
    parser.add_argument("--cold", type=int, default=2, help="cold renders per format (median reported)")
    args = parser.parse_args()
    ok, reason = browser.static_export_available()
    if not ok:
        print(reason, file=sys.stderr)
        return 1
    data = load_dataset()
    selection = EventFilter()
    result = build_chart("events-per-year", data, selection)
    fig = add_footer(result.figure, data_as_of(data.events), selection.describe(),
                            short_citation(data.sources, result.source_ids))
    width, height = export.SIZES["slide"]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    print("| format | cold, s (median) | warm first incl. start, s | warm steady, s (median) | bytes |")
    print("|---|---|---|---|---|")
    for fmt in FORMATS:
        scale = 2 if fmt == "png" else 1
        cold = [timed(lambda f=fmt, s=scale: browser.static_bytes(fig, f, width, height, s, warm=False))
                for _ in range(args.cold)]
        browser.stop_warm_browser()
        first = timed(lambda f=fmt, s=scale: browser.static_bytes(fig, f, width, height, s))
        steady = [timed(lambda f=fmt, s=scale: browser.static_bytes(fig, f, width, height, s))
                  for _ in range(args.repeat)]
        size = len(browser.static_bytes(fig, fmt, width, height, scale))
        print(f"| {fmt}{' 2x' if scale == 2 else ''} {width}x{height} | {statistics.median(cold):.2f} | "
              f"{first:.2f} | {statistics.median(steady):.3f} | {size:,} |")
    names = []
    for name in chart_names():
        try:
            build_chart(name, data, selection)
            names.append(name)
        except Exception as exc:  # another module mid-edit must not stop the benchmark
            print(f"(left out {name}: {type(exc).__name__}: {exc})", file=sys.stderr)
    deck = (names * 8)[:8]
    print(f"\n8-chart deck ({', '.join(deck)}), all events, bundled data:")
    for fmt in ("pptx", "pdf"):
        browser.stop_warm_browser()
        cold_start = timed(lambda f=fmt: build_deck(data, selection, deck, "Bench", "UNCLASSIFIED", f))
        warm = timed(lambda f=fmt: build_deck(data, selection, deck, "Bench", "UNCLASSIFIED", f))
        print(f"- {fmt}: {cold_start:.2f} s including the browser start, {warm:.2f} s with the browser warm")
    browser.stop_warm_browser()
    return 0


if __name__ == "__main__":
    sys.exit(main())
