"""Every case from issue 12's "Why": scope not errors, safe inputs, line endings, formats, zips."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis.imports import countries as cty
from analysis.imports import inputs
from analysis.imports.inputs import InputError, from_path, from_upload
from analysis.imports.pipeline import discard_report, read_files
from analysis.imports.synth import ACLED_HEADER, acled_rows
from tests.unit.imports.conftest import acled_bytes, gdelt1_row, gdelt_bytes, gdelt_row


def read(data: bytes, tmp_path: Path, name: str = "f.CSV", **kw):
    report = read_files(from_upload(name, data), folder=tmp_path, **kw)
    assert report.consistent, report.line()
    discard_report(report)
    return report


def test_non_theatre_gdelt_rows_are_outside_scope_not_errors(tmp_path) -> None:
    rows = [gdelt_row(1, Actor1CountryCode="IRQ", Actor2CountryCode="ISR", ActionGeo_CountryCode="IZ",
                      ActionGeo_Lat="33.3", ActionGeo_Long="44.4"),
            gdelt_row(2, Actor1CountryCode="PAK", Actor2CountryCode="", ActionGeo_CountryCode="PK",
                      ActionGeo_Lat="30", ActionGeo_Long="70"),
            gdelt_row(3, Actor1CountryCode="", Actor2CountryCode="", ActionGeo_CountryCode="FR",
                      ActionGeo_Lat="48.8", ActionGeo_Long="2.3"),  # no actor country
            gdelt_row(4, Actor1CountryCode="", Actor2CountryCode="", ActionGeo_CountryCode="",
                      ActionGeo_Lat="24.4", ActionGeo_Long="123.0"),  # no country, inside the region box
            gdelt_row(5, Actor1CountryCode="JPN", Actor2CountryCode="AFR")]
    report = read(gdelt_bytes(rows), tmp_path)
    assert (report.accepted, report.outside, report.rejected, report.rows_read) == (2, 3, 0, 5)
    summary = report.outside_summary()
    assert set(summary["code"]) == {"IRQ", "PAK", "FIPS FR"}
    # Plain words for the analyst: names, never a feed's code (issue 27 #15).
    assert set(summary["country"]) == {"Iraq", "Pakistan", "France (place of the event)"}
    assert read(gdelt_bytes(rows), tmp_path, scope="all").accepted == 5


def test_every_cameo_country_code_is_known(tmp_path) -> None:
    codes = list(cty.cameo_countries())
    assert len(codes) > 250 and {"IRQ", "ISR", "PAK", "MMR", "AFR", "ROM"} <= set(codes)
    rows = [gdelt_row(i, Actor1CountryCode=code, Actor2CountryCode="") for i, code in enumerate(codes)]
    report = read(gdelt_bytes(rows), tmp_path, scope="all")
    assert report.rejected == 0 and report.accepted == len(codes)


def test_unknown_cameo_code_is_a_real_error(tmp_path) -> None:
    report = read(gdelt_bytes([gdelt_row(1, Actor1CountryCode="XQZ")]), tmp_path)
    assert report.rejected == 1
    assert report.errors.iloc[0][["row", "column", "value"]].tolist() == [1, "Actor1CountryCode", "XQZ"]


@pytest.mark.parametrize("columns", [57, 58])
def test_gdelt_1_daily_files(tmp_path, columns: int) -> None:
    rows = [gdelt1_row(gdelt_row(i), columns) for i in range(4)]
    report = read(gdelt_bytes(rows), tmp_path, name="20130401.export.CSV")
    assert report.accepted == 4 and report.sources[0]["layout"] == str(columns)


def test_every_acled_country_is_known() -> None:
    import pycountry

    names = [c.name for c in pycountry.countries] + list(cty.ACLED_NAME_ALIASES) + ["Myanmar", "Türkiye"]
    assert [n for n in names if cty.country_from_name(n) is None] == []


def test_acled_myanmar_is_outside_scope_and_both_date_styles_read(tmp_path) -> None:
    rows = acled_rows(3, seed=2)
    rows[0][ACLED_HEADER.index("country")] = "Myanmar"
    rows[0][ACLED_HEADER.index("iso")] = "104"
    rows[0][ACLED_HEADER.index("actor1")] = "Military Forces of Myanmar (2021-)"
    rows[0][ACLED_HEADER.index("latitude")], rows[0][ACLED_HEADER.index("longitude")] = "16.8", "96.1"
    rows[1][ACLED_HEADER.index("event_date")] = "15 January 2024"
    report = read(acled_bytes(rows), tmp_path, name="acled.csv")
    assert (report.accepted, report.outside, report.rejected) == (2, 1, 0)
    assert report.outside_summary()[["country", "code"]].to_numpy().tolist() == [["Myanmar", "MMR"]]


def test_acled_api_json(tmp_path) -> None:
    records = [dict(zip(ACLED_HEADER, row, strict=True)) for row in acled_rows(4, seed=3)]
    data = json.dumps({"status": 200, "success": True, "count": 4, "data": records}).encode()
    report = read(data, tmp_path, name="acled.json")
    assert report.accepted == 4 and report.sources[0]["layout"] == "json"


def test_an_upload_is_content_never_a_path(tmp_path) -> None:
    for text in (b"/etc/passwd", b"/dev/zero", b"."):
        report = read(text, tmp_path, name="evil.csv")
        assert report.rows_read == 0 and report.refused
        assert all("root:" not in p for p in report.refused)


def test_empty_and_header_only_uploads_are_explained(tmp_path) -> None:
    assert "empty" in read(b"", tmp_path).refused[0]
    header_only = b",".join(h.encode() for h in ACLED_HEADER)  # no final newline either
    report = read(header_only, tmp_path, name="h.csv")
    assert report.rows_read == 0 and not report.refused and "no data rows" in report.notes[0]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "mixed"])
def test_line_endings_lose_no_row(tmp_path, newline: str) -> None:
    rows = [gdelt_row(i) for i in range(20)]
    if newline == "mixed":
        data = b"".join(gdelt_bytes([r], "\n" if i % 3 else "\r\n", True) if i % 2 else
                        gdelt_bytes([r], "\r") for i, r in enumerate(rows))
    else:
        data = gdelt_bytes(rows, newline, final=False)
    report = read(data, tmp_path)
    assert (report.accepted, report.rows_read) == (20, 20)


def test_error_rows_name_the_line(tmp_path) -> None:
    rows = [gdelt_row(0), gdelt_row(1)[:60], gdelt_row(2, SQLDATE="20241399"), gdelt_row(3)]
    data = gdelt_bytes(rows[:2]) + b"\n" + gdelt_bytes(rows[2:])  # a blank line 3
    report = read(data, tmp_path)
    assert sorted(report.errors["row"].tolist()) == [2, 4]
    assert (report.accepted, report.rejected, report.rows_read) == (2, 2, 4)


def test_gdelt_zip_as_shipped(tmp_path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("20250101000000.export.CSV", gdelt_bytes([gdelt_row(i) for i in range(5)]))
    path = tmp_path / "20250101000000.export.CSV.zip"
    path.write_bytes(buffer.getvalue())
    report = read_files(from_path(path), folder=tmp_path / "s")
    assert report.accepted == 5 and report.sources[0]["file"].endswith(".zip:20250101000000.export.CSV")
    assert read(buffer.getvalue(), tmp_path, name="up.zip").accepted == 5


def test_device_and_missing_paths_are_refused(tmp_path) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        from_path("/dev/zero")
    with pytest.raises(InputError, match="cannot read"):
        from_path(tmp_path / "missing.csv")


def test_oversized_file_is_refused(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 200)
    with pytest.raises(InputError, match="larger than the import limit"):
        from_path(path)


def test_not_utf8_is_refused_with_the_file_name(tmp_path) -> None:
    data = gdelt_bytes([gdelt_row(0, Actor1Name="caf\xe9")]).replace("café".encode(), b"caf\xe9")
    report = read(data, tmp_path, name="latin1.CSV")
    assert report.rows_read == 0 and "latin1.CSV" in report.refused[0] and "UTF-8" in report.refused[0]


def test_dates_before_1990_are_outside_scope(tmp_path) -> None:
    report = read(gdelt_bytes([gdelt_row(0, SQLDATE="19850101")]), tmp_path)
    assert (report.outside, report.rejected) == (1, 0)


def test_accepted_rows_carry_actor_bits_and_text_as_text(tmp_path) -> None:
    payload = "![b](http://host/beacon.png) <img src=x>"
    report = read_files(from_upload("x.CSV", gdelt_bytes([gdelt_row(0, Actor1Name=payload,
                                                                    Actor1CountryCode="JPN")])), folder=tmp_path)
    row = report.preview.iloc[0]
    assert row["title"].startswith(payload) and row["actor_bits"] & cty.COUNTRY_BITS["JPN"]
    assert isinstance(report.preview, pd.DataFrame)
    discard_report(report)
