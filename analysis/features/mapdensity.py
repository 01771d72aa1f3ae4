"""Density grids for maps with more events than markers can draw quickly (see docs/map.md).

Curated events are counted here; imported events arrive as counts per cell from the query engine, so a
map of ten million events never loads them. Both use the one grid of :mod:`analysis.data.grid`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.data.grid import LAT_OFFSET, LON_OFFSET, cell_edges, grid_cell
from analysis.features.geo import View


def density_grid(events: pd.DataFrame, view: View) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Count events per grid cell over the view (plus a margin for panning).

    Returns cell-centre lons, lats, counts (NaN where empty, rows = lat) and cell size in degrees.
    """
    cell = grid_cell(view.span)
    lon_edges = cell_edges(view.lon[0] - view.span / 2, view.lon[1] + view.span / 2, cell, LON_OFFSET)
    lat_edges = cell_edges(view.lat[0] - view.span / 2, view.lat[1] + view.span / 2, cell, LAT_OFFSET)
    counts, _, _ = np.histogram2d(events["lat"], events["lon"], bins=[lat_edges, lon_edges])
    grid = np.where(counts > 0, counts, np.nan)
    return (lon_edges[:-1] + cell / 2), (lat_edges[:-1] + cell / 2), grid, cell


def density_trace(fig: go.Figure, events: pd.DataFrame, view: View) -> float:
    """Add the density grid to ``fig``; return the cell size in degrees."""
    lons, lats, grid, cell = density_grid(events, view)
    fig.add_heatmap(x=lons, y=lats, z=grid, colorscale="YlOrRd", opacity=0.75, zsmooth=False, name="Event density",
                    hovertemplate="%{z:.0f} events<br>%{y:.2f}N %{x:.2f}E<extra></extra>",
                    # Above the map, right: clear of the legend whether it sits below or right.
                    colorbar={"title": {"text": "Events per cell", "side": "top"}, "orientation": "h", "len": 0.3,
                              "thickness": 12, "x": 1, "xanchor": "right", "y": 1.01, "yanchor": "bottom"})
    return cell


def imported_density_trace(fig: go.Figure, cells: pd.DataFrame, cell_deg: float, total: int) -> go.Figure:
    """Add imported-event counts per cell as a heatmap.

    ``cells`` come from :meth:`analysis.query.engine.EventQueries.grid_counts`: ``lon``, ``lat`` (cell
    centres, EPSG:4326) and ``events``.
    """
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
