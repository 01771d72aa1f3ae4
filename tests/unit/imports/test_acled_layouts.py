"""Every ACLED layout people hold (issue 25 #3): 2016-2018 exports, current CSV, API JSON.

Fixtures: tests/fixtures/feeds/ (synthetic rows, see make_acled.py for the codebook editions).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.imports.inputs import from_paths, from_upload
from analysis.imports.pipeline import discard_report, read_files

FEEDS = Path(__file__).parents[2] / "fixtures" / "feeds"
OLD_CATEGORIES = {
    "Battle-No change of territory": "military_incident", "Riots/Protests": "statement",
    "Remote violence": "military_incident", "Strategic development": "statement",
    "Headquarters or base established": "force_posture", "Non-violent transfer of territory": "force_posture",
    "Violence against civilians": "military_incident", "Battle-Government regains territory": "military_incident",
    "Battle-Non-state actor overtakes territory": "military_incident", "RIots/Protests": "statement",
}


def _read(paths, tmp_path: Path, scope: str = "all"):
    report = read_files(paths, "auto", scope, tmp_path)
    assert report.consistent, report.line()
    discard_report(report)
    return report


@pytest.mark.parametrize("name", ["acled_2016_index_gwno.csv", "acled_2016_capitals.csv", "acled_2018_iso.csv"])
def test_old_exports_import_whole(tmp_path, name: str) -> None:
    report = _read(from_paths([FEEDS / name]), tmp_path)
    assert (report.accepted, report.rejected, report.refused) == (11, 0, []), report.errors
    assert report.sources[0]["layout"] == "csv-pre2019"
    rows = report.preview.set_index("external_id")
    assert rows.loc["PHL1000", "summary"] == "Synthetic row: an armed clash.\nA second line of notes."
    assert str(rows.loc["PHL1000", "date"].date()) == ("2016-01-10" if "2016" in name else "2018-01-10")
    titles = dict(zip(report.preview["title"].str.split(":").str[0], report.preview["category"], strict=False))
    assert {kind: titles[kind] for kind in OLD_CATEGORIES} == OLD_CATEGORIES
    assert rows.loc["PHL1002", "event_code"] == "195" and rows.loc["PHL1005", "event_code"] == "0874"
    theatre = _read(from_paths([FEEDS / name]), tmp_path, "theatre")
    assert (theatre.accepted, theatre.outside) == (10, 1)  # the Yangon row is outside the theatre


def test_api_json_current_layout(tmp_path) -> None:
    report = _read(from_paths([FEEDS / "acled_api_current.json"]), tmp_path, "theatre")
    assert (report.accepted, report.rejected) == (2, 0)
    got = dict(zip(report.preview["external_id"], report.preview["category"], strict=True))
    assert got == {"KOR500": "statement", "JPN501": "diplomatic"}
    assert report.kept_by() == {"region": 2, "dyad": 0, "other": 0}


def test_missing_optional_columns_never_refuse_a_file(tmp_path) -> None:
    data = (b"event_id_cnty,event_date,event_type,actor1,country,latitude,longitude\n"
            b"PHL1,2016-03-01,Riots/Protests,Protesters (Philippines),Philippines,14.6,121.0\n")
    report = _read(from_upload("minimal.csv", data), tmp_path)
    assert (report.accepted, report.rejected, report.refused) == (1, 0, [])


def test_a_missing_required_column_names_what_the_file_has(tmp_path) -> None:
    data = (b"event_id_cnty,date,event_type,actor1,country,latitude,longitude\n"
            b"PHL1,2016-03-01,Riots/Protests,Protesters (Philippines),Philippines,14.6,121.0\n")
    report = _read(from_upload("renamed.csv", data), tmp_path)
    assert report.rows_read == 0 and len(report.refused) == 1
    message = report.refused[0]
    assert "event_date (closest in the file: date)" in message
    assert "The file has 7 columns: event_id_cnty, date, event_type" in message
    json_data = b'{"data": [{"event_id_cnty": "X1", "event_type": "Protests"}]}'
    refused = _read(from_upload("api.json", json_data), tmp_path).refused
    assert "event_date" in refused[0] and "The file has 2 columns: event_id_cnty, event_type" in refused[0]
