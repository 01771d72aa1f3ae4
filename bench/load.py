"""Load test: N concurrent headless Chromium sessions (N = 1, 10, 25) change filters on one server.

``.venv/bin/python bench/load.py`` prints ``name=value`` lines (bench/run.py prints the same ones):

- ``load_errors``: sessions that failed (timeout, exception box, wrong content, or a
  filter that leaked from another session), over all rounds; target 0.
- ``load_p95_ratio_25``: p95 repaint at 25 sessions ÷ p95 at 1 session, same server, same run.
  A repaint is the time from picking or removing a country to the Events caption showing that
  filter, after the rerun it caused has finished.
- ``rss_after_close_ratio``: server RSS once every session has closed and Streamlit has dropped
  them ÷ RSS before the rounds (measured after four warm-up sessions, one per country, which run
  every filter the rounds use, so filled caches do not count as growth); target ≤ 1.1. Streamlit
  keeps a closed session for ``server.disconnectedSessionTTL`` (120 s by default, so a reconnecting
  tab finds it): "after close" is read 150 s after the last session closed;
  ``load_rss_10s_after_close_mb`` is the reading 10 s after, for comparison.

Leak or high-water mark (``bench/load.py --leak``; bench/run.py runs it too): three rounds of 25 sessions
on one server, RSS read 150 s after each round's last session closed. A leak grows with every round; a
high-water mark (memory the allocator keeps after the first peak) does not:

- ``leak_rss_round1_mb`` … ``leak_rss_round3_mb`` and ``leak_round3_over_round1`` (target ≤ 1.05);
  ``leak_round1_over_before`` (round 1 ÷ RSS after the warm-up: ``rss_after_close_ratio`` on this server)
  and a ``leak_verdict`` line.
- ``--probe`` (``--frames=N``, ``--trim``): the server runs ``ui.memprobe`` and answers after the warm-up
  and after each reading what holds its memory (sessions kept, objects, malloc heap, resident mappings,
  Arrow's pool, tracemalloc growth with N frames); with ``--trim`` also its RSS after ``malloc_trim(0)``
  (``leak_rss_roundK_after_trim_mb``). A trim changes the heap the next round starts from, and
  tracemalloc costs memory: such a run's round lines are not comparable with a plain run's.

Each session opens the Events page in its own browser context (its own Streamlit session),
picks its own country, adds a second one, removes the first and removes the second, checking
the caption each time. Every session uses one Chromium with N contexts (one process, like N tabs).
"""

from __future__ import annotations

import asyncio
import gc
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import psutil  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_process  # noqa: E402

SESSIONS = (1, 10, 25)
# (label in the multiselect, code shown in the caption)
COUNTRIES = (("Japan", "JPN"), ("China", "CHN"), ("United States", "USA"), ("Taiwan", "TWN"))
TIMEOUT_MS = 240_000
DISCONNECTED_TTL_S = 120.0  # streamlit's server.disconnectedSessionTTL default
CAPTION = "text=/\\d+ events match the filters/"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def emit(name: str, value: float | int, digits: int = 3) -> None:
    """One ``name=value`` line."""
    text = f"{value:.{digits}f}" if isinstance(value, float) else str(value)
    print(f"{name}={text}", flush=True)


def p95(values: list[float]) -> float:
    """95th percentile (inclusive method; the maximum for fewer than 2 values)."""
    if len(values) < 2:
        return max(values)
    return statistics.quantiles(values, n=20, method="inclusive")[18]


async def _change(page, action, expected: str | re.Pattern) -> float:
    """Do ``action`` (a coroutine factory); seconds until its rerun ended and the caption says ``expected``."""
    from playwright.async_api import expect

    start = time.perf_counter()
    await action()
    # Real state: the caption names the new filter (only the rerun the action caused writes it),
    # then the app is idle. Not the finished-run counter: a browser starved of CPU may paint a
    # whole short run in one frame, so the "running" state never reaches the DOM to be counted.
    wanted = expected if isinstance(expected, re.Pattern) else f"countries: {expected};"
    await expect(page.locator(CAPTION).first).to_contain_text(wanted, timeout=TIMEOUT_MS)
    await expect(page.locator(IDLE)).to_have_count(1, timeout=TIMEOUT_MS)
    return time.perf_counter() - start


