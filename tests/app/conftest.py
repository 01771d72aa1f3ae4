"""AppTest helpers: run a page file with Streamlit's test runner.

Note: st.dataframe elements expose no `key` in AppTest; address them by position.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest
from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

from ui.core import DATE_FROM, DATE_TO

REPO = Path(__file__).resolve().parents[2]

# Each AppTest builds its own component manager, which reads the metadata of every installed distribution:
# 12 % of the CPU of tests/app went there. The installed packages do not change during a run, so the first
# scan's answer stands for the rest (a fresh list each time).
_scan_once = functools.cache(manifest_scanner.scan_component_manifests)
manifest_scanner.scan_component_manifests = lambda *args, **kwargs: list(_scan_once(*args, **kwargs))

PAGE_FILES = ["app.py", *sorted(str(p.relative_to(REPO)) for p in (REPO / "pages").glob("*.py"))]


def run_page(path: str, timeout: float = 60, **query: str | list[str]) -> AppTest:
    """Run one page (path relative to the repo) with optional URL query parameters."""
    at = AppTest.from_file(str(REPO / path), default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def set_dates(at: AppTest, start: dt.date, end: dt.date) -> AppTest:
    """Type ``start`` and ``end`` into the sidebar's From and To fields (the caller runs the app)."""
    at.date_input(key=DATE_FROM).set_value(start)
    at.date_input(key=DATE_TO).set_value(end)
    return at


def sidebar_dates(at: AppTest) -> tuple[dt.date, dt.date]:
    """The dates the sidebar's From and To fields show."""
    return at.date_input(key=DATE_FROM).value, at.date_input(key=DATE_TO).value


@pytest.fixture
def fixture_data(monkeypatch: pytest.MonkeyPatch, fixture_data_dir: Path) -> Path:
    """Point the app at the synthetic fixture dataset."""
    monkeypatch.setenv("NANSEI_DATA_DIR", str(fixture_data_dir))
    return fixture_data_dir
