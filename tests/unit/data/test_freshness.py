"""How current the curated data is: age, warning, uncovered stretch, ranges after the data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from analysis.charts.style import shade_no_data
from analysis.data.filters import EventFilter
from analysis.data.freshness import freshness, range_after_data, uncovered_span
from analysis.features.tension import index_for_selection

D = dt.date


def events(*dates: str) -> pd.DataFrame:
    n = len(dates)
    return pd.DataFrame({"date": pd.to_datetime(list(dates)), "goldstein": [-7.0] * n, "actors": ["CHN;JPN"] * n,
                         "category": ["military_incident"] * n})


def test_age_and_warning_after_30_days() -> None:
    fresh = freshness(events("2026-05-31", "2025-11-07"), today=D(2026, 12, 2))
    assert fresh.last == D(2026, 5, 31) and fresh.age_days == 185 and fresh.stale
    assert "2026-05-31 (185 days ago)" in fresh.warning()
    assert "Curate and Ingest pages" in fresh.warning() and "python -m" not in fresh.warning()
    current = freshness(events("2026-11-20"), today=D(2026, 12, 2))
    assert not current.stale and current.warning() is None
    assert freshness(events("2026-11-02"), today=D(2026, 12, 2)).stale is False  # exactly 30 days
    assert freshness(events(), today=D(2026, 12, 2)).stale


def test_uncovered_span_is_the_part_after_the_data() -> None:
    assert uncovered_span(D(2026, 5, 31), D(2026, 1, 1), D(2026, 12, 2)) == (D(2026, 6, 1), D(2026, 12, 2))
    assert uncovered_span(D(2026, 5, 31), D(2026, 7, 1), D(2026, 12, 2)) == (D(2026, 7, 1), D(2026, 12, 2))
    assert uncovered_span(D(2026, 5, 31), D(2026, 1, 1), D(2026, 5, 31)) is None
    assert uncovered_span(D(2026, 5, 31), None, None, today=D(2026, 6, 10)) == (D(2026, 6, 1), D(2026, 6, 10))


def test_range_wholly_after_the_data_is_said() -> None:
    note = range_after_data(D(2026, 5, 31), D(2026, 11, 2), D(2026, 12, 2))
    assert "2026-11-02 to 2026-12-02" in note and "2026-05-31" in note
    assert range_after_data(D(2026, 5, 31), D(2026, 5, 1), D(2026, 12, 2)) is None


def test_shading_marks_the_stretch_without_data() -> None:
    fig = shade_no_data(go.Figure(), D(2026, 5, 31), D(2025, 1, 1), D(2026, 12, 2))
    (shape,) = fig.layout.shapes
    assert str(shape.x0).startswith("2026-06-01") and str(shape.x1).startswith("2026-12-03")
    assert "no curated data after 2026-05-31" in fig.layout.annotations[0].text
    assert not shade_no_data(go.Figure(), D(2026, 5, 31), None, D(2026, 5, 1)).layout.shapes


def test_tension_index_stops_at_the_data_end() -> None:
    data = events("2026-05-01", "2026-05-31")
    index = index_for_selection(data, EventFilter((), D(2026, 1, 1), D(2026, 12, 2)))
    assert index["date"].max() == pd.Timestamp("2026-05-31")
    assert index_for_selection(data, EventFilter((), D(2026, 11, 2), D(2026, 12, 2))).empty
