"""Read and validate the curated tables in ``data/``.

Every table is read with the explicit columns and types of
:mod:`analysis.data.schemas`, validated with pandera (``lazy=True``, so every
failure is reported at once), and cross-checked (every ``source_ids`` entry
exists, ``responds_to`` points to an earlier event). Problems never raise:
they come back as an error table with the columns of :data:`ERROR_COLUMNS`
(file, CSV line, column, value, rule), and the offending rows are left out of
the frame so the rest of the app keeps working. Files are never written.

Events whose ``status`` is ``retired`` pass the same checks (they stay in the
file, and ``responds_to`` links to them still resolve) but are moved from
``events`` to the ``retired_events`` table, so no chart shows them.
:func:`load_dataset` takes ``overrides`` (file name -> CSV text) so a save can be
checked with exactly these rules before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.data.cameo import goldstein_lookup, goldstein_problems, label_lookup, table_consistency, with_goldstein
from analysis.data.ids import split_ids
from analysis.data.ordering import ordering_problems
from analysis.data.problems import ERROR_COLUMNS, empty_errors
from analysis.data.problems import problem as _error
from analysis.data.schemas import (
    CAMEO_EVENT_CODES,
    CAMEO_GOLDSTEIN,
    RETIRED,
    SOUTHWEST_BOX,
    SOUTHWEST_REGIONS,
    TABLES,
    TableSpec,
    pandera_schema,
)
from analysis.settings import DEFAULT_DATA_DIR

__all__ = ["ERROR_COLUMNS", "Dataset", "TableResult", "empty_errors", "load_dataset", "parse_csv_text",
           "read_table", "split_ids", "table_mtimes", "validate_frame"]



@dataclass
class TableResult:
    """A typed, validated table (index = CSV line number) and its problems."""

    frame: pd.DataFrame
    errors: pd.DataFrame


@dataclass
class Dataset:
    """All curated tables after validation, plus every problem found."""

    tables: dict[str, pd.DataFrame]
    errors: pd.DataFrame = field(default_factory=empty_errors)
    data_dir: Path | None = None
    """The folder the tables were read from (None for a dataset built in memory)."""

    @property
    def sources(self) -> pd.DataFrame:
        """``sources.csv``: every publication a row cites."""
        return self.tables["sources"]

    @property
    def events(self) -> pd.DataFrame:
        """``events.csv``: curated events."""
        return self.tables["events"]

    @property
    def retired_events(self) -> pd.DataFrame:
        """``events.csv`` rows marked ``status = retired``: kept in the file, left out of every chart."""
        return self.tables.get("retired_events", self.tables["events"].iloc[0:0])

    @property
    def sites(self) -> pd.DataFrame:
        """``sites.csv``: installations, islands and reference places."""
        return self.tables["sites"]

    @property
    def names(self) -> pd.DataFrame:
        """``names.csv``: English, Japanese and Chinese names of sites, straits and map labels."""
        return self.tables["names"]

    @property
    def budgets(self) -> pd.DataFrame:
        """``budgets.csv``: defence budgets by country, year and scope."""
        return self.tables["budgets"]

    @property
    def stats(self) -> pd.DataFrame:
        """``stats.csv``: recurring statistics."""
        return self.tables["stats"]

    @property
    def stats_series(self) -> pd.DataFrame:
        """``stats_series.csv``: what each statistics series counts."""
        return self.tables["stats_series"]

    @property
    def fx(self) -> pd.DataFrame:
        """``fx.csv``: annual-average exchange rates per US dollar."""
        return self.tables["fx"]

    @property
    def gdp(self) -> pd.DataFrame:
        """``gdp.csv``: nominal GDP in local currency."""
        return self.tables["gdp"]


def _empty_frame(spec: TableSpec) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in spec.column_names})
    return _coerce(frame, spec, "", [])


def _parse_rows(text: str, filename: str, errors: list[dict]) -> tuple[list[str], list[list[str]], list[int]]:
    """Split CSV text into header and rows, reporting rows with the wrong field count."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        errors.append(_error(filename, None, "", "", "file is empty: expected a header row"))
        return [], [], []
    except csv.Error as exc:
        errors.append(_error(filename, 1, "", "", f"malformed header: {exc}"))
        return [], [], []
    rows, lines = [], []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(_error(filename, reader.line_num, "", "", f"malformed CSV: {exc}"))
            break
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            errors.append(
                _error(
                    filename,
                    reader.line_num,
                    "",
                    ",".join(record)[:80],
                    f"expected {len(header)} fields, got {len(record)} (a missing quote or extra comma?)",
                )
            )
            continue
        rows.append([cell.strip() for cell in record])
        lines.append(reader.line_num)
    return header, rows, lines


