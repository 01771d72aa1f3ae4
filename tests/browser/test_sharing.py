"""A shared link stays a shared link: every page, as many switches later as you like (issue 15, finding 1)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import POLL_MS, GuardedPage, wait_until_idle

pytestmark = pytest.mark.browser

LINK = "countries=JPN&countries=China&match=all&dates=2025-11-01&dates=2026-05-31"
EXPECTED = {"countries": ["Japan", "China"], "match": ["all"], "dates": ["2025-11-01", "2026-05-31"]}
TOUR = ["Sources", "Map", "Overview", "Budgets", "Timeline", "Events", "Data check", "Briefing", "Events"]


def view_params(url: str) -> dict[str, list[str]]:
    query = parse_qs(urlparse(url).query)
    return {key: query[key] for key in ("countries", "match", "dates", "categories") if key in query}


def switch(page, name: str) -> None:
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]', has_text=name).first.click()
    # The new page's own title (set_page_config) shows that its script has taken over.
    page.wait_for_function("name => document.title.startsWith(name + ' ·')", arg=name, polling=POLL_MS,
                           timeout=30_000)
    wait_until_idle(page)


def chips(page) -> list[str]:
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.locator(
        "[data-tag]").all_inner_texts()


def events_caption(page) -> str:
    return page.get_by_text(re.compile(r"\d+ events match the filters")).first.inner_text()


def test_shared_link_survives_every_page_switch_and_a_change_after_them_stays(guarded: GuardedPage) -> None:
    page = guarded.page
    guarded.open("Events", LINK)
    caption = events_caption(page)
    assert "countries: all of JPN, CHN" in caption and "2025-11-01 to 2026-05-31" in caption, caption
    # The link is rewritten in canonical form (names), nothing is lost.
    assert view_params(page.url) == EXPECTED, page.url
    for name in TOUR:
        switch(page, name)
        # Every page drawn whole inside the loopback-only namespace (test_no_network leaves the tour to this test).
        assert page.locator('[data-testid="stException"]').count() == 0, name
        assert page.get_by_text("could not be completed").count() == 0, name
        assert view_params(page.url) == EXPECTED, (name, page.url)
        assert [c.strip() for c in chips(page)] == ["Japan", "China"], name
    assert events_caption(page) == caption
    # The link copied after all those switches opens the same view in a new session.
    fresh = page.context.browser.new_context().new_page()
    fresh_guard = GuardedPage(fresh, guarded.base)
    fresh.goto(page.url)
    wait_until_idle(fresh)
    assert events_caption(fresh) == caption
    fresh.context.close()
    assert fresh_guard.outside == []

    # A change after all those switches (the tour ends on Events) reaches the link and stays.
    # Remove China: the link drops it (and "all of", meaningless for one country) and keeps the rest.
    page.locator('[data-testid="stSidebar"] button[aria-label="Remove China"]').first.click()
    page.get_by_text(re.compile(r"events match the filters \(countries: JPN;")).first.wait_for(timeout=30_000)
    wait_until_idle(page)
    expected = {"countries": ["Japan"], "dates": ["2025-11-01", "2026-05-31"]}
    assert view_params(page.url) == expected, page.url
    for name in ("Overview", "Map", "Events"):
        switch(page, name)
        assert view_params(page.url) == expected, (name, page.url)
    assert "countries: JPN;" in events_caption(page)
