"""Imported text with Markdown/HTML payloads is shown as text on every page, and nothing leaves the machine.

The offline guard records any outside request (and none could leave: tests/browser/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from analysis.imports.pipeline import import_paths
from analysis.imports.synth import ACLED_HEADER, acled_rows
from tests.browser.conftest import DESKTOP, GuardedPage, rerun, streamlit_process, wait_until_idle
from tests.browser.curate_helpers import SECRET, unlock
from tests.unit.imports.conftest import acled_bytes

pytestmark = pytest.mark.browser
PAYLOADS = {
    "actor1": "![b](http://beacon.invalid/actor.png)",
    "actor2": "[click](http://beacon.invalid/link) <img src=http://beacon.invalid/a2.png>",
    "notes": '<img src="http://beacon.invalid/notes.png"> **bold** <script>fetch("http://beacon.invalid/s")</script>',
    "location": "<iframe src=http://beacon.invalid/frame></iframe>",
    "source": "![s](http://beacon.invalid/source.png)",
}


def payload_file(tmp_path: Path) -> Path:
    rows = acled_rows(3, seed=11)
    for row in rows:
        for column, value in PAYLOADS.items():
            row[ACLED_HEADER.index(column)] = value
    path = tmp_path / "payload.csv"
    path.write_bytes(acled_bytes(rows))
    return path


def test_payloads_stay_text_on_every_page(tab: GuardedPage, tmp_path: Path) -> None:
    payload = payload_file(tmp_path)
    store = tmp_path / "store"
    _, record = import_paths([payload], "acled", folder=store)
    assert record["stored"] == 3
    env = {"NANSEI_STORE_DIR": str(store), "NANSEI_EDITOR_SECRET": SECRET}
    with streamlit_process("app.py", env) as (base, _proc):
        guard = tab.reuse(base, DESKTOP)
        sidebar = guard.page.locator('[data-testid="stSidebar"]')
        imported_on = sidebar.locator('[data-testid="stCheckbox"]', has_text="Show imported events").locator("input")
        beacons = guard.page.locator('img[src*="beacon.invalid"], iframe[src*="beacon.invalid"]')
        guard.open("", "imported=true")  # one page load; the sidebar's links carry the toggle to the next pages
        for path in ("Overview", "Events", "Map"):
            if path != "Overview":
                with rerun(guard.page):
                    sidebar.get_by_role("link", name=path, exact=True).click()
            expect(guard.page.locator('[data-testid="stMainBlockContainer"] h1')).not_to_have_count(0)
            expect(imported_on).to_be_checked()  # the payload rows are on this page
            assert beacons.count() == 0, path
        with rerun(guard.page):  # uploading stages files on disk: editors only (docs/security.md)
            sidebar.get_by_role("link", name="Curate", exact=True).click()
        unlock(guard.page)
        with rerun(guard.page):  # a page link keeps the session, so the unlock holds
            sidebar.get_by_role("link", name="Import", exact=True).click()
        guard.page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(payload))
        guard.page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
        wait_until_idle(guard.page)
        assert guard.page.locator('[data-testid="stMetricValue"]').first.inner_text().strip() == "3"
        assert guard.page.locator('img[src*="beacon.invalid"], iframe[src*="beacon.invalid"]').count() == 0
        guard.leave()  # before the server stops: no page left reconnecting to it
