"""Stream ACLED and GDELT files into project events: accepted, outside the scope, or rejected.

Files are parsed in blocks by pyarrow's streaming CSV reader (bounded memory, no row-by-row Python)
and each block is validated and converted with vectorised pandas. Every data row ends in exactly one
of three outcomes, so ``accepted + outside + rejected == rows read``:

- **rejected**: malformed (wrong field count, bad date, number, code...); one error row per problem in
  the loader's format (file, row, column, value, rule);
- **outside**: valid, but outside the scope (default: the theatre, see
  :mod:`analysis.imports.countries`), or dated before 1990-01-01;
- **accepted**: the columns of :data:`IMPORT_COLUMNS` plus ``actor_bits``.

``row`` is the line in the file (the header is line 1); in an ACLED CSV whose quoted cells span
lines it is the record number. See ``docs/import.md`` for formats and mappings.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analysis.cleantext import CONTROL_PATTERN
from analysis.data.cameo import published_scores
from analysis.data.countries import FIPS_TO_ISO3
from analysis.data.problems import ERROR_COLUMNS, empty_errors
from analysis.data.schemas import EARLIEST_DATE, EVENTS
from analysis.imports import countries as cty
from analysis.imports.inputs import InputError, InputFile
from analysis.imports.vocab import (
    ACLED_OPTIONAL,
    ACLED_PRECISION,
    ACLED_REQUIRED,
    CAMEO_ROOT_LABEL,
    GDELT1_COLUMNS,
    GDELT_COLUMNS,
    acled_codes,
    acled_event_types,
    categories_for,
)

FORMATS = ("acled", "gdelt")
ORIGINS = ("curated", "acled", "gdelt")
EXTRA_COLUMNS = ["origin", "external_id", "source_text", "fatalities"]
IMPORT_COLUMNS = [*EVENTS.column_names, *EXTRA_COLUMNS]
STORE_COLUMNS = [*IMPORT_COLUMNS, "actor_bits"]
GDELT_LAYOUTS = {61: GDELT_COLUMNS, 58: GDELT1_COLUMNS, 57: GDELT1_COLUMNS[:57]}
GDELT_USED = ["GLOBALEVENTID", "SQLDATE", "Actor1Name", "Actor1CountryCode", "Actor2Name", "Actor2CountryCode",
              "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumArticles",
              "AvgTone", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long", "SOURCEURL"]
# ACLED dates: ISO (current CSV and API), '15 January 2024' (current CSV), day first (2016-2017 exports).
ACLED_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d/%m/%Y", "%d-%m-%Y")
BLOCK_BYTES = 8 << 20
MAX_JSON_BYTES = 256 << 20
TEXT_LIMIT = 4000  # imported text cells are cut here (a title/summary, not a document)


@dataclass
class Block:
    """One converted block: accepted events, error rows, and the countries of rows outside the scope."""

    events: pd.DataFrame
    errors: pd.DataFrame
    outside: pd.Series
    rows: int
    clauses: dict[str, int] = field(default_factory=dict)  # valid rows per scope clause (CLAUSES)


@dataclass
class Layout:
    """What sniffing found: the format, its variant (``csv``/``json``/a GDELT column count), the header."""

    fmt: str
    variant: str
    header: list[str] = field(default_factory=list)


def acled_header(names: list[str]) -> list[str]:
    """ACLED column names as the readers use them: trimmed, lower case (``EVENT_ID_CNTY`` -> ``event_id_cnty``)."""
    return [name.strip().strip("\ufeff").lower() for name in names]


def sniff(head: bytes, fmt: str = "auto") -> Layout:
    """Tell the layout from the first bytes of a file (an explicit ``fmt`` only checks it).

    Raises
    ------
    InputError
        When the file is empty, has no header, or matches neither format.
    """
    text = head.decode("utf-8", errors="replace")
    if not text.strip():
        raise InputError("file is empty: expected an ACLED header row or GDELT rows")
    if text.lstrip()[:1] in "{[" and fmt in ("auto", "acled"):
        return Layout("acled", "json")
    lines = [line for line in text.lstrip("\ufeff").split("\n")[:50] if line.strip()]
    first = lines[0]
    if "event_id_cnty" in first.lower() and fmt in ("auto", "acled"):
        # 2016-2017 exports write the names in capitals; some copies lead with an unnamed index column.
        header = acled_header(next(csv.reader([first])))
        return Layout("acled", "csv" if "sub_event_type" in header else "csv-pre2019", header)
    counts = pd.Series([line.count("\t") + 1 for line in lines]).value_counts()
    common = int(counts.index[0])
    if common in GDELT_LAYOUTS and fmt in ("auto", "gdelt"):
        return Layout("gdelt", str(common))
    if fmt == "acled":
        raise InputError("not an ACLED export: the first line has no event_id_cnty column (ACLED CSV header) "
                         "and the file is not ACLED API JSON")
    if fmt == "gdelt":
        raise InputError(f"not a GDELT events file: expected 61 (GDELT 2.0) or 57/58 (GDELT 1.0) tab-separated "
                         f"columns, got {common}")
    raise InputError(f"cannot tell the format: expected an ACLED header with event_id_cnty, ACLED API JSON, "
                     f"or 57/58/61 tab-separated GDELT columns; the first line has {common} tab-separated field(s)")


class _Errors:
    """Error rows of one block, built from masks (no per-row Python)."""

    def __init__(self, filename: str | pd.Series, lines: pd.Series) -> None:
        self.filename, self.lines = filename, lines  # a Series: the file of each row (a bundle of small files)
        self.parts: list[pd.DataFrame] = []
        self.bad = pd.Series(False, index=lines.index)

    def mask(self, bad: pd.Series, values: pd.Series, column: str, rule: str) -> None:
        bad = bad.fillna(False).astype(bool)
        if not bad.any():
            return
        self.bad |= bad
        file = self.filename[bad].to_numpy() if isinstance(self.filename, pd.Series) else self.filename
        self.parts.append(pd.DataFrame({"file": file, "row": self.lines[bad].to_numpy(),
                                        "column": column, "value": values[bad].astype(str).str.slice(0, 200),
                                        "rule": rule}))

    def frame(self) -> pd.DataFrame:
        return pd.concat(self.parts, ignore_index=True) if self.parts else empty_errors()


def _dates(raw: pd.Series, formats: tuple[str, ...], errors: _Errors, column: str, hint: str,
           today: dt.date) -> pd.Series:
    parsed = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[s]")
    for fmt in formats:
        todo = parsed.isna() & (raw != "")
        if todo.any():
            parsed[todo] = pd.to_datetime(raw[todo], format=fmt, errors="coerce")
    errors.mask(parsed.isna(), raw, column, hint)
    errors.mask(parsed > pd.Timestamp(today), raw, column, f"date lies in the future (after {today})")
    return parsed


def _to_float(raw: pd.Series) -> pd.Series:
    """Text -> float64, NaN for empty or unparseable cells (Arrow's cast when the block is clean, else pandas)."""
    try:
        array = pa.array(raw.to_numpy(dtype=object, na_value=""), type=pa.string())
        cast = pc.cast(pc.if_else(pc.equal(pc.utf8_trim_whitespace(array), ""), pa.scalar(None, pa.string()), array),
                       pa.float64())
        return pd.Series(cast.to_numpy(zero_copy_only=False), index=raw.index, dtype="float64")
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pd.to_numeric(raw.where(raw != ""), errors="coerce").astype("float64")


def _number(raw: pd.Series, column: str, low: float, high: float, errors: _Errors, required: bool) -> pd.Series:
    values = _to_float(raw)
    errors.mask((raw != "") & values.isna(), raw, column, "not a number")
    if required:
        errors.mask(raw == "", raw, column, "required: the cell is empty")
    errors.mask((values < low) | (values > high), raw, column, f"must lie between {low:g} and {high:g}")
    return values


def regions(lat, lon, country) -> np.ndarray:
    """Project region for coordinates and the event's main country (``other`` when unsure)."""
    lat = np.nan_to_num(np.asarray(lat, dtype="float64"), nan=-999.0)
    lon = np.nan_to_num(np.asarray(lon, dtype="float64"), nan=-999.0)
    country = np.asarray(pd.Series(country).fillna("").astype(str), dtype=object)
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


def _map(values: pd.Series, mapping) -> pd.Series:
    """``values.map(mapping)`` computed once per distinct value (feeds repeat their codes)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    looked = pd.Series(uniques, dtype=object).map(mapping).to_numpy(dtype=object)
    out = np.where(codes >= 0, looked[codes] if len(looked) else None, None)
    return pd.Series(out, index=values.index, dtype=object).where(lambda x: x.notna(), None)


def _bits(*codes: pd.Series) -> pd.Series:
    total = pd.Series(0, index=codes[0].index, dtype="int64")
    for code in codes:
        total |= _map(code, cty.COUNTRY_BITS).fillna(0).astype("int64")
    return total


def _join_codes(*codes: pd.Series) -> pd.Series:
    seen: list[pd.Series] = []
    parts = []
    for code in codes:
        keep = code.notna() & (code != "")
        for earlier in seen:
            keep &= code != earlier.fillna("")
        parts.append(code.where(keep, ""))
        seen.append(code)
    joined = parts[0].astype(str)
    for part in parts[1:]:
        joined = joined + ";" + part.astype(str)
    return joined.str.replace(r";{2,}", ";", regex=True).str.strip(";")


def _clauses(valid: np.ndarray, region: np.ndarray, dyad: np.ndarray) -> dict[str, int]:
    """Valid rows by the theatre clauses they meet (keys of :data:`~analysis.imports.countries.CLAUSE_KEYS`)."""
    return {"region_dyad": int((valid & region & dyad).sum()), "region_only": int((valid & region & ~dyad).sum()),
            "dyad_only": int((valid & dyad & ~region).sum()), "neither": int((valid & ~region & ~dyad).sum())}


def _finish(out: pd.DataFrame, errors: _Errors, region: np.ndarray, dyad: np.ndarray, scope: str, fmt: str,
            source_id: str, who: pd.Series) -> Block:
    early = (out["date"] < pd.Timestamp(EARLIEST_DATE)).to_numpy()
    valid = ~errors.bad.to_numpy()
    keep = pd.Series(valid & ~early & cty.scope_keep(scope, region, dyad), index=out.index)
    clauses = _clauses(valid & ~early, region, dyad)
    outside_rows = valid & ~keep
    reason = who.where(~early, f"{cty.BEFORE_PREFIX}{EARLIEST_DATE}").fillna(cty.NO_COUNTRY)
    events = out.loc[keep].reindex(columns=STORE_COLUMNS)
    events["origin"] = fmt
    events["source_ids"] = source_id
    events["date"] = events["date"].astype("datetime64[s]")
    events["end_date"] = pd.Series(pd.NaT, index=events.index, dtype="datetime64[s]")
    for col in ("title", "summary", "location", "source_text"):
        text = events[col].astype("str").str.replace(CONTROL_PATTERN, "", regex=True)  # NUL, ESC... never kept
        events[col] = text.str.slice(0, TEXT_LIMIT).where(events[col].notna())
    return Block(events.reset_index(drop=True), errors.frame(), reason[outside_rows].reset_index(drop=True),
                 len(out), clauses)


def convert_gdelt(raw: pd.DataFrame, lines: pd.Series, filename: str | pd.Series, source_id: str, scope: str,
                  today: dt.date) -> Block:
    """Validate and convert one block of GDELT rows (columns named as in :data:`GDELT_COLUMNS`)."""
    errors = _Errors(filename, lines)
    raw = raw.reindex(columns=GDELT_USED, fill_value="")
    out = pd.DataFrame(index=raw.index)
    ids = raw["GLOBALEVENTID"]
    errors.mask(ids == "", ids, "GLOBALEVENTID", "required: the cell is empty")
    errors.mask((ids != "") & ~ids.str.fullmatch(r"\d{1,20}"), ids, "GLOBALEVENTID", "not a whole number")
    out["event_id"] = "gdelt-" + ids
    out["external_id"] = ids
    out["date"] = _dates(raw["SQLDATE"], ("%Y%m%d",), errors, "SQLDATE", "not a date in YYYYMMDD form", today)
    out["date_precision"] = "day"
    root = raw["EventRootCode"].str.zfill(2)
    # The most specific code the row gives decides its category (data/reference/cameo_categories.csv).
    code = raw["EventCode"].where(raw["EventCode"] != "", raw["EventBaseCode"].where(raw["EventBaseCode"] != "", root))
    category = categories_for(code)
    errors.mask(category.isna(), code, "EventCode", "unknown CAMEO event code; expected a code whose root is 01..20")
    out["category"] = category
    out["event_code"] = code
    out["goldstein"] = _number(raw["GoldsteinScale"], "GoldsteinScale", -10, 10, errors, required=True)
    known = cty.cameo_countries()
    codes = []
    for column in ("Actor1CountryCode", "Actor2CountryCode"):
        value = raw[column]
        errors.mask((value != "") & ~value.isin(known.keys()), value, column,
                    "unknown CAMEO country code (not in GDELT's CAMEO.country.txt)")
        codes.append(value.where(value != ""))
    first, second = codes
    place = _map(raw["ActionGeo_CountryCode"], FIPS_TO_ISO3)
    out["lat"] = _number(raw["ActionGeo_Lat"], "ActionGeo_Lat", -90, 90, errors, required=False)
    out["lon"] = _number(raw["ActionGeo_Long"], "ActionGeo_Long", -180, 180, errors, required=False)
    errors.mask(out["lat"].isna() != out["lon"].isna(), raw["ActionGeo_Lat"], "ActionGeo_Lat/ActionGeo_Long",
                "give both latitude and longitude, or neither")
    initiator = first.fillna(second).fillna(place)
    out["initiator"] = initiator
    out["target"] = second.where(first.notna() & (second != first))
    out["actors"] = _join_codes(first, second, place)
    out["actor_bits"] = _bits(first, second, place)
    out["region"] = regions(out["lat"], out["lon"], initiator)
    out["location"] = raw["ActionGeo_FullName"].where(raw["ActionGeo_FullName"] != "")
    who = raw["Actor1Name"].where(raw["Actor1Name"] != "", initiator.fillna("?"))
    whom = (" → " + raw["Actor2Name"]).where(raw["Actor2Name"] != "", "")
    label = _map(root, CAMEO_ROOT_LABEL).fillna("?").astype(str)
    out["title"] = who + whom + ": " + label + " (CAMEO " + raw["EventCode"] + ")"
    out["summary"] = ("GDELT event " + ids + ", QuadClass " + raw["QuadClass"] + ", " + raw["NumArticles"]
                      + " article(s), average tone " + raw["AvgTone"] + ".")
    out["source_text"] = raw["SOURCEURL"].where(raw["SOURCEURL"] != "")
    out["confidence"] = "low"
    region = cty.in_theatre_region(out["lat"], out["lon"])
    dyad = cty.theatre_dyad(first, second)
    who_code = first.fillna(second).fillna(raw["ActionGeo_CountryCode"].where(raw["ActionGeo_CountryCode"] != "")
                                           .radd(cty.PLACE_PREFIX))
    return _finish(out, errors, region, dyad, scope, "gdelt", source_id, who_code)


def _country_in_text(text: pd.Series) -> pd.Series:
    # Actor names repeat: resolve each distinct name once.
    unique = pd.Series(text.unique())
    pattern = _actor_pattern()
    found = unique.str.lower().str.extract(pattern, expand=False).map(cty.name_lookup())
    return _map(text, dict(zip(unique, found, strict=True)))


_PATTERN: list[str] = []


def _actor_pattern() -> str:
    if not _PATTERN:
        names = sorted((n for n in cty.name_lookup() if len(n) > 3), key=len, reverse=True)
        _PATTERN.append(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")
    return _PATTERN[0]


def convert_acled(raw: pd.DataFrame, lines: pd.Series, filename: str | pd.Series, source_id: str, scope: str,
                  today: dt.date) -> Block:
    """Validate and convert one block of ACLED rows (ACLED column names)."""
    errors = _Errors(filename, lines)
    raw = raw.reindex(columns=list(dict.fromkeys([*raw.columns, *ACLED_REQUIRED, *ACLED_OPTIONAL, "iso"])),
                      fill_value="")
    out = pd.DataFrame(index=raw.index)
    ids = raw["event_id_cnty"]
    errors.mask(ids == "", ids, "event_id_cnty", "required: the cell is empty")
    errors.mask(~ids.str.fullmatch(r"[A-Za-z0-9_.:-]*"), ids, "event_id_cnty",
                "id may hold only letters, digits, _ . : -")
    out["event_id"] = "acled-" + ids
    out["external_id"] = ids
    out["date"] = _dates(raw["event_date"], ACLED_DATE_FORMATS, errors, "event_date",
                         "not a date: expected YYYY-MM-DD, '15 January 2024' or 15/01/2024 (day first)", today)
    out["date_precision"] = _map(raw["time_precision"], ACLED_PRECISION)
    errors.mask(out["date_precision"].isna(), raw["time_precision"], "time_precision", "must be 1, 2 or 3")
    # ACLED type (and sub-type) -> CAMEO code -> category and published Goldstein score: the one vocabulary.
    code = acled_codes(raw["event_type"], raw["sub_event_type"])
    errors.mask(code.isna(), raw["event_type"], "event_type",
                f"unknown ACLED event_type; expected one of {acled_event_types()}")
    out["category"] = categories_for(code)
    out["event_code"] = code
    out["goldstein"] = _map(code, published_scores()).astype("float64")
    country = _map(raw["country"], lambda name: cty.country_from_name(name))
    errors.mask(country.isna(), raw["country"], "country",
                "unknown country: neither an ISO 3166-1 name nor one of ACLED's spellings")
    by_iso = _map(raw["iso"], cty.country_from_iso_numeric)
    errors.mask(by_iso.notna() & country.notna() & (by_iso != country), raw["country"] + " / iso " + raw["iso"],
                "country/iso", "country name and ISO 3166-1 numeric code name different countries")
    first = _country_in_text(raw["actor1"]).fillna(country)
    second = _country_in_text(raw["actor2"])
    errors.mask(raw["actor1"] == "", raw["actor1"], "actor1", "required: the cell is empty")
    out["initiator"] = first
    out["target"] = second.where(second != first)
    out["actors"] = _join_codes(first, second, country)
    out["actor_bits"] = _bits(first, second, country)
    out["lat"] = _number(raw["latitude"], "latitude", -90, 90, errors, required=True)
    out["lon"] = _number(raw["longitude"], "longitude", -180, 180, errors, required=True)
    out["region"] = regions(out["lat"], out["lon"], country)
    out["location"] = raw["location"].where(raw["location"] != "")
    vs = (" vs " + raw["actor2"]).where(raw["actor2"] != "", "")
    kind = raw["sub_event_type"].where(raw["sub_event_type"] != "", raw["event_type"])
    out["title"] = (kind + ": " + raw["actor1"] + vs).str.slice(0, 160)
    out["summary"] = raw["notes"].where(raw["notes"] != "", out["title"])
    out["source_text"] = raw["source"].where(raw["source"] != "")
    fatalities = pd.to_numeric(raw["fatalities"].where(raw["fatalities"] != ""), errors="coerce")
    errors.mask(((raw["fatalities"] != "") & fatalities.isna()) | (fatalities < 0) | (fatalities % 1 > 0),
                raw["fatalities"], "fatalities", "not a whole number >= 0")
    out["fatalities"] = fatalities.where(fatalities % 1 == 0).astype("Int64")
    out["confidence"] = "medium"
    region = cty.in_theatre_region(out["lat"], out["lon"])
    dyad = cty.theatre_dyad(first, second)
    return _finish(out, errors, region, dyad, scope, "acled", source_id, country)


CONVERTERS: dict[str, Callable[..., Block]] = {"acled": convert_acled, "gdelt": convert_gdelt}


class _LineCounter:
    """Line numbers of the rows pyarrow hands out, from the lines it reported as invalid."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line  # line of the first data row
        self.invalid: list[int] = []
        self.handed = 0

    def lines(self, n: int) -> np.ndarray:
        k = np.arange(self.handed, self.handed + n)
        self.handed += n
        if not self.invalid:
            return k + self.first_line
        bad = np.sort(np.asarray(self.invalid, dtype="int64")) - self.first_line
        before = bad - np.arange(len(bad))  # valid rows before each invalid line
        return k + self.first_line + np.searchsorted(before, k, side="right")


def _csv_blocks(source: InputFile, layout: Layout, bad_rows: list[dict]) -> Iterator[tuple[pd.DataFrame, pd.Series]]:
    """Raw string blocks of a delimited file with the line number of each row; bad rows go to ``bad_rows``."""
    if layout.fmt == "gdelt":
        names = GDELT_LAYOUTS[int(layout.variant)]
        used = [c for c in GDELT_USED if c in names]
        counter = _LineCounter(1)
        read = pacsv.ReadOptions(column_names=names, block_size=BLOCK_BYTES, use_threads=False)
        parse = dict(delimiter="\t", quote_char=False, newlines_in_values=False)
    else:
        names = layout.header
        used = [c for c in dict.fromkeys([*ACLED_REQUIRED, *ACLED_OPTIONAL, "iso"]) if c in names]
        counter = _LineCounter(2)
        read = pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK_BYTES, use_threads=False)
        parse = dict(delimiter=",", quote_char='"', double_quote=True, newlines_in_values=True)

    def handler(row) -> str:
        if row.number is not None:
            counter.invalid.append(int(row.number))
        if row.text.strip():
            bad_rows.append({"file": source.name, "row": row.number, "column": "", "value": row.text[:80],
                             "rule": f"expected {row.expected_columns} fields, got {row.actual_columns}"})
        return "skip"

    parse_options = pacsv.ParseOptions(**parse, ignore_empty_lines=False, invalid_row_handler=handler)
    convert = pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), include_columns=used,
                                   strings_can_be_null=False, quoted_strings_can_be_null=False)
    with source.open() as stream:
        try:
            reader = pacsv.open_csv(stream, read_options=read, parse_options=parse_options, convert_options=convert)
            for batch in reader:
                lines = counter.lines(batch.num_rows)
                columns = [pc.utf8_trim_whitespace(col) for col in batch.columns]
                blank = pc.equal(pc.binary_length(columns[0]), 0)
                for col in columns[1:]:
                    blank = pc.and_(blank, pc.equal(pc.binary_length(col), 0))
                keep = pc.invert(blank)
                table = pa.Table.from_arrays(columns, names=batch.schema.names).filter(keep)
                frame = table.to_pandas()
                yield frame, pd.Series(lines[keep.to_numpy(zero_copy_only=False)], index=frame.index)
        except pa.ArrowInvalid as exc:
            message = str(exc)
            if "UTF8" in message or "utf8" in message.lower():
                raise InputError(f"{source.name}: not UTF-8 text near row {counter.handed + counter.first_line}: "
                                 "GDELT and ACLED files are UTF-8") from exc
            raise InputError(f"{source.name}: cannot parse the file: {message}") from exc


