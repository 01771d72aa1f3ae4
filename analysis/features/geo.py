"""Bundled geodata, great-circle distances, range rings, view presets and map labels.

The three layers in ``data/geo/`` (land, lines, points) are GeoJSON in
EPSG:4326. :func:`load_geo` reads them, makes the CRS explicit and checks that
every ``source_ids`` entry of the lines and points resolves in the sources
table; problems come back in the loader's error format
(:data:`analysis.data.loader.ERROR_COLUMNS`) and the offending rows are left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box

from analysis.data.loader import DEFAULT_DATA_DIR, ERROR_COLUMNS, Dataset, empty_errors, read_table, split_ids
from analysis.data.problems import problem as _error
from analysis.data.schemas import SOURCES

PLACE_KINDS = ("island", "other")  # sites drawn as labelled places, not as installations
EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
KM_PER_NM = 1.852  # the international nautical mile, exactly

LAYER_COLUMNS: dict[str, tuple[str, ...]] = {
    "land": ("name", "iso3", "area_km2"),
    "lines": ("line_id", "name", "kind", "notes", "source_ids", "confidence"),
    "points": ("point_id", "name", "name_local", "kind", "notes", "source_ids", "confidence"),
}


@dataclass(frozen=True)
class View:
    """A named map view: a lon/lat box in EPSG:4326 degrees.

    ``promises`` are the site ids the label names (or implies): a test keeps every
    preset showing them, with a margin.
    """

    key: str
    label: str
    lon: tuple[float, float]
    lat: tuple[float, float]
    promises: tuple[str, ...] = ()

    @property
    def center_lat(self) -> float:
        """Latitude of the view's centre (degrees, EPSG:4326)."""
        return (self.lat[0] + self.lat[1]) / 2

    @property
    def span(self) -> float:
        """Larger side of the box in degrees (sets label density and grid size)."""
        return max(self.lon[1] - self.lon[0], self.lat[1] - self.lat[0])

    def contains(self, lon: float, lat: float) -> bool:
        """Whether the point (EPSG:4326 degrees) lies in the view, edges included."""
        return self.lon[0] <= lon <= self.lon[1] and self.lat[0] <= lat <= self.lat[1]

    def including(self, points: list[tuple[float, float]], margin: float = 0.08) -> View:
        """The view grown (never shrunk) so every (lon, lat) lies inside with ``margin`` of the span."""
        if not points:
            return self
        pad = margin * self.span
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        lon = (min(self.lon[0], min(lons) - pad), max(self.lon[1], max(lons) + pad))
        lat = (min(self.lat[0], min(lats) - pad), max(self.lat[1], max(lats) + pad))
        if (lon, lat) == (self.lon, self.lat):
            return self
        return View(self.key, self.label, lon, lat, self.promises)


SENKAKU_MAIN = ("site-uotsuri-jima", "site-kuba-jima", "site-kita-kojima", "site-minami-kojima")
TAIWAN_COAST = "site-taiwan-coast-nearest-yonaguni"
YONAGUNI_COAST = "site-yonaguni-coast-nearest-taiwan"
MEASURE_POINTS = (TAIWAN_COAST, YONAGUNI_COAST)
VIEWS: dict[str, View] = {
    v.key: v
    for v in (
        View("southwest", "Southwest Islands", (121.5, 131.5), (23.5, 31.2),
             ("site-yonaguni-jima", "site-okinawa-island", "site-amami-oshima", *SENKAKU_MAIN, "site-taisho-jima")),
        View("okinawa", "Okinawa main island", (127.2, 128.6), (25.95, 27.0),
             ("site-okinawa-island", "site-kadena-ab", "site-mcas-futenma")),
        # Sakishima with the Senkakus (administered from Ishigaki) and Taiwan's east coast, for the
        # Yonaguni–Taiwan distance: the reasons anyone opens this view.
        View("sakishima", "Sakishima, Senkakus and Taiwan's east coast", (121.3, 125.75), (23.75, 26.15),
             ("site-yonaguni-jima", "site-ishigaki-jima", "site-miyako-jima", "site-iriomote-jima", *SENKAKU_MAIN,
              TAIWAN_COAST, "site-hualien-chiashan")),
        View("senkakus", "Senkakus", (123.35, 123.8), (25.62, 25.98), SENKAKU_MAIN),  # Taisho-jima: 100 km east
        View("taiwan-strait", "Taiwan Strait", (117.3, 123.4), (21.7, 26.6),
             ("site-taipei", "site-fuzhou", "site-penghu", "site-kinmen", "site-matsu", "site-yonaguni-jima")),
        View("east-china-sea", "East China Sea", (117.5, 132.5), (22.0, 33.8),
             ("site-shanghai", "site-okinawa-island", *SENKAKU_MAIN, "site-sasebo", "site-taipei")),
    )
}
DEFAULT_VIEW = "southwest"


