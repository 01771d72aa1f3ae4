"""Per-table checks of typed curated rows: pandera rules, unique keys, multi-column rules.

Each check returns problem rows (:func:`analysis.data.problems.problem`); the value is
the cell as written in the file wherever there is one cell to show.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from analysis.data.countries import actor_code_problem, parse_actors
from analysis.data.problems import problem as _error
from analysis.data.schemas import RETIRED, SOUTHWEST_BOX, SOUTHWEST_REGIONS, TableSpec, pandera_schema

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


def pandera_errors(
    frame: pd.DataFrame, text: pd.DataFrame, spec: TableSpec, filename: str, today: dt.date
) -> list[dict]:
    """Per-cell rule failures; the value is the cell as written in the file (``text``)."""
    import pandera.pandas as pa  # imported on a cache miss only (see analysis.data.cache)

    try:
        pandera_schema(spec, today, uniqueness=False).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        found = []
        for case in exc.failure_cases.to_dict("records"):
            row = case.get("index")
            row = None if row is None or pd.isna(row) else int(row)
            column = case.get("column") or ""
            value = case.get("failure_case")
            if row is not None and column in text.columns and column:
                value = text.at[row, column]
            elif isinstance(value, pd.Timestamp):
                value = value.date().isoformat()
            found.append(_error(filename, row, str(column), value, _readable_rule(str(case.get("check")))))
        return found
    return []


def duplicate_errors(text: pd.DataFrame, spec: TableSpec, filename: str) -> list[dict]:
    """Unique columns and keys: the first row with a value is kept, every repeat is reported."""
    found: list[dict] = []
    keys = [[c.name] for c in spec.columns if c.unique]
    if spec.unique_together:
        keys.append(list(spec.unique_together))
    for key in keys:
        first: dict[tuple[str, ...], int] = {}
        for line, *values in text[key].itertuples(index=True, name=None):
            value = tuple(str(v) for v in values)
            if any(v == "" for v in value):
                continue  # an empty key cell is reported as empty by the required check
            if value not in first:
                first[value] = line
                continue
            label = " + ".join(key)
            found.append(_error(filename, line, ", ".join(key), ", ".join(value),
                                f"duplicate: {label} already on line {first[value]}, which is kept"))
    return found


def actor_code_errors(values: pd.Series, kind: str, column: str, filename: str) -> list[dict]:
    """Actor-code cells (``kind`` ``"one"`` or ``"list"``) against :func:`countries.parse_actors`.

    ``values`` is indexed by line; an empty cell is left to the required check.
    """
    found: list[dict] = []
    for line, value in values.items():
        if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value) == "":
            continue
        text = str(value)
        if kind == "one":
            reason = "one ISO3 code only, not a list" if ";" in text else actor_code_problem(text)
            if reason:
                found.append(_error(filename, line, column, text, f"actor code {text!r}: {reason}"))
            continue
        for code, reason in parse_actors(text)[1]:
            found.append(_error(filename, line, column, text, f"actor code {code!r}: {reason}"))
    return found


def row_checks(frame: pd.DataFrame, spec: TableSpec, filename: str) -> list[dict]:
    """Checks that span several columns of one row, and the actor-code rule."""
    found: list[dict] = []
    for col in spec.columns:
        if col.actor_codes and col.name in frame.columns:
            found += actor_code_errors(frame[col.name], col.actor_codes, col.name, filename)
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
