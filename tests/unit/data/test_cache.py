"""analysis.data.cache: a restarted server reads the validated dataset back unless an input changed."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
from pathlib import Path

import pandas as pd
import pytest

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
    cache.entry_path(folder, fixture_data_dir, cache.cache_key(fixture_data_dir, TODAY)).write_bytes(b"not a pickle")
    data = cache.cached_load_dataset(fixture_data_dir, TODAY, folder)
    assert len(data.events) == len(load_dataset(fixture_data_dir, today=TODAY).events)
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    assert len(cache.cached_load_dataset(fixture_data_dir, TODAY, blocked).events) == len(data.events)


def test_each_data_folder_keeps_its_own_entry(fixture_data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    other = shutil.copytree(fixture_data_dir, tmp_path / "other")
    cache.cached_load_dataset(fixture_data_dir, TODAY, folder)
    cache.cached_load_dataset(other, TODAY, folder)
    assert len(list(folder.glob("dataset-*.pickle"))) == 2  # a dev server and a test run do not evict each other
    cache.cached_load_dataset(other, TODAY + dt.timedelta(days=1), folder)
    assert len(list(folder.glob("dataset-*.pickle"))) == 2  # a new day replaces only that folder's entry


class _Planted:
    """A pickle that, when loaded, leaves a mark (as hostile code would run)."""

    def __init__(self, mark: Path) -> None:
        self.mark = mark

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.mark), "ran"))  # type: ignore[return-value]


def test_a_folder_others_can_write_is_never_unpickled(fixture_data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    mark = tmp_path / "mark"
    cache.entry_path(folder, fixture_data_dir, cache.cache_key(fixture_data_dir, TODAY)).write_bytes(
        pickle.dumps(_Planted(mark)))
    folder.chmod(0o777)
    data = cache.cached_load_dataset(fixture_data_dir, TODAY, folder)
    assert not mark.exists()
    assert len(data.events) == len(load_dataset(fixture_data_dir, today=TODAY).events)
    assert not cache.trusted_folder(folder)
    folder.chmod(0o700)
    assert cache.trusted_folder(folder)


def test_the_default_folder_is_outside_the_source_tree(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from analysis import settings

    monkeypatch.delenv(settings.CACHE_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert settings.cache_dir() == tmp_path / "nansei-watch"
    assert settings.REPO_ROOT not in settings.cache_dir().parents
    monkeypatch.setenv(settings.CACHE_DIR_ENV, str(tmp_path / "mine"))
    assert settings.cache_dir() == tmp_path / "mine"


@pytest.mark.parametrize("module", ["geo.py", "names.py", "tables.py", "loader.py"])
def test_a_changed_rule_in_a_module_whose_output_is_cached_gives_a_new_key(
        module: str, fixture_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = tmp_path / "code"
    shutil.copytree(cache._CODE_DIR, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_CODE_DIR", code)
    key = cache.cache_key(fixture_data_dir, TODAY)
    source = code / module
    source.write_text(source.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
    assert cache.cache_key(fixture_data_dir, TODAY) != key


def test_everything_load_dataset_runs_is_in_the_key() -> None:
    """The key hashes analysis/data/*.py: the loader may import nothing else of ours that computes output."""
    from tests.unit.test_layers import REPO, graph

    edges = graph(REPO)
    seen, todo = set(), ["analysis.data.loader"]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += [target for target, _ in edges.get(name, [])]
    hashed = {f"analysis.data.{p.stem}" for p in cache._CODE_DIR.glob("*.py")} | {"analysis.data"}
    # settings (paths), clock (today is in the key) and files (writes) compute nothing that is cached.
    assert seen - hashed <= {"analysis", "analysis.settings", "analysis.clock", "analysis.files"}, seen - hashed
