"""Extraction for the page runs in a worker process with a time budget and a candidate cap."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import types

import pytest

from analysis.ingest.extract import load_gazetteer
from analysis.ingest.limits import _bare_main, extract_with_budget
from tests.conftest import FIXTURE_DATA

REPORT = ("Four China Coast Guard ships entered Japan's territorial waters off the Senkaku Islands on Tuesday. "
          "Tokyo lodged a protest the same day.")


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(FIXTURE_DATA)


@pytest.mark.slow
def test_extraction_runs_in_another_process_and_returns_the_candidates(gaz) -> None:
    before = threading.active_count()
    result = extract_with_budget(REPORT, dt.date(2026, 1, 22), gaz, timeout_s=120)
    assert result.stopped == "" and len(result.candidates) == 2
    assert threading.active_count() <= before + 1  # no extraction thread left in the server


# libfaketime (make test-clock) also intercepts the timed waits of locks and semaphores, and a 0.05 s wait on
# the worker's result then lasted until the result came. This test is about a timer, not the calendar.
@pytest.mark.skipif("faketime" in os.environ.get("LD_PRELOAD", ""),
                    reason="under libfaketime, timed lock waits do not time out (make test-clock)")
@pytest.mark.timeout(60)
def test_a_report_over_the_time_budget_is_stopped_and_says_so(gaz) -> None:
    # About 1 s of extraction (0.25 s per 1,000 copies, measured), twenty times the budget: with the
    # extractor preloaded in the fork server, 50 copies took 14 ms and were no longer over it.
    result = extract_with_budget(REPORT * 4000, dt.date(2026, 1, 22), gaz, timeout_s=0.05)
    assert result.candidates.empty and "stopped after 0.05 s" in result.stopped


def test_candidates_over_the_cap_are_cut_and_it_says_so(gaz, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_INGEST_MAX_CANDIDATES", "1")
    result = extract_with_budget(REPORT, dt.date(2026, 1, 22), gaz, timeout_s=120)
    assert len(result.candidates) == 1 and "first 1 of 2 candidates" in result.stopped


def test_the_worker_does_not_run_the_page_script_again(gaz, tmp_path, monkeypatch) -> None:
    # Under Streamlit, __main__ is the page being run; multiprocessing ran that file again in every worker.
    marker = tmp_path / "page-ran"
    page = tmp_path / "page.py"
    page.write_text(f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n", encoding="utf-8")
    running_page = types.ModuleType("__main__")
    running_page.__file__ = str(page)
    monkeypatch.setitem(sys.modules, "__main__", running_page)
    result = extract_with_budget(REPORT, dt.date(2026, 1, 22), gaz, timeout_s=120)
    assert len(result.candidates) == 2
    assert not marker.exists()
    assert sys.modules["__main__"] is running_page  # the page's module is back once the worker started


def test_the_bare_main_is_put_back_as_it_was_even_when_there_was_none(monkeypatch) -> None:
    monkeypatch.delitem(sys.modules, "__main__")
    with _bare_main():
        assert not hasattr(sys.modules["__main__"], "__file__")  # nothing for a worker to run again
    assert "__main__" not in sys.modules
