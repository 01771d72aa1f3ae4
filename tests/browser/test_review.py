"""The Review inbox in a real browser: synced feed rows appear as candidates, one accepted, one dismissed.

The store is filled by a real ``sync gdelt`` run against GDELT-format files served from 127.0.0.1
(tests/unit/imports/feedserver.py); the app itself makes no outside request (GuardedPage checks it).
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from analysis.curation.review import read_decisions
from analysis.data.loader import load_dataset
from analysis.imports.fetch import Limits
from analysis.imports.sync import parse_since, sync_gdelt
from analysis.query.candidates import candidates_since
from tests.browser.conftest import GuardedPage, rerun, streamlit_process
from tests.browser.curate_helpers import (
    SECRET,
    assert_valid,
    click,
    data_copy,
    fill_text,
    pick,
    unlock,
    wait_for_message,
)
from tests.unit.imports.feedserver import serve
from tests.unit.imports.test_candidates import row

pytestmark = pytest.mark.browser
TITLE = "Chinese and Japanese forces show strength near Kadena"


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module):
    tmp = tmp_path_factory.mktemp("review")
    folder, store = data_copy(tmp), tmp / "store"
    monkeypatch_module.setenv("no_proxy", "127.0.0.1")
    with serve() as feed:
        url = feed.set_list([
            feed.add_export("20261124000000.export.CSV.zip", [
                row(1, "20261120", "JPN", "CHN", "15", 26.35, 127.77, articles=6),
                row(2, "20261120", "CHN", "JPN", "15", 26.40, 127.80, articles=6)]),
            feed.add_export("20261124001500.export.CSV.zip", [
                row(3, "20261121", "JPN", "USA", "01", 33.60, 130.40, articles=2, goldstein="0.0"),
                row(4, "20261122", "CHN", "TWN", "01", 24.10, 120.60, articles=1, goldstein="0.0")]),
        ])
        result = sync_gdelt(store, url, parse_since("2026-11-24"), limits=Limits(1 << 20, 30, 5, 2, 0),
                            say=print, sleep=lambda s: None)
    assert (result.fetched, result.failed, result.accepted) == (2, 0, 4), result.failures
    found = candidates_since(dt.date(2026, 11, 18), store)
    ids = dict(zip(found["actors"], found["candidate_id"], strict=True))
    env = {"NANSEI_DATA_DIR": str(folder), "NANSEI_STORE_DIR": str(store), "NANSEI_EDITOR_SECRET": SECRET}
    with streamlit_process("app.py", env) as (base, _proc):
        yield base, folder, ids


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def go(page, label: str) -> None:
    with rerun(page):
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name=label, exact=True).click()


def counts(page) -> str:
    return page.locator('[data-testid="stText"]', has_text=" new since ").first.inner_text()


def test_inbox_accept_and_dismiss(browser, review_server) -> None:
    base, folder, ids = review_server
    accept_id, dismiss_id = ids["China – Japan"], ids["Japan – United States"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    guard = GuardedPage(context.new_page(), base)
    page = guard.page
    guard.open("Curate")
    unlock(page)
    go(page, "Review")
    expect(page.locator('[data-testid="stText"]', has_text=" new since ").first).to_have_text(
        "3 new since Wednesday 18 Nov, 0 accepted, 0 dismissed")
    expect(page.get_by_text("Last GDELT sync", exact=False).first).to_contain_text("2 file(s) fetched")
    card = page.locator(f".st-key-rev-card-{dismiss_id}")
    expect(card).to_contain_text("Japan – United States")
    reason = card.locator('[data-testid="stTextInput"] input')
    with rerun(page):
        reason.fill("routine statement, outside the theatre's focus")
        reason.press("Enter")
    with rerun(page):
        card.get_by_role("button", name="Dismiss", exact=True).click()
    wait_for_message(page, "It will not come back")
    expect(page.locator(f".st-key-rev-card-{dismiss_id}")).to_have_count(0)
    assert counts(page) == "2 new since Wednesday 18 Nov, 0 accepted, 1 dismissed"

    best = page.locator(f".st-key-rev-card-{accept_id}")
    expect(best).to_contain_text("https://news.example.org/story-1")
    with rerun(page):
        best.get_by_role("button", name="Accept → Curate form").click()
    expect(page.locator("h1").first).to_have_text("Curate the data")
    assert page.locator(".st-key-cur_src_url input").input_value() == "https://news.example.org/story-1"
    expect(page.get_by_text("https://news.example.org/story-2", exact=True)).to_be_visible()
    fill_text(page, "Your name (for the change log)", "browser-analyst")
    fill_text(page, "Title *", TITLE)
    fill_text(page, "Summary *", "Both sides' forces were reported near the base; written for the test.", area=True)
    pick(page, "Region *", "Okinawa")
    pick(page, "Confidence *", "Low")
    source_title = page.locator('[data-testid="stTextInput"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text="Title *")).nth(1).locator("input")
    with rerun(page):
        source_title.fill("Story one")
        source_title.press("Enter")
    fill_text(page, "Published", "2026-11-20")
    for key, value in (("cur_feed_0_title", "Story two"), ("cur_feed_0_published", "2026-11-21")):
        box = page.locator(f".st-key-{key} input")
        with rerun(page):
            box.fill(value)
            box.press("Enter")
    pick(page, "Tier *", "Major", key="cur_src_tier")  # each new source's tier is chosen, no default
    pick(page, "Tier *", "other", key="cur_feed_0_tier")
    click(page, "Save event")
    wait_for_message(page, "with 2 new sources")
    assert_valid(folder)
    data = load_dataset(folder)
    event = data.events.loc[data.events["title"] == TITLE].iloc[0]
    cited = data.sources.set_index("source_id").loc[event["source_ids"].split(";"), "url"]
    assert sorted(cited) == ["https://news.example.org/story-1", "https://news.example.org/story-2"]
    decided = read_decisions(folder).set_index("candidate_id")
    assert decided.loc[accept_id, "event_id"] == event["event_id"]
    assert decided.loc[dismiss_id, "decision"] == "dismissed"

    go(page, "Review")
    expect(page.locator('[data-testid="stText"]', has_text=" new since ").first).to_have_text(
        "1 new since Wednesday 18 Nov, 1 accepted, 1 dismissed")
    guard.open("Review")  # a reload: a new session, read-only, the decisions still hold
    expect(page.locator('[data-testid="stText"]', has_text=" new since ").first).to_have_text(
        "1 new since Wednesday 18 Nov, 1 accepted, 1 dismissed")
    table = page.locator('[data-testid="stDataFrame"]').first
    expect(table).to_be_visible()
    assert page.locator(f".st-key-rev-card-{dismiss_id}").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
    context.close()
    assert guard.outside == []
