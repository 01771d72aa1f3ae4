"""Country codes (ISO 3166-1 alpha-3) and their display names."""

from __future__ import annotations

# The theatre's main actors first; the order is the order shown in the sidebar.
COUNTRY_NAMES: dict[str, str] = {
    "JPN": "Japan",
    "CHN": "China",
    "USA": "United States",
    "TWN": "Taiwan",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "RUS": "Russia",
    "PHL": "Philippines",
    "AUS": "Australia",
    "GBR": "United Kingdom",
    "FRA": "France",
    "DEU": "Germany",
    "IND": "India",
    "CAN": "Canada",
    "NZL": "New Zealand",
    "NLD": "Netherlands",
    "ITA": "Italy",
    "VNM": "Vietnam",
    "IDN": "Indonesia",
    "MYS": "Malaysia",
    "SGP": "Singapore",
    "THA": "Thailand",
    "UKR": "Ukraine",
}

MAIN_ACTORS: tuple[str, ...] = ("JPN", "CHN", "USA", "TWN", "KOR", "PRK", "RUS", "PHL", "AUS")


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
