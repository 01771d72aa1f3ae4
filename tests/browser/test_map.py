"""A person opens the Map offline, switches preset, toggles a layer and sees the map change."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WAIT_MS, GuardedPage, hover_until_labelled, rerun

pytestmark = pytest.mark.browser

PLOT = '[data-testid="stPlotlyChart"] .js-plotly-plot'


def legend_entries(page) -> list[str]:
    return page.locator(f"{PLOT} .legendtext").evaluate_all("els => els.map(e => e.textContent)")


def x_ticks(page) -> list[str]:
    return page.locator(f"{PLOT} .xtick text").evaluate_all("els => els.map(e => e.textContent)")


def wait_for_plot(page) -> None:
    page.wait_for_selector(f"{PLOT} .scatterlayer .trace", timeout=WAIT_MS)


def test_map_preset_and_layer_toggle_offline(guarded: GuardedPage) -> None:
    page = guarded.page
    guarded.open("Map")
    wait_for_plot(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    # Land is drawn from bundled polygons: filled SVG paths, no image tiles, no map canvas.
    assert page.locator(f"{PLOT} .scatterlayer path.js-fill").count() >= 1
    assert page.locator(f"{PLOT} .mapboxgl-canvas, {PLOT} .maplibregl-canvas").count() == 0
    assert "Maritime grey zone" in legend_entries(page)
    southwest_ticks = x_ticks(page)
    assert "124°E" in southwest_ticks

    page.locator('[data-testid="stSelectbox"]', has_text="View").first.click()
    with rerun(page):
        page.get_by_role("option", name="Senkakus", exact=True).click()
    # Plotly redraws after the run has finished: wait for the new axis, not for the URL.
    expect(page.locator(f"{PLOT} .xtick text", has_text=re.compile(r"^123\.5°E$"))).to_have_count(1, timeout=WAIT_MS)
    expect(page).to_have_url(re.compile(r"map_view=Senkakus"))
    senkaku_ticks = x_ticks(page)
    assert senkaku_ticks != southwest_ticks and "123.5°E" in senkaku_ticks
    assert page.locator(f"{PLOT} .textpoint", has_text="Uotsuri-jima").count() == 1

    main = page.locator('[data-testid="stMainBlockContainer"]')
    main.locator('[data-testid="stExpander"] summary', has_text="Layers").click()  # folded: the map comes first
    with rerun(page):
        main.locator('[data-testid="stCheckbox"]', has_text="Events").click()  # the events layer toggle
    expect(page.locator(f"{PLOT} .legendtext", has_text="Maritime grey zone")).to_have_count(0, timeout=WAIT_MS)
    # The other layers stay (the legend lists only what the view shows: no installation near the Senkakus).
    assert page.locator(f"{PLOT} .textpoint", has_text="Uotsuri-jima").count() == 1
    assert page.locator(f"{PLOT} .scatterlayer path.js-fill").count() >= 1


def test_clicking_a_site_shows_its_record_and_sources(guarded: GuardedPage) -> None:
    page = guarded.page
    guarded.open("Map", "map_view=Okinawa+main+island")
    wait_for_plot(page)
    hover = page.locator(".hoverlayer .hovertext", has_text="Kadena Air Base")

    def move_to_kadena() -> tuple[float, float]:
        # Screen position of Kadena Air Base (127.768E 26.356N) from the plot's own axes, read again on
        # each try: a point hovered or clicked while plotly is still laying out is missed.
        x, y = page.locator(PLOT).first.evaluate(
            """gd => { const L = gd._fullLayout, r = gd.getBoundingClientRect();
                       return [r.left + L.xaxis._offset + L.xaxis.l2p(127.768),
                               r.top + L.yaxis._offset + L.yaxis.l2p(26.356)]; }"""
        )
        page.mouse.move(x, y)
        return x, y

    x, y = hover_until_labelled(page, move_to_kadena, hover)
    with rerun(page):
        page.mouse.click(x, y)
    expect(page.get_by_text("Selected site", exact=True)).to_be_visible(timeout=WAIT_MS)
    # The name is shown as text (st.text), never as Markdown in the heading.
    expect(page.locator('[data-testid="stText"]', has_text="Kadena Air Base")).to_be_visible(timeout=WAIT_MS)
    # The record and its sources (joined from sources.csv) as two tables; their readable content is
    # checked in tests/unit/features/test_mapfig.py (record_table), the grid being a canvas here.
    main = page.locator('[data-testid="stMainBlockContainer"]')
    main.locator('[data-testid="stDataFrame"]').nth(1).wait_for(state="attached", timeout=WAIT_MS)
    assert main.locator('[data-testid="stDataFrame"]').count() >= 2
    assert page.locator('[data-testid="stException"]').count() == 0
