"""The Events page's table: a text search that filters, and downloads that say what they hold."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis import clock
from analysis.data.countries import country_name
from analysis.data.ids import split_ids

SEARCH_COLUMNS: tuple[str, ...] = ("title", "summary", "actors", "location", "region")


def _haystack(events: pd.DataFrame) -> pd.Series:
    # Actors are searched as codes and as names, so "Philippines" finds "JPN;PHL".
    names = events["actors"].fillna("").map(lambda cell: " ".join(country_name(c) for c in split_ids(cell)))
    parts = [events[c].fillna("").astype(str) for c in SEARCH_COLUMNS if c in events.columns]
    text = names
    for part in parts:
        text = text + " " + part
    return text.str.casefold()


def search_events(events: pd.DataFrame, query: str) -> pd.DataFrame:
    """Events whose title, summary, actors (codes or names) or place contain every word of ``query``.

    Case is ignored; an empty query keeps every event. Returns a new frame.
    """
    if not str(query or "").split() or events.empty:
        return events.copy()
    return events.loc[contains_every_word(_haystack(events), query)].copy()


def contains_every_word(text: pd.Series, query: str) -> pd.Series:
    """True where ``text`` contains every word of ``query`` (case ignored; an empty query matches all).

    The one search rule of the Events and Sources tables.
    """
    haystack = text.fillna("").astype(str).str.casefold()
    mask = pd.Series(True, index=text.index)
    for word in str(query or "").casefold().split():
        mask &= haystack.str.contains(word, regex=False)
    return mask


def with_sources(table: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add ``sources`` (publisher: title (date)) and ``source_urls`` for each row's ``source_ids``.

    Several sources are separated by `` | ``; a source without a URL adds none.
    """
    indexed = sources.set_index("source_id")

    def titles(cell: object) -> str:
        parts = []
        for sid in split_ids(cell):
            if sid in indexed.index:
                row = indexed.loc[sid]
                date = row["published"] if pd.notna(row["published"]) and str(row["published"]) else "n.d."
                parts.append(f"{row['publisher']}: {row['title']} ({date})")
        return " | ".join(parts)

    def urls(cell: object) -> str:
        found = [indexed.loc[s, "url"] for s in split_ids(cell) if s in indexed.index]
        return " | ".join(str(u) for u in found if pd.notna(u) and str(u))

    out = table.copy()
    out["sources"] = out["source_ids"].map(titles)
    out["source_urls"] = out["source_ids"].map(urls)
    return out


def download_table(table: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The shown table for CSV/XLSX: dates as dates (not text) and the sources spelled out."""
    out = with_sources(table, sources)
    out["date"] = pd.to_datetime(out["date"]).dt.date
    return out


def export_about(as_of: str, filters: str, query: str, rows: int,
                 exported: dt.datetime | None = None) -> list[tuple[str, str]]:
    """The about block of an events download: what, how current, which filters and search.

    ``exported`` defaults to now (UTC).
    """
    exported = exported or clock.now_utc()
    return [
        ("table", "Nansei Watch curated events"),
        ("data as of", as_of),
        ("filters", filters),
        ("search", query.strip() or "(none)"),
        ("rows", str(rows)),
        ("exported", exported.strftime("%Y-%m-%d %H:%M UTC")),
    ]
