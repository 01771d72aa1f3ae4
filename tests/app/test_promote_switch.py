"""'Open in the Curate form' from a page whose widget is bound to a query parameter (the Map's view)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.curation.access import token_for
from tests.conftest import REPO
from ui import curate as cur

SECRET = "correct horse battery staple"
MAIN = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
import streamlit as st
from ui import curate
st.selectbox("View", ["southwest", "senkakus"], key="map_view", bind="query-params")
curate.promote_button({{"origin": "gdelt", "event_id": "gdelt-1", "date": "2026-03-02"}}, key="promote-map")
"""


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    (tmp_path / "pages").mkdir()
    (tmp_path / "main.py").write_text(MAIN, encoding="utf-8")
    (tmp_path / "pages" / "9_Curate.py").write_text("import streamlit as st\nst.title('Curate stub')\n",
                                                     encoding="utf-8")
    return tmp_path


def test_promote_switches_page_while_a_widget_owns_a_query_param(app_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    at = AppTest.from_file(str(app_dir / "main.py"), default_timeout=30)
    at.session_state[cur.TOKEN] = token_for(SECRET)
    at.query_params.update({"countries": "JPN", "map_view": "senkakus"})  # a link to the Senkakus view
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="promote-map").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Curate stub"]
    assert cur.PREFILL in at.session_state
    assert at.query_params == {"countries": "JPN"}  # the shared view travels; the Map's own view does not


def test_a_viewer_is_told_how_to_unlock(app_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    at = AppTest.from_file(str(app_dir / "main.py"), default_timeout=30).run()  # no token: a viewer
    assert not at.button and any("unlock editing on the Curate page" in i.value for i in at.info)
