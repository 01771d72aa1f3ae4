"""Checks for a network namespace with only loopback: the namespace itself, every page, a PNG export.

``make test`` runs the browser tests inside such a namespace (tests/browser/loopback_only.sh); then
tests/browser/test_no_network.py runs these checks on the session's own server and Chromium. Run alone
(outside a namespace), the test starts ``unshare -n -- python -m tests.browser.netns_probe``, which
starts its own server and browser. Each check prints one ``ok ...`` line; the module exits 0, or prints
the failure and exits 1.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator

from tests.browser.conftest import CHROMIUM, PAGE_PATHS, TEST_CHROMIUM_ARGS, GuardedPage, streamlit_process


def interfaces() -> list[str]:
    """Network interfaces visible in this namespace."""
    return [name for _index, name in socket.if_nameindex()]


def outside_unreachable() -> bool:
    """True when no route leaves the machine (a UDP connect needs a route, sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 53))  # TEST-NET-1: never a real host
        except OSError:
            return True
    return False


def loopback_only() -> bool:
    """True inside a namespace whose only interface is loopback and from which no route leaves."""
    return interfaces() == ["lo"] and outside_unreachable()


def namespace_lines() -> Iterator[str]:
    names = interfaces()
    assert names == ["lo"], f"expected only loopback, got {names!r}"
    assert outside_unreachable(), "a route leaves the namespace"
    yield f"ok namespace interfaces={names}"


def page_lines(browser, base: str) -> Iterator[str]:
    """Open every page (and Import) at 1400x900 in ``browser`` against the server at ``base``."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = GuardedPage(context.new_page(), base)
    try:
        for title, path in {**PAGE_PATHS, "Import": "Import"}.items():
            page.open(path)
            expect(page.page.locator('[data-testid="stMainBlockContainer"] h1').first).not_to_be_empty()
            assert page.page.locator('[data-testid="stException"]').count() == 0, f"exception on {title}"
            assert page.page.get_by_text("could not be completed").count() == 0, f"error boundary on {title}"
            yield f"ok page {title}"
    finally:
        context.close()
    assert page.outside == [], f"the app requested outside addresses: {page.outside}"


def png_lines() -> Iterator[str]:
    """Export a small chart to PNG through the export browser (kaleido's Chromium)."""
    import plotly.graph_objects as go

    from analysis.export.formats import export_figure

    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    png = export_figure(fig, "png")  # the process's export browser: closed at exit (atexit)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000, png[:16]
    yield f"ok png bytes={len(png)}"


def main() -> int:
    """Bring loopback up, check the namespace, then a server, every page and an export inside it."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    for line in namespace_lines():
        print(line)
    from playwright.sync_api import sync_playwright

    with streamlit_process() as (base, _proc), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=TEST_CHROMIUM_ARGS, headless=True)
        for line in page_lines(browser, base):
            print(line)
        browser.close()
    for line in png_lines():
        print(line)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as exc:  # report in one line for the calling test
        print(f"FAILED {type(exc).__name__}: {exc}")
        sys.exit(1)
