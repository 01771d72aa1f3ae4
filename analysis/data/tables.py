"""Read one curated table and validate it against its spec: typed columns, pandera rules, row checks.

Problems never raise: they come back as an error table (the columns of
:data:`analysis.data.problems.ERROR_COLUMNS`: file, CSV line, column, value, rule), and the
offending rows are left out of the frame (kept in ``TableResult.rejected`` for the cross-table
checks of :mod:`analysis.data.relations`). Graceful rules: of duplicated keys the first row is
kept; each problem is reported once, with the value as written in the file; a missing column is
reported, and only a column no row can do without (an id, a key, a date or a number) empties the table.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import clock
from analysis.data.memo import BoundedMemo
from analysis.data.problems import empty_errors, problems_frame
from analysis.data.problems import problem as _error
from analysis.data.rules import duplicate_errors, pandera_errors, row_checks
from analysis.data.schemas import TableSpec

__all__ = ["TableResult", "check_row", "parse_csv_text", "read_table", "row_problems", "validate_frame"]


@dataclass
class TableResult:
    """A typed, validated table (index = CSV line number) and its problems.

    ``rejected`` holds the typed rows that were left out (for cross-table checks:
    a link to one of them is the linked row's fault, not the linking row's);
    ``rows_read`` counts the data rows in the file; ``usable`` is False when the
    file itself could not be used (missing, unreadable, essential column missing).
    """

    frame: pd.DataFrame
    errors: pd.DataFrame
    rejected: pd.DataFrame | None = None
    rows_read: int = 0
    usable: bool = True


def _empty_frame(spec: TableSpec) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in spec.column_names})
    return _coerce(frame, spec, "", [])[0]


def _errors_frame(errors: list[dict]) -> pd.DataFrame:
    return problems_frame(errors)


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


def _coerce(
    frame: pd.DataFrame, spec: TableSpec, filename: str, errors: list[dict]
) -> tuple[pd.DataFrame, set[tuple[int, str]]]:
    """Give each column its declared type; report values that do not parse.

    Returns the typed frame and the (line, column) cells already reported, so a
    later check does not report the same cell again (e.g. as empty).
    """
    out = pd.DataFrame(index=frame.index)
    reported: set[tuple[int, str]] = set()
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
            reported.add((line, col.name))
        out[col.name] = parsed
    return out, reported


def _missing_column_rule(spec: TableSpec, name: str, fatal: bool) -> str:
    col = next(c for c in spec.columns if c.name == name)
    fix = f"To fix: add {name!r} to the header (first line) of {spec.filename}; data/README.md lists its columns."
    if fatal:
        return (f"required column {name!r} is missing from {spec.filename}; no row can be used without it, "
                f"so the table is empty. {fix}")
    kind = "required" if col.required else "optional"
    return f"{kind} column {name!r} is missing from {spec.filename}; rows are kept with it empty. {fix}"


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
        Valid rows only, the rejected rows, and one error row per problem.
    """
    today = today or clock.today()
    errors: list[dict] = []
    header = ",".join(str(c) for c in raw.columns)[:120]
    missing = [c.name for c in spec.columns if c.name not in raw.columns]
    fatal = [c.name for c in spec.columns if c.name in missing and spec.essential(c)]
    for col in spec.columns:
        if col.name in missing and (col.required or col.in_header):
            rule = _missing_column_rule(spec, col.name, col.name in fatal)
            errors.append(_error(filename, 1, col.name, header, rule))
    for name in raw.columns:
        if name not in spec.column_names:
            errors.append(_error(filename, 1, name, name, f"unexpected column; expected {spec.column_names}"))
    if fatal:
        return TableResult(_empty_frame(spec), _errors_frame(errors), rows_read=len(raw), usable=False)
    text = raw.reindex(columns=spec.column_names, fill_value="").fillna("")
    typed, reported = _coerce(text, spec, filename, errors)
    for col in spec.columns:
        if col.name in missing and col.required:
            # Pages rely on required text being text: an empty string, not a missing value.
            typed[col.name] = pd.Series("", index=typed.index, dtype="string")
    for problem in pandera_errors(typed, text, spec, filename, today):
        if (problem["row"], problem["column"]) in reported or problem["column"] in missing:
            continue  # already reported as unparsable, or the whole column is missing (reported once)
        errors.append(problem)
    errors += duplicate_errors(text, spec, filename)
    errors += row_checks(typed, spec, filename)
    errors = _once(errors)
    bad_rows = sorted({e["row"] for e in errors if e["row"] is not None and e["row"] != 1} & set(typed.index))
    return TableResult(typed.drop(index=bad_rows), _errors_frame(errors), rejected=typed.loc[bad_rows],
                       rows_read=len(raw))


