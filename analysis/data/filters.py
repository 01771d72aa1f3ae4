"""The global filters (countries, date range, categories) as a pure function."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from analysis.data.countries import COUNTRY_NAMES
from analysis.data.schemas import CATEGORIES


@dataclass(frozen=True)
class EventFilter:
    """What the sidebar selects. Empty ``countries``/``categories`` mean "all".

    Attributes
    ----------
    countries : tuple of str
        ISO3 codes; an event matches if any of its actors is selected.
    start, end : datetime.date or None
        Inclusive date range; ``None`` leaves that side open.
    categories : tuple of str
        Event categories from :data:`analysis.data.schemas.CATEGORIES`.
    """

    countries: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    categories: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [c for c in self.countries if c not in COUNTRY_NAMES]
        if unknown:
            raise ValueError(f"unknown country codes: expected ISO3 codes, got {unknown!r}")
        bad = [c for c in self.categories if c not in CATEGORIES]
        if bad:
            raise ValueError(f"unknown categories: expected some of {list(CATEGORIES)}, got {bad!r}")
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start must not be after end, got start={self.start!r}, end={self.end!r}")

    def describe(self) -> str:
        """One line for chart footers and slide captions."""
        parts = [
            "countries: " + (", ".join(self.countries) if self.countries else "all"),
            f"dates: {self.start or 'start'} to {self.end or 'latest'}",
            "categories: " + (", ".join(self.categories) if self.categories else "all"),
        ]
        return "; ".join(parts)


def actor_mask(actors: pd.Series, countries: tuple[str, ...] | list[str]) -> pd.Series:
    """Boolean mask: rows whose ``;`` list of actors contains any of ``countries``."""
    if not countries:
        return pd.Series(True, index=actors.index)
    pattern = r"(?:^|;)(?:" + "|".join(sorted(countries)) + r")(?:;|$)"
    return actors.fillna("").astype(str).str.contains(pattern, regex=True)


def filter_events(events: pd.DataFrame, selection: EventFilter) -> pd.DataFrame:
    """Return the events matching a selection (a new frame; the input is untouched).

    Parameters
    ----------
    events : pandas.DataFrame
        Events with ``date`` (datetime64), ``actors`` (``;`` list) and ``category``.
    selection : EventFilter
        The active filters.
    """
    mask = actor_mask(events["actors"], selection.countries)
    if selection.start is not None:
        mask &= events["date"] >= pd.Timestamp(selection.start)
    if selection.end is not None:
        mask &= events["date"] <= pd.Timestamp(selection.end)
    if selection.categories:
        mask &= events["category"].isin(selection.categories)
    return events.loc[mask].copy()


def filter_by_country(frame: pd.DataFrame, countries: tuple[str, ...], column: str = "country") -> pd.DataFrame:
    """Rows of a per-country table (budgets, GDP, sites) in ``countries`` (empty = all)."""
    if not countries:
        return frame.copy()
    return frame.loc[frame[column].isin(countries)].copy()
