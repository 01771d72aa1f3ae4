"""The one density grid: curated (features.mapdensity) and imported (query engine) cells coincide."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.data.grid import LAT_OFFSET, LON_OFFSET, cell_edges, grid_cell
from analysis.features.geo import VIEWS
from analysis.features.mapdensity import density_grid


def test_cell_size_follows_the_view_span() -> None:
    assert grid_cell(10.0) == pytest.approx(0.17)
    assert grid_cell(0.45) == 0.05  # never finer than 0.05 degrees
    with pytest.raises(ValueError, match="got 0"):
        grid_cell(0)


def test_edges_are_whole_cells_from_the_origin_and_cover_the_range() -> None:
    edges = cell_edges(121.33, 125.71, 0.25, LON_OFFSET)
    assert edges[0] <= 121.33 and edges[-1] >= 125.71
    assert np.allclose((edges + LON_OFFSET) / 0.25, np.round((edges + LON_OFFSET) / 0.25))


@pytest.mark.parametrize("key", sorted(VIEWS))
def test_curated_cells_are_the_query_engines_cells(key: str) -> None:
    view = VIEWS[key]
    lon, lat = (view.lon[0] + view.lon[1]) / 2 + 0.013, (view.lat[0] + view.lat[1]) / 2 + 0.007
    lons, lats, grid, cell = density_grid(pd.DataFrame({"lon": [lon], "lat": [lat]}), view)
    iy, ix = np.argwhere(~np.isnan(grid))[0]
    # analysis.query.events.grid_counts: centre = (floor((x + offset) / cell) + 0.5) * cell - offset
    assert lons[ix] == pytest.approx((math.floor((lon + LON_OFFSET) / cell) + 0.5) * cell - LON_OFFSET)
    assert lats[iy] == pytest.approx((math.floor((lat + LAT_OFFSET) / cell) + 0.5) * cell - LAT_OFFSET)
