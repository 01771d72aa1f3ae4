"""The one clock: NANSEI_TODAY pins the day for the app, the CLI and the tests."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis import clock
from tests.conftest import PINNED_TODAY


def test_the_suite_runs_on_its_pinned_day() -> None:
    assert clock.today() == PINNED_TODAY
    assert clock.now_utc().date() == PINNED_TODAY
    assert clock.now_utc().tzinfo is dt.UTC


def test_a_pinned_day_keeps_the_real_time_of_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, "2030-02-28")
    first, second = clock.now_utc(), clock.now_utc()
    assert first.date() == dt.date(2030, 2, 28) and first <= second


def test_unset_or_blank_reads_the_machine_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("", "   "):
        monkeypatch.setenv(clock.TODAY_ENV, value)
        assert clock.pinned_today() is None
        assert abs((clock.now_utc() - dt.datetime.now(dt.UTC)).total_seconds()) < 60  # noqa: TID251


def test_a_bad_day_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, "25/11/2026")
    with pytest.raises(ValueError, match=r"NANSEI_TODAY must be an ISO date.*'25/11/2026'"):
        clock.today()
