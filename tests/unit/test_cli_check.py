"""`python -m analysis.cli check`: one line per table, every problem, exit 0/1/2."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.cli import main
from tests.conftest import FIXTURE_DATA, copy_fixture_data


def copy_fixture(tmp_path: Path) -> Path:
    return copy_fixture_data(tmp_path)


def test_clean_folder_exits_0_with_one_line_per_table(capsys, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(FIXTURE_DATA))
    assert main(["check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "sources: kept 2 of 2 rows, 0 problems"
    assert "events: kept 5 of 5 rows, 0 problems" in out
    assert any(line.startswith("land: kept ") for line in out)


def test_problems_exit_1_and_each_is_listed_with_its_value(tmp_path: Path, capsys, monkeypatch) -> None:
    folder = copy_fixture(tmp_path)
    events = (folder / "events.csv").read_text(encoding="utf-8").replace("2025-11-07", "2025-13-07")
    (folder / "events.csv").write_text(events, encoding="utf-8")
    monkeypatch.setenv("NANSEI_DATA_DIR", str(folder))
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "events: kept 4 of 5 rows, 2 problems" in out  # the bad date, and the link to it (row kept)
    assert "events.csv\trow 2\tcolumn date\tvalue '2025-13-07'\tnot a date in YYYY-MM-DD form" in out
    assert any("row 3\tcolumn responds_to\tvalue 'fx-1'" in line and "rejected row" in line for line in out)


def test_truncated_geo_layer_is_a_problem(tmp_path: Path, capsys) -> None:
    folder = copy_fixture(tmp_path)
    geo = folder / "geo"
    geo.mkdir()
    bundled = Path(__file__).resolve().parents[2] / "data" / "geo"
    for name in ("lines", "points"):
        (geo / f"{name}.geojson").write_bytes((bundled / f"{name}.geojson").read_bytes())
    land = (bundled / "land.geojson").read_bytes()
    (geo / "land.geojson").write_bytes(land[: len(land) // 2])
    assert main(["check", "--data-dir", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "land: kept 0 of 0 features, 1 problems" in out
    assert "land.geojson\trow -" in out


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_unreadable_folder_exits_2(tmp_path: Path, capsys, kind: str) -> None:
    target = tmp_path / "nowhere"
    if kind == "file":
        target.write_text("not a folder", encoding="utf-8")
    assert main(["check", "--data-dir", str(target)]) == 2
    assert "cannot read the data folder" in capsys.readouterr().err
