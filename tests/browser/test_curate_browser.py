"""Curate page in a real browser: add, see on Timeline and Map, undo; concurrent editors editing; viewers.

One server for the module runs on a temporary copy of the fixture data (NANSEI_DATA_DIR) with an editor
secret; each test starts from the fixture's files again (restored in place, no new server).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from analysis.curation import read_log
from analysis.data.loader import load_dataset
from tests.browser.conftest import GuardedPage, rerun, streamlit_process
from tests.browser.curate_helpers import (
    SECRET,
    assert_valid,
    checksums,
    click,
    data_copy,
    fill_text,
    pick,
    restore_fixture,
    set_date,
    unlock,
    wait_for_message,
)
from tests.conftest import FIXTURE_DATA

pytestmark = pytest.mark.browser
TITLE = "Browser-added coast guard statement"


@pytest.fixture(scope="module")
def module_server(tmp_path_factory: pytest.TempPathFactory):
    folder = data_copy(tmp_path_factory.mktemp("curate"))
    env = {"NANSEI_DATA_DIR": str(folder), "NANSEI_EDITOR_SECRET": SECRET}
    with streamlit_process("app.py", env) as (base, _proc):
        yield base, folder


@pytest.fixture
def editor_server(module_server):
    """The module's server, its data folder back to the fixture's files (the change log gone)."""
    base, folder = module_server
    restore_fixture(folder)
    assert checksums(folder) == checksums(FIXTURE_DATA)
    return base, folder


VIEWPORT = {"width": 1400, "height": 1000}


def second_session(first: GuardedPage, path: str) -> GuardedPage:
    """A second tab beside ``first``: another Streamlit session, a second editor working at the same time.

    The unlock and the open form live in each session on the server, so a tab is a second editor; it shares
    the first tab's HTTP cache, where a new browser context fetched and compiled Streamlit's bundles afresh.
    """
    guard = GuardedPage(first.page.context.new_page(), first.base)
    guard.page.set_viewport_size(VIEWPORT)
    guard.open(path)
    return guard


def go(page, label: str) -> None:
    """Switch page through the sidebar link (same session, so the editor stays unlocked)."""
    with rerun(page):  # the new page's run: the old page's h1 is no proof it has taken over
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name=label, exact=True).click()


def test_add_see_on_timeline_and_map_undo(tab: GuardedPage, editor_server) -> None:
    base, folder = editor_server
    guard = tab.reuse(base, VIEWPORT)
    guard.open("Curate")
    page = guard.page
    unlock(page)
    fill_text(page, "Your name (for the change log)", "browser-analyst")
    set_date(page, "Date *", "2026-01-20")
    fill_text(page, "Title *", TITLE)
    fill_text(page, "Summary *", "The coast guard said its ships shadowed two vessels; written for the test.",
              area=True)
    pick(page, "Category *", "Maritime grey zone")
    pick(page, "Actors *", "China", "Japan", testid="stMultiSelect")
    pick(page, "Place from the sites table", "Fixture")
    pick(page, "Region *", "Okinawa")
    pick(page, "What happened (CAMEO act) *", "CAMEO 111")
    pick(page, "Confidence *", "Medium")
    fill_text(page, "Publisher *", "Fixture Coast Guard Wire")
    source_title = page.locator('[data-testid="stTextInput"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text="Title *")).nth(1).locator("input")
    with rerun(page):  # empty before, so the value changes and the script reruns
        source_title.fill("Shadowing near the islands")
        source_title.press("Enter")
    fill_text(page, "Published", "2026-01-20")
    pick(page, "Tier *", "Wire", key="cur_src_tier")  # required for a new source, no default
    click(page, "Save event")
    wait_for_message(page, "Saved “")
    assert_valid(folder)
    events = load_dataset(folder).events.set_index("event_id")
    event_id = events.index[events["title"] == TITLE][0]
    assert events.loc[event_id, "source_ids"] == "src-fixture-coast-20260120-shadowing-near-islands"

    go(page, "Timeline")
    pick(page, "Event record", TITLE)
    page.get_by_text(TITLE).first.wait_for(timeout=30_000)
    go(page, "Map")
    caption = page.get_by_text("filtered events are on the map").first.inner_text()
    assert caption.startswith("3 of 6"), caption  # before: 2 of 5 (Tokyo, Beijing outside; fx-4 unplaced)

    go(page, "Curate")  # the unlock holds across page links (one session)
    # Editing in the browser is test_concurrent_edit_is_refused_and_viewers_cannot_write below.
    click(page, "Undo the last change")
    wait_for_message(page, "undo: saved")
    assert_valid(folder)
    assert event_id not in set(load_dataset(folder).events["event_id"])
    assert [e["action"] for e in read_log(folder)] == ["add", "undo"]
    assert read_log(folder)[0]["who"] == "browser-analyst"
    assert page.locator('[data-testid="stException"]').count() == 0


def test_concurrent_edit_is_refused_and_viewers_cannot_write(tab: GuardedPage, editor_server) -> None:
    base, folder = editor_server
    first = tab.reuse(base, VIEWPORT)
    first.open("Curate")
    second = second_session(first, "Curate")
    for guard in (first, second):
        unlock(guard.page)
        with rerun(guard.page):
            guard.page.get_by_text("Edit, retire or restore an event").click()
        pick(guard.page, "Event to edit", "Fixture advisory")
    fill_text(first.page, "Title *", "First editor's title")
    fill_text(second.page, "Title *", "Second editor's title")
    click(first.page, "Save changes")
    wait_for_message(first.page, "Saved the changes")
    before = checksums(folder)
    click(second.page, "Save changes")
    wait_for_message(second.page, "changed since this form was opened")
    assert second.page.get_by_text("Rows changed meanwhile").count() == 1
    assert second.page.locator('[data-testid="stTextInput"] input[value="Second editor\'s title"]').count() == 1
    assert checksums(folder) == before
    assert_valid(folder)
    assert load_dataset(folder).events.set_index("event_id").loc["fx-2", "title"] == "First editor's title"

    second.page.close()
    assert second.outside == []
    viewer = first  # the same tab loaded again: a new session on the same server, not unlocked
    viewer.open("Curate")
    unlock_button = viewer.page.get_by_role("button", name="Unlock editing")
    expect(unlock_button).to_have_count(1)  # waits for the viewer's page to show it, no sleeps
    for name in ("Save event", "Save changes", "Undo the last change", "Retire this event"):
        assert viewer.page.get_by_role("button", name=name).count() == 0
