"""The error boundary: an unexpected exception shows a short message with an id, never a traceback."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import PAGE_FILES, run_page

RAISING_PAGE = """
import ui

ctx = ui.setup_page("Probe")
raise RuntimeError("secret detail /etc/passwd")
"""


def boundary_message(at: AppTest) -> str:
    messages = [e.value for e in at.error if "could not be completed" in e.value]
    assert len(messages) == 1, [e.value for e in at.error]
    return messages[0]


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_exception_shows_the_short_message_and_logs_the_traceback_with_its_id() -> None:
    at = AppTest.from_string(RAISING_PAGE, default_timeout=60)
    handler = Records()
    logger = logging.getLogger("nansei.errors")  # streamlit's loggers do not propagate to caplog
    logger.addHandler(handler)
    try:
        at.run()
    finally:
        logger.removeHandler(handler)
    assert not at.exception  # Streamlit's own error box (traceback or generic line) is suppressed
    text = boundary_message(at)
    assert "The Probe page could not be completed" in text and "(RuntimeError)" in text
    assert "Nothing was changed" in text and "Try:" in text
    assert "secret detail" not in text and "Traceback" not in text
    error_id = re.search(r"error id `([0-9a-f]{10})`", text).group(1)
    logged = [r for r in handler.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info and "secret detail" in str(logged[0].exc_info[1])
    assert at.sidebar.multiselect(key="countries") is not None  # the page is not blank: sidebar still there


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_runs_inside_the_boundary(page: str, monkeypatch, tmp_path: Path) -> None:
    # A data "folder" that is a file: loading the curated data fails on every page.
    not_a_folder = tmp_path / "data.csv"
    not_a_folder.write_text("this is not a folder", encoding="utf-8")
    monkeypatch.setenv("NANSEI_DATA_DIR", str(not_a_folder))
    at = run_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert "(NotADirectoryError)" in boundary_message(at)


FAILING_IMPORT_PAGE = """
import ui
from analysis.no_such_module import anything
"""


def test_a_page_whose_imports_fail_gets_the_short_message_on_every_run() -> None:
    at = AppTest.from_string(FAILING_IMPORT_PAGE, default_timeout=60)
    for _ in range(2):  # the second run imports ui from the module cache: the boundary must still hold
        at.run()
        assert not at.exception
        text = boundary_message(at)
        assert text.startswith("**This page could not be completed") and "(ModuleNotFoundError)" in text
        assert "no_such_module" not in text and re.search(r"error id `[0-9a-f]{10}`", text)
