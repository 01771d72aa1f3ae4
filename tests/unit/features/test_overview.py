"""Overview and provenance functions."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.data.filters import EventFilter
from analysis.data.loader import load_dataset
from analysis.data.provenance import citations, short_citation, source_usage
from analysis.features.overview import (
    counts_figure,
    event_table,
    events_by_period,
    events_by_period_figure,
    headline_budgets,
    latest_events,
    named_charts,
)


@pytest.fixture
def data(fixture_data_dir):
    return load_dataset(fixture_data_dir, today=dt.date(2026, 11, 25))


def test_latest_events_newest_first(data) -> None:
    latest = latest_events(data.events, 2)
    assert list(latest["event_id"]) == ["fx-4", "fx-3"]
    with pytest.raises(ValueError, match="-1"):
        latest_events(data.events, -1)


def test_event_table_has_iso_dates_and_summary(data) -> None:
    table = event_table(data.events)
    assert table["date"].iloc[0] == "2026-01-15"
    assert "summary" in table.columns


def test_counts_per_year_by_category(data) -> None:
    counts = events_by_period(data.events, "YS")
    assert counts["events"].sum() == 5
    row = counts[(counts["period"].dt.year == 2025) & (counts["category"] == "statement")]
    assert int(row["events"].iloc[0]) == 1


def test_figure_has_one_trace_per_present_category_and_empty_message(data) -> None:
    fig = events_by_period_figure(data.events)
    assert {t.name for t in fig.data} == {"Statement", "Economic measure", "Military incident", "Alliance",
                                         "Diplomatic"}
    empty = events_by_period_figure(data.events.iloc[0:0])
    assert "No events" in empty.layout.annotations[0].text


def test_headline_budgets_prefers_latest_default_scope(data) -> None:
    head = headline_budgets(data.budgets).set_index("country")
    assert head.loc["JPN", "fiscal_year"] == 2025
    assert head.loc["JPN", "scope"] == "initial_incl_saco_realignment"
    assert head.loc["CHN", "amount_bn"] == 55


def test_named_chart_builds_with_sources(data) -> None:
    result = named_charts()["events-per-year"].build(data, EventFilter(countries=("USA",)))
    assert result.source_ids == ["src-fix-b"]
    assert "1 curated events" in result.caption


def test_provenance_counts_and_short_citation(data) -> None:
    cites = citations(data.tables)
    assert set(cites[cites["source_id"] == "src-fix-a"]["row"]) == {"fx-1", "fx-2", "fx-3"}
    usage = source_usage(data.sources, data.tables).set_index("source_id")
    assert usage.loc["src-fix-a", "cited_rows"] == 3
    assert short_citation(data.sources, ["src-fix-a", "src-fix-a", "unknown"]) == "Fixture Publisher (2025-11-10)"


def test_short_citation_of_an_undated_source(data) -> None:
    sources = data.sources.copy()
    sources.loc[sources["source_id"] == "src-fix-b", "published"] = None
    assert short_citation(sources, ["src-fix-b"]) == "Fixture Ministry (n.d.)"


def test_sources_lead_with_official_and_most_cited_publishers() -> None:
    from analysis.data.provenance import rank_sources

    sources = pd.DataFrame({
        "source_id": ["a1", "b1", "m1", "m2", "w1", "x1"],
        "publisher": ["Adnkronos", "Breitbart", "Japan Ministry of Defense", "Japan Ministry of Defense", "Kyodo",
                      "AeroTime"],
        "title": ["t"] * 6, "published": ["2025-11-20", "2025-11-21", "2025-12-07", "2025-11-10", "2025-12-01",
                                          None],
        "tier": ["other", "other", "official", "official", "wire", "other"],
    })
    ids = ["a1", "b1", "m1", "m2", "w1", "x1"]
    ranked = rank_sources(sources, ids, cited={"x1": 9, "a1": 1, "b1": 2})
    assert ranked["source_id"].tolist() == ["m1", "m2", "w1", "x1", "b1", "a1"]
    assert short_citation(sources, ids).startswith(
        "Japan Ministry of Defense (2 items, 2025-11-10 to 2025-12-07); Kyodo (2025-12-01); ")


def test_counts_legend_sits_under_the_bars() -> None:
    from analysis.features.overview import counts_figure

    counts = pd.DataFrame({"period": pd.to_datetime(["2025-01-01"]), "category": ["statement"], "events": [3]})
    legend = counts_figure(counts).layout.legend
    assert legend.orientation == "h" and legend.y < 0  # never over the plot (and its "no curated data" note)


def test_year_bars_span_their_year_under_year_ticks(data) -> None:
    # A 2025 bar was drawn at 1 January 2025 over month ticks, so it covered "Oct 2024 - Apr 2025".
    fig = events_by_period_figure(data.events)
    assert fig.data and all(bar.xperiod == "M12" and bar.xperiodalignment == "middle" for bar in fig.data)
    assert all(bar.hovertemplate.startswith("%{x|%Y}:") for bar in fig.data)
    assert fig.layout.xaxis.tickformat == "%Y" and fig.layout.xaxis.dtick == "M12"
    monthly = events_by_period_figure(data.events, "MS")
    assert all(bar.xperiod == "M1" for bar in monthly.data) and monthly.layout.xaxis.tickformat is None
    with pytest.raises(ValueError, match="got 'W'"):
        counts_figure(events_by_period(data.events), freq="W")  # type: ignore[arg-type]
