"""Figures and tables a page redraws on every rerun, cached per data version, day and inputs.

The Timeline figure costs ~0.3 s to build for the bundled 336 events (plotly validation of
hover text and labels); the same filters give the same figure, so it is built once.
``st.cache_data`` returns a copy, so a page may still shade or annotate it; every call returns
the same JSON, so the chart keeps its widget id (and a click its selection) across reruns.

A cache key holds short values only: Streamlit hashes a tuple item by item (a tuple of 336 event
ids cost ~0.25 s a rerun under load), so a set of ids goes in as :func:`ids_digest`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import replace
from typing import TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.charts.spec import ChartResult
from analysis.data.filters import EventFilter
from analysis.data.loader import Dataset
from analysis.features import timeline
from analysis.features.timeline import Lanes
from ui.core import PageContext, data_version, run_today

__all__ = ["cached_chart", "cached_view", "ids_digest", "selection_key", "timeline_figure"]

T = TypeVar("T")


def ids_digest(ids: Iterable[object]) -> str:
    """A short, order-sensitive digest of ``ids`` for a cache key (one string to hash, not hundreds)."""
    digest = hashlib.blake2b(digest_size=16)
    for item in ids:
        digest.update(str(item).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()


def selection_key(selection: EventFilter) -> tuple:
    """The sidebar selection as a plain tuple (countries, dates, categories, match, names) for a cache key."""
    return dataclasses.astuple(selection)


def _same_json(value: object) -> object:
    # A cache hit returns an unpickled copy (rebuilt from ``to_dict``), whose JSON drops empty dicts the
    # fresh figure still has. Streamlit derives a chart's widget id from that JSON, so a click made on the
    # first (fresh) figure would be lost on the rerun: return the same form on the miss.
    if isinstance(value, go.Figure):
        return go.Figure(value.to_dict())
    if isinstance(value, ChartResult):
        return replace(value, figure=go.Figure(value.figure.to_dict()))
    if isinstance(value, tuple):
        return tuple(_same_json(v) for v in value)
    return value


@st.cache_data(max_entries=128, show_spinner=False)
def _view(key: tuple, _build: Callable[[], object]) -> object:
    # ``key`` = (data folder, file mtimes, day, name, the caller's inputs): it fixes what ``_build`` returns.
    return _same_json(_build())


def cached_view(name: str, build: Callable[[], T], *key: Hashable) -> T:
    """``build()``, run once per data version, day, ``name`` and ``key``; a copy on every later call.

    ``build`` must be a pure function of the curated data and of ``key`` (short values: str, int, date,
    tuples of those, :func:`ids_digest`, :func:`selection_key`). ``name`` tells the builders apart.
    Figures come back with the same JSON on a miss as on a hit (the chart keeps its widget id).
    """
    return _view((*data_version(), run_today(), name, *key), build)  # type: ignore[return-value]


def timeline_figure(ctx: PageContext, shown: pd.DataFrame, lanes: Lanes, labels: int, arrows: bool,
                    shade: Callable[[go.Figure], go.Figure] | None = None, shade_key: Hashable = None,
                    plot_px: float = timeline.PLOT_WIDTH_PX) -> go.Figure:
    """:func:`analysis.features.timeline.timeline_figure` of ``shown`` (then ``shade`` applied), cached.

    ``shade_key`` names what ``shade`` depends on (e.g. the newest event and the date range); ``plot_px``
    is the plot width the key-event labels are stacked for (``timeline.plot_px_for(ui.main_width())``).
    """
    def build() -> go.Figure:
        fig = timeline.timeline_figure(shown, lanes, labels, arrows=arrows, sources=ctx.data.sources,
                                       plot_px=plot_px)
        return shade(fig) if shade is not None else fig

    return cached_view("timeline", build, ids_digest(shown["event_id"]), lanes, labels, arrows, shade_key,
                       plot_px)


def cached_chart(build: Callable[..., ChartResult], data: Dataset, *args: object) -> ChartResult:
    """``build(data, *args)``, built once per data version, day and arguments (hashable: str, int, tuple).

    The Budgets page's six charts cost ~0.1 s each to build (plotly validation); a rerun that does not change
    their arguments (a sidebar filter most of them ignore, a page switch back) reuses them. The same cache
    as :func:`cached_view`, the builder's name for the view's.
    """
    return cached_view(f"{build.__module__}.{build.__qualname__}", lambda: build(data, *args), *args)
