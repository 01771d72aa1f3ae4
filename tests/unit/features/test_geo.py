"""Geo layers, geodesic distances (WGS84, pyproj), range rings and view presets."""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point, box

from analysis.data.geo import ensure_4326, load_geo
from analysis.data.geodesy import destination, distance_km, geodesic_path, km_to_nm, range_ring
from analysis.data.loader import load_dataset
from analysis.data.problems import ERROR_COLUMNS
from analysis.features.geo import (
    SENKAKU_MAIN,
    VIEWS,
    get_view,
    nearest_coast_points,
    place_labels,
    places,
)

BUNDLED_GEO = Path(__file__).resolve().parents[3] / "data" / "geo"


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def geo(data):
    return load_geo(BUNDLED_GEO, data.sources)


def test_known_geodesics_on_the_wgs84_ellipsoid() -> None:
    # The meridian quadrant of WGS84 is 10,001,965.729 m; a quarter of the equator is pi * a / 2 with
    # a = 6,378,137 m exactly, 10,018,754.171 m. The old sphere gave 10,007.6 km for both.
    assert distance_km(0, 0, 0, 90) == pytest.approx(10_001.965729, abs=1e-6)
    assert distance_km(0, 0, 90, 0) == pytest.approx(math.pi * 6_378.137 / 2, abs=1e-6)


def test_one_arc_minute_of_latitude_is_about_one_nautical_mile() -> None:
    # The nautical mile is the mean arc minute of latitude; on the ellipsoid that is the one at about 45°.
    assert km_to_nm(distance_km(125.0, 44.99, 125.0, 44.99 + 1 / 60)) == pytest.approx(1.0, rel=1e-3)
    assert km_to_nm(1.852) == pytest.approx(1.0)


def test_naha_taipei_distance_from_site_coordinates(data) -> None:
    sites = data.sites.set_index("site_id")
    naha, taipei = sites.loc["site-naha-city"], sites.loc["site-taipei"]
    km = distance_km(naha.lon, naha.lat, taipei.lon, taipei.lat)
    assert 600 < km < 660  # "about 630 km" in the press
    assert distance_km(taipei.lon, taipei.lat, naha.lon, naha.lat) == pytest.approx(km)


def test_yonaguni_is_about_110_km_from_taiwans_east_coast(data, geo) -> None:
    yonaguni = data.sites.set_index("site_id").loc["site-yonaguni-jima"]
    taiwan = geo.land[geo.land["iso3"].eq("TWN")].sort_values("area_km2").iloc[-1].geometry
    lon, lat = np.asarray(taiwan.exterior.coords.xy)
    nearest = min(distance_km(yonaguni.lon, yonaguni.lat, x, y) for x, y in zip(lon, lat, strict=True))
    assert 100 < nearest < 120  # the site point is the island's centre, a few km east of its west cape


def test_distance_rejects_bad_latitude() -> None:
    with pytest.raises(ValueError, match="got 91"):
        distance_km(0, 91, 0, 0)


def test_range_ring_points_lie_at_the_radius_and_close() -> None:
    lon, lat = range_ring(124.2, 24.4, 300, n=72)
    assert len(lon) == 73 and lon[0] == pytest.approx(lon[-1]) and lat[0] == pytest.approx(lat[-1])
    for x, y in zip(lon, lat, strict=True):
        assert distance_km(124.2, 24.4, x, y) == pytest.approx(300, rel=1e-6)
    with pytest.raises(ValueError, match="got -5"):
        range_ring(124.2, 24.4, -5)


def test_destination_north_moves_latitude_only() -> None:
    lon, lat = destination(123.0, 24.0, 0.0, 111.2)
    assert float(lon) == pytest.approx(123.0) and float(lat) == pytest.approx(25.0, abs=0.01)


def test_great_circle_path_ends_at_both_places() -> None:
    lon, lat = geodesic_path(122.99, 24.46, 121.52, 25.07, n=10)
    assert (lon[0], lat[0]) == pytest.approx((122.99, 24.46)) and (lon[-1], lat[-1]) == pytest.approx((121.52, 25.07))
    steps = [distance_km(lon[i], lat[i], lon[i + 1], lat[i + 1]) for i in range(9)]
    assert max(steps) == pytest.approx(min(steps), rel=1e-6)  # evenly spaced along the arc


