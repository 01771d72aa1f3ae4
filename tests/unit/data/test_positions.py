"""Event positions in the bundled data: every lat/lon says what it stands for (location_precision)."""

from __future__ import annotations

import csv
from pathlib import Path

from analysis.data.schemas import LOCATION_PRECISIONS, TABLES

DATA = Path(__file__).resolve().parents[3] / "data"


def events() -> list[dict[str, str]]:
    with open(DATA / TABLES["events"].filename, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_position_has_a_precision_and_every_precision_a_position() -> None:
    wrong = [r["event_id"] for r in events()
             if bool(r["lat"]) != (r.get("location_precision", "") in LOCATION_PRECISIONS)]
    assert wrong == []


def test_the_2026_03_18_senkaku_incursion_is_drawn_at_the_senkaku_reference_point() -> None:
    row = next(r for r in events() if r["event_id"] == "ev-20260318-four-ccg-ships-senkaku-waters")
    assert (float(row["lat"]), float(row["lon"]), row["location_precision"]) == (25.745, 123.485, "area")
