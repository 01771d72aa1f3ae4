"""Benchmark: ``.venv/bin/python bench/run.py`` prints one ``name=value`` line per figure.

Browser figures are ratios against a bare one-chart Streamlit app started the
same way in the same run (the machine's noise cancels). Engine figures time
filter (date + 3 actors + 4 categories) plus the weekly count by category on
synthetic events. See docs/bench.md for what each line means.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import psutil  # noqa: E402

from analysis.data.countries import COUNTRY_NAMES  # noqa: E402
from analysis.data.filters import EventFilter, filter_events  # noqa: E402
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
BARE_APP = '''import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Bare", layout="wide")
picked = st.sidebar.multiselect("Countries", ["Japan", "China", "Taiwan"], key="countries")
st.title("Bare app")
y = [3, 5, 2] if not picked else [len(picked), 1, 4]
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=y)), key="chart")
'''
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
st.dataframe(store.page(ctx.selection, 0, 500), hide_index=True)
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

def duckdb_timings(events, repeats: int) -> dict[str, float]:
    """Filter + weekly count on a native DuckDB table (same bitmask and sort as the store)."""
    import duckdb

    from analysis.imports.store import EventStore

    store = EventStore(events)
    lean = store.frame[["date", "category", "actors"]].astype({"category": "str", "actors": "str"})
    lean["bits"] = store._bits
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    con.register("src", lean)
    con.execute("CREATE TABLE ev AS SELECT date::DATE AS day, category, actors, bits FROM src ORDER BY day")
    con.unregister("src")
    bits = sum(1 << list(COUNTRY_NAMES).index(c)
               for c in SELECTION.countries)
    where = "day BETWEEN ? AND ? AND list_contains(?, category)"
    params = [SELECTION.start, SELECTION.end, list(SELECTION.categories)]
    weekly = "SELECT date_trunc('week', day) AS period, category, count(*) AS events FROM ev WHERE "
    bit_query = weekly + where + " AND (bits & ?) <> 0 GROUP BY ALL"
    text_query = weekly + where + " AND regexp_matches(actors, '(^|;)(CHN|JPN|TWN)(;|$)') GROUP BY ALL"
    return {
        "bitmask": median_time(lambda: con.execute(bit_query, [*params, bits]).df(), repeats),
        "text": median_time(lambda: con.execute(text_query, params).df(), repeats),
    }


def engines(sizes: tuple[int, ...], workdir: Path) -> Path:
    """Time the store at each size; compare engines at the largest; return the 1e6 store folder."""
    from analysis.features.overview import events_by_period
    from analysis.imports.readers import ImportResult
    from analysis.imports.store import EventStore, write_import
    from analysis.imports.synth import synthetic_events

    folder = workdir / "store"
    for n in sizes:
        events = synthetic_events(n, seed=8)
        store = EventStore(events)
        label = {1_000: "1e3", 100_000: "1e5", 1_000_000: "1e6"}.get(n, str(n))
        seconds = median_time(lambda s=store: s.counts_by_period(SELECTION, "W"), 15)
        emit(f"filter_{label}_ms", seconds * 1000, 2)
        if n != sizes[-1]:
            continue
        emit(f"filter_rows_{label}_ms", median_time(lambda s=store: s.filter(SELECTION), 5) * 1000, 1)
        emit(f"grid_{label}_ms", median_time(lambda s=store: s.grid_counts(SELECTION), 5) * 1000, 1)

        def naive(frame=events):
            return events_by_period(filter_events(frame, SELECTION), "W")

        emit(f"pandas_naive_{label}_ms", median_time(naive, 3) * 1000, 1)
        for kind, seconds in duckdb_timings(events, 15).items():
            emit(f"duckdb_{kind}_{label}_ms", seconds * 1000, 2)
        emit(f"store_frame_{label}_mb", store.frame.memory_usage(deep=True).sum() / 2**20, 0)
        source = {"source_id": "import-gdelt-bench", "publisher": "bench", "title": "synthetic", "kind": "dataset"}
        write_import(ImportResult(events, source=source, format="gdelt", filename="synthetic.tsv"), folder)
        del store, events
        start = time.perf_counter()
        EventStore.load(folder)
        emit(f"store_load_{label}_s", time.perf_counter() - start, 2)
    return folder


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


def browser_figures(browser, bare: Path, store_folder: Path, probe: Path) -> None:
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


def main() -> int:
    started = time.perf_counter()
    print(f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {psutil.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="nansei-bench-") as tmp:
        work = Path(tmp)
        store_folder = engines((1_000, 100_000, 1_000_000), work)
        bare, probe = work / "bare_app.py", work / "store_probe.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        probe.write_text(STORE_APP, encoding="utf-8")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            browser_figures(browser, bare, store_folder, probe)
            paint_figures(browser, work)
            browser.close()
    emit("export_png_warm_s", export_png_warm(), 3)
    import load  # bench/load.py: N = 1, 10, 25 concurrent sessions on one server

    load.run()  # load_errors, load_p95_ratio_25, rss_after_close_ratio (+ the absolute figures)
    emit("bench_total_s", time.perf_counter() - started, 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
