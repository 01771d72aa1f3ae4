"""Promote an imported (ACLED/GDELT) event: a draft of the Curate form, for the analyst to check.

Only facts the imported row states are carried over (date, place, actors,
category, CAMEO code) plus its source reference (ACLED's ``source`` name, GDELT's
article URL). The title and summary are left for the analyst's own words and the
source's title and date for the analyst to read off the source: nothing is
invented, and imported text is not copied into the curated tables.

A position is carried only when the imported row names a place finer than a
country. GDELT geocodes country-level mentions (``ActionGeo_Type`` 1, a
``FullName`` that is just the country) to the country's centroid — China's is
(35, 105), far from any event — so such rows leave lat/lon empty and the note
says why.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from urllib.parse import urlsplit

from analysis.curation.csvfile import cell_text
from analysis.data.countries import COUNTRY_NAMES
from analysis.data.schemas import EVENTS

# Columns an imported row may fill; the rest (title, summary, ids, links, confidence) are the analyst's.
# Goldstein is not carried: it follows from event_code unless the analyst overrides it with a reason.
CARRIED = ("date", "date_precision", "end_date", "category", "actors", "initiator", "target", "location", "lat",
           "lon", "region", "event_code")


def _present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return cell_text(value) != "" and str(value) not in ("<NA>", "NaT", "nan")


def _country_names() -> set[str]:
    from analysis.imports.countries import cameo_countries  # GDELT's own country labels

    return {name.casefold() for name in (*COUNTRY_NAMES.values(), *cameo_countries().values())}


def country_level(row: Mapping[str, object]) -> bool:
    """True when the row's place is a whole country (or unnamed): its lat/lon is a centroid, not a site."""
    place = cell_text(row.get("location")).strip() if _present(row.get("location")) else ""
    return not place or place.casefold() in _country_names()


def prefill_from_imported(row: Mapping[str, object]) -> tuple[dict[str, str], dict[str, str], str]:
    """Event cells, a new-source draft and a reference note from one imported row.

    Returns
    -------
    tuple
        ``(event, source, note)``: events.csv cells to prefill, sources.csv cells to prefill, and a
        one-line note naming the imported record (origin, external id) to show beside the form.
    """
    event = {col: cell_text(row[col]) for col in CARRIED
             if col in EVENTS.column_names and col in row and _present(row[col])}
    centroid = "lat" in event and country_level(row)
    if centroid:  # a country's centroid is no event position: leave it for the analyst
        event.pop("lat", None)
        event.pop("lon", None)
    origin = str(row.get("origin") or "import").upper()
    text = cell_text(row.get("source_text")) if _present(row.get("source_text")) else ""
    source: dict[str, str] = {}
    if text.startswith(("http://", "https://")):
        source["url"] = text
        source["publisher"] = urlsplit(text).hostname or ""
        source["kind"] = "news"
    elif text:
        source["publisher"] = text
        source["kind"] = "news"
    external = cell_text(row.get("external_id")) if _present(row.get("external_id")) else ""
    note = f"Draft from imported {origin} record {external or row.get('event_id', '')}".strip()
    if centroid:
        where = cell_text(row.get("location")) if _present(row.get("location")) else "no named place"
        note += (f". Position left empty: the record places the event only at country level ({where}), "
                 "whose coordinates are the country's centroid, not where it happened")
    return event, source, note
