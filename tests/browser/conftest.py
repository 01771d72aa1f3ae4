"""Real-browser fixtures: a `streamlit run` server on a free port and Debian's chromium.

Playwright drives /usr/bin/chromium (never `playwright install`). A missing
browser fails the run: CI must not pass by skipping these tests. Every page
is opened with a request guard that records any request that does not go to
the local server, so each test also proves the app is offline; the browser
resolves no host name but the loopback's, and `make test` runs it in a
loopback-only network namespace, so such a request also fails.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("NANSEI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The tests' browser resolves no host name (and maps no address) but the loopback's: an outside request the
# guard records also fails here, when the tests run outside the loopback-only namespace too.
OFFLINE_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
# The tests' browser also skips V8's optimising compilers (Maglev, TurboFan): a test page lives for seconds,
# and compiling its scripts for speed cost more than it saved (page opens: 4.5 -> 3.9 s of Chromium CPU, mean
# of 3 x 6). The benchmarks keep CHROMIUM_ARGS: they time what a reader's browser does.
TEST_CHROMIUM_ARGS = [*CHROMIUM_ARGS, *OFFLINE_ARGS, "--js-flags=--no-opt --no-maglev"]
# Every wait is on real state (a finished run, an element showing a value); this is only how long
# to keep waiting before calling it a failure. It is generous on purpose: on a shared 2-core machine
# under load (load average 20+) one script run has taken over a minute.
WAIT_MS = 180_000
expect.set_options(timeout=WAIT_MS)  # an expect() without its own timeout waits this long
# How often a wait_for_function re-checks its condition. Playwright's default is every animation frame, which
# makes Chromium draw 60 frames a second for as long as a wait lasts: 0.12 s of CPU per second of waiting
# against 0.02 s at 100 ms (measured with the server stopped mid-run). The suite waits for most of its
# time, on 2 cores shared with the other tests; 50 ms adds at most that much to a wait.
POLL_MS = 50
PAGE_PATHS = {
    "Overview": "",
    "Map": "Map",
    "Timeline": "Timeline",
    "Budgets": "Budgets",
    "Events": "Events",
    "Briefing": "Briefing",
    "Sources": "Sources",
    "Data check": "Data_check",
    "Curate": "Curate",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_process(
    script: str | Path = "app.py", env_extra: dict[str, str] | None = None, log_path: Path | None = None,
    extra_args: tuple[str, ...] = (),
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start `streamlit run` on a free loopback port; yield its base URL and process; stop it.

    The server's output goes to a file (``log_path``, or a temporary one), not a pipe:
    a pipe nobody reads fills up over a long session and stalls the server. Its tail is
    shown if the server does not start. The benchmark (bench/run.py) starts servers this way too;
    ``extra_args`` are appended to the command line (the profile turns on Streamlit's page profile).
    """
    port = free_port()
    env = {**os.environ, **(env_extra or {})}
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false", *extra_args]
    base = f"http://127.0.0.1:{port}"
    with (log_path.open("w+b") if log_path is not None else tempfile.TemporaryFile()) as log:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as reply:
                        if reply.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")
                    raise RuntimeError(f"streamlit did not start on {base}: {output[-2000:]}")
                time.sleep(0.2)
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextlib.contextmanager
def streamlit_server(data_dir: Path | None = None, script: str = "app.py") -> Iterator[str]:
    """Start `streamlit run` (optionally on another data folder); yield its base URL."""
    env_extra = {"NANSEI_DATA_DIR": str(data_dir)} if data_dir is not None else None
    with streamlit_process(script, env_extra) as (base, _proc):
        yield base


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """One server on the bundled data for the whole browser session."""
    with streamlit_server() as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: `make test` installs Debian's chromium (apt-get install "
                    "chromium); browser tests never skip")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=TEST_CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class GuardedPage:
    """A Playwright page plus the list of outside requests it tried.

    The guard listens; it does not intercept. Playwright turns the browser's HTTP cache off for a page
    with a route, and then every page load fetched and compiled Streamlit's bundles again: 2.5 -> 1.5 s
    of Chromium CPU per Overview load and 1.9 -> 1.0 s per Curate load once the guard only listened
    (4 loads each, two rounds; issue 22). Outside requests still fail: no name resolves
    (``OFFLINE_ARGS``) and `make test` runs the browser in a loopback-only namespace.
    """

    def __init__(self, page, base: str) -> None:
        self.page = page
        self.base = base
        self.outside: list[str] = []
        page.set_default_timeout(WAIT_MS)  # clicks, waits and expect() alike
        count_script_runs(page)
        page.on("request", self._record)

    def _record(self, request) -> None:
        url = request.url
        if not (url.startswith(self.base) or url.startswith(("data:", "blob:"))):
            self.outside.append(url)

    def open(self, path: str = "", query: str = "") -> None:
        url = f"{self.base}/{path}" + (f"?{query}" if query else "")
        self.page.goto(url)
        wait_until_idle(self.page, runs_before=0)

    def reuse(self, base: str, viewport: dict[str, int] | None = None) -> GuardedPage:
        """Ready this tab for the next test: a blank document, ``base`` as the one allowed server, the viewport.

        The blank document ends the last test's session (its websocket), so no reconnecting
        page is left behind when that test's server stops; the list of outside requests starts empty.
        """
        self.page.goto("about:blank")
        if viewport is not None:
            self.page.set_viewport_size(viewport)
        self.base, self.outside = base, []
        return self

    def leave(self) -> None:
        """End the test's session (a blank document) and fail if the app asked for any outside address."""
        self.page.goto("about:blank")
        assert self.outside == [], f"the app requested outside addresses: {self.outside}"


