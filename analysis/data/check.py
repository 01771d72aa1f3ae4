"""The whole data check, as the Data check page, the banner and ``python -m analysis.cli check`` show it.

Curated tables and map layers are checked when the dataset is loaded
(:func:`analysis.data.loader.load_dataset` calls :func:`geo_problems`), so the
problems of both travel in the (disk-cached) ``Dataset``: every page's banner
counts the same problems as the Data check page without importing geopandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.names import geo_name_problems
from analysis.data.problems import ERROR_COLUMNS, empty_errors
from analysis.data.schemas import TABLES

if TYPE_CHECKING:
    from analysis.data.geo import GeoLayers

LAYERS = ("land", "lines", "points")


def load_geo_for(data: Dataset) -> GeoLayers:
    """The map layers that go with ``data`` (the one rule: :func:`analysis.data.geo.geo_folder`), checked."""
    # Not a circle: importing geopandas costs ~1 s, paid only when layers are read (a disk-cached
    # Dataset already carries its geo problems).
    from analysis.data.geo import geo_folder, load_geo

    return load_geo(*geo_folder(data))


def geo_problems(data: Dataset) -> pd.DataFrame:
    """Problems of the map layers that go with ``data``, and of names.csv rows naming their features."""
    geo = load_geo_for(data)
    frames = [f for f in (geo.errors, geo_name_problems(data.names, geo.points, geo.lines)) if not f.empty]
    return pd.concat(frames, ignore_index=True)[ERROR_COLUMNS] if frames else empty_errors()


def all_problems(data: Dataset) -> pd.DataFrame:
    """Every problem: curated tables first, then map layers (columns :data:`ERROR_COLUMNS`)."""
    frames = [f for f in (data.errors, data.geo_errors) if not f.empty]
    return pd.concat(frames, ignore_index=True)[ERROR_COLUMNS] if frames else empty_errors()


def summary_lines(data: Dataset, geo: GeoLayers) -> list[str]:
    """One line per table and map layer: ``events: kept N of M rows, K problems``."""
    lines = []
    problems_of = all_problems(data)["file"]
    for name, spec in TABLES.items():
        problems = int((problems_of == spec.filename).sum())
        kept = len(data.tables[name]) + (len(data.retired_events) if name == "events" else 0)
        retired = f" ({len(data.retired_events)} retired)" if name == "events" and len(data.retired_events) else ""
        lines.append(f"{name}: kept {kept} of {data.rows_read.get(name, 0)} rows{retired}, {problems} problems")
    for name in LAYERS:
        problems = int((geo.errors["file"] == f"{name}.geojson").sum())
        lines.append(f"{name}: kept {len(getattr(geo, name))} of {geo.read.get(name, 0)} features, "
                     f"{problems} problems")
    return lines


def problem_line(problem: pd.Series | dict) -> str:
    """One problem on one line: file, row, column, value (as written) and rule, tab-separated."""
    row = problem["row"]
    row_text = "-" if row is None or pd.isna(row) else str(int(row))
    value = problem["value"]
    value_text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    column = problem["column"] or "-"
    return f"{problem['file']}\trow {row_text}\tcolumn {column}\tvalue {value_text!r}\t{problem['rule']}"
