"""What changed since a date: new curated events, candidates waiting, the tension index then and now.

The five most significant new events are ranked like the Briefing's top-events table
(:func:`analysis.features.top_events.top_events`: kind of act first, then Goldstein score). The same
summary becomes one slide (:mod:`analysis.export.changes_slide`) and plain text for an e-mail.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.provenance import short_citation, source_ids_of
from analysis.features.tension import DEFAULT_HALF_LIFE, tension_index
from analysis.features.top_events import top_events

TOP_N = 5


@dataclass
class WhatChanged:
    """The numbers and rows of a "what changed since" summary."""

    since: dt.date
    today: dt.date
    new_events: pd.DataFrame
    waiting: int
    index_then: float
    index_now: float
    top: pd.DataFrame
    source_ids: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The slide's and the e-mail's heading."""
        return f"What changed since {self.since:%d %b %Y}"

    def summary_lines(self) -> list[str]:
        """The headline numbers, one sentence each."""
        index = ("The tension index (half-life "
                 f"{DEFAULT_HALF_LIFE:g} days) was {_num(self.index_then)} on {self.since:%d %b %Y} and is "
                 f"{_num(self.index_now)} on {self.today:%d %b %Y}.")
        return [f"{len(self.new_events)} new curated event(s) dated {self.since:%d %b %Y} to {self.today:%d %b %Y}; "
                f"{self.waiting} feed candidate(s) waiting for review.", index]

    def event_lines(self) -> list[str]:
        """The most significant new events, one line each."""
        if self.top.empty:
            return ["No curated event dated in this period."]
        return [f"{row.date:%d %b %Y} · {row.category} · {row.title}" for row in self.top.itertuples()]


def _num(value: float) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.1f}"


def _index_on(index: pd.DataFrame, day: dt.date) -> float:
    upto = index[index["date"] <= pd.Timestamp(day)]
    return float(upto["index"].iloc[-1]) if not upto.empty else math.nan


def what_changed(data: Dataset, since: dt.date, today: dt.date, waiting: int = 0) -> WhatChanged:
    """Summarise curated events dated ``since`` .. ``today`` and the index on both days.

    Raises
    ------
    ValueError
        When ``since`` is after ``today``.
    """
    if since > today:
        raise ValueError(f"since must be on or before {today.isoformat()}, got {since.isoformat()!r}")
    events = data.events
    new = events[(events["date"] >= pd.Timestamp(since)) & (events["date"] <= pd.Timestamp(today))]
    index = tension_index(events, end=today) if not events.empty else pd.DataFrame(columns=["date", "index"])
    top = top_events(new, TOP_N)
    return WhatChanged(since, today, new, int(waiting), _index_on(index, since), _index_on(index, today), top,
                       source_ids_of(top))


def as_text(summary: WhatChanged, sources: pd.DataFrame) -> str:
    """Plain text for an e-mail: heading, numbers, the top events, the sources they cite."""
    cited = short_citation(sources, summary.source_ids) or "none"
    lines = [summary.title, "", *summary.summary_lines(), "", f"Most significant new events (up to {TOP_N}):",
             *(f"- {line}" for line in summary.event_lines()), "", f"Sources: {cited}",
             "", "Nansei Watch · curated, sourced open data"]
    return "\n".join(lines) + "\n"
