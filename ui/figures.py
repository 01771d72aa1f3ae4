"""Figures a page redraws on every rerun, cached per data version and shown rows.

The Timeline figure costs ~0.3 s to build for the bundled 336 events (plotly validation of
hover text and labels); the same filters give the same figure, so it is built once.
``st.cache_data`` returns a copy, so a page may still shade or annotate it; every call returns
the same JSON, so the chart keeps its widget id (and a click its selection) across reruns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.charts.spec import ChartResult
from analysis.data.loader import Dataset
from analysis.features import timeline
from analysis.features.timeline import Lanes
from ui.core import PageContext, data_version, run_today

__all__ = ["cached_chart", "timeline_figure"]


@st.cache_data(max_entries=64, show_spinner=False)
def _timeline(key: tuple, _events: pd.DataFrame, _sources: pd.DataFrame, lanes: Lanes, labels: int,
              arrows: bool) -> go.Figure:
    # ``key`` = (data folder, file mtimes, ids drawn): it fixes what the underscored frames hold.
    fig = timeline.timeline_figure(_events, lanes, labels, arrows=arrows, sources=_sources)
    # A cache hit returns an unpickled copy (rebuilt from ``to_dict``), whose JSON drops empty
    # dicts the fresh figure still has. Streamlit derives a chart's widget id from that JSON, so
    # a click made on the first (fresh) figure would be lost on the rerun: return the same form now.
    return go.Figure(fig.to_dict())


def timeline_figure(ctx: PageContext, shown: pd.DataFrame, lanes: Lanes, labels: int, arrows: bool) -> go.Figure:
    """:func:`analysis.features.timeline.timeline_figure` of ``shown``, cached."""
    key = (*data_version(), tuple(shown["event_id"].astype(str)))
    return _timeline(key, shown, ctx.data.sources, lanes, labels, arrows)


@st.cache_data(max_entries=64, show_spinner=False)
def _chart(key: tuple, _build: Callable[..., ChartResult], _data: Dataset, args: tuple) -> ChartResult:
    # ``key`` = (data folder, file mtimes, day, builder): it fixes what ``_data`` holds and what is built.
    result = _build(_data, *args)
    return replace(result, figure=go.Figure(result.figure.to_dict()))  # the same JSON on a miss as on a hit


def cached_chart(build: Callable[..., ChartResult], data: Dataset, *args: object) -> ChartResult:
    """``build(data, *args)``, built once per data version, day and arguments (hashable: str, int, tuple).

    The Budgets page's six charts cost ~0.1 s each to build (plotly validation); a rerun that does not change
    their arguments (a sidebar filter most of them ignore, a page switch back) reuses them.
    """
    key = (*data_version(), run_today(), build.__module__, build.__qualname__)
    return _chart(key, build, data, args)
