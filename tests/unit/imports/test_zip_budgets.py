"""Zip inputs: one ZipFile per archive (many members in seconds), budgets, damaged members, killed imports."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from analysis.imports import inputs
from analysis.imports.inputs import InputError, Limits, from_path, from_upload, upload_limits
from analysis.imports.pipeline import read_files
from analysis.imports.store import STAGING_DIR, Staging
from tests.clirun import run_cli
from tests.conftest import REPO
from tests.unit.imports.conftest import gdelt_bytes, gdelt_row


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.slow
def test_ten_thousand_one_row_members_import_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    path.write_bytes(zip_of({f"{i:05d}.export.CSV": gdelt_bytes([gdelt_row(i)]) for i in range(10_000)}))
    start = time.perf_counter()
    report = read_files(from_path(path), folder=tmp_path / "store")
    elapsed = time.perf_counter() - start
    assert report.accepted == 10_000 and report.refused == [] and report.consistent
    assert elapsed < 180, f"10,000 members took {elapsed:.1f} s (was > 2,000 s: one ZipFile per member open)"
    assert len(report.sources[0]["files"]) == 10_000


def test_errors_in_a_bundle_name_the_member_and_its_line(tmp_path: Path) -> None:
    members = {f"{i}.export.CSV": gdelt_bytes([gdelt_row(i), gdelt_row(100 + i)]) for i in range(3)}
    members["1.export.CSV"] = gdelt_bytes([gdelt_row(1), gdelt_row(101, SQLDATE="2026-99-99")])
    report = read_files(from_upload("up.zip", zip_of(members)), folder=tmp_path)
    assert report.accepted == 5 and report.rejected == 1
    error = report.errors.iloc[0]
    assert (error["file"], int(error["row"])) == ("up.zip:1.export.CSV", 2)


def damaged_zip() -> bytes:
    good = gdelt_bytes([gdelt_row(1)])
    data = bytearray(zip_of({"a.export.CSV": good, "b.export.CSV": gdelt_bytes([gdelt_row(2)])},
                            zipfile.ZIP_STORED))
    at = data.index(good)  # stored, so the member's bytes appear as they are: flip one
    data[at + 10] ^= 0x01
    return bytes(data)


def test_a_damaged_member_is_refused_by_name_and_the_rest_is_read(tmp_path: Path) -> None:
    report = read_files(from_upload("d.zip", damaged_zip()), folder=tmp_path)
    assert report.accepted == 1 and len(report.refused) == 1
    assert report.refused[0].startswith("d.zip:a.export.CSV: damaged zip member")


def test_cli_damaged_member_one_line_exit_2_other_files_stored(tmp_path: Path) -> None:
    (tmp_path / "d.zip").write_bytes(damaged_zip())
    (tmp_path / "ok.CSV").write_bytes(gdelt_bytes([gdelt_row(7), gdelt_row(8)]))
    run = run_cli("import", str(tmp_path / "d.zip"), str(tmp_path / "ok.CSV"), "--store", str(tmp_path / "s"))
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "d.zip:a.export.CSV: damaged zip member" in errors[0]
    assert "stored 3 new events" in run.stdout


@pytest.mark.parametrize(("limits", "words"), [
    (Limits(total_bytes=1 << 30, members=2, ratio=200), "NANSEI_UPLOAD_MAX_MEMBERS"),
    (Limits(total_bytes=1000, members=100, ratio=200), "NANSEI_UPLOAD_MAX_TOTAL_MB"),
])
def test_member_count_and_total_size_budgets(limits: Limits, words: str) -> None:
    data = zip_of({f"{i}.CSV": gdelt_bytes([gdelt_row(i)] * 3) for i in range(3)})
    with pytest.raises(InputError, match=words):
        from_upload("z.zip", data, Limits(limits.total_bytes, limits.members, limits.ratio, origin="upload"))


def test_a_zip_bomb_member_is_refused_by_its_ratio() -> None:
    data = zip_of({"bomb.csv": b"\n" * (3 << 20)})  # 3 MB of newlines deflate to a few KB
    with pytest.raises(InputError, match="to 1, more than the limit of 200"):
        from_upload("bomb.zip", data, Limits(1 << 40, 10, 200, file_bytes=1 << 40))


def test_page_limits_are_smaller_than_the_cli_limits(monkeypatch) -> None:
    cli, page = inputs.cli_limits(), upload_limits()
    assert page.per_file < cli.per_file and page.total_bytes < cli.total_bytes and page.members < cli.members
    monkeypatch.setenv("NANSEI_UPLOAD_MAX_MB", "1")
    with pytest.raises(InputError, match="NANSEI_UPLOAD_MAX_MB"):
        from_upload("big.CSV", b"x" * (2 << 20))
    monkeypatch.setenv("NANSEI_UPLOAD_MAX_MEMBERS", "zero")
    with pytest.raises(ValueError, match="'zero'"):
        upload_limits()


def test_a_killed_import_leaves_no_staging_for_the_next_run(tmp_path: Path) -> None:
    script = ("import os, sys; from analysis.imports.store import Staging\n"
              "s = Staging.open(sys.argv[1]); s.begin_file()\n"
              "print(s.path, flush=True); os.kill(os.getpid(), 9)\n")
    run = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, cwd=REPO,
                         timeout=60)
    left = Path(run.stdout.strip())
    assert left.is_dir()
    (left / "part-00000.parquet").write_bytes(b"half written")  # what the killed import had staged
    live = Staging.open(tmp_path)  # the next run
    assert not left.exists()
    assert live.path.exists()
    other = Staging.open(tmp_path)  # a live import (same process) is never removed
    assert live.path.exists() and other.path.exists()
    live.discard()
    other.discard()
    assert list((tmp_path / STAGING_DIR).iterdir()) == []
    assert os.path.isdir(tmp_path / STAGING_DIR)


def test_symlinks_are_refused_unless_asked_and_fifos_never_read(tmp_path: Path) -> None:
    real = tmp_path / "real.CSV"
    real.write_bytes(gdelt_bytes([gdelt_row(1)]))
    link = tmp_path / "link.CSV"
    link.symlink_to(real)
    with pytest.raises(InputError, match="symbolic link"):
        from_path(link)
    assert len(from_path(link, follow_symlinks=True)) == 1
    assert [f.name for f in from_path(tmp_path)] == [str(real)]  # the link inside a folder is skipped
    fifo = tmp_path / "pipe.CSV"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        from_path(fifo)
