"""An analyst pastes a report on the Ingest page and reviews its candidates, offline; a viewer cannot write."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import GuardedPage, rerun, wait_until_idle

pytestmark = pytest.mark.browser
TIMEOUT = 60_000
REPORT = ("Four China Coast Guard ships entered Japan's territorial waters off the Senkaku Islands on Tuesday. "
          "Tokyo lodged a protest the same day.")


def paste_and_extract(page) -> None:
    with rerun(page):  # the radio starts on "Upload a file": choosing "Paste text" reruns
        page.locator('[data-testid="stRadio"]').get_by_text("Paste text").click()
    page.get_by_label("Report text (plain text)").fill(REPORT)
    page.get_by_label("Publisher").fill("Browser desk")
    page.get_by_label("Title").fill("Coast guard ships in Senkaku waters")
    for part, value in (("year", "2026"), ("month", "01"), ("day", "22")):
        page.get_by_role("spinbutton", name=f"{part}, Publication date").click()
        page.keyboard.type(value)
    page.keyboard.press("Tab")
    wait_until_idle(page)
    with rerun(page):  # a button click always reruns
        page.get_by_role("button", name="Extract candidates").click()


def test_viewer_sees_candidates_and_no_write_controls(guarded: GuardedPage) -> None:
    page = guarded.page
    guarded.open("Ingest")
    expect(page.get_by_text("Read-only")).to_be_visible(timeout=TIMEOUT)
    paste_and_extract(page)
    expect(page.get_by_role("heading", name="Review: 2 candidate(s)")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Sentence 1: Four China Coast Guard ships")).to_be_visible()
    assert page.get_by_role("button", name="Accept").count() == 0
    assert page.get_by_role("button", name="Reject").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
