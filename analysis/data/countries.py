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