def _coerce(frame: pd.DataFrame, spec: TableSpec, filename: str, errors: list[dict]) -> pd.DataFrame:
    """Give each column its declared type; report values that do not parse."""
    out = pd.DataFrame(index=frame.index)
    for col in spec.columns:
        raw = frame[col.name].astype("object").where(frame[col.name].astype("object") != "", None)
        if col.kind == "date":
            parsed = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
            hint = "not a date in YYYY-MM-DD form"
        elif col.kind == "float":
            parsed = pd.to_numeric(raw, errors="coerce").astype("float64")
            hint = "not a number"
        elif col.kind == "int":
            numbers = pd.to_numeric(raw, errors="coerce")
            whole = numbers.isna() | (numbers == numbers.round())
            numbers = numbers.where(whole)
            parsed = numbers.astype("Int64")
            hint = "not a whole number"
        else:
            out[col.name] = raw.astype("string")
            continue
        bad = raw.notna() & parsed.isna()
        for line, value in raw[bad].items():
            errors.append(_error(filename, line, col.name, value, hint))
        out[col.name] = parsed
    return out


_RULE_PATTERNS = [
    (re.compile(r"^isin\((.*)\)$"), lambda m: f"must be one of {m.group(1)}"),
    (re.compile(r"^str_matches\('?(.*?)'?\)$"), lambda m: f"must match {m.group(1)}"),
    (re.compile(r"^greater_than_or_equal_to\((.*)\)$"), lambda m: f"must be >= {m.group(1)}"),
    (re.compile(r"^less_than_or_equal_to\((.*)\)$"), lambda m: f"must be <= {m.group(1)}"),
]


def _readable_rule(check: str) -> str:
    if check == "not_nullable":
        return "required: the cell is empty"
    if check == "field_uniqueness":
        return "duplicate: must be unique"
    if check == "multiple_fields_uniqueness":
        return "duplicate key: this combination must be unique"
    for pattern, text in _RULE_PATTERNS:
        match = pattern.match(check)
        if match:
            return text(match)
    return check


def _pandera_errors(frame: pd.DataFrame, spec: TableSpec, filename: str, today: dt.date) -> list[dict]:
    import pandera.pandas as pa  # imported on a cache miss only (see analysis.data.cache)

    try:
        pandera_schema(spec, today).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        found = []
        for case in exc.failure_cases.to_dict("records"):
            row = case.get("index")
            row = None if row is None or pd.isna(row) else int(row)
            column = case.get("column") or ""
            value = case.get("failure_case")
            if row is not None and column in frame.columns and column:
                value = frame.at[row, column]
            if isinstance(value, pd.Timestamp):
                value = value.date().isoformat()
            found.append(_error(filename, row, str(column), value, _readable_rule(str(case.get("check")))))
        return found
    return []