def _json_blocks(source: InputFile) -> Iterator[tuple[pd.DataFrame, pd.Series]]:
    if source.size > MAX_JSON_BYTES:
        raise InputError(f"{source.name}: ACLED JSON over {MAX_JSON_BYTES >> 20} MB is not read whole; "
                         "export CSV instead")
    with source.open() as stream:
        try:
            payload = json.loads(stream.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{source.name}: not valid UTF-8 JSON ({exc})") from exc
    records = payload.get("data") if isinstance(payload, dict) else payload
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InputError(f"{source.name}: expected ACLED API JSON: an object with a 'data' list of records")
    if not records:
        return
    frame = pd.DataFrame.from_records(records).astype("str").replace({"None": "", "nan": ""})
    frame.columns = acled_header([str(c) for c in frame.columns])
    missing_columns(source.name, list(frame.columns))
    frame = frame.apply(lambda col: col.str.strip())
    yield frame, pd.Series(np.arange(1, len(frame) + 1), index=frame.index)


def blocks(source: InputFile, layout: Layout, bad_rows: list[dict]) -> Iterator[tuple[pd.DataFrame, pd.Series]]:
    """Raw blocks of a file in its layout (see :func:`sniff`)."""
    if layout.variant == "json":
        yield from _json_blocks(source)
        return
    if layout.fmt == "acled":
        missing_columns(source.name, layout.header)
    yield from _csv_blocks(source, layout, bad_rows)


def missing_columns(name: str, header: list[str]) -> None:
    """Refuse an ACLED file without a required column, naming what the file has instead.

    Optional columns (:data:`~analysis.imports.vocab.ACLED_OPTIONAL`) may be missing: they read as empty.

    Raises
    ------
    InputError
        When a column of :data:`~analysis.imports.vocab.ACLED_REQUIRED` is not in ``header``.
    """
    import difflib

    missing = [c for c in ACLED_REQUIRED if c not in header]
    if not missing:
        return
    named = [h for h in header if h]
    unknown = [h for h in named if h not in (*ACLED_REQUIRED, *ACLED_OPTIONAL)]  # renamed columns hide here
    hints = []
    for column in missing:
        words = set(column.split("_"))
        close = ([h for h in unknown if words & set(h.replace(" ", "_").split("_"))][:2]
                 or difflib.get_close_matches(column, unknown, n=2, cutoff=0.6))
        hints.append(f"{column} (closest in the file: {', '.join(close)})" if close else column)
    raise InputError(f"{name}: required ACLED column(s) missing from the header: {'; '.join(hints)}. "
                     f"The file has {len(named)} columns: {', '.join(named[:40])}"
                     + (" …" if len(named) > 40 else ""))


def errors_frame(rows: list[dict]) -> pd.DataFrame:
    """Error rows (dicts) as a frame in the loader's error format."""
    return pd.DataFrame(rows, columns=ERROR_COLUMNS) if rows else empty_errors()
