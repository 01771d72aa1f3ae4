"""The most severe events (lowest Goldstein score) as a table: a named chart for the Briefing deck and the CLI."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.charts.spec import ChartResult, ChartSpec
from analysis.charts.style import apply_style, category_label
from analysis.data.dataset import Dataset
from analysis.data.filters import EventFilter, filter_events
from analysis.data.ids import split_ids
from analysis.data.provenance import source_ids_of

TOP_EVENTS_N = 12


def top_events(events: pd.DataFrame, n: int = TOP_EVENTS_N) -> pd.DataFrame:
    """The ``n`` most severe events (lowest Goldstein score), the most recent first among equals."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n!r}")
    ordered = events.sort_values(["goldstein", "date", "event_id"], ascending=[True, False, True])
    return ordered.head(n).reset_index(drop=True)


def top_events_figure(events: pd.DataFrame, n: int = TOP_EVENTS_N, title: str | None = None) -> go.Figure:
    """A plotly table of :func:`top_events` (date, event, category, actors, Goldstein, number of sources).

    The sources themselves go in the citation footer, where they are named in short form.
    """
    top = top_events(events, n)
    columns = {
        "Date": top["date"].dt.strftime("%Y-%m-%d").tolist(),
        "Event": top["title"].astype(str).tolist(),
        "Category": [category_label(str(c)) for c in top["category"]],
        "Actors": top["actors"].astype(str).str.replace(";", ", ").tolist(),
        "Goldstein": [f"{g:+.1f}" for g in top["goldstein"]],
        "Sources": [len(split_ids(s)) for s in top["source_ids"]],
    }
    fig = go.Figure(
        go.Table(
            columnwidth=[0.9, 4.2, 1.5, 1.4, 0.8, 0.7],
            header={"values": list(columns), "fill_color": "#1f3b5a", "font": {"color": "white", "size": 13},
                    "align": "left"},
            cells={"values": list(columns.values()), "align": "left", "font": {"size": 12}, "height": 26,
                   "fill_color": [["#ffffff", "#f2f4f7"] * (len(top) // 2 + 1)]},
        )
    )
    if top.empty:
        fig.add_annotation(text="No events match the filters", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    return apply_style(fig, title, height=120 + 28 * max(len(top), 1))


def _top_events_chart(data: Dataset, selection: EventFilter) -> ChartResult:
    events = filter_events(data.events, selection)
    top = top_events(events)
    sources = source_ids_of(top)
    return ChartResult(
        top_events_figure(events, title=f"Most severe events (top {TOP_EVENTS_N} by Goldstein score)"),
        sources,
        f"{len(top)} of {len(events)} filtered events; lower Goldstein = more conflictual.",
    )


def named_charts() -> dict[str, ChartSpec]:
    """Named charts of this module: ``top-events``."""
    return {"top-events": ChartSpec("top-events", "Most severe events", _top_events_chart)}
