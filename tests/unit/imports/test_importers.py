"""ACLED/GDELT importers on the synthetic fixture files: mapping, rejected rows, nothing dropped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.loader import ERROR_COLUMNS
from analysis.data.schemas import EVENTS, pandera_schema
from analysis.imports.readers import (
    GDELT_COLUMNS,
    IMPORT_COLUMNS,
    detect_format,
    import_acled,
    import_file,
    import_gdelt,
)
from analysis.imports.synth import acled_text, gdelt_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ACLED = FIXTURES / "acled_small.csv"
GDELT = FIXTURES / "gdelt_small.tsv"
TODAY = dt.date(2026, 11, 25)


def data_rows(path: Path, header: bool) -> int:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return len(lines) - (1 if header else 0)


@pytest.mark.parametrize(("path", "importer", "header"), [(ACLED, import_acled, True), (GDELT, import_gdelt, False)])
def test_every_row_is_accepted_or_reported(path: Path, importer, header: bool) -> None:
    result = importer(path, today=TODAY)
    assert list(result.errors.columns) == ERROR_COLUMNS
    assert list(result.events.columns) == IMPORT_COLUMNS
    rejected = set(result.errors["row"])
    assert len(result.events) == 16
    assert len(result.events) + len(rejected) == data_rows(path, header)
    assert (result.errors["file"] == path.name).all()
    assert result.errors["rule"].str.len().gt(0).all()


@pytest.mark.parametrize(("path", "importer"), [(ACLED, import_acled), (GDELT, import_gdelt)])
def test_accepted_rows_satisfy_the_curated_event_schema(path: Path, importer) -> None:
    events = importer(path, today=TODAY).events
    pandera_schema(EVENTS, TODAY).validate(events[EVENTS.column_names].astype({"lat": "float64"}), lazy=True)
    assert events["event_id"].is_unique
    assert events["lon"].between(117, 133).all() and events["lat"].between(20, 34).all()


def test_acled_malformed_rows_name_row_column_and_value() -> None:
    errors = import_acled(ACLED, today=TODAY).errors.set_index("column")
    assert errors.loc["country", "value"] == "Atlantis" and errors.loc["country", "row"] == 18
    assert errors.loc["event_date", "value"] == "2024-13-45"
    assert errors.loc["latitude", "rule"] == "not a number"
    assert "expected 31 fields, got 10" in errors.loc["", "rule"]


def test_gdelt_malformed_rows_name_row_column_and_value() -> None:
    errors = import_gdelt(GDELT, today=TODAY).errors.set_index("column")
    assert errors.loc["", "rule"] == "expected 61 fields, got 60" and errors.loc["", "row"] == 17
    assert errors.loc["SQLDATE", "value"] == "20241399"
    assert errors.loc["GoldsteinScale", "value"] == "12.5"
    assert errors.loc["EventRootCode", "value"] == "99"


def test_acled_mapping_of_one_row() -> None:
    header = acled_text(1).splitlines()[0]
    row = {c: "" for c in header.split(",")}
    row.update({"event_id_cnty": "JPN77", "event_date": "15 January 2024", "event_type": "Strategic developments",
                "sub_event_type": "Agreement", "actor1": "Government of Japan", "actor2": "Military Forces of China",
                "country": "Japan", "location": "Naha", "latitude": "26.21", "longitude": "127.68",
                "source": "Ryukyu Shimpo", "notes": "Talks.", "fatalities": "0", "time_precision": "1"})
    text = header + "\n" + ",".join(row.values()) + "\n"
    event = import_acled(text, today=TODAY).events.iloc[0]
    assert event["event_id"] == "acled-JPN77" and event["external_id"] == "JPN77"
    assert event["date"] == pd.Timestamp("2024-01-15")
    assert event["category"] == "diplomatic" and event["goldstein"] == 4.0
    assert (event["initiator"], event["target"], event["actors"]) == ("JPN", "CHN", "JPN;CHN")
    assert event["region"] == "okinawa" and event["origin"] == "acled"
    assert event["source_text"] == "Ryukyu Shimpo" and event["summary"] == "Talks."
    assert event["source_ids"].startswith("import-acled-")


def test_gdelt_mapping_of_one_row() -> None:
    fields = gdelt_text(1).rstrip("\n").split("\t")
    row = dict(zip(GDELT_COLUMNS, fields, strict=True))
    row.update({"GLOBALEVENTID": "42", "SQLDATE": "20250301", "Actor1CountryCode": "CHN", "Actor2CountryCode": "JPN",
                "EventCode": "1631", "EventBaseCode": "163", "EventRootCode": "16", "GoldsteinScale": "-8.0",
                "ActionGeo_Lat": "25.74", "ActionGeo_Long": "123.47", "SOURCEURL": "https://example.invalid/a"})
    event = import_gdelt("\t".join(row.values()) + "\n", today=TODAY).events.iloc[0]
    assert event["event_id"] == "gdelt-42" and event["date"] == pd.Timestamp("2025-03-01")
    assert event["category"] == "economic_measure"  # 163 = sanctions, whatever the root says
    assert event["goldstein"] == -8.0 and event["region"] == "senkaku"
    assert (event["initiator"], event["target"]) == ("CHN", "JPN")
    assert event["source_text"] == "https://example.invalid/a" and event["origin"] == "gdelt"


def test_unknown_country_code_and_duplicate_ids_are_reported() -> None:
    rows = gdelt_text(2).splitlines()
    first = rows[0].split("\t")
    first[GDELT_COLUMNS.index("Actor1CountryCode")] = "XYZ"
    text = "\t".join(first) + "\n" + rows[1] + "\n" + rows[1] + "\n"
    result = import_gdelt(text, today=TODAY)
    assert set(result.errors["column"]) == {"Actor1CountryCode", "GLOBALEVENTID"}
    assert "XYZ" in set(result.errors["value"])
    assert sorted(result.errors["row"]) == [1, 3]
    assert len(result.events) == 1


def test_future_dates_and_missing_columns_are_reported() -> None:
    text = acled_text(1).replace(acled_text(1).splitlines()[1].split(",")[1], "2031-01-01")
    assert "2031-01-01" in set(import_acled(text, today=TODAY).errors["value"])
    missing = import_acled("event_id_cnty,event_date\nX1,2024-01-01\n", today=TODAY)
    assert missing.events.empty
    assert {"country", "latitude"} <= set(missing.errors["column"])


def test_source_id_depends_on_content_and_import_file_detects_format() -> None:
    a, b = import_file(ACLED, today=TODAY), import_file(GDELT, today=TODAY)
    assert (a.format, b.format) == ("acled", "gdelt")
    assert a.source_id != b.source_id and a.source["kind"] == "dataset"
    assert detect_format("just,some,csv\n1,2,3\n") is None
    with pytest.raises(ValueError, match="cannot tell the format"):
        import_file(b"a,b\n1,2\n", filename="x.csv")
    with pytest.raises(ValueError, match="'xml'"):
        import_file(ACLED, "xml")