# Counts finished script runs in the page (page load, widget change, page switch); the counter
# lives in the document, so it starts at 0 on every full page load. It reads the server's own
# messages, not the DOM: a browser starved of CPU may paint a whole short run in one frame, so a
# "running" state attribute is never seen and a DOM-based count misses the run.
# Every ForwardMsg is one binary websocket frame; a run's end is field 6 (script_finished,
# a varint enum). Value 2 (FINISHED_EARLY_FOR_RERUN) is a run cut short by the next one.
RUN_COUNTER_JS = """
(() => {
  window.__nanseiRuns = 0;
  const Native = window.WebSocket;
  const finished = (buffer) => {
    const b = new Uint8Array(buffer);
    let i = 0;
    const varint = () => {
      let value = 0, shift = 0, byte = 0;
      do { byte = b[i++]; value += (byte & 127) * 2 ** shift; shift += 7; } while (byte & 128 && i < b.length);
      return value;
    };
    while (i < b.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { const value = varint(); if (field === 6) return value !== 2; }
      // the length first: `i += varint()` would add it to i as it was *before* the length was read
      else if (wire === 2) { const length = varint(); i += length; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return false;
    }
    return false;
  };
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (event.data instanceof ArrayBuffer && finished(event.data)) window.__nanseiRuns += 1;
      });
    }
  };
})();
"""


def count_script_runs(page) -> None:
    """Install the finished-run counter in ``page`` (for every document it loads from now on)."""
    page.add_init_script(RUN_COUNTER_JS)


def runs_finished(page) -> int:
    """How many script runs have finished in the page's current document."""
    return int(page.evaluate("() => window.__nanseiRuns || 0"))


