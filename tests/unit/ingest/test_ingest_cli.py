"""`python -m analysis.cli ingest`: the candidates CSV contract; nothing under data/ is written."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.clirun import run_cli
from tests.conftest import REPO

from .conftest import REPORTS

CONTRACT = ["date", "actors", "category", "location", "lat", "lon", "goldstein", "evidence"]
# The founding report is a news text we may not redistribute: it is read from the shared folder, never committed.
FOUNDING_CANDIDATES = [REPO.parent / "shared" / "seeds", REPO.parent.parent / "shared" / "seeds"]


def cli(*args: str) -> tuple[int, str, str]:
    run = run_cli(*args)
    return run.returncode, run.stdout, run.stderr


def _checksums(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    monkeypatch.setenv("NANSEI_DATA_DIR", str(folder))
    return folder


def test_ingest_writes_the_candidate_csv_and_nothing_else(data_copy: Path, tmp_path: Path) -> None:
    before = _checksums(data_copy)
    report = REPORTS / "tuning" / "t2_ccg_senkaku.md"
    out = tmp_path / "candidates.csv"
    code, stdout, stderr = cli("ingest", str(report), "--published", "2026-02-11", "--publisher", "Tuning desk",
                               "--title", "Coast guard ships", "--out", str(out))
    assert (code, stderr) == (0, ""), stderr
    assert "2 candidate(s)" in stdout
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table.columns[:len(CONTRACT)]) == CONTRACT
    assert len(table) == 2
    for row in table.to_dict("records"):
        assert dt.date.fromisoformat(row["date"]) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"])
        assert re.fullmatch(r"[A-Z]{3}(;[A-Z]{3})*", row["actors"])
        assert row["evidence"] in report.read_text(encoding="utf-8")
    first = table.iloc[0]
    assert (first["date"], first["actors"], first["location"]) == ("2026-02-10", "CHN;JPN", "Senkaku Islands")
    assert (first["event_code"], first["goldstein"]) == ("150", "-7.2")  # the CAMEO table's value, not ours
    assert _checksums(data_copy) == before


@pytest.mark.parametrize(("args", "message"), [
    (["--published", "2026-2-11"], "expected a date as YYYY-MM-DD, got '2026-2-11'"),
    (["--published", "2026-02-11", "--kind", "blog"], "invalid choice: 'blog'"),
    (["--published", "2026-02-11", "--url", "not a url"], "sources.csv: url must match"),
    (["--published", "2026-02-11", "--published-tz", "EST5"], "expected an IANA time zone"),
])
def test_bad_arguments_exit_2_with_one_line(data_copy: Path, tmp_path: Path, args: list[str], message: str) -> None:
    report = REPORTS / "tuning" / "t1_yonaguni_call.txt"
    code, _, stderr = cli("ingest", str(report), *args, "--out", str(tmp_path / "c.csv"))
    assert code == 2 and message in stderr and stderr.count("\n") == 1
    assert not (tmp_path / "c.csv").exists()


def test_unreadable_reports_are_named(data_copy: Path, tmp_path: Path) -> None:
    bad = tmp_path / "report.docx"
    bad.write_bytes(b"PK\x03\x04")
    code, _, stderr = cli("ingest", str(bad), "--published", "2026-02-11", "--out", str(tmp_path / "c.csv"))
    assert code == 2 and "report.docx: unsupported report type" in stderr and "'.docx'" in stderr
    code, _, stderr = cli("ingest", str(tmp_path / "missing.txt"), "--published", "2026-02-11",
                          "--out", str(tmp_path / "c.csv"))
    assert code == 2 and "missing.txt" in stderr


def test_out_inside_the_data_folder_is_refused(data_copy: Path) -> None:
    before = _checksums(data_copy)
    code, _, stderr = cli("ingest", str(REPORTS / "tuning" / "t1_yonaguni_call.txt"), "--published", "2025-11-24",
                          "--out", str(data_copy / "candidates.csv"))
    assert code == 2 and "outside the data folder" in stderr
    assert _checksums(data_copy) == before


def test_founding_report_goes_through_ingest(data_copy: Path, tmp_path: Path) -> None:
    found = [p for folder in FOUNDING_CANDIDATES if folder.is_dir() for p in sorted(folder.glob("*.txt"))]
    if not found:
        pytest.skip("the founding report (a news text, not redistributable) is not in ../shared/seeds on this machine")
    out = tmp_path / "founding.csv"
    # Published 2026-01-16: the report says the accord came "on Friday" (16 Jan in Japan).
    code, _, stderr = cli("ingest", str(found[0]), "--published", "2026-01-16", "--publisher", "CRBC News",
                          "--title", "Japan and U.S. Deepen Missile Cooperation, Expand Joint Drills Near Okinawa "
                          "Amid China Tensions", "--out", str(out))
    assert code == 0, stderr
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    text = found[0].read_text(encoding="utf-8")
    assert all(" ".join(row.split()) in " ".join(text.split()) for row in table["evidence"])
    # The curated event ev-20260115-koizumi-hegseth-washington (15 Jan, Washington time; JPN;USA;CHN).
    hits = table[table["date"].isin(["2026-01-14", "2026-01-15", "2026-01-16"])
                 & table["actors"].str.contains("JPN") & table["actors"].str.contains("USA")]
    assert not hits.empty
    assert set(hits["category"]) & {"alliance", "defence_industry"}
    assert "weekday" in set(table["date_rule"])
    # Background facts come out at month precision: the November remarks and the December budget.
    months = set(table.loc[table["date_precision"] == "month", "date"])
    assert {"2025-11-01", "2025-12-01"} <= months


def test_record_goes_to_seeds_without_the_news_text(data_copy: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    monkeypatch.setenv("NANSEI_SEEDS_DIR", str(seeds))
    before = _checksums(data_copy)
    report = REPORTS / "tuning" / "t1_yonaguni_call.txt"
    args = ("ingest", str(report), "--published", "2025-11-24", "--publisher", "Tuning desk", "--title",
            "Koizumi on Yonaguni", "--url", "https://example.org/t1", "--out", str(tmp_path / "c.csv"), "--record")
    code, stdout, _ = cli(*args)
    assert code == 0 and "record written" in stdout
    (path,) = seeds.glob("*.md")
    assert path.name == "src-tuning-desk-20251124-koizumi-yonaguni.md"
    record = path.read_text(encoding="utf-8")
    assert "https://example.org/t1" in record and "sha256:" in record
    assert "Shinjiro Koizumi" not in record  # news text is not kept
    code, stdout, _ = cli(*args, "--force")  # c.csv exists now: overwriting it needs --force
    assert code == 0 and "record already present" in stdout
    assert _checksums(data_copy) == before


def test_founding_report_maps_to_its_seed_record() -> None:
    found = [p for folder in FOUNDING_CANDIDATES if folder.is_dir() for p in sorted(folder.glob("*.txt"))]
    if not found:
        pytest.skip("the founding report (a news text, not redistributable) is not in ../shared/seeds on this machine")
    from analysis.ingest.record import read_records, text_sha256, to_text

    digest = text_sha256(to_text(found[0].read_bytes(), found[0].name))
    assert read_records(REPO / "seeds")["src-crbc-202601-japan-us-missile-cooperation"] == digest


def test_published_tz_reads_a_weekday_on_the_datelines_calendar(data_copy: Path, tmp_path: Path) -> None:
    # A Tokyo dateline in a report stamped Thursday 2026-01-22 in US time: "on Friday" is the next day.
    report = tmp_path / "cabinet.txt"
    report.write_text("TOKYO — Japan's Cabinet on Friday approved a record defense budget, China said.\n",
                      encoding="utf-8")
    dates = {}
    for zone in ("America/New_York", "Asia/Tokyo"):
        out = tmp_path / f"{zone.replace('/', '-')}.csv"
        code, _, stderr = cli("ingest", str(report), "--published", "2026-01-22", "--published-tz", zone,
                              "--out", str(out))
        assert code == 0, stderr
        dates[zone] = pd.read_csv(out, dtype=str)["date"].iloc[0]
    assert dates == {"America/New_York": "2026-01-23", "Asia/Tokyo": "2026-01-16"}


def test_out_never_overwrites_silently_nor_a_protected_file_by_any_name(data_copy: Path, tmp_path: Path) -> None:
    report = REPORTS / "tuning" / "t1_yonaguni_call.txt"
    base = ("ingest", str(report), "--published", "2025-11-24", "--data-dir", str(data_copy), "--out")
    existing = tmp_path / "mine.csv"
    existing.write_text("keep me\n")
    code, _, err = cli(*base, str(existing))
    assert code == 2 and "--force" in err and existing.read_text() == "keep me\n"
    assert cli(*base, str(existing), "--force")[0] == 0 and "date" in existing.read_text()
    link = tmp_path / "innocent.csv"
    os.link(data_copy / "events.csv", link)  # a hard link to the curated events: same file, other name
    before = (data_copy / "events.csv").read_bytes()
    code, _, err = cli(*base, str(link), "--force")
    assert code == 2 and "never overwrites" in err and (data_copy / "events.csv").read_bytes() == before


def test_only_regular_report_files_are_read(data_copy: Path, tmp_path: Path) -> None:
    report = REPORTS / "tuning" / "t1_yonaguni_call.txt"
    link = tmp_path / "link.txt"
    link.symlink_to(report)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    tail = ("--published", "2025-11-24", "--data-dir", str(data_copy), "--out", str(tmp_path / "o.csv"))
    for path, words in ((link, "symbolic link"), (fifo, "not a regular file"), (Path("/dev/zero"), "not a regular")):
        code, _, err = cli("ingest", str(path), *tail)
        assert code == 2 and words in err, err
    assert cli("ingest", str(link), *tail, "--allow-symlink")[0] == 0


def test_ingest_caps_bytes_and_characters(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Japan protested. " * 200_000)  # 3.4 MB
    tail = ("--published", "2025-11-24", "--data-dir", str(data_copy), "--out", str(tmp_path / "o.csv"))
    monkeypatch.setenv("NANSEI_INGEST_MAX_MB", "1")
    code, _, err = cli("ingest", str(big), *tail)
    assert code == 2 and "NANSEI_INGEST_MAX_MB" in err
    monkeypatch.setenv("NANSEI_INGEST_MAX_MB", "20")
    monkeypatch.setenv("NANSEI_INGEST_MAX_CHARS", "100000")
    code, _, err = cli("ingest", str(big), *tail)
    assert code == 2 and "NANSEI_INGEST_MAX_CHARS" in err
