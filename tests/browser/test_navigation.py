"""A person opens the app, filters, switches pages, shares the link: all offline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WAIT_MS, GuardedPage, rerun, streamlit_server

TIMEOUT = WAIT_MS

pytestmark = pytest.mark.browser


def caption(page):
    return page.get_by_text(re.compile(r"\d+ events match the filters")).first


def caption_count(page) -> int:
    return int(caption(page).inner_text().split()[0])


def pick_country(page, name: str) -> None:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.click()
    with rerun(page):  # the pick (or closing the list) reruns the app
        page.get_by_role("option", name=name, exact=True).click()
        page.keyboard.press("Escape")


def go_to(page, label: str) -> None:
    """Follow the sidebar link to the page called ``label`` and wait for its run to finish."""
    with rerun(page):
        page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]', has_text=label).click()


def test_country_filter_changes_content_and_survives_page_switch_and_reload(guarded: GuardedPage) -> None:
    page = guarded.page
    guarded.open("Events")
    before = caption_count(page)
    pick_country(page, "United States")
    # The caption is the state under test: wait until it shows the new filter, not for the URL.
    expect(caption(page)).to_contain_text("countries: USA", timeout=TIMEOUT)
    after = caption_count(page)
    assert after <= before
    expect(page).to_have_url(re.compile(r"countries=United(\+|%20)States"), timeout=TIMEOUT)
    # Switch page through the sidebar navigation: the filter goes along.
    go_to(page, "Sources")
    expect(page.locator('[data-testid="stMainBlockContainer"] h1')).to_have_text("Sources", timeout=TIMEOUT)
    go_to(page, "Events")
    expect(caption(page)).to_have_text(re.compile(rf"^{after} events match the filters \(countries: USA"),
                                       timeout=TIMEOUT)
    # Reload the copied link in a fresh tab: same view.
    link = page.url
    assert "countries=" in link, link
    fresh = GuardedPage(page.context.new_page(), guarded.base)
    fresh.open(link.removeprefix(guarded.base + "/"))
    expect(caption(fresh.page)).to_have_text(re.compile(rf"^{after} events match the filters \(countries: USA"),
                                             timeout=TIMEOUT)
    expect(fresh.page.locator('[data-testid="stSidebar"] [data-tag]')).to_contain_text(["United States"])
    assert fresh.outside == []


def test_deep_link_on_fresh_server_has_sidebar_and_filters(browser) -> None:
    with streamlit_server() as base:
        context = browser.new_context()
        page = context.new_page()
        guard = GuardedPage(page, base)
        guard.open("Events", "countries=Japan&dates=2025-11-01&dates=2026-11-25")
        expect(caption(page)).to_contain_text("countries: JPN", timeout=TIMEOUT)
        expect(caption(page)).to_contain_text("2025-11-01")
        expect(page.locator('[data-testid="stSidebar"] [data-tag]')).to_contain_text(["Japan"])
        context.close()
        assert guard.outside == []
