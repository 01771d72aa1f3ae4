"""Screenshots of pages at desktop and phone width, offline: ``python scripts/screenshots.py``.

Starts ``streamlit run`` on a free port (the browser tests' helper), opens each page in
Debian's chromium at 1440×900 and 390×844 and writes ``docs/screenshots/<page>-<width>.png``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, GuardedPage, streamlit_process  # noqa: E402


def wait_for_run(page, timeout_ms: int = 90_000) -> None:
    """Like the tests' wait_until_idle, but the sidebar may be collapsed (phone width)."""
    page.wait_for_selector('[data-testid="stSidebar"]', state="attached", timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_function("() => document.querySelectorAll('[data-stale=\"true\"]').length === 0",
                           timeout=timeout_ms)


SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
PLOT = '[data-testid="stPlotlyChart"] .main-svg'


def shoot(pages: list[str], out: Path, at_chart: bool, suffix: str = "") -> list[Path]:
    """One PNG per page and size; returns the files written."""
    from playwright.sync_api import sync_playwright

    written = []
    with streamlit_process("app.py") as (base, _proc), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for _name, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            for spec in pages:
                path, _, query = spec.partition("?")
                page = context.new_page()
                guard = GuardedPage(page, base)
                page.goto(f"{base}/{path}" + (f"?{query}" if query else ""))
                wait_for_run(page)
                if page.locator('[data-testid="stPlotlyChart"]').count():
                    page.wait_for_selector(PLOT, timeout=60_000)
                page.wait_for_timeout(800)  # plotly's resize transition, for the picture only
                if at_chart and page.locator('[data-testid="stPlotlyChart"]').count():
                    # Streamlit scrolls its main element, not the window.
                    page.locator('[data-testid="stPlotlyChart"]').first.evaluate(
                        "e => document.querySelector('[data-testid=stMain]')"
                        ".scrollBy(0, e.getBoundingClientRect().top - 8)")
                    page.wait_for_timeout(300)
                stem = (path or "overview").lower().replace("_", "-")
                target = out / f"{stem}{suffix}-{width}.png"
                page.screenshot(path=str(target))
                written.append(target)
                page.close()
                if guard.outside:
                    raise RuntimeError(f"{spec}: the app requested outside addresses {guard.outside}")
            context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pages", nargs="*", default=["Map", "Timeline"], help="page paths, e.g. Map?map_view=sakishima")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--at-chart", action="store_true", help="scroll the first chart to the top first")
    parser.add_argument("--suffix", default="", help="added to each file stem, e.g. -sakishima")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for path in shoot(args.pages, args.out, args.at_chart, args.suffix):
        print(path)


if __name__ == "__main__":
    main()
