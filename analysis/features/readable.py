"""What a person reads: plain dates, country names, category labels, source titles, event titles.

Hovers and tables on the Map and Timeline pages go through these helpers instead of
showing ids and codes (``src-…``, ``JPN;PHL``, ``defence_industry``, ``2026-05-31 00:00:00``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd

from analysis.charts.style import category_label, region_label
from analysis.data.countries import country_name
from analysis.data.ids import split_ids

SOURCE_COLUMNS = {"publisher": "Publisher", "title": "Title", "published": "Published", "url": "URL"}


def plain_date(value: object) -> str:
    """``2026-05-31`` for a timestamp/date (no ``00:00:00``), ``""`` for missing, text unchanged."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def short_label(text: str, width: int = 30) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, ending in ``…`` when cut."""
    if width < 4:
        raise ValueError(f"width must be >= 4, got {width!r}")
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    return textwrap.shorten(text, width, placeholder="…").replace(" …", "…")


def wrap_label(text: str, width: int = 24, lines: int = 2) -> str:
    """``text`` in at most ``lines`` lines of ``width`` characters, joined by ``<br>``, cut at words."""
    parts = textwrap.wrap(" ".join(str(text).split()), width) or [""]
    if len(parts) > lines:
        parts = [*parts[:lines - 1], short_label(" ".join(parts[lines - 1:]), width)]
    return "<br>".join(parts)


def countries(cell: object) -> str:
    """``"JPN;PHL"`` -> ``"Japan, Philippines"``."""
    return ", ".join(country_name(code) for code in split_ids(cell))


def category(value: object) -> str:
    """Category label, ``""`` for missing."""
    return category_label(str(value)) if isinstance(value, str) and value else ""


def citation_lookup(sources: pd.DataFrame) -> dict[str, str]:
    """``Publisher, “Title” (date)`` by source id, built once for many lookups.

    ``sources`` has a ``source_id`` column, or is indexed by source id.
    """
    table = sources.set_index("source_id") if "source_id" in sources.columns else sources
    published = table["published"] if "published" in table.columns else pd.Series(None, index=table.index)
    return {str(source_id): f"{publisher}, “{title}” ({plain_date(date) or 'n.d.'})"
            for source_id, publisher, title, date in zip(table.index, table["publisher"], table["title"],
                                                         published, strict=True)}


def source_citations(cell: object, sources: pd.DataFrame | Mapping[str, str]) -> list[str]:
    """``Publisher, “Title” (date)`` for each source id in ``cell`` (unknown ids kept as they are).

    ``sources`` is the sources table or, for many rows, its :func:`citation_lookup`.
    """
    lookup = sources if isinstance(sources, Mapping) else citation_lookup(sources)
    return [lookup.get(source_id, source_id) for source_id in split_ids(cell)]


def event_titles(cell: object, events: pd.DataFrame) -> list[str]:
    """``date title`` of each event id in ``cell``; ids not among ``events`` are said to be so."""
    lookup = dict(zip(events["event_id"], events["date"].map(plain_date) + " " + events["title"].astype(str),
                      strict=True))
    return [lookup.get(i, f"(an event not in the table: {i})") for i in split_ids(cell)]


def readable_sources(cited: pd.DataFrame) -> pd.DataFrame:
    """Publisher, title, published, URL of cited sources (no ids)."""
    out = cited.reindex(columns=list(SOURCE_COLUMNS)).copy()
    out["published"] = out["published"].map(plain_date).replace("", "n.d.")
    return out.rename(columns=SOURCE_COLUMNS).reset_index(drop=True)


EVENT_FIELDS = (
    ("Date", lambda r, e, s: plain_date(r["date"]) + (f" to {plain_date(r['end_date'])}"
                                                     if plain_date(r.get("end_date")) else "")),
    ("Title", lambda r, e, s: r["title"]),
    ("Summary", lambda r, e, s: r["summary"]),
    ("Category", lambda r, e, s: category(r["category"])),
    ("Initiator", lambda r, e, s: countries(r["initiator"])),
    ("Target", lambda r, e, s: countries(r.get("target"))),
    ("Actors", lambda r, e, s: countries(r["actors"])),
    ("Place", lambda r, e, s: r.get("location") if isinstance(r.get("location"), str) else ""),
    ("Region", lambda r, e, s: region_label(r["region"]) if isinstance(r.get("region"), str) else ""),
    ("Goldstein", lambda r, e, s: f"{r['goldstein']:+.1f}"),
    ("Responds to", lambda r, e, s: "\n".join(event_titles(r.get("responds_to"), e))),
    ("Answered by", lambda r, e, s: "\n".join(
        plain_date(x.date) + " " + str(x.title)
        for x in e[e["responds_to"].map(lambda c: r["event_id"] in split_ids(c))].itertuples())),
    ("Date precision", lambda r, e, s: r.get("date_precision", "")),
    ("Confidence", lambda r, e, s: r.get("confidence", "")),
    ("Sources", lambda r, e, s: "\n".join(source_citations(r["source_ids"], s))),
)


