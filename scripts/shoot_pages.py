"""Screenshots of pages at desktop and phone width into docs/screenshots/ (headless Debian chromium).

    .venv/bin/python scripts/shoot_pages.py                      # Overview and Events, 1440x900 and 390x844
    .venv/bin/python scripts/shoot_pages.py --page Events "countries=JPN&dates=2025-11-01"

Each page gives ``<name>-<width>.png`` (the window) and ``<name>-<width>-full.png`` (the whole page).
The server is started the same way as in the browser tests; nothing leaves the machine (outside
requests are aborted and reported).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    LAID_OUT_JS,
    GuardedPage,
    streamlit_server,
    wait_until_idle,
)

VIEWPORTS = ({"width": 1440, "height": 900}, {"width": 390, "height": 844})
DEFAULT_PAGES = (("overview", "", ""), ("events", "Events", ""))


def shoot(pages: list[tuple[str, str, str]], out: Path) -> list[Path]:
    """Open each (name, path, query) at every viewport; return the files written."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with streamlit_server() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for viewport in VIEWPORTS:
            context = browser.new_context(viewport=viewport)
            for name, path, query in pages:
                guard = GuardedPage(context.new_page(), base)
                guard.open(path, query)
                # A narrow page reruns once its width is known (ui.main_width): wait for charts built for it.
                guard.page.wait_for_function(LAID_OUT_JS, timeout=180_000)
                wait_until_idle(guard.page)
                guard.page.wait_for_timeout(500)  # let plotly finish its transition before the picture
                target = out / f"{name}-{viewport['width']}.png"
                guard.page.screenshot(path=str(target))
                written.append(target)
                # Streamlit scrolls inside its main block, not the page: grow the window to the content.
                height = guard.page.evaluate(
                    "() => document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight + 160")
                guard.page.set_viewport_size({"width": viewport["width"], "height": min(int(height), 6000)})
                guard.page.wait_for_function(LAID_OUT_JS, timeout=180_000)
                wait_until_idle(guard.page)
                guard.page.wait_for_timeout(1500)  # plotly redraws every chart for the taller window
                target = out / f"{name}-{viewport['width']}-full.png"
                guard.page.screenshot(path=str(target))
                if guard.outside:
                    raise RuntimeError(f"{name} asked for outside addresses: {guard.outside}")
                guard.page.close()
                written.append(target)
            context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", nargs=2, action="append", metavar=("PATH", "QUERY"),
                        help="page path (e.g. Events, '' for Overview) and query string; repeatable")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    pages = [((p or "overview").lower(), p, q) for p, q in args.page] if args.page else list(DEFAULT_PAGES)
    for path in shoot(pages, args.out):
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
