"""The map density grid, one rule for curated and imported events: cell size and where cells start.

Cells are ``grid_cell(span)`` degrees (EPSG:4326) and their edges fall on whole multiples of the cell
counted from lon -180 / lat -90, so the curated grid (:mod:`analysis.features.mapdensity`) and the
imported-event counts of the query engine (:func:`analysis.query.events.grid_counts`) draw the same cells.
"""

from __future__ import annotations

import math

import numpy as np

LON_OFFSET = 180  # cell edges: -180 + k * cell
LAT_OFFSET = 90  # cell edges: -90 + k * cell


def grid_cell(span_deg: float) -> float:
    """Cell size in degrees for a view whose larger side is ``span_deg`` degrees (about 60 cells across)."""
    if not span_deg > 0:
        raise ValueError(f"span must be > 0 degrees, got {span_deg!r}")
    return max(0.05, round(span_deg / 60, 2))


def cell_edges(low: float, high: float, cell: float, offset: float) -> np.ndarray:
    """Grid edges covering ``low..high`` degrees: whole multiples of ``cell`` from ``-offset``."""
    if not cell > 0:
        raise ValueError(f"cell must be > 0 degrees, got {cell!r}")
    first = math.floor((low + offset) / cell)
    last = math.ceil((high + offset) / cell)
    return np.arange(first, max(last, first + 1) + 1) * cell - offset
