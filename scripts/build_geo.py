#!/usr/bin/env python3
"""Build the bundled, offline geodata layers for the Nansei Watch dashboard.

Usage (from the repository root)::

    .venv/bin/python scripts/build_geo.py [--atlas PATH/TO/countries-10m.json] [--out-dir data/geo]

Outputs (all GeoJSON, CRS EPSG:4326, lon/lat order):

* ``data/geo/land.geojson``   -- land polygons clipped to lon 117..133, lat 20..34
  (columns: name, iso3, area_km2, geometry)
* ``data/geo/lines.geojson``  -- median lines and ADIZ outlines
  (columns: line_id, name, kind, notes, source_ids, confidence, geometry)
* ``data/geo/points.geojson`` -- label points for straits/channels and reference places
  (columns: point_id, name, name_local, kind, notes, source_ids, confidence, geometry)

Land source
-----------
``countries-10m.json`` from the npm package ``world-atlas@2.0.2`` (ISC licence), a TopoJSON
build of Natural Earth 1:10m Admin 0 countries (v4.1.0; Natural Earth is public domain).
If ``--atlas`` is not given, the script runs ``npm pack world-atlas@2.0.2`` in a temporary
directory and extracts ``package/countries-10m.json`` from the tarball.

Land processing
---------------
1. Read the ``countries`` object of the TopoJSON with geopandas/pyogrio. The CRS comes back
   empty for TopoJSON, so EPSG:4326 is set explicitly.
2. Repair invalid geometries with ``shapely.make_valid``.
3. Clip to the box lon 117..133, lat 20..34; keep only polygon parts (make_valid/clip can
   return lines or points in GeometryCollections) and explode to single polygons.
4. Drop slivers: a piece is dropped only if it touches the clip-box edge (i.e. it is a
   fragment of a larger landmass cut by the box) AND is smaller than SLIVER_KM2. Pieces
   lying wholly inside the box are islands and are always kept, however small.
5. Round coordinates to 4 decimals (~11 m) with ``shapely.set_precision`` (keeps
   validity), re-check validity, compute ``area_km2`` (2 decimals) in an Albers equal-area projection
   centred on the region, and check that named small islands survived (see CHECK_ISLANDS).

Line and point layers
---------------------
Built from the tables LINES, POINTS and PLACES in ``scripts/geo_tables.py``, kept in the repository so
the output is reproducible. Every coordinate in those tables was taken from the page cited in its
``source_ids`` (see data/sources.csv). Label points that are computed (midpoint of
two verified island coordinates) say so in ``notes`` and carry confidence ``medium``.
Lines are drawn as straight segments between the published vertices in lon/lat; the
publishing parties do not specify geodesic vs. rhumb-line interpolation.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import LineString, Point, box

sys.path.insert(0, str(Path(__file__).resolve().parent))
from geo_tables import CHECK_ISLANDS, CHECK_TOL_KM, LINES, POINTS, SENKAKU_BOX

ROOT = Path(__file__).resolve().parents[1]
CRS = "EPSG:4326"
ATLAS_PACKAGE = "world-atlas@2.0.2"
ATLAS_MEMBER = "package/countries-10m.json"

BBOX = (117.0, 20.0, 133.0, 34.0)  # lon_min, lat_min, lon_max, lat_max
SLIVER_KM2 = 10.0  # only applies to pieces touching the clip edge
PRECISION = 1e-4  # coordinate grid, degrees (4 decimals)
# Equal-area projection for area_km2 (Albers, standard parallels inside the box).
# Islands Natural Earth 1:10m lacks, from a licensed source: Hateruma-jima from MLIT National Land Numerical
# Information (N03 administrative areas, 2021; SmartNews Media Research Institute's 1%-simplified copy).
# MLIT's terms (2020-04-01) allow reuse, commercial included, with credit and a note of processing.
# The Senkakus come from the same N03 copy (scripts/extract_n03_islands.py): Natural Earth's outlines lie about
# 5 km east-north-east of the published positions, N03's within 0.5 km; Natural Earth polygons wholly inside
# REPLACED_BOX are dropped for them.
EXTRA_LAND = (ROOT / "scripts" / "geo_inputs" / "hateruma_mlit_n03.geojson",
              ROOT / "scripts" / "geo_inputs" / "senkaku_mlit_n03.geojson")
REPLACED_BOX = (123.3, 25.6, 123.8, 26.0)  # lon_min, lat_min, lon_max, lat_max: the Senkakus' main islands
AREA_CRS = "+proj=aea +lat_0=27 +lon_0=125 +lat_1=22 +lat_2=32 +datum=WGS84 +units=m +no_defs"

# Atlas numeric id (ISO 3166-1 numeric) -> ISO3; only the obvious ones, else empty.
ISO3_BY_ID = {392: "JPN", 156: "CHN", 158: "TWN", 410: "KOR", 408: "PRK", 608: "PHL"}


# ---------------------------------------------------------------------------
def fetch_atlas(workdir: Path) -> Path:
    """Run `npm pack` for world-atlas@2.0.2 into workdir and extract countries-10m.json."""
    out = subprocess.run(
        ["npm", "pack", ATLAS_PACKAGE, "--silent"],
        cwd=workdir, check=True, capture_output=True, text=True,
    )
    tgz = workdir / out.stdout.strip().splitlines()[-1]
    with tarfile.open(tgz, "r:gz") as tf:
        member = tf.getmember(ATLAS_MEMBER)
        tf.extract(member, path=workdir)
    return workdir / ATLAS_MEMBER


def _polygon_parts(geom):
    """Yield the Polygon parts of any geometry (drops lines/points)."""
    if geom is None or geom.is_empty:
        return
    if geom.geom_type == "Polygon":
        yield geom
    elif geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        for g in geom.geoms:
            yield from _polygon_parts(g)


def build_land(atlas_path: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return (processed land, raw clipped input polygons used for the survival check)."""
    gdf = gpd.read_file(atlas_path, layer="countries")
    gdf = gdf.set_crs(CRS, allow_override=True)  # TopoJSON comes back without a CRS
    clip_box = box(*BBOX)
    gdf = gdf[[g is not None and not g.is_empty for g in gdf.geometry]].copy()
    gdf["geometry"] = shapely.make_valid(gdf.geometry.values)
    gdf = gdf[gdf.geometry.intersects(clip_box)].copy()

    rows = []
    for _, r in gdf.iterrows():
        clipped = shapely.intersection(r.geometry, clip_box)
        for poly in _polygon_parts(clipped):
            rows.append({"name": r["name"], "atlas_id": r["id"], "geometry": poly})
    land = gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
    raw = land.copy()

    # Sliver removal: only clip-edge fragments that are small.
    area = land.to_crs(AREA_CRS).area / 1e6
    touches_edge = land.geometry.boundary.intersects(clip_box.boundary)
    drop = (touches_edge & (area < SLIVER_KM2)) | (area <= 0)
    dropped = land[drop]
    land = land[~drop].copy()

    # Round to 4 decimals keeping validity; re-explode in case snapping split a polygon.
    rounded = []
    for _, r in land.iterrows():
        g = shapely.set_precision(r.geometry, PRECISION)
        if not g.is_valid:
            g = shapely.make_valid(g)
        parts = list(_polygon_parts(g))
        if not parts:
            print(f"warning: polygon of {r['name']} collapsed at 4-decimal precision", file=sys.stderr)
        for p in parts:
            rounded.append({"name": r["name"], "atlas_id": r["atlas_id"], "geometry": p})
    land = gpd.GeoDataFrame(rounded, geometry="geometry", crs=CRS)

    land["iso3"] = [ISO3_BY_ID.get(int(i), "") if str(i).isdigit() else "" for i in land["atlas_id"]]
    land["area_km2"] = (land.to_crs(AREA_CRS).area / 1e6).round(2)
    land = land.sort_values(["name", "area_km2"], ascending=[True, False])
    land = land[["name", "iso3", "area_km2", "geometry"]].reset_index(drop=True)

    print(f"land: {len(land)} polygons kept, {len(dropped)} clip-edge slivers dropped "
          f"({', '.join(f'{n}' for n in dropped['name'])})")
    return land, raw


