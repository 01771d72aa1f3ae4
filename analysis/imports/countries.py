"""Every country a feed can name, and the dashboard's theatre (the default import scope).

- CAMEO actor country codes (GDELT ``Actor1CountryCode``/``Actor2CountryCode``): GDELT's published
  ``CAMEO.country.txt``, bundled as ``data/reference/cameo_countries.csv`` (see ``data/README.md``).
  It holds ISO 3166-1 alpha-3 codes plus CAMEO's own (regions such as ``AFR``, old codes such as
  ``ROM``, ``TMP``). A code outside that table is a real error.
- ACLED ``country`` names: ISO 3166-1 (``pycountry``), ACLED's numeric ``iso`` column when the file has
  it, and :data:`ACLED_NAME_ALIASES` for ACLED spellings that are not ISO names.
- GDELT geography (``ActionGeo_CountryCode``) is FIPS 10-4: only the theatre's codes are mapped
  (:data:`analysis.data.countries.FIPS_TO_ISO3`); the place's country is used for scope, never to reject a row.
"""

from __future__ import annotations

import csv
import functools
import unicodedata

import numpy as np
import pycountry

from analysis.data.countries import COUNTRY_NAMES, FIPS_TO_ISO3, MAIN_ACTORS
from analysis.data.schemas import CAMEO_COUNTRIES
from analysis.settings import DEFAULT_DATA_DIR

CAMEO_COUNTRY_FILE = DEFAULT_DATA_DIR / CAMEO_COUNTRIES.filename  # the loader checks it (data/README.md)
# The theatre (the default import scope, ``docs/import.md`` "Theatre scope"): an event is kept when
#   region: its place lies in one of THEATRE_REGION's boxes, or
#   dyad:   its two actors are two different THEATRE_COUNTRIES, at least one of them in DYAD_CORE.
# A US, Russian or Australian actor alone, far from the region, is outside.
THEATRE_COUNTRIES: tuple[str, ...] = MAIN_ACTORS
DYAD_CORE: tuple[str, ...] = ("JPN", "CHN", "TWN", "KOR", "PRK")
# Seas and coasts around Japan, China, the Koreas, Taiwan and the Philippines, as boxes
# (name, lon_min, lat_min, lon_max, lat_max) in EPSG:4326 degrees, edges included.
THEATRE_REGION: tuple[tuple[str, float, float, float, float], ...] = (
    # Japan (Kyushu to Hokkaido and the southern Kurils), the Koreas, the Yellow, Bohai, East China and
    # Japan seas, the Chinese coast from Tianjin to Zhejiang, Nansei and Ogasawara islands.
    ("northeast_asia_seas", 117.0, 24.0, 149.0, 46.0),
    # Taiwan, the Taiwan Strait, the Fujian and Guangdong coast, Hong Kong, Hainan's east coast.
    ("taiwan_strait_south_china_coast", 109.0, 18.0, 124.0, 27.0),
    # The Philippines, the Luzon Strait, the Spratly, Paracel and Scarborough areas of the South China Sea.
    ("philippines_south_china_sea", 109.0, 4.0, 127.0, 21.0),
    # The Philippine Sea between Taiwan/Luzon and the Ogasawara chain (Okinotorishima).
    ("philippine_sea", 124.0, 17.0, 143.0, 24.0),
)
SCOPES = ("theatre", "region", "dyads", "all")
# How the valid rows of a file meet the two clauses (counted for every scope).
CLAUSE_KEYS = ("region_dyad", "region_only", "dyad_only", "neither")
SCOPE_HELP = {
    "theatre": "place in the theatre region or between two theatre countries (default)",
    "region": "place in the theatre region only",
    "dyads": "between two theatre countries only (anywhere)",
    "all": "every valid row",
}
# The store's ``actor_bits`` column: one bit per country, position i = ACTOR_BIT_TABLE[i]. The table is
# append-only and independent of the sidebar's order (COUNTRY_NAMES): reordering the sidebar never
# relabels stored rows. Every batch records the table it was written with (``actor_bits_table`` in its
# sidecar); a batch whose table is not a prefix of this one is skipped by the store's scan, never misread.
# Add a new filterable country at the END (at most 63 entries: BIGINT).
ACTOR_BIT_TABLE: tuple[str, ...] = (
    "JPN", "CHN", "USA", "TWN", "KOR", "PRK", "RUS", "PHL", "AUS", "GBR", "FRA", "DEU", "IND", "CAN", "NZL", "NLD",
    "ITA", "VNM", "IDN", "MYS", "SGP", "THA", "UKR",
)
# Batches written before the table was recorded used the sidebar order of that time, which is this prefix.
LEGACY_BIT_TABLE: tuple[str, ...] = ACTOR_BIT_TABLE[:23]
COUNTRY_BITS: dict[str, int] = {code: 1 << i for i, code in enumerate(ACTOR_BIT_TABLE)}
if set(COUNTRY_NAMES) - set(ACTOR_BIT_TABLE) or len(ACTOR_BIT_TABLE) > 63:
    raise RuntimeError("every sidebar country needs a bit in ACTOR_BIT_TABLE (append it; at most 63), got "
                       f"{sorted(set(COUNTRY_NAMES) - set(ACTOR_BIT_TABLE))!r} missing, {len(ACTOR_BIT_TABLE)} bits")
