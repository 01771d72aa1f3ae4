"""Data check page and banner count the same problems; degraded data still renders every page (issue 14)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.app.conftest import PAGE_FILES, run_page
from tests.conftest import REPO, copy_fixture_data


def copy_with_truncated_land(tmp_path: Path) -> Path:
    copy_fixture_data(tmp_path)
    (tmp_path / "geo").mkdir()
    bundled = REPO / "data" / "geo"
    for name in ("lines", "points"):
        (tmp_path / "geo" / f"{name}.geojson").write_bytes((bundled / f"{name}.geojson").read_bytes())
    land = (bundled / "land.geojson").read_bytes()
    (tmp_path / "geo" / "land.geojson").write_bytes(land[: len(land) // 2])
    # One curated problem too: a bad date.
    events = (tmp_path / "events.csv").read_text(encoding="utf-8").replace("2025-11-07", "2025-13-07")
    (tmp_path / "events.csv").write_text(events, encoding="utf-8")
    return tmp_path


def banner_count(at) -> int:
    text = next(w.value for w in at.warning if "problem(s) in the curated data" in w.value)
    return int(re.match(r"(\d+) problem", text).group(1))


def test_banner_counts_every_problem_the_data_check_page_lists(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(copy_with_truncated_land(tmp_path)))
    check = run_page("pages/8_Data_check.py")
    listed = check.dataframe[0].value
    assert "land.geojson" in set(listed["file"]) and "events.csv" in set(listed["file"])
    for page in ("app.py", "pages/1_Map.py", "pages/4_Events.py"):
        at = run_page(page)
        assert not at.exception
        assert banner_count(at) == len(listed), page
    assert any("How to fix a problem" in m.value for m in check.markdown)


def test_data_check_page_explains_a_missing_required_column(monkeypatch, tmp_path: Path) -> None:
    copy_fixture_data(tmp_path)
    drop_column(tmp_path / "events.csv", "title")
    monkeypatch.setenv("NANSEI_DATA_DIR", str(tmp_path))
    at = run_page("pages/8_Data_check.py")
    table = at.dataframe[0].value
    assert list(table["column"]) == ["title"]
    assert "missing from events.csv" in table["rule"].iloc[0] and "To fix" in table["rule"].iloc[0]
    assert any("A column is missing" in m.value for m in at.markdown)
    rows = next(d.value for d in at.dataframe if "rows kept" in d.value.columns)
    assert int(rows.loc[rows["table"] == "events", "rows kept"].iloc[0]) == 5


def drop_column(path: Path, column: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    at = rows[0].index(column)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[:at] + r[at + 1:] for r in rows])
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_renders_without_the_title_column(page: str, monkeypatch, tmp_path: Path) -> None:
    copy_fixture_data(tmp_path)
    drop_column(tmp_path / "events.csv", "title")
    monkeypatch.setenv("NANSEI_DATA_DIR", str(tmp_path))
    at = run_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error if "could not be completed" in e.value]


def test_bad_change_log_lines_are_listed_and_the_curate_page_still_works(monkeypatch, tmp_path: Path) -> None:
    copy_fixture_data(tmp_path)
    (tmp_path / "changes.jsonl").write_text("[]\n42\nnull\n{\"id\": \"x\", \"action\": \"add\"}\n", encoding="utf-8")
    monkeypatch.setenv("NANSEI_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("NANSEI_EDITOR_SECRET", raising=False)
    check = run_page("pages/8_Data_check.py")
    assert not check.exception, [e.value for e in check.exception]
    assert any("4 line(s) of data/changes.jsonl" in w.value for w in check.warning)
    listed = next(df.value for df in check.dataframe if "rule" in df.value.columns
                  and "changes.jsonl" in set(df.value["file"]))
    assert listed["row"].tolist() == ["1", "2", "3", "4"]
    curate = run_page("pages/9_Curate.py")  # a viewer: no AttributeError, the log table and a warning
    assert not curate.exception, [e.value for e in curate.exception]
    assert any("not valid change entries" in w.value for w in curate.warning)