def extra_land() -> gpd.GeoDataFrame:
    """Islands from :data:`EXTRA_LAND` as land polygons (name ``Japan``, iso3 ``JPN``), EPSG:4326, 4 decimals."""
    parts = []
    for path in EXTRA_LAND:
        gdf = gpd.read_file(path).set_crs(CRS, allow_override=True)  # JGD2011 lon/lat, treated as EPSG:4326
        for geom in gdf.geometry:
            parts += list(_polygon_parts(shapely.set_precision(geom, PRECISION)))
    land = gpd.GeoDataFrame({"name": "Japan", "iso3": "JPN"}, index=range(len(parts)), geometry=parts, crs=CRS)
    land["area_km2"] = (land.to_crs(AREA_CRS).area / 1e6).round(2)
    return land[["name", "iso3", "area_km2", "geometry"]]


def with_extra_land(land: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``land`` plus :func:`extra_land`, replacing polygons wholly inside :data:`REPLACED_BOX`.

    Copies of the same polygons are replaced too, so reruns are idempotent.
    """
    extra = extra_land()
    replaced = box(*REPLACED_BOX)
    keep = [not replaced.contains(g) and not any(g.equals(e) for e in extra.geometry) for g in land.geometry]
    joined = gpd.GeoDataFrame(pd.concat([land[keep], extra], ignore_index=True), geometry="geometry", crs=CRS)
    return joined.sort_values(["name", "area_km2"], ascending=[True, False]).reset_index(drop=True)


def check_islands(land: gpd.GeoDataFrame, atlas_land: gpd.GeoDataFrame) -> tuple[list[str], bool]:
    """Compare output polygons with the raw (clipped, unfiltered) atlas input.

    Returns report lines and True if an island present in the input was lost.
    """
    out_m = land.to_crs(AREA_CRS)
    in_m = atlas_land.to_crs(AREA_CRS)
    lost = False
    report = []
    for name, lon, lat in CHECK_ISLANDS:
        pt = gpd.GeoSeries([Point(lon, lat)], crs=CRS).to_crs(AREA_CRS).iloc[0]
        near_out = land[out_m.distance(pt) <= CHECK_TOL_KM * 1000]
        in_input = bool((in_m.distance(pt) <= CHECK_TOL_KM * 1000).any())
        if len(near_out):
            status = "OK"
        elif in_input:
            status, lost = "LOST", True
        else:
            status = "ABSENT-IN-SOURCE"
        areas = ", ".join(f"{a:g}" for a in near_out["area_km2"].head(3))
        report.append(f"{status} {name}: {len(near_out)} polygon(s) within {CHECK_TOL_KM:g} km"
                      + (f"; area_km2 {areas}" if areas else ""))
    sk = land[land.intersects(box(*SENKAKU_BOX))]
    pts = "; ".join(f"{p.representative_point().y:.3f}N {p.representative_point().x:.3f}E "
                    f"{a:g} km2" for p, a in zip(sk.geometry, sk["area_km2"], strict=True))
    report.append(f"Senkaku box {SENKAKU_BOX}: {len(sk)} polygon(s): {pts}")
    return report, lost


def build_lines() -> gpd.GeoDataFrame:
    recs = [{k: v for k, v in d.items() if k != "coords"} | {"geometry": LineString(d["coords"])}
            for d in LINES]
    cols = ["line_id", "name", "kind", "notes", "source_ids", "confidence", "geometry"]
    return gpd.GeoDataFrame(recs, geometry="geometry", crs=CRS)[cols]


def build_points() -> gpd.GeoDataFrame:
    recs = []
    for d in POINTS:
        lon, lat = d["coords"]
        recs.append({k: v for k, v in d.items() if k != "coords"}
                    | {"geometry": Point(round(lon, 4), round(lat, 4))})
    cols = ["point_id", "name", "name_local", "kind", "notes", "source_ids", "confidence", "geometry"]
    return gpd.GeoDataFrame(recs, geometry="geometry", crs=CRS)[cols]


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio",
                layer_options={"COORDINATE_PRECISION": 4, "RFC7946": "NO", "WRITE_NAME": "NO"})
    # Compact re-serialisation (GDAL pretty-prints one feature per line); the "crs" member
    # GDAL writes (OGC CRS84 = EPSG:4326 with lon/lat axis order) is kept as is.
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                    encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
          f"({len(gdf)} features, {path.stat().st_size / 1024:.1f} KB)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--atlas", type=Path, help="path to world-atlas countries-10m.json")
    ap.add_argument("--out-dir", type=Path, default=ROOT / "data" / "geo")
    ap.add_argument("--extra-land-only", action="store_true",
                    help="only put the EXTRA_LAND islands in the existing land.geojson (no atlas needed)")
    args = ap.parse_args(argv)
    if args.extra_land_only:
        path = args.out_dir / "land.geojson"
        write_geojson(with_extra_land(gpd.read_file(path).set_crs(CRS, allow_override=True)), path)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        atlas = args.atlas or fetch_atlas(Path(tmp))
        land, raw = build_land(atlas)

    report, lost = check_islands(land, raw)
    for line in report:
        print("  check:", line)

    write_geojson(with_extra_land(land), args.out_dir / "land.geojson")
    write_geojson(build_lines(), args.out_dir / "lines.geojson")
    write_geojson(build_points(), args.out_dir / "points.geojson")
    if lost:
        print("ERROR: an island present in the atlas input was lost by the processing",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
