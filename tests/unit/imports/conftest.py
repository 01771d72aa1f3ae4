"""Builders for feed rows in the published layouts (GDELT 2.0/1.0 codebook columns, ACLED export header)."""

from __future__ import annotations

import csv
import io

from analysis.imports.synth import ACLED_HEADER, acled_rows, gdelt_rows
from analysis.imports.vocab import GDELT1_COLUMNS, GDELT_COLUMNS


def gdelt_row(i: int = 0, **cells: str) -> list[str]:
    """One valid GDELT 2.0 row (61 columns) with some cells replaced by name."""
    row = gdelt_rows(1, seed=i)[0]
    row[0] = str(700000000 + i)
    for name, value in cells.items():
        row[GDELT_COLUMNS.index(name)] = value
    return row


def gdelt_bytes(rows: list[list[str]], newline: str = "\n", final: bool = True) -> bytes:
    text = newline.join("\t".join(r) for r in rows) + (newline if final else "")
    return text.encode("utf-8")


def gdelt1_row(row61: list[str], columns: int = 58) -> list[str]:
    """The same event in the GDELT 1.0 layout (no ADM2Code fields; 57 = without SOURCEURL)."""
    cells = dict(zip(GDELT_COLUMNS, row61, strict=True))
    return [cells.get(c, "") for c in GDELT1_COLUMNS][:columns]


def acled_bytes(rows: list[list[str]] | None = None, n: int = 3, **cells: str) -> bytes:
    rows = rows if rows is not None else acled_rows(n, seed=5)
    for name, value in cells.items():
        for row in rows:
            row[ACLED_HEADER.index(name)] = value
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ACLED_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
