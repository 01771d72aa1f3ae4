"""Candidate events: feed rows of one happening folded into one, scored, with a stable id."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from analysis.imports.candidates import build_candidates, candidate_id
from analysis.imports.pipeline import import_paths
from analysis.query.candidates import candidates_since
from analysis.query.engine import open_duckdb
from tests.clirun import run_cli
from tests.unit.imports.conftest import gdelt_bytes, gdelt_row

SITES = pd.DataFrame({"name": ["Kadena Air Base"], "lat": [26.356], "lon": [127.768]})


def row(i: int, day: str, a1: str, a2: str, root: str, lat: float, lon: float, articles: int = 3,
        goldstein: str = "-9.5") -> list[str]:
    return gdelt_row(i, SQLDATE=day, Actor1CountryCode=a1, Actor2CountryCode=a2, EventCode=root + "0",
                     EventBaseCode=root + "0", EventRootCode=root, GoldsteinScale=goldstein,
                     ActionGeo_Lat=str(lat), ActionGeo_Long=str(lon), ActionGeo_CountryCode="JA",
                     NumArticles=str(articles), SOURCEURL=f"https://news.example.org/story-{i}")


def store_rows(folder: Path, rows: list[list[str]], name: str = "a.export.CSV") -> None:
    path = folder / name
    path.write_bytes(gdelt_bytes(rows))
    report, batch = import_paths([path], fmt="gdelt", scope="all", folder=folder / "store")
    assert report.accepted == len(rows) and batch["stored"] == len(rows)


def test_rows_of_one_happening_fold_into_one_candidate(tmp_path: Path) -> None:
    store_rows(tmp_path, [
        row(1, "20261120", "JPN", "CHN", "19", 24.47, 123.00),
        row(2, "20261120", "JPN", "CHN", "19", 24.50, 123.05),
        row(3, "20261120", "CHN", "JPN", "19", 24.45, 122.98),  # the same pair, the other way round
        row(4, "20261121", "JPN", "CHN", "19", 24.70, 123.20),  # next day, ~33 km away: same happening
        row(5, "20261120", "JPN", "CHN", "19", 26.30, 127.75),  # ~500 km away, next to Kadena: another
        row(6, "20261120", "JPN", "CHN", "04", 24.47, 123.00),  # another root code (consult)
        row(7, "20261124", "JPN", "CHN", "19", 24.47, 123.00),  # three days later
        row(8, "20261101", "JPN", "CHN", "19", 24.47, 123.00),  # before --since
    ])
    found = candidates_since(pd.Timestamp("2026-11-15").date(), tmp_path / "store", SITES)
    assert len(found) == 4
    assert found["rows"].sum() == 7
    big = found.loc[found["rows"] == 4].iloc[0]
    assert big["actors"] == "China – Japan" and big["root"] == "19" and big["category"] == "military_incident"
    assert big["sources"].splitlines() == [f"https://news.example.org/story-{i}" for i in (1, 2, 3, 4)]
    assert big["mentions"] == 12 and str(big["date"]) == "2026-11-20" and str(big["last_date"]) == "2026-11-21"
    kadena = found.loc[found["nearest_site"] == "Kadena Air Base"]
    near = kadena.loc[kadena["site_km"] < 20].iloc[0]
    # score = (|Goldstein| + log(1 + mentions) + 3 x (1 - km / 100)) x corroboration (one source: 0.5)
    assert near["score"] == round((9.5 + math.log1p(3) + 3 * (1 - near["site_km"] / 100)) * 0.5, 2)
    assert big["score"] == round(9.5 + math.log1p(12), 2)  # four sources, no site within 100 km
    assert found["score"].is_monotonic_decreasing
    assert found.iloc[0]["candidate_id"] == big["candidate_id"]  # corroborated by four sources: first
    alone = found.loc[(found["rows"] == 1) & (found["candidate_id"] != near["candidate_id"])]
    assert (alone["score"] < near["score"]).all()  # among single-source candidates, nearness to a site lifts

    first_id = big["candidate_id"]
    store_rows(tmp_path, [row(9, "20261121", "CHN", "JPN", "19", 24.60, 123.10)], "b.export.CSV")
    again = candidates_since(pd.Timestamp("2026-11-15").date(), tmp_path / "store", SITES)
    grown = again.loc[again["candidate_id"] == first_id]
    assert len(grown) == 1 and grown.iloc[0]["rows"] == 5  # a later row joins; the id stays


def test_chained_rows_fold_and_rows_without_place_stay_apart() -> None:
    day = pd.Timestamp("2026-11-20").date()
    groups = pd.DataFrame({
        "date": [day, day, day, day], "actor_a": ["CHN"] * 4, "actor_b": ["JPN"] * 4, "root": ["17"] * 4,
        "rows": [1, 1, 1, 2], "goldstein": [-5.0] * 4, "mentions": [1, 1, 1, 2],
        "lat": [24.0, 24.4, 24.8, math.nan], "lon": [123.0, 123.0, 123.0, math.nan],
        "location": ["a", "b", "c", ""], "category": ["maritime_grey_zone"] * 4, "origin": ["gdelt"] * 4,
        "sources": [["u1"], ["u2"], ["u3"], []]})
    found = build_candidates(groups)
    # 24.0 -> 24.4 -> 24.8 are ~44 km steps: one chain (single linkage); the unplaced group is its own
    assert sorted(found["rows"]) == [2, 3]
    assert found.loc[found["rows"] == 2, "source_count"].iloc[0] == 0
    assert candidate_id(day, "CHN", "JPN", "17", math.nan, math.nan).startswith("cand-")
    assert build_candidates(groups.iloc[:0]).empty


def test_feed_groups_runs_on_the_engine_and_an_empty_store_gives_none(tmp_path: Path) -> None:
    assert open_duckdb(tmp_path / "empty").feed_groups(pd.Timestamp("2026-01-01").date()).empty


def test_candidates_cli_writes_the_csv(tmp_path: Path) -> None:
    store_rows(tmp_path, [row(1, "20261120", "JPN", "CHN", "19", 24.47, 123.0),
                          row(2, "20261120", "CHN", "JPN", "19", 24.48, 123.0)])
    out = tmp_path / "c.csv"
    done = run_cli("candidates", "--since", "2026-11-01", "--store", str(tmp_path / "store"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote 1 candidates from 2 feed rows to {out}"
    table = pd.read_csv(out)
    assert {"date", "actors", "category", "location", "lat", "lon", "rows", "sources", "score"} <= set(table.columns)
    assert table.loc[0, "sources"] == "https://news.example.org/story-1; https://news.example.org/story-2"
    bad = run_cli("candidates", "--since", "2026-11-01", "--out", str(tmp_path / "c.txt"))
    assert bad.returncode == 2 and "--out must end in .csv" in bad.stderr
