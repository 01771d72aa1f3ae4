"""The data contract: columns, types and rules of every curated table.

Each table is described once here (`TABLES`); the loader reads the CSV with
these columns and types and validates it with the pandera schema built from
the same description, so the documentation in ``data/README.md``, the reader
and the checks cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandera.pandas as pa

CATEGORIES: tuple[str, ...] = (
    "diplomatic",
    "statement",
    "military_exercise",
    "military_incident",
    "maritime_grey_zone",
    "economic_measure",
    "defence_industry",
    "force_posture",
    "budget_policy",
    "alliance",
)
REGIONS: tuple[str, ...] = (
    "southwest_islands",
    "okinawa",
    "senkaku",
    "taiwan_strait",
    "east_china_sea",
    "mainland_japan",
    "mainland_china",
    "taiwan",
    "korean_peninsula",
    "washington",
    "other",
)
# Events in these regions must have coordinates inside SOUTHWEST_BOX.
SOUTHWEST_REGIONS: tuple[str, ...] = ("southwest_islands", "okinawa", "senkaku")
# lon_min, lat_min, lon_max, lat_max in EPSG:4326 degrees.
SOUTHWEST_BOX: tuple[float, float, float, float] = (117.0, 20.0, 133.0, 34.0)
SITE_KINDS: tuple[str, ...] = (
    "air_base",
    "naval_base",
    "army_camp",
    "missile_unit",
    "radar",
    "port",
    "airport",
    "island",
    "other",
)
BUDGET_SCOPES: tuple[str, ...] = (
    "initial_incl_saco_realignment",
    "initial_excl_saco_realignment",
    "supplementary",
    "official_announced",
    "enacted",
    "request",
)
SOURCE_KINDS: tuple[str, ...] = ("official", "news", "research", "dataset")
# How much weight a source carries, strongest first (data/README.md, "Source tiers").
SOURCE_TIERS: tuple[str, ...] = ("official", "wire", "major", "other", "mirror")
SOURCE_TIER_HELP: dict[str, str] = {
    "official": "a government, ministry, armed force or international body speaking for itself",
    "wire": "a news agency (Kyodo, Jiji, Reuters, AP, AFP, Xinhua, CNA)",
    "major": "an established newspaper, broadcaster or research institute",
    "other": "any other site: a smaller outlet, a blog, a company page",
    "mirror": "a copy or repost of another publisher's page (cite the original when you can)",
}
CONFIDENCE: tuple[str, ...] = ("high", "medium", "low")
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year")
# How much an event's lat/lon says (data/README.md, "Positions"): the place itself, a representative
# point of a named area, or only the country.
LOCATION_PRECISIONS: tuple[str, ...] = ("exact", "area", "country")
# Row status of a curated event: empty = active; retired rows stay in the file but are left out.
EVENT_STATUSES: tuple[str, ...] = ("active", "retired")
RETIRED = "retired"
EARLIEST_DATE = dt.date(1990, 1, 1)

ISO3_PATTERN = r"^[A-Z]{3}$"
ID_LIST_PATTERN = r"^[A-Za-z0-9_.:-]+(;[A-Za-z0-9_.:-]+)*$"
ID_PATTERN = r"^[A-Za-z0-9_.:-]+$"
# CAMEO event codes are text with the leading zero kept: root "01".."20", base "042", detail "0874".
CAMEO_CODE_PATTERN = r"^\d{2,4}$"
# Published reference tables (data/reference/): read and checked like curated tables, cite no source.
REFERENCE_DIR = "reference"


@dataclass(frozen=True)
class Col:
    """One column of a table: its type, whether it must be filled, and its checks.

    ``kind`` is one of ``str``, ``float``, ``int``, ``date``; ``list`` marks a
    ``;``-separated list of identifiers stored as text. ``in_header=False`` marks an
    optional column a file may leave out of its header without a problem (the curation
    tool adds it with the first row that fills it); any other missing column is reported.
    """

    name: str
    kind: str = "str"
    required: bool = True
    in_header: bool = True
    unique: bool = False
    isin: tuple[str, ...] | None = None
    pattern: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    description: str = ""
    actor_codes: str = ""  # "one" or "list": ISO3 actor codes, checked by countries.actor_code_problem


@dataclass(frozen=True)
class TableSpec:
    """A curated table: file name, columns, and the keys that must be unique together."""

    name: str
    filename: str
    columns: tuple[Col, ...]
    unique_together: tuple[str, ...] = ()
    cites_sources: bool = True
    description: str = ""
    extra_checks: tuple[str, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        """Column names in file order."""
        return [c.name for c in self.columns]

    def essential(self, col: Col) -> bool:
        """Whether no row can be used without this column: an id, a key, a number or a date.

        A missing essential column leaves the table empty; any other missing column is
        filled with empty cells and its rows are kept.
        """
        return col.unique or col.name in self.unique_together or (col.required and col.kind != "str")


def _sources_col() -> Col:
    return Col("source_ids", pattern=ID_LIST_PATTERN, description="`;` list of sources.csv ids")


def _notes_and_sources() -> tuple[Col, Col]:
    """Free-text notes, then the cited sources: the closing columns of every cited table."""
    return Col("notes", required=False), _sources_col()


def _id_col(name: str, description: str = "") -> Col:
    """The table's own id: unique, letters/digits/underscores (:data:`ID_PATTERN`)."""
    return Col(name, unique=True, pattern=ID_PATTERN, description=description)


