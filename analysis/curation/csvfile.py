"""Curated CSV files as raw text rows: read, render in a stable order, write atomically.

Cells stay text (exactly as in the file), so rows the curator did not touch are
written back byte for byte and a save shows up as a small ``git diff``.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.data.ordering import chronological
from analysis.data.schemas import EVENTS, SOURCES, TableSpec
from analysis.files import exclusive_lock

# The files a curation save may change; their content hash guards against lost concurrent edits.
CURATED_FILES: tuple[TableSpec, ...] = (EVENTS, SOURCES)
ID_COLUMNS = {EVENTS.filename: "event_id", SOURCES.filename: "source_id"}


@dataclass
class RawTable:
    """One CSV file as text cells: header, rows (dicts keyed by column) and its line ending."""

    spec: TableSpec
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    newline: str = "\n"

    @property
    def id_column(self) -> str:
        """The column that identifies a row (``event_id`` or ``source_id``)."""
        return ID_COLUMNS[self.spec.filename]

    def ids(self) -> list[str]:
        """Every row's id, in file order."""
        return [row.get(self.id_column, "") for row in self.rows]

    def find(self, row_id: str) -> dict[str, str] | None:
        """The row with this id, or None."""
        return next((row for row in self.rows if row.get(self.id_column) == row_id), None)


def read_raw(path: Path, spec: TableSpec) -> RawTable:
    """Read a curated CSV as text cells; a missing file gives an empty table in spec column order."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return RawTable(spec, list(spec.column_names))
    newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
    records = [r for r in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in r)]
    if not records:
        return RawTable(spec, list(spec.column_names), newline=newline)
    header = [h.strip() for h in records[0]]
    rows = [dict(zip(header, record, strict=False)) for record in records[1:]]
    return RawTable(spec, header, rows, newline)


def cell_text(value: object) -> str:
    """A value as the CSV cell the curated files use: lists ``;``-joined, whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(cell_text(v) for v in value if cell_text(v))
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat") and not isinstance(value, str):
        text = value.isoformat()
        return text[:10]
    return str(value).strip()


def _header(table: RawTable) -> list[str]:
    # Spec order for known columns; a column the file lacks is added only once a row fills it.
    filled = {col for row in table.rows for col, value in row.items() if value}
    known = [c for c in table.spec.column_names if c in table.header or c in filled]
    return known + [c for c in table.header if c not in known]


def sort_rows(table: RawTable) -> None:
    """Events in the contract's chronological order; sources keep their file order (new ones are appended).

    Chronological (:func:`analysis.data.ordering.chronological`): by date, same-day causes before
    their reactions, then by event_id. ISO date text sorts like the dates.
    """
    if table.spec is not EVENTS or not table.rows:
        return
    frame = pd.DataFrame({"event_id": [r.get("event_id", "") for r in table.rows],
                          "date": [r.get("date", "") for r in table.rows],
                          "responds_to": [r.get("responds_to", "") for r in table.rows]})
    order = chronological(frame).index
    table.rows[:] = [table.rows[i] for i in order]


def render(table: RawTable) -> str:
    """The table as CSV text (minimal quoting, the file's own line ending)."""
    sort_rows(table)
    header = _header(table)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=table.newline)
    writer.writerow(header)
    for row in table.rows:
        writer.writerow([row.get(col, "") for col in header])
    return out.getvalue()


def data_hash(data_dir: Path | str) -> str:
    """Content hash (sha256) of the files a curation save may change (events.csv, sources.csv).

    Take it when a form opens and pass it as ``expected_hash``: the save is refused
    if either file changed in between.
    """
    digest = hashlib.sha256()
    for spec in CURATED_FILES:
        path = Path(data_dir) / spec.filename
        digest.update(spec.filename.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def folder_lock(data_dir: Path | str) -> contextlib.AbstractContextManager[None]:
    """Exclusive lock on the data folder (``flock``): one save at a time, across threads and processes."""
    return exclusive_lock(data_dir)


def rows_by_id(table: RawTable) -> Mapping[str, dict[str, str]]:
    """Rows keyed by their id column (later duplicates win)."""
    return {row.get(table.id_column, ""): row for row in table.rows}


def event_rows(data_dir: Path | str) -> list[dict[str, str]]:
    """Every row of events.csv as text cells, retired ones included, in file order."""
    return read_raw(Path(data_dir) / EVENTS.filename, EVENTS).rows


def read_text_table(path: Path | str, columns: Sequence[str]) -> pd.DataFrame:
    """A side table (review or ingest decisions) with every cell as text, in ``columns`` order.

    A file that does not exist gives an empty table; a missing column is added empty.
    """
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=list(columns), dtype="object")
    return pd.read_csv(path, dtype=str, keep_default_na=False).reindex(columns=list(columns), fill_value="")
