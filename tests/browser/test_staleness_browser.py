"""The data's age in a real browser, on a fixture whose newest event (2026-01-15) is long past."""

from __future__ import annotations

import pytest

from tests.browser.conftest import GuardedPage, streamlit_server, wait_until_idle
from tests.conftest import FIXTURE_DATA

pytestmark = pytest.mark.browser
LAST = "2026-01-15"


@pytest.fixture(scope="module")
def old_data_server():
    with streamlit_server(FIXTURE_DATA) as base:
        yield base


@pytest.fixture
def page_on(browser, old_data_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    guard = GuardedPage(context.new_page(), old_data_server)
    yield guard
    context.close()
    assert guard.outside == []


def test_overview_says_how_old_the_data_is(page_on) -> None:
    page_on.open("")
    page = page_on.page
    alert = page.locator('[data-testid="stAlert"]', has_text=f"newest curated event is dated {LAST}")
    alert.first.wait_for(timeout=30_000)
    text = alert.first.inner_text()
    assert "days ago" in text and "Curate page" in text and "add-event" in text
    assert page.get_by_text("Newest curated event").count() >= 1
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".main-svg").first.wait_for(timeout=30_000)
    page.screenshot(path="/tmp/curate_overview.png", full_page=True)
    assert chart.locator(".annotation-text", has_text=f"no curated data after {LAST}").count() == 1


def test_timeline_shades_after_the_data_and_says_when_a_range_lies_beyond_it(page_on) -> None:
    page_on.open("Timeline")
    page = page_on.page
    page.locator('[data-testid="stAlert"]', has_text=LAST).first.wait_for(timeout=30_000)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    charts.first.locator(".main-svg").first.wait_for(timeout=30_000)
    assert charts.nth(0).get_by_text(f"no curated data after {LAST}").count() == 1  # timeline
    assert charts.nth(1).get_by_text(f"no curated data after {LAST}").count() == 1  # tension index
    page_on.open("Timeline", "dates=2026-10-26&dates=2026-11-25")  # a range wholly after the data
    page.get_by_text("lie wholly after the newest curated event").first.wait_for(timeout=30_000)
    wait_until_idle(page)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0  # no empty axes
