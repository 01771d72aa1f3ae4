"""One query layer: DuckDB agrees with the pandas rule and with ClickHouse (chDB); BigQuery/Trino SQL snapshots.

Snapshots live in tests/unit/query/snapshots; NANSEI_UPDATE_SNAPSHOTS=1 rewrites them.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analysis.data.filters import EventFilter, filter_events
from analysis.imports.pipeline import store_frame
from analysis.imports.readers import STORE_COLUMNS
from analysis.imports.store import scan
from analysis.imports.synth import synthetic_events
from analysis.query import events as q
from analysis.query.engine import open_duckdb

SNAPSHOTS = Path(__file__).parent / "snapshots"
SELECTIONS = {
    "all": EventFilter(),
    "theatre": EventFilter(("JPN", "CHN", "TWN"), dt.date(2015, 1, 1), dt.date(2024, 12, 31),
                           ("statement", "diplomatic", "military_incident", "force_posture")),
    "korea": EventFilter(("KOR",), dt.date(2020, 3, 5), None, ()),
    "all_of": EventFilter(("JPN", "CHN"), dt.date(2012, 1, 1), None, (), match="all"),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    from analysis.imports.countries import bits_for

    folder = tmp_path_factory.mktemp("store")
    events = synthetic_events(3000, seed=4)
    events["actor_bits"] = [bits_for(str(a).split(";")) for a in events["actors"]]
    store_frame(events.reindex(columns=STORE_COLUMNS), folder)
    return folder, events


@pytest.mark.parametrize("name", list(SELECTIONS))
def test_duckdb_matches_the_pandas_filter(store, name: str) -> None:
    folder, events = store
    engine, selection = open_duckdb(folder), SELECTIONS[name]
    expected = filter_events(events, selection)
    assert engine.count(selection) == len(expected)
    weekly = engine.counts_by_period(selection, "MS")
    want = expected.groupby([expected["date"].dt.to_period("M").dt.start_time, "category"]).size()
    assert weekly.set_index(["period", "category"])["events"].sort_index().tolist() == want.sort_index().tolist()


@pytest.mark.slow
def test_keyset_pages_cover_every_row_once(store) -> None:
    folder, _ = store
    engine, selection = open_duckdb(folder), SELECTIONS["theatre"]
    seen, cursor = [], None
    while True:
        page = engine.page(selection, 400, cursor)
        seen += page["event_id"].tolist()
        if len(page) < 400:
            break
        cursor = (page["date"].iloc[-1].date(), page["event_id"].iloc[-1])
    assert len(seen) == len(set(seen)) == engine.count(selection)


def test_grid_counts_sum_to_located_events(store) -> None:
    folder, events = store
    engine = open_duckdb(folder)
    grid = engine.grid_counts(SELECTIONS["all"], 0.5)
    assert grid["events"].sum() == events[["lat", "lon"]].dropna().shape[0]
    assert ((grid["lon"] + 180) / 0.5 % 1 == 0.5).all()


def _chdb(flat: Path):
    from chdb import session

    sess = session.Session()
    sess.query("CREATE DATABASE IF NOT EXISTS nansei")
    sess.query(f"CREATE VIEW nansei.events AS SELECT * FROM file('{flat}', Parquet)")

    def run(expr) -> pd.DataFrame:
        sql = q.to_sql(expr, "clickhouse").replace('FROM "events"', "FROM nansei.events")
        return sess.query(sql, "DataFrame")

    return run


@pytest.mark.slow
def test_duckdb_and_clickhouse_give_identical_results(store, tmp_path) -> None:
    folder, _ = store
    flat = tmp_path / "flat.parquet"
    files = "[" + ", ".join(f"'{p}'" for p in scan(folder).files) + "]"
    duckdb.connect().execute(f"COPY (SELECT * FROM read_parquet({files}, hive_partitioning=true, "
                             f"hive_types={{'month': VARCHAR}})) TO '{flat}' (FORMAT parquet)")
    chdb_run, engine = _chdb(flat), open_duckdb(folder)
    t = q.unbound("events")
    for selection in SELECTIONS.values():
        for freq in ("W", "MS", "YS"):
            mine = engine.counts_by_period(selection, freq)
            theirs = chdb_run(q.counts_by_period(t, selection, freq))
            theirs["period"] = pd.to_datetime(theirs["period"]).astype("datetime64[ns]")
            theirs["events"] = theirs["events"].astype("int64")
            pd.testing.assert_frame_equal(mine, theirs, check_dtype=False)
        page = engine.page(selection, 50)
        other = chdb_run(q.page(t, selection, 50))
        assert page["event_id"].tolist() == other["event_id"].tolist()
        grid = engine.grid_counts(selection, 0.25)
        other = chdb_run(q.grid_counts(t, selection, 0.25)).astype({"events": "int64"})
        pd.testing.assert_frame_equal(grid, other, check_dtype=False)
        assert int(chdb_run(q.count(t, selection)).iloc[0, 0]) == engine.count(selection)


@pytest.mark.parametrize("dialect", ["bigquery", "trino"])
def test_compiled_sql_snapshots(dialect: str) -> None:
    t, selection = q.unbound("nansei_events"), SELECTIONS["theatre"]
    exprs = {"weekly": q.counts_by_period(t, selection, "W"), "grid": q.grid_counts(t, selection, 0.25),
             "page": q.page(t, selection, 500, (dt.date(2020, 5, 1), "gdelt-1"))}
    for name, expr in exprs.items():
        sql = q.to_sql(expr, dialect)
        path = SNAPSHOTS / f"{dialect}_{name}.sql"
        if os.environ.get("NANSEI_UPDATE_SNAPSHOTS") or not path.exists():
            path.parent.mkdir(exist_ok=True)
            path.write_text(sql + "\n", encoding="utf-8")
        assert sql + "\n" == path.read_text(encoding="utf-8"), f"{path} changed: review, then regenerate"
