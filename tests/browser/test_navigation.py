"""A person opens the app, filters, switches pages, shares the link: all offline."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import PAGE_PATHS, GuardedPage, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser


def caption_count(page) -> int:
    text = page.get_by_text(re.compile(r"\d+ events match the filters")).first.inner_text()
    return int(text.split()[0])


def pick_country(page, name: str) -> None:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.click()
    page.get_by_role("option", name=name, exact=True).click()
    page.keyboard.press("Escape")
    wait_until_idle(page)


def test_every_page_renders_offline(guarded: GuardedPage) -> None:
    for title, path in PAGE_PATHS.items():
        guarded.open(path)
        heading = guarded.page.locator('[data-testid="stMainBlockContainer"] h1').first.inner_text()
        assert heading, f"page {title} has no heading"
        assert guarded.page.locator('[data-testid="stException"]').count() == 0, f"exception on {title}"
    assert guarded.outside == []


def test_country_filter_changes_content_and_survives_page_switch_and_reload(guarded: GuardedPage) -> None:
    page = guarded.page
    guarded.open("Events")
    before = caption_count(page)
    pick_country(page, "United States")
    page.wait_for_function("() => location.search.includes('countries=')")
    after = caption_count(page)
    assert after <= before
    assert "countries: USA" in page.get_by_text(re.compile(r"events match the filters")).first.inner_text()
    assert "countries=United+States" in page.url or "countries=United%20States" in page.url
    # Switch page through the sidebar navigation: the filter goes along.
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]', has_text="Sources").click()
    wait_until_idle(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]', has_text="Events").click()
    wait_until_idle(page)
    assert caption_count(page) == after
    # Reload the copied link in a fresh tab: same view.
    link = page.url
    assert "countries=" in link, link
    fresh = page.context.new_page()
    fresh.goto(link)
    wait_until_idle(fresh)
    assert caption_count(fresh) == after
    fresh.wait_for_selector('[data-testid="stSidebar"] [data-tag]', timeout=30_000)
    chips = fresh.locator('[data-testid="stSidebar"] [data-tag]').all_inner_texts()
    assert any("United States" in c for c in chips)


def test_deep_link_on_fresh_server_has_sidebar_and_filters(browser) -> None:
    with streamlit_server() as base:
        context = browser.new_context()
        page = context.new_page()
        guard = GuardedPage(page, base)
        guard.open("Events", "countries=Japan&dates=2025-11-01&dates=2026-11-25")
        page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', timeout=30_000)
        text = page.get_by_text(re.compile(r"events match the filters")).first.inner_text()
        assert "countries: JPN" in text and "2025-11-01" in text
        context.close()
        assert guard.outside == []
