"""Page switches and the first PNG export, timed in chromium against a bare multipage app.

``page_switch_p95_ratio`` = p95 seconds from clicking a sidebar page link to the new page's script run
finished (title shown, nothing stale), on the dashboard ÷ the same on a bare three-page Streamlit app
started the same way in the same run. ``first_export_png_s`` = seconds from clicking the Overview's PNG
button on a freshly started server (after the page has painted) to the file arriving.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from tests.browser.conftest import PAGE_PATHS, wait_until_idle

BARE_PAGE = '''import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="{name}", layout="wide")
picked = st.sidebar.multiselect("Countries", ["Japan", "China", "Taiwan"], key="countries")
for target, label in (("bare_home.py", "Home"), ("pages/Second.py", "Second"), ("pages/Third.py", "Third")):
    st.sidebar.page_link(target, label=label)  # drawn like the dashboard's own links
st.title("{name}")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 5, len(picked)])), key="chart")
'''
BARE_PAGES = ("Second", "Third")
HEADING = '[data-testid="stMainBlockContainer"] h1'


def write_bare_multipage(folder: Path) -> Path:
    """A bare three-page app (entry + ``pages/``); returns the entry script."""
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    entry = folder / "bare_home.py"
    entry.write_text(BARE_PAGE.format(name="Home"), encoding="utf-8")
    for name in BARE_PAGES:
        (folder / "pages" / f"{name}.py").write_text(BARE_PAGE.format(name=name), encoding="utf-8")
    return entry


def switch_times(page, base: str, labels: list[str], rounds: int, per_page: dict | None = None) -> list[float]:
    """Seconds per page switch: click the sidebar link, wait until the new page's run has finished.

    ``per_page``, when given, collects each label's times too (to see which page is slow).
    """
    page.goto(base)
    wait_until_idle(page)
    times = []
    for _ in range(rounds):
        for label in labels:
            link = page.locator('[data-testid="stSidebar"]').get_by_role("link", name=label, exact=True).first
            link.wait_for()
            before = page.locator(HEADING).first.inner_text()
            start = time.perf_counter()
            link.click()
            page.wait_for_function(f"(before) => {{ const h = document.querySelector('{HEADING}'); "
                                   "return !!h && h.innerText !== before; }", arg=before)
            wait_until_idle(page)
            times.append(time.perf_counter() - start)
            if per_page is not None:
                per_page.setdefault(label, []).append(times[-1])
    return times


def p95(values: list[float]) -> float:
    """95th percentile (nearest rank) of at least one value."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def app_switch_labels() -> list[str]:
    """Every dashboard page but the Overview, then back to it, in sidebar order."""
    return [name for name in PAGE_PATHS if name != "Overview"] + ["Overview"]


def first_png_export(page, base: str) -> float:
    """Seconds from clicking the Overview's first PNG button (page painted, menu open) to the download."""
    page.goto(base)
    wait_until_idle(page)
    menu = page.locator('[data-testid="stPopoverButton"]', has_text="Download chart").first  # ui.downloads
    menu.scroll_into_view_if_needed()
    menu.click()
    button = page.locator('[data-testid="stDownloadButton"]', has_text="PNG").first
    button.scroll_into_view_if_needed()
    start = time.perf_counter()
    with page.expect_download(timeout=120_000) as info:
        button.locator("button").click()
    assert info.value.failure() is None, info.value.failure()
    return time.perf_counter() - start


def median(values: list[float]) -> float:
    """Median of at least one value."""
    return statistics.median(values)
