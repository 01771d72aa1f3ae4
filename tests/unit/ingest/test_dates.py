"""Date rules: absolute, partial and relative dates resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.ingest.dates import RULES, best_date, find_dates

PUB = dt.date(2026, 1, 8)  # a Thursday


@pytest.mark.parametrize(("sentence", "date", "precision", "rule"), [
    ("It happened on 2025-11-14 near the islands.", "2025-11-14", "day", "iso"),
    ("China fired missiles on Oct. 7, 2022, officials said.", "2022-10-07", "day", "month-day-year"),
    ("The deal was signed on October 7 2022.", "2022-10-07", "day", "month-day-year"),
    ("Talks took place on 7 October 2022.", "2022-10-07", "day", "day-month-year"),
    ("The ships returned on Dec. 25.", "2025-12-25", "day", "month-day"),  # not after publication
    ("The ships sail on Jan. 3.", "2026-01-03", "day", "month-day"),
    ("The meeting ended on 5 January.", "2026-01-05", "day", "day-month"),
    ("The ministry said yesterday it would respond.", "2026-01-07", "day", "yesterday"),
    ("Officials spoke today.", "2026-01-08", "day", "today"),
    ("The vessel left two days ago.", "2026-01-06", "day", "days-ago"),
    ("Beijing acted on Tuesday.", "2026-01-06", "day", "weekday"),
    ("Tokyo protested on Thursday.", "2026-01-08", "day", "weekday"),  # same weekday = the day itself
    ("Tokyo protested last Thursday.", "2026-01-01", "day", "last-weekday"),
    ("Talks resume next Monday.", "2026-01-12", "day", "next-weekday"),
    ("The row began in November 2025.", "2025-11-01", "month", "month-year"),
    ("Exports fell last month.", "2025-12-01", "month", "last-month"),
    ("The row began in November.", "2025-11-01", "month", "month"),
    ("Drills resumed in mid-December.", "2025-12-01", "month", "month"),
    ("Spending rose last year.", "2025-01-01", "year", "last-year"),
    ("The base opened in 2019.", "2019-01-01", "year", "year"),
])
def test_rules_resolve(sentence: str, date: str, precision: str, rule: str) -> None:
    found = best_date(sentence, PUB)
    assert found is not None, sentence
    assert (found.date.isoformat(), found.precision, found.rule) == (date, precision, rule)


def test_absolute_date_beats_weekday_and_rule_names_are_known() -> None:
    found = find_dates("On Friday, Jan. 16, 2026, the ministers met.", PUB)
    assert found[0].rule == "month-day-year" and found[0].date == dt.date(2026, 1, 16)
    assert {m.rule for m in found} <= set(RULES)


@pytest.mark.parametrize("sentence", [
    "Japan may respond with a protest.",          # "may" the verb is not a month
    "Troops will march to the port.",
    "About 2,000 troops took part.",
    "The 2025-26 budget was large.",
])
def test_no_false_dates(sentence: str) -> None:
    assert best_date(sentence, PUB) is None


def test_impossible_date_is_skipped_and_bad_published_named() -> None:
    assert best_date("It was Feb. 30, 2025.", PUB) is None
    with pytest.raises(ValueError, match="'2026-01-08'"):
        find_dates("on Friday", "2026-01-08")  # type: ignore[arg-type]


def test_next_weekday_is_flagged_future() -> None:
    found = best_date("They meet next Monday.", PUB)
    assert found is not None and found.future and found.date > PUB


@pytest.mark.timeout(60)
def test_find_dates_is_linear_on_a_huge_sentence() -> None:
    # Issue 24 item 2: 1.44 MB of text took 41 s when every match was compared with every earlier span.
    from analysis.ingest.dates import MAX_SENTENCE_CHARS

    sentence = "On Friday, Oct. 7, 2022 and 2025-11-14 they met. " * 30_000  # 1.5 MB, 90,000 dates
    found = find_dates(sentence, PUB)
    assert len(sentence) > 1_400_000
    assert found[0].rule == "iso"
    assert sum(len(m.text) for m in found) <= MAX_SENTENCE_CHARS  # only the capped head is read