def test_bundled_layers_load_in_4326_with_no_errors(geo) -> None:
    assert geo.errors.empty, geo.errors.to_string()
    for layer in (geo.land, geo.lines, geo.points):
        assert layer.crs.to_epsg() == 4326
    assert len(geo.land) == 104 and len(geo.lines) == 3 and len(geo.points) == 7


def _write(path: Path, features: list[dict]) -> None:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")


def test_unknown_source_ids_become_error_rows_and_rows_are_dropped(tmp_path: Path, data) -> None:
    for name in ("land", "lines"):
        (tmp_path / f"{name}.geojson").write_text((BUNDLED_GEO / f"{name}.geojson").read_text(encoding="utf-8"))
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [124.0, 25.0]},
             "properties": {"point_id": "p1", "name": "P", "name_local": "", "kind": "strait", "notes": "",
                            "source_ids": "src-nope;src-wikipedia-20261125-bashi-channel", "confidence": "low"}}
    good = dict(point, properties=dict(point["properties"], point_id="p2",
                                       source_ids="src-wikipedia-20261125-bashi-channel"))
    _write(tmp_path / "points.geojson", [point, good])
    geo = load_geo(tmp_path, data.sources)
    assert list(geo.errors.columns) == ERROR_COLUMNS
    row = geo.errors.iloc[0].to_dict()
    assert row == {"file": "points.geojson", "row": 1, "column": "source_ids", "value": "src-nope",
                   "rule": "source_id not found in sources.csv"}
    assert list(geo.points["point_id"]) == ["p2"]


def test_a_repeat_read_gives_its_own_frames_and_a_changed_file_is_read_again(tmp_path: Path, data) -> None:
    for name in ("land", "lines", "points"):
        (tmp_path / f"{name}.geojson").write_bytes((BUNDLED_GEO / f"{name}.geojson").read_bytes())
    first = load_geo(tmp_path, data.sources)
    first.points.loc[first.points.index[0], "name"] = "changed by a caller"
    again = load_geo(tmp_path, data.sources)
    assert "changed by a caller" not in set(again.points["name"])  # the memo's frames are not the caller's
    assert again.errors.empty and len(again.points) == len(first.points)
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [124.0, 25.0]},
             "properties": {"point_id": "p1", "name": "P", "name_local": "", "kind": "strait", "notes": "",
                            "source_ids": "src-wikipedia-20261125-bashi-channel", "confidence": "low"}}
    _write(tmp_path / "points.geojson", [point])
    assert list(load_geo(tmp_path, data.sources).points["point_id"]) == ["p1"]  # new bytes, read again
    no_sources = load_geo(tmp_path)  # other source ids: checked again, the point's source is unknown
    assert no_sources.points.empty and set(no_sources.errors["rule"]) == {"source_id not found in sources.csv"}


def test_missing_file_is_an_error_row_not_an_exception(tmp_path: Path) -> None:
    geo = load_geo(tmp_path)
    assert set(geo.errors["file"]) == {"land.geojson", "lines.geojson", "points.geojson"}
    assert set(geo.errors["rule"]) == {"file not found"} and geo.land.empty


def test_crs_is_set_when_missing_and_other_crs_refused() -> None:
    gdf = gpd.GeoDataFrame({"a": [1]}, geometry=[Point(124, 25)])
    assert ensure_4326(gdf).crs.to_epsg() == 4326
    with pytest.raises(ValueError, match="EPSG:4326, got 'EPSG:3857'"):
        ensure_4326(gdf.set_crs(3857))


def test_presets_and_unknown_view() -> None:
    assert list(VIEWS) == ["southwest", "okinawa", "sakishima", "senkakus", "taiwan-strait", "east-china-sea"]
    for view in VIEWS.values():
        assert view.lon[0] < view.lon[1] and view.lat[0] < view.lat[1]
    assert get_view("sakishima").contains(122.99, 24.46)  # Yonaguni
    with pytest.raises(ValueError, match="got 'mars'"):
        get_view("mars")


def test_places_include_sites_and_label_points(data, geo) -> None:
    pool = places(data.sites, geo.points)
    assert pool["site-taipei"].name == "Taipei"
    assert pool["miyako-strait"].lon == pytest.approx(126.622, abs=1e-3)
    assert len(pool) == len(data.sites) + len(geo.points)


