"""The shared view as URL parameters: read a link (forgiving, with a problem per bad value), write one.

A link such as ``?countries=JPN&countries=China&match=all&dates=2025-11-01&dates=2026-05-31`` selects
the sidebar filters. Countries may be ISO3 codes or names (any case), categories ids or labels. Values
equal to the defaults are left out when writing, so an unfiltered view has a bare URL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from analysis.data.countries import country_code, country_name
from analysis.data.filters import MATCHES
from analysis.data.schemas import CATEGORIES

VIEW_KEYS: tuple[str, ...] = ("countries", "match", "dates", "categories", "imported")
"""URL parameters that make up a shared view, in the order they are written."""
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


@dataclass(frozen=True)
class View:
    """The sidebar state a link carries (canonical values: ISO3 codes, category ids)."""

    countries: tuple[str, ...] = ()
    match: str = "any"
    dates: tuple[dt.date, dt.date] | None = None
    categories: tuple[str, ...] = ()
    imported: bool = False


@dataclass(frozen=True)
class ParsedLink:
    """What a link said: only the parameters it had (others ``None``) and one problem per bad value."""

    countries: tuple[str, ...] | None = None
    match: str | None = None
    dates: tuple[dt.date, dt.date] | None = None
    categories: tuple[str, ...] | None = None
    imported: bool | None = None
    problems: tuple[str, ...] = ()


def category_id(text: str) -> str:
    """Category id for an id or a label (``Economic measure`` -> ``economic_measure``).

    Raises
    ------
    ValueError
        If ``text`` names no category.
    """
    key = str(text).strip().lower().replace(" ", "_").replace("-", "_")
    if key in CATEGORIES:
        return key
    raise ValueError(f"unknown category: expected one of {list(CATEGORIES)}, got {text!r}")


def _values(params: Mapping[str, Sequence[str] | str], key: str) -> list[str] | None:
    raw = params.get(key)
    if raw is None:
        return None
    items = [raw] if isinstance(raw, str) else list(raw)
    return [str(v).strip() for v in items if str(v).strip() != ""]


def parse_link(params: Mapping[str, Sequence[str] | str], first: dt.date, last: dt.date) -> ParsedLink:
    """Read the view parameters of a link; bad values are dropped and named in ``problems``.

    Parameters
    ----------
    params : mapping of str to list of str
        Query parameters as given by the browser (one key may repeat).
    first, last : datetime.date
        Selectable date bounds; dates outside them are problems.
    """
    problems: list[str] = []
    found: dict[str, Any] = {}  # ParsedLink fields by name

    raw = _values(params, "countries")
    if raw is not None:
        found["countries"] = _known(raw, country_code, problems, "countries={!r} is not a known country "
                                    "(use an ISO3 code such as JPN or a name such as Japan)")

    raw = _values(params, "match")
    if raw:
        value = raw[-1].lower()
        if value in MATCHES:
            found["match"] = value
        else:
            problems.append(f"match={raw[-1]!r} is not one of {', '.join(MATCHES)}")

    raw = _values(params, "categories")
    if raw is not None:
        found["categories"] = _known(raw, category_id, problems, "categories={!r} is not a known category")

    raw = _values(params, "dates")
    if raw:
        dates, bad = _parse_dates(raw, first, last)
        if bad:
            problems.append(bad)
        elif dates:
            found["dates"] = dates

    raw = _values(params, "imported")
    if raw:
        value = raw[-1].lower()
        if value in _TRUE | _FALSE:
            found["imported"] = value in _TRUE
        else:
            problems.append(f"imported={raw[-1]!r} is not true or false")
    return ParsedLink(**found, problems=tuple(problems))


def _known(raw: list[str], convert: Callable[[str], str], problems: list[str], message: str) -> tuple[str, ...]:
    """``raw`` through ``convert`` (first occurrence kept); each value it refuses adds ``message`` to problems."""
    known = []
    for value in raw:
        try:
            known.append(convert(value))
        except ValueError:
            problems.append(message.format(value))
    return tuple(dict.fromkeys(known))


def _parse_dates(raw: list[str], first: dt.date, last: dt.date) -> tuple[tuple[dt.date, dt.date] | None, str]:
    if len(raw) > 2:
        return None, f"dates={raw!r}: expected a start and an end date (YYYY-MM-DD)"
    try:
        days = [dt.date.fromisoformat(v) for v in raw]
    except ValueError:
        return None, f"dates={raw!r}: expected dates as YYYY-MM-DD"
    outside = [d.isoformat() for d in days if not first <= d <= last]
    if outside:
        return None, f"dates={outside!r} lie outside {first.isoformat()} … {last.isoformat()}"
    start, end = (days[0], last) if len(days) == 1 else (min(days), max(days))
    return (start, end), ""


def link_params(view: View, first: dt.date, last: dt.date) -> dict[str, list[str]]:
    """URL parameters for a view, leaving out values equal to the defaults.

    Countries are written as names (readable links), categories as ids, dates as ISO dates.
    """
    params: dict[str, list[str]] = {}
    if view.countries:
        params["countries"] = [country_name(c) for c in view.countries]
        if len(view.countries) > 1 and view.match != "any":
            params["match"] = [view.match]
    if view.dates is not None and tuple(view.dates) != (first, last):
        params["dates"] = [d.isoformat() for d in view.dates]
    if view.categories:
        params["categories"] = list(view.categories)
    if view.imported:
        params["imported"] = ["true"]
    return params