def _year_col(name: str = "year") -> Col:
    return Col(name, "int", min_value=1990, max_value=2100)


SOURCES = TableSpec(
    "sources",
    "sources.csv",
    (
        _id_col("source_id"),
        Col("publisher"),
        Col("title"),
        Col(
            "published",
            required=False,
            pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
            description="YYYY-MM-DD, YYYY-MM or YYYY; empty only for undated reference pages",
        ),
        Col("url", required=False, pattern=r"^https?://\S+$", description="only when certain"),
        Col("kind", isin=SOURCE_KINDS),
        Col("language", pattern=r"^[a-z]{2}$", description="ISO 639-1"),
        Col(
            "tier",
            required=False,
            in_header=False,
            isin=SOURCE_TIERS,
            description="official body, news agency, major outlet, other site, or a mirror/repost of "
            "another publisher's page; filled for every source in data/ (a test checks)",
        ),
    ),
    cites_sources=False,
    description="Every publication a curated row cites.",
)

EVENTS = TableSpec(
    "events",
    "events.csv",
    (
        _id_col("event_id"),
        Col("date", "date"),
        Col("date_precision", isin=DATE_PRECISIONS),
        Col("end_date", "date", required=False),
        Col("title"),
        Col("summary"),
        Col("category", isin=CATEGORIES),
        Col("actors", actor_codes="list", description="`;`-separated"),
        Col("initiator", actor_codes="one"),
        Col("target", required=False, actor_codes="one"),
        Col("location", required=False),
        Col("lat", "float", required=False, min_value=-90, max_value=90),
        Col("lon", "float", required=False, min_value=-180, max_value=180),
        Col(
            "location_precision",
            required=False,
            in_header=False,
            isin=LOCATION_PRECISIONS,
            description="what lat/lon stand for: the place itself, a documented representative point of "
            "a named area, or only the country; filled wherever lat/lon are (a test checks)",
        ),
        Col("region", isin=REGIONS),
        Col(
            "event_code",
            pattern=CAMEO_CODE_PATTERN,
            description="CAMEO event code as text (leading zero kept), listed in reference/cameo_event_codes.csv",
        ),
        Col(
            "goldstein",
            "float",
            required=False,
            min_value=-10,
            max_value=10,
            description="empty = the Goldstein value of `event_code` (reference/cameo_goldstein.csv); "
            "any other value needs `goldstein_override_reason`",
        ),
        Col(
            "goldstein_override_reason",
            required=False,
            description="why `goldstein` differs from the table value of `event_code`; empty otherwise",
        ),
        Col("responds_to", required=False, pattern=ID_LIST_PATTERN),
        _sources_col(),
        Col("confidence", isin=CONFIDENCE),
        Col(
            "status",
            required=False,
            in_header=False,
            isin=EVENT_STATUSES,
            description="empty = active; `retired` rows stay in the file and are left out of the charts",
        ),
        Col("status_reason", required=False, in_header=False,
            description="why the row was retired (required when retired)"),
    ),
    description="Curated events of the dispute and the alliance response.",
    extra_checks=("end_date_after_date", "lat_lon_together", "southwest_in_box", "retired_has_reason"),
)

SITES = TableSpec(
    "sites",
    "sites.csv",
    (
        _id_col("site_id"),
        Col("name"),
        Col("name_local", required=False),
        Col("operator", pattern=ISO3_PATTERN),
        Col("service", required=False),
        Col("kind", isin=SITE_KINDS),
        Col("lat", "float", min_value=-90, max_value=90),
        Col("lon", "float", min_value=-180, max_value=180),
        Col("established", "int", required=False, min_value=1800, max_value=2100),
        *_notes_and_sources(),
        Col("confidence", isin=CONFIDENCE),
    ),
    description="Installations, islands and reference places.",
)

BUDGETS = TableSpec(
    "budgets",
    "budgets.csv",
    (
        Col("country", pattern=ISO3_PATTERN),
        _year_col("fiscal_year"),
        Col("amount_bn", "float", min_value=0),
        Col("currency", pattern=ISO3_PATTERN, description="ISO 4217"),
        Col("scope", isin=BUDGET_SCOPES),
        *_notes_and_sources(),
    ),
    unique_together=("country", "fiscal_year", "scope"),
    description="Defence budgets in billions of local currency, one row per scope.",
)

STATS = TableSpec(
    "stats",
    "stats.csv",
    (
        Col("series_id", pattern=ID_PATTERN),
        Col("period", pattern=r"^(\d{4}|FY\d{4}|\d{4}-\d{2})$", description="YYYY, FYYYYY or YYYY-MM"),
        Col("value", "float"),
        Col("unit"),
        *_notes_and_sources(),
    ),
    unique_together=("series_id", "period"),
    description="Recurring statistics (scrambles, vessels near the Senkakus, ...).",
)

