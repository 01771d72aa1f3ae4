"""Issue 15, findings 4-6: presets show what they promise, the map fills the width; map and timeline on a phone."""

from __future__ import annotations

from urllib.parse import quote_plus

import pytest

from analysis.features.geo import VIEWS
from tests.browser.conftest import GuardedPage, wait_for_charts_laid_out

pytestmark = pytest.mark.browser

PLOT = '[data-testid="stPlotlyChart"] .js-plotly-plot'
SAKISHIMA = "map_view=" + quote_plus(VIEWS["sakishima"].label)


def plot_box(page) -> dict:
    """Plot area and legend of the first chart, in screen pixels, from plotly's own layout."""
    return page.locator(PLOT).first.evaluate(
        """gd => { const L = gd._fullLayout, r = gd.getBoundingClientRect();
                   const leg = gd.querySelector('.legend'), lb = leg ? leg.getBoundingClientRect() : null;
                   return {width: L.xaxis._length, height: L.yaxis._length, figure: r.width,
                           top: r.top + L.yaxis._offset, bottom: r.top + L.yaxis._offset + L.yaxis._length,
                           x: L.xaxis.range, y: L.yaxis.range,
                           legendTop: lb ? lb.top : null, legendHeight: lb ? lb.height : 0}; }""")


def labels(page) -> list[str]:
    return page.locator(f"{PLOT} .textpoint").evaluate_all("els => els.map(e => e.textContent)")


def test_sakishima_preset_shows_the_senkakus_and_taiwans_coast(guarded: GuardedPage) -> None:
    page = guarded.page
    guarded.open("Map", SAKISHIMA)
    page.wait_for_selector(f"{PLOT} .scatterlayer .trace", timeout=45_000)
    box = plot_box(page)
    assert box["y"][1] >= 26.0 and box["x"][0] <= 121.6, box  # Senkakus (25.7-25.9N) and Taiwan's coast
    shown = labels(page)
    assert "TAIWAN" in shown and "Yonaguni" in shown and "Ishigaki" in shown
    # The group name or an islet's (with both sides' names): whichever fits beside its neighbours (maplabels).
    assert any("Senkaku" in t or t.startswith(("Kuba", "Uotsuri")) for t in shown), shown
    # Fills the width: the plot area spans nearly all of the figure (no empty strip beside it).
    assert box["width"] >= 0.9 * box["figure"], box
    assert box["height"] >= 450, box
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    guard = GuardedPage(page, server)
    yield guard
    context.close()
    assert guard.outside == [], f"the app requested outside addresses: {guard.outside}"


def open_collapsed(guard: GuardedPage, path: str, query: str = "") -> None:
    # At phone width the sidebar starts collapsed: wait for the run, not for a visible sidebar.
    page = guard.page
    page.goto(f"{guard.base}/{path}" + (f"?{query}" if query else ""))
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=60_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_selector(f"{PLOT} .main-svg", timeout=60_000)
    wait_for_charts_laid_out(page)  # the Timeline's phone layout comes from a second run


def test_map_is_usable_at_phone_width(phone: GuardedPage) -> None:
    open_collapsed(phone, "Map", SAKISHIMA)
    box = plot_box(phone.page)
    assert box["width"] >= 280 and box["height"] >= 280, box  # a map, not a strip beside a legend
    assert box["legendTop"] is not None and box["legendTop"] >= box["bottom"], box  # legend below the map


def test_timeline_is_usable_at_phone_width(phone: GuardedPage) -> None:
    open_collapsed(phone, "Timeline", "dates=2025-11-07&dates=2026-05-31")
    box = plot_box(phone.page)
    assert box["width"] >= 300 and box["height"] >= 300, box  # lane names inside the plot, not a 170 px margin
