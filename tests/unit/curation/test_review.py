"""Review decisions (remembered, logged with who/when/why), the inbox, its counts and the Curate draft."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.curation.review import counts_line, default_since, draft, inbox, read_decisions, record_decision

CAND = {"candidate_id": "cand-1", "date": dt.date(2026, 11, 20), "actor_a": "CHN", "actor_b": "JPN",
        "actors": "China – Japan", "root": "19", "category": "military_incident", "location": "Yonaguni",
        "lat": 24.47, "lon": 123.0, "rows": 3, "mentions": 9, "score": 12.3, "origin": "gdelt",
        "sources": "https://a.example.org/1\nhttps://b.example.org/2"}


def test_decisions_are_appended_and_a_dismissal_needs_a_reason(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="needs a reason, got '  '"):
        record_decision(tmp_path, CAND, "dismissed", reason="  ")
    with pytest.raises(ValueError, match="got 'maybe'"):
        record_decision(tmp_path, CAND, "maybe")
    assert read_decisions(tmp_path).empty
    record_decision(tmp_path, CAND, "dismissed", who="ana", reason="duplicate of ev-1")
    record_decision(tmp_path, {**CAND, "candidate_id": "cand-2"}, "accepted", who="ana", event_id="ev-9")
    table = read_decisions(tmp_path)
    assert list(table["decision"]) == ["dismissed", "accepted"] and table.loc[1, "event_id"] == "ev-9"
    found = pd.DataFrame([CAND, {**CAND, "candidate_id": "cand-2"}, {**CAND, "candidate_id": "cand-3"}])
    assert list(inbox(found, table)["candidate_id"]) == ["cand-3"]
    since = default_since(table, dt.date(2026, 11, 25))
    assert since == dt.date(2026, 11, 18)  # the last review (the pinned today) minus a week
    assert counts_line(since, found, table) == "1 new since Wednesday 18 Nov, 1 accepted, 1 dismissed"


def test_draft_carries_only_feed_facts_and_every_source() -> None:
    event, sources, note = draft(CAND)
    assert event["actors"] == "CHN;JPN" and event["event_code"] == "190" and event["date"] == "2026-11-20"
    assert "title" not in event and "summary" not in event
    assert [s["url"] for s in sources] == ["https://a.example.org/1", "https://b.example.org/2"]
    assert sources[0]["publisher"] == "a.example.org" and "title" not in sources[0]
    assert "cand-1" in note and "2 source(s)" in note
    country = draft({**CAND, "location": "Japan", "lat": 36.0, "lon": 138.0})[0]
    assert "lat" not in country  # a country centroid is no event position
    unplaced = draft({**CAND, "location": "", "lat": math.nan, "lon": math.nan})[0]
    assert "lat" not in unplaced


def test_counts_add_the_report_review() -> None:
    found = pd.DataFrame([CAND])
    feed = pd.DataFrame(columns=["candidate_id", "decision", "at"])
    reports = pd.DataFrame({"decision": ["accepted", "rejected", "rejected"],
                            "at": ["2026-11-24T08:00:00Z", "2026-11-24T08:01:00Z", "2026-10-01T08:00:00Z"]})
    line = counts_line(dt.date(2026, 11, 18), found, feed, report_waiting=3, report_decisions=reports)
    assert line == "4 new since Wednesday 18 Nov, 1 accepted, 1 dismissed"
