"""A briefer opens Budgets, switches the comparison measure and the country filter: the chart follows, offline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WAIT_MS, GuardedPage, rerun

pytestmark = pytest.mark.browser
TIMEOUT = WAIT_MS


def comparison_chart(page):
    return page.locator('[data-testid="stPlotlyChart"]').filter(has_text="Defence budgets compared")


def wait_for_title(page, new: str, old: str) -> None:
    """Wait until the comparison shows ``new`` and the stale chart titled ``old`` is gone."""
    titles = page.locator('[data-testid="stPlotlyChart"] .gtitle')
    expect(titles.filter(has_text=new)).to_have_count(1, timeout=TIMEOUT)
    expect(titles.filter(has_text=old)).to_have_count(0, timeout=TIMEOUT)


def legend(chart) -> list[str]:
    return [t.strip() for t in chart.locator(".legendtext").all_text_contents()]


def test_measure_and_country_filter_change_the_comparison(guarded: GuardedPage) -> None:
    page = guarded.page
    guarded.open("Budgets")
    chart = comparison_chart(page)
    expect(chart.locator(".gtitle")).to_contain_text("US dollars", timeout=TIMEOUT)
    expect(chart.locator(".ytitle")).to_have_text("bn USD")
    countries_before = legend(chart)
    assert any(name.startswith("Japan") for name in countries_before)
    assert any(name.startswith("China") for name in countries_before)

    radio = page.locator('[data-testid="stRadio"]').filter(has_text="Comparison measure")
    with rerun(page):
        radio.get_by_text("Index (first year = 100)").click()
    wait_for_title(page, "compared: Index (first year = 100)", "compared: US dollars")
    chart = comparison_chart(page)
    expect(page.get_by_text("each country's first year with a figure = 100").first).to_be_visible()

    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.click()
    with rerun(page):
        page.get_by_role("option", name="Japan", exact=True).click()
        page.keyboard.press("Escape")
    chart = comparison_chart(page)
    expect(chart.locator(".legendtext")).to_have_count(1, timeout=TIMEOUT)
    expect(chart.locator(".legendtext")).to_have_text([re.compile(r"^Japan")])
    # The measure survives the filter change, and China's own chart is still there.
    expect(chart.locator(".gtitle")).to_contain_text("Index")
    expect(page.locator('[data-testid="stPlotlyChart"]').filter(has_text="China: announced")).to_have_count(1)
    assert page.locator('[data-testid="stException"]').count() == 0
