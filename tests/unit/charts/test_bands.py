"""x_band draws what plotly's add_vrect draws, cheaper (issue 29)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from analysis.charts.style import BAND_LABEL_PLACES, x_band


def line() -> go.Figure:
    return go.Figure(go.Scatter(x=[pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01")], y=[1, 2]))


@pytest.mark.parametrize("position", list(BAND_LABEL_PLACES))
def test_the_same_json_as_add_vrect(position: str) -> None:
    style = {"fillcolor": "#56B4E9", "opacity": 0.12, "line_width": 0, "layer": "below", "name": "band"}
    ours = x_band(line(), "2020-03-01", "2020-06-01", "before", position, font_size=11, **style)
    theirs = line().add_vrect(x0="2020-03-01", x1="2020-06-01", annotation_text="before",
                              annotation_position=position, annotation_font_size=11, **style)
    assert ours.to_dict()["layout"] == theirs.to_dict()["layout"]
    bare = x_band(line(), "2020-03-01", "2020-06-01", fillcolor="#999")
    assert len(bare.layout.shapes) == 1 and not bare.layout.annotations


def test_subplots_get_a_band_each_and_bad_positions_are_refused() -> None:
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True)
    fig.add_scatter(x=[1, 2], y=[1, 2], row=1, col=1)
    fig.add_scatter(x=[1, 2], y=[1, 2], row=2, col=1)
    x_band(fig, 1, 2, "no data", fillcolor="#999")
    assert len(fig.layout.shapes) == 2
    with pytest.raises(ValueError, match="got 'middle'"):
        x_band(line(), 1, 2, "x", "middle")
