"""The event queries, written once as Ibis expressions over a table with the store's columns.

Every function takes an Ibis table ``t`` (DuckDB over Parquet, ClickHouse, Trino, BigQuery: see
:mod:`analysis.query.engine`) and returns an expression; nothing here runs a query. The filter is the
sidebar's rule (:func:`analysis.data.filters.filter_events`): dates inclusive, any selected country
among the event's actors (the ``actor_bits`` column, one bit per country), categories.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from analysis.data.filters import EventFilter
from analysis.data.grid import LAT_OFFSET, LON_OFFSET
from analysis.imports.countries import COUNTRY_BITS
from analysis.imports.readers import STORE_COLUMNS

PERIODS = {"W": "W", "MS": "M", "YS": "Y"}
# What a page of rows shows (the store's columns without actor_bits and the partition column).
PAGE_COLUMNS = [c for c in STORE_COLUMNS if c != "actor_bits"]
_IBIS_TYPES = {"date": "date", "end_date": "date", "lat": "float64", "lon": "float64", "goldstein": "float64",
               "fatalities": "int64", "actor_bits": "int64"}
SCHEMA = ibis.schema({**{c: _IBIS_TYPES.get(c, "string") for c in STORE_COLUMNS}, "month": "string"})


def unbound(name: str = "events") -> ir.Table:
    """The events table as an unbound Ibis table (for compiling SQL without a connection)."""
    return ibis.table(SCHEMA, name=name)


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def filtered(t: ir.Table, selection: EventFilter) -> ir.Table:
    """Rows matching the sidebar filters (``month`` too, so partitioned engines prune)."""
    preds = []
    if selection.start is not None:
        preds += [t.month >= _month(selection.start), t.date >= selection.start]
    if selection.end is not None:
        preds += [t.month <= _month(selection.end), t.date <= selection.end]
    if selection.countries:
        wanted = 0
        for code in selection.countries:
            wanted |= COUNTRY_BITS[code]
        hits = t.actor_bits & wanted
        preds.append(hits == wanted if selection.match == "all" else hits != 0)
    if selection.categories:
        preds.append(t.category.isin(list(selection.categories)))
    return t.filter(preds) if preds else t


def count(t: ir.Table, selection: EventFilter) -> ir.Scalar:
    """Number of matching events."""
    return filtered(t, selection).count()


def counts_by_period(t: ir.Table, selection: EventFilter, freq: str = "W") -> ir.Table:
    """Events per period and category: ``period`` (Monday / first of month / first of year), ``category``, ``events``.

    Raises
    ------
    ValueError
        For a ``freq`` other than ``W``, ``MS`` or ``YS``.
    """
    if freq not in PERIODS:
        raise ValueError(f"freq must be one of {list(PERIODS)}, got {freq!r}")
    rows = filtered(t, selection)
    return (rows.group_by(period=rows.date.truncate(PERIODS[freq]), category=rows.category)
            .aggregate(events=rows.count()).order_by(["period", "category"]))


def grid_counts(t: ir.Table, selection: EventFilter, cell_deg: float = 0.25,
                box: tuple[float, float, float, float] | None = None) -> ir.Table:
    """Events per ``cell_deg`` cell (EPSG:4326): ``lon``, ``lat`` (cell centre), ``events``.

    ``box`` (lon_min, lat_min, lon_max, lat_max) keeps only events inside it.
    """
    if not 0 < cell_deg <= 10:
        raise ValueError(f"cell_deg must be in (0, 10], got {cell_deg!r}")
    rows = filtered(t, selection).filter([ibis._.lat.notnull(), ibis._.lon.notnull()])
    if box is not None:
        rows = rows.filter([rows.lon.between(box[0], box[2]), rows.lat.between(box[1], box[3])])
    ix = ((rows.lon + LON_OFFSET) / cell_deg).floor().cast("int64")  # the one grid: analysis.data.grid
    iy = ((rows.lat + LAT_OFFSET) / cell_deg).floor().cast("int64")
    cells = rows.group_by(ix=ix, iy=iy).aggregate(events=rows.count())
    return (cells.select(lon=(cells.ix + 0.5) * cell_deg - LON_OFFSET, lat=(cells.iy + 0.5) * cell_deg - LAT_OFFSET,
                         events=cells.events).order_by(["lat", "lon"]))


def page(t: ir.Table, selection: EventFilter, limit: int = 500,
         before: tuple[dt.date, str] | None = None) -> ir.Table:
    """Up to ``limit`` matching events, newest first, strictly older than the key ``before`` (date, event_id).

    Keyset paging (never OFFSET): the next page passes the last row's (date, event_id).
    """
    if limit < 1:
        raise ValueError(f"limit must be >= 1, got {limit!r}")
    rows = filtered(t, selection)
    if before is not None:
        day, key = before
        older = (rows.date < day) | ((rows.date == day) & (rows.event_id < key))
        rows = rows.filter([rows.month <= _month(day), older])
    return rows.order_by([ibis.desc("date"), ibis.desc("event_id")]).limit(limit).select(PAGE_COLUMNS)


def in_box(t: ir.Table, selection: EventFilter, box: tuple[float, float, float, float], limit: int,
           columns: list[str] | None = None) -> ir.Table:
    """Up to ``limit`` matching events inside ``box`` (lon_min, lat_min, lon_max, lat_max), newest first."""
    rows = filtered(t, selection)
    rows = rows.filter([rows.lon.between(box[0], box[2]), rows.lat.between(box[1], box[3])])
    return rows.order_by([ibis.desc("date"), ibis.desc("event_id")]).limit(limit).select(columns or PAGE_COLUMNS)


def count_in_box(t: ir.Table, selection: EventFilter, box: tuple[float, float, float, float]) -> ir.Scalar:
    """Matching events inside ``box``."""
    rows = filtered(t, selection)
    return rows.filter([rows.lon.between(box[0], box[2]), rows.lat.between(box[1], box[3])]).count()


def per_origin(t: ir.Table) -> ir.Table:
    """Stored events per origin and source (file)."""
    return t.group_by(["origin", "source_ids"]).aggregate(events=t.count()).order_by(["origin", "source_ids"])


def to_sql(expr: ir.Expr, dialect: str) -> str:
    """The SQL an engine would run (``duckdb``, ``clickhouse``, ``trino``, ``bigquery``...), no connection needed."""
    return str(ibis.to_sql(expr, dialect=dialect))


FEED_ORIGINS = ("gdelt", "acled")


def feed_groups(t: ir.Table, since: dt.date, until: dt.date | None = None, cell_deg: float = 0.1) -> ir.Table:
    """Feed rows since ``since`` pre-grouped for folding into candidates (:mod:`analysis.imports.candidates`).

    One row per (date, unordered actor pair ``actor_a <= actor_b``, CAMEO root code, ``cell_deg`` grid cell):
    ``rows``, mean ``goldstein``, ``mentions`` (GDELT's article count from the row summary, else 1 a row),
    mean ``lat``/``lon`` (EPSG:4326), the commonest ``location`` and ``category``, the distinct ``sources``
    (source URLs / ACLED source text) and ``origin``. The grouping runs on the engine; only groups come back.
    """
    preds = [t.origin.isin(list(FEED_ORIGINS)), t.month >= _month(since), t.date >= since]
    if until is not None:
        preds += [t.month <= _month(until), t.date <= until]
    rows = t.filter(preds)
    first, second = rows.initiator.fill_null(""), rows.target.fill_null("")
    articles = rows.summary.re_extract(r"(\d+) article", 1).nullif("").cast("int64").fill_null(1)
    rows = rows.mutate(actor_a=ibis.least(first, second), actor_b=ibis.greatest(first, second),
                       root=rows.event_code.fill_null("").substr(0, 2), mentions_=articles,
                       cell_lat=(rows.lat / cell_deg).round(0), cell_lon=(rows.lon / cell_deg).round(0))
    return (rows.group_by(["date", "actor_a", "actor_b", "root", "cell_lat", "cell_lon"])
            .aggregate(rows=rows.count(), goldstein=rows.goldstein.mean(), mentions=rows.mentions_.sum(),
                       lat=rows.lat.mean(), lon=rows.lon.mean(), location=rows.location.mode(),
                       category=rows.category.mode(), origin=rows.origin.max(),
                       sources=rows.source_text.collect(distinct=True))
            .drop("cell_lat", "cell_lon"))
