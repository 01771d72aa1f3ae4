"""Run inside a network namespace with only loopback: start the app, open every page, export a PNG.

Started by tests/browser/test_no_network.py as ``unshare -n -- python -m tests.browser.netns_probe``.
Prints one ``ok ...`` line per check and exits 0, or prints the failure and exits 1.
"""

from __future__ import annotations

import socket
import subprocess
import sys

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PAGE_PATHS, GuardedPage, streamlit_process


def interfaces() -> list[str]:
    """Network interfaces visible in this namespace (``ip -o link``)."""
    out = subprocess.run(["ip", "-o", "link", "show"], check=True, capture_output=True, text=True).stdout
    return [line.split(":")[1].strip().split("@")[0] for line in out.splitlines() if line.strip()]


def outside_unreachable() -> bool:
    """True when no route leaves the machine (a UDP connect needs a route, sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 53))  # TEST-NET-1: never a real host
        except OSError:
            return True
    return False


def main() -> int:
    """Check the namespace, then the app and an export inside it."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    names = interfaces()
    assert names == ["lo"], f"expected only loopback, got {names!r}"
    assert outside_unreachable(), "a route leaves the namespace"
    print(f"ok namespace interfaces={names}")

    from playwright.sync_api import expect, sync_playwright

    with streamlit_process() as (base, _proc), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = GuardedPage(browser.new_page(viewport={"width": 1400, "height": 900}), base)
        for title, path in {**PAGE_PATHS, "Import": "Import"}.items():
            page.open(path)
            expect(page.page.locator('[data-testid="stMainBlockContainer"] h1').first).not_to_be_empty()
            assert page.page.locator('[data-testid="stException"]').count() == 0, f"exception on {title}"
            assert page.page.get_by_text("could not be completed").count() == 0, f"error boundary on {title}"
            print(f"ok page {title}")
        browser.close()
        assert page.outside == [], f"the app requested outside addresses: {page.outside}"

    import plotly.graph_objects as go

    from analysis.export.browser import stop_warm_browser
    from analysis.export.formats import export_figure

    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    png = export_figure(fig, "png")
    stop_warm_browser()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000, png[:16]
    print(f"ok png bytes={len(png)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as exc:  # report in one line for the calling test
        print(f"FAILED {type(exc).__name__}: {exc}")
        sys.exit(1)
