"""An unexpected failure in a real browser: a short message with an id, never a traceback or a blank page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WAIT_MS, GuardedPage, streamlit_process

pytestmark = pytest.mark.browser


def test_failed_loading_shows_the_short_message_and_the_id_is_in_the_server_log(tab: GuardedPage, tmp_path: Path
                                                                                 ) -> None:
    not_a_folder = tmp_path / "data.csv"  # loading the curated data fails on every page
    not_a_folder.write_text("this is not a folder", encoding="utf-8")
    log = tmp_path / "server.log"
    with streamlit_process(env_extra={"NANSEI_DATA_DIR": str(not_a_folder)}, log_path=log) as (base, _proc):
        guard = tab.reuse(base)
        page = guard.page
        for path in ("", "Events"):
            page.goto(f"{base}/{path}")
            alert = page.locator('[data-testid="stAlertContentError"]', has_text="could not be completed")
            expect(alert).to_contain_text("Nothing was changed", timeout=WAIT_MS)
            expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)
            text = alert.inner_text()
            assert "NotADirectoryError" in text and "Try:" in text
            assert "Traceback" not in page.content() and str(not_a_folder) not in text
            assert page.locator('[data-testid="stException"]').count() == 0  # the message replaces it
            error_id = re.search(r"error id ([0-9a-f]{10})", text).group(1)
            server_log = log.read_text(encoding="utf-8", errors="replace")
            assert f"error id {error_id}" in server_log and "Traceback" in server_log
        guard.leave()  # before the server stops: no page left reconnecting to it
