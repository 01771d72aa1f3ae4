"""Candidate events from feed rows: the many rows that describe one happening, folded into one.

GDELT codes each article (and each actor pairing in it) as its own row, so one real event is often
dozens of rows. Two feed rows describe the same happening when they have

- dates at most :data:`DAY_WINDOW` (1) day apart,
- the same **unordered** actor-country pair (``CHN``–``JPN`` = ``JPN``–``CHN``),
- the same CAMEO root code (the first two digits of ``event_code``; ACLED rows carry the nearest
  CAMEO code, see ``docs/import.md``),
- places within :data:`MAX_KM` (50 km, geodesic on WGS 84 via ``pyproj.Geod``; EPSG:4326 coordinates),
  or both without coordinates.

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
from pyproj import Geod

from analysis.data.countries import COUNTRY_NAMES

DAY_WINDOW = 1
MAX_KM = 50.0
SITE_KM = 100.0
SITE_WEIGHT = 3.0
ID_ROUND_DEG = 0.5
CANDIDATE_COLUMNS = ["candidate_id", "date", "last_date", "actors", "actor_a", "actor_b", "root", "category",
                     "location", "lat", "lon", "rows", "mentions", "goldstein", "sources", "source_count",
                     "origin", "nearest_site", "site_km", "score"]
_GEOD = Geod(ellps="WGS84")


def _km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Geodesic distances in km between EPSG:4326 points (arrays broadcast)."""
    lat1, lon1, lat2, lon2 = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lat1, lon1, lat2, lon2)))
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return np.asarray(metres) / 1000.0


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def fold(groups: pd.DataFrame) -> pd.Series:
    """Cluster number per group (single linkage by the rules in the module docstring)."""
    labels = pd.Series(-1, index=groups.index, dtype="int64")
    next_label = 0
    for _, part in groups.groupby(["actor_a", "actor_b", "root"], sort=False, dropna=False):
        idx = list(part.index)
        parent = list(range(len(idx)))
        days = np.array([d.toordinal() for d in part["date"]])
        lat, lon = part["lat"].to_numpy(float), part["lon"].to_numpy(float)
        for i in range(len(idx)):
            near_day = np.abs(days[i + 1:] - days[i]) <= DAY_WINDOW
            if not near_day.any():
                continue
            others = np.nonzero(near_day)[0] + i + 1
            if math.isnan(lat[i]):
                same = others[np.isnan(lat[others])]
            else:
                placed = others[~np.isnan(lat[others])]
                same = placed[_km(lat[i], lon[i], lat[placed], lon[placed]) <= MAX_KM] if len(placed) else placed
            for j in same:
                a, b = _find(parent, i), _find(parent, int(j))
                if a != b:
                    parent[b] = a
        roots = [_find(parent, i) for i in range(len(idx))]
        mapping: dict[int, int] = {}
        for position, root in enumerate(roots):
            if root not in mapping:
                mapping[root] = next_label
                next_label += 1
            labels.loc[idx[position]] = mapping[root]
    return labels


def candidate_id(date: dt.date, actor_a: str, actor_b: str, root: str, lat: float, lon: float) -> str:
    """The stable id of a candidate (see the module docstring)."""
    def rounded(value: float) -> str:
        return "-" if value is None or math.isnan(value) else f"{round(value / ID_ROUND_DEG) * ID_ROUND_DEG:.1f}"

    key = "|".join([date.isoformat(), actor_a, actor_b, root, rounded(lat), rounded(lon)])
    return "cand-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _actors(a: str, b: str) -> str:
    names = [COUNTRY_NAMES.get(code, code) for code in (a, b) if code]
    return " – ".join(names) if names else "(no actor country)"


def _mode(values: pd.Series) -> str:
    values = values.dropna()
    values = values[values != ""]
    return str(values.mode().iloc[0]) if not values.empty else ""


def build_candidates(groups: pd.DataFrame, sites: pd.DataFrame | None = None) -> pd.DataFrame:
    """Fold pre-grouped feed rows (:meth:`EventQueries.feed_groups`) into scored candidates, best first."""
    if groups.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    groups = groups.reset_index(drop=True).copy()
    groups["cluster"] = fold(groups)
    out = []
    for _, part in groups.groupby("cluster", sort=False):
        first_day = part["date"].min()
        anchor = part[part["date"] == first_day].sort_values("rows", ascending=False).iloc[0]
        rows = int(part["rows"].sum())
        weights = part["rows"].to_numpy(float)
        placed = part["lat"].notna().to_numpy()
        lat = float(np.average(part["lat"][placed], weights=weights[placed])) if placed.any() else math.nan
        lon = float(np.average(part["lon"][placed], weights=weights[placed])) if placed.any() else math.nan
        gold = part["goldstein"].to_numpy(float)
        goldstein = float(np.average(gold, weights=weights)) if not np.isnan(gold).any() else float(np.nanmean(gold))
        sources = sorted({s for group in part["sources"] for s in group if s})
        out.append({
            "candidate_id": candidate_id(first_day, anchor["actor_a"], anchor["actor_b"], anchor["root"],
                                         float(anchor["lat"]), float(anchor["lon"])),
            "date": first_day, "last_date": part["date"].max(), "actor_a": anchor["actor_a"],
            "actor_b": anchor["actor_b"], "actors": _actors(anchor["actor_a"], anchor["actor_b"]),
            "root": anchor["root"], "category": _mode(part["category"].repeat(part["rows"])),
            "location": _mode(part["location"].repeat(part["rows"])), "lat": lat, "lon": lon, "rows": rows,
            "mentions": int(part["mentions"].sum()), "goldstein": goldstein, "sources": "\n".join(sources),
            "source_count": len(sources), "origin": ",".join(sorted(set(part["origin"]))),
        })
    frame = pd.DataFrame(out)
    frame[["nearest_site", "site_km"]] = _nearest_sites(frame, sites)
    nearness = SITE_WEIGHT * np.clip(1 - frame["site_km"].fillna(math.inf) / SITE_KM, 0, None)
    frame["score"] = (frame["goldstein"].abs().fillna(0) + np.log1p(frame["mentions"]) + nearness).round(2)
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
    km = _km(lat, lon, sites["lat"].to_numpy()[None, :], sites["lon"].to_numpy()[None, :])
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