def _row_checks(frame: pd.DataFrame, spec: TableSpec, filename: str) -> list[dict]:
    """Checks that span several columns of one row."""
    found: list[dict] = []
    checks = set(spec.extra_checks)
    if "end_date_after_date" in checks:
        bad = frame["end_date"].notna() & (frame["end_date"] < frame["date"])
        for line, value in frame.loc[bad, "end_date"].items():
            found.append(_error(filename, line, "end_date", value.date().isoformat(), "end_date is before date"))
    if "lat_lon_together" in checks:
        bad = frame["lat"].isna() != frame["lon"].isna()
        for line in frame.index[bad]:
            found.append(_error(filename, line, "lat/lon", "", "give both lat and lon, or neither"))
    if "southwest_in_box" in checks:
        lon_min, lat_min, lon_max, lat_max = SOUTHWEST_BOX
        in_region = frame["region"].isin(SOUTHWEST_REGIONS) & frame["lat"].notna()
        outside = ~frame["lon"].between(lon_min, lon_max) | ~frame["lat"].between(lat_min, lat_max)
        for line, row in frame.loc[in_region & outside].iterrows():
            found.append(
                _error(
                    filename,
                    line,
                    "lat/lon",
                    f"{row['lat']}, {row['lon']}",
                    f"region {row['region']!r} lies in lon {lon_min}..{lon_max}, lat {lat_min}..{lat_max}",
                )
            )
    if "retired_has_reason" in checks:
        bad = (frame["status"] == RETIRED).fillna(False) & frame["status_reason"].isna()
        for line in frame.index[bad]:
            found.append(_error(filename, line, "status_reason", "", "a retired row needs a status_reason"))
    return found


def validate_frame(
    raw: pd.DataFrame, spec: TableSpec, filename: str, today: dt.date | None = None
) -> TableResult:
    """Type and validate a frame of text cells against a table spec.

    Parameters
    ----------
    raw : pandas.DataFrame
        Cells as text; the index is used as the row number in error reports.
    spec : TableSpec
        The table description from :mod:`analysis.data.schemas`.
    filename : str
        Name shown in error reports.
    today : datetime.date, optional
        Latest allowed date; defaults to today.

    Returns
    -------
    TableResult
        Valid rows only, and one error row per problem.
    """
    today = today or dt.date.today()
    errors: list[dict] = []
    missing = [c.name for c in spec.columns if c.name not in raw.columns and c.required]
    for name in missing:
        errors.append(_error(filename, 1, name, "", "required column is missing from the header"))
    if missing:
        return TableResult(_empty_frame(spec), pd.DataFrame(errors, columns=ERROR_COLUMNS))
    for name in raw.columns:
        if name not in spec.column_names:
            errors.append(_error(filename, 1, name, "", f"unexpected column; expected {spec.column_names}"))
    raw = raw.reindex(columns=spec.column_names, fill_value="")
    typed = _coerce(raw.fillna(""), spec, filename, errors)
    errors += _pandera_errors(typed, spec, filename, today)
    errors += _row_checks(typed, spec, filename)
    bad_rows = {e["row"] for e in errors if e["row"] is not None and e["row"] != 1}
    valid = typed.drop(index=[r for r in bad_rows if r in typed.index])
    return TableResult(valid, pd.DataFrame(errors, columns=ERROR_COLUMNS))


def parse_csv_text(text: str, spec: TableSpec, filename: str, today: dt.date | None = None) -> TableResult:
    """Parse CSV text (e.g. an upload) and validate it; never raises on bad content."""
    errors: list[dict] = []
    header, rows, lines = _parse_rows(text, filename, errors)
    if not header:
        return TableResult(_empty_frame(spec), pd.DataFrame(errors, columns=ERROR_COLUMNS))
    raw = pd.DataFrame(rows, columns=header, index=lines, dtype="object")
    result = validate_frame(raw, spec, filename, today)
    all_errors = pd.concat([pd.DataFrame(errors, columns=ERROR_COLUMNS), result.errors], ignore_index=True)
    return TableResult(result.frame, all_errors)


