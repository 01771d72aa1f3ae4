"""Candidate events from feed rows: the many rows that describe one happening, folded into one.

GDELT codes each article (and each actor pairing in it) as its own row, so one real event is often
dozens of rows. Two feed rows describe the same happening when they have

- dates at most :data:`DAY_WINDOW` (1) day apart,
- the same **unordered** actor-country pair (``CHN``–``JPN`` = ``JPN``–``CHN``),
- the same CAMEO root code (the first two digits of ``event_code``; ACLED rows carry the nearest
  CAMEO code, see ``docs/import.md``),
- places within :data:`MAX_KM` (50 km, geodesic on WGS 84, :func:`analysis.data.geodesy.distance_km`;
  EPSG:4326 coordinates), or both without coordinates.

Folding is single-linkage: A~B and B~C put A, B and C in one candidate. The engine first groups rows
by (date, pair, root, 0.1° cell) (:func:`analysis.query.events.feed_groups`, DuckDB over the Parquet
store); only those groups are folded here.

**Score** (higher = look first), three terms that each read on their own:

- ``|mean Goldstein|`` (0–10): how cooperative or hostile the coded action is;
- ``log(1 + mentions)``: how much coverage it got (GDELT's article counts; ACLED rows count 1);
- ``3 × max(0, 1 − d / 100 km)`` with ``d`` the distance to the nearest site in ``sites.csv``: nearness to
  the named bases and places this dashboard follows (0 beyond 100 km).

**Candidate id**: ``cand-`` + the first 12 hex digits of sha256 over (first date, pair, root, the place of
the candidate's largest first-day group rounded to 0.5°): stable when later rows join the same candidate,
so a dismissal is remembered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math

import numpy as np
import pandas as pd

from analysis.data.countries import COUNTRY_NAMES
from analysis.data.geodesy import distance_km

DAY_WINDOW = 1
MAX_KM = 50.0
SITE_KM = 100.0
SITE_WEIGHT = 3.0
SINGLE_SOURCE_WEIGHT = 0.5  # a candidate with one distinct source URL scores half (corroboration)
ID_ROUND_DEG = 0.5
CANDIDATE_COLUMNS = ["candidate_id", "date", "last_date", "actors", "actor_a", "actor_b", "root", "category",
                     "location", "lat", "lon", "rows", "mentions", "goldstein", "sources", "source_count",
                     "origin", "nearest_site", "site_km", "score"]


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def fold(groups: pd.DataFrame) -> pd.Series:
    """Cluster number per group (single linkage by the rules in the module docstring)."""
    labels = np.full(len(groups), -1, dtype="int64")
    days_all = np.array([d.toordinal() for d in groups["date"]], dtype="int64")
    lat_all, lon_all = groups["lat"].to_numpy(float), groups["lon"].to_numpy(float)
    next_label = 0
    keys = groups[["actor_a", "actor_b", "root"]].astype(str)
    for positions in keys.groupby(list(keys.columns), sort=False).indices.values():
        order = positions[np.argsort(days_all[positions], kind="stable")]
        days, lat, lon = days_all[order], lat_all[order], lon_all[order]
        parent = list(range(len(order)))
        ends = np.searchsorted(days, days + DAY_WINDOW, side="right")  # rows within the day window after i
        for i in range(len(order)):
            others = np.arange(i + 1, ends[i])
            if not len(others):
                continue
            if math.isnan(lat[i]):
                same = others[np.isnan(lat[others])]
            else:
                same = others[~np.isnan(lat[others])]
                if len(same):
                    same = same[distance_km(lon[i], lat[i], lon[same], lat[same]) <= MAX_KM]
            for j in same:
                a, b = _find(parent, i), _find(parent, int(j))
                if a != b:
                    parent[b] = a
        roots = np.array([_find(parent, i) for i in range(len(order))])
        _, dense = np.unique(roots, return_inverse=True)
        labels[order] = dense + next_label
        next_label += int(dense.max()) + 1
    return pd.Series(labels, index=groups.index)


def candidate_id(date: dt.date, actor_a: str, actor_b: str, root: str, lat: float, lon: float) -> str:
    """The stable id of a candidate (see the module docstring)."""
    def rounded(value: float) -> str:
        return "-" if value is None or math.isnan(value) else f"{round(value / ID_ROUND_DEG) * ID_ROUND_DEG:.1f}"

    key = "|".join([date.isoformat(), actor_a, actor_b, root, rounded(lat), rounded(lon)])
    return "cand-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _actors(a: str, b: str) -> str:
    names = [COUNTRY_NAMES.get(code, code) for code in (a, b) if code]
    return " – ".join(names) if names else "(no actor country)"


def _weighted_mode(groups: pd.DataFrame, column: str) -> pd.Series:
    """Per cluster, the value of ``column`` that the most rows have ("" when none)."""
    known = groups[groups[column].notna() & (groups[column].astype(str) != "")]
    if known.empty:
        return pd.Series(dtype="object")
    totals = known.groupby(["cluster", column], sort=True)["rows"].sum().reset_index()
    best = totals.sort_values(["cluster", "rows"], ascending=[True, False], kind="stable").drop_duplicates("cluster")
    return best.set_index("cluster")[column]


def _join_per_cluster(pairs: pd.DataFrame, column: str, sep: str) -> pd.Series:
    """``column`` values joined per cluster (single values taken as they are: most clusters hold one)."""
    size = pairs.groupby("cluster")[column].transform("size")
    single = pairs[size == 1].set_index("cluster")[column].astype(str)
    many = pairs[size > 1].groupby("cluster")[column].agg(sep.join)
    return pd.concat([single, many])


def build_candidates(groups: pd.DataFrame, sites: pd.DataFrame | None = None) -> pd.DataFrame:
    """Fold pre-grouped feed rows (:meth:`EventQueries.feed_groups`) into scored candidates, best first."""
    if groups.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    groups = groups.reset_index(drop=True).copy()
    groups["cluster"] = fold(groups)
    groups["date"] = pd.to_datetime(groups["date"])  # vectorised min/max (python dates aggregate row by row)
    weight = groups["rows"].astype(float)
    placed = groups["lat"].notna()
    groups["w_lat"] = (groups["lat"] * weight).where(placed, 0.0)
    groups["w_lon"] = (groups["lon"] * weight).where(placed, 0.0)
    groups["w_placed"] = weight.where(placed, 0.0)
    groups["w_gold"] = (groups["goldstein"] * weight).fillna(0.0)
    groups["w_scored"] = weight.where(groups["goldstein"].notna(), 0.0)
    by = groups.groupby("cluster", sort=False)
    frame = by.agg(date=("date", "min"), last_date=("date", "max"), rows=("rows", "sum"),
                   mentions=("mentions", "sum"), w_lat=("w_lat", "sum"), w_lon=("w_lon", "sum"),
                   w_placed=("w_placed", "sum"), w_gold=("w_gold", "sum"), w_scored=("w_scored", "sum"))
    frame["lat"] = (frame["w_lat"] / frame["w_placed"]).where(frame["w_placed"] > 0)
    frame["lon"] = (frame["w_lon"] / frame["w_placed"]).where(frame["w_placed"] > 0)
    frame["goldstein"] = (frame["w_gold"] / frame["w_scored"]).where(frame["w_scored"] > 0)
    # The anchor: the largest group of the first day (its key makes the candidate id).
    anchors = (groups.sort_values(["cluster", "date", "rows"], ascending=[True, True, False], kind="stable")
               .drop_duplicates("cluster").set_index("cluster"))
    frame = frame.join(anchors[["actor_a", "actor_b", "root"]])
    frame["date"], frame["last_date"] = frame["date"].dt.date, frame["last_date"].dt.date
    frame["candidate_id"] = [candidate_id(day, a, b, root, lat, lon) for day, a, b, root, lat, lon in zip(
        frame["date"], frame["actor_a"], frame["actor_b"], frame["root"], anchors.loc[frame.index, "lat"],
        anchors.loc[frame.index, "lon"], strict=True)]
    frame["actors"] = [_actors(a, b) for a, b in zip(frame["actor_a"], frame["actor_b"], strict=True)]
    frame["category"] = _weighted_mode(groups, "category").reindex(frame.index).fillna("")
    frame["location"] = _weighted_mode(groups, "location").reindex(frame.index).fillna("")
    urls = groups[["cluster", "sources"]].explode("sources").dropna()
    urls = urls[urls["sources"].astype(str) != ""].drop_duplicates().sort_values(["cluster", "sources"])
    frame["sources"] = _join_per_cluster(urls, "sources", "\n").reindex(frame.index).fillna("")
    frame["source_count"] = urls.groupby("cluster").size().reindex(frame.index).fillna(0).astype("int64")
    origins = groups[["cluster", "origin"]].drop_duplicates().sort_values(["cluster", "origin"])
    frame["origin"] = _join_per_cluster(origins, "origin", ",")
    frame = frame.reset_index(drop=True)
    frame[["nearest_site", "site_km"]] = _nearest_sites(frame, sites)
    nearness = SITE_WEIGHT * np.clip(1 - frame["site_km"].fillna(math.inf) / SITE_KM, 0, None)
    # On real GDELT exports the top of a plain |Goldstein| ranking was one-article stories (a court report
    # coded "retreat militarily", +10): a candidate only one source reports counts half.
    corroboration = np.where(frame["source_count"] >= 2, 1.0, SINGLE_SOURCE_WEIGHT)
    frame["score"] = ((frame["goldstein"].abs().fillna(0) + np.log1p(frame["mentions"]) + nearness)
                      * corroboration).round(2)
    frame = frame.sort_values(["score", "rows", "date"], ascending=[False, False, False], kind="stable")
    return frame.reset_index(drop=True)[CANDIDATE_COLUMNS]


def _nearest_sites(frame: pd.DataFrame, sites: pd.DataFrame | None) -> pd.DataFrame:
    result = pd.DataFrame({"nearest_site": "", "site_km": math.nan}, index=frame.index)
    if sites is None or sites.empty:
        return result
    sites = sites.dropna(subset=["lat", "lon"])
    placed = frame["lat"].notna()
    if sites.empty or not placed.any():
        return result
    lat = frame.loc[placed, "lat"].to_numpy()[:, None]
    lon = frame.loc[placed, "lon"].to_numpy()[:, None]
    km = distance_km(lon, lat, sites["lon"].to_numpy()[None, :], sites["lat"].to_numpy()[None, :])
    best = km.argmin(axis=1)
    result.loc[placed, "nearest_site"] = sites["name"].to_numpy()[best]
    result.loc[placed, "site_km"] = km[np.arange(len(best)), best].round(1)
    return result


def to_csv(frame: pd.DataFrame) -> str:
    """The CSV the ``candidates`` command writes (sources joined with ``; `` on one line)."""
    out = frame.copy()
    out["sources"] = out["sources"].str.replace("\n", "; ", regex=False)
    out["lat"] = out["lat"].round(4)
    out["lon"] = out["lon"].round(4)
    out["goldstein"] = out["goldstein"].round(2)
    return out.to_csv(index=False, lineterminator="\n")
