"""Timeline page in a real browser: the date filter changes the timeline, a click opens the record."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from playwright.sync_api import expect

from analysis import clock
from analysis.data.loader import load_dataset
from tests.browser.conftest import POLL_MS, WAIT_MS, GuardedPage, hover_until_labelled, rerun, wait_until_idle

pytestmark = pytest.mark.browser

POINTS = ".cartesianlayer path.point.plotly-customdata"  # event markers of the main plot, not the rangeslider
# The drawn text of each key-event label of a chart: the timeline's labels open with a bold date; the
# tension index's are every annotation but its "before"/"after" shading notes. [text, left, top, right, bottom].
LABEL_BOXES_JS = """(chart, tension) => Array.from(chart.querySelectorAll('g.annotation'))
  .filter(a => tension ? !['before', 'after'].includes(a.textContent) : a.querySelector('tspan[style*="bold"]'))
  .map(a => { const r = a.querySelector('text').getBoundingClientRect();
              return [a.textContent, r.left, r.top, r.right, r.bottom]; })"""


def timeline_points(page) -> int:
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=WAIT_MS)
    return page.locator('[data-testid="stPlotlyChart"]').first.locator(POINTS).count()


def events_between(start: str, end: str | None = None) -> int:
    dates = load_dataset().events["date"]
    mask = dates >= pd.Timestamp(start)
    if end:
        mask &= dates <= pd.Timestamp(end)
    return int(mask.sum())


def sidebar_dates(page) -> list[str]:
    # Both fields drawn ("Dates from", "Dates to"): under load a finished run's sidebar was read once while
    # React had drawn only one of them.
    inputs = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"] input')
    expect(inputs).to_have_count(2, timeout=WAIT_MS)
    return inputs.evaluate_all("els => els.map(e => e.value)")


def test_quick_range_changes_the_date_filter_and_the_timeline(guarded: GuardedPage) -> None:
    page = guarded.page
    guarded.open("Timeline")
    everything = timeline_points(page)
    assert everything == events_between("2010-01-01")
    with rerun(page):
        page.get_by_role("button", name="Since 2025-11-07").click()
    points = page.locator('[data-testid="stPlotlyChart"]').first.locator(POINTS)
    expect(points).to_have_count(events_between("2025-11-07"), timeout=WAIT_MS)
    dates = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"] input')
    expect(dates.first).to_have_value("2025-11-07")
    assert sidebar_dates(page) == ["2025-11-07", clock.today().isoformat()]
    assert page.locator('[data-testid="stException"]').count() == 0
    # The quick range is part of the view a briefer shares: it must reach the link.
    expect(page).to_have_url(re.compile(r"dates=2025-11-07"), timeout=WAIT_MS)


def type_sidebar_date(page, label: str, day: str) -> None:
    """Type ``day`` (YYYY-MM-DD) into the sidebar's date field ``label`` digit by digit, then leave it."""
    page.locator('[data-testid="stSidebar"]').get_by_role("spinbutton", name=f"year, {label}").click()
    page.keyboard.type(day.replace("-", ""))
    with rerun(page):  # the field sends its date when the cursor leaves it
        page.locator('[data-testid="stMainBlockContainer"] h1').click()


def test_the_link_shapes_the_timeline_a_click_shows_a_record_and_typed_dates_stay(guarded: GuardedPage) -> None:
    page = guarded.page
    guarded.open("Timeline", "dates=2025-11-07&dates=2025-12-31")
    assert sidebar_dates(page) == ["2025-11-07", "2025-12-31"]
    assert timeline_points(page) == events_between("2025-11-07", "2025-12-31")
    assert page.get_by_text("curated events (countries: all; dates: 2025-11-07 to 2025-12-31").count() == 1
    marker = page.locator('[data-testid="stPlotlyChart"]').first.locator(POINTS).nth(3)
    hover = page.locator(".hoverlayer .hovertext").first

    def move_to_marker() -> None:
        marker.scroll_into_view_if_needed()
        marker.hover(force=True)

    hover_until_labelled(page, move_to_marker, hover)
    expect(hover).to_contain_text("Source: ", timeout=WAIT_MS)
    box = marker.bounding_box()
    hovered = page.locator(".hoverlayer .hovertext").first.text_content()
    # Hover: title, plain date, category label, country names, publisher and title of the source (issue 15/10).
    assert "Source: " in hovered and "2025-" in hovered
    assert "src-" not in hovered and "ev-" not in hovered and "00:00:00" not in hovered and "_" not in hovered
    with rerun(page):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    heading = page.locator('[data-testid="stText"]', has_text="2025-")  # the title as typed, not Markdown
    expect(heading.first).to_be_visible(timeout=WAIT_MS)
    title = heading.first.inner_text()[11:]
    assert title and title in hovered, (title, hovered)
    assert page.locator('[data-testid="stDataFrame"]').count() >= 3  # record, sources, episode chain

    # Issue 27 #18: with one range field, a start typed after the current end was sorted into the end
    # when the cursor left the field, and typing the end then overwrote it (2025-12-31 .. 2026-03-01).
    type_sidebar_date(page, "Dates from", "2026-01-05")  # after the current end, for a moment
    expect(page).to_have_url(re.compile(r"dates=2025-12-31&dates=2026-01-05"), timeout=WAIT_MS)
    assert sidebar_dates(page) == ["2026-01-05", "2025-12-31"]  # shown as typed, read in order
    type_sidebar_date(page, "Dates to", "2026-03-01")
    expect(page).to_have_url(re.compile(r"dates=2026-01-05&dates=2026-03-01"), timeout=WAIT_MS)
    assert sidebar_dates(page) == ["2026-01-05", "2026-03-01"]
    assert timeline_points(page) == events_between("2026-01-05", "2026-03-01")


def overlapping(boxes: list[list]) -> list[tuple[str, str]]:
    """Pairs of label boxes ([text, left, top, right, bottom]) whose drawn text intersects."""
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]


def test_key_event_labels_do_not_overlap_on_a_phone(phone: GuardedPage) -> None:
    # Issue 27 #3 on the page: stacked for a 1000 px plot, two labels overprinted at 390 px (Takaichi's
    # 07 Nov 2025 remarks and the 06 Jan 2026 dual-use ban; two more on the tension index).
    page = phone.page
    page.goto(f"{phone.base}/Timeline?countries=Japan&countries=China&match=all&dates=2025-05-31&dates=2026-05-31")
    # Real state: the browser reported the column's width and the charts were rebuilt for it.
    page.wait_for_function(
        """() => { const p = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
                   return !!(p && p.layout && p.layout.meta && p.layout.meta.labels_stacked_for_px < 390); }""",
        polling=POLL_MS, timeout=WAIT_MS)
    wait_until_idle(page)
    # Usable on a phone: lane names inside the plot, not a 170 px margin beside a strip (issue 15).
    area = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first.evaluate(
        "gd => [gd._fullLayout.xaxis._length, gd._fullLayout.yaxis._length]")
    assert area[0] >= 300 and area[1] >= 300, area
    charts = page.locator('[data-testid="stPlotlyChart"]')
    expect(charts).to_have_count(2)
    for i in range(2):
        charts.nth(i).scroll_into_view_if_needed()
        boxes = charts.nth(i).evaluate(LABEL_BOXES_JS, i == 1)
        assert len(boxes) >= 5, boxes
        assert overlapping(boxes) == [], boxes
        assert all(box[1] >= 0 and box[3] <= 390 for box in boxes), boxes  # none cut off at the frame
    assert page.locator('[data-testid="stException"]').count() == 0
