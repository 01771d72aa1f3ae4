"""Benchmark: ``.venv/bin/python bench/run.py`` prints one ``name=value`` line per figure.

Browser figures are ratios against a bare one-chart Streamlit app (the same
sidebar page links and Countries box, bench/paint.py) started the same way in
the same run (the machine's noise cancels). Engine figures time filter
(date + 3 actors + 4 categories) plus the weekly count by category on
synthetic events. See docs/bench.md for what each line means.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import psutil  # noqa: E402

from analysis import clock  # noqa: E402
from analysis.data.filters import EventFilter  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGE_PATHS,
    streamlit_process,
    wait_until_idle,
)

SELECTION = EventFilter(("JPN", "CHN", "TWN"), dt.date(2015, 1, 1), dt.date(2024, 12, 31),
                        ("statement", "diplomatic", "military_incident", "force_posture"))
CHART = '[data-testid="stPlotlyChart"] .main-svg'
PAINTED = f"() => !!document.querySelector('{CHART} .trace')"
MARK = f"() => {{ const s = document.querySelector('{CHART}'); window.__before = s ? s.innerHTML : ''; }}"
CHANGED = (f"() => {{ const s = document.querySelector('{CHART}'); "
           "return !!s && !!s.querySelector('.trace') && s.innerHTML !== window.__before; }")
# The 1M-event server: the shared store read through ui.imported, aggregated as pages should do it.
STORE_APP = '''import plotly.graph_objects as go
import streamlit as st

import ui
from ui.imported import event_store

ctx = ui.setup_page("Store probe")  # draws the "Show imported events" toggle too
st.title("Imported events")
store = event_store()
counts = store.counts_by_period(ctx.selection, "MS")
st.metric("Imported events (filtered)", store.count(ctx.selection))
fig = go.Figure([go.Bar(x=part["period"], y=part["events"], name=cat) for cat, part in counts.groupby("category")])
fig.update_layout(barmode="stack")
st.plotly_chart(fig, key="chart")
st.dataframe(store.page(ctx.selection, 500), hide_index=True)
'''


def emit(name: str, value: float | int | str, digits: int = 3) -> None:
    """Print one ``name=value`` line now (a long run shows progress)."""
    text = f"{value:.{digits}f}" if isinstance(value, float) else str(value)
    print(f"{name}={text}", flush=True)


def median_time(func: Callable[[], object], repeats: int) -> float:
    func()  # warm-up: first call pays for imports and caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- server-side engines -------------------------------------------------------------------------

def query_timings(folder: Path, label: str, repeats: int) -> None:
    """The query layer (Ibis on DuckDB over the Parquet store): filter + weekly count, a page, the grid."""
    from analysis.query.engine import open_duckdb

    engine = open_duckdb(folder)
    emit(f"filter_{label}_ms", median_time(lambda: engine.counts_by_period(SELECTION, "W"), repeats) * 1000, 1)
    emit(f"page_{label}_ms", median_time(lambda: engine.page(SELECTION, 500), repeats) * 1000, 1)
    middle = engine.page(SELECTION, 500, (dt.date(2019, 6, 30), "gdelt-~"))
    cursor = (middle["date"].iloc[-1].date(), middle["event_id"].iloc[-1])
    emit(f"page_keyset_{label}_ms", median_time(lambda: engine.page(SELECTION, 500, cursor), repeats) * 1000, 1)
    emit(f"grid_{label}_ms", median_time(lambda: engine.grid_counts(SELECTION, 0.25), max(3, repeats // 3)) * 1000, 1)
    emit(f"query_rss_{label}_mb", psutil.Process().memory_info().rss / 2**20, 0)


def engines(workdir: Path) -> Path:
    """Query timings on a 1e6-event store; return its folder (the browser probe reads it)."""
    from bench.feeds import build_store

    folder = build_store(workdir / "store", 1_000_000)
    query_timings(folder, "1e6", 9)
    return folder


def feed_figures(browser, workdir: Path, with_5e7: bool) -> None:
    """Issue 12: import speed and memory (CLI), queries at 1e7 (and 5e7), server RSS with the 1e7 store."""
    from bench.feeds import build_store, run_cli_import, write_acled_file, write_gdelt_file

    gdelt = write_gdelt_file(workdir / "gdelt_1e6.export.CSV", 1_000_000)
    wall, peak, line = run_cli_import(gdelt, workdir / "import_store")
    print(f"# {line}", flush=True)
    emit("import_rows_per_s", int(1_000_000 / wall))
    emit("import_1e6_peak_rss_mb", peak, 0)
    gdelt.unlink()
    acled = write_acled_file(workdir / "acled_2e6.csv", 1_999_999)  # + header = 2,000,000 lines
    wall, peak, line = run_cli_import(acled, workdir / "import_store2")
    print(f"# {line}", flush=True)
    emit("import_peak_rss_mb", peak, 0)
    emit("import_2e6_lines_s", wall, 1)
    acled.unlink()
    shutil.rmtree(workdir / "import_store", ignore_errors=True)
    shutil.rmtree(workdir / "import_store2", ignore_errors=True)
    folder = build_store(workdir / "store_1e7", 10_000_000)
    query_timings(folder, "1e7", 9)
    blocked: list[str] = []
    with server(REPO / "app.py", {"NANSEI_STORE_DIR": str(folder)}) as (base, proc):
        context, page = new_page(browser, base, blocked)
        emit("cold_open_1e7_s", cold_open(page, base + "/?imported=true"), 2)
        time.sleep(1.0)
        emit("server_rss_1e7_mb", proc.memory_info().rss / 2**20, 0)
        for path in ("Events", "Map"):
            page.goto(f"{base}/{path}?imported=true")
            wait_until_idle(page)
        time.sleep(1.0)
        emit("server_rss_1e7_all_pages_mb", proc.memory_info().rss / 2**20, 0)
        context.close()
    emit("outside_requests_1e7", len(blocked))
    shutil.rmtree(folder, ignore_errors=True)
    free_gb = shutil.disk_usage(workdir).free / 2**30
    if not with_5e7:
        emit("filter_5e7_ms", "skipped (pass --with-5e7: building the store spills ~25 GB of temp disk and "
                              "takes over 30 minutes on 2 busy cores)")
    elif free_gb < 30:
        emit("filter_5e7_ms", f"skipped ({free_gb:.1f} GB free disk, need 30 for the build's spill)")
    else:
        folder = build_store(workdir / "store_5e7", 50_000_000)
        query_timings(folder, "5e7", 5)
        shutil.rmtree(folder, ignore_errors=True)


# --- browser ---------------------------------------------------------------------------------------

@contextlib.contextmanager
def server(script: Path | str, env_extra: dict[str, str] | None = None) -> Iterator[tuple[str, psutil.Process]]:
    """``streamlit run`` on a free loopback port, started as the browser tests start it."""
    with streamlit_process(script, env_extra) as (base, proc):
        yield base, psutil.Process(proc.pid)


def new_page(browser, base: str, blocked: list[str]):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()

    def guard(route) -> None:
        url = route.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", guard)
    return context, page


def cold_open(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(PAINTED, polling="raf", timeout=90_000)
    elapsed = time.perf_counter() - start
    wait_until_idle(page)
    return elapsed


def filter_updates(page, label: str, repeats: int) -> float:
    """Median seconds from choosing/removing a country to the chart redrawn with new data."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    times = []
    for i in range(repeats):
        if i % 2 == 0:
            box.click()
            target = page.get_by_role("option", name=label, exact=True)
        else:
            target = page.get_by_role("button", name=f"Remove {label}")
        target.wait_for()
        page.evaluate(MARK)
        start = time.perf_counter()
        target.click()
        page.wait_for_function(CHANGED, polling="raf", timeout=60_000)
        times.append(time.perf_counter() - start)
        page.keyboard.press("Escape")
        wait_until_idle(page)
    return statistics.median(times)