def test_presets_show_what_their_names_promise(data) -> None:
    sites = data.sites.set_index("site_id")
    sakishima = VIEWS["sakishima"]
    # Issue 15/4: the Senkakus with Yonaguni and Ishigaki, and Taiwan's coast for the Yonaguni–Taiwan distance.
    for site_id in ("site-yonaguni-jima", "site-ishigaki-jima", "site-miyako-jima", "site-uotsuri-jima",
                    "site-kuba-jima", "site-taiwan-coast-nearest-yonaguni"):
        assert site_id in sakishima.promises
    for view in VIEWS.values():
        assert view.promises, view.key
        pad = 0.02 * view.span  # promised places are inside, not on the frame edge
        for site_id in view.promises:
            site = sites.loc[site_id]
            assert view.lon[0] + pad <= site.lon <= view.lon[1] - pad, (view.key, site_id)
            assert view.lat[0] + pad <= site.lat <= view.lat[1] - pad, (view.key, site_id)


def test_taiwan_and_yonaguni_coast_points_are_recomputed_from_the_land_layer(data, geo) -> None:
    sites = data.sites.set_index("site_id")
    yonaguni = sites.loc["site-yonaguni-jima"]
    own, taiwan = nearest_coast_points(geo.land, yonaguni.lon, yonaguni.lat, "TWN")
    for site_id, point in (("site-yonaguni-coast-nearest-taiwan", own), ("site-taiwan-coast-nearest-yonaguni", taiwan)):
        row = sites.loc[site_id]
        assert (row.lon, row.lat) == pytest.approx((point.lon, point.lat), abs=1e-4), site_id
        assert "Natural Earth" in row.notes and "src-naturalearth-20261125-admin0-countries-10m" in row.source_ids
    # Published: "110 kilometers (68 miles) from the east coast of Taiwan" (Taiwan News, 2018-03-28), "108km
    # away" (Taipei Times, 2022-08-15); coast to coast on the ellipsoid, and from the island's centre.
    assert distance_km(own.lon, own.lat, taiwan.lon, taiwan.lat) == pytest.approx(109, abs=2)  # 108.4 km
    assert 105 < distance_km(yonaguni.lon, yonaguni.lat, taiwan.lon, taiwan.lat) < 116
    with pytest.raises(ValueError, match=r"got \(130\.0, 20\.5\)"):
        nearest_coast_points(geo.land, 130.0, 20.5, "TWN")


def test_place_list_is_sorted_by_name_and_measuring_points_get_no_label(data, geo) -> None:
    pool = places(data.sites, geo.points)
    names = [p.name.casefold() for p in pool.values()]
    assert names == sorted(names)
    assert "site-taiwan-coast-nearest-yonaguni" in pool
    labels = place_labels(data.sites, geo.points, VIEWS["sakishima"])
    assert not labels["id"].isin(["site-taiwan-coast-nearest-yonaguni", "site-yonaguni-coast-nearest-taiwan"]).any()


def test_view_grows_to_include_points_and_never_shrinks() -> None:
    view = VIEWS["senkakus"]
    grown = view.including([(122.99, 24.46)])
    assert grown.contains(122.99, 24.46) and grown.lon[1] == view.lon[1] and grown.lat[1] == view.lat[1]
    assert view.including([(123.5, 25.8)]) is view


def test_senkaku_islands_are_drawn_where_they_are_published(data, geo) -> None:
    # Issue 27 #21: Natural Earth drew Uotsuri-jima 5.3 km east-north-east of its published point, so its label
    # and the events there floated at sea. The land layer now holds MLIT N03's outlines (scripts/geo_inputs/).
    # The published positions are degrees and minutes (about 1.9 km of latitude per minute): each island's
    # point, where its label sits, must lie within 1.5 km of its own outline, the nearest land to it.
    land = ensure_4326(geo.land, "land")
    for site_id in SENKAKU_MAIN:
        site = data.sites.set_index("site_id").loc[site_id]
        point = Point(site["lon"], site["lat"])
        nearest = land.geometry.distance(point).idxmin()
        edge = land.geometry[nearest].exterior.interpolate(land.geometry[nearest].exterior.project(point))
        km = 0.0 if land.geometry[nearest].contains(point) else distance_km(site["lon"], site["lat"], edge.x, edge.y)
        assert km <= 1.5, (site_id, round(km, 2))
        assert land.geometry[nearest].area < 0.001, site_id  # an islet of a few km², not a large landmass
    assert len(land[land.intersects(box(123.3, 25.6, 123.8, 26.0))]) == len(SENKAKU_MAIN)  # no Natural Earth copies
