"""Small-file compaction (issue 25 #4): many small imports end as one file per month, nothing lost or doubled."""

from __future__ import annotations

import pytest

from analysis.imports import store
from analysis.imports.store import scan, store_summary
from tests.unit.imports.conftest import gdelt_bytes, gdelt_row
from tests.unit.imports.test_store import stored_ids, write


def _small_import(folder, k: int) -> dict:
    rows = [gdelt_row(100 * k + i, SQLDATE="20250310", MonthYear="202503", Year="2025") for i in range(3)]
    return write(folder, f"{k}.export.CSV", gdelt_bytes(rows))


@pytest.mark.slow
def test_many_small_imports_are_merged_per_month(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(store, "COMPACT_FILES", 4)
    records = [_small_import(tmp_path, k) for k in range(5)]
    assert [r["stored"] for r in records] == [3] * 5
    assert records[3]["compacted_files"] == 4  # the fourth import found four files in March 2025
    found = scan(tmp_path)
    assert found.problems == []
    march = [f for f in found.files if f.parent.name == "month=2025-03"]
    assert len(march) == 2 and any(f.name.startswith("compact-") for f in march)  # merged + the fifth
    ids = stored_ids(tmp_path)
    assert len(ids) == len(set(ids)) == 15
    assert len(store_summary(tmp_path)) == 5 and found.events == 15  # batches keep their own records
    again = _small_import(tmp_path, 0)  # de-duplication sees the compacted rows
    assert (again["stored"], again["duplicates"]) == (0, 3)


def test_a_crash_before_the_old_files_are_deleted_shows_no_row_twice(tmp_path) -> None:
    for k in range(3):
        _small_import(tmp_path, k)
    before = sorted(stored_ids(tmp_path))
    kept = {f: f.read_bytes() for f in scan(tmp_path).files}
    with store.store_lock(tmp_path):
        assert store.compact(tmp_path, min_files=2) == 3
    for path, data in kept.items():  # as if the process died right after the compaction sidecar
        path.write_bytes(data)
    assert sorted(stored_ids(tmp_path)) == before and scan(tmp_path).problems == []
