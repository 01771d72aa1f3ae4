"""How current the curated data is, and which part of a date range it covers.

The curated table ends on its newest event; after that date the charts have
*no data*, which is not the same as *no events*. These helpers say how old the
data is, which stretch of a chart lies past its end, and when a date range lies
wholly after it, so pages and exports can say so instead of drawing zeros.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from analysis import clock

__all__ = [
    "ADD_EVENTS_HINT",
    "STALE_AFTER_DAYS",
    "Freshness",
    "data_as_of",
    "freshness",
    "last_event_date",
    "range_after_data",
    "uncovered_span",
]

STALE_AFTER_DAYS = 30
ADD_EVENTS_HINT = "Editors add events on the Curate and Ingest pages."


def data_as_of(events: pd.DataFrame) -> str:
    """Date of the latest event in ``events`` as YYYY-MM-DD text (``n/a`` when there are none)."""
    last = last_event_date(events)
    return last.isoformat() if last is not None else "n/a"


def last_event_date(events: pd.DataFrame) -> dt.date | None:
    """Date of the newest event (None when there are none)."""
    dates = events["date"].dropna()
    return dates.max().date() if not dates.empty else None


@dataclass(frozen=True)
class Freshness:
    """Age of the curated data on a given day."""

    last: dt.date | None
    today: dt.date
    stale_after: int = STALE_AFTER_DAYS

    @property
    def age_days(self) -> int | None:
        """Days from the newest event to today (None without events)."""
        return None if self.last is None else (self.today - self.last).days

    @property
    def stale(self) -> bool:
        """True when the newest event is more than ``stale_after`` days old (or there is none)."""
        return self.age_days is None or self.age_days > self.stale_after

    def sentence(self) -> str:
        """One plain sentence: the newest event's date and its age."""
        if self.last is None:
            return "There are no curated events."
        days = self.age_days
        age = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
        return f"The newest curated event is dated {self.last.isoformat()} ({age})."

    def warning(self) -> str | None:
        """The staleness warning (with what it means and how to add events), or None if current."""
        if not self.stale:
            return None
        return (f"{self.sentence()} Dates after it have no curated data: empty or falling charts there "
                f"mean nothing was curated, not that nothing happened. {ADD_EVENTS_HINT}")


def freshness(events: pd.DataFrame, today: dt.date | None = None) -> Freshness:
    """The :class:`Freshness` of a curated events table (``today`` defaults to the one clock's day)."""
    return Freshness(last_event_date(events), today or clock.today())


def uncovered_span(last: dt.date | None, start: dt.date | None, end: dt.date | None,
                   today: dt.date | None = None) -> tuple[dt.date, dt.date] | None:
    """The part of ``start``..``end`` after the newest event ``last`` (None if the data covers it all).

    ``end`` defaults to today; with no events at all the whole range is uncovered.
    """
    end = end or today or clock.today()
    if last is not None and last >= end:
        return None
    begin = end if start is None else start
    if last is not None:
        begin = max(begin, last + dt.timedelta(days=1)) if start is not None else last + dt.timedelta(days=1)
    return begin, end


def range_after_data(last: dt.date | None, start: dt.date | None, end: dt.date | None) -> str | None:
    """A sentence when the range starts after the newest event (no curated data in it), else None."""
    if last is None or start is None or start <= last:
        return None
    shown_end = end.isoformat() if end is not None else "today"
    return (f"The selected dates ({start.isoformat()} to {shown_end}) lie wholly after the newest curated event "
            f"({last.isoformat()}): no curated data covers them, so nothing is drawn. Widen the date range, or "
            f"add events. {ADD_EVENTS_HINT}")
