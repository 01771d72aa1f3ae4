"""Import ACLED-format CSV and GDELT 2.0 event exports as project events.

Both importers return the columns of :data:`analysis.data.schemas.EVENTS` plus
``origin`` (``acled``/``gdelt``), ``external_id`` (the id in the source file),
``source_text`` (ACLED ``source`` / GDELT ``SOURCEURL``, kept as text, never
added to ``sources.csv``) and ``fatalities``. Every imported row cites one
synthetic source per file, ``import-<format>-<sha256[:12]>``. Rejected rows
come back in the loader's error format (file, row, column, value, rule) with
the file's line number; nothing is dropped silently. See ``docs/import.md``
for the category mappings.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from analysis.data.countries import COUNTRY_NAMES
from analysis.data.loader import ERROR_COLUMNS, empty_errors
from analysis.data.schemas import EARLIEST_DATE, EVENTS
from analysis.imports.vocab import (
    ACLED_EVENT_CATEGORY,
    ACLED_EVENT_CODE,
    ACLED_GOLDSTEIN,
    ACLED_OPTIONAL,
    ACLED_PRECISION,
    ACLED_REQUIRED,
    ACLED_SUB_EVENT_CATEGORY,
    CAMEO_BASE_CATEGORY,
    CAMEO_ROOT_CATEGORY,
    CAMEO_ROOT_LABEL,
    FIPS_TO_ISO3,
    GDELT_COLUMNS,
    NAME_TO_ISO3,
)

FORMATS = ("acled", "gdelt")
ORIGINS = ("curated", "acled", "gdelt")
EXTRA_COLUMNS = ["origin", "external_id", "source_text", "fatalities"]
IMPORT_COLUMNS = [*EVENTS.column_names, *EXTRA_COLUMNS]

@dataclass
class ImportResult:
    """Accepted events (:data:`IMPORT_COLUMNS`) and one error row per problem."""

    events: pd.DataFrame
    errors: pd.DataFrame = field(default_factory=empty_errors)
    source: dict = field(default_factory=dict)
    format: str = ""
    filename: str = ""

    @property
    def source_id(self) -> str:
        """Id of the synthetic source row that stands for the imported file."""
        return self.source.get("source_id", "")


def read_input(text_or_path: str | bytes | os.PathLike) -> tuple[str, str]:
    """Return ``(text, filename)`` for a path, raw bytes or text already read.

    Raises
    ------
    FileNotFoundError, UnicodeDecodeError
        For a missing path or bytes that are not UTF-8.
    """
    if isinstance(text_or_path, bytes):
        return text_or_path.decode("utf-8-sig"), "upload"
    if isinstance(text_or_path, os.PathLike) or ("\n" not in text_or_path and "\t" not in text_or_path
                                                 and len(text_or_path) < 4096):
        path = Path(text_or_path)
        return path.read_bytes().decode("utf-8-sig"), path.name
    return text_or_path, "upload"


def detect_format(text: str) -> str | None:
    """Guess ``acled`` or ``gdelt`` from the first line; ``None`` when neither fits."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if "event_id_cnty" in first:
        return "acled"
    if first.count("\t") == len(GDELT_COLUMNS) - 1:
        return "gdelt"
    return None


def _source_row(fmt: str, text: str, filename: str, today: dt.date) -> dict:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    publisher = {"acled": "ACLED-format export", "gdelt": "GDELT 2.0 events export"}[fmt]
    return {"source_id": f"import-{fmt}-{digest}", "publisher": publisher,
            "title": f"Imported file {filename}", "published": today.isoformat(), "url": "",
            "kind": "dataset", "language": "en"}


