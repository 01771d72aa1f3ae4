"""Event density grid for maps with more events than markers can draw quickly (see docs/map.md)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.features.geo import View


def density_grid(events: pd.DataFrame, view: View) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Count events per grid cell over the view (plus a margin for panning).

    Returns cell-centre lons, lats, counts (NaN where empty, rows = lat) and cell size in degrees.
    """
    cell = max(0.05, round(view.span / 60, 2))
    lon0, lon1 = view.lon[0] - view.span / 2, view.lon[1] + view.span / 2
    lat0, lat1 = view.lat[0] - view.span / 2, view.lat[1] + view.span / 2
    lon_edges = np.arange(lon0, lon1 + cell, cell)
    lat_edges = np.arange(lat0, lat1 + cell, cell)
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
