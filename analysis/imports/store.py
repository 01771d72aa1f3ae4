"""The local store of imported events: month-partitioned Parquet that many writers cannot corrupt.

Layout (default ``local/store/``, ``$NANSEI_STORE_DIR`` overrides)::

    events/month=YYYY-MM/<batch_id>_<n>.parquet   accepted events of one month, with actor_bits
    batches/<batch_id>.json                       one sidecar per batch: its files, counts, sources and the
                                                  country-bit table its actor_bits use (actor_bits_table)
    staging/<token>/                              an import being read (not visible to queries)
    sync/                                         what ``sync`` fetched and imported (analysis.imports.sync)
    .lock                                         held while a batch is committed or the store cleared

A batch becomes visible when its sidecar appears; the sidecar is written to a temporary file and
renamed, so concurrent writers never lose each other's entries and readers never see half a file.
Commits take an exclusive ``flock`` on ``.lock``, so de-duplication by source event id sees every
earlier batch. Files are 0600 and folders 0700. A broken or foreign file is reported by
:func:`scan` and skipped; :func:`clear_store` removes what the store wrote, however broken.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import gc
import json
import os
import shutil
import uuid
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis import clock, settings
from analysis.files import exclusive_lock, write_atomic
from analysis.imports.countries import ACTOR_BIT_TABLE, bit_table_compatible
from analysis.imports.readers import STORE_COLUMNS

STORE_ENV = settings.STORE_DIR_ENV
DEFAULT_STORE_DIR = settings.DEFAULT_STORE_DIR
EVENTS_DIR, BATCHES_DIR, STAGING_DIR, LOCK_FILE = "events", "batches", "staging", ".lock"
SYNC_DIR = "sync"  # cleared with the store: a cleared store must be fetched again
# A staging area is created under a hidden name, flocked, then renamed into place: a visible one that
# no process holds belongs to an import that died. No rule compares the clock with file times: a clock
# that moved (NTP, a VM restored, faketime) must never make a live import's parts look abandoned.
NEW_PREFIX = ".new-"
COMMIT_MEMORY = "256MB"
ROW_GROUP_ROWS = 122_880  # rows per Parquet row group of the event files
COMPACT_FILES = 16  # a month with this many event files is merged into one (see compact())
# What a file must have to be read; columns added to the contract later read as empty from older files.
CORE_COLUMNS = ["event_id", "date", "title", "category", "actors", "lat", "lon", "origin", "external_id",
                "actor_bits"]
_TYPES = {"date": pa.date32(), "end_date": pa.date32(), "lat": pa.float64(), "lon": pa.float64(),
          "goldstein": pa.float64(), "fatalities": pa.int64(), "actor_bits": pa.int64()}
SCHEMA = pa.schema([(name, _TYPES.get(name, pa.string())) for name in STORE_COLUMNS])
assert SCHEMA.names == STORE_COLUMNS, SCHEMA.names


def store_dir() -> Path:
    """The store folder: ``$NANSEI_STORE_DIR`` or ``local/store/`` in the repository."""
    return settings.store_dir()


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, mode 0600 (the store is private to its owner)."""
    write_atomic(path, data, mode=0o600)


def store_lock(folder: Path) -> contextlib.AbstractContextManager[None]:
    """Exclusive lock on the store (between processes and threads): one committer at a time."""
    _mkdir(folder)
    return exclusive_lock(folder / LOCK_FILE)


# Below these sizes an import's collection and trim are skipped (only Arrow's pool is released): a small
# import frees little, while a full ``gc.collect()`` walks every object of the process, 115 ms in one holding
# a Streamlit app (AppTest of two pages, 207,000 objects; issue 22), and a sync commits a batch per file.
# 1e6 GDELT rows held 370 MB after reading, 180 bytes a row: 50,000 rows are about 9 MB.
LARGE_IMPORT_ROWS = 50_000
LARGE_READ_BYTES = 16 << 20


