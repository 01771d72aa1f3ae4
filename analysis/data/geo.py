"""The map layers of a data folder: read (EPSG:4326), checked, and which folder goes with a dataset.

The three layers in ``data/geo/`` (land, lines, points) are GeoJSON in EPSG:4326. :func:`load_geo`
reads them, makes the CRS explicit and checks that every ``source_ids`` entry of the lines and points
resolves in the sources table; problems come back as problem rows
(:data:`analysis.data.problems.ERROR_COLUMNS`) and the offending rows are left out.
:func:`geo_folder` is the one rule for which layers a dataset uses.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.ids import split_ids
from analysis.data.memo import BoundedMemo
from analysis.data.problems import ERROR_COLUMNS, empty_errors
from analysis.data.problems import problem as _error
from analysis.data.schemas import SOURCES
from analysis.data.tables import read_table
from analysis.settings import DEFAULT_DATA_DIR

__all__ = ["LAYER_COLUMNS", "GeoLayers", "check_layer", "ensure_4326", "geo_folder", "load_geo"]

LAYER_COLUMNS: dict[str, tuple[str, ...]] = {
    "land": ("name", "iso3", "area_km2"),
    "lines": ("line_id", "name", "kind", "notes", "source_ids", "confidence"),
    "points": ("point_id", "name", "name_local", "kind", "notes", "source_ids", "confidence"),
}


@dataclass
class GeoLayers:
    """The three bundled layers (EPSG:4326) and the problems found reading them."""

    land: gpd.GeoDataFrame
    lines: gpd.GeoDataFrame
    points: gpd.GeoDataFrame
    errors: pd.DataFrame = field(default_factory=empty_errors)
    read: dict[str, int] = field(default_factory=dict)  # features in each file, before checks


def _empty_layer(name: str) -> gpd.GeoDataFrame:
    columns = {c: pd.Series(dtype="object") for c in LAYER_COLUMNS[name]}
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=4326), crs=4326)


def ensure_4326(gdf: gpd.GeoDataFrame, label: str = "layer") -> gpd.GeoDataFrame:
    """Return ``gdf`` in EPSG:4326: set it when missing, refuse any other CRS.

    The files declare OGC CRS84 (EPSG:4326 in lon/lat order), which is what we draw.
    """
    if gdf.crs is None:
        return gdf.set_crs(4326)
    if gdf.crs.to_epsg() != 4326:
        raise ValueError(f"{label}: expected EPSG:4326, got {gdf.crs.to_string()!r}")
    return gdf


def check_layer(
    gdf: gpd.GeoDataFrame, name: str, sources: pd.DataFrame, filename: str
) -> tuple[gpd.GeoDataFrame, list[dict]]:
    """Check columns, geometry and ``source_ids`` of one layer; drop the bad rows.

    ``row`` in the error rows is the 1-based feature number in the file.
    """
    errors = [_error(filename, None, c, "", "required column is missing")
              for c in LAYER_COLUMNS[name] if c not in gdf.columns]
    if errors:
        return _empty_layer(name), errors
    known = set(sources["source_id"].dropna()) if "source_id" in sources else set()
    bad: set[int] = set()
    for pos, (idx, row) in enumerate(gdf.iterrows(), start=1):
        if row.geometry is None or row.geometry.is_empty:
            errors.append(_error(filename, pos, "geometry", "", "geometry is empty"))
            bad.add(idx)
        if "source_ids" not in gdf.columns:
            continue
        ids = split_ids(row["source_ids"])
        unknown = [i for i in ids if i not in known]
        if not ids:
            errors.append(_error(filename, pos, "source_ids", "", "required: the cell is empty"))
            bad.add(idx)
        elif unknown:
            errors.append(_error(filename, pos, "source_ids", ";".join(unknown),
                                 "source_id not found in sources.csv"))
            bad.add(idx)
    return gdf.drop(index=list(bad)), errors


def geo_folder(data: Dataset) -> tuple[Path, pd.DataFrame]:
    """Where a dataset's map layers come from, and the sources table they are checked against.

    The one rule for every map (Map page, Briefing page, CLI): a data folder with its own ``geo/``
    uses it, checked against its own sources; otherwise the bundled ``data/geo`` is used, checked
    against the bundled sources it cites.
    """
    if data.data_dir is not None and (Path(data.data_dir) / "geo").exists():
        return Path(data.data_dir) / "geo", data.sources
    bundled_sources = read_table(DEFAULT_DATA_DIR / SOURCES.filename, SOURCES).frame
    return DEFAULT_DATA_DIR / "geo", bundled_sources


def load_geo(geo_dir: Path | str | None = None, sources: pd.DataFrame | None = None) -> GeoLayers:
    """Read ``land``, ``lines`` and ``points`` GeoJSON from ``geo_dir`` (EPSG:4326).

    Parameters
    ----------
    geo_dir : path-like, optional
        Folder with the three files; defaults to the bundled ``data/geo``.
    sources : pandas.DataFrame, optional
        The sources table; every ``source_ids`` entry must resolve in it.

    Returns
    -------
    GeoLayers
        Valid features of each layer and one error table (never raises on bad files).

    Notes
    -----
    The result is a pure function of the folder, the three files' bytes and the source ids; a repeat
    is answered from a small in-process memo (every new Dataset, e.g. after each Curate save, checked
    the same bundled layers again). Each caller gets its own frames (shallow copies, copy-on-write).
    """
    geo_dir = Path(geo_dir) if geo_dir is not None else DEFAULT_DATA_DIR / "geo"
    sources = sources if sources is not None else pd.DataFrame({"source_id": []})
    known = frozenset(sources["source_id"].dropna()) if "source_id" in sources else frozenset()
    key = (str(geo_dir), tuple(_digest(geo_dir / f"{name}.geojson") for name in LAYER_COLUMNS), known)
    found = _geo_memo.get(key, lambda: _read_geo(geo_dir, sources))
    return GeoLayers(found.land.copy(deep=False), found.lines.copy(deep=False), found.points.copy(deep=False),
                     found.errors.copy(deep=False), dict(found.read))


_geo_memo: BoundedMemo[GeoLayers] = BoundedMemo(8)


def _digest(path: Path) -> str:
    """A digest of the file's bytes, or why there are none (the memo key: a changed file is read again)."""
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError as exc:
        return f"unreadable: {exc}"


def _read_geo(geo_dir: Path, sources: pd.DataFrame) -> GeoLayers:
    layers: dict[str, gpd.GeoDataFrame] = {}
    read: dict[str, int] = {}
    errors: list[dict] = []
    for name in LAYER_COLUMNS:
        read[name] = 0
        filename = f"{name}.geojson"
        path = geo_dir / filename
        if not path.exists():
            errors.append(_error(filename, None, "", str(path), "file not found"))
            layers[name] = _empty_layer(name)
            continue
        try:
            gdf = ensure_4326(gpd.read_file(path), filename)
        except Exception as exc:  # any unreadable file becomes an error row, never a crash
            errors.append(_error(filename, None, "", str(path), f"cannot read: {exc}"))
            layers[name] = _empty_layer(name)
            continue
        read[name] = len(gdf)
        layers[name], found = check_layer(gdf, name, sources, filename)
        errors += found
    table = pd.DataFrame(errors, columns=ERROR_COLUMNS) if errors else empty_errors()
    return GeoLayers(layers["land"], layers["lines"], layers["points"], table, read)
