"""Issue 15, findings 4-6: presets show what they promise, the map fills the width.

On a phone: the map's size and legend in tests/browser/test_map.py (labels), the timeline's in
tests/browser/test_timeline.py (key-event labels).
"""

from __future__ import annotations

from urllib.parse import quote_plus

import pytest

from analysis.features.geo import VIEWS
from tests.browser.conftest import GuardedPage

pytestmark = pytest.mark.browser

PLOT = '[data-testid="stPlotlyChart"] .js-plotly-plot'
SAKISHIMA = "map_view=" + quote_plus(VIEWS["sakishima"].label)


def plot_box(page) -> dict:
    """Plot area size, figure width (screen pixels) and axis ranges of the first chart, from plotly's own layout."""
    return page.locator(PLOT).first.evaluate(
        """gd => { const L = gd._fullLayout;
                   return {width: L.xaxis._length, height: L.yaxis._length, figure: gd.getBoundingClientRect().width,
                           x: L.xaxis.range, y: L.yaxis.range}; }""")


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