STATS_SERIES = TableSpec(
    "stats_series",
    "stats_series.csv",
    (
        _id_col("series_id"),
        Col("title"),
        Col("unit"),
        Col("definition"),
        _sources_col(),
    ),
    description="One row per statistics series: what it counts and where it comes from.",
)

def _annual(name: str, key: str, values: tuple[Col, ...], description: str) -> TableSpec:
    """A yearly table keyed by ``key`` (an ISO3 currency or country) and ``year``."""
    return TableSpec(
        name,
        f"{name}.csv",
        (Col(key, pattern=ISO3_PATTERN), _year_col(), *values, *_notes_and_sources()),
        unique_together=(key, "year"),
        description=description,
    )


FX = _annual(
    "fx", "currency", (Col("per_usd", "float", min_value=0),),
    "Annual-average exchange rates, units of currency per US dollar.",
)

GDP = _annual(
    "gdp", "country", (Col("gdp_bn", "float", min_value=0), Col("currency", pattern=ISO3_PATTERN)),
    "Nominal GDP in billions of local currency.",
)

NAME_LAYERS: tuple[str, ...] = ("sites", "points", "lines")

NAMES = TableSpec(
    "names",
    "names.csv",
    (
        _id_col("feature_id", "a `site_id`, or a `point_id`/`line_id` of data/geo"),
        Col("layer", isin=NAME_LAYERS),
        Col("name_en", description="English name or exonym"),
        Col("name_ja", required=False, description="Japanese name as used in Japan"),
        Col("name_ja_romaji", required=False, description="Hepburn reading of the Japanese name"),
        Col("name_zh", required=False, description="Chinese name, simplified characters (PRC usage)"),
        Col("name_zh_tw", required=False, description="Chinese name, traditional characters (Taiwan usage)"),
        Col("contested", isin=("yes", "no"), description="yes: the map always shows the Japanese and Chinese names"),
        Col("note", required=False),
        _sources_col(),
    ),
    description="English, Japanese and Chinese names of every site, strait and map label.",
)

CAMEO_EVENT_CODES = TableSpec(
    "cameo_event_codes",
    f"{REFERENCE_DIR}/cameo_event_codes.csv",
    (Col("code", unique=True, pattern=CAMEO_CODE_PATTERN), Col("label")),
    cites_sources=False,
    description="CAMEO event codes and their labels, as published by GDELT (see Reference tables).",
)

CAMEO_GOLDSTEIN = TableSpec(
    "cameo_goldstein",
    f"{REFERENCE_DIR}/cameo_goldstein.csv",
    (
        Col("code", unique=True, pattern=CAMEO_CODE_PATTERN),
        Col("goldstein", "float", min_value=-10, max_value=10),
    ),
    cites_sources=False,
    description="Goldstein (1992) conflict-cooperation score of every CAMEO event code, as published by GDELT.",
)

CAMEO_COUNTRIES = TableSpec(
    "cameo_countries",
    f"{REFERENCE_DIR}/cameo_countries.csv",
    (Col("code", unique=True, pattern=r"^([A-Z]{3}|0)$", description="ISO3-like; 0 = unknown"), Col("label")),
    cites_sources=False,
    description="CAMEO country and region codes with their labels, as published by GDELT.",
)

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        SOURCES, EVENTS, SITES, NAMES, BUDGETS, STATS, STATS_SERIES, FX, GDP,
        CAMEO_EVENT_CODES, CAMEO_GOLDSTEIN, CAMEO_COUNTRIES,
    )
}


def pandera_schema(spec: TableSpec, today: dt.date, uniqueness: bool = True) -> pa.DataFrameSchema:
    """Build the pandera schema for a table whose columns are already typed.

    Parameters
    ----------
    spec : TableSpec
        The table description.
    today : datetime.date
        Upper bound for date columns (nothing curated lies in the future).
    uniqueness : bool
        Include the ``unique`` and ``unique_together`` checks. The loader checks them
        itself (keeping the first of duplicated rows and naming its line).
    """
    import pandera.pandas as pa  # imported here: pages that read a cached dataset never pay for it

    columns = {}
    for col in spec.columns:
        checks = []
        if col.isin is not None:
            checks.append(pa.Check.isin(list(col.isin)))
        if col.pattern is not None:
            checks.append(pa.Check.str_matches(col.pattern))
        if col.min_value is not None:
            checks.append(pa.Check.ge(col.min_value))
        if col.max_value is not None:
            checks.append(pa.Check.le(col.max_value))
        if col.kind == "date":
            checks.append(pa.Check.ge(dt.datetime.combine(EARLIEST_DATE, dt.time())))
            checks.append(pa.Check.le(dt.datetime.combine(today, dt.time())))
        columns[col.name] = pa.Column(
            None, checks=checks, nullable=not col.required, unique=col.unique and uniqueness, coerce=False
        )
    return pa.DataFrameSchema(
        columns,
        strict=False,
        unique=(list(spec.unique_together) or None) if uniqueness else None,
        report_duplicates="all",
    )
