"""No network at all: the app, every page in chromium and a PNG export inside a loopback-only namespace.

``make test`` runs the browser tests inside such a namespace (``tests/browser/loopback_only.sh``): every
browser test then runs without a network, and this one checks the namespace and a PNG export there.
Run on its own (outside a namespace), it starts a namespace, a server and a browser of its own and
opens every page in it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.browser import netns_probe
from tests.browser.conftest import REPO

pytestmark = pytest.mark.browser


def unshare_command() -> list[str]:
    """``unshare -n`` as root, ``unshare -rn`` (a user namespace too) otherwise; skip where the kernel refuses."""
    command = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-rn"]
    try:
        probe = subprocess.run([*command, "true"], capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        pytest.skip("unshare (util-linux) is not installed")
    if probe.returncode != 0:
        pytest.skip(f"the kernel forbids a new network namespace here: {probe.stderr.strip()}")
    return command


def test_app_pages_and_png_export_work_with_only_loopback() -> None:
    if netns_probe.loopback_only():
        # This whole process is in the namespace: every browser test of the run opens its pages here behind the
        # request guard, and between them they open every page (test_sharing, test_curate_browser,
        # test_import_safety), so a tour here would only repeat them. What is left: the namespace, and an export.
        assert_every_check([*netns_probe.namespace_lines(), *netns_probe.png_lines()], pages=False)
        return
    command = unshare_command()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([*command, "--", sys.executable, "-m", "tests.browser.netns_probe"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert_every_check(result.stdout.splitlines())


def assert_every_check(lines: list[str], pages: bool = True) -> None:
    assert "ok namespace interfaces=['lo']" in lines
    if pages:
        assert {f"ok page {name}" for name in ("Overview", "Map", "Timeline", "Data check", "Import")} <= set(lines)
    assert any(line.startswith("ok png bytes=") for line in lines)
