"""The bundled curated data, checked independently of the loader (plain csv reading)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from analysis import clock
from analysis.data.contract_doc import markdown
from analysis.data.schemas import SOUTHWEST_BOX, SOUTHWEST_REGIONS, TABLES

DATA = Path(__file__).resolve().parents[3] / "data"
TODAY = clock.today()


def rows(name: str) -> list[dict[str, str]]:
    with open(DATA / TABLES[name].filename, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ids(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def test_headers_match_the_contract_exactly() -> None:
    # Optional columns a file does not use yet (events' status, status_reason) may be absent;
    # the curation writer adds them when a row first fills them.
    for name, spec in TABLES.items():
        with open(DATA / spec.filename, encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == [c for c in spec.column_names if c in header], name
        assert {c.name for c in spec.columns if c.required} <= set(header), name


@pytest.mark.parametrize(("table", "key"), [("events", "event_id"), ("sources", "source_id"), ("sites", "site_id"),
                                            ("stats_series", "series_id")])
def test_ids_are_unique(table: str, key: str) -> None:
    values = [r[key] for r in rows(table)]
    assert len(values) == len(set(values))


def test_every_row_cites_a_source_that_exists() -> None:
    known = {r["source_id"] for r in rows("sources")}
    for name, spec in TABLES.items():
        if not spec.cites_sources:
            continue
        for line, row in enumerate(rows(name), start=2):
            cited = ids(row["source_ids"])
            assert cited, f"{spec.filename}:{line} cites no source"
            assert set(cited) <= known, f"{spec.filename}:{line} cites unknown {set(cited) - known}"


def test_no_date_after_today_and_southwest_points_in_the_box() -> None:
    lon_min, lat_min, lon_max, lat_max = SOUTHWEST_BOX
    for row in rows("events"):
        assert dt.date.fromisoformat(row["date"]) <= TODAY, row["event_id"]
        if row["region"] in SOUTHWEST_REGIONS and row["lat"]:
            assert lat_min <= float(row["lat"]) <= lat_max, row["event_id"]
            assert lon_min <= float(row["lon"]) <= lon_max, row["event_id"]


def scores() -> dict[str, float]:
    return {r["code"]: float(r["goldstein"]) for r in rows("cameo_goldstein")}


def effective_score(row: dict[str, str], table: dict[str, float]) -> float:
    return float(row["goldstein"]) if row["goldstein"] else table[row["event_code"]]


def test_every_event_code_is_a_published_cameo_code() -> None:
    labels, table = {r["code"] for r in rows("cameo_event_codes")}, scores()
    assert labels == set(table)
    for row in rows("events"):
        assert row["event_code"] in labels, f"{row['event_id']}: unknown CAMEO code {row['event_code']!r}"


def test_same_code_same_score_unless_a_reason_is_recorded() -> None:
    table = scores()
    by_code: dict[str, set[float]] = {}
    for row in rows("events"):
        if row["goldstein_override_reason"].strip():
            assert effective_score(row, table) != table[row["event_code"]], f"{row['event_id']}: reason, no override"
            continue
        by_code.setdefault(row["event_code"], set()).add(effective_score(row, table))
    mixed = {code: found for code, found in by_code.items() if len(found) > 1}
    assert not mixed, f"codes scored differently without a recorded reason: {mixed}"
    assert all(found == {table[code]} for code, found in by_code.items())


def test_events_csv_is_in_chronological_order() -> None:
    # date, then same-day causes before their reactions, then event_id (data/README.md, ordering rule)
    events = rows("events")
    position = {r["event_id"]: i for i, r in enumerate(events)}
    keys = [r["date"] for r in events]
    assert keys == sorted(keys)
    for row in events:
        for cause in ids(row["responds_to"]):
            assert position[cause] < position[row["event_id"]], f"{row['event_id']} listed before its cause {cause}"


def test_responses_point_to_earlier_events() -> None:
    dates = {r["event_id"]: r["date"] for r in rows("events")}
    for row in rows("events"):
        for earlier in ids(row["responds_to"]):
            assert earlier in dates, f"{row['event_id']} answers unknown {earlier}"
            assert dates[earlier] <= row["date"], f"{row['event_id']} answers later {earlier}"


def test_urls_are_only_http_addresses() -> None:
    for row in rows("sources"):
        assert row["url"] == "" or row["url"].startswith(("https://", "http://")), row["source_id"]


def test_coverage_goals() -> None:
    events = rows("events")
    assert len(events) >= 320
    per_year = {year: sum(r["date"].startswith(str(year)) for r in events) for year in range(2012, 2025)}
    assert min(per_year.values()) >= 8, per_year  # depth before 2025 (issue 16)
    assert sum(r["date"] >= "2025-11-01" for r in events) >= 60
    assert len(rows("sites")) >= 40
    japan = {int(r["fiscal_year"]) for r in rows("budgets") if r["country"] == "JPN"}
    assert set(range(2012, 2027)) <= japan


def test_founding_event_is_present_and_sourced() -> None:
    event = next(r for r in rows("events") if r["event_id"] == "ev-20260115-koizumi-hegseth-washington")
    assert event["date"] == "2026-01-15"
    assert "src-crbc-202601-japan-us-missile-cooperation" in ids(event["source_ids"])


def test_readme_tables_are_written_from_the_contract() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for spec in TABLES.values():
        assert markdown(spec) in readme, f"run scripts/readme_tables.py: {spec.filename} differs"


def test_readme_documents_every_column() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for spec in TABLES.values():
        assert f"`{spec.filename}`" in readme
        for column in spec.column_names:
            assert f"`{column}`" in readme, f"{spec.filename}.{column} undocumented"
