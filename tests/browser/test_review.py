"""The Review inbox in a real browser: synced feed rows appear as candidates, one dismissed, one taken to Curate.

The store is filled by a real ``sync gdelt`` run against GDELT-format files served from 127.0.0.1
(tests/unit/imports/feedserver.py); the app itself makes no outside request (GuardedPage checks it).
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from analysis.curation.review import read_decisions
from analysis.imports.fetch import Limits
from analysis.imports.sync import parse_since, sync_gdelt
from analysis.query.candidates import candidates_since
from tests.browser.conftest import GuardedPage, rerun, streamlit_process
from tests.browser.curate_helpers import (
    SECRET,
    data_copy,
    unlock,
    wait_for_message,
)
from tests.unit.imports.feedserver import serve
from tests.unit.imports.test_candidates import row

pytestmark = pytest.mark.browser


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


def test_inbox_accept_and_dismiss(tab: GuardedPage, review_server) -> None:
    base, folder, ids = review_server
    accept_id, dismiss_id = ids["China – Japan"], ids["Japan – United States"]
    guard = tab.reuse(base, {"width": 1400, "height": 1000})
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
    decided = read_decisions(folder).set_index("candidate_id")
    assert list(decided.index) == [dismiss_id] and decided.loc[dismiss_id, "decision"] == "dismissed"

    best = page.locator(f".st-key-rev-card-{accept_id}")
    expect(best).to_contain_text("https://news.example.org/story-1")
    with rerun(page):  # st.switch_page in the browser: the Curate page opens with the candidate's sources
        best.get_by_role("button", name="Accept → Curate form").click()
    expect(page.locator("h1").first).to_have_text("Curate the data")
    assert page.locator(".st-key-cur_src_url input").input_value() == "https://news.example.org/story-1"
    expect(page.get_by_text("https://news.example.org/story-2", exact=True)).to_be_visible()
    # Filling that form and saving it (the decision recorded, both sources cited) is
    # tests/app/test_review_page.py::test_editor_accepts_into_the_curate_form_citing_every_source; typing
    # into the Curate form in a browser is tests/browser/test_curate_browser.py.

    guard.open("Review")  # a reload: a new session, read-only; the dismissal still holds, nothing was accepted
    expect(page.locator('[data-testid="stText"]', has_text=" new since ").first).to_have_text(
        "2 new since Wednesday 18 Nov, 0 accepted, 1 dismissed")
    table = page.locator('[data-testid="stDataFrame"]').first
    expect(table).to_be_visible()
    assert page.locator(f".st-key-rev-card-{dismiss_id}").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
