"""Where the event queries run: ``NANSEI_ENGINE`` picks the backend, :class:`EventQueries` runs them.

- ``duckdb`` (default): embedded DuckDB reading the local Parquet store directly (nothing is loaded
  into memory, nothing to start); ``memory_limit`` and ``threads`` keep a server process small.
- any URL ``ibis.connect`` understands, e.g. ``clickhouse://user:pw@host:9000/db``,
  ``trino://user@host:8080/catalog/schema``, ``bigquery://project/dataset``: the same expressions run
  on that engine against the table ``NANSEI_ENGINE_TABLE`` (default ``nansei_events``) with the store's
  columns (see ``docs/import.md``). Those backends' extras are not installed by default.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace
from pathlib import Path

import ibis
import pandas as pd

from analysis import clock, settings
from analysis.data.filters import EventFilter
from analysis.data.schemas import EARLIEST_DATE
from analysis.imports.store import StoreScan, scan, store_dir
from analysis.query import events as q


def engine_url() -> str:
    """The configured engine (``duckdb`` unless ``NANSEI_ENGINE`` says otherwise)."""
    return settings.engine_url()


_SQL_TYPES = {"date": "DATE", "end_date": "DATE", "lat": "DOUBLE", "lon": "DOUBLE", "goldstein": "DOUBLE",
              "fatalities": "BIGINT", "actor_bits": "BIGINT"}


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


class EventQueries:
    """Runs the expressions of :mod:`analysis.query.events` and returns pandas frames.

    Parameters
    ----------
    table_for_thread : callable
        Returns the Ibis ``events`` table usable from the calling thread.
    scan : StoreScan, optional
        What the local store held when opened (problems are shown on the Import page).
    """

    def __init__(self, table_for_thread, scan: StoreScan | None = None, engine: str = "duckdb") -> None:
        self._table_for_thread = table_for_thread
        self.scan = scan
        self.engine = engine

    @property
    def t(self):
        """The Ibis events table for the calling thread."""
        return self._table_for_thread()

    def count(self, selection: EventFilter) -> int:
        """Number of matching imported events."""
        return int(q.count(self.t, selection).execute())

    def counts_by_period(self, selection: EventFilter, freq: str = "W") -> pd.DataFrame:
        """``period`` (datetime64), ``category``, ``events``, like ``overview.events_by_period``."""
        frame = q.counts_by_period(self.t, selection, freq).execute()
        frame["period"] = pd.to_datetime(frame["period"]).astype("datetime64[ns]")
        frame["events"] = frame["events"].astype("int64")
        frame["category"] = frame["category"].astype(str)
        return frame.reset_index(drop=True)

    def grid_counts(self, selection: EventFilter, cell_deg: float = 0.25, box=None) -> pd.DataFrame:
        """Events per grid cell: ``lon``, ``lat`` (cell centre, EPSG:4326), ``events``."""
        frame = q.grid_counts(self.t, selection, cell_deg, box).execute()
        return frame.astype({"lon": "float64", "lat": "float64", "events": "int64"}).reset_index(drop=True)

    def page(self, selection: EventFilter, limit: int = 500, before=None) -> pd.DataFrame:
        """One page of matching events, newest first (keyset: pass the last row's (date, event_id)).

        Read from its date window: the last month before the key first, widened four-fold until the
        page is full, so a partitioned store reads a few months, not every file.
        """
        end = before[0] if before else (selection.end or clock.today())
        floor = selection.start or EARLIEST_DATE
        if selection.end is not None:
            end = min(end, selection.end)
        span = 31
        while True:
            low = max(floor, end - dt.timedelta(days=span))
            if low > end:
                return _rows(q.page(self.t, replace(selection, start=floor, end=floor), limit, before).execute())
            frame = q.page(self.t, replace(selection, start=low, end=end), limit, before).execute()
            if len(frame) >= limit or low <= floor:
                return _rows(frame)
            span *= 4

    def in_box(self, selection: EventFilter, box, limit: int) -> pd.DataFrame:
        """Up to ``limit`` matching events inside ``box`` (lon_min, lat_min, lon_max, lat_max)."""
        return _rows(q.in_box(self.t, selection, box, limit).execute())

    def count_in_box(self, selection: EventFilter, box) -> int:
        """Matching events inside ``box``."""
        return int(q.count_in_box(self.t, selection, box).execute())

    def feed_groups(self, since: dt.date, until: dt.date | None = None) -> pd.DataFrame:
        """Feed rows since ``since`` pre-grouped on the engine (see :func:`analysis.query.events.feed_groups`)."""
        frame = q.feed_groups(self.t, since, until).execute()
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
        for col in ("lat", "lon", "goldstein"):
            frame[col] = frame[col].astype("float64")
        frame["sources"] = frame["sources"].map(lambda v: sorted(v) if v is not None else [])
        return frame.reset_index(drop=True)

    def per_origin(self) -> pd.DataFrame:
        """Stored events per origin and source."""
        return q.per_origin(self.t).execute()


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("date", "end_date"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    frame["fatalities"] = frame["fatalities"].astype("Int64")
    for col in ("lat", "lon", "goldstein"):
        frame[col] = frame[col].astype("float64")
    return frame.reset_index(drop=True)


def open_duckdb(folder: Path | str | None = None) -> EventQueries:
    """DuckDB over the committed Parquet files of the local store (read only; broken files skipped)."""
    import duckdb

    folder = Path(folder or store_dir())
    found = scan(folder)
    base = duckdb.connect(":memory:", config={"memory_limit": settings.duckdb_memory(), "threads": 2})
    base.execute("SET enable_progress_bar = false")
    if found.files:
        base.execute(f"CREATE VIEW events_files AS SELECT * FROM read_parquet({_sql_list(found.files)}, "
                     "hive_partitioning = true, hive_types = {'month': VARCHAR}, union_by_name = true)")
        present = {row[0] for row in base.execute("DESCRIBE events_files").fetchall()}
        # Files written before a column joined the contract read it as empty.
        columns = [f'"{c}"' if c in present else f'CAST(NULL AS {_SQL_TYPES.get(c, "VARCHAR")}) AS "{c}"'
                   for c in q.SCHEMA.names]
        base.execute(f"CREATE VIEW events AS SELECT {', '.join(columns)} FROM events_files")
    else:
        backend = ibis.duckdb.from_connection(base)
        backend.create_table("events", schema=q.SCHEMA)
    local = threading.local()

    def table():
        # DuckDB connections are not shared between threads: each thread gets its own cursor.
        if not hasattr(local, "table"):
            local.table = ibis.duckdb.from_connection(base.cursor()).table("events")
        return local.table

    return EventQueries(table, found, "duckdb")


def open_engine(url: str | None = None, folder: Path | str | None = None) -> EventQueries:
    """The queries on the configured engine (``duckdb`` = the local store)."""
    url = url or engine_url()
    if url == "duckdb":
        return open_duckdb(folder)
    backend = ibis.connect(url)
    table = backend.table(settings.engine_table())
    return EventQueries(lambda: table, None, url.split(":", 1)[0])
