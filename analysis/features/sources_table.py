"""The Sources page's table: a search and pages, so a rerun sends one page, not every source.

Sending all 872 bundled sources on every visit cost 317 KB of websocket messages (and a 35 KB
selectbox of every id); a page of :data:`PAGE_ROWS` rows is about a ninth of it. The downloads keep
every matching row.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.features.events_table import contains_every_word

PAGE_ROWS = 100
SEARCH_COLUMNS: tuple[str, ...] = ("source_id", "publisher", "title", "published", "url", "kind", "language", "tier")


def search_sources(usage: pd.DataFrame, query: str) -> pd.DataFrame:
    """Sources whose id, publisher, title, date, URL, kind, language or tier contain every word of ``query``.

    Case is ignored; an empty query keeps every row. Returns a new frame with a fresh index.
    """
    columns = [c for c in SEARCH_COLUMNS if c in usage.columns]
    if not str(query or "").split() or usage.empty or not columns:
        return usage.reset_index(drop=True)
    text = usage[columns].fillna("").astype(str).agg(" ".join, axis=1)
    return usage.loc[contains_every_word(text, query)].reset_index(drop=True)


def page_count(rows: int, per_page: int = PAGE_ROWS) -> int:
    """Pages needed for ``rows`` rows (at least 1, so an empty table still has its page)."""
    if per_page < 1:
        raise ValueError(f"per_page must be >= 1, got {per_page!r}")
    return max(1, math.ceil(rows / per_page))


def page_of(table: pd.DataFrame, page: int, per_page: int = PAGE_ROWS) -> pd.DataFrame:
    """Rows of page ``page`` (1-based) of ``table``."""
    if page < 1:
        raise ValueError(f"page must be >= 1, got {page!r}")
    start = (page - 1) * per_page
    return table.iloc[start:start + per_page]
