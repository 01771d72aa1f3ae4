"""Map views, places and labels (EPSG:4326 degrees throughout).

Reading and checking the layers themselves is :mod:`analysis.data.geo` (``load_geo``, ``geo_folder``);
distances, range rings and paths on the WGS84 ellipsoid are :mod:`analysis.data.geodesy`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from analysis.data.geo import GeoLayers, ensure_4326
from analysis.data.ids import split_ids

PLACE_KINDS = ("island", "other")  # sites drawn as labelled places, not as installations


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


def get_view(key: str) -> View:
    """The preset called ``key`` (one of :data:`VIEWS`)."""
    if key not in VIEWS:
        raise ValueError(f"unknown view: expected one of {list(VIEWS)}, got {key!r}")
    return VIEWS[key]


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