@dataclass
class GeoLayers:
    """The three bundled layers (EPSG:4326) and the problems found reading them."""

    land: gpd.GeoDataFrame
    lines: gpd.GeoDataFrame
    points: gpd.GeoDataFrame
    errors: pd.DataFrame = field(default_factory=empty_errors)
    read: dict[str, int] = field(default_factory=dict)  # features in each file, before checks


def get_view(key: str) -> View:
    """The preset called ``key`` (one of :data:`VIEWS`)."""
    if key not in VIEWS:
        raise ValueError(f"unknown view: expected one of {list(VIEWS)}, got {key!r}")
    return VIEWS[key]


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
    """
    geo_dir = Path(geo_dir) if geo_dir is not None else DEFAULT_DATA_DIR / "geo"
    sources = sources if sources is not None else pd.DataFrame({"source_id": []})
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


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km on a sphere of the mean Earth radius.

    Good to about 0.5 % against the ellipsoid, plenty for a briefing map.
    """
    for value in (lat1, lat2):
        if not -90 <= value <= 90:
            raise ValueError(f"latitude must be within -90..90, got {value!r}")
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def km_to_nm(km: float) -> float:
    """Kilometres to international nautical miles."""
    return km / KM_PER_NM


def destination(lon: float, lat: float, bearing_deg: np.ndarray | float, km: float) -> tuple[np.ndarray, np.ndarray]:
    """Points ``km`` away from (lon, lat) along the given initial bearings (spherical)."""
    if km < 0:
        raise ValueError(f"distance must be >= 0 km, got {km!r}")
    phi1, lmb1 = math.radians(lat), math.radians(lon)
    theta = np.radians(np.asarray(bearing_deg, dtype=float))
    delta = km / EARTH_RADIUS_KM
    phi2 = np.arcsin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * np.cos(theta))
    lmb2 = lmb1 + np.arctan2(np.sin(theta) * math.sin(delta) * math.cos(phi1),
                             math.cos(delta) - math.sin(phi1) * np.sin(phi2))
    return np.degrees(lmb2), np.degrees(phi2)


def range_ring(lon: float, lat: float, radius_km: float, n: int = 180) -> tuple[np.ndarray, np.ndarray]:
    """Closed ring of points at ``radius_km`` around (lon, lat): lon and lat arrays."""
    if radius_km <= 0:
        raise ValueError(f"radius must be > 0 km, got {radius_km!r}")
    if n < 8:
        raise ValueError(f"a ring needs at least 8 points, got {n!r}")
    bearings = np.linspace(0.0, 360.0, n + 1)  # last == first: the ring is closed
    return destination(lon, lat, bearings, radius_km)