class _Errors:
    """Collects error rows; a row with any error is rejected."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.rows: list[dict] = []
        self.bad: set[int] = set()

    def add(self, row: int | None, column: str, value: object, rule: str) -> None:
        self.rows.append({"file": self.filename, "row": row, "column": column, "value": value, "rule": rule})
        if row is not None:
            self.bad.add(row)

    def mask(self, bad: pd.Series, values: pd.Series, column: str, rule: str) -> None:
        for line, value in values[bad].items():
            self.add(int(line), column, value, rule)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=ERROR_COLUMNS) if self.rows else empty_errors()


def _read_rows(text: str, errors: _Errors, delimiter: str, expected: int | None) -> tuple[list, list, list]:
    """Split text into rows; rows with the wrong field count become errors."""
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter, quoting=quoting)
    header: list[str] = []
    if expected is None:
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            errors.add(None, "", "", "file is empty: expected a header row")
            return [], [], []
        expected = len(header)
    rows, lines = [], []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != expected:
                errors.add(reader.line_num, "", (delimiter.join(record))[:80],
                           f"expected {expected} fields, got {len(record)}")
                continue
            rows.append([cell.strip() for cell in record])
            lines.append(reader.line_num)
    except csv.Error as exc:
        errors.add(reader.line_num, "", "", f"malformed file, reading stopped here: {exc}")
    return header, rows, lines


def _dates(raw: pd.Series, formats: tuple[str, ...], today: dt.date, column: str, errors: _Errors,
           hint: str) -> pd.Series:
    parsed = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    for fmt in formats:
        todo = parsed.isna()
        parsed[todo] = pd.to_datetime(raw[todo], format=fmt, errors="coerce")
    errors.mask(parsed.isna(), raw, column, hint)
    early, late = pd.Timestamp(EARLIEST_DATE), pd.Timestamp(today)
    errors.mask((parsed < early) | (parsed > late), raw, column,
                f"date must lie between {EARLIEST_DATE} and {today}")
    return parsed


def _number(raw: pd.Series, column: str, low: float, high: float, errors: _Errors, required: bool) -> pd.Series:
    values = pd.to_numeric(raw.where(raw != ""), errors="coerce").astype("float64")
    errors.mask((raw != "") & values.isna(), raw, column, "not a number")
    if required:
        errors.mask(raw == "", raw, column, "required: the cell is empty")
    errors.mask((values < low) | (values > high), raw, column, f"must lie between {low} and {high}")
    return values


def _unique_ids(raw: pd.Series, column: str, errors: _Errors) -> None:
    errors.mask(raw == "", raw, column, "required: the cell is empty")
    errors.mask(~raw.str.fullmatch(r"[A-Za-z0-9_.:-]*"), raw, column, "id may hold only letters, digits, _ . : -")
    errors.mask(raw.duplicated(keep="first") & (raw != ""), raw, column, "duplicate id in this file")


def regions(lat: np.ndarray, lon: np.ndarray, country: pd.Series) -> np.ndarray:
    """Project region for coordinates and the event's main country (``other`` when unsure)."""
    lat = np.nan_to_num(np.asarray(lat, dtype="float64"), nan=-999.0)
    lon = np.nan_to_num(np.asarray(lon, dtype="float64"), nan=-999.0)
    country = np.asarray(country, dtype=object)
    in_box = (lon >= 117) & (lon <= 133) & (lat >= 20) & (lat <= 34)
    conditions = [
        (lat >= 25.6) & (lat <= 26.0) & (lon >= 123.3) & (lon <= 124.7),
        (country == "JPN") & (lat >= 26.0) & (lat <= 27.0) & (lon >= 127.0) & (lon <= 128.5),
        (country == "JPN") & in_box & (lat < 29.0),
        (country == "JPN"),
        (lon >= 117.5) & (lon < 120.1) & (lat >= 22.5) & (lat <= 25.5),
        (country == "TWN"),
        (country == "CHN") & (lon >= 122.5) & (lat >= 25.0) & (lat <= 33.5),
        (country == "CHN"),
        np.isin(country, ["KOR", "PRK"]),
        (lon >= 122.0) & (lon <= 130.0) & (lat >= 25.0) & (lat <= 33.0),
    ]
    choices = ["senkaku", "okinawa", "southwest_islands", "mainland_japan", "taiwan_strait", "taiwan",
               "east_china_sea", "mainland_china", "korean_peninsula", "east_china_sea"]
    return np.select(conditions, choices, default="other")


def _finish(frame: pd.DataFrame, errors: _Errors, fmt: str, source: dict, filename: str) -> ImportResult:
    keep = ~frame.index.isin(list(errors.bad))
    events = frame.loc[keep].reindex(columns=IMPORT_COLUMNS)
    for name in ("end_date",):
        events[name] = pd.to_datetime(events[name])
    events["origin"] = fmt
    events["source_ids"] = source["source_id"]
    for col in events.columns:
        if col not in ("date", "end_date", "lat", "lon", "goldstein", "fatalities"):
            events[col] = events[col].astype("string")
    events["fatalities"] = events["fatalities"].astype("Int64")
    return ImportResult(events, errors.frame(), source, fmt, filename)


def _country_in_text(text: pd.Series) -> pd.Series:
    names = sorted(NAME_TO_ISO3, key=len, reverse=True)
    pattern = r"\b(" + "|".join(re.escape(n) for n in names if len(n) > 3) + r")\b"
    found = text.str.lower().str.extract(pattern, expand=False)
    return found.map(NAME_TO_ISO3)


def _begin(fmt: str, text_or_path: str | bytes | os.PathLike, today: dt.date | None
           ) -> tuple[str, str, dt.date, _Errors, dict]:
    # What both importers start from: the text, its name, the date bound, an error sink, the file's source row.
    text, filename = read_input(text_or_path)
    today = today or dt.date.today()
    return text, filename, today, _Errors(filename), _source_row(fmt, text, filename, today)


