"""Turn figures and tables into files for briefings.

Interactive HTML inlines plotly.js, so the file opens with no network.
Tables are neutralised against spreadsheet formula injection.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def figure_to_html(fig: go.Figure) -> bytes:
    """Self-contained interactive HTML (plotly.js inlined, no CDN)."""
    html = fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})
    return html.encode("utf-8")


def _is_plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def neutralise_cell(value: object) -> object:
    """Prefix ``'`` to text that a spreadsheet would run as a formula.

    Plain numbers (``-3.5``) are left alone; ``=1+1``, ``+cmd``, ``@SUM()``,
    and cells starting with tab or carriage return are neutralised.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _is_plain_number(value):
        return "'" + value
    return value


def safe_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` with every text cell neutralised (see :func:`neutralise_cell`)."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell).astype(object)
    return out


def table_to_csv(table: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM so Excel reads accents), safe against formula injection."""
    return safe_table(table).to_csv(index=False).encode("utf-8-sig")
