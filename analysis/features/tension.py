"""Tension index: conflictual curated events, summed with exponential decay.

Method
------
Each event ``i`` on day ``t_i`` with Goldstein score ``g_i`` (-10..10,
negative = conflictual) adds the pressure ``p_i = max(0, -g_i)``; co-operative
and neutral events add nothing. The index on day ``d`` is

    I(d) = sum over events with t_i <= d of  p_i * 2 ** (-(d - t_i) / H)

with half-life ``H`` days (default 30): an event's weight halves every ``H``
days. Equivalently ``I(d) = I(d-1) * 2 ** (-1/H) + P(d)``, where ``P(d)`` is
the pressure of day ``d``. The weekly series is the mean of the daily index
over each week (weeks end on Sunday). Events count on their start ``date``
(``end_date`` and month/year precision are ignored).

It measures what is in the curated table (which events were curated and how
they were scored), not everything that happened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.charts.spec import ChartResult, ChartSpec
from analysis.charts.style import apply_style, shade_no_data, x_band
from analysis.data.filters import EventFilter, filter_events
from analysis.data.freshness import last_event_date
from analysis.data.provenance import source_ids_of
from analysis.features.readable import short_label
from analysis.features.timeline import (
    DISPUTE_START,
    LABEL_FONT_PX,
    LABEL_PAD_PX,
    PLOT_WIDTH_PX,
    key_events,
    stack_labels,
    text_px,
    x_range,
)

DEFAULT_HALF_LIFE = 30.0
TENSION_ROW_PX = 22  # one line of 11 px label text with its box
COMPARISON_LABELS = {"period": "Period", "start": "From", "end": "To", "days_covered": "Days covered",
                     "events": "Events", "pressure": "Pressure", "mean_index": "Mean index",
                     "peak_index": "Peak index", "peak_date": "Peak on"}
FREQUENCIES = ("D", "W")
INDEX_COLUMNS = ["date", "events", "pressure", "index"]
FORMULA_LATEX = r"I(d) = \sum_{i:\, t_i \le d} \max(0, -g_i)\; 2^{-(d - t_i)/H}"
FORMULA_TEXT = (
    "I(d) = sum over curated events i up to day d of max(0, −goldstein_i) × 2^(−(d − t_i)/H); "
    "an event's weight halves every H days; co-operative events (goldstein ≥ 0) add nothing."
)


def _empty_index() -> pd.DataFrame:
    return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "events": pd.Series(dtype="int64"),
                         "pressure": pd.Series(dtype="float64"), "index": pd.Series(dtype="float64")})


def tension_index(events: pd.DataFrame, half_life: float = DEFAULT_HALF_LIFE, freq: str = "D",
                  start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """Daily or weekly tension index (formula in the module docstring).

    Parameters
    ----------
    events : pandas.DataFrame
        Events with ``date`` (datetime64) and ``goldstein``.
    half_life : float
        ``H``, days after which an event's weight has halved.
    freq : {"D", "W"}
        Daily values, or weekly means of the daily values (weeks end on Sunday).
    start, end : datetime.date, optional
        Days shown. Events before ``start`` still count (decayed); the series
        runs from the first event (or ``start``) to ``end`` (default: last event).

    Returns
    -------
    pandas.DataFrame
        ``date, events, pressure, index``: events counted, summed pressure
        ``max(0, -goldstein)``, and the index. Weekly rows sum events/pressure.
    """
    if not half_life > 0:
        raise ValueError(f"half_life must be a positive number of days, got {half_life!r}")
    if freq not in FREQUENCIES:
        raise ValueError(f"freq must be one of {list(FREQUENCIES)}, got {freq!r}")
    dated = events.dropna(subset=["date", "goldstein"])
    if dated.empty:
        return _empty_index()
    day = dated["date"].dt.normalize()
    first = day.min()
    last = pd.Timestamp(end) if end is not None else day.max()
    if start is not None:
        first = min(first, pd.Timestamp(start))
    if last < first:
        return _empty_index()
    days = pd.date_range(first, last, freq="D")
    pressure = (-dated["goldstein"]).clip(lower=0).astype("float64")
    daily = pd.DataFrame({"events": day.groupby(day).size(), "pressure": pressure.groupby(day).sum()})
    daily = daily.reindex(days, fill_value=0)
    keep = np.power(2.0, -1.0 / half_life)  # share of yesterday's index left today
    values = np.empty(len(days))
    level = 0.0
    for i, p in enumerate(daily["pressure"].to_numpy()):
        level = level * keep + p
        values[i] = level
    table = pd.DataFrame({"date": days, "events": daily["events"].to_numpy().astype("int64"),
                          "pressure": daily["pressure"].to_numpy(), "index": values})
    if start is not None:
        table = table[table["date"] >= pd.Timestamp(start)]
    if freq == "W":
        table = (table.groupby(pd.Grouper(key="date", freq="W-SUN"))
                 .agg(events=("events", "sum"), pressure=("pressure", "sum"), index=("index", "mean"))
                 .reset_index())
    return table.reset_index(drop=True)[INDEX_COLUMNS]


def compare_periods(index: pd.DataFrame, pivot_date: dt.date, days: int = 90) -> pd.DataFrame:
    """Index statistics for the ``days`` before ``pivot_date`` and the ``days`` from it on.

    "before" is ``[pivot - days, pivot)``, "after" is ``[pivot, pivot + days)``.

    Parameters
    ----------
    index : pandas.DataFrame
        A daily series from :func:`tension_index`.
    pivot_date : datetime.date
        First day of the "after" period, e.g. 2025-11-07.
    days : int
        Length of each period.

    Returns
    -------
    pandas.DataFrame
        One row per period: ``period, start, end, days_covered, events,
        pressure, mean_index, peak_index, peak_date``; days outside the series
        are not covered (``mean_index`` is NaN when none are).
    """
    if not isinstance(days, (int, np.integer)) or days < 1:
        raise ValueError(f"days must be a whole number >= 1, got {days!r}")
    steps = index["date"].diff().dt.days.dropna()
    if not steps.empty and steps.max() > 1:
        raise ValueError(f"compare_periods needs the daily index, got steps of {int(steps.max())!r} days")
    pivot = pd.Timestamp(pivot_date)
    rows = []
    for name, lo, hi in (("before", pivot - pd.Timedelta(days=days), pivot),
                         ("after", pivot, pivot + pd.Timedelta(days=days))):
        part = index[(index["date"] >= lo) & (index["date"] < hi)]
        peak = part.loc[part["index"].idxmax()] if not part.empty else None
        rows.append({
            "period": name, "start": lo.date(), "end": (hi - pd.Timedelta(days=1)).date(),
            "days_covered": len(part), "events": int(part["events"].sum()),
            "pressure": float(part["pressure"].sum()),
            "mean_index": float(part["index"].mean()) if not part.empty else float("nan"),
            "peak_index": float(peak["index"]) if peak is not None else float("nan"),
            "peak_date": peak["date"].date() if peak is not None else None,
        })
    return pd.DataFrame(rows)


def comparison_sentence(comparison: pd.DataFrame) -> str:
    """One sentence on a :func:`compare_periods` table (ratio only when "before" is not near zero)."""
    before, after = comparison.set_index("period").loc[["before", "after"]].to_dict("records")
    if np.isnan(after["mean_index"]) or np.isnan(before["mean_index"]):
        return "The index does not cover both periods: widen the date filter."
    text = (f"Mean index {after['start']} to {after['end']}: **{after['mean_index']:.1f}** "
            f"({after['events']} events), against **{before['mean_index']:.1f}** ({before['events']} events) "
            f"from {before['start']} to {before['end']}")
    # Below one unit of pressure a ratio says more about the denominator than the change.
    if before["mean_index"] >= 1:
        text += f" (×{after['mean_index'] / before['mean_index']:.1f})"
    return text + "."


def index_for_selection(events: pd.DataFrame, selection: EventFilter, half_life: float = DEFAULT_HALF_LIFE,
                        freq: str = "D") -> pd.DataFrame:
    """The index of the events matching the countries/categories, shown for the selected dates.

    Events before the date range still count (decayed), so the first days
    are not understated. The series runs to the end of the range but stops at
    the newest curated event in ``events`` (pass all curated events): after it
    there is no data, and a decay towards zero would read as calm.
    """
    undated = replace(selection, start=None, end=None)  # every other filter (countries, match, ...) kept
    last = last_event_date(events)
    end = selection.end
    if last is not None and (end is None or end > last):
        end = last
    if last is not None and selection.start is not None and selection.start > last:
        return _empty_index()
    return tension_index(filter_events(events, undated), half_life, freq, selection.start, end)


def tension_caption(index: pd.DataFrame, half_life: float) -> str:
    """One honest caption: what the index counts and what it cannot show."""
    if index.empty:
        return "Tension index: no curated events match the filters."
    return (
        f"Tension index: decayed sum of the negative Goldstein scores among {int(index['events'].sum())} curated "
        f"events, {index['date'].min():%Y-%m-%d} to {index['date'].max():%Y-%m-%d}, half-life {half_life:g} days. "
        "It measures what is in the curated table — which events were curated and how they were scored — "
        "not all that happened; more curation of a period raises its index. It stops at the newest curated "
        "event: after it there is no data, and a decay to zero would wrongly read as calm."
    )


def tension_figure(index: pd.DataFrame, key_events: pd.DataFrame | None = None, pivot: dt.date | None = None,
                   days: int | None = None, title: str | None = None, plot_px: float = PLOT_WIDTH_PX) -> go.Figure:
    """Line of the index, with markers and staggered labels for key events.

    Parameters
    ----------
    index : pandas.DataFrame
        Output of :func:`tension_index`.
    key_events : pandas.DataFrame, optional
        Events (``date``, ``title``, ``event_id``) marked on the line.
    pivot, days : optional
        Draw the pivot date and shade ``days`` before and after it.
    title : str, optional
        Chart title.
    plot_px : float
        Narrowest plot width (px) the labels must not overlap at (``timeline.plot_px_for``).
    """
    fig = go.Figure()
    # One point a day for years: sent as float32 (shown to 0.1) and, the days being evenly spaced, as a first
    # date and a step instead of one date per point, the figure JSON is about a third of timestamps and
    # float64 (bench/profile.py, docs/bench.md).
    fig.add_scatter(**_x_of(index["date"]), y=index["index"].to_numpy(dtype="float32"),
                    mode="lines", name="Tension index", line={"color": "#B2182B", "width": 2},
                    customdata=index[["events", "pressure"]].to_numpy(dtype="float32"),
                    hovertemplate="%{x|%Y-%m-%d}: index %{y:.1f}<br>%{customdata[0]} events, "
                                  "pressure %{customdata[1]:.1f}<extra></extra>")
    marks = _marks(index, key_events)
    label_rows = 0
    if not index.empty:  # the axis fits the data at every width (plotly's autorange widened it for labels)
        fig.update_xaxes(range=list(x_range(index["date"], [], [], plot_px)))
    if not marks.empty:
        fig.add_scatter(x=marks["date"], y=marks["value"], mode="markers", name="Key events",
                        marker={"color": "#222", "size": 8, "symbol": "diamond"},
                        customdata=marks[["event_id", "title"]].to_numpy(),
                        hovertemplate="%{x|%Y-%m-%d} %{customdata[1]}<extra></extra>")
        # Labels sit in pixel rows above the plot, stacked with measured widths (the timeline's rule), each
        # tied to its mark by a leader line: no render size (page, phone, PNG, slide) can overprint them.
        texts = [short_label(t, 34) for t in marks["title"]]
        widths = [text_px(t, LABEL_FONT_PX) + LABEL_PAD_PX for t in texts]
        start, end = x_range(index["date"], [], widths, plot_px)
        per_px = (end - start).total_seconds() / plot_px
        rows = stack_labels([(d - start).total_seconds() / per_px for d in marks["date"]], widths)
        top = max(float(index["index"].max()), 1.0) * 1.05
        fig.update_yaxes(range=[0, top])
        for row, text, level in zip(marks.itertuples(index=False), texts, rows, strict=True):
            fig.add_shape(type="line", x0=row.date, x1=row.date, y0=row.value, y1=top, xref="x", yref="y",
                          line={"color": "#555", "width": 1}, name=f"leader {row.event_id}")
            fig.add_annotation(x=row.date, xref="x", y=1, yref="paper", yanchor="bottom",
                               yshift=4 + level * TENSION_ROW_PX, showarrow=False, text=text,
                               hovertext=f"{row.date:%Y-%m-%d} {row.title}", font={"size": LABEL_FONT_PX},
                               bgcolor="rgba(255,255,255,0.85)", name=str(row.event_id))
        fig.update_xaxes(range=[start, end])
        label_rows = max(rows) + 1
    inside = not index.empty and index["date"].min() <= pd.Timestamp(pivot or 0) <= index["date"].max()
    if pivot is not None and inside:
        when = pd.Timestamp(pivot)
        if days:
            x_band(fig, when - pd.Timedelta(days=days), when, "before", "bottom left", fillcolor="#56B4E9",
                   opacity=0.12, line_width=0)
            x_band(fig, when, when + pd.Timedelta(days=days), "after", "bottom right", fillcolor="#E69F00",
                   opacity=0.12, line_width=0)
        fig.add_vline(x=when, line_dash="dot", line_color="#555")
    if index.empty:
        fig.add_annotation(text="No events match the filters", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    fig.update_layout(showlegend=False, yaxis_title="Tension index (decayed pressure)", xaxis_title=None)
    if marks.empty:
        fig.update_yaxes(rangemode="tozero")
    fig = apply_style(fig, title, height=460 + TENSION_ROW_PX * label_rows)
    return fig.update_layout(margin={"t": (60 if title else 20) + TENSION_ROW_PX * label_rows})


def _x_of(dates: pd.Series) -> dict:
    """Scatter x arguments: ``x0`` and ``dx`` (ms, a date axis) when ``dates`` are evenly spaced, else ``x``."""
    steps = dates.diff().dropna().unique()
    if len(steps) == 1 and steps[0] > pd.Timedelta(0):
        return {"x0": dates.iloc[0].strftime("%Y-%m-%d"), "dx": int(pd.Timedelta(steps[0]) / pd.Timedelta(1, "ms"))}
    return {"x": dates.dt.strftime("%Y-%m-%d")}


def _marks(index: pd.DataFrame, events: pd.DataFrame | None) -> pd.DataFrame:
    """Key events placed on the index line (events outside the series are dropped)."""
    if events is None or events.empty or index.empty:
        return pd.DataFrame(columns=["date", "value", "event_id", "title"])
    # Weekly series: put each event on the week that holds it.
    step = pd.Timedelta(days=7) if len(index) > 1 and (index["date"].diff().dt.days.max() > 1) else None
    values = index.set_index("date")["index"]
    rows = []
    for row in events.itertuples(index=False):
        when = row.date.normalize()
        slot = values.index[values.index >= when][:1] if step is not None else [when]
        if len(slot) and slot[0] in values.index and (step is None or slot[0] - when < step):
            rows.append({"date": when, "value": float(values[slot[0]]), "event_id": row.event_id,
                         "title": str(row.title)})
    return pd.DataFrame(rows, columns=["date", "value", "event_id", "title"])


def _tension_chart(data, selection) -> ChartResult:
    index = index_for_selection(data.events, selection)
    shown = filter_events(data.events, selection)
    fig = tension_figure(index, key_events(shown, 6), DISPUTE_START, None,
                         f"Tension index (half-life {DEFAULT_HALF_LIFE:g} days)")
    shade_no_data(fig, last_event_date(data.events), selection.start, selection.end)
    counted = shown[shown["goldstein"] < 0]
    return ChartResult(fig, source_ids_of(counted), tension_caption(index, DEFAULT_HALF_LIFE))


def named_charts() -> dict[str, ChartSpec]:
    """Charts of this module for exports, the briefing deck and the CLI."""
    return {"tension-index": ChartSpec("tension-index", "Tension index", _tension_chart)}