# ACLED country spellings that pycountry (ISO 3166-1 name, official or common name) and COUNTRY_NAMES do not
# resolve (ISO3, or XKX for Kosovo as ACLED and the EU use); tests/unit/imports/test_acled_countries.py
# checks every ACLED spelling still maps.
ACLED_NAME_ALIASES = {
    "democratic republic of congo": "COD", "republic of congo": "COG", "ivory coast": "CIV", "cape verde": "CPV",
    "kosovo": "XKX", "palestine": "PSE", "brunei": "BRN", "east timor": "TLS", "micronesia": "FSM",
    "vatican city": "VAT", "bailiwick of guernsey": "GGY", "bailiwick of jersey": "JEY", "saint-barthelemy": "BLM",
    "saint-martin": "MAF", "caribbean netherlands": "BES", "turkey": "TUR", "macau": "MAC", "sint maarten": "SXM",
    "falkland islands": "FLK", "swaziland": "SWZ", "macedonia": "MKD", "republic of korea": "KOR",
    "saint helena": "SHN", "turks and caicos": "TCA",
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


# How a row outside the scope is counted (``ImportReport.outside_by``): its main actor country (CAMEO or
# ISO3 code), else the FIPS 10-4 country of its place written with this prefix, else one of these reasons.
PLACE_PREFIX = "FIPS "
NO_COUNTRY = "no country"
BEFORE_PREFIX = "before "


def outside_label(key: str) -> str:
    """Plain words for an outside-scope count's key: a country name, never a feed's code.

    ``IRQ`` -> ``Iraq``; ``FIPS IN`` (GDELT gave only the place's FIPS 10-4 code) -> ``India (place of the
    event)``; a FIPS code outside the country table -> ``Another country (place of the event)``.
    """
    if key.startswith(PLACE_PREFIX):
        iso3 = FIPS_TO_ISO3.get(key.removeprefix(PLACE_PREFIX))
        return f"{COUNTRY_NAMES[iso3]} (place of the event)" if iso3 else "Another country (place of the event)"
    if key == NO_COUNTRY:
        return "No country given"
    if key.startswith(BEFORE_PREFIX):
        return "Dated " + key
    if key == "others":
        return "Others"
    return _code_names().get(key, key)


@functools.cache
def _code_names() -> dict[str, str]:
    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    names.update(cameo_countries())
    names.update(COUNTRY_NAMES)
    return names


def name_lookup() -> dict[str, str]:
    """Folded country name -> ISO3 (for vectorised mapping of a column)."""
    return _iso_names()


def fold_names(values):
    """Fold a pandas Series of names the way :func:`country_from_name` does (lower case, no accents)."""
    return values.map(_fold)


def bit_table_compatible(table: list[str] | tuple[str, ...] | None) -> bool:
    """Whether ``actor_bits`` written with ``table`` (None: before tables were recorded) read right today."""
    written = tuple(table) if table is not None else LEGACY_BIT_TABLE
    return ACTOR_BIT_TABLE[:len(written)] == written


def bits_for(codes) -> int:
    """The ``actor_bits`` value for an iterable of ISO3 codes (unknown codes add nothing)."""
    total = 0
    for code in codes:
        total |= COUNTRY_BITS.get(code, 0)
    return total


def in_theatre_region(lat, lon) -> np.ndarray:
    """Whether each point (EPSG:4326 degrees) lies in a box of :data:`THEATRE_REGION`; NaN -> False."""
    lat = np.asarray(lat, dtype="float64")
    lon = np.asarray(lon, dtype="float64")
    hit = np.zeros(lat.shape, dtype=bool)
    for _, lon_min, lat_min, lon_max, lat_max in THEATRE_REGION:
        hit |= (lon >= lon_min) & (lon <= lon_max) & (lat >= lat_min) & (lat <= lat_max)
    return hit


def theatre_dyad(first, second) -> np.ndarray:
    """Whether each pair of actor countries (ISO3/CAMEO codes; missing = None/NaN/"") is a theatre dyad.

    Both codes in :data:`THEATRE_COUNTRIES`, different, and at least one in :data:`DYAD_CORE`.
    """
    a = np.asarray(first, dtype=object)
    b = np.asarray(second, dtype=object)
    theatre = list(THEATRE_COUNTRIES)
    core = list(DYAD_CORE)
    both = np.isin(a, theatre) & np.isin(b, theatre) & (a != b)
    return both & (np.isin(a, core) | np.isin(b, core))


def scope_keep(scope: str, region, dyad) -> np.ndarray:
    """Rows a scope keeps, from the two clause masks (see :data:`SCOPES`).

    Raises
    ------
    ValueError
        For an unknown ``scope``.
    """
    region = np.asarray(region, dtype=bool)
    dyad = np.asarray(dyad, dtype=bool)
    if scope == "theatre":
        return region | dyad
    if scope == "region":
        return region
    if scope == "dyads":
        return dyad
    if scope == "all":
        return np.ones(region.shape, dtype=bool)
    raise ValueError(f"scope must be one of {SCOPES}, got {scope!r}")


def region_sql(lat: str = "lat", lon: str = "lon") -> str:
    """:func:`in_theatre_region` as a SQL predicate (DuckDB) over the columns ``lat`` and ``lon``."""
    boxes = [f"({lon} BETWEEN {x0} AND {x1} AND {lat} BETWEEN {y0} AND {y1})"
             for _, x0, y0, x1, y1 in THEATRE_REGION]
    return "(" + " OR ".join(boxes) + ")"


def dyad_sql(first: str, second: str) -> str:
    """:func:`theatre_dyad` as a SQL predicate (DuckDB) over two actor-country columns."""
    theatre = ", ".join(f"'{c}'" for c in THEATRE_COUNTRIES)
    core = ", ".join(f"'{c}'" for c in DYAD_CORE)
    return (f"({first} IN ({theatre}) AND {second} IN ({theatre}) AND {first} <> {second} "
            f"AND ({first} IN ({core}) OR {second} IN ({core})))")


def kept_by_clause(scope: str, clauses: dict[str, int]) -> dict[str, int]:
    """Rows a scope kept per clause (``region``, ``dyad``, ``other``) from the counts of :data:`CLAUSE_KEYS`.

    A row meeting both clauses counts for ``region`` (``dyad`` under ``--scope dyads``); ``other`` is only
    kept by ``--scope all``.
    """
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, got {scope!r}")
    both, region, dyad, neither = (int(clauses.get(k, 0)) for k in CLAUSE_KEYS)
    kept = {"region": 0, "dyad": 0, "other": 0}
    if scope in ("theatre", "region", "all"):
        kept["region"] = both + region
    if scope in ("theatre", "all"):
        kept["dyad"] = dyad
    if scope == "dyads":
        kept["dyad"] = both + dyad
    if scope == "all":
        kept["other"] = neither
    return kept
