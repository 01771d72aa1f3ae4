"""The example proxy config in docs/deploy/ is valid nginx syntax (nginx-light is in the Makefile's system-deps)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed: run `make system-deps`")
def test_example_nginx_config_passes_nginx_t() -> None:
    conf = REPO / "docs" / "deploy" / "nginx.conf"
    run = subprocess.run([NGINX, "-t", "-c", str(conf)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "syntax is ok" in run.stderr


def test_config_upgrades_websockets_and_keeps_sessions_sticky() -> None:
    text = (REPO / "docs" / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "proxy_set_header Upgrade $http_upgrade;" in text and "ip_hash;" in text
    assert "client_max_body_size 200m;" in text


def test_config_forbids_framing_and_the_guide_says_to_mark_cookies_secure() -> None:
    text = (REPO / "docs" / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert 'add_header X-Frame-Options "DENY" always;' in text
    assert "frame-ancestors 'none'" in text
    guide = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert "proxy_cookie_flags" in guide and "Secure" in guide