async def session(browser, base: str, index: int, repaints: list[float], errors: list[str]) -> None:
    """One visitor: open Events, change the country filter four times, check the caption each time."""
    from playwright.async_api import expect

    own, other = COUNTRIES[index % len(COUNTRIES)], COUNTRIES[(index + 1) % len(COUNTRIES)]
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)  # clicks too: under load an action can wait longer than 30 s
    outside: list[str] = []

    async def guard(route) -> None:
        url = route.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:")):
            await route.continue_()
        else:
            outside.append(url)
            await route.abort()

    try:
        page = await context.new_page()
        await page.route("**/*", guard)
        await page.goto(f"{base}/Events", timeout=TIMEOUT_MS)
        await expect(page.locator(CAPTION).first).to_contain_text("countries: all;", timeout=TIMEOUT_MS)
        # And the first run has finished: a dropdown opened while it still draws the page can be closed
        # under the pointer (a loaded 25-session round lost 4 sessions' first pick that way).
        await expect(page.locator(IDLE)).to_have_count(1, timeout=TIMEOUT_MS)
        await expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=TIMEOUT_MS)
        box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first

        def pick(label: str):
            async def action() -> None:
                await box.click()
                await page.get_by_role("option", name=label, exact=True).click()
                await page.keyboard.press("Escape")
            return action

        def remove(label: str):
            async def action() -> None:
                await page.get_by_role("button", name=f"Remove {label}").click()
            return action

        a, b = own[1], other[1]
        both = re.compile(f"countries: (any of )?({a}, {b}|{b}, {a});")  # pick or list order
        repaints.append(await _change(page, pick(own[0]), own[1]))
        repaints.append(await _change(page, pick(other[0]), both))
        repaints.append(await _change(page, remove(own[0]), other[1]))
        repaints.append(await _change(page, remove(other[0]), "all"))
        if await page.locator('[data-testid="stException"]').count():
            errors.append(f"session {index}: exception shown")
        if outside:
            errors.append(f"session {index}: outside requests {outside[:3]}")
    except Exception as exc:  # a failed session is counted, not fatal
        errors.append(f"session {index}: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}")
        print(f"# error: {errors[-1]}", flush=True)
    finally:
        await context.close()


async def rounds(base: str, after_warm_up: Callable[[], object], sessions: tuple[int, ...] = SESSIONS,
                 after_round: Callable[[int], object] | None = None) -> tuple[dict[int, list[float]], list[str]]:
    """Warm-up (one session per country, then ``after_warm_up()``), then each N in ``sessions`` concurrently.

    ``after_round(i)``, when given, runs after round ``i`` (0-based) has closed its sessions.
    """
    from playwright.async_api import async_playwright

    repaints: dict[int, list[float]] = {}
    errors: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for index in range(len(COUNTRIES)):  # warm-up: every filter the rounds use is cached before RSS "before"
            await session(browser, base, index, [], errors)
        await asyncio.to_thread(after_warm_up)
        for round_index, n in enumerate(sessions):
            times: list[float] = []
            started = time.perf_counter()
            await asyncio.gather(*(session(browser, base, i, times, errors) for i in range(n)))
            repaints[n] = times
            print(f"# {n} sessions: {len(times)} repaints in {time.perf_counter() - started:.1f} s, "
                  f"p95 {p95(times) if times else float('nan'):.2f} s, errors so far {len(errors)}", flush=True)
            if after_round is not None:
                await asyncio.to_thread(after_round, round_index)
        await browser.close()
    return repaints, errors


def server_rss(proc: psutil.Process, settle_s: float = 5.0) -> float:
    """Server RSS in MiB after letting it settle (sessions closed, garbage collected)."""
    gc.collect()
    time.sleep(settle_s)  # a benchmark, not a test: give the server time to drop closed sessions
    return proc.memory_info().rss / 2**20


def run(sessions: tuple[int, ...] = SESSIONS) -> dict[str, float | int]:
    """Start a server on the bundled data, run the rounds, print and return the figures.

    The ratio compares the largest round with the first (25 with 1 by default).
    """
    with streamlit_process() as (base, popen):
        proc = psutil.Process(popen.pid)
        before: dict[str, float] = {}
        repaints, errors = asyncio.run(rounds(base, lambda: before.setdefault("rss", server_rss(proc)), sessions))
        soon = server_rss(proc, settle_s=10.0)
        after = server_rss(proc, settle_s=DISCONNECTED_TTL_S + 30.0 - 10.0)
    first, last = repaints.get(sessions[0]), repaints.get(sessions[-1])
    ratio = p95(last) / p95(first) if first and last else float("nan")
    figures: dict[str, float | int] = {
        "load_errors": len(errors),
        f"load_p95_ratio_{sessions[-1]}": ratio,
        "rss_after_close_ratio": after / before["rss"],
    }
    emit("load_errors", len(errors))
    emit(f"load_p95_ratio_{sessions[-1]}", ratio, 2)
    emit("rss_after_close_ratio", after / before["rss"], 3)
    emit(f"load_p95_{sessions[0]}_s", p95(first) if first else float("nan"), 2)
    emit(f"load_p95_{sessions[-1]}_s", p95(last) if last else float("nan"), 2)
    emit("load_rss_before_mb", before["rss"], 0)
    emit("load_rss_10s_after_close_mb", soon, 0)
    emit("load_rss_after_close_mb", after, 0)
    return figures


def probe(folder: Path, label: str, trim: bool, timeout_s: float = 300.0) -> dict:
    """Ask the server's memory probe (ui.memprobe) for a report; wait for ``<folder>/<label>.json``."""
    answer = folder / f"{label}.json"
    (folder / "request.tmp").write_text(json.dumps({"label": label, "trim": trim}), encoding="utf-8")
    (folder / "request.tmp").replace(folder / "request")
    deadline = time.monotonic() + timeout_s
    while not answer.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"memory probe gave no answer for {label!r} in {timeout_s:.0f} s (folder {folder})")
        time.sleep(0.5)
    return json.loads(answer.read_text(encoding="utf-8"))


