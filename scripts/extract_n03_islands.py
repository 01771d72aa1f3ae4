#!/usr/bin/env python3
"""Copy the Senkaku island outlines out of MLIT's N03 administrative areas into scripts/geo_inputs/.

    .venv/bin/python scripts/extract_n03_islands.py N03-21_47_210101.json

Input: ``data/municipality/geojson/s0010/N03-21_47_210101.json`` of GitHub smartnews-smri/japan-topography
(commit b403e71): MLIT National Land Numerical Information N03 (administrative areas, 2021) for Okinawa,
simplified to 1 % by SmartNews Media Research Institute. The Senkakus are polygon parts of Ishigaki City
(``N03_007`` 47207). Every part lying wholly inside :data:`BOX` is written, coordinates unchanged (JGD2011
lon/lat, treated as EPSG:4326: the two differ by well under a metre here), named after the nearest island
point of ``data/sites.csv`` (one island per outline, the assignment with the least summed distance:
the sites' positions are given to the minute). Nothing is drawn by hand. ``scripts/build_geo.py`` then puts
these outlines in ``data/geo/land.geojson`` in place of Natural Earth's, which lie about 5 km off
(data/README.md, Geodata).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import sys
from pathlib import Path

from shapely.geometry import box, mapping, shape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "scripts" / "geo_inputs" / "senkaku_mlit_n03.geojson"
MUNICIPALITY = "47207"  # 石垣市 Ishigaki City, which administers the Senkakus
BOX = (123.3, 25.6, 123.8, 26.0)  # lon_min, lat_min, lon_max, lat_max (EPSG:4326)
ISLANDS = ("site-uotsuri-jima", "site-kuba-jima", "site-kita-kojima", "site-minami-kojima")
ATTRIBUTION = ("出典：国土数値情報（行政区域データ、N03、2021年）（国土交通省）を基にスマートニュース メディア研究所が"
               "1%に簡素化したものから、尖閣諸島の部分を抽出して作成")
LICENCE = ("MLIT 国土数値情報ダウンロードサイトコンテンツ利用規約 (2020-04-01): free to copy/adapt incl. commercial "
           "use; credit the source and state that the data was edited/processed. Repo README: free of charge, MLIT "
           "credit required.")


def island_points() -> dict[str, tuple[str, str, float, float]]:
    """site_id -> (name, local name, lon, lat) of the Senkaku islands in data/sites.csv."""
    with (ROOT / "data" / "sites.csv").open(encoding="utf-8") as f:
        return {r["site_id"]: (r["name"], r["name_local"].split(" / ")[0], float(r["lon"]), float(r["lat"]))
                for r in csv.DictReader(f) if r["site_id"] in ISLANDS}


def extract(n03: Path) -> dict:
    """The FeatureCollection written to :data:`OUT`."""
    data = json.loads(n03.read_text(encoding="utf-8"))
    frame = box(*BOX)
    points = island_points()
    parts = []
    for feature in data["features"]:
        if feature["properties"].get("N03_007") != MUNICIPALITY:
            continue
        geom = shape(feature["geometry"])
        parts += [(i, part) for i, part in enumerate(getattr(geom, "geoms", [geom])) if frame.contains(part)]
    if len(parts) != len(points):
        raise ValueError(f"expected {len(points)} outlines inside {BOX}, got {len(parts)}")

    def km(site: str, part) -> float:
        c = part.centroid
        return math.hypot((points[site][2] - c.x) * math.cos(math.radians(c.y)), points[site][3] - c.y) * 111.2

    def total(order: tuple[str, ...]) -> float:
        return sum(km(s, p) for s, (_, p) in zip(order, parts, strict=True))

    sites = min(itertools.permutations(points), key=total)
    features = []
    for site, (i, part) in zip(sites, parts, strict=True):
        name, local, _, _ = points[site]
        features.append({"type": "Feature", "properties": {
            "name_en": name, "name_ja": local,
            "source": f"Polygon part {i} (inside {BOX[0]}-{BOX[2]}E, {BOX[1]}-{BOX[3]}N) of the 石垣市 (N03_007="
                      f"{MUNICIPALITY}) MultiPolygon in {n03.name}, folder data/municipality/geojson/s0010 of "
                      "GitHub smartnews-smri/japan-topography (commit b403e71; file dated 2021-10-02). Named after "
                      f"the island point of data/sites.csv it lies nearest to ({site}, {km(site, part):.1f} km from "
                      "its centroid). Coordinates copied unchanged; nothing drawn.",
            "attribution": ATTRIBUTION, "licence": LICENCE,
            "crs_note": "N03 uses JGD2011 geographic coordinates; treated as EPSG:4326 (difference well under "
                        "map resolution)."}, "geometry": mapping(part)})
    names = [f["properties"]["name_en"] for f in features]
    if sorted(names) != sorted(points[k][0] for k in ISLANDS):
        raise ValueError(f"expected one outline per Senkaku island point, got {names!r}")
    return {"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, "features": features}


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n03", type=Path, help="N03-21_47_210101.json from smartnews-smri/japan-topography")
    args = ap.parse_args(argv)
    collection = extract(args.n03)
    OUT.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(collection['features'])} outlines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