def great_circle_path(lon1: float, lat1: float, lon2: float, lat2: float, n: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """Points along the great circle between two places (spherical interpolation)."""
    def unit(lon: float, lat: float) -> np.ndarray:
        p, lm = math.radians(lat), math.radians(lon)
        return np.array([math.cos(p) * math.cos(lm), math.cos(p) * math.sin(lm), math.sin(p)])

    a, b = unit(lon1, lat1), unit(lon2, lat2)
    omega = math.acos(float(np.clip(a @ b, -1.0, 1.0)))
    if omega < 1e-12:
        return np.array([lon1, lon2]), np.array([lat1, lat2])
    t = np.linspace(0.0, 1.0, n)[:, None]
    pts = (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / math.sin(omega)
    return np.degrees(np.arctan2(pts[:, 1], pts[:, 0])), np.degrees(np.arcsin(pts[:, 2]))


@dataclass(frozen=True)
class Place:
    """A named position for the distance tool and range rings."""

    name: str
    lon: float
    lat: float


def places(sites: pd.DataFrame, points: gpd.GeoDataFrame) -> dict[str, Place]:
    """Every site and label point by id, sorted by name, for pickers (islands, cities, bases, straits)."""
    found: dict[str, Place] = {}
    for row in sites.dropna(subset=["lat", "lon"]).itertuples():
        found[row.site_id] = Place(str(row.name), float(row.lon), float(row.lat))
    for row in points.itertuples():
        found[row.point_id] = Place(str(row.name), float(row.geometry.x), float(row.geometry.y))
    return dict(sorted(found.items(), key=lambda item: (item[1].name.casefold(), item[0])))


def nearest_coast_points(land: gpd.GeoDataFrame, lon: float, lat: float, iso3: str) -> tuple[Place, Place]:
    """Closest pair of coast points: the land polygon at (lon, lat) and the largest ``iso3`` polygon.

    Distances are taken on a local plane (lon scaled by cos(lat)), which picks the same vertices as a
    geodesic search over a gap of ~100 km. Used for the "Taiwan coast nearest Yonaguni" and
    "Yonaguni coast nearest Taiwan" rows of sites.csv (a unit test recomputes them).
    """
    from shapely import affinity
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    land = ensure_4326(land, "land")
    here = land[land.geometry.contains(Point(lon, lat))]
    if here.empty:
        raise ValueError(f"no land polygon contains the point, got ({lon!r}, {lat!r})")
    theirs = land[land["iso3"] == iso3]
    if theirs.empty:
        raise ValueError(f"no land polygon with iso3 {iso3!r}")
    other = theirs.sort_values("area_km2").iloc[-1].geometry
    scale = math.cos(math.radians(lat))
    a, b = nearest_points(affinity.scale(here.iloc[0].geometry, scale, 1, origin=(0, 0)),
                          affinity.scale(other, scale, 1, origin=(0, 0)))
    return Place("own coast", a.x / scale, a.y), Place(f"{iso3} coast", b.x / scale, b.y)


def declutter(labels: pd.DataFrame, view: View, taken: pd.DataFrame | None = None,
               below: bool = False) -> pd.DataFrame:
    """Keep labels inside the view whose text box overlaps no label kept before (or in ``taken``).

    Boxes are estimated in screen-like units (lon scaled by cos(lat)): about 1/110
    of the view per character (measured on the exported slides) and 1/28 per line of text.
    """
    char, line = view.span / 110, view.span / 28
    scale = math.cos(math.radians(view.center_lat))
    boxes = [] if taken is None else [(r.lon * scale, r.lat + 0.6 * line, len(r.label) * char)
                                      for r in taken.itertuples()]
    kept: list = []
    for i, row in labels.iterrows():
        if not view.contains(row["lon"], row["lat"]):
            continue
        box_ = (row["lon"] * scale, row["lat"] + (-0.6 if below else 0.6) * line, len(row["label"]) * char)
        # Text running off the plot is clipped ("pei" for Taipei): drop it instead.
        if box_[0] - box_[2] / 2 < view.lon[0] * scale or box_[0] + box_[2] / 2 > view.lon[1] * scale:
            continue
        # 0.45 rather than 0.5 of the summed widths: labels may touch, not overlap.
        if all(abs(box_[0] - x) > (box_[2] + w) * 0.45 or abs(box_[1] - y) > line for x, y, w in boxes):
            kept.append(i)
            boxes.append(box_)
    return labels.loc[kept]


def place_labels(sites: pd.DataFrame, points, view: View) -> pd.DataFrame:
    """Island, city and group labels for a view (columns label, lon, lat, hover, kind, id).

    Measuring points (:data:`MEASURE_POINTS`) are distance-tool anchors, not places: no label.
    """
    rows = []
    if view.span > 3:  # a group label reads better than five islet names at wide views
        for p in points[points["kind"] == "reference"].itertuples():
            rows.append((p.name, p.geometry.x, p.geometry.y, f"<b>{p.name}</b><br>{p.name_local}", "point",
                         p.point_id))
    places = sites[sites["kind"].isin(PLACE_KINDS) & ~sites["site_id"].isin(MEASURE_POINTS)]
    for s in places.itertuples():
        local = s.name_local if isinstance(s.name_local, str) else ""
        note = "<br>contested: names in Japanese / Chinese" if " / " in local else ""
        # Wide views drop the "-jima" (island) suffix so neighbouring labels fit.
        label = s.name.removesuffix("-jima") if view.span > 3 else s.name
        rows.append((label, s.lon, s.lat, f"<b>{s.name}</b><br>{local}{note}", "site", s.site_id))
    labels = pd.DataFrame(rows, columns=["label", "lon", "lat", "hover", "kind", "id"])
    return declutter(labels, view)


def shown_source_ids(geo: GeoLayers, sites: pd.DataFrame, events: pd.DataFrame, view: View) -> list[str]:
    """Sources of the sites, events, lines and label points inside a view."""
    ids: set[str] = set()
    for frame in (sites, events.dropna(subset=["lat", "lon"])):
        inside = frame["lon"].between(*view.lon) & frame["lat"].between(*view.lat)
        ids.update(i for cell in frame.loc[inside, "source_ids"] for i in split_ids(cell))
    frame_box = box(view.lon[0], view.lat[0], view.lon[1], view.lat[1])
    for layer in (geo.lines, geo.points):
        hits = layer[layer.geometry.intersects(frame_box)]
        ids.update(i for cell in hits["source_ids"] for i in split_ids(cell))
    return sorted(ids)
