"""Shared test helpers: paths to the fixture dataset and the repository, and the pinned day.

The whole run takes ``PINNED_TODAY`` as today (``NANSEI_TODAY``, read by ``analysis.clock``): set
here at import, before any test runs, so AppTest pages, CLI subprocesses and browser servers inherit
it, and the suite passes whatever the machine's calendar says. Tests that are about time set their
own day and assert around it.
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import os
import resource
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.xdist_order import BrowserFilesFirst

REPO = Path(__file__).resolve().parent.parent
FIXTURE_DATA = REPO / "tests" / "fixtures" / "data"
PINNED_TODAY = dt.date(2026, 11, 25)
os.environ["NANSEI_TODAY"] = PINNED_TODAY.isoformat()
# Each test process (each xdist worker) has its own dataset disk cache, removed when it exits: a dev server's
# cache is never touched and workers never evict each other's entries.
_CACHE = Path(tempfile.mkdtemp(prefix="nansei-test-cache-"))
os.environ["NANSEI_CACHE_DIR"] = str(_CACHE)
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
# Pages do not start the export browser when they draw download buttons: every AppTest page and every test
# server did, each a Chromium of ten processes, though few tests export. A test that exports starts it then
# (analysis.export.browser) and keeps it for the rest of its process (closed at exit), so the export tests of
# one worker share one Chromium; the warm-up itself is tested with the setting on (tests/unit/export/test_export.py).
os.environ["NANSEI_EXPORT_WARM"] = "0"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--cpu-report", metavar="FILE", default=None,
                     help="append each test's CPU seconds (this process, its threads and the children it "
                          "waited for) to FILE: a measure of cost that a loaded machine does not inflate")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move what collection made (modules, test items) out of the garbage collector's sight.

    It lives until the run ends, yet every full collection walked it again: the imports' and
    stores' ``gc.collect()`` calls (``analysis.imports.store.release_memory``) and Python's own.
    """
    gc.collect()
    gc.freeze()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadfile`` takes the browser files first (tests/xdist_order.py); other modes are xdist's own."""
    if config.getvalue("dist") != "loadfile":
        return None
    return BrowserFilesFirst(config, log)


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    report = item.config.getoption("--cpu-report")
    before = _cpu_seconds() if report else 0.0
    yield
    if report:
        with open(report, "a", encoding="utf-8") as out:
            out.write(f"{_cpu_seconds() - before:.2f}\t{item.nodeid}\n")


@pytest.fixture
def fixture_data_dir() -> Path:
    """The tiny synthetic dataset in tests/fixtures/data."""
    return FIXTURE_DATA


def copy_fixture_data(target: Path) -> Path:
    """Copy the fixture dataset (tables and reference tables) into ``target``; return it."""
    shutil.copytree(FIXTURE_DATA, target, dirs_exist_ok=True)
    return target


@pytest.fixture
def broken_data_dir(tmp_path: Path) -> Path:
    """A copy of the fixture dataset with a malformed events.csv (the original is untouched)."""
    copy_fixture_data(tmp_path)
    events = (tmp_path / "events.csv").read_text(encoding="utf-8").splitlines()
    events.append("fx-far,2025-12-01,day,,Far away,Outside the box.,military_incident,CHN,CHN,,Nowhere,"
                  "10.0,150.0,okinawa,150,,,,src-fix-a,high")
    # An unclosed quote swallows the rest of the file: it must come last.
    events.append('fx-bad,2031-01-01,day,,Future event,"unclosed, extra,field,statement')
    (tmp_path / "events.csv").write_text("\n".join(events) + "\n", encoding="utf-8")
    return tmp_path