def event_record_table(record: pd.Series, events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One event as ``field, value`` rows a person reads (names, labels, titles, plain dates)."""
    values = []
    for _field, get in EVENT_FIELDS:
        try:
            value = get(record, events, sources)
        except KeyError:  # imported rows lack some curated columns
            value = ""
        values.append("" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value))
    return pd.DataFrame({"field": [f for f, _ in EVENT_FIELDS], "value": values})


def site_record_table(record: pd.Series, sources: pd.DataFrame) -> pd.DataFrame:
    """One site (installation or place) as readable ``field, value`` rows."""
    def text(key: str) -> str:
        value = record.get(key)
        return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)

    established = record.get("established")
    rows = [
        ("Name", text("name")), ("Local name", text("name_local")), ("Operator", countries(record.get("operator"))),
        ("Service", text("service")), ("Kind", category(record.get("kind"))),
        ("Position", f"{float(record['lat']):.3f}° N, {float(record['lon']):.3f}° E"),
        ("Established", "" if established is None or pd.isna(established) else f"{int(established)}"),
        ("Notes", text("notes")), ("Confidence", text("confidence")),
        ("Sources", "\n".join(source_citations(record.get("source_ids"), sources))),
    ]
    return pd.DataFrame(rows, columns=["field", "value"])


def record_table(kind: str, record: pd.Series, events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """A clicked record as readable ``field, value`` rows (names, labels, titles, plain dates)."""
    if kind == "event":
        return event_record_table(record, events, sources)
    if kind == "site":
        return site_record_table(record, sources)
    rows = [("Name", record.get("name", "")), ("Local name", record.get("name_local", "")),
            ("Kind", category(record.get("kind"))), ("Notes", record.get("notes", "")),
            ("Confidence", record.get("confidence", "")),
            ("Sources", "\n".join(source_citations(record.get("source_ids"), sources)))]
    return pd.DataFrame([(f, "" if v is None else str(v)) for f, v in rows], columns=["field", "value"])


LABELLED = {"category": category, "kind": category,
            "region": lambda v: region_label(v) if isinstance(v, str) and v else ""}
COUNTRY_COLUMNS = ("actors", "initiator", "target", "country", "operator")
DECIMALS = {"lat": 3, "lon": 3, "goldstein": 1}


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, (str, list, tuple)) and bool(pd.isna(value)))


def _decimals(column: str, values: pd.Series) -> int:
    if column in DECIMALS:
        return DECIMALS[column]
    typical = values.abs().median()
    return 1 if pd.notna(typical) and typical >= 10 else 2


def display_table(table: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The values a person reads, for an on-screen table (downloads keep the raw cells).

    Dates without ``00:00:00``, category and region labels, country names for ISO3 lists,
    publisher names for ``source_ids`` (when ``sources`` is given), floats rounded (1 decimal
    from 10 up, else 2; lat/lon 3, Goldstein 1) and empty cells instead of ``None``/``NaN``.
    Column names are kept.
    """
    out = table.copy()
    publishers = (dict(zip(sources["source_id"], sources["publisher"].astype(str), strict=True))
                  if sources is not None else None)
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[col] = series.map(plain_date)
        elif pd.api.types.is_float_dtype(series):
            digits = _decimals(str(col), series)
            rounded = series.round(digits)
            out[col] = rounded if rounded.notna().all() else rounded.map(
                lambda v, d=digits: "" if pd.isna(v) else f"{v:.{d}f}")
        elif pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
            continue
        elif col in LABELLED:
            out[col] = series.map(LABELLED[col])
        elif col in COUNTRY_COLUMNS:
            out[col] = series.map(lambda v: "" if _missing(v) else countries(v))
        elif col == "source_ids" and publishers is not None:
            out[col] = series.map(lambda v: "; ".join(dict.fromkeys(publishers.get(i, i) for i in split_ids(v)))
                                  if not _missing(v) else "")
        else:
            out[col] = series.map(lambda v: "" if _missing(v) else plain_date(v) if hasattr(v, "isoformat") else v)
    return out