def import_acled(text_or_path: str | bytes | os.PathLike, today: dt.date | None = None) -> ImportResult:
    """Import an ACLED-format CSV export (header row; ACLED column names).

    Parameters
    ----------
    text_or_path : str, bytes or path-like
        A path, the file's bytes, or its text.
    today : datetime.date, optional
        Latest allowed event date; defaults to today.
    """
    text, filename, today, errors, source = _begin("acled", text_or_path, today)
    header, rows, lines = _read_rows(text, errors, ",", None)
    missing = [c for c in ACLED_REQUIRED if header and c not in header]
    for name in missing:
        errors.add(1, name, "", "required ACLED column is missing from the header")
    if not header or missing:
        return _finish(pd.DataFrame(columns=IMPORT_COLUMNS), errors, "acled", source, filename)
    raw = pd.DataFrame(rows, columns=header, index=lines, dtype="object").astype("str")
    raw = raw.reindex(columns=list(dict.fromkeys(header + ACLED_OPTIONAL)), fill_value="")
    out = pd.DataFrame(index=raw.index)
    _unique_ids(raw["event_id_cnty"], "event_id_cnty", errors)
    out["event_id"] = "acled-" + raw["event_id_cnty"]
    out["external_id"] = raw["event_id_cnty"]
    out["date"] = _dates(raw["event_date"], ("%Y-%m-%d", "%d %B %Y"), today, "event_date", errors,
                         "not a date: expected YYYY-MM-DD or '15 January 2024'")
    out["date_precision"] = raw["time_precision"].map(ACLED_PRECISION)
    errors.mask(out["date_precision"].isna(), raw["time_precision"], "time_precision", "must be 1, 2 or 3")
    category = raw["sub_event_type"].map(ACLED_SUB_EVENT_CATEGORY).fillna(raw["event_type"].map(ACLED_EVENT_CATEGORY))
    errors.mask(category.isna(), raw["event_type"], "event_type",
                f"unknown ACLED event_type; expected one of {list(ACLED_EVENT_CATEGORY)}")
    out["category"] = category
    agreement = raw["sub_event_type"] == "Agreement"
    out["event_code"] = raw["event_type"].map(ACLED_EVENT_CODE).where(~agreement, ACLED_EVENT_CODE["Agreement"])
    out["goldstein"] = raw["event_type"].map(ACLED_GOLDSTEIN).where(~agreement, ACLED_GOLDSTEIN["Agreement"])
    country = raw["country"].str.lower().map(NAME_TO_ISO3)
    errors.mask(country.isna(), raw["country"], "country", "unknown country name; expected e.g. Japan, China, Taiwan")
    first = _country_in_text(raw["actor1"]).fillna(country)
    second = _country_in_text(raw["actor2"])
    errors.mask(raw["actor1"] == "", raw["actor1"], "actor1", "required: the cell is empty")
    out["initiator"] = first
    out["target"] = second.where(second != first)
    out["actors"] = [";".join(dict.fromkeys(c for c in trio if isinstance(c, str)))
                     for trio in zip(first, second, country, strict=True)]
    out["lat"] = _number(raw["latitude"], "latitude", -90, 90, errors, required=True)
    out["lon"] = _number(raw["longitude"], "longitude", -180, 180, errors, required=True)
    out["region"] = regions(out["lat"], out["lon"], country)
    out["location"] = raw["location"].where(raw["location"] != "")
    vs = (" vs " + raw["actor2"]).where(raw["actor2"] != "", "")
    out["title"] = (raw["sub_event_type"] + ": " + raw["actor1"] + vs).str.slice(0, 160)
    out["summary"] = raw["notes"].where(raw["notes"] != "", out["title"])
    out["source_text"] = raw["source"]
    fatalities = pd.to_numeric(raw["fatalities"].where(raw["fatalities"] != ""), errors="coerce")
    errors.mask(((raw["fatalities"] != "") & fatalities.isna()) | (fatalities < 0) | (fatalities % 1 > 0),
                raw["fatalities"], "fatalities", "not a whole number >= 0")
    out["fatalities"] = fatalities.where(fatalities % 1 == 0)
    out["confidence"] = "medium"
    return _finish(out, errors, "acled", source, filename)


def _cameo_country(raw: pd.Series, column: str, errors: _Errors) -> pd.Series:
    known = raw.where(raw.isin(list(COUNTRY_NAMES)))
    errors.mask((raw != "") & known.isna(), raw, column,
                "unknown CAMEO country code; expected ISO3-like codes such as JPN, CHN, USA, TWN")
    return known


