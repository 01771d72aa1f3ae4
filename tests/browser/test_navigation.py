"""A deep link is the first request a fresh server gets: the page still has its sidebar and filters.

Picking a country in the sidebar: tests/browser/test_budgets.py. A change reaching the link and staying over
page switches, and the link opening the same view in a fresh session: tests/browser/test_sharing.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WAIT_MS, GuardedPage, streamlit_server

TIMEOUT = WAIT_MS

pytestmark = pytest.mark.browser


def caption(page):
    return page.get_by_text(re.compile(r"\d+ events match the filters")).first


def test_deep_link_on_fresh_server_has_sidebar_and_filters(tab: GuardedPage) -> None:
    with streamlit_server() as base:
        guard = tab.reuse(base)
        page = guard.page
        guard.open("Events", "countries=Japan&dates=2025-11-01&dates=2026-11-25")
        expect(caption(page)).to_contain_text("countries: JPN", timeout=TIMEOUT)
        expect(caption(page)).to_contain_text("2025-11-01")
        expect(page.locator('[data-testid="stSidebar"] [data-tag]')).to_contain_text(["Japan"])
        guard.leave()  # before the server stops: no page left reconnecting to it


def test_the_guard_records_an_outside_request_and_it_fails(guarded: GuardedPage) -> None:
    """Every browser test's offline proof rests on this: an outside request is recorded, and it cannot succeed."""
    url = "http://example.org/pixel.png"
    with guarded.page.expect_event("requestfailed", timeout=TIMEOUT) as failed:
        guarded.page.evaluate("url => { new Image().src = url; }", url)
    assert failed.value.url == url
    assert guarded.outside == [url]
    guarded.outside.clear()  # recorded on purpose: the fixture's own check is for the app's requests
