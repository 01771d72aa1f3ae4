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
    assert any("Below the curated events" in c.value and "imported events" in c.value for c in at.caption)
    spec = at.get("plotly_chart")[0].proto.spec
    assert "Curated and imported" in spec and '"name":"Imported' in spec.replace(" ", "")
    assert '"yaxis":"y2"' in spec.replace(" ", "")  # imported bars on their own axis


def test_imported_counts_never_join_the_curated_bars() -> None:
    import pandas as pd

    from analysis.features.overview import curated_and_imported_figure

    curated = pd.DataFrame({"period": pd.to_datetime(["2015-01-01"]), "category": ["diplomatic"], "events": [3]})
    imported = pd.DataFrame({"period": pd.to_datetime(["2015-01-01"]), "category": ["statement"], "events": [1200]})
    fig = curated_and_imported_figure(curated, imported, "t")
    axes = {trace.name: (trace.yaxis, trace.marker.pattern.shape) for trace in fig.data}
    assert axes == {"Diplomatic": ("y", ""), "Imported · Statement": ("y2", "/")}


def test_imported_map_markers_are_their_own_trace() -> None:
    import pandas as pd

    from analysis.features.geo import View
    from analysis.features.mapfig import _event_traces

    events = pd.DataFrame({"event_id": ["c1", "gdelt-1"], "title": ["curated", "<b>feed</b>"],
                           "date": pd.to_datetime(["2020-01-01", "2020-01-02"]), "category": ["diplomatic"] * 2,
                           "goldstein": [1.0, 1.0], "lat": [26.0, 26.1], "lon": [127.0, 127.1],
                           "source_ids": ["src-a", "import-gdelt-x"], "origin": ["curated", "gdelt"]})
    import plotly.graph_objects as go

    fig = go.Figure()
    _event_traces(fig, events, None, View("t", "t", (120.0, 130.0), (20.0, 30.0)))
    names = [t.name for t in fig.data]
    assert names == ["Diplomatic", "Imported (ACLED/GDELT)"]
    assert fig.data[1].marker.symbol == "diamond-open" and "imported from GDELT" in fig.data[1].hovertext[0]
    assert "&lt;b&gt;feed" in fig.data[1].hovertext[0]


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
