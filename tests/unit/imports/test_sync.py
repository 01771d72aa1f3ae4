"""``sync gdelt`` against a local GDELT-format server on 127.0.0.1 (tests/unit/imports/feedserver.py)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path
from unittest import mock

import duckdb
import pytest

from analysis.imports import sync as sync_mod
from analysis.imports.fetch import Limits
from analysis.imports.store import scan
from analysis.imports.sync import parse_list, parse_since, read_record, sync_gdelt
from tests.clirun import run_cli
from tests.unit.imports.conftest import gdelt_row
from tests.unit.imports.feedserver import drop_half, serve

SINCE = parse_since("2026-11-24")
FAST = Limits(max_bytes=1 << 20, max_seconds=30, timeout=5, attempts=2, backoff=0)
LAST = re.compile(r"^fetched (\d+) files, skipped (\d+) already imported, failed (\d+); "
                  r"accepted (\d+), outside scope (\d+), rejected (\d+)$")


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # urllib honours the proxy variables; the local server must be reached directly.
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def rows(first: int, n: int) -> list[list[str]]:
    return [gdelt_row(first + i) for i in range(n)]


def stored(store: Path) -> tuple[int, int]:
    """(rows, distinct external ids) in the store."""
    files = scan(store).files
    if not files:
        return 0, 0
    paths = ", ".join(f"'{p}'" for p in files)
    con = duckdb.connect()
    got = con.execute(f"SELECT count(*), count(DISTINCT external_id) FROM read_parquet([{paths}])").fetchone()
    con.close()
    assert got is not None
    return int(got[0]), int(got[1])


def run(store: Path, url: str, **kw) -> sync_mod.SyncResult:
    said: list[str] = []
    result = sync_gdelt(store, url, kw.pop("since", SINCE), scope="all", limits=FAST, say=said.append,
                        sleep=lambda s: None, **kw)
    result.said = said  # type: ignore[attr-defined]
    return result


def test_sync_imports_new_exports_refuses_bad_md5_and_second_run_fetches_nothing(tmp_path: Path) -> None:
    with serve() as server:
        good = [server.add_export("20261124000000.export.CSV.zip", rows(0, 5)),
                server.add_export("20261124001500.export.CSV.zip", rows(10, 4))]
        bad = server.add_export("20261124003000.export.CSV.zip", rows(20, 3), md5="0" * 32)
        old = server.add_export("20261123000000.export.CSV.zip", rows(30, 2))  # before --since
        other = "123 " + "a" * 32 + f" {server.base}/gdeltv2/20261124000000.mentions.CSV.zip"
        url = server.set_list([old, *good, other, bad])
        first = run(tmp_path, url)
        assert (first.fetched, first.skipped, first.failed) == (2, 0, 1)
        assert (first.accepted, first.outside, first.rejected) == (9, 0, 0)
        assert "20261124003000.export.CSV.zip" in first.failures[0] and "MD5" in first.failures[0]
        assert first.said == [f"error: {first.failures[0]}"]
        assert stored(tmp_path) == (9, 9)
        assert not any("20261123000000" in r or "mentions" in r for r in server.requests)

        server.requests.clear()
        second = run(tmp_path, url)
        assert (second.fetched, second.skipped, second.failed) == (0, 2, 1)  # the refused file is retried
        assert [r for r in server.requests if r.endswith(".zip")] == ["GET /gdeltv2/20261124003000.export.CSV.zip"]

        server.set_list([*good, server.add_export("20261124003000.export.CSV.zip", rows(20, 3))])
        third = run(tmp_path, url)
        assert (third.fetched, third.skipped, third.failed, third.accepted) == (1, 2, 0, 3)
        assert stored(tmp_path) == (12, 12)
        record = read_record(tmp_path, "gdelt")
        assert {v["status"] for v in record["files"].values()} == {"imported"}
        assert record["runs"][-1]["fetched"] == 1 and len(record["runs"]) == 3
        assert not list((tmp_path / "sync" / "downloads").iterdir())  # downloads are removed


def test_dropped_connection_fails_the_file_and_the_next_run_resumes_without_duplicates(tmp_path: Path) -> None:
    with serve() as server:
        first = server.add_export("20261124000000.export.CSV.zip", rows(0, 3))
        second = server.add_export("20261124001500.export.CSV.zip", rows(3, 4))
        path = "/gdeltv2/20261124001500.export.CSV.zip"
        payload = server.files[path]
        assert isinstance(payload, bytes)
        server.files[path] = drop_half(payload)  # the server dies half-way through the download
        url = server.set_list([first, second])
        broken = run(tmp_path, url)
        assert (broken.fetched, broken.failed) == (1, 1)
        assert "20261124001500" in broken.failures[0] and "attempt 2 of 2" in broken.failures[0]
        assert stored(tmp_path) == (3, 3)
        server.files[path] = payload
        resumed = run(tmp_path, url)
        assert (resumed.fetched, resumed.skipped, resumed.failed) == (1, 1, 0)
        assert stored(tmp_path) == (7, 7)


def test_run_killed_after_a_commit_before_its_record_resumes_without_doubling(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = sync_mod.write_record

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the process dies right after the first file was committed

    with serve() as server:
        url = server.set_list([server.add_export("20261124000000.export.CSV.zip", rows(0, 3)),
                               server.add_export("20261124001500.export.CSV.zip", rows(3, 2))])
        monkeypatch.setattr(sync_mod, "write_record", killed)
        with pytest.raises(KeyboardInterrupt):
            run(tmp_path, url, commit_files=1)  # one store batch per file: killed after the first
        assert stored(tmp_path) == (3, 3)
        monkeypatch.setattr(sync_mod, "write_record", real)
        resumed = run(tmp_path, url)
        assert (resumed.fetched, resumed.failed, resumed.accepted, resumed.stored) == (2, 0, 5, 2)
        assert stored(tmp_path) == (5, 5)


def test_files_are_committed_in_batches_and_a_broken_zip_fails_alone(tmp_path: Path) -> None:
    with serve() as server:
        lines = [server.add_export(f"2026112400{m:02d}00.export.CSV.zip", rows(10 * m, 2)) for m in (0, 15, 30)]
        broken = b"PK\x03\x04 not really a zip"
        name = "20261124004500.export.CSV.zip"
        server.files[f"/gdeltv2/{name}"] = broken
        lines.append(f"{len(broken)} {hashlib.md5(broken).hexdigest()} {server.base}/gdeltv2/{name}")
        result = run(tmp_path, server.set_list(lines), commit_files=2)
        assert (result.fetched, result.failed, result.accepted) == (3, 1, 6)
        assert "20261124004500.export.CSV.zip" in result.failures[0] and "zip" in result.failures[0]
        batches = {v.get("batch_id") for v in read_record(tmp_path, "gdelt")["files"].values()
                   if v["status"] == "imported"}
        assert len(batches) == 2 and len(scan(tmp_path).batches) == 2  # files 1+2, then file 3
        assert stored(tmp_path) == (6, 6)


def test_size_mismatch_and_budget_are_refused(tmp_path: Path) -> None:
    with serve() as server:
        line = server.add_export("20261124000000.export.CSV.zip", rows(0, 2))
        size, md5, link = line.split()
        url = server.set_list([f"{int(size) + 10} {md5} {link}"])
        result = run(tmp_path, url)
        assert result.failed == 1 and "size" in result.failures[0]
        tiny = sync_gdelt(tmp_path / "b", server.set_list([line]), SINCE, limits=Limits(100, 5, 5, 1, 0),
                          say=lambda s: None)
        assert tiny.failed == 1 and "budget" in tiny.failures[0]
        missing = run(tmp_path / "c", f"{server.base}/nothing.txt")
        assert missing.failed == 1 and "HTTP 404" in missing.failures[0]


def test_the_record_forgets_imported_files_older_than_30_days(tmp_path: Path) -> None:
    with serve() as server:
        old = server.add_export("20261001000000.export.CSV.zip", rows(0, 1))  # today is pinned to 2026-11-25
        new = server.add_export("20261124000000.export.CSV.zip", rows(5, 1))
        result = run(tmp_path, server.set_list([old, new]), since=parse_since("2026-10-01"))
        assert result.fetched == 2
        assert [v["stamp"][:10] for v in read_record(tmp_path, "gdelt")["files"].values()] == ["2026-11-24"]


def test_parse_list_and_since() -> None:
    entries, problems = parse_list(["5 " + "b" * 32 + " http://x/20261124000000.export.CSV.zip",
                                    "x y http://x/20261124001500.export.CSV.zip",
                                    "5 " + "c" * 32 + " http://x/latest.export.CSV.zip",
                                    "5 " + "d" * 32 + " http://x/20261124000000.gkg.csv.zip"])
    assert [e.name for e in entries] == ["20261124000000.export.CSV.zip"]
    assert len(problems) == 2 and "SIZE MD5 URL" in problems[0] and "YYYYMMDDHHMMSS" in problems[1]
    assert parse_since("2026-11-24T06:30").hour == 6
    with pytest.raises(ValueError, match="'24/11/2026'"):
        parse_since("24/11/2026")


def cli(*args: str) -> subprocess.CompletedProcess:
    with mock.patch.dict(os.environ, {"no_proxy": "127.0.0.1"}):
        return run_cli("sync", *args)


def test_cli_prints_the_summary_last_and_exits_0_1_2(tmp_path: Path) -> None:
    with serve() as server:
        good = server.add_export("20261124000000.export.CSV.zip", rows(0, 2))
        bad = server.add_export("20261124001500.export.CSV.zip", rows(5, 2), md5="f" * 32)
        url = server.set_list([good, bad])
        args = ["gdelt", "--list-url", url, "--since", "2026-11-24", "--store", str(tmp_path), "--scope", "all"]
        failed = cli(*args)
        assert failed.returncode == 1, failed.stderr
        assert LAST.match(failed.stdout.splitlines()[-1]).groups() == ("1", "0", "1", "2", "0", "0")
        assert failed.stderr.count("error: ") == 1 and "20261124001500.export.CSV.zip" in failed.stderr
        server.set_list([good])
        again = cli(*args)
        assert again.returncode == 0, again.stderr
        assert again.stdout.splitlines()[-1] == ("fetched 0 files, skipped 1 already imported, failed 0; "
                                                 "accepted 0, outside scope 0, rejected 0")
        limited = cli("gdelt", "--list-url", server.set_list([good, server.add_export(
            "20261124003000.export.CSV.zip", rows(9, 1)), server.add_export(
            "20261124004500.export.CSV.zip", rows(12, 1))]), "--since", "2026-11-24", "--max-files", "1",
            "--store", str(tmp_path), "--scope", "all")
        assert limited.returncode == 0 and "1 newer file(s) left" in limited.stderr
    for bad_args in (["gdelt", "--since", "yesterday"], ["gdelt", "--max-files", "0"],
                     ["gdelt", "--list-url", "ftp://x/list.txt"], ["rss"]):
        usage = cli(*bad_args, "--store", str(tmp_path)) if bad_args != ["rss"] else cli("rss")
        assert usage.returncode == 2, (bad_args, usage.stderr)
        assert usage.stderr.startswith("error: ") and len(usage.stderr.strip().splitlines()) == 1


def test_a_run_sums_its_reads_with_the_import_reports_counts() -> None:
    from analysis.imports.pipeline import ImportReport
    from analysis.imports.sync import SyncResult

    result = SyncResult(fetched=2)
    result.add(ImportReport(accepted=2, outside=1, rejected=3, rows_read=6))
    result.add(ImportReport(accepted=1, rows_read=1))
    assert (result.accepted, result.outside, result.rejected) == (3, 1, 3)
    assert result.line().endswith("failed 0; accepted 3, outside scope 1, rejected 3")
    assert ImportReport(accepted=1, rows_read=1).line() == "accepted 1, outside scope 0, rejected 0 (of 1 rows read)"
