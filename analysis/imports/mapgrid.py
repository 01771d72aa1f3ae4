"""Imported events on the map when there are too many for markers: a density layer from grid counts.

The counts come from the query engine (:meth:`analysis.query.engine.EventQueries.grid_counts`), so a
map of ten million events never loads them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go


def grid_cell(span_deg: float) -> float:
    """Cell size for a view span (the same rule as the curated density grid)."""
    return max(0.05, round(span_deg / 60, 2))


def add_density(fig: go.Figure, cells: pd.DataFrame, cell_deg: float, total: int) -> go.Figure:
    """Add imported-event counts per cell (``lon``, ``lat`` cell centres in EPSG:4326, ``events``) as a heatmap."""
    if cells.empty:
        return fig
    ix = np.rint((cells["lon"] - cells["lon"].min()) / cell_deg).astype(int)
    iy = np.rint((cells["lat"] - cells["lat"].min()) / cell_deg).astype(int)
    grid = np.full((iy.max() + 1, ix.max() + 1), np.nan)
    grid[iy, ix] = cells["events"].to_numpy(dtype=float)
    xs = cells["lon"].min() + np.arange(grid.shape[1]) * cell_deg
    ys = cells["lat"].min() + np.arange(grid.shape[0]) * cell_deg
    fig.add_heatmap(x=xs, y=ys, z=grid, colorscale="Purples", opacity=0.7, zsmooth=False,
                    name="Imported events (density)", showscale=True,
                    hovertemplate="%{z:.0f} imported events<br>%{y:.2f}N %{x:.2f}E<extra></extra>",
                    colorbar={"title": {"text": "Imported per cell", "side": "top"}, "orientation": "h",
                              "len": 0.3, "thickness": 12, "x": 0, "xanchor": "left", "y": 1.01,
                              "yanchor": "bottom"})
    fig.add_annotation(text=f"<b>Density grid: {total:,} imported events</b> ({cell_deg:g}° cells)",
                       xref="paper", yref="paper", x=0.01, y=0.01, xanchor="left", yanchor="bottom",
                       showarrow=False, bgcolor="rgba(255,255,255,0.85)", font={"size": 14})
    return fig