def browser_figures(browser, bare: Path, store_folder: Path | None, probe: Path | None) -> None:
    blocked: list[str] = []
    results: dict[str, list[float]] = {"bare_cold": [], "app_cold": [], "bare_filter": [], "app_filter": []}
    rss = 0.0
    for round_no in range(2):
        for name, script, label in (("bare", bare, "Taiwan"), ("app", REPO / "app.py", "Taiwan")):
            with server(script) as (base, proc):
                context, page = new_page(browser, base, blocked)
                results[f"{name}_cold"].append(cold_open(page, base))
                results[f"{name}_filter"].append(filter_updates(page, label, 4))
                if name == "app" and round_no == 1:
                    for path in [*PAGE_PATHS.values(), "Import"]:
                        page.goto(f"{base}/{path}")
                        wait_until_idle(page)
                    time.sleep(1.0)
                    rss = proc.memory_info().rss / 2**20
                context.close()
    med = {k: statistics.median(v) for k, v in results.items()}
    emit("cold_open", med["app_cold"] / med["bare_cold"], 2)
    emit("filter_update", med["app_filter"] / med["bare_filter"], 2)
    for key, value in med.items():
        emit(f"{key}_s", value, 2)
    emit("rss_mb", rss, 0)
    if store_folder is None:
        emit("outside_requests", len(blocked))
        return
    with server(probe, {"NANSEI_STORE_DIR": str(store_folder)}) as (base, proc):
        context, page = new_page(browser, base, blocked)
        emit("cold_open_1e6_s", cold_open(page, base + "/?imported=true"), 2)
        emit("filter_update_1e6_s", filter_updates(page, "Taiwan", 2), 2)
        context.close()
        context, page = new_page(browser, base, blocked)  # a second visitor: the store is already cached
        emit("warm_open_1e6_s", cold_open(page, base + "/?imported=true"), 2)
        context.close()
        time.sleep(1.0)
        emit("rss_1e6_mb", proc.memory_info().rss / 2**20, 0)
    emit("outside_requests", len(blocked))


