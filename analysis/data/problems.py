"""The problem row: one shape for every data problem the loader, the geo layers and the importers report.

A problem names the file, the CSV line (or feature / row number), the column, the value as written and
the rule it broke, so a curator can find and fix it.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["ERROR_COLUMNS", "empty_errors", "problem", "problems_frame"]

ERROR_COLUMNS = ["file", "row", "column", "value", "rule"]


def problem(file: str, row: int | None, column: str, value: object, rule: str) -> dict:
    """One problem row: where it is (file, row, column), what was there (value) and the rule broken."""
    return {"file": file, "row": row, "column": column, "value": value, "rule": rule}


def empty_errors() -> pd.DataFrame:
    """Return an empty problem table with the standard columns."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in ERROR_COLUMNS})


def problems_frame(rows: list[dict]) -> pd.DataFrame:
    """A problem table from problem rows (the standard columns even when there are none)."""
    return pd.DataFrame(rows, columns=ERROR_COLUMNS) if rows else empty_errors()
