"""Every country a feed can name, and the dashboard's theatre (the default import scope).

- CAMEO actor country codes (GDELT ``Actor1CountryCode``/``Actor2CountryCode``): GDELT's published
  ``CAMEO.country.txt``, bundled as ``data/reference/cameo_countries.csv`` (see ``data/README.md``).
  It holds ISO 3166-1 alpha-3 codes plus CAMEO's own (regions such as ``AFR``, old codes such as
  ``ROM``, ``TMP``). A code outside that table is a real error.
- ACLED ``country`` names: ISO 3166-1 (``pycountry``), ACLED's numeric ``iso`` column when the file has
  it, and :data:`ACLED_NAME_ALIASES` for ACLED spellings that are not ISO names.
- GDELT geography (``ActionGeo_CountryCode``) is FIPS 10-4: only the theatre's codes are mapped
  (:data:`FIPS_TO_ISO3`); the place's country is used for scope, never to reject a row.
"""

from __future__ import annotations

import csv
import functools
import unicodedata

import pycountry

from analysis.data.countries import COUNTRY_NAMES, MAIN_ACTORS
from analysis.data.schemas import CAMEO_COUNTRIES
from analysis.settings import DEFAULT_DATA_DIR

CAMEO_COUNTRY_FILE = DEFAULT_DATA_DIR / CAMEO_COUNTRIES.filename  # the loader checks it (data/README.md)
# The default import scope: an event is in the theatre when an actor or the place's country is one of
# these, or the place lies in THEATRE_BOX (lon_min, lat_min, lon_max, lat_max; EPSG:4326).
THEATRE_COUNTRIES: tuple[str, ...] = MAIN_ACTORS
THEATRE_BOX = (117.0, 20.0, 133.0, 34.0)
SCOPES = ("theatre", "all")
# One bit per filterable country (the sidebar's list) in the store's ``actor_bits`` column.
COUNTRY_BITS: dict[str, int] = {code: 1 << i for i, code in enumerate(COUNTRY_NAMES)}
# FIPS 10-4 (GDELT geography) for the theatre and its neighbours.
FIPS_TO_ISO3 = {
    "JA": "JPN", "CH": "CHN", "US": "USA", "TW": "TWN", "KS": "KOR", "KN": "PRK", "RS": "RUS", "RP": "PHL",
    "AS": "AUS", "UK": "GBR", "FR": "FRA", "GM": "DEU", "IN": "IND", "CA": "CAN", "NZ": "NZL", "NL": "NLD",
    "IT": "ITA", "VM": "VNM", "ID": "IDN", "MY": "MYS", "SN": "SGP", "TH": "THA", "UP": "UKR",
}
# ACLED country spellings that are not ISO 3166-1 names (ISO3, or XKX for Kosovo as ACLED and the EU use).
ACLED_NAME_ALIASES = {
    "democratic republic of congo": "COD", "republic of congo": "COG", "ivory coast": "CIV", "cape verde": "CPV",
    "kosovo": "XKX", "palestine": "PSE", "russia": "RUS", "brunei": "BRN", "east timor": "TLS",
    "micronesia": "FSM", "vatican city": "VAT", "bailiwick of guernsey": "GGY", "bailiwick of jersey": "JEY",
    "saint-barthelemy": "BLM", "saint-martin": "MAF", "caribbean netherlands": "BES", "turkey": "TUR",
    "macau": "MAC", "macao": "MAC", "sint maarten": "SXM", "falkland islands": "FLK", "swaziland": "SWZ",
    "eswatini": "SWZ", "united states": "USA", "united kingdom": "GBR", "south korea": "KOR",
    "north korea": "PRK", "taiwan": "TWN", "china": "CHN", "laos": "LAO", "vietnam": "VNM", "syria": "SYR",
    "iran": "IRN", "bolivia": "BOL", "venezuela": "VEN", "tanzania": "TZA", "moldova": "MDA",
    "czech republic": "CZE", "north macedonia": "MKD", "macedonia": "MKD", "people's republic of china": "CHN",
    "republic of korea": "KOR", "democratic people's republic of korea": "PRK", "viet nam": "VNM",
    "russian federation": "RUS", "saint helena": "SHN", "reunion": "REU", "curacao": "CUW",
    "aland islands": "ALA", "turks and caicos": "TCA", "virgin islands, u.s.": "VIR",
}


@functools.cache
def cameo_countries() -> dict[str, str]:
    """CAMEO country code -> label, from the bundled GDELT lookup file.

    Raises
    ------
    ValueError
        If the bundled file is missing a header or a row is malformed.
    """
    with CAMEO_COUNTRY_FILE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != ["code", "label"]:
            raise ValueError(f"{CAMEO_COUNTRY_FILE}: expected header code,label, got {reader.fieldnames!r}")
        return {row["code"]: row["label"] for row in reader}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.lower().replace("\u2019", "'").split())


@functools.cache
def _iso_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[_fold(value)] = country.alpha_3
        names[country.alpha_3.lower()] = country.alpha_3
    names.update({_fold(name): code for code, name in COUNTRY_NAMES.items()})
    names.update(ACLED_NAME_ALIASES)
    return names


@functools.cache
def _iso_numeric() -> dict[str, str]:
    return {str(int(c.numeric)): c.alpha_3 for c in pycountry.countries}


def country_from_name(name: str) -> str | None:
    """ISO3 code for a country name as ACLED (or ISO 3166-1) writes it; ``None`` when unknown."""
    return _iso_names().get(_fold(name)) if name else None


def country_from_iso_numeric(value: str) -> str | None:
    """ISO3 code for an ISO 3166-1 numeric code (ACLED's ``iso`` column); ``None`` when unknown."""
    text = str(value).strip()
    if not text.isdigit():
        return None
    return _iso_numeric().get(str(int(text)))


def name_lookup() -> dict[str, str]:
    """Folded country name -> ISO3 (for vectorised mapping of a column)."""
    return _iso_names()


def fold_names(values):
    """Fold a pandas Series of names the way :func:`country_from_name` does (lower case, no accents)."""
    return values.map(_fold)


def bits_for(codes) -> int:
    """The ``actor_bits`` value for an iterable of ISO3 codes (unknown codes add nothing)."""
    total = 0
    for code in codes:
        total |= COUNTRY_BITS.get(code, 0)
    return total
