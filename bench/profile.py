"""Where a rerun's time and bytes go: ``.venv/bin/python bench/profile.py [--markdown] [--bare]``.

For the cold open of the Overview, one filter change there (Countries: add Taiwan) and a switch
to every page by its sidebar link (then back to the Overview), it prints:

- ``server_ms``: the script run on the server (Streamlit's own page profile, ``exec_time``; the
  profile server runs with ``browser.gatherUsageStats`` on for that, its outside calls aborted);
- ``msgs`` / ``kb``: the websocket messages the server sent to the browser and their total size
  (without the page-profile message itself, which a normal server does not send),
  with the element types that carry the bytes and the largest elements named (a plotly chart by
  its key, with how much of it is ``layout.template``);
- ``paint_ms``: from the action to the last change of the page's DOM (plotly draws into the DOM,
  so this is the last paint's frame), and the renderer's scripting / style / layout milliseconds
  in between (Chromium's ``Performance.getMetrics``).

Message bytes are deterministic for the same data and code (a reference check on a loaded
machine); milliseconds are not: read them with the load average printed in the first line.
Needs Debian's ``/usr/bin/chromium``; starts its own ``streamlit run`` on a free port.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    count_script_runs,
    runs_finished,
    streamlit_process,
    wait_until_idle,
)

# Keeps every message the server sends (arrival time, bytes) and the time of the last DOM change.
RECORDER_JS = """
(() => {
  window.__nanseiMsgs = [];
  window.__nanseiLastChange = 0;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        // a copy: the page may hand the buffer on (detaching it) after the listeners ran
        if (event.data instanceof ArrayBuffer) window.__nanseiMsgs.push(event.data.slice(0));
      });
    }
  };
  new MutationObserver(() => { window.__nanseiLastChange = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""
TAKE_JS = """(start) => window.__nanseiMsgs.slice(start).map((buf) => {
  const b = new Uint8Array(buf); let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
  return btoa(s);
})"""
METRICS = ("ScriptDuration", "RecalcStyleDuration", "LayoutDuration", "TaskDuration")
WAIT = 180_000
SIDEBAR = '[data-testid="stSidebar"]'


@dataclass
class Step:
    """What one rerun cost: server run, messages, browser time."""

    name: str
    server_ms: float = 0.0
    msgs: int = 0
    bytes: int = 0
    paint_ms: float = 0.0
    browser_ms: dict[str, float] = field(default_factory=dict)
    by_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [count, bytes]
    largest: list[tuple[int, str]] = field(default_factory=list)


def element_name(element) -> tuple[str, str]:
    """(type, readable name) of a ``NewElement`` delta's element."""
    kind = element.WhichOneof("type") or "?"
    inner = getattr(element, kind, None)
    if kind == "plotly_chart":
        spec = json.loads(inner.spec or "{}")
        template = len(json.dumps(spec.get("layout", {}).get("template", {}), separators=(",", ":")))
        key = inner.id.split("-", 2)[-1] if inner.id.startswith("$$ID-") else ""  # $$ID-<hash>-<user key>
        title = spec.get("layout", {}).get("title", {})
        title = title.get("text", "") if isinstance(title, dict) else str(title)
        traces = len(spec.get("data", []))
        return kind, f"plotly {key or title[:40]!r} (template {template / 1024:.1f} KB, {traces} traces)"
    label = getattr(inner, "label", "") or getattr(inner, "body", "")
    return kind, f"{kind} {str(label)[:40]!r}" if label else kind


def account(step: Step, payloads: list[bytes]) -> None:
    """Fill ``step`` from the raw ForwardMsg frames the browser received."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    for raw in payloads:
        msg = ForwardMsg.FromString(raw)
        if msg.WhichOneof("type") == "page_profile":  # sent only because the profile asked for it
            step.server_ms += msg.page_profile.exec_time / 1000
            continue
        step.msgs += 1
        step.bytes += len(raw)
        kind = msg.WhichOneof("type") or "?"
        name = kind
        if kind == "delta":
            delta = msg.delta
            sub = delta.WhichOneof("type")
            if sub == "new_element":
                kind, name = element_name(delta.new_element)
            else:
                kind = name = sub or "delta"
        count_bytes = step.by_type.setdefault(kind, [0, 0])
        count_bytes[0] += 1
        count_bytes[1] += len(raw)
        step.largest.append((len(raw), name))
    step.largest = sorted(step.largest, reverse=True)[:4]


class Profiler:
    """One Chromium page on one server, stepping through actions and accounting for each."""

    def __init__(self, browser, base: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.base = base
        self.outside: list[str] = []
        count_script_runs(self.page)
        self.page.add_init_script(RECORDER_JS)
        self.page.route("**/*", self._guard)
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Performance.enable")
        self.steps: list[Step] = []

    def _guard(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:  # the usage-stats endpoint the page profile turns on; nothing leaves the machine
            self.outside.append(url)
            route.abort()

    def _metrics(self) -> dict[str, float]:
        found = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return {name: found.get(name, 0.0) for name in METRICS}

    def run(self, name: str, action, cold: bool = False) -> Step:
        """Do ``action`` (it makes the app rerun), wait until the run is drawn, account for it."""
        if cold:
            start_index, t0, before_runs, before = 0, 0.0, 0, dict.fromkeys(METRICS, 0.0)
        else:
            start_index = self.page.evaluate("() => window.__nanseiMsgs.length")
            t0 = self.page.evaluate("() => performance.now()")
            before_runs, before = runs_finished(self.page), self._metrics()
        action()
        wait_until_idle(self.page, timeout_ms=WAIT, runs_before=before_runs)
        # plotly lays out after the run has finished: wait until the DOM has been quiet for 0.5 s
        self.page.wait_for_function("() => performance.now() - window.__nanseiLastChange > 500", polling=100)
        step = Step(name)
        payloads = [base64.b64decode(b) for b in self.page.evaluate(TAKE_JS, start_index)]
        account(step, payloads)
        after = self._metrics()
        step.paint_ms = self.page.evaluate("() => window.__nanseiLastChange") - t0
        step.browser_ms = {k.removesuffix("Duration"): (after[k] - before[k]) * 1000 for k in METRICS}
        self.steps.append(step)
        return step

    def link(self, label: str) -> None:
        self.page.locator(SIDEBAR).get_by_role("link", name=label, exact=True).first.click()

    def add_country(self, label: str) -> None:
        self.page.locator(f'{SIDEBAR} [data-testid="stMultiSelect"]').first.click()
        self.page.get_by_role("option", name=label, exact=True).click()
        self.page.keyboard.press("Escape")


def profile_app(browser, script: Path, labels: list[str], filter_label: str = "Taiwan") -> list[Step]:
    """Cold open, a filter change, then a switch to each of ``labels`` on a fresh server."""
    with streamlit_process(script, extra_args=("--browser.gatherUsageStats", "true")) as (base, _proc):
        prof = Profiler(browser, base)
        prof.run("cold_open", lambda: prof.page.goto(base), cold=True)
        prof.run("filter", lambda: prof.add_country(filter_label))
        for label in labels:
            prof.run(f"switch:{label}", lambda label=label: prof.link(label))
        prof.context.close()
        return prof.steps


def print_steps(title: str, steps: list[Step], markdown: bool) -> None:
    print(f"## {title}", flush=True)
    if markdown:
        print("| step | server ms | msgs | KB | paint ms | script/style/layout ms | largest elements |")
        print("|---|---|---|---|---|---|---|")
    for s in steps:
        b = s.browser_ms
        browser = f"{b.get('Script', 0):.0f}/{b.get('RecalcStyle', 0):.0f}/{b.get('Layout', 0):.0f}"
        largest = "; ".join(f"{n} {size / 1024:.1f} KB" for size, n in s.largest[:3])
        if markdown:
            print(f"| {s.name} | {s.server_ms:.0f} | {s.msgs} | {s.bytes / 1024:.1f} | {s.paint_ms:.0f} | "
                  f"{browser} | {largest} |")
        else:
            kinds = ", ".join(f"{k} {c}×{b_ / 1024:.1f}KB" for k, (c, b_) in
                              sorted(s.by_type.items(), key=lambda kv: -kv[1][1])[:6])
            print(f"{s.name}: server_ms={s.server_ms:.0f} msgs={s.msgs} kb={s.bytes / 1024:.1f} "
                  f"paint_ms={s.paint_ms:.0f} script/style/layout_ms={browser}\n    by type: {kinds}\n"
                  f"    largest: {largest}", flush=True)


def emit_bytes(prefix: str, steps: list[Step]) -> None:
    """``bytes_<step>=N`` lines (bench/run.py prints them too)."""
    for s in steps:
        key = s.name.replace("switch:", "switch_").lower().replace(" ", "_")
        print(f"{prefix}bytes_{key}={s.bytes}", flush=True)


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from bench import paint

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--markdown", action="store_true", help="tables for docs/bench.md")
    parser.add_argument("--bare", action="store_true", help="also profile the bare multipage app (the floor)")
    parser.add_argument("--pages", nargs="*", help="page labels to switch to (default: every page, then Overview)")
    args = parser.parse_args(argv)
    print(f"# {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, load {os.getloadavg()[0]:.1f}", flush=True)
    with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="nansei-profile-") as tmp:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        if args.bare:
            entry = paint.write_bare_multipage(Path(tmp))
            bare = profile_app(browser, entry, [*paint.BARE_PAGES, "Home"])
            print_steps("bare multipage app", bare, args.markdown)
            emit_bytes("bare_", bare)
        steps = profile_app(browser, REPO / "app.py", args.pages or paint.app_switch_labels())
        print_steps("dashboard", steps, args.markdown)
        emit_bytes("", steps)
        browser.close()
    print(f"# load {os.getloadavg()[0]:.1f} at the end", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
