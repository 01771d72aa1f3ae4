"""The one clock: every place that needs today's date or the current time asks here.

``NANSEI_TODAY`` (an ISO date, ``YYYY-MM-DD``) pins the day, so tests, benchmarks and a
briefing prepared "as of" a given day see the same calendar whatever the machine's clock says.
Reading ``datetime.date.today()`` or ``datetime.datetime.now()`` anywhere else is refused by ruff
(banned-api in ``pyproject.toml``).
"""

from __future__ import annotations

import datetime as dt
import os

__all__ = ["TODAY_ENV", "now_utc", "pinned_today", "today"]

TODAY_ENV = "NANSEI_TODAY"


def pinned_today() -> dt.date | None:
    """The day ``$NANSEI_TODAY`` pins, or None when it is unset or blank.

    Raises
    ------
    ValueError
        If the variable is set but is not an ISO date.
    """
    text = os.environ.get(TODAY_ENV, "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{TODAY_ENV} must be an ISO date (YYYY-MM-DD), got {text!r}") from None


def today() -> dt.date:
    """Today's date: ``$NANSEI_TODAY`` when set, else the machine's local date."""
    return pinned_today() or dt.date.today()  # noqa: TID251 - the one place that reads the calendar


def now_utc() -> dt.datetime:
    """The current time in UTC (timezone-aware).

    With ``$NANSEI_TODAY`` set, the date is the pinned day and the time of day is the real one,
    so timestamps written in one run still sort in the order they were made.
    """
    now = dt.datetime.now(dt.UTC)  # noqa: TID251 - the one place that reads the clock
    pinned = pinned_today()
    return now if pinned is None else now.replace(year=pinned.year, month=pinned.month, day=pinned.day)
