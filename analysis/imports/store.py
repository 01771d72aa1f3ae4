"""Local store of imported events (Parquet, gitignored) and fast queries over it.

Each accepted import is one Parquet file ``<source_id>.parquet`` in the store
folder (default ``local/store/``, ``$NANSEI_STORE_DIR`` overrides) plus an
entry in ``imports.json``. Re-importing the same file replaces its batch.
Curated ``data/`` files are never touched.

:class:`EventStore` loads every batch once and answers the pages' queries
with NumPy over date-sorted arrays: a ``searchsorted`` date slice, an actor
bitmask (one bit per country of :data:`analysis.data.countries.COUNTRY_NAMES`) and
category codes, then ``bincount`` for the aggregates. Chosen over DuckDB on
measured numbers (see ``docs/import.md`` and ``bench/run.py``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis import settings
from analysis.data.countries import COUNTRY_NAMES
from analysis.data.filters import EventFilter
from analysis.data.schemas import CATEGORIES
from analysis.imports.readers import IMPORT_COLUMNS, ImportResult

STORE_ENV = settings.STORE_DIR_ENV
DEFAULT_STORE_DIR = settings.DEFAULT_STORE_DIR
MANIFEST = "imports.json"
COUNTRY_BITS = {code: 1 << i for i, code in enumerate(COUNTRY_NAMES)}
# Low-cardinality text: category dtype keeps a million rows small.
CATEGORY_COLUMNS = ["date_precision", "category", "actors", "initiator", "target", "location", "region",
                    "source_ids", "confidence", "origin"]
PERIODS = ("W", "MS", "YS")
_DAY = np.timedelta64(1, "D")


def store_dir() -> Path:
    """The store folder: ``$NANSEI_STORE_DIR`` or ``local/store/`` in the repository."""
    return settings.store_dir()


def read_manifest(folder: Path | str | None = None) -> list[dict]:
    """One entry per stored import (source row plus counts); empty when nothing is stored."""
    path = Path(folder or store_dir()) / MANIFEST
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def write_import(result: ImportResult, folder: Path | str | None = None) -> Path:
    """Store the accepted events of an import as one Parquet batch; return its path.

    Raises
    ------
    ValueError
        If the result has no accepted events.
    """
    if result.events.empty:
        raise ValueError(f"nothing to store: {result.filename!r} has no accepted events")
    folder = Path(folder or store_dir())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{result.source_id}.parquet"
    tmp = path.with_suffix(".tmp")
    # Sorted, dictionary-encoded batches load about 5x faster than the raw frame (bench/run.py).
    table = pa.Table.from_pandas(normalise(result.events), preserve_index=False)
    # Write then rename, so a running app never reads half a file.
    pq.write_table(table, tmp)
    tmp.replace(path)
    entries = [e for e in read_manifest(folder) if e["source_id"] != result.source_id]
    entries.append({**result.source, "format": result.format, "file": result.filename,
                    "events": len(result.events), "rejected_rows": int(result.errors["row"].nunique()),
                    "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
    (folder / MANIFEST).write_text(json.dumps(entries, indent=1), encoding="utf-8")
    return path


def clear_store(folder: Path | str | None = None) -> int:
    """Delete the stored batches and the manifest (nothing else); return how many files went."""
    folder = Path(folder or store_dir())
    if not folder.exists():
        return 0
    files = [*folder.glob("import-*.parquet"), folder / MANIFEST]
    removed = 0
    for path in files:
        if path.exists():
            path.unlink()
            removed += 1
    return removed


def store_mtime(folder: Path | str | None = None) -> float:
    """Latest modification time in the store (0.0 when empty): the cache key for :class:`EventStore`."""
    folder = Path(folder or store_dir())
    stamps = [p.stat().st_mtime for p in folder.glob("*") if p.suffix in (".parquet", ".json")]
    return max(stamps, default=0.0)


def store_summary(folder: Path | str | None = None) -> pd.DataFrame:
    """Stored imports from the manifest (cheap: no Parquet is read)."""
    columns = ["source_id", "format", "file", "events", "rejected_rows", "imported_at"]
    return pd.DataFrame(read_manifest(folder), columns=None).reindex(columns=columns)


def normalise(events: pd.DataFrame) -> pd.DataFrame:
    """A date-sorted copy with the store's column types (category for low-cardinality text)."""
    frame = events.reindex(columns=IMPORT_COLUMNS)
    if not frame["date"].is_monotonic_increasing:
        frame = frame.sort_values("date", kind="stable")
    frame = frame.reset_index(drop=True)
    types = {"date": "datetime64[ns]", "end_date": "datetime64[ns]", "lat": "float64", "lon": "float64",
             "goldstein": "float64", "fatalities": "Int64"}
    for col in IMPORT_COLUMNS:
        wanted = "category" if col in CATEGORY_COLUMNS else types.get(col, "str")
        if str(frame[col].dtype) != wanted:
            frame[col] = frame[col].astype(wanted)
    frame["category"] = frame["category"].cat.set_categories(list(CATEGORIES))
    return frame