def _probe_lines(label: str, found: dict) -> None:
    """The probe's answer as ``# probe`` lines (the whole JSON stays in its folder)."""
    mb = "".join(f", {key} {found[key]:.0f}" for key in ("rss_after_gc_mb", "rss_after_trim_mb") if key in found)
    heap = found.get("malloc", {})
    print(f"# probe {label}: RSS {found['rss_mb']:.0f} MiB{mb}; malloc in use {heap.get('in_use_mb', 0):.0f}, "
          f"free {heap.get('free_mb', 0):.0f}; sessions {found.get('sessions')}", flush=True)
    print(f"#   pyarrow {found.get('pyarrow')}; maps {found.get('maps')}; tracemalloc {found.get('tracemalloc')}",
          flush=True)
    print(f"#   objects grown {dict(list(found.get('objects_diff', {}).items())[:12])}", flush=True)
    for row in found.get("tracemalloc_diff", [])[:8]:
        print(f"#   {row['kb']:+.0f} KiB {row['count']:+d} blocks at {' <- '.join(row['where'][:4])}", flush=True)


def leak(n: int = 25, count: int = 3, probe_dir: Path | None = None, frames: int = 0,
         trim: bool = False) -> dict[str, float]:
    """``count`` rounds of ``n`` sessions on one server; RSS once Streamlit has dropped each round's sessions.

    With ``probe_dir`` the server runs the memory probe (ui.memprobe, ``frames`` tracemalloc frames) and
    answers after the warm-up and after each reading what holds the memory; with ``trim`` also its RSS
    after ``malloc_trim(0)`` (which changes the heap the next round starts from).
    """
    readings: list[float] = []
    trimmed: list[float] = []
    env = None if probe_dir is None else {"NANSEI_MEMORY_PROBE": str(probe_dir),
                                          "NANSEI_MEMORY_PROBE_FRAMES": str(frames)}
    with streamlit_process(env_extra=env) as (base, popen):
        proc = psutil.Process(popen.pid)
        before: dict[str, float] = {}

        def warm() -> None:
            before.setdefault("rss", server_rss(proc))
            if probe_dir is not None:
                _probe_lines("warm", probe(probe_dir, "warm", trim=False))

        def settled(round_index: int) -> None:
            readings.append(server_rss(proc, settle_s=DISCONNECTED_TTL_S + 30.0))
            print(f"# round {round_index + 1}: RSS {readings[-1]:.0f} MiB 150 s after its sessions closed", flush=True)
            if probe_dir is not None:
                found = probe(probe_dir, f"round{round_index + 1}", trim=trim)
                _probe_lines(f"round{round_index + 1}", found)
                if trim:
                    trimmed.append(found["rss_after_trim_mb"])

        _repaints, errors = asyncio.run(rounds(base, warm, (n,) * count, settled))
    figures = {f"leak_rss_round{i + 1}_mb": value for i, value in enumerate(readings)}
    figures["leak_round3_over_round1"] = readings[-1] / readings[0]
    figures["leak_round1_over_before"] = readings[0] / before["rss"]
    emit("leak_errors", len(errors))
    emit("leak_rss_before_mb", before["rss"], 0)
    for name, value in figures.items():
        emit(name, value, 0 if name.endswith("_mb") else 3)
    for i, value in enumerate(trimmed):
        emit(f"leak_rss_round{i + 1}_after_trim_mb", value, 0)
    if readings[-1] / readings[0] <= 1.05:
        verdict = "high-water mark: round 3 within 5 % of round 1 (what stays after round 1 is not a leak)"
    elif trimmed and trimmed[-1] / trimmed[0] <= 1.05:
        verdict = "high-water mark: RSS grows between rounds but not after malloc_trim"
    else:
        verdict = "leak: RSS grows between rounds" + (" even after malloc_trim" if trimmed else "")
    print(f"leak_verdict={verdict}", flush=True)
    return figures


if __name__ == "__main__":
    print(f"# {psutil.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in psutil.getloadavg())}",
          flush=True)
    flags = {"--leak", "--probe", "--trim"}
    args = [a for a in sys.argv[1:] if a not in flags and not a.startswith("--frames=")]
    sizes = tuple(int(n) for n in args[0].split(",")) if args else SESSIONS  # e.g. "1,3" to try it
    frames = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--frames=")), 0)
    if "--leak" in sys.argv:
        folder = Path(tempfile.mkdtemp(prefix="nansei-memprobe-")) if "--probe" in sys.argv else None
        if folder is not None:
            print(f"# memory probe answers in {folder} (tracemalloc frames: {frames})", flush=True)
        leak(sizes[-1], probe_dir=folder, frames=frames, trim="--trim" in sys.argv)
    else:
        run(sizes)