def _once(errors: list[dict]) -> list[dict]:
    """Each problem once (same file, row, column and rule), first occurrence kept."""
    seen: set[tuple] = set()
    unique = []
    for error in errors:
        key = (error["file"], error["row"], error["column"], error["rule"])
        if key not in seen:
            seen.add(key)
            unique.append(error)
    return unique


# Reading a table is a pure function of its text, spec, file name and day. A Curate save rewrites one
# file and the app then re-reads all of them, and every map check re-reads the bundled sources: the
# unchanged texts are answered from here. Bounded on purpose: at most _MEMO_ENTRIES results, and only
# of texts up to _MEMO_MAX_CHARS (the bundled tables are 3-210 kB; an upload may be far larger).
_MEMO_ENTRIES = 32
_MEMO_MAX_CHARS = 2_000_000
_memo: BoundedMemo[TableResult] = BoundedMemo(_MEMO_ENTRIES)


def parse_csv_text(text: str, spec: TableSpec, filename: str, today: dt.date | None = None) -> TableResult:
    """Parse CSV text (e.g. an upload) and validate it; never raises on bad content.

    The same text, spec, file name and day give the same result; a repeat is answered from a small
    in-process memo. Each caller gets its own :class:`TableResult` whose frames share data copy-on-write
    (pandas 3), so a caller's change never reaches another.
    """
    today = today or clock.today()
    if len(text) > _MEMO_MAX_CHARS:
        return _parse_csv_text(text, spec, filename, today)
    key = (hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest(), spec, filename, today)
    found = _memo.get(key, lambda: _parse_csv_text(text, spec, filename, today))
    return TableResult(
        frame=found.frame.copy(deep=False),
        errors=found.errors.copy(deep=False),
        rejected=None if found.rejected is None else found.rejected.copy(deep=False),
        rows_read=found.rows_read,
        usable=found.usable,
    )


def _parse_csv_text(text: str, spec: TableSpec, filename: str, today: dt.date) -> TableResult:
    errors: list[dict] = []
    header, rows, lines = _parse_rows(text, filename, errors)
    if not header:
        return TableResult(_empty_frame(spec), _errors_frame(errors), usable=False)
    raw = pd.DataFrame(rows, columns=header, index=lines, dtype="object")
    result = validate_frame(raw, spec, filename, today)
    parse_errors = [e for e in errors if e["row"] is not None]  # rows with the wrong field count
    result.rows_read += len(parse_errors)
    result.errors = pd.concat([f for f in (_errors_frame(errors), result.errors) if not f.empty] or [empty_errors()],
                              ignore_index=True)
    return result


def read_table(path: Path | str, spec: TableSpec, today: dt.date | None = None) -> TableResult:
    """Read one curated CSV file and validate it.

    A missing or undecodable file gives an empty table and an error row.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        error = _error(path.name, None, "", str(path), "file not found")
        return TableResult(_empty_frame(spec), _errors_frame([error]), usable=False)
    except UnicodeDecodeError as exc:
        error = _error(path.name, None, "", "", f"not UTF-8 text: {exc.reason} at byte {exc.start}")
        return TableResult(_empty_frame(spec), _errors_frame([error]), usable=False)
    return parse_csv_text(text, spec, path.name, today)


def row_problems(row: Mapping[str, object], spec: TableSpec, filename: str,
                 today: dt.date | None = None) -> list[dict]:
    """The contract's problems with one new row (text cells; a column not given is an empty cell).

    The same path as the loader (:func:`validate_frame`), so a row a writer builds is judged by the
    rules the loader applies when it reads the file back.
    """
    cells = {c.name: "" if row.get(c.name) is None else str(row.get(c.name)) for c in spec.columns}
    extra = {name: str(value) for name, value in row.items() if name not in cells}
    raw = pd.DataFrame([{**cells, **extra}], index=[2], dtype="object")
    return validate_frame(raw, spec, filename, today).errors.to_dict("records")


def check_row(row: Mapping[str, object], spec: TableSpec, filename: str, today: dt.date | None = None) -> None:
    """Raise the contract's message for the first problem of one new row (see :func:`row_problems`).

    Raises
    ------
    ValueError
        ``"<file>: <column> <rule>, got <value>"`` for the first broken rule.
    """
    for found in row_problems(row, spec, filename, today):
        raise ValueError(f"{filename}: {found['column']} {found['rule']}, got {found['value']!r}")
