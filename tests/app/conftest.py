"""AppTest helpers: run a page file with Streamlit's test runner.

Note: st.dataframe elements expose no `key` in AppTest; address them by position.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
PAGE_FILES = ["app.py", *sorted(str(p.relative_to(REPO)) for p in (REPO / "pages").glob("*.py"))]


def run_page(path: str, timeout: float = 60, **query: str | list[str]) -> AppTest:
    """Run one page (path relative to the repo) with optional URL query parameters."""
    at = AppTest.from_file(str(REPO / path), default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture
def fixture_data(monkeypatch: pytest.MonkeyPatch, fixture_data_dir: Path) -> Path:
    """Point the app at the synthetic fixture dataset."""
    monkeypatch.setenv("NANSEI_DATA_DIR", str(fixture_data_dir))
    return fixture_data_dir
