"""The 'Show imported events' toggle adds the local store to the Overview and Events pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.imports.pipeline import import_paths
from tests.app.conftest import run_page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture_data) -> int:
    monkeypatch.setenv("NANSEI_STORE_DIR", str(tmp_path))
    _, record = import_paths([FIXTURES / "acled_small.csv"], "acled", folder=tmp_path)
    return record["stored"]


def test_toggle_off_by_default_shows_curated_only(store: int) -> None:
    at = run_page("pages/4_Events.py")
    assert at.sidebar.toggle(key="imported").value is False
    assert len(at.dataframe) == 1


def test_toggle_on_adds_imported_table_and_counts(store: int) -> None:
    at = run_page("pages/4_Events.py", imported="true")
    assert at.sidebar.toggle(key="imported").value is True
    imported = at.dataframe[1].value
    assert len(imported) == store
    assert set(imported["origin"]) == {"acled"}
    assert any(f"{store:,} imported events match" in c.value for c in at.caption)


def test_overview_chart_counts_curated_plus_imported(store: int) -> None:
    at = run_page("app.py")
    at.sidebar.toggle(key="imported").set_value(True).run()
    assert any("Including" in c.value and "imported events" in c.value for c in at.caption)
    spec = at.get("plotly_chart")[0].proto.spec
    assert "Curated and imported" in spec


def test_country_filter_applies_to_imported_events(store: int) -> None:
    at = run_page("pages/4_Events.py", imported="true")
    before = len(at.dataframe[1].value)
    at.multiselect(key="countries").set_value(["PRK"]).run()
    after = at.dataframe[1].value
    assert len(after) <= before
    assert all("PRK" in actors for actors in after["actors"])


def test_toggle_survives_a_page_switch(store: int) -> None:
    at = run_page("app.py")
    at.sidebar.toggle(key="imported").set_value(True).run()
    at.switch_page("pages/4_Events.py").run()
    assert at.sidebar.toggle(key="imported").value is True
    assert len(at.dataframe[1].value) == store
