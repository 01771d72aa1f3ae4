"""The loader: typed columns, lazy validation, readable errors, relationships."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd

from analysis.data.ids import split_ids
from analysis.data.loader import load_dataset
from analysis.data.problems import ERROR_COLUMNS
from analysis.data.schemas import EVENTS, SOURCES, TABLES
from analysis.data.tables import parse_csv_text, read_table
from tests.conftest import copy_fixture_data

TODAY = dt.date(2026, 11, 25)
HEADER = ",".join(EVENTS.column_names)


def event_line(**overrides: str) -> str:
    row = {
        "event_id": "e1", "date": "2025-11-07", "date_precision": "day", "end_date": "", "title": "T",
        "summary": "S", "category": "statement", "actors": "JPN;CHN", "initiator": "JPN", "target": "CHN",
        "location": "Tokyo", "lat": "35.68", "lon": "139.69", "region": "mainland_japan", "event_code": "010",
        "goldstein": "0", "goldstein_override_reason": "", "responds_to": "", "source_ids": "s1", "confidence": "high",
    }
    row.update(overrides)
    return ",".join(row.get(c, "") for c in EVENTS.column_names)


def test_fixture_dataset_loads_without_errors(fixture_data_dir: Path) -> None:
    data = load_dataset(fixture_data_dir, today=TODAY)
    assert data.errors.empty, data.errors
    assert len(data.events) == 5
    assert str(data.events["date"].dtype).startswith("datetime64")
    assert data.events["goldstein"].dtype == "float64"
    assert str(data.budgets["fiscal_year"].dtype) == "Int64"


def test_bundled_data_validates_with_zero_errors() -> None:
    data = load_dataset()
    assert list(data.errors.columns) == ERROR_COLUMNS
    assert data.errors.empty, data.errors.to_string()
    assert len(data.events) > 0
    assert len(data.sources) > 0


def test_all_problems_are_reported_at_once_with_row_and_column() -> None:
    text = "\n".join([
        HEADER,
        event_line(),
        event_line(event_id="e2", category="invasion", date="2031-01-01"),
        event_line(event_id="e3", goldstein="-12", actors="Japan"),
        event_line(event_id="e1"),
    ])
    result = parse_csv_text(text, EVENTS, "events.csv", today=TODAY)
    errors = result.errors
    found = {(row.row, row.column) for row in errors.itertuples()}
    assert (3, "category") in found
    assert (3, "date") in found
    assert (4, "goldstein") in found
    assert (4, "actors") in found
    assert (5, "event_id") in found and (2, "event_id") not in found  # the repeat is reported, the first kept
    assert "already on line 2" in errors.loc[errors["row"] == 5, "rule"].iloc[0]
    assert "must be one of" in errors.loc[errors["column"] == "category", "rule"].iloc[0]
    assert errors.loc[errors["column"] == "category", "value"].iloc[0] == "invasion"
    assert list(result.frame.index) == [2]  # every other row had a problem of its own


def test_malformed_line_is_reported_and_the_rest_kept() -> None:
    text = "\n".join([HEADER, event_line(), 'e9,2025-01-01,"unclosed,quote', event_line(event_id="e4")])
    result = parse_csv_text(text, EVENTS, "events.csv", today=TODAY)
    assert "e1" in set(result.frame["event_id"])
    assert any("fields" in r or "malformed" in r for r in result.errors["rule"])


def test_wrong_columns_name_the_column() -> None:
    result = parse_csv_text("event_id,when\ne1,2025-01-01\n", EVENTS, "upload.csv", today=TODAY)
    assert result.frame.empty
    missing = result.errors[result.errors["rule"].str.contains("missing")]
    assert "date" in set(missing["column"])
    assert set(missing["file"]) == {"upload.csv"}


def test_unparseable_values_name_the_value() -> None:
    text = "\n".join([HEADER, event_line(date="07/11/2025", lat="north")])
    errors = parse_csv_text(text, EVENTS, "events.csv", today=TODAY).errors
    date_error = errors[errors["column"] == "date"].iloc[0]
    assert date_error["value"] == "07/11/2025"
    assert "YYYY-MM-DD" in date_error["rule"]
    assert "north" in set(errors["value"])


def test_southwest_event_outside_the_box_is_rejected() -> None:
    text = "\n".join([HEADER, event_line(region="okinawa", lat="10.0", lon="150.0")])
    errors = parse_csv_text(text, EVENTS, "events.csv", today=TODAY).errors
    assert list(errors["column"]) == ["lat/lon"]
    assert "okinawa" in errors["rule"].iloc[0]


def test_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    missing = read_table(tmp_path / "nope.csv", SOURCES, today=TODAY)
    assert missing.frame.empty and "not found" in missing.errors["rule"].iloc[0]
    latin = tmp_path / "sources.csv"
    latin.write_bytes("source_id,publisher\ns1,Caf\xe9\n".encode("latin-1"))
    assert "UTF-8" in read_table(latin, SOURCES, today=TODAY).errors["rule"].iloc[0]


def edit_events(folder: Path, **changes: dict[str, str]) -> None:
    """Rewrite cells of the events.csv in ``folder``: ``changes[event_id] = {column: value}``."""
    path = folder / "events.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row.update(changes.get(row["event_id"].replace("-", "_"), {}))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=EVENTS.column_names)
        writer.writeheader()
        writer.writerows(rows)


def test_relationships_unknown_source_and_future_response(tmp_path: Path) -> None:
    copy_fixture_data(tmp_path)
    # fx-2 (Nov 2025) answering fx-4 (Jan 2026); fx-4 citing an unknown source
    edit_events(tmp_path, fx_4={"source_ids": "src-missing"}, fx_2={"responds_to": "fx-4"})
    data = load_dataset(tmp_path, today=TODAY)
    rules = dict(zip(data.errors["value"], data.errors["rule"], strict=True))
    assert "not found in sources.csv" in rules["src-missing"]
    assert "after it" in rules["fx-4"]
    assert "fx-4" not in set(data.events["event_id"])


def test_source_files_are_never_modified(broken_data_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in broken_data_dir.glob("*.csv")}
    data = load_dataset(broken_data_dir, today=TODAY)
    assert not data.errors.empty
    assert {p.name: p.read_bytes() for p in broken_data_dir.glob("*.csv")} == before
    assert len(data.events) == 5  # the good rows survive


def test_split_ids() -> None:
    assert split_ids("a; b;;c") == ["a", "b", "c"]
    assert split_ids(None) == []
    assert split_ids(pd.NA) == []


def test_every_table_has_a_spec_file_name() -> None:
    assert {spec.filename for spec in TABLES.values()} >= {"events.csv", "sources.csv", "sites.csv"}


def test_one_problem_shape_for_loader_and_geo_layers() -> None:
    from analysis.data import geo, problems

    assert problems.problems_frame([]).columns.tolist() == problems.ERROR_COLUMNS
    row = problems.problem("events.csv", 3, "date", "2031-01-01", "after today")
    assert list(row) == problems.ERROR_COLUMNS
    assert geo._error is problems.problem


def test_data_as_of_is_the_latest_event_date() -> None:
    import pandas as pd

    from analysis.data.freshness import data_as_of

    events = pd.DataFrame({"date": pd.to_datetime(["2026-05-31", "2025-11-07", None])})
    assert data_as_of(events) == "2026-05-31"
    assert data_as_of(events.iloc[0:0]) == "n/a"


def test_retired_event_needs_a_reason_and_leaves_the_events(tmp_path) -> None:
    import shutil

    from tests.conftest import FIXTURE_DATA

    shutil.copytree(FIXTURE_DATA, tmp_path / "d")
    path = tmp_path / "d" / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ",status,status_reason"
    lines[1:] = [line + ",," for line in lines[1:]]
    lines[1] = lines[1][:-2] + ",retired,duplicate"
    lines[5] = lines[5][:-2] + ",retired,"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = load_dataset(tmp_path / "d")
    assert list(data.retired_events["event_id"]) == ["fx-1"]
    assert set(data.events["event_id"]) == {"fx-2", "fx-3", "fx-4"}  # fx-2 still answers the retired fx-1
    assert data.errors["rule"].tolist() == ["a retired row needs a status_reason"]
