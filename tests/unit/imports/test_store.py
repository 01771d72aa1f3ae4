"""The local event store: Parquet roundtrip, filter == filter_events, aggregates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.filters import EventFilter, filter_events
from analysis.features.overview import events_by_period
from analysis.imports.readers import import_acled, import_gdelt
from analysis.imports.store import (
    EventStore,
    clear_store,
    read_manifest,
    store_dir,
    store_mtime,
    store_summary,
    write_import,
)
from analysis.imports.synth import synthetic_events

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TODAY = dt.date(2026, 11, 25)
SELECTIONS = [
    EventFilter(),
    EventFilter(("JPN",)),
    EventFilter(("CHN", "TWN"), dt.date(2015, 3, 1), dt.date(2020, 6, 30)),
    EventFilter((), dt.date(2012, 1, 1), dt.date(2012, 1, 1)),
    EventFilter(("USA", "PHL"), None, dt.date(2018, 1, 1), ("statement", "military_incident")),
    EventFilter((), dt.date(2030, 1, 1), None),
    EventFilter(("JPN", "CHN"), match="all"),
    EventFilter(("CHN", "TWN", "USA"), dt.date(2015, 3, 1), None, ("statement",), match="all"),
]


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return synthetic_events(5000, seed=3)


@pytest.fixture(scope="module")
def store(events: pd.DataFrame) -> EventStore:
    return EventStore(events)


def test_roundtrip_through_parquet_keeps_every_event(tmp_path: Path) -> None:
    acled = import_acled(FIXTURES / "acled_small.csv", today=TODAY)
    gdelt = import_gdelt(FIXTURES / "gdelt_small.tsv", today=TODAY)
    write_import(acled, tmp_path)
    write_import(gdelt, tmp_path)
    write_import(gdelt, tmp_path)  # the same file again replaces its batch
    loaded = EventStore.load(tmp_path)
    assert len(loaded) == len(acled.events) + len(gdelt.events) == 32
    back = loaded.frame.set_index("event_id").sort_index()
    original = pd.concat([acled.events, gdelt.events]).set_index("event_id").sort_index()
    assert (back["date"] == original["date"]).all()
    assert (back["goldstein"] == original["goldstein"]).all()
    assert list(back["source_text"].astype(str)) == list(original["source_text"].astype(str))
    assert loaded.summary().set_index("origin")["events"].to_dict() == {"acled": 16, "gdelt": 16}
    summary = store_summary(tmp_path)
    assert sorted(summary["format"]) == ["acled", "gdelt"] and summary["rejected_rows"].tolist() == [4, 4]
    assert store_mtime(tmp_path) > 0


def test_clear_removes_only_store_files(tmp_path: Path) -> None:
    write_import(import_gdelt(FIXTURES / "gdelt_small.tsv", today=TODAY), tmp_path)
    keep = tmp_path / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    assert clear_store(tmp_path) == 2
    assert keep.exists() and read_manifest(tmp_path) == []
    assert len(EventStore.load(tmp_path)) == 0
    assert EventStore.load(tmp_path).counts_by_period(EventFilter()).empty


def test_store_dir_follows_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NANSEI_STORE_DIR", str(tmp_path))
    assert store_dir() == tmp_path
    monkeypatch.delenv("NANSEI_STORE_DIR")
    assert store_dir().parts[-2:] == ("local", "store")


def test_empty_import_is_refused(tmp_path: Path) -> None:
    empty = import_gdelt("1\t2\n", today=TODAY)
    with pytest.raises(ValueError, match="no accepted events"):
        write_import(empty, tmp_path)


@pytest.mark.parametrize("selection", SELECTIONS)
def test_filter_equals_filter_events(store: EventStore, events: pd.DataFrame, selection: EventFilter) -> None:
    expected = filter_events(events, selection)
    got = store.filter(selection)
    assert sorted(got["event_id"].astype(str)) == sorted(expected["event_id"])
    assert store.count(selection) == len(expected)
    assert got["date"].is_monotonic_increasing


@pytest.mark.parametrize("selection", SELECTIONS)
@pytest.mark.parametrize("freq", ["MS", "YS"])
def test_period_counts_equal_events_by_period(store, events, selection, freq) -> None:
    expected = events_by_period(filter_events(events, selection), freq)
    got = store.counts_by_period(selection, freq)
    key = ["period", "category"]
    pd.testing.assert_frame_equal(got.sort_values(key).reset_index(drop=True),
                                  expected.sort_values(key).reset_index(drop=True), check_dtype=False)


def test_weekly_counts_start_on_monday(store: EventStore, events: pd.DataFrame) -> None:
    selection = SELECTIONS[2]
    got = store.counts_by_period(selection, "W")
    assert (got["period"].dt.day_of_week == 0).all()
    expected = (filter_events(events, selection)
                .groupby([pd.Grouper(key="date", freq="W-MON", label="left", closed="left"), "category"])
                .size())
    expected = expected[expected > 0]
    assert got.set_index(["period", "category"])["events"].sort_index().tolist() == expected.sort_index().tolist()
    assert got["events"].sum() == store.count(selection)


def test_grid_counts_sum_and_cells(store: EventStore) -> None:
    grid = store.grid_counts(EventFilter(("JPN",)), cell_deg=0.5)
    assert grid["events"].sum() == store.count(EventFilter(("JPN",)))
    assert grid["lon"].between(117, 133).all() and grid["lat"].between(20, 34).all()
    assert ((grid["lon"] * 2) % 1 == 0.5).all()  # cell centres
    with pytest.raises(ValueError, match="got 0"):
        store.grid_counts(EventFilter(), cell_deg=0)


def test_page_is_newest_first_and_store_is_read_only(store: EventStore, events: pd.DataFrame) -> None:
    page = store.page(EventFilter(("TWN",)), offset=0, limit=20)
    newest = filter_events(events, EventFilter(("TWN",)))["date"].max()
    assert len(page) == 20 and page["date"].iloc[0] == newest and page["date"].is_monotonic_decreasing
    with pytest.raises(ValueError, match="read-only"):
        store._days[0] = 0
    with pytest.raises(ValueError, match="'Q'"):
        store.counts_by_period(EventFilter(), "Q")
