"""The store: de-duplication by source id, concurrent writers, broken files, clearing, permissions."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
import threading
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis.imports import store
from analysis.imports.inputs import from_upload
from analysis.imports.pipeline import import_paths, read_files, store_frame, store_report
from analysis.imports.store import NEW_PREFIX, STAGING_DIR, Staging, clear_store, scan, store_summary
from analysis.imports.synth import synthetic_events
from analysis.query.engine import open_duckdb
from tests.unit.imports.conftest import gdelt_bytes, gdelt_row


def stored_ids(folder: Path) -> list[str]:
    return [i for f in scan(folder).files for i in pq.read_table(f, columns=["event_id"])["event_id"].to_pylist()]


def write(folder: Path, name: str, data: bytes) -> dict:
    report = read_files(from_upload(name, data), folder=folder)
    return store_report(report)


def test_reimport_with_a_blank_line_stores_nothing_twice(tmp_path) -> None:
    rows = [gdelt_row(i) for i in range(10)]
    first = write(tmp_path, "a.CSV", gdelt_bytes(rows))
    second = write(tmp_path, "b.CSV", gdelt_bytes(rows) + b"\n")
    assert (first["stored"], second["stored"], second["duplicates"]) == (10, 0, 10)
    ids = stored_ids(tmp_path)
    assert len(ids) == len(set(ids)) == 10
    assert len(scan(tmp_path).batches) == 1  # nothing new: no batch written


def test_overlapping_files_in_one_import(tmp_path) -> None:
    for name, part in (("a.CSV", range(0, 6)), ("b.CSV", range(4, 10))):
        (tmp_path / name).write_bytes(gdelt_bytes([gdelt_row(i) for i in part]))
    report, record = import_paths([tmp_path / "a.CSV", tmp_path / "b.CSV"], folder=tmp_path / "s")
    assert report.accepted == 12 and (record["stored"], record["duplicates"]) == (10, 2)


def _import_in_process(folder: str, k: int) -> None:
    write(Path(folder), f"p{k}.CSV", gdelt_bytes([gdelt_row(1000 * k + i) for i in range(5)]))


@pytest.mark.slow
def test_concurrent_writers_lose_no_batch(tmp_path) -> None:
    threads = [threading.Thread(target=write, args=(tmp_path, f"t{k}.CSV",
                                                      gdelt_bytes([gdelt_row(100 * k + i) for i in range(5)])))
               for k in range(8)]
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_import_in_process, args=(str(tmp_path), k)) for k in range(1, 3)]
    for worker in [*threads, *procs]:
        worker.start()
    for worker in [*threads, *procs]:
        worker.join(120)
    assert all(p.exitcode == 0 for p in procs)
    found = scan(tmp_path)
    assert found.problems == [] and len(found.batches) == 10
    ids = stored_ids(tmp_path)
    assert len(ids) == len(set(ids)) == 50


def test_broken_and_foreign_files_are_reported_and_skipped_and_clear_works(tmp_path) -> None:
    write(tmp_path, "a.CSV", gdelt_bytes([gdelt_row(i) for i in range(3)]))
    write(tmp_path, "b.CSV", gdelt_bytes([gdelt_row(i) for i in range(10, 14)]))
    records = [json.loads(p.read_text()) for p in (tmp_path / "batches").glob("*.json")]
    second = next(r for r in records if r["stored"] == 4)  # break the 4-row batch; the 3-row one stays
    victim = tmp_path / second["files"][0]
    victim.write_bytes(b"not parquet")
    (tmp_path / "batches" / "junk.json").write_text("{broken")
    (tmp_path / "events" / "month=2020-01").mkdir(exist_ok=True)
    (tmp_path / "events" / "month=2020-01" / "foreign.parquet").write_bytes(b"x")
    (tmp_path / "imports.json").write_text("[{")  # the old layout's manifest, corrupt
    found = scan(tmp_path)
    assert len(found.batches) == 1 and len(found.problems) == 4
    assert open_duckdb(tmp_path).page(__import__("analysis.data.filters").data.filters.EventFilter(), 50).shape[0] == 3
    assert len(store_summary(tmp_path)) == 1
    assert clear_store(tmp_path) > 0
    found = scan(tmp_path)
    assert (found.batches, found.problems) == ([], [])


def test_files_0600_and_folders_0700(tmp_path) -> None:
    folder = tmp_path / "store"
    write(folder, "a.CSV", gdelt_bytes([gdelt_row(i) for i in range(3)]))
    for path in folder.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_files_written_before_a_column_existed_still_read(tmp_path) -> None:
    from analysis.data.filters import EventFilter

    write(tmp_path, "a.CSV", gdelt_bytes([gdelt_row(i) for i in range(3)]))
    for path in scan(tmp_path).files:  # as if written before `status`/`event_code` joined the contract
        table = pq.read_table(path)
        pq.write_table(table.drop_columns(["status", "event_code"]), path)
    assert scan(tmp_path).problems == []
    page = open_duckdb(tmp_path).page(EventFilter(), 10)
    assert len(page) == 3 and page["status"].isna().all()


def test_a_live_import_is_never_removed_however_old_its_folder_looks(tmp_path) -> None:
    # A clock that moved (NTP, a restored VM, make test-clock's faketime) makes a fresh folder look old;
    # only a dead import's staging (no process holds its lock) may go.
    live = Staging.open(tmp_path)
    two_years_ago = time.time() - 2 * 365 * 86400
    os.utime(live.path, (two_years_ago, two_years_ago))
    other = Staging.open(tmp_path)
    assert live.path.is_dir() and other.path.is_dir()
    assert not [p for p in (tmp_path / STAGING_DIR).iterdir() if p.name.startswith(NEW_PREFIX)]
    live.discard()
    other.discard()


@pytest.mark.slow
def test_a_large_import_in_one_month_commits_within_the_memory_limit(tmp_path, monkeypatch) -> None:
    # DuckDB buffered up to 524,288 rows of a month before writing: 1e6 GDELT rows of one month ran out of
    # the commit's 256 MB, until store.commit set the flush threshold. With DuckDB 2.0.1 that still holds
    # (1e6 rows, 256 MB: out of memory without the setting; measured in issue 22), but the smaller case this
    # test used, 400,000 rows under 128 MB, passes either way, so it no longer isolates the setting. What it
    # still proves, at the same rows per MB and in half the time (8.4 -> 3.9 s): a large one-month import
    # commits within a tight memory cap.
    rows = 200_000
    events = synthetic_events(rows, seed=4)
    events["date"] = pd.Timestamp("2024-01-15")
    monkeypatch.setattr(store, "COMMIT_MEMORY", "64MB")
    record = store_frame(events, tmp_path)
    assert record["stored"] == rows
    assert {Path(f).parent.name for f in record["files"]} == {"month=2024-01"}
    assert sum(pq.ParquetFile(tmp_path / f).metadata.num_rows for f in record["files"]) == rows
