"""The ``import`` sub-command: summary, exit codes, store written, data/ untouched."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.imports.cli import add_import_parser
from analysis.imports.store import EventStore, read_manifest

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures"


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cli")
    add_import_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_handler_imports_and_prints_summary(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    args = parse(["import", str(FIXTURES / "gdelt_small.tsv"), "--format", "gdelt", "--store", str(tmp_path)])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "imported 16 events from gdelt_small.tsv (gdelt), rejected 4 rows" in out
    assert "row 17, column -: expected 61 fields, got 60" in out
    assert len(EventStore.load(tmp_path)) == 16
    assert read_manifest(tmp_path)[0]["file"] == "gdelt_small.tsv"


def test_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    missing = tmp_path / "nope.csv"
    args = parse(["import", str(missing), "--format", "acled", "--store", str(tmp_path)])
    assert args.func(args) == 2
    assert "nope.csv" in capsys.readouterr().err
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("event_id_cnty\nJ\xe9\n".encode("latin-1"))
    assert args.func(parse(["import", str(bad), "--format", "acled"])) == 2


def test_bad_format_argument_exits_2() -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse(["import", "x.csv", "--format", "xml"])
    assert exit_info.value.code == 2


def test_no_accepted_row_exits_1_and_stores_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("1\t2\t3\n", encoding="utf-8")
    args = parse(["import", str(bad), "--format", "gdelt", "--store", str(tmp_path / "store")])
    assert args.func(args) == 1
    assert read_manifest(tmp_path / "store") == []


def test_command_line_writes_store_and_leaves_data_untouched(tmp_path: Path) -> None:
    data = REPO / "data"
    before = {p.name: p.stat().st_mtime_ns for p in data.glob("*.csv")}
    module = "analysis.cli" if (REPO / "analysis" / "cli.py").exists() else "analysis.imports.cli"
    prefix = ["import"] if module == "analysis.cli" else []
    run = subprocess.run(
        [sys.executable, "-m", module, *prefix, str(FIXTURES / "acled_small.csv"), "--format", "acled",
         "--store", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "imported 16 events" in run.stdout and "rejected 4 rows" in run.stdout
    assert len(list(tmp_path.glob("import-acled-*.parquet"))) == 1
    assert {p.name: p.stat().st_mtime_ns for p in data.glob("*.csv")} == before