# A chart whose key-event labels are stacked for a width (timeline.timeline_figure's layout.meta) is rebuilt
# for the window's main column once the page has reported it narrow (timeline.NARROW_MAIN_PX): on a phone the
# first drawing is replaced by a second run's. (scripts/shoot_pages.py waits on it.)
LAID_OUT_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).every(p => {
  const px = p.layout && p.layout.meta && p.layout.meta.labels_stacked_for_px;
  return !px || window.innerWidth >= 900 || px < window.innerWidth; })"""


def wait_until_idle(page, timeout_ms: int = WAIT_MS, runs_before: int | None = None) -> None:
    """Wait until the app has rendered and its script run has finished.

    With ``runs_before`` (the value of :func:`runs_finished` before an action), first
    wait until a run *after* that action has ended: without it, a check made before the
    rerun starts would see the previous run's "notRunning" state and return at once.
    Then wait until the app reads ``notRunning`` and no element is still marked stale.
    A test still checks the value it expects with ``expect(...)`` afterwards.
    """
    if runs_before is not None:
        page.wait_for_function("n => (window.__nanseiRuns || 0) > n", arg=runs_before, polling=POLL_MS,
                                timeout=timeout_ms)
    # attached, not visible: at phone width the sidebar is drawn collapsed.
    page.wait_for_selector('[data-testid="stSidebar"]', state="attached", timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-stale=\"true\"]').length === 0", polling=POLL_MS, timeout=timeout_ms
    )


@contextlib.contextmanager
def rerun(page, timeout_ms: int = WAIT_MS) -> Iterator[None]:
    """Wrap an action that makes the app rerun; on exit, that rerun has finished.

    ``with rerun(page): option.click()``. Use it only for actions that do rerun the
    script (widget changes, page links, buttons); the test then checks the new value
    with ``expect(locator).to_have_text(...)``, which retries until it shows.
    """
    before = runs_finished(page)
    yield
    wait_until_idle(page, timeout_ms, runs_before=before)


T = TypeVar("T")


def hover_until_labelled(page, move: Callable[[], T], label, attempts: int = 6, each_ms: int = 20_000) -> T:
    """Move the pointer with ``move()`` until plotly's hover ``label`` shows; return the last move's value.

    A hover that lands while plotly is still laying out is lost, so each try moves again (``move``
    re-reads the target's position) after moving away; the label showing is the proof that the
    marker is under the pointer. Fails (after WAIT_MS more) if it never shows.
    """
    for _attempt in range(attempts):
        where = move()
        try:
            label.wait_for(timeout=each_ms)
            break
        except PlaywrightTimeoutError:
            page.mouse.move(0, 0)
    expect(label).to_be_visible(timeout=WAIT_MS)
    return where


DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


# Tests open their pages in one tab per worker (one more for the phone) instead of a new browser context
# each: a context is a new renderer process that compiles Streamlit's and plotly's scripts afresh. Opening
# a page in a new context took 4.0 (Overview), 6.4 (Timeline) and 3.0 s (Curate) of Chromium CPU, against
# 2.1, 2.3 and 1.7 s when the same tab loads it again (medians of 9 interleaved loads on one server, CPU of
# every chromium process read from /proc; issue 22). A load is still a new document and a new Streamlit
# session: nothing of the last test's page stays. A test needing two sessions at once opens a context.
@pytest.fixture(scope="session")
def desktop_tab(browser) -> Iterator[GuardedPage]:
    context = browser.new_context(accept_downloads=True, viewport=DESKTOP)
    yield GuardedPage(context.new_page(), "")
    context.close()


@pytest.fixture(scope="session")
def phone_tab(browser) -> Iterator[GuardedPage]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield GuardedPage(context.new_page(), "")
    context.close()


@pytest.fixture
def tab(desktop_tab: GuardedPage) -> Iterator[GuardedPage]:
    """The worker's desktop tab for a test that starts its own server (``tab.reuse(base)``); checked afterwards."""
    yield desktop_tab
    desktop_tab.leave()


@pytest.fixture
def guarded(desktop_tab: GuardedPage, server: str) -> Iterator[GuardedPage]:
    """The desktop tab on the shared server; fails if anything left the machine."""
    guard = desktop_tab.reuse(server, DESKTOP)
    yield guard
    guard.leave()


@pytest.fixture
def phone(phone_tab: GuardedPage, server: str) -> Iterator[GuardedPage]:
    """A 390x844 touch phone on the shared server (the sidebar starts collapsed); fails if anything left the machine."""
    guard = phone_tab.reuse(server, PHONE)
    yield guard
    guard.leave()
