"""The read memo of analysis.data.tables: a repeated text is answered without being parsed again, safely."""

from __future__ import annotations

import datetime as dt

from analysis.data import tables
from analysis.data.schemas import EVENTS, SOURCES
from analysis.data.tables import parse_csv_text
from tests.unit.data.test_loader import HEADER, event_line

TODAY = dt.date(2026, 11, 25)
GOOD = "source_id,publisher,title,published,url,kind,language\ns1,P,T,2025-11-10,,news,en\n"
BAD = GOOD + "s2,P,T,2025-11-10,,not-a-kind,en\n"


def test_a_repeat_is_not_parsed_again_and_names_its_own_file(monkeypatch) -> None:
    first = parse_csv_text(BAD, SOURCES, "a.csv", TODAY)
    monkeypatch.setattr(tables, "validate_frame", lambda *args, **kwargs: 1 / 0)  # a second parse would raise
    again = parse_csv_text(BAD, SOURCES, "a.csv", TODAY)
    assert again.frame.equals(first.frame) and again.errors.equals(first.errors)
    assert first.errors["file"].tolist() == ["a.csv"]
    monkeypatch.undo()
    elsewhere = parse_csv_text(BAD, SOURCES, "b.csv", TODAY)  # another file name is another key
    assert elsewhere.errors["file"].tolist() == ["b.csv"]


def test_the_day_is_part_of_the_key() -> None:
    text = f"{HEADER}\n{event_line(date='2027-01-05')}\n"  # after TODAY: a future date
    assert "date" in parse_csv_text(text, EVENTS, "events.csv", TODAY).errors["column"].tolist()
    assert parse_csv_text(text, EVENTS, "events.csv", dt.date(2027, 2, 1)).errors.empty


def test_a_callers_change_never_reaches_the_next_caller() -> None:
    mine = parse_csv_text(GOOD, SOURCES, "a.csv", TODAY)
    mine.frame.loc[mine.frame.index[0], "publisher"] = "changed"
    mine.frame["extra"] = 1
    mine.errors = mine.errors.iloc[0:0]
    mine.rows_read = 99
    theirs = parse_csv_text(GOOD, SOURCES, "a.csv", TODAY)
    assert theirs.frame["publisher"].tolist() == ["P"] and "extra" not in theirs.frame
    assert theirs.rows_read == 1


def test_the_memo_is_bounded_and_skips_large_texts(monkeypatch) -> None:
    monkeypatch.setattr(tables, "_MEMO_MAX_CHARS", len(GOOD) - 1)
    parse_csv_text(GOOD.replace("s1", "big"), SOURCES, "a.csv", TODAY)
    assert not any(key[2] == "a.csv" and key[3] == dt.date(2001, 1, 1) for key in tables._memo)
    monkeypatch.setattr(tables, "_MEMO_MAX_CHARS", 2_000_000)
    for n in range(tables._MEMO_ENTRIES + 5):
        parse_csv_text(GOOD.replace("s1", f"s{n}"), SOURCES, "a.csv", TODAY)
    assert len(tables._memo) == tables._MEMO_ENTRIES
