"""Source quality in the bundled data: every source has a tier, rows resting on copies are not `high`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.data.schemas import SOURCE_TIERS, TABLES

DATA = Path(__file__).resolve().parents[3] / "data"


def rows(name: str) -> list[dict[str, str]]:
    with open(DATA / TABLES[name].filename, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_source_has_a_tier() -> None:
    missing = [r["source_id"] for r in rows("sources") if r.get("tier") not in SOURCE_TIERS]
    assert missing == []


def test_one_spelling_for_jiji_on_nippon_com() -> None:
    # The three spellings the review found (issue 30) are one publisher.
    spellings = {r["publisher"] for r in rows("sources") if "nippon.com" in r["url"].lower()
                 and "jiji" in r["publisher"].lower()}
    assert spellings == {"Jiji Press (via Nippon.com)"}


@pytest.mark.parametrize(("table", "key"), [("events", "event_id"), ("sites", "site_id")])
def test_rows_resting_only_on_mirrors_are_not_high_confidence(table: str, key: str) -> None:
    tier = {r["source_id"]: r["tier"] for r in rows("sources")}
    only_mirrors = [r[key] for r in rows(table)
                    if r["confidence"] == "high" and all(tier[s] == "mirror" for s in r["source_ids"].split(";"))]
    assert only_mirrors == []
