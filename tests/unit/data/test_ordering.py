"""The ordering rule: month/year-precision reactions never sort before their cause."""

from __future__ import annotations

import pandas as pd

from analysis.data.loader import load_dataset
from analysis.data.ordering import chronological, ordering_problems, period_end, placed_date

T = pd.Timestamp


def frame(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame({"event_id": [r[0] for r in rows], "date": pd.to_datetime([r[1] for r in rows]),
                         "date_precision": [r[2] for r in rows], "responds_to": [r[3] for r in rows]})


def test_period_end_and_placed_date() -> None:
    assert period_end(T("2024-02-01"), "month") == T("2024-02-29")
    assert period_end(T("2024-01-01"), "year") == T("2024-12-31")
    assert placed_date(T("2026-04-01"), "month", []) == T("2026-04-01")
    assert placed_date(T("2026-04-01"), "month", [T("2026-04-21"), T("2026-03-30")]) == T("2026-04-21")
    assert placed_date(T("2024-01-01"), "year", [T("2023-12-30")]) == T("2024-01-01")


def test_month_reaction_must_sit_on_its_cause_inside_the_month() -> None:
    events = frame(("cause", "2026-04-21", "day", ""), ("early", "2026-04-01", "month", "cause"),
                   ("ok", "2026-04-21", "month", "cause"), ("later", "2026-05-01", "month", "cause"))
    problems = ordering_problems(events)
    assert [(p["row"], p["column"]) for p in problems] == [(1, "date")]
    assert "expected 2026-04-21" in problems[0]["rule"]


def test_a_cause_after_the_period_and_an_unknown_cause_are_reported() -> None:
    events = frame(("cause", "2026-05-02", "day", ""), ("r", "2026-04-01", "month", "cause;ghost"),
                   ("d", "2026-05-01", "day", "cause"))
    rules = {(p["row"], p["value"]): p["rule"] for p in ordering_problems(events)}
    assert "after it" in rules[(1, "cause")] and "not found" in rules[(1, "ghost")]
    assert "after it" in rules[(2, "cause")]


def test_chronological_puts_same_day_causes_first() -> None:
    events = frame(("b-cause", "2025-01-01", "day", ""), ("a-reaction", "2025-01-01", "day", "b-cause"),
                   ("a-other", "2025-01-01", "day", ""), ("z-first", "2024-12-31", "day", ""))
    assert chronological(events)["event_id"].tolist() == ["z-first", "a-other", "b-cause", "a-reaction"]


def test_bundled_events_follow_the_rule_and_are_stored_in_order() -> None:
    data = load_dataset()
    assert ordering_problems(data.events) == []
    assert data.events["event_id"].tolist() == chronological(data.events)["event_id"].tolist()
