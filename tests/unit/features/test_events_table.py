"""Events table: a search that filters, downloads with the filters, data date, real dates and sources."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.data.loader import load_dataset
from analysis.export.tables import csv_with_about, xlsx_with_about
from analysis.features.events_table import download_table, export_about, search_events, with_sources
from analysis.features.overview import event_table


@pytest.fixture
def data(fixture_data_dir):
    return load_dataset(fixture_data_dir, today=dt.date(2026, 11, 25))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"fx-1", "fx-2", "fx-3", "fx-4", "fx-5"}),
        ("alliance", {"fx-4"}),                 # title
        ("INCIDENT near", {"fx-3"}),            # summary, any case, every word
        ("united states", {"fx-4"}),            # actor by name
        ("usa", {"fx-4"}),                      # actor by code
        ("senkaku", {"fx-5"}),                  # place
        ("beijing advisory", {"fx-2"}),
        ("atlantis", set()),
        ("[", set()),                           # not a regular expression
    ],
)
def test_search_filters_title_summary_actors_place(data, query, expected) -> None:
    assert set(search_events(data.events, query)["event_id"]) == expected


def test_sources_are_spelled_out(data) -> None:
    table = with_sources(event_table(data.events), data.sources)
    row = table.set_index("event_id").loc["fx-1"]
    assert "Fixture Publisher: Synthetic source A (test fixture) (2025-11-10)" in row["sources"]
    assert {"sources", "source_urls"} <= set(table.columns)


def about(query: str = "") -> list[tuple[str, str]]:
    return export_about("2026-01-15", "countries: JPN; dates: start to latest; categories: all", query, 2,
                        dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC))


def test_csv_carries_data_date_filters_and_search(data) -> None:
    table = download_table(event_table(search_events(data.events, "fixture a")), data.sources)
    text = csv_with_about(table, about("=cmd\nnext")).decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "# table: Nansei Watch curated events"
    assert "# data as of: 2026-01-15" in lines
    assert "# filters: countries: JPN; dates: start to latest; categories: all" in lines
    assert "# search: =cmd next" in lines  # one line, never a formula cell
    back = pd.read_csv(io.StringIO(text), skiprows=sum(1 for line in lines if line.startswith("#")))
    assert list(back.columns[:2]) == ["date", "title"] and len(back) == len(table)


def test_xlsx_has_about_sheet_frozen_header_and_real_dates(data) -> None:
    table = download_table(event_table(data.events), data.sources)
    book = load_workbook(io.BytesIO(xlsx_with_about(table, about("okinawa"))))
    sheet = book["data"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert {"sources", "source_urls"} <= set(header)
    cell = sheet.cell(row=2, column=header.index("date") + 1)
    assert isinstance(cell.value, dt.datetime) and cell.is_date and cell.number_format == "yyyy-mm-dd"
    assert cell.value.date() == table["date"].iloc[0]
    info = dict(row for row in book["about"].iter_rows(min_row=2, values_only=True))
    assert info["data as of"] == "2026-01-15" and info["search"] == "okinawa"
    assert info["filters"].startswith("countries: JPN") and info["exported"] == "2026-11-25 10:00 UTC"