def empty_events() -> pd.DataFrame:
    """An empty frame with the imported-event columns and types."""
    frame = pd.DataFrame({c: pd.Series(dtype="string") for c in IMPORT_COLUMNS})
    for col in ("date", "end_date"):
        frame[col] = pd.Series(dtype="datetime64[ns]")
    for col in ("lat", "lon", "goldstein"):
        frame[col] = pd.Series(dtype="float64")
    frame["fatalities"] = pd.Series(dtype="Int64")
    return frame


class EventStore:
    """Read-only, date-sorted imported events with fast filter and aggregates.

    Parameters
    ----------
    events : pandas.DataFrame
        Rows with :data:`analysis.imports.readers.IMPORT_COLUMNS`; copied, never modified.
    """

    def __init__(self, events: pd.DataFrame) -> None:
        frame = normalise(events)
        self.frame = frame
        days = frame["date"].to_numpy().astype("datetime64[D]")
        self._days = days.astype("int64")
        self._week = ((self._days + 3) // 7).astype("int32")  # weeks start on Monday (1970-01-01 is a Thursday)
        self._month = (days.astype("datetime64[M]").astype("int64")).astype("int32")
        self._cat = frame["category"].cat.codes.to_numpy().astype("int16")
        actors = frame["actors"].cat
        per_category = np.array([sum(COUNTRY_BITS.get(c, 0) for c in str(cell).split(";"))
                                 for cell in actors.categories], dtype="int64")
        codes = actors.codes.to_numpy()
        self._bits = np.where(codes >= 0, per_category[codes] if len(per_category) else 0, 0).astype("int64")
        self._lat = frame["lat"].to_numpy(dtype="float64")
        self._lon = frame["lon"].to_numpy(dtype="float64")
        for array in (self._days, self._week, self._month, self._cat, self._bits, self._lat, self._lon):
            array.setflags(write=False)

    @classmethod
    def load(cls, folder: Path | str | None = None) -> EventStore:
        """Read every stored batch (an empty store when there are none)."""
        folder = Path(folder or store_dir())
        paths = sorted(folder.glob("import-*.parquet")) if folder.exists() else []
        if not paths:
            return cls(empty_events())
        frames = [pq.read_table(p).to_pandas() for p in paths]
        return cls(pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0])

    def __len__(self) -> int:
        """Number of stored events."""
        return len(self.frame)

    def positions(self, selection: EventFilter) -> np.ndarray:
        """Row positions (ascending date) matching the filter; same rule as ``filter_events``."""
        lo, hi = 0, len(self._days)
        if selection.start is not None:
            lo = int(np.searchsorted(self._days, _day(selection.start), "left"))
        if selection.end is not None:
            hi = int(np.searchsorted(self._days, _day(selection.end), "right"))
        if hi <= lo:
            return np.empty(0, dtype="int64")
        mask = None
        if selection.countries:
            wanted = sum(COUNTRY_BITS[c] for c in selection.countries)
            hits = self._bits[lo:hi] & wanted
            mask = hits == wanted if selection.match == "all" else hits != 0
        if selection.categories:
            allowed = np.zeros(len(CATEGORIES) + 1, dtype=bool)
            allowed[[CATEGORIES.index(c) for c in selection.categories]] = True
            ok = allowed[self._cat[lo:hi]]  # code -1 (missing) reads the last, False slot
            mask = ok if mask is None else mask & ok
        if mask is None:
            return np.arange(lo, hi)
        return lo + np.flatnonzero(mask)

    def filter(self, selection: EventFilter, columns: list[str] | None = None) -> pd.DataFrame:
        """Matching events (a new frame, oldest first); ``columns`` limits what is copied."""
        frame = self.frame if columns is None else self.frame[columns]
        return frame.take(self.positions(selection)).reset_index(drop=True)

    def count(self, selection: EventFilter) -> int:
        """Number of matching events."""
        return len(self.positions(selection))

    def counts_by_period(self, selection: EventFilter, freq: str = "W") -> pd.DataFrame:
        """Events per period and category, like :func:`analysis.features.overview.events_by_period`.

        Parameters
        ----------
        selection : EventFilter
            The active filters.
        freq : {"W", "MS", "YS"}
            Weeks starting Monday (labelled by the Monday), months or years (labelled by the first day).
        """
        if freq not in PERIODS:
            raise ValueError(f"freq must be one of {PERIODS}, got {freq!r}")
        pos = self.positions(selection)
        period = self._week[pos] if freq == "W" else self._month[pos]
        if freq == "YS":
            period = period // 12
        cats = self._cat[pos]
        keep = cats >= 0
        period, cats = period[keep], cats[keep]
        if len(period) == 0:
            return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "category": pd.Series(dtype="str"),
                                 "events": pd.Series(dtype="int64")})
        first = int(period.min())
        ncat = len(CATEGORIES)
        counts = np.bincount((period - first).astype("int64") * ncat + cats, minlength=0)
        hit = np.flatnonzero(counts)
        number = hit // ncat + first
        if freq == "W":
            starts = (number * 7 - 3).astype("datetime64[D]")
        elif freq == "MS":
            starts = number.astype("datetime64[M]").astype("datetime64[D]")
        else:
            starts = number.astype("datetime64[Y]").astype("datetime64[D]")
        return pd.DataFrame({"period": starts.astype("datetime64[ns]"),
                             "category": np.array(CATEGORIES, dtype=object)[hit % ncat],
                             "events": counts[hit].astype("int64")})

    def grid_counts(self, selection: EventFilter, cell_deg: float = 0.25) -> pd.DataFrame:
        """Events per ``cell_deg`` grid cell (EPSG:4326), for density maps: lon, lat (cell centre), events."""
        if not 0 < cell_deg <= 10:
            raise ValueError(f"cell_deg must be in (0, 10], got {cell_deg!r}")
        pos = self.positions(selection)
        lat, lon = self._lat[pos], self._lon[pos]
        ok = ~(np.isnan(lat) | np.isnan(lon))
        ix = np.floor((lon[ok] + 180) / cell_deg).astype("int64")
        iy = np.floor((lat[ok] + 90) / cell_deg).astype("int64")
        if len(ix) == 0:
            return pd.DataFrame({"lon": pd.Series(dtype="float64"), "lat": pd.Series(dtype="float64"),
                                 "events": pd.Series(dtype="int64")})
        width = int(360 / cell_deg) + 1
        counts = np.bincount((iy - iy.min()) * width + ix)
        hit = np.flatnonzero(counts)
        return pd.DataFrame({"lon": (hit % width + 0.5) * cell_deg - 180,
                             "lat": (hit // width + iy.min() + 0.5) * cell_deg - 90,
                             "events": counts[hit].astype("int64")})

    def page(self, selection: EventFilter, offset: int = 0, limit: int = 500) -> pd.DataFrame:
        """One page of matching events, newest first (tables load lazily)."""
        if offset < 0 or limit < 0:
            raise ValueError(f"offset and limit must be >= 0, got offset={offset!r}, limit={limit!r}")
        pos = self.positions(selection)[::-1][offset:offset + limit]
        return self.frame.take(pos).reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """Stored events per origin and source (file)."""
        counts = self.frame.groupby(["origin", "source_ids"], observed=True).size()
        return counts.rename("events").reset_index()


def _day(value: dt.date) -> int:
    return int((np.datetime64(value, "D") - np.datetime64("1970-01-01", "D")) / _DAY)
