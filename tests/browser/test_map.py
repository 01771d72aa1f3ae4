"""A person opens the Map offline, switches preset, toggles a layer and sees the map change."""

from __future__ import annotations

import pytest

from tests.browser.conftest import GuardedPage, wait_until_idle

pytestmark = pytest.mark.browser

PLOT = '[data-testid="stPlotlyChart"] .js-plotly-plot'


def legend_entries(page) -> list[str]:
    return page.locator(f"{PLOT} .legendtext").evaluate_all("els => els.map(e => e.textContent)")


def x_ticks(page) -> list[str]:
    return page.locator(f"{PLOT} .xtick text").evaluate_all("els => els.map(e => e.textContent)")


def wait_for_plot(page) -> None:
    page.wait_for_selector(f"{PLOT} .scatterlayer .trace", timeout=45_000)


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
    page.get_by_role("option", name="Senkakus", exact=True).click()
    wait_until_idle(page)
    page.wait_for_function("() => location.search.includes('map_view=Senkakus')")
    # The rerun redraws the plot a moment after the URL changes.
    page.wait_for_function(
        "sel => [...document.querySelectorAll(sel)].some(e => e.textContent === '123.5°E')",
        arg=f"{PLOT} .xtick text",
    )
    senkaku_ticks = x_ticks(page)
    assert senkaku_ticks != southwest_ticks and "123.5°E" in senkaku_ticks
    assert page.locator(f"{PLOT} .textpoint", has_text="Uotsuri-jima").count() == 1

    main = page.locator('[data-testid="stMainBlockContainer"]')
    main.locator('[data-testid="stCheckbox"]', has_text="Events").click()  # the events layer toggle
    wait_until_idle(page)
    page.wait_for_function(
        "sel => ![...document.querySelectorAll(sel)].some(e => e.textContent === 'Maritime grey zone')",
        arg=f"{PLOT} .legendtext",
    )
    assert "Maritime grey zone" not in legend_entries(page)
    # The other layers stay (the legend lists only what the view shows: no installation near the Senkakus).
    assert page.locator(f"{PLOT} .textpoint", has_text="Uotsuri-jima").count() == 1
    assert page.locator(f"{PLOT} .scatterlayer path.js-fill").count() >= 1


def test_clicking_a_site_shows_its_record_and_sources(guarded: GuardedPage) -> None:
    page = guarded.page
    guarded.open("Map", "map_view=Okinawa+main+island")
    wait_for_plot(page)
    # Screen position of Kadena Air Base (127.768E 26.356N) from the plot's own axes.
    x, y = page.locator(PLOT).first.evaluate(
        """gd => { const L = gd._fullLayout, r = gd.getBoundingClientRect();
                   return [r.left + L.xaxis._offset + L.xaxis.l2p(127.768),
                           r.top + L.yaxis._offset + L.yaxis.l2p(26.356)]; }"""
    )
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.get_by_text("Selected site: Kadena Air Base").wait_for(timeout=30_000)
    wait_until_idle(page)
    # The record and its sources (joined from sources.csv) as two tables; their readable content is
    # checked in tests/unit/features/test_mapfig.py (record_table), the grid being a canvas here.
    main = page.locator('[data-testid="stMainBlockContainer"]')
    main.locator('[data-testid="stDataFrame"]').nth(1).wait_for(state="attached", timeout=30_000)
    assert main.locator('[data-testid="stDataFrame"]').count() >= 2
    assert page.locator('[data-testid="stException"]').count() == 0
