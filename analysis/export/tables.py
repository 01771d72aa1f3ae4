"""Tables that carry what they show: an "about" block (data date, filters, search) with the rows.

CSV: ``# key: value`` comment lines before the header (read back with
``pandas.read_csv(..., comment=None, skiprows=n)`` or any tool's "skip lines"). XLSX: the rows on a
``data`` sheet with a frozen, bold header and real date cells, plus an ``about`` sheet. Both go
through :mod:`analysis.export.formats`, so formula injection stays neutralised.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from analysis.export.formats import neutralise_cell, table_to_csv, table_to_xlsx

DATE_FORMAT = "yyyy-mm-dd"


def _one_line(text: object) -> str:
    # A line break inside a value would end the comment line early and start a data row.
    return " ".join(str(text).split())


def about_lines(about: list[tuple[str, str]]) -> list[str]:
    """The about block as ``# key: value`` lines (each on one line, never a formula)."""
    return [f"# {_one_line(key)}: {_one_line(value)}" for key, value in about]


def csv_with_about(table: pd.DataFrame, about: list[tuple[str, str]]) -> bytes:
    """CSV bytes: ``# key: value`` lines, then the table as :func:`~analysis.export.formats.table_to_csv`."""
    body = table_to_csv(table).decode("utf-8-sig")
    head = "".join(line + "\r\n" for line in about_lines(about))
    return (head + body).encode("utf-8-sig")


def xlsx_with_about(table: pd.DataFrame, about: list[tuple[str, str]], sheet: str = "data") -> bytes:
    """XLSX bytes: the table (frozen bold header, date cells as dates) and an ``about`` sheet.

    Columns of ``table`` holding dates (datetime64 or ``datetime.date`` values) become real
    spreadsheet dates shown as YYYY-MM-DD.
    """
    from openpyxl import load_workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    book = load_workbook(io.BytesIO(table_to_xlsx(_dates_as_timestamps(table), sheet)))
    data = book.active
    data.freeze_panes = "A2"
    for cell in data[1]:
        cell.font = Font(bold=True)
    date_columns = [i + 1 for i, c in enumerate(table.columns) if _is_date_column(table[c])]
    for index in date_columns:
        for (cell,) in data.iter_rows(min_row=2, min_col=index, max_col=index):
            if cell.value is not None:
                cell.number_format = DATE_FORMAT
    info = book.create_sheet("about")
    info.append(["key", "value"])
    for key, value in about:
        info.append([neutralise_cell(str(key)), neutralise_cell(str(value))])
    for cells in info.iter_rows(min_row=1):
        for cell in cells:
            cell.data_type = TYPE_STRING
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _is_date_column(series: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(series):
        return True
    values = series.dropna()
    return not values.empty and all(isinstance(v, dt.date) for v in values)


def _dates_as_timestamps(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    for column in out.columns:
        if _is_date_column(out[column]):
            out[column] = pd.to_datetime(out[column]).astype(object).where(out[column].notna(), None)
    return out
