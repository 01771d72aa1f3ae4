"""Curated-data faults degrade gracefully: a row is left out only for its own fault (issue 14)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analysis.data.loader import load_dataset
from analysis.data.schemas import EVENTS
from analysis.data.tables import parse_csv_text
from tests.conftest import copy_fixture_data

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the fixture dataset to break on purpose."""
    return copy_fixture_data(tmp_path)


def edit_events(folder: Path, edit) -> None:
    path = folder / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")


def drop_column(folder: Path, filename: str, column: str) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO((folder / filename).read_text(encoding="utf-8"))))
    at = rows[0].index(column)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[:at] + r[at + 1:] for r in rows])
    (folder / filename).write_text(out.getvalue(), encoding="utf-8")


def test_bad_date_drops_only_its_row_and_answers_are_kept_with_a_warning(data_copy: Path) -> None:
    # fx-1 (line 2) is answered by fx-2; add two more answers so three rows respond to it.
    def edit(lines: list[str]) -> list[str]:
        lines[1] = lines[1].replace("2025-11-07", "2025-13-07")
        lines.append(lines[2].replace("fx-2,", "fx-6,"))
        lines.append(lines[2].replace("fx-2,", "fx-7,"))
        return lines

    edit_events(data_copy, edit)
    data = load_dataset(data_copy, today=TODAY)
    ids = set(data.events["event_id"])
    assert "fx-1" not in ids
    assert {"fx-2", "fx-6", "fx-7"} <= ids  # the answers stay
    errors = data.errors
    on_date = errors[(errors["row"] == 2) & (errors["column"] == "date")]
    assert len(on_date) == 1, errors  # reported once, not again as "required: the cell is empty"
    assert on_date["value"].iloc[0] == "2025-13-07"  # as written, not NaT
    assert "not found" not in " ".join(errors["rule"])
    links = errors[errors["rule"].str.contains("points at a rejected row")]
    assert sorted(links["row"]) == [3, 7, 8]
    assert set(links["value"]) == {"fx-1"} and links["rule"].str.contains("line 2").all()
    assert data.rows_read["events"] == 7 and len(data.events) == 6


def test_duplicated_id_keeps_the_first_and_reports_the_copy(data_copy: Path) -> None:
    edit_events(data_copy, lambda lines: [*lines, lines[4].replace("Fixture alliance meeting", "Copy")])
    data = load_dataset(data_copy, today=TODAY)
    kept = data.events[data.events["event_id"] == "fx-4"]
    assert list(kept["title"]) == ["Fixture alliance meeting"]
    duplicate = data.errors[data.errors["column"] == "event_id"]
    assert list(duplicate["row"]) == [7] and duplicate["value"].iloc[0] == "fx-4"
    assert "already on line 5" in duplicate["rule"].iloc[0]


def test_missing_required_title_column_keeps_the_rows_and_names_column_and_file(data_copy: Path) -> None:
    drop_column(data_copy, "events.csv", "title")
    data = load_dataset(data_copy, today=TODAY)
    assert len(data.events) == 5  # nothing else is wrong with the rows
    assert len(data.errors) == 1, data.errors
    problem = data.errors.iloc[0]
    assert (problem["file"], problem["row"], problem["column"]) == ("events.csv", 1, "title")
    assert "'title'" in problem["rule"] and "events.csv" in problem["rule"] and "To fix" in problem["rule"]
    assert (data.events["title"] == "").all()


def test_missing_optional_column_is_reported_not_silently_accepted(data_copy: Path) -> None:
    drop_column(data_copy, "events.csv", "end_date")
    data = load_dataset(data_copy, today=TODAY)
    assert len(data.events) == 5
    assert list(data.errors["column"]) == ["end_date"]
    assert data.errors["rule"].iloc[0].startswith("optional column 'end_date' is missing from events.csv")


def test_missing_id_column_empties_the_table_with_one_problem(data_copy: Path) -> None:
    drop_column(data_copy, "events.csv", "event_id")
    data = load_dataset(data_copy, today=TODAY)
    assert data.events.empty
    assert list(data.errors["column"]) == ["event_id"]
    assert "no row can be used without it" in data.errors["rule"].iloc[0]


def test_rejected_source_keeps_the_rows_citing_it(data_copy: Path) -> None:
    path = data_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("src-fix-b,"))
    lines[at] = lines[at].replace(",news,", ",blog,").replace(",official,", ",blog,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = load_dataset(data_copy, today=TODAY)
    assert "src-fix-b" not in set(data.sources["source_id"])
    assert len(data.events) == 5  # events citing it are kept, with a warning each
    warned = data.errors[(data.errors["file"] == "events.csv")]
    assert len(warned) == 3 and warned["rule"].str.contains(f"sources.csv line {at + 1}").all()


def test_header_only_file_has_no_rows_and_no_problems() -> None:
    header = ",".join(EVENTS.column_names)
    result = parse_csv_text(header + "\n", EVENTS, "events.csv", today=TODAY)
    assert result.frame.empty and result.errors.empty and result.rows_read == 0


def test_dangling_link_drops_the_row(data_copy: Path) -> None:
    edit_events(data_copy, lambda lines: [lines[0], *(line.replace(",fx-3,", ",fx-99,") for line in lines[1:])])
    data = load_dataset(data_copy, today=TODAY)
    assert "fx-4" not in set(data.events["event_id"])
    assert list(data.errors["rule"]) == ["event_id not found in events.csv"]


def test_unreadable_folder_raises_naming_it(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "events.csv"
    not_a_folder.write_text("x", encoding="utf-8")
    with pytest.raises(NotADirectoryError, match=r"events\.csv"):
        load_dataset(not_a_folder, today=TODAY)
