"""Shared chart style: category colours and a slide-friendly plotly layout.

Category colours are checked for distinctness with simulated colour-vision deficiencies
(:mod:`analysis.charts.colourcheck`), so a chart reads the same on a projector, in print and for
colour-blind viewers.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from analysis.data.freshness import uncovered_span

CATEGORY_COLORS: dict[str, str] = {
    "diplomatic": "#3366FF",
    "statement": "#56B4E9",
    "military_exercise": "#D55E00",
    "military_incident": "#990000",
    "maritime_grey_zone": "#FF9933",
    "economic_measure": "#669966",
    "defence_industry": "#6A3D9A",
    "force_posture": "#882255",
    "budget_policy": "#999999",
    "alliance": "#996699",
}
"""Picked for distance, not taste: every pair is at least 13.9 ΔE00 apart for normal vision and simulated
protanopia, deuteranopia and tritanopia (analysis.charts.colourcheck; tests/unit/charts/test_palette.py)."""
FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"
NO_DATA_FILL = "#9E9E9E"


REGION_LABELS: dict[str, str] = {
    "southwest_islands": "Southwest (Nansei) islands", "okinawa": "Okinawa", "senkaku": "Senkaku Islands",
    "taiwan_strait": "Taiwan Strait", "east_china_sea": "East China Sea", "mainland_japan": "Mainland Japan",
    "mainland_china": "Mainland China", "taiwan": "Taiwan", "korean_peninsula": "Korean Peninsula",
    "washington": "Washington", "other": "Other",
}


def region_label(region: str) -> str:
    """Human label for a region id, e.g. ``east_china_sea`` -> ``East China Sea``."""
    return REGION_LABELS.get(region, region.replace("_", " ").capitalize())


def choice_label(column: str, value: str) -> str:
    """The label a form or table shows for an id-like choice of ``column`` (category, region, others)."""
    if column == "region":
        return region_label(value)
    return category_label(value)


# Trace types our figures draw; plotly_white's defaults for the others (3-D, polar, ternary, geo, carpet…)
# would travel with every chart to the browser on every rerun (≈ 5 KB of a small figure's 7 KB).
TEMPLATE_TRACES = ("bar", "scatter", "heatmap", "table")
TEMPLATE_UNUSED_LAYOUT = ("scene", "ternary", "polar", "geo", "colorscale")


@functools.cache
def compact_template() -> go.layout.Template:
    """plotly_white with only the parts our 2-D bar, line, heatmap and table charts use.

    The figure looks the same (each kept part is plotly_white's own); the figure JSON sent to the browser
    and written to HTML exports is about 5 KB smaller per chart (bench/profile.py, docs/bench.md).
    Built once and shared read-only: ``update_layout(template=...)`` copies it into the figure. Styling an
    8-bar figure took 10.8 ms with it, 15.7 ms rebuilding it from a dict each time, 26.4 ms with "plotly_white".
    """
    white = pio.templates["plotly_white"].to_plotly_json()
    layout = {k: v for k, v in white["layout"].items() if k not in TEMPLATE_UNUSED_LAYOUT}
    return go.layout.Template({"layout": layout, "data": {k: white["data"][k] for k in TEMPLATE_TRACES}})


def category_label(category: str) -> str:
    """Human label for a category id, e.g. ``maritime_grey_zone`` -> ``Maritime grey zone``."""
    return category.replace("_", " ").capitalize()


def apply_style(fig: go.Figure, title: str | None = None, height: int = 480) -> go.Figure:
    """Apply the shared look (white background, readable fonts) and return the figure."""
    fig.update_layout(
        template=compact_template(),
        font={"family": FONT_FAMILY, "size": 14},
        title={"text": title, "x": 0.01, "xanchor": "left"} if title else None,
        height=height,
        margin={"l": 60, "r": 20, "t": 60 if title else 20, "b": 60},
        legend={"bgcolor": "rgba(255,255,255,0.85)"},
    )
    return fig


def shade_no_data(fig: go.Figure, last: dt.date | None, start: dt.date | None, end: dt.date | None,
                  today: dt.date | None = None) -> go.Figure:
    """Shade the stretch of a date axis after the newest curated event as "no curated data".

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        A figure whose x axis is dates.
    last : datetime.date or None
        Date of the newest curated event (the data's end).
    start, end : datetime.date or None
        The date range the chart shows (``end`` defaults to today).
    today : datetime.date, optional
        Today, for tests.
    """
    span = uncovered_span(last, start, end, today)
    if span is None:
        return fig
    label = f"no curated data after {last.isoformat()}" if last is not None else "no curated data"
    return x_band(fig, pd.Timestamp(span[0]), pd.Timestamp(span[1]) + pd.Timedelta(days=1), label, "top left",
                  font_size=11, fillcolor=NO_DATA_FILL, opacity=0.22, line_width=0, layer="below",
                  name="no curated data")


BAND_LABEL_PLACES: dict[str, tuple[str, str]] = {  # annotation_position -> (side of the band, top or bottom)
    "top left": ("left", "top"), "bottom left": ("left", "bottom"), "bottom right": ("right", "bottom"),
    "top right": ("right", "top"),
}


def x_band(fig: go.Figure, x0: object, x1: object, label: str | None = None, position: str = "top left",
           font_size: int | None = None, **shape: object) -> go.Figure:
    """A full-height band from ``x0`` to ``x1`` with an optional label: ``fig.add_vrect``, cheaper.

    On a figure without subplots it adds the same shape and annotation JSON as ``add_vrect`` (a rect in
    ``y domain``) in about a third of the time: plotly's spanning-shape code cost ~5 ms a band, and the
    Timeline page drew four per build. Figures with subplots go through ``add_vrect`` (a band per subplot).
    """
    if position not in BAND_LABEL_PLACES:
        raise ValueError(f"position must be one of {list(BAND_LABEL_PLACES)}, got {position!r}")
    if fig._has_subplots():
        extra: dict[str, object] = {"annotation_text": label, "annotation_position": position} if label else {}
        if label and font_size is not None:
            extra["annotation_font_size"] = font_size
        fig.add_vrect(x0=x0, x1=x1, **extra, **shape)
        return fig
    fig.add_shape(type="rect", x0=x0, x1=x1, xref="x", y0=0, y1=1, yref="y domain", **shape)
    if label:
        side, edge = BAND_LABEL_PLACES[position]
        fig.add_annotation(x=x0 if side == "left" else x1, xref="x", xanchor=side, y=1 if edge == "top" else 0,
                           yref="y domain", yanchor=edge, text=label, showarrow=False,
                           **({"font": {"size": font_size}} if font_size is not None else {}))
    return fig