def paint_figures(browser, work: Path) -> None:
    """Page-switch p95 against a bare multipage app, and the first PNG export on a fresh server."""
    from bench import paint

    blocked: list[str] = []
    bare_entry = paint.write_bare_multipage(work / "bare_multipage")
    with server(bare_entry) as (base, _):
        context, page = new_page(browser, base, blocked)
        bare = paint.switch_times(page, base, [*paint.BARE_PAGES, "Home"], rounds=3)
        context.close()
    with server(REPO / "app.py") as (base, _):
        context, page = new_page(browser, base, blocked)
        per_page: dict[str, list[float]] = {}
        app = paint.switch_times(page, base, paint.app_switch_labels(), rounds=2, per_page=per_page)
        context.close()
    for label, values in per_page.items():
        emit(f"page_switch_{label.lower().replace(' ', '_')}_median_s", paint.median(values), 2)
    emit("page_switch_p95_ratio", paint.p95(app) / paint.p95(bare), 2)
    emit("page_switch_p95_s", paint.p95(app), 2)
    emit("page_switch_bare_p95_s", paint.p95(bare), 2)
    with server(REPO / "app.py") as (base, _):
        context, page = new_page(browser, base, blocked)
        emit("first_export_png_s", paint.first_png_export(page, base), 2)
        context.close()
    emit("paint_outside_requests", len(blocked))


def message_bytes(browser, work: Path) -> None:
    """Bytes the server sends per rerun (deterministic): bare app, then dashboard (bench/profile.py)."""
    from bench import paint, profile

    entry = paint.write_bare_multipage(work / "bare_multipage")
    profile.emit_bytes("bare_", profile.profile_app(browser, entry, [*paint.BARE_PAGES, "Home"]))
    steps = profile.profile_app(browser, REPO / "app.py", paint.app_switch_labels())
    profile.emit_bytes("", steps)
    profile.print_steps("per-rerun profile (ms under this run's load)", steps, markdown=False)


def export_png_warm() -> float:
    """Seconds for a PNG export once the exporter is warm (second and later images)."""
    import analysis.export.formats as export
    from analysis.data.loader import load_dataset
    from analysis.features.overview import events_by_period_figure

    fig = events_by_period_figure(load_dataset().events, "YS", "Events per year")
    if hasattr(export, "export_figure"):
        try:
            return median_time(lambda: export.export_figure(fig, "png"), 3)
        finally:
            getattr(export, "stop_warm_browser", lambda: None)()  # close the exporter's shared browser
    import kaleido

    kaleido.start_sync_server(silence_warnings=True)
    try:
        return median_time(lambda: fig.to_image(format="png"), 3)
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=["all", "feeds", "ui", "paint"], default="all",
                        help="feeds: only issue 12's import/query lines; ui: everything else; paint: only "
                             "cold_open, filter_update, page switches and message bytes (issue 29)")
    parser.add_argument("--with-5e7", action="store_true", help="also time queries on 5e7 rows (≈25 GB temp disk)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print(f"# {clock.now_utc():%Y-%m-%d %H:%M} UTC, {psutil.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}", flush=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="nansei-bench-") as tmp, sync_playwright() as pw:
        work = Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        if args.only in ("all", "ui", "paint"):
            from bench import paint

            # The floor: the bare app's home page, with the same kind of sidebar links and Countries box.
            bare = paint.write_bare_multipage(work / "bare_multipage")
            store_folder = probe = None
            if args.only != "paint":
                store_folder = engines(work)
                probe = work / "store_probe.py"
                probe.write_text(STORE_APP, encoding="utf-8")
            browser_figures(browser, bare, store_folder, probe)
            paint_figures(browser, work)
            message_bytes(browser, work)
        if args.only in ("all", "feeds"):
            feed_figures(browser, work, args.with_5e7)
        browser.close()
    if args.only in ("all", "ui"):
        emit("export_png_warm_s", export_png_warm(), 3)
        import load  # bench/load.py: N = 1, 10, 25 concurrent sessions on one server

        load.run()  # load_errors, load_p95_ratio_25, rss_after_close_ratio (+ the absolute figures)
        load.leak()  # leak_rss_round1..3_mb, leak_round3_over_round1: leak or allocator high-water mark
    emit("bench_total_s", time.perf_counter() - started, 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
