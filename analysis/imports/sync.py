"""``sync gdelt``: fetch GDELT 2.0 event exports as they are published and import them once each.

GDELT lists every 15-minute file in a master list, one ``SIZE MD5 URL`` line each; the event exports
end in ``.export.CSV.zip`` and their names start with the batch time (``YYYYMMDDHHMMSS``, UTC). A run

1. reads the list (streamed, within the size/time budget), keeps the exports at or after ``since``;
2. skips every file the sync record marks imported; takes the oldest ``max_files`` of the rest;
3. downloads each one (:mod:`analysis.imports.fetch`: timeouts, retries, budgets), refuses it when its
   size or MD5 differs from the list (recorded as failed: the next run tries again), imports the
   verified files through :mod:`analysis.imports.pipeline` exactly like ``import``, up to
   :data:`COMMIT_FILES` per store batch, and records each file's outcome right after its batch.

The record (``<store>/sync/gdelt.json``, written atomically after every file) is what makes a second
run fetch nothing new. A run killed after a commit but before the record was written fetches that
file again; the store keeps one row per (origin, external id), so nothing is doubled.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import clock, settings
from analysis.files import exclusive_lock, write_atomic
from analysis.imports.fetch import FetchError, Limits, download, fetch_lines
from analysis.imports.inputs import InputError, from_paths
from analysis.imports.pipeline import RowCounts, discard_report, read_files, store_report
from analysis.imports.store import SYNC_DIR

DOWNLOADS = "downloads"
EXPORT_SUFFIX = ".export.CSV.zip"
LIST_SECONDS = 600.0  # the master list is ~100+ MB; a slow link gets ten minutes
FILE_SECONDS = 300.0
KEPT_RUNS = 20
KEPT_DAYS = 30  # imported files the record remembers (by batch time)
COMMIT_FILES = 12  # verified downloads imported per store batch (3 hours of GDELT)
_STAMP = re.compile(r"^(\d{14})\.")
_MD5 = re.compile(r"^[0-9a-fA-F]{32}$")


def sync_folder(store: Path) -> Path:
    """``<store>/sync``: the sync records and the download area (created 0700)."""
    folder = Path(store) / SYNC_DIR
    (folder / DOWNLOADS).mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def record_path(store: Path, feed: str) -> Path:
    """Where the record of ``feed`` (``gdelt`` or ``acled``) is kept."""
    return Path(store) / SYNC_DIR / f"{feed}.json"


def read_record(store: Path | str, feed: str) -> dict[str, Any]:
    """The sync record of ``feed`` (empty when none; a broken file reads as empty and is replaced)."""
    path = record_path(Path(store), feed)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"feed": feed, "files": {}, "runs": []}
    if not isinstance(record, dict):
        return {"feed": feed, "files": {}, "runs": []}
    record.setdefault("files", {})
    record.setdefault("runs", [])
    return record


def write_record(store: Path, feed: str, record: dict[str, Any]) -> None:
    """Save the record atomically (0600)."""
    sync_folder(store)
    write_atomic(record_path(store, feed), json.dumps(record, indent=1, sort_keys=True), mode=0o600)


def last_run(store: Path | str | None = None) -> list[dict[str, Any]]:
    """The latest run of each feed that has synced (newest first), for the Import page and the Overview."""
    folder = Path(store or settings.store_dir())
    runs = [dict(r["runs"][-1], feed=feed) for feed in ("gdelt", "acled")
            if (r := read_record(folder, feed))["runs"]]
    return sorted(runs, key=lambda r: r.get("finished", ""), reverse=True)


@dataclass
class SyncResult(RowCounts):
    """What one run did (its rows summed over its files); :meth:`line` is the last line the CLI prints."""

    fetched: int = 0
    skipped: int = 0
    failed: int = 0
    stored: int = 0
    left: int = 0  # listed and new, but over --max-files: the next run takes them
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        """``fetched N files, skipped M already imported, failed K; accepted A, outside scope O, rejected R``."""
        return (f"fetched {self.fetched} files, skipped {self.skipped} already imported, failed {self.failed}; "
                + self.counts_line())

    def fail(self, message: str) -> None:
        """Count one failed file with its one-line reason."""
        self.failed += 1
        self.failures.append(message)

    def summary(self, started: dt.datetime) -> dict[str, Any]:
        """The run as the record keeps it."""
        return {"started": started.isoformat(timespec="seconds"),
                "finished": clock.now_utc().isoformat(timespec="seconds"),
                "fetched": self.fetched, "skipped": self.skipped, "failed": self.failed,
                "accepted": self.accepted, "outside": self.outside, "rejected": self.rejected,
                "stored": self.stored, "left": self.left, "failures": self.failures[:20]}


@dataclass(frozen=True)
class Listed:
    """One export line of the master list."""

    size: int
    md5: str
    url: str

    @property
    def name(self) -> str:
        """The file name (last part of the URL)."""
        return self.url.rsplit("/", 1)[-1]

    @property
    def stamp(self) -> dt.datetime:
        """The batch time its name starts with (UTC)."""
        found = _STAMP.match(self.name)
        if not found:
            raise ValueError(f"expected a name starting YYYYMMDDHHMMSS, got {self.name!r}")
        return dt.datetime.strptime(found.group(1), "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)


def parse_list(lines: list[str]) -> tuple[list[Listed], list[str]]:
    """Export entries of master-list lines, and one problem per malformed export line."""
    found, problems = [], []
    for line in lines:
        parts = line.split()
        if not parts or not parts[-1].endswith(EXPORT_SUFFIX):
            continue
        if len(parts) != 3 or not parts[0].isdigit() or not _MD5.match(parts[1]):
            problems.append(f"list line {line[:200]!r}: expected 'SIZE MD5 URL'")
            continue
        entry = Listed(int(parts[0]), parts[1].lower(), parts[2])
        try:
            entry.stamp  # noqa: B018 - validates the name
        except ValueError as exc:
            problems.append(f"list line {line[:200]!r}: {exc}")
            continue
        found.append(entry)
    return found, problems


def parse_since(text: str) -> dt.datetime:
    """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` (UTC) as an aware datetime; ValueError naming the text."""
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M"):
        with contextlib.suppress(ValueError):
            return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.UTC)
    raise ValueError(f"--since: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC), got {text!r}")


def default_since(record: dict[str, Any]) -> dt.datetime:
    """Without ``--since``: the oldest failed file, else the newest imported one, else 24 hours ago."""
    files = record.get("files", {})
    failed = [v["stamp"] for v in files.values() if v.get("status") == "failed" and v.get("stamp")]
    done = [v["stamp"] for v in files.values() if v.get("status") == "imported" and v.get("stamp")]
    if failed:
        return dt.datetime.fromisoformat(min(failed))
    if done:
        return dt.datetime.fromisoformat(max(done))
    return clock.now_utc() - dt.timedelta(days=1)


def import_file(path: Path, fmt: str, scope: str, store: Path, result: SyncResult) -> dict[str, Any]:
    """Import one downloaded file through the ``import`` pipeline; return its counts (InputError if unreadable)."""
    report = read_files(from_paths([path]), fmt, scope, store)
    if report.refused:
        discard_report(report)
        raise InputError("; ".join(report.refused))
    counts = {"accepted": report.accepted, "outside": report.outside, "rejected": report.rejected,
              "stored": 0, "batch_id": None}
    if report.accepted:
        batch = store_report(report)
        counts.update(stored=batch["stored"], batch_id=batch["batch_id"])
    else:
        discard_report(report)
    result.add(report)
    result.stored += int(counts["stored"] or 0)
    return counts


Say = Callable[[str], None]


def sync_gdelt(store: Path, list_url: str, since: dt.datetime | None = None, max_files: int = 200,
               scope: str = "theatre", limits: Limits | None = None, say: Say = print,
               sleep: Callable[[float], None] | None = None, commit_files: int = COMMIT_FILES) -> SyncResult:
    """Run one GDELT sync into ``store`` (see the module docstring); ``say`` gets each failure line.

    Verified downloads are imported ``commit_files`` at a time, one store batch each (fewer, larger
    batches than one per 15-minute file); each file's outcome is recorded right after its batch.
    """
    import time

    store = Path(store)
    limits = limits or Limits(max_bytes=settings.sync_max_bytes(), max_seconds=FILE_SECONDS)
    sleep = sleep or time.sleep
    result = SyncResult()
    started = clock.now_utc()
    folder = sync_folder(store)
    with exclusive_lock(folder / ".lock"):
        record = read_record(store, "gdelt")
        since = since or default_since(record)
        list_limits = Limits(limits.max_bytes, LIST_SECONDS, limits.timeout, limits.attempts, limits.backoff)
        try:
            lines = fetch_lines(list_url, list_limits, lambda line: line.endswith(EXPORT_SUFFIX), sleep)
        except (FetchError, OSError) as exc:
            result.fail(f"file list {list_url}: {exc}")
            say(f"error: {result.failures[-1]}")
            _finish(store, record, result, started)
            return result
        entries, problems = parse_list(lines)
        for problem in problems:
            say(f"note: {problem}")
        wanted = sorted((e for e in entries if e.stamp >= since), key=lambda e: (e.stamp, e.url))
        todo = []
        for entry in wanted:
            if record["files"].get(entry.url, {}).get("status") == "imported":
                result.skipped += 1
            else:
                todo.append(entry)
        result.left = max(len(todo) - max_files, 0)
        pending: list[tuple[Listed, Path]] = []
        for number, entry in enumerate(todo[:max_files], start=1):
            try:
                pending.append((entry, _download_verified(entry, folder / DOWNLOADS, limits, sleep)))
            except (FetchError, InputError, OSError) as exc:
                record["files"][entry.url] = _failed(entry, exc, result)
                say(f"error: {result.failures[-1]}")
                write_record(store, "gdelt", record)
            if pending and (len(pending) >= commit_files or number == min(len(todo), max_files)):
                for url, outcome in _import_batch(pending, store, scope, result).items():
                    record["files"][url] = outcome
                    if outcome["status"] == "failed":
                        say(f"error: {outcome['error']}")
                pending = []
                write_record(store, "gdelt", record)
        _finish(store, record, result, started)
    return result


def _base(entry: Listed) -> dict[str, Any]:
    return {"stamp": entry.stamp.isoformat(), "size": entry.size, "md5": entry.md5,
            "at": clock.now_utc().isoformat(timespec="seconds")}


def _failed(entry: Listed, exc: Exception, result: SyncResult) -> dict[str, Any]:
    text = str(exc)
    result.fail(text if text.startswith(entry.url) else f"{entry.name}: {text}")
    return {**_base(entry), "status": "failed", "error": result.failures[-1]}


def _download_verified(entry: Listed, downloads: Path, limits: Limits, sleep: Callable[[float], None]) -> Path:
    """Download one export and check its size and MD5 against the list (InputError when they differ)."""
    path = downloads / entry.name
    file_limits = Limits(min(limits.max_bytes, entry.size), limits.max_seconds, limits.timeout,
                         limits.attempts, limits.backoff)
    size, md5 = download(entry.url, path, file_limits, sleep)
    try:
        if size != entry.size:
            raise InputError(f"size {size:,} bytes differs from the list's {entry.size:,}: refused")
        if md5 != entry.md5:
            raise InputError(f"MD5 {md5} differs from the list's {entry.md5}: refused, retried next run")
    except InputError:
        path.unlink(missing_ok=True)
        raise
    return path


def _import_batch(pending: list[tuple[Listed, Path]], store: Path, scope: str,
                  result: SyncResult) -> dict[str, dict[str, Any]]:
    """Import verified downloads through the ``import`` pipeline as one batch; return each file's outcome."""
    outcomes: dict[str, dict[str, Any]] = {}
    inputs = []
    readable = []
    for entry, path in pending:
        try:
            inputs.extend(from_paths([path]))
            readable.append((entry, path))
        except InputError as exc:
            outcomes[entry.url] = _failed(entry, exc, result)
    try:
        report = read_files(inputs, "gdelt", scope, store) if inputs else None
        batch = store_report(report) if report is not None and report.accepted else None
        if report is not None and batch is None:
            discard_report(report)
    finally:
        for _, path in pending:
            path.unlink(missing_ok=True)
    if report is None:
        return outcomes
    result.add(report)
    result.stored += int(batch["stored"]) if batch else 0
    for entry, path in readable:
        refused = [text for text in report.refused if str(path) in text]
        if refused:
            outcomes[entry.url] = _failed(entry, InputError("; ".join(refused)), result)
            continue
        mine = [s for s in report.sources if str(s.get("file", "")).startswith(str(path))]
        counts = {key: sum(int(s.get(field, 0)) for s in mine)
                  for key, field in (("accepted", "accepted"), ("outside", "outside_scope"), ("rejected", "rejected"))}
        result.fetched += 1
        outcomes[entry.url] = {**_base(entry), **counts, "status": "imported",
                               "batch_id": batch["batch_id"] if batch else None}
    return outcomes


def _finish(store: Path, record: dict[str, Any], result: SyncResult, started: dt.datetime) -> None:
    # Imported files older than KEPT_DAYS leave the record (about 35,000 a year otherwise); a later
    # --since that lists them again fetches them again, and the store keeps one row per event anyway.
    cutoff = (clock.now_utc() - dt.timedelta(days=KEPT_DAYS)).isoformat()
    record["files"] = {url: v for url, v in record.get("files", {}).items()
                       if v.get("status") != "imported" or str(v.get("stamp", "")) >= cutoff}
    record["runs"] = [*record.get("runs", []), result.summary(started)][-KEPT_RUNS:]
    write_record(store, record.get("feed", "gdelt"), record)


def last_sync_lines(store: Path | str | None = None) -> list[str]:
    """One short line per feed's last sync (when, what came in, what failed); empty when never synced."""
    lines = []
    for run in last_run(store):
        when = str(run.get("finished", ""))[:16].replace("T", " ")
        text = (f"Last {run['feed'].upper()} sync {when} UTC: {run.get('fetched', 0)} file(s) fetched, "
                f"{run.get('stored', 0)} new event(s) stored ({run.get('accepted', 0)} accepted, "
                f"{run.get('outside', 0)} outside scope, {run.get('rejected', 0)} rejected), "
                f"{run.get('failed', 0)} failed")
        failures = run.get("failures") or []
        if failures:
            text += f" — first failure: {str(failures[0])[:160]}"
        lines.append(text + ".")
    return lines
