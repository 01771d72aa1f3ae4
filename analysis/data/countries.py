"""The one country table: ISO 3166-1 alpha-3 code, display name, FIPS code, theatre membership, colour, ally."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    """One country as every part of the dashboard sees it.

    ``theatre``: a main actor (listed first in the sidebar, the import scope's countries, a chart colour);
    ``ally``: on the US-alliance side for ingestion's category rules; ``fips``: its FIPS 10-4 code
    (GDELT's ``ActionGeo_CountryCode``).
    """

    code: str
    name: str
    fips: str
    theatre: bool = False
    colour: str | None = None
    ally: bool = False


# The theatre's main actors first; the order is the order shown in the sidebar.
COUNTRIES: tuple[Country, ...] = (
    Country("JPN", "Japan", "JA", theatre=True, colour="#BC002D", ally=True),
    Country("CHN", "China", "CH", theatre=True, colour="#E69F00"),
    Country("USA", "United States", "US", theatre=True, colour="#0072B2", ally=True),
    Country("TWN", "Taiwan", "TW", theatre=True, colour="#009E73"),
    Country("KOR", "South Korea", "KS", theatre=True, colour="#56B4E9", ally=True),
    Country("PRK", "North Korea", "KN", theatre=True, colour="#7F7F7F"),
    Country("RUS", "Russia", "RS", theatre=True, colour="#6A3D9A"),
    Country("PHL", "Philippines", "RP", theatre=True, colour="#CC79A7", ally=True),
    Country("AUS", "Australia", "AS", theatre=True, colour="#D55E00", ally=True),
    Country("GBR", "United Kingdom", "UK"),
    Country("FRA", "France", "FR"),
    Country("DEU", "Germany", "GM"),
    Country("IND", "India", "IN"),
    Country("CAN", "Canada", "CA"),
    Country("NZL", "New Zealand", "NZ"),
    Country("NLD", "Netherlands", "NL"),
    Country("ITA", "Italy", "IT"),
    Country("VNM", "Vietnam", "VM"),
    Country("IDN", "Indonesia", "ID"),
    Country("MYS", "Malaysia", "MY"),
    Country("SGP", "Singapore", "SN"),
    Country("THA", "Thailand", "TH"),
    Country("UKR", "Ukraine", "UP"),
)

COUNTRY_NAMES: dict[str, str] = {c.code: c.name for c in COUNTRIES}
"""ISO3 code -> display name, sidebar order."""
MAIN_ACTORS: tuple[str, ...] = tuple(c.code for c in COUNTRIES if c.theatre)
"""The theatre's countries: sidebar first, the import scope (``imports.countries.THEATRE_COUNTRIES``)."""
COUNTRY_COLORS: dict[str, str] = {c.code: c.colour for c in COUNTRIES if c.colour}
"""Chart colour of each main actor."""
FIPS_TO_ISO3: dict[str, str] = {c.fips: c.code for c in COUNTRIES}
"""FIPS 10-4 (GDELT geography) -> ISO3, for every country in the table."""
ALLIES: frozenset[str] = frozenset(c.code for c in COUNTRIES if c.ally)
"""The US-alliance side, for ingestion's category rules ("allies" vs "others")."""


def country_name(code: str) -> str:
    """Return the display name of an ISO3 code, or the code itself if unknown."""
    return COUNTRY_NAMES.get(code, code)


def country_code(label: str) -> str:
    """Return the ISO3 code for a display name or a code.

    Raises
    ------
    ValueError
        If ``label`` is neither a known name nor a known code.
    """
    text = str(label).strip()
    if text.upper() in COUNTRY_NAMES:
        return text.upper()
    for code, name in COUNTRY_NAMES.items():
        if name.lower() == text.lower():
            return code
    raise ValueError(f"unknown country: expected an ISO3 code such as JPN or a name, got {label!r}")


def actor_code_problem(code: str) -> str | None:
    """Why ``code`` is not an accepted actor code, or ``None`` if it is one.

    The one actor-code rule, used by the data contract (``actors``/``initiator``/``target``),
    the Curate form and the ingestion gazetteer: an upper-case ISO 3166-1 alpha-3 code
    that the country table (:data:`COUNTRIES`) lists.
    """
    text = str(code)
    if not text.strip():
        return "empty code: give an ISO3 code such as JPN"
    if text.strip() != text:
        return f"spaces around the code: write {text.strip()!r}"
    if text.upper() in COUNTRY_NAMES and text != text.upper():
        return f"lower case: write {text.upper()!r}"
    if text not in COUNTRY_NAMES:
        return "not in the country table (analysis/data/countries.py): expected an ISO3 code such as JPN"
    return None


def valid_actor_code(code: str) -> bool:
    """Whether ``code`` is an accepted actor code (see :func:`actor_code_problem`)."""
    return actor_code_problem(code) is None


def parse_actors(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Split a ``;`` list of actor codes into accepted codes and ``(code, reason)`` rejections.

    Accepted codes keep their order; a code listed again is rejected as a duplicate, an empty
    item (``JPN;;CHN``) as empty. A blank cell is no codes and no rejection (whether the column
    may be empty is the contract's ``required``).
    """
    text = "" if text is None else str(text)
    if not text.strip():
        return [], []
    accepted: list[str] = []
    rejected: list[tuple[str, str]] = []
    for item in text.split(";"):
        reason = actor_code_problem(item)
        if reason is None and item in accepted:
            reason = "listed twice"
        if reason is None:
            accepted.append(item)
        else:
            rejected.append((item, reason))
    return accepted, rejected