def read_table(path: Path | str, spec: TableSpec, today: dt.date | None = None) -> TableResult:
    """Read one curated CSV file and validate it.

    A missing or undecodable file gives an empty table and an error row.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        error = _error(path.name, None, "", "", "file not found")
        return TableResult(_empty_frame(spec), pd.DataFrame([error], columns=ERROR_COLUMNS))
    except UnicodeDecodeError as exc:
        error = _error(path.name, None, "", "", f"not UTF-8 text: {exc.reason} at byte {exc.start}")
        return TableResult(_empty_frame(spec), pd.DataFrame([error], columns=ERROR_COLUMNS))
    return parse_csv_text(text, spec, path.name, today)


def _relationship_errors(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Cross-table checks: sources resolve, series exist, responses point back in time."""
    found: list[dict] = []
    source_ids = set(tables["sources"]["source_id"].dropna())
    for name, spec in TABLES.items():
        if not spec.cites_sources:
            continue
        for line, cell in tables[name]["source_ids"].items():
            unknown = [i for i in split_ids(cell) if i not in source_ids]
            if unknown:
                found.append(
                    _error(spec.filename, line, "source_ids", ";".join(unknown), "source_id not found in sources.csv")
                )
    site_ids = set(tables["sites"]["site_id"].dropna())
    names = tables["names"]
    for line, row in names[names["layer"] == "sites"].iterrows():
        if row["feature_id"] not in site_ids:
            found.append(_error("names.csv", line, "feature_id", row["feature_id"], "site_id not found in sites.csv"))
    series = set(tables["stats_series"]["series_id"].dropna())
    for line, value in tables["stats"]["series_id"].items():
        if value not in series:
            found.append(_error("stats.csv", line, "series_id", value, "series_id not found in stats_series.csv"))
    events = tables["events"]
    for problem in ordering_problems(events):
        found.append(_error("events.csv", problem["row"], problem["column"], problem["value"], problem["rule"]))
    codes, scores = tables["cameo_event_codes"], tables["cameo_goldstein"]
    for code in table_consistency(codes, scores):
        found.append(_error(CAMEO_GOLDSTEIN.filename, None, "code", code,
                            f"every code needs a label ({CAMEO_EVENT_CODES.filename}) and a score "
                            f"({CAMEO_GOLDSTEIN.filename})"))
    for problem in goldstein_problems(events, goldstein_lookup(scores), label_lookup(codes)):
        found.append(_error("events.csv", problem["row"], problem["column"], problem["value"], problem["rule"]))
    return found


def load_dataset(
    data_dir: Path | str = DEFAULT_DATA_DIR,
    today: dt.date | None = None,
    overrides: Mapping[str, str] | None = None,
) -> Dataset:
    """Read, validate and cross-check every curated table.

    Parameters
    ----------
    data_dir : path-like
        Folder holding the CSV files named in :data:`analysis.data.schemas.TABLES`.
    today : datetime.date, optional
        Latest allowed date; defaults to today.
    overrides : mapping of file name to CSV text, optional
        Check this text instead of the file of that name (a save checked before it is written).

    Returns
    -------
    Dataset
        Valid rows of every table and one error table for all problems.
    """
    data_dir = Path(data_dir)
    tables: dict[str, pd.DataFrame] = {}
    error_frames = []
    overrides = overrides or {}
    for name, spec in TABLES.items():
        if spec.filename in overrides:
            result = parse_csv_text(overrides[spec.filename], spec, spec.filename, today)
        else:
            result = read_table(data_dir / spec.filename, spec, today)
        tables[name] = result.frame
        error_frames.append(result.errors)
    relation_errors = _relationship_errors(tables)
    for error in relation_errors:
        table = next(n for n, s in TABLES.items() if s.filename == error["file"])
        if error["row"] is not None and error["row"] in tables[table].index:
            tables[table] = tables[table].drop(index=error["row"])
    error_frames.append(pd.DataFrame(relation_errors, columns=ERROR_COLUMNS))
    tables["events"] = with_goldstein(tables["events"], goldstein_lookup(tables["cameo_goldstein"]))
    errors = pd.concat([f for f in error_frames if not f.empty] or [empty_errors()], ignore_index=True)
    events = tables["events"]
    retired = (events["status"] == RETIRED).fillna(False).astype(bool)
    tables["events"], tables["retired_events"] = events[~retired], events[retired]
    return Dataset(tables=tables, errors=errors, data_dir=data_dir)


def table_mtimes(data_dir: Path | str = DEFAULT_DATA_DIR) -> tuple[float, ...]:
    """Modification times of every curated file, used as a cache key."""
    data_dir = Path(data_dir)
    stamps = []
    for spec in TABLES.values():
        path = data_dir / spec.filename
        stamps.append(path.stat().st_mtime if path.exists() else 0.0)
    geo = data_dir / "geo"
    if geo.exists():
        stamps += [p.stat().st_mtime for p in sorted(geo.glob("*.geojson"))]
    return tuple(stamps)
