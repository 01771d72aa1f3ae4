"""Figures and tables for the Overview and Events pages."""

from __future__ import annotations

from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from analysis.charts.spec import ChartResult, ChartSpec
from analysis.charts.style import CATEGORY_COLORS, apply_style, category_label, shade_no_data
from analysis.data.filters import filter_events
from analysis.data.freshness import last_event_date
from analysis.data.provenance import source_ids_of
from analysis.data.schemas import CATEGORIES
from analysis.features.budgets import latest_figures

# Period starts the Overview counts use (pandas offset aliases): years, quarters, months.
PeriodFreq = Literal["YS", "QS", "MS"]

EVENT_TABLE_COLUMNS = [
    "date", "title", "category", "actors", "initiator", "target", "location", "region",
    "goldstein", "confidence", "source_ids", "event_id",
]


def latest_events(events: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` most recent events, newest first, with the columns a reader needs."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n!r}")
    ordered = events.sort_values(["date", "event_id"], ascending=[False, True])
    return ordered.head(n)[[c for c in EVENT_TABLE_COLUMNS if c in events.columns]].reset_index(drop=True)


def event_table(events: pd.DataFrame) -> pd.DataFrame:
    """All events, newest first, dates as ISO text (for display and download)."""
    table = events.sort_values(["date", "event_id"], ascending=[False, True]).copy()
    table = table[[c for c in [*EVENT_TABLE_COLUMNS, "summary"] if c in table.columns]]
    table["date"] = table["date"].dt.strftime("%Y-%m-%d")
    return table.reset_index(drop=True)


def events_by_period(events: pd.DataFrame, freq: PeriodFreq = "YS") -> pd.DataFrame:
    """Count events per period and category (long format: period, category, events)."""
    if events.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "category": [], "events": []})
    counts = (
        events.groupby([pd.Grouper(key="date", freq=freq), "category"])
        .size()
        .rename("events")
        .reset_index()
        .rename(columns={"date": "period"})
    )
    return counts


# Each bar spans its period (plotly's xperiod, centred): a year's bar drawn at its 1 January spread over
# the half-years either side, under month ticks, and read as "Oct 2024 - Apr 2025" for 2025.
PERIOD_SPAN = {"YS": "M12", "QS": "M3", "MS": "M1"}
PERIOD_HOVER = {"YS": "%{x|%Y}", "QS": "quarter from %{x|%Y-%m}", "MS": "%{x|%Y-%m}"}


def counts_figure(counts: pd.DataFrame, title: str | None = None, y_title: str = "Events",
                  freq: PeriodFreq = "YS") -> go.Figure:
    """Stacked bars from a (period, category, events) table, one colour per category, each over its period."""
    if freq not in PERIOD_SPAN:
        raise ValueError(f"freq must be one of {tuple(PERIOD_SPAN)}, got {freq!r}")
    fig = go.Figure()
    for category in CATEGORIES:
        part = counts[counts["category"] == category]
        if part.empty:
            continue
        fig.add_bar(
            x=part["period"],
            y=part["events"],
            name=category_label(category),
            marker_color=CATEGORY_COLORS[category],
            xperiod=PERIOD_SPAN[freq], xperiodalignment="middle",
            hovertemplate=PERIOD_HOVER[freq] + ": %{y} events<extra>" + category_label(category) + "</extra>",
        )
    fig.update_layout(barmode="stack", yaxis_title=y_title, xaxis_title=None)
    if freq == "YS":  # year bars under year ticks
        fig.update_xaxes(dtick="M12", tickformat="%Y", ticklabelmode="period")
    if counts.empty:
        fig.add_annotation(text="No events match the filters", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    fig = apply_style(fig, title)
    # The legend goes under the bars: on a phone a side legend covered the "no curated data" note.
    return fig.update_layout(legend={"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top"},
                             margin={"b": 40})


def curated_and_imported_figure(curated: pd.DataFrame, imported: pd.DataFrame, title: str | None = None
                                ) -> go.Figure:
    """Curated counts on top, imported (ACLED/GDELT) counts below on their own axis, never added together.

    Both are (period, category, events) tables. Imported bars are hatched and their legend entries say
    "Imported", so a feed's thousands of machine-coded rows never flatten or pass for curated events.
    """
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.14, row_heights=[0.6, 0.4],
                        subplot_titles=("Curated events", "Imported events (ACLED/GDELT, machine-coded; own scale)"))
    for row, counts, group in ((1, curated, "curated"), (2, imported, "imported")):
        for category in CATEGORIES:
            part = counts[counts["category"] == category]
            if part.empty:
                continue
            label = category_label(category)
            name = label if group == "curated" else f"Imported · {label}"
            fig.add_bar(x=part["period"], y=part["events"], name=name, legendgroup=group,
                        legendgrouptitle_text="Curated" if group == "curated" else "Imported (ACLED/GDELT)",
                        marker_color=CATEGORY_COLORS[category],
                        marker_pattern_shape="" if group == "curated" else "/",
                        hovertemplate="%{x|%Y-%m}: %{y} " + ("curated" if group == "curated" else "imported")
                        + " events<extra>" + name + "</extra>", row=row, col=1)
    fig.update_layout(barmode="stack", xaxis2_title=None)
    fig.update_yaxes(title_text="Curated", row=1, col=1)
    fig.update_yaxes(title_text="Imported", row=2, col=1)
    if imported.empty:
        fig.add_annotation(text="No imported events match the filters", showarrow=False, x=0.5, y=0.15,
                           xref="paper", yref="paper")
    return apply_style(fig, title)


def events_by_period_figure(events: pd.DataFrame, freq: PeriodFreq = "YS", title: str | None = None) -> go.Figure:
    """Stacked bars of events per period, one colour per category."""
    return counts_figure(events_by_period(events, freq), title, "Events in the curated table", freq)


def headline_budgets(budgets: pd.DataFrame) -> pd.DataFrame:
    """Latest budget per country in the scope the Budgets page compares (one rule for both pages)."""
    return latest_figures(budgets).reset_index(drop=True)


def _per_year_chart(data, selection) -> ChartResult:
    events = filter_events(data.events, selection)
    sources = source_ids_of(events)
    fig = events_by_period_figure(events, "YS", "Curated events per year, by category")
    shade_no_data(fig, last_event_date(data.events), selection.start, selection.end)
    return ChartResult(
        fig,
        sources,
        f"{len(events)} curated events; counts reflect what the table holds, not all that happened.",
    )


def named_charts() -> dict[str, ChartSpec]:
    """Charts of this module for exports, the briefing deck and the CLI."""
    return {"events-per-year": ChartSpec("events-per-year", "Curated events per year", _per_year_chart)}
