"""analysis.data.cache: a restarted server reads the validated dataset back unless an input changed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pandas as pd

from analysis.data import cache
from analysis.data.loader import load_dataset

TODAY = dt.date(2026, 11, 25)


def test_cached_copy_equals_a_fresh_load_and_is_reused(fixture_data_dir: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(fixture_data_dir, data_dir)
    first = cache.cached_load_dataset(data_dir, TODAY, tmp_path / "cache")
    fresh = load_dataset(data_dir, today=TODAY)
    for name, frame in fresh.tables.items():
        pd.testing.assert_frame_equal(first.tables[name], frame)
    assert len(list((tmp_path / "cache").glob("dataset-*.pickle"))) == 1
    again = cache.cached_load_dataset(data_dir, TODAY, tmp_path / "cache")
    pd.testing.assert_frame_equal(again.events, fresh.events)


def test_an_edited_file_or_another_day_gives_a_new_key(fixture_data_dir: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(fixture_data_dir, data_dir)
    key = cache.cache_key(data_dir, TODAY)
    assert cache.cache_key(data_dir, TODAY + dt.timedelta(days=1)) != key
    events = data_dir / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    events.write_text("".join(lines[:-1]), encoding="utf-8")  # drop the last event
    stat = events.stat()
    os.utime(events, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert cache.cache_key(data_dir, TODAY) != key
    reloaded = cache.cached_load_dataset(data_dir, TODAY, tmp_path / "cache")
    assert len(reloaded.events) == len(load_dataset(data_dir, today=TODAY).events)


def test_a_broken_or_unwritable_cache_falls_back_to_the_files(fixture_data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / f"dataset-{cache.cache_key(fixture_data_dir, TODAY)}.pickle").write_bytes(b"not a pickle")
    data = cache.cached_load_dataset(fixture_data_dir, TODAY, folder)
    assert len(data.events) == len(load_dataset(fixture_data_dir, today=TODAY).events)
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    assert len(cache.cached_load_dataset(fixture_data_dir, TODAY, blocked).events) == len(data.events)
