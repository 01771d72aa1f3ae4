"""The global filters (countries with "any of"/"all of", date range, categories) as a pure function."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from analysis.data.countries import COUNTRY_NAMES
from analysis.data.names import DEFAULT_FIRST, NAME_FIRST
from analysis.data.schemas import CATEGORIES

MATCHES: tuple[str, ...] = ("any", "all")
"""How several selected countries combine: an event involving any of them, or all of them."""


@dataclass(frozen=True)
class EventFilter:
    """What the sidebar selects. Empty ``countries``/``categories`` mean "all".

    Attributes
    ----------
    countries : tuple of str
        ISO3 codes of the countries an event must involve (as actor).
    start, end : datetime.date or None
        Inclusive date range; ``None`` leaves that side open.
    categories : tuple of str
        Event categories from :data:`analysis.data.schemas.CATEGORIES`.
    match : {"any", "all"}
        ``any``: an event involving any selected country; ``all``: only events involving every one.
    names : {"en", "ja", "zh"}
        Which language's place names every map puts first (:data:`analysis.data.names.NAME_FIRST`);
        not a filter: it leaves no event out.
    """

    countries: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    categories: tuple[str, ...] = ()
    match: str = "any"
    names: str = DEFAULT_FIRST

    def __post_init__(self) -> None:
        """Refuse an unknown match mode, country code or category, naming it."""
        if self.match not in MATCHES:
            raise ValueError(f"match must be one of {list(MATCHES)}, got {self.match!r}")
        if self.names not in NAME_FIRST:
            raise ValueError(f"names must be one of {list(NAME_FIRST)}, got {self.names!r}")
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
        if len(self.countries) > 1:
            countries = f"{self.match} of " + ", ".join(self.countries)
        else:
            countries = ", ".join(self.countries) if self.countries else "all"
        parts = [
            "countries: " + countries,
            f"dates: {self.start or 'start'} to {self.end or 'latest'}",
            "categories: " + (", ".join(self.categories) if self.categories else "all"),
        ]
        return "; ".join(parts)


def actor_mask(actors: pd.Series, countries: tuple[str, ...] | list[str], match: str = "any") -> pd.Series:
    """Boolean mask: rows whose ``;`` list of actors contains any (or all) of ``countries``."""
    if match not in MATCHES:
        raise ValueError(f"match must be one of {list(MATCHES)}, got {match!r}")
    if not countries:
        return pd.Series(True, index=actors.index)
    text = actors.fillna("").astype(str)
    if match == "all":
        mask = pd.Series(True, index=actors.index)
        for code in countries:
            mask &= text.str.contains(r"(?:^|;)" + code + r"(?:;|$)", regex=True)
        return mask
    pattern = r"(?:^|;)(?:" + "|".join(sorted(countries)) + r")(?:;|$)"
    return text.str.contains(pattern, regex=True)


def filter_events(events: pd.DataFrame, selection: EventFilter) -> pd.DataFrame:
    """Return the events matching a selection (a new frame; the input is untouched).

    Parameters
    ----------
    events : pandas.DataFrame
        Events with ``date`` (datetime64), ``actors`` (``;`` list) and ``category``.
    selection : EventFilter
        The active filters.
    """
    mask = actor_mask(events["actors"], selection.countries, selection.match)
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