def release_memory(collect: bool = True, trim: bool = True) -> None:
    """Hand memory freed by a read back to the system (Arrow's pool and, on glibc, ``malloc``).

    A large import otherwise keeps the freed block memory (1e6 GDELT rows: 370 MB held after reading,
    188 MB after this), and DuckDB's commit adds its own ``COMMIT_MEMORY`` on top. CLI import of 1e6
    GDELT rows, peak RSS: 611 MB before, 557 MB with this after reading, 517 MB with Arrow's pool
    also released after each block. Per block, ``collect`` and ``trim`` (``malloc_trim``) are left out:
    they cost more CPU there than they save. Harmless where ``malloc_trim`` does not exist.
    """
    if collect:
        gc.collect()
    pa.default_memory_pool().release_unused()
    if not trim:
        return
    name = ctypes.util.find_library("c")
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(name).malloc_trim(0)


def to_table(events: pd.DataFrame) -> pa.Table:
    """Accepted events (:data:`STORE_COLUMNS`) as an Arrow table with the store's schema."""
    frame = events.reindex(columns=STORE_COLUMNS)
    arrays = []
    for name in STORE_COLUMNS:
        col = frame[name]
        kind = SCHEMA.field(name).type
        if kind == pa.date32():
            arrays.append(pa.array(pd.to_datetime(col).dt.date, type=kind, from_pandas=True))
        elif kind == pa.string():
            try:
                arrays.append(pa.Array.from_pandas(col).cast(kind))
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                arrays.append(pa.array(col.astype(object).where(col.notna(), None), type=kind, from_pandas=True))
        else:
            arrays.append(pa.array(col, type=kind, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


@dataclass
class Staging:
    """An import being read: accepted blocks appended to one Parquet file, invisible to queries."""

    folder: Path
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    rows: int = 0
    _writer: pq.ParquetWriter | None = None
    # Closes the flocked fd of the staging folder (held while this import lives) exactly once: on discard,
    # or when the object is collected. Closing it twice could close a descriptor another thread reopened.
    _release_hold: weakref.finalize | None = None

    @property
    def path(self) -> Path:
        """Folder of this staging area."""
        return self.folder / STAGING_DIR / self.token

    @classmethod
    def open(cls, folder: Path | str | None = None) -> Staging:
        """A new staging area in the store (old abandoned ones are removed first)."""
        folder = Path(folder or store_dir())
        _mkdir(folder)
        _remove_stale_staging(folder)
        staging = cls(folder)
        _mkdir(folder / STAGING_DIR)
        hidden = staging.path.with_name(NEW_PREFIX + staging.token)
        _mkdir(hidden)
        # The lock follows the folder (its inode) through the rename.
        staging._release_hold = weakref.finalize(staging, _release, _hold(hidden))
        hidden.rename(staging.path)
        return staging

    def begin_file(self) -> None:
        """Start a new part: the rows of one input file (dropped whole by :meth:`abort_file`)."""
        self.close()
        self._part = getattr(self, "_part", -1) + 1
        self._part_rows = 0

    def append(self, events: pd.DataFrame, first_seq: int) -> None:
        """Add a block of accepted events; ``first_seq`` numbers rows in reading order (first wins)."""
        if events.empty:
            return
        table = to_table(events).append_column("_seq", pa.array(range(first_seq, first_seq + len(events)),
                                                                 type=pa.int64()))
        if self._writer is None:
            path = self.path / f"part-{getattr(self, '_part', 0):05d}.parquet"
            self._writer = pq.ParquetWriter(path, table.schema, compression="lz4")  # read once, at commit
            os.chmod(path, 0o600)
        self._writer.write_table(table)
        self.rows += len(events)
        self._part_rows = getattr(self, "_part_rows", 0) + len(events)

    def abort_file(self) -> None:
        """Drop the rows of the current part (a file that failed half-way)."""
        self.close()
        path = self.path / f"part-{getattr(self, '_part', 0):05d}.parquet"
        if path.exists():
            path.unlink()
        self.rows -= getattr(self, "_part_rows", 0)
        self._part_rows = 0

    def close(self) -> None:
        """Finish the current part file."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def discard(self) -> None:
        """Drop the staged rows (nothing reaches the store)."""
        self.close()
        shutil.rmtree(self.path, ignore_errors=True)
        if self._release_hold is not None:
            self._release_hold()  # a finalizer runs once: a later collection closes nothing


def _hold(path: Path) -> int:
    """Open and ``flock`` a staging folder: the lock says "a live import owns this" (a dead one drops it)."""
    fd = os.open(path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def _release(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


def _remove_stale_staging(folder: Path) -> None:
    """Remove the staging areas of imports that died (killed, crashed): those no live process holds."""
    root = folder / STAGING_DIR
    if not root.exists():
        return
    for path in root.iterdir():
        with contextlib.suppress(OSError):
            # A hidden folder not yet held is one being created this instant: left for the next run.
            if not path.name.startswith(NEW_PREFIX) and not _held(path):
                shutil.rmtree(path, ignore_errors=True)


def _held(path: Path) -> bool:
    """True while a live process holds the staging folder's lock."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops our own lock at once
    return False


@dataclass
class StoreScan:
    """Committed batches (sidecar contents), their readable event files, and every problem found."""

    batches: list[dict]
    files: list[Path]
    problems: list[str]

    @property
    def events(self) -> int:
        """Events stored by the readable batches."""
        return sum(int(b.get("stored", 0)) for b in self.batches)


_SCHEMA_CACHE: dict[tuple[str, float, int], str | None] = {}


def _check_file(path: Path) -> str | None:
    try:
        info = path.stat()
    except OSError as exc:
        return f"{path}: missing ({exc.strerror})"
    key = (str(path), info.st_mtime, info.st_size)
    if key not in _SCHEMA_CACHE:
        try:
            names = pq.read_schema(path).names
            missing = [c for c in CORE_COLUMNS if c not in names]
            _SCHEMA_CACHE[key] = f"{path}: not an event file (missing columns {missing})" if missing else None
        except (OSError, pa.ArrowException) as exc:
            _SCHEMA_CACHE[key] = f"{path}: unreadable Parquet ({exc})"
    return _SCHEMA_CACHE[key]


def scan(folder: Path | str | None = None) -> StoreScan:
    """Read every sidecar and check its files; broken or foreign files are reported, never raised."""
    folder = Path(folder or store_dir())
    batches, files, problems = [], [], []
    referenced: set[Path] = set()
    sidecars = sorted((folder / BATCHES_DIR).glob("*.json")) if (folder / BATCHES_DIR).exists() else []
    entries = []
    for sidecar in sidecars:
        try:
            entry = json.loads(sidecar.read_text(encoding="utf-8"))
            paths = [folder / rel for rel in entry["files"]]
            if not isinstance(entry.get("batch_id"), str):
                raise KeyError("batch_id")
            gone = {folder / rel for rel in entry.get("replaces", [])}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            problems.append(f"{sidecar}: broken batch record, skipped ({type(exc).__name__}: {exc})")
            continue
        entries.append((sidecar, entry, paths, gone))
    # Files a compaction replaced: their rows live in the compacted file (see compact()).
    replaced = set().union(*(gone for *_, gone in entries)) if entries else set()
    for sidecar, entry, all_paths, _ in entries:
        paths = [path for path in all_paths if path not in replaced]
        bad = [p for p in (_check_file(path) for path in paths) if p]
        referenced.update(all_paths)
        if not bit_table_compatible(entry.get("actor_bits_table")):
            bad.append(f"{sidecar}: written with another country-bit table {entry.get('actor_bits_table')!r}; "
                       "its actor_bits would name other countries (import the files again)")
        if bad:
            problems.extend(f"{msg} (batch {entry['batch_id']} skipped)" for msg in bad)
            continue
        batches.append(entry)
        files.extend(paths)
    events_root = folder / EVENTS_DIR
    if events_root.exists():
        for path in sorted(events_root.rglob("*")):
            if path.is_file() and path not in referenced and not path.name.startswith("."):
                problems.append(f"{path}: not part of any batch, ignored")
    for path in sorted(folder.glob("*")) if folder.exists() else []:
        if path.name not in (EVENTS_DIR, BATCHES_DIR, STAGING_DIR, LOCK_FILE, SYNC_DIR):
            problems.append(f"{path}: not a store file, ignored")
    return StoreScan(batches, files, problems)


def store_signature(folder: Path | str | None = None) -> tuple:
    """Cheap cache key that changes whenever a batch is committed or removed."""
    root = Path(folder or store_dir()) / BATCHES_DIR
    if not root.exists():
        return ()
    stamps = []
    for path in sorted(root.glob("*.json")):
        with contextlib.suppress(OSError):
            info = path.stat()
            stamps.append((path.name, info.st_mtime_ns, info.st_size))
    return tuple(stamps)


def commit(staging: Staging, info: dict) -> dict:
    """Make a staged import part of the store; return its sidecar record.

    Rows whose (origin, external_id) is already stored, or repeated within the import, are not
    stored again (the first one read wins). ``info`` is saved in the sidecar (files, sources, counts).
    Nothing is written when no row is new.
    """
    import duckdb

    staging.close()
    folder = staging.folder
    batch_id = clock.now_utc().strftime("%Y%m%dT%H%M%S") + "-" + staging.token[:8]
    record = {**info, "batch_id": batch_id, "actor_bits_table": list(ACTOR_BIT_TABLE),
              "accepted": staging.rows, "stored": 0, "duplicates": 0,
              "files": [], "imported_at": clock.now_utc().isoformat(timespec="seconds")}
    if staging.rows == 0:
        staging.discard()
        return record
    out = staging.path / "out"
    large = staging.rows >= LARGE_IMPORT_ROWS
    release_memory(collect=large, trim=large)
    with store_lock(folder):
        existing = scan(folder).files
        con = duckdb.connect(config={"memory_limit": COMMIT_MEMORY, "threads": 2,
                                     "temp_directory": str(staging.path / "spill"),
                                     "preserve_insertion_order": False})
        try:
            con.execute("SET enable_progress_bar = false")
            # A partitioned COPY buffers each month's rows until this many (default 524,288): 1e6 rows of
            # one month ran out of COMMIT_MEMORY. Flushing at one row group keeps the buffer bounded.
            con.execute(f"SET partitioned_write_flush_threshold = {ROW_GROUP_ROWS}")
            staged = f"read_parquet({_quote(staging.path / 'part-*.parquet')})"
            # De-duplicate within the import only when it repeats an id (a hash count, no window sort).
            row = con.execute(f"SELECT count(*) - count(DISTINCT (origin, external_id)) FROM {staged}").fetchone()
            repeats = int(row[0]) if row else 0
            unique = (f"SELECT * EXCLUDE (_seq) FROM {staged} "
                      + ("QUALIFY row_number() OVER (PARTITION BY origin, external_id ORDER BY _seq) = 1"
                         if repeats else ""))
            if existing:
                stored_ids = f"(SELECT origin, external_id FROM read_parquet([{', '.join(map(_quote, existing))}]))"
                unique = f"SELECT u.* FROM ({unique}) u ANTI JOIN {stored_ids} s USING (origin, external_id)"
            # Straight to month partitions: no temporary table and no global sort (a page query sorts the
            # few months it reads); COPY returns the number of rows written.
            row = con.execute(f"COPY (SELECT *, strftime(date, '%Y-%m') AS month FROM ({unique})) "
                              f"TO {_quote(out)} (FORMAT parquet, PARTITION_BY (month), COMPRESSION zstd, "
                              f"ROW_GROUP_SIZE {ROW_GROUP_ROWS}, FILENAME_PATTERN '{batch_id}_{{i}}')").fetchone()
            stored = int(row[0]) if row else 0
        finally:
            con.close()
        record.update(stored=int(stored), duplicates=int(staging.rows - stored))
        if stored:
            moved = []
            _mkdir(folder / EVENTS_DIR)
            for part in sorted(out.rglob("*.parquet")):
                rel = Path(EVENTS_DIR) / part.parent.name / part.name
                _mkdir((folder / rel).parent)
                os.chmod(part, 0o600)
                os.replace(part, folder / rel)
                moved.append(str(rel))
            record["files"] = moved
            _write_private(_mkdir(folder / BATCHES_DIR) / f"{batch_id}.json",
                           json.dumps(record, indent=1).encode("utf-8"))
            try:  # the batch is stored; merging small files is housekeeping and never fails the import
                record["compacted_files"] = compact(folder)
            except (OSError, ValueError, duckdb.Error) as exc:
                record["compacted_files"] = f"compaction skipped: {exc}"
    staging.discard()
    return record


def compact(folder: Path | str, min_files: int | None = None) -> int:
    """Merge each month holding ``min_files`` (default :data:`COMPACT_FILES`) or more files into one file.

    Returns how many files it replaced.

    Many small imports (a day of 96 GDELT files) leave many small files per month, and every query opens
    them all. The merged file (rows sorted by date within its month) appears through a ``compaction``
    sidecar that names the files it replaces; :func:`scan` reads the merged file instead of them from the
    moment that sidecar exists, so readers never see a row twice or miss one. The replaced files are
    then deleted; the batches' own sidecars (counts, sources) are kept. The caller holds the store lock.
    """
    import duckdb

    folder = Path(folder)
    min_files = COMPACT_FILES if min_files is None else min_files
    by_month: dict[Path, list[Path]] = {}
    for path in scan(folder).files:
        by_month.setdefault(path.parent, []).append(path)
    replaced = 0
    for month, paths in sorted(by_month.items()):
        if len(paths) < min_files:
            continue
        compact_id = "compact-" + clock.now_utc().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        tmp = month / f".{compact_id}.tmp"
        target = month / f"{compact_id}_0.parquet"
        con = duckdb.connect(config={"memory_limit": COMMIT_MEMORY, "threads": 2,
                                     "preserve_insertion_order": False})
        try:
            con.execute("SET enable_progress_bar = false")
            con.execute(f"COPY (SELECT * FROM read_parquet([{', '.join(map(_quote, paths))}], union_by_name = true) "
                        f"ORDER BY date, event_id) TO {_quote(tmp)} (FORMAT parquet, COMPRESSION zstd, "
                        "ROW_GROUP_SIZE 122880)")
        finally:
            con.close()
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
        record = {"batch_id": compact_id, "kind": "compaction", "files": [str(target.relative_to(folder))],
                  "replaces": [str(p.relative_to(folder)) for p in paths], "stored": 0,
                  "actor_bits_table": list(ACTOR_BIT_TABLE),
                  "imported_at": clock.now_utc().isoformat(timespec="seconds")}
        _write_private(folder / BATCHES_DIR / f"{compact_id}.json", json.dumps(record, indent=1).encode("utf-8"))
        for path in paths:
            path.unlink(missing_ok=True)
        replaced += len(paths)
    return replaced


def _quote(path: Path | str) -> str:
    """A path as a SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


def clear_store(folder: Path | str | None = None) -> int:
    """Delete every batch, event file and staging area (and files of the old layout); return how many went.

    Works on a store with broken files: nothing is parsed.
    """
    folder = Path(folder or store_dir())
    if not folder.exists():
        return 0
    removed = 0
    with store_lock(folder):
        for name in (BATCHES_DIR, EVENTS_DIR, STAGING_DIR, SYNC_DIR):
            root = folder / name
            if root.exists():
                removed += sum(1 for p in root.rglob("*") if p.is_file())
                shutil.rmtree(root, ignore_errors=True)
        for path in [*folder.glob("import-*.parquet"), *folder.glob("*.tmp"), folder / "imports.json"]:
            if path.is_file():
                path.unlink()
                removed += 1
    return removed


def store_summary(folder: Path | str | None = None) -> pd.DataFrame:
    """One row per committed batch (from the sidecars; no Parquet is read)."""
    columns = ["batch_id", "formats", "files_read", "stored", "duplicates", "accepted", "outside_scope",
               "rejected", "rows_read", "scope", "imported_at"]
    rows = []
    for batch in scan(folder).batches:
        if batch.get("kind") == "compaction":
            continue
        rows.append({**{c: batch.get(c) for c in columns},
                     "formats": ", ".join(sorted({s.get("format", "") for s in batch.get("sources", [])})),
                     "files_read": "; ".join(s.get("file", "") for s in batch.get("sources", []))})
    return pd.DataFrame(rows, columns=columns)
