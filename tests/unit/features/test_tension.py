"""Tension index: hand-computed cases, decay, empty input, one day, period comparison."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.data.filters import EventFilter, filter_events
from analysis.data.loader import load_dataset
from analysis.features import tension

TODAY = dt.date(2026, 11, 25)


def make_events(rows: list[tuple[str, float]]) -> pd.DataFrame:
    return pd.DataFrame({
        "event_id": [f"e{i}" for i in range(len(rows))],
        "date": pd.to_datetime([d for d, _ in rows]),
        "goldstein": [float(g) for _, g in rows],
        "title": [f"Event {i}" for i in range(len(rows))],
        "actors": "JPN;CHN", "category": "statement", "source_ids": "src-a",
    })


def values(index: pd.DataFrame) -> dict[str, float]:
    return {d.date().isoformat(): round(v, 6) for d, v in zip(index["date"], index["index"], strict=True)}


def test_one_event_halves_after_one_half_life() -> None:
    index = tension.tension_index(make_events([("2025-01-01", -4)]), half_life=10, end=dt.date(2025, 1, 21))
    assert len(index) == 21
    got = values(index)
    assert got["2025-01-01"] == 4.0
    assert got["2025-01-11"] == pytest.approx(2.0)
    assert got["2025-01-21"] == pytest.approx(1.0)
    assert got["2025-01-02"] == pytest.approx(4 * 2 ** (-1 / 10))


def test_hand_computed_case_sums_pressure_and_ignores_cooperation() -> None:
    # H = 1 day: day 0 -> 2; day 1 -> 2/2 = 1; day 2 -> 1/2 + 6 = 6.5 (the +5 event adds nothing).
    events = make_events([("2025-03-01", -2), ("2025-03-03", -6), ("2025-03-03", 5)])
    index = tension.tension_index(events, half_life=1)
    assert values(index) == {"2025-03-01": 2.0, "2025-03-02": 1.0, "2025-03-03": 6.5}
    assert index["events"].tolist() == [1, 0, 2]
    assert index["pressure"].tolist() == [2.0, 0.0, 6.0]


def test_same_day_events_add_up() -> None:
    index = tension.tension_index(make_events([("2025-03-01", -2), ("2025-03-01", -3.5)]))
    assert values(index) == {"2025-03-01": 5.5}


def test_empty_input_gives_an_empty_series_with_the_columns() -> None:
    index = tension.tension_index(make_events([]))
    assert index.empty and list(index.columns) == tension.INDEX_COLUMNS
    assert "no curated events" in tension.tension_caption(index, 30)


def test_single_day_and_only_cooperative_events() -> None:
    index = tension.tension_index(make_events([("2025-11-07", 3)]))
    assert len(index) == 1 and index.loc[0, "index"] == 0.0 and index.loc[0, "events"] == 1


def test_start_keeps_earlier_events_decayed() -> None:
    events = make_events([("2025-01-01", -8), ("2025-01-31", -1)])
    index = tension.tension_index(events, half_life=30, start=dt.date(2025, 1, 31))
    assert values(index) == {"2025-01-31": pytest.approx(8 * 2 ** (-1) + 1)}


def test_weekly_series_is_the_mean_of_the_days_of_each_week() -> None:
    events = make_events([("2025-09-01", -7)])  # a Monday
    daily = tension.tension_index(events, half_life=7, end=dt.date(2025, 9, 14))
    weekly = tension.tension_index(events, half_life=7, freq="W", end=dt.date(2025, 9, 14))
    assert weekly["date"].dt.date.tolist() == [dt.date(2025, 9, 7), dt.date(2025, 9, 14)]
    assert weekly.loc[0, "index"] == pytest.approx(daily["index"].iloc[:7].mean())
    assert weekly["events"].tolist() == [1, 0] and weekly["pressure"].tolist() == [7.0, 0.0]


@pytest.mark.parametrize(("kwargs", "shown"), [({"half_life": 0}, "0"), ({"freq": "M"}, "'M'")])
def test_bad_parameters_name_the_value(kwargs: dict, shown: str) -> None:
    with pytest.raises(ValueError, match=shown):
        tension.tension_index(make_events([("2025-01-01", -1)]), **kwargs)


def test_compare_periods_hand_case() -> None:
    # H huge: no decay, so the index is the running sum of pressure.
    events = make_events([("2025-01-01", -1.5), ("2025-01-04", -2), ("2025-01-05", -4)])
    index = tension.tension_index(events, half_life=1e12, end=dt.date(2025, 1, 8))
    table = tension.compare_periods(index, dt.date(2025, 1, 4), days=3).set_index("period")
    before, after = table.loc["before"], table.loc["after"]
    assert (before["start"], before["end"]) == (dt.date(2025, 1, 1), dt.date(2025, 1, 3))
    assert (after["start"], after["end"]) == (dt.date(2025, 1, 4), dt.date(2025, 1, 6))
    assert before["mean_index"] == pytest.approx(1.5) and after["mean_index"] == pytest.approx((3.5 + 7.5 + 7.5) / 3)
    assert (before["events"], after["events"]) == (1, 2)
    assert (before["pressure"], after["pressure"]) == (1.5, 6.0)
    assert after["peak_index"] == pytest.approx(7.5) and after["peak_date"] == dt.date(2025, 1, 5)
    sentence = tension.comparison_sentence(table.reset_index())
    assert "**6.2**" in sentence and "**1.5**" in sentence and "×4.1" in sentence


def test_compare_periods_with_uncovered_days_and_bad_input() -> None:
    index = tension.tension_index(make_events([("2025-01-10", -1)]), end=dt.date(2025, 1, 12))
    table = tension.compare_periods(index, dt.date(2025, 1, 10), days=5).set_index("period")
    assert table.loc["before", "days_covered"] == 0 and np.isnan(table.loc["before", "mean_index"])
    assert table.loc["after", "days_covered"] == 3
    assert "does not cover" in tension.comparison_sentence(table.reset_index())
    weekly = tension.tension_index(make_events([("2025-01-01", -1)]), freq="W", end=dt.date(2025, 3, 1))
    with pytest.raises(ValueError, match="daily index"):
        tension.compare_periods(weekly, dt.date(2025, 2, 1))
    with pytest.raises(ValueError, match="0"):
        tension.compare_periods(index, dt.date(2025, 1, 10), days=0)


def test_index_for_selection_counts_events_before_the_date_range(fixture_data_dir: Path) -> None:
    data = load_dataset(fixture_data_dir, today=TODAY)
    selection = EventFilter(start=dt.date(2025, 11, 15), end=dt.date(2025, 11, 20))
    index = tension.index_for_selection(data.events, selection, half_life=30)
    assert index["date"].min() == pd.Timestamp("2025-11-15") and index["date"].max() == pd.Timestamp("2025-11-20")
    # fx-2 (2025-11-14, goldstein -4) lies before the range but still counts, one day decayed.
    old = (pd.Timestamp("2025-11-15") - pd.Timestamp("2012-09-11")).days  # fx-5, goldstein -2
    assert index["index"].iloc[0] == pytest.approx(4 * 2 ** (-1 / 30) + 2 * 2 ** (-old / 30), rel=1e-9)
    alliance = tension.index_for_selection(data.events, EventFilter(categories=("alliance",)), 30)
    assert alliance["index"].max() == 0.0  # the only alliance event is co-operative


def test_index_for_selection_keeps_match_all() -> None:
    events = make_events([("2025-11-01", -5), ("2025-11-02", -3), ("2025-11-03", -2)])
    events["actors"] = ["JPN;CHN", "JPN", "CHN;USA"]
    both = EventFilter(countries=("JPN", "CHN"), match="all")
    index = tension.index_for_selection(events, both, half_life=30)
    assert int(index["events"].sum()) == len(filter_events(events, both)) == 1  # the page counts the same events
    assert index["pressure"].sum() == 5.0


def test_tension_figure_marks_key_events_and_pivot() -> None:
    events = make_events([("2025-11-01", -2), ("2025-11-07", -6), ("2025-11-08", -6)])
    index = tension.tension_index(events, end=dt.date(2025, 12, 31))
    fig = tension.tension_figure(index, events.iloc[1:], pivot=dt.date(2025, 11, 7), days=30)
    marks = next(t for t in fig.data if t.name == "Key events")
    assert list(marks.customdata[:, 0]) == ["e1", "e2"]
    labels = [a for a in fig.layout.annotations if a.name in ("e1", "e2")]
    assert len({a.yshift for a in labels}) == 2  # close labels, two rows above the plot
    assert all(a.yref == "paper" for a in labels) and fig.layout.margin.t >= 20 + 2 * tension.TENSION_ROW_PX
    leaders = [s for s in fig.layout.shapes if (s.name or "").startswith("leader")]
    assert len(leaders) == 2 and len(fig.layout.shapes) == 5  # two leaders; before, after, pivot line
    x0, x1 = (pd.Timestamp(v) for v in fig.layout.xaxis.range)  # the axis fits the data (phone: 2000-2080)
    assert pd.Timestamp("2025-09-01") < x0 <= pd.Timestamp("2025-11-01")
    assert pd.Timestamp("2025-12-31") <= x1 < pd.Timestamp("2026-02-01")
    assert all(t.type == "scatter" for t in fig.data)


def test_named_tension_chart_is_honest_about_what_it_measures(fixture_data_dir: Path) -> None:
    data = load_dataset(fixture_data_dir, today=TODAY)
    result = tension.named_charts()["tension-index"].build(data, EventFilter())
    assert "curated table" in result.caption and "half-life 30 days" in result.caption
    assert result.source_ids == ["src-fix-a", "src-fix-b"]
    assert "2^" in tension.FORMULA_TEXT and "max(0" in tension.__doc__


def test_tension_line_is_sent_as_a_first_day_and_a_step() -> None:
    # Evenly spaced days (daily or weekly) go as x0 + dx (ms), not one date string per point (bench/profile.py).
    events = make_events([("2025-11-01", -2), ("2025-11-07", -6)])
    daily = tension.tension_index(events, end=dt.date(2025, 12, 31))
    line = tension.tension_figure(daily).data[0]
    assert line.x is None and line.x0 == "2025-11-01" and line.dx == 86_400_000
    assert pd.Timestamp(line.x0) + pd.Timedelta(milliseconds=line.dx * (len(line.y) - 1)) == daily["date"].iloc[-1]
    weekly = tension.tension_index(events, freq="W", end=dt.date(2025, 12, 31))
    assert tension.tension_figure(weekly).data[0].dx == 7 * 86_400_000
    uneven = daily.iloc[[0, 1, 5]]
    assert list(tension.tension_figure(uneven).data[0].x) == ["2025-11-01", "2025-11-02", "2025-11-06"]