def import_gdelt(text_or_path: str | bytes | os.PathLike, today: dt.date | None = None) -> ImportResult:
    """Import a GDELT 2.0 events export (tab-separated, no header, 61 columns).

    Parameters
    ----------
    text_or_path : str, bytes or path-like
        A path, the file's bytes, or its text.
    today : datetime.date, optional
        Latest allowed event date; defaults to today.
    """
    text, filename, today, errors, source = _begin("gdelt", text_or_path, today)
    _, rows, lines = _read_rows(text, errors, "\t", len(GDELT_COLUMNS))
    if not rows:
        return _finish(pd.DataFrame(columns=IMPORT_COLUMNS), errors, "gdelt", source, filename)
    raw = pd.DataFrame(rows, columns=GDELT_COLUMNS, index=lines, dtype="object").astype("str")
    out = pd.DataFrame(index=raw.index)
    ids = raw["GLOBALEVENTID"]
    _unique_ids(ids, "GLOBALEVENTID", errors)
    errors.mask((ids != "") & ~ids.str.fullmatch(r"\d+"), ids, "GLOBALEVENTID", "not a whole number")
    out["event_id"] = "gdelt-" + ids
    out["external_id"] = ids
    out["date"] = _dates(raw["SQLDATE"], ("%Y%m%d",), today, "SQLDATE", errors, "not a date in YYYYMMDD form")
    out["date_precision"] = "day"
    root = raw["EventRootCode"].str.zfill(2)
    category = raw["EventBaseCode"].map(CAMEO_BASE_CATEGORY).fillna(root.map(CAMEO_ROOT_CATEGORY))
    errors.mask(category.isna(), raw["EventRootCode"], "EventRootCode", "unknown CAMEO root code; expected 01..20")
    out["category"] = category
    out["event_code"] = raw["EventCode"]
    out["goldstein"] = _number(raw["GoldsteinScale"], "GoldsteinScale", -10, 10, errors, required=True)
    first = _cameo_country(raw["Actor1CountryCode"], "Actor1CountryCode", errors)
    second = _cameo_country(raw["Actor2CountryCode"], "Actor2CountryCode", errors)
    place = raw["ActionGeo_CountryCode"].map(FIPS_TO_ISO3)
    initiator = first.fillna(second).fillna(place)
    errors.mask(initiator.isna() & (raw["Actor1CountryCode"] == "") & (raw["Actor2CountryCode"] == ""),
                raw["ActionGeo_CountryCode"], "ActionGeo_CountryCode",
                "no actor country: actor codes are empty and the place is not a known country (FIPS)")
    out["initiator"] = initiator
    out["target"] = second.where(first.notna() & (second != first))
    out["actors"] = [";".join(dict.fromkeys(c for c in trio if isinstance(c, str)))
                     for trio in zip(first, second, place, strict=True)]
    out["lat"] = _number(raw["ActionGeo_Lat"], "ActionGeo_Lat", -90, 90, errors, required=False)
    out["lon"] = _number(raw["ActionGeo_Long"], "ActionGeo_Long", -180, 180, errors, required=False)
    errors.mask(out["lat"].isna() != out["lon"].isna(), raw["ActionGeo_Lat"], "ActionGeo_Lat/ActionGeo_Long",
                "give both latitude and longitude, or neither")
    out["region"] = regions(out["lat"], out["lon"], initiator.fillna(""))
    out["location"] = raw["ActionGeo_FullName"].where(raw["ActionGeo_FullName"] != "")
    who = raw["Actor1Name"].where(raw["Actor1Name"] != "", initiator.fillna("?"))
    whom = (" → " + raw["Actor2Name"]).where(raw["Actor2Name"] != "", "")
    out["title"] = who + whom + ": " + root.map(CAMEO_ROOT_LABEL).fillna("?") + " (CAMEO " + raw["EventCode"] + ")"
    out["summary"] = ("GDELT event " + ids + ", QuadClass " + raw["QuadClass"] + ", " + raw["NumArticles"]
                      + " article(s), average tone " + raw["AvgTone"] + ".")
    out["source_text"] = raw["SOURCEURL"]
    out["confidence"] = "low"
    return _finish(out, errors, "gdelt", source, filename)


def import_file(text_or_path: str | bytes | os.PathLike, fmt: str = "auto", today: dt.date | None = None,
                filename: str | None = None) -> ImportResult:
    """Import with an explicit format or ``auto`` (see :func:`detect_format`).

    ``filename`` names an upload in error rows and in the source row.

    Raises
    ------
    ValueError
        For an unknown format, or ``auto`` when the layout is not recognised.
    """
    text, name = read_input(text_or_path)
    filename = filename or name
    if fmt == "auto":
        fmt = detect_format(text) or ""
        if not fmt:
            raise ValueError(f"cannot tell the format of {filename!r}: expected an ACLED header with "
                             f"event_id_cnty or {len(GDELT_COLUMNS)} tab-separated GDELT columns")
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    importer = import_acled if fmt == "acled" else import_gdelt
    result = importer(text, today=today)
    if filename != "upload":
        result.filename = filename
        result.errors["file"] = filename
        result.source["title"] = f"Imported file {filename}"
    return result
