"""Curation changes: add, edit, retire and undo, each checked, written atomically and logged.

Every change runs under a lock on the data folder and goes through the same
steps: compare the content hash with the one the caller saw, apply the change
to the raw rows, check the result with the loader's own rules
(:func:`analysis.data.loader.load_dataset` with ``overrides``), write the
files (temp file + ``os.replace``) and append one line to the change log.
A refused change writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.curation import changelog
from analysis.curation.csvfile import (
    RawTable,
    cell_text,
    data_hash,
    folder_lock,
    read_raw,
    render,
    rows_by_id,
)
from analysis.curation.ids import new_event_id, new_source_id
from analysis.curation.snapshot import diff_rows
from analysis.data.ids import split_ids
from analysis.data.loader import load_dataset
from analysis.data.problems import empty_errors
from analysis.data.schemas import EVENTS, RETIRED, SOURCES
from analysis.files import write_atomic

# Filled in when the caller leaves them empty; every other required column must be given.
EVENT_DEFAULTS = {"date_precision": "day"}


@dataclass(frozen=True)
class SaveResult:
    """Outcome of a curation change.

    ``ok`` False means nothing was written: ``conflict`` (the files changed since
    ``expected_hash``) or ``errors`` (problems the change would add, in the
    loader's columns file, row, column, value, rule) or ``message`` says why.
    """

    ok: bool
    message: str
    event_ids: tuple[str, ...] = ()
    new_source_ids: tuple[str, ...] = ()
    errors: pd.DataFrame = field(default_factory=empty_errors)
    conflict: bool = False
    data_hash: str = ""
    entry: dict | None = None


class _RefusedError(Exception):
    def __init__(self, message: str, errors: pd.DataFrame | None = None) -> None:
        super().__init__(message)
        self.errors = errors if errors is not None else empty_errors()


def _check_columns(values: Mapping[str, object], spec_columns: list[str], what: str) -> None:
    unknown = [k for k in values if k not in spec_columns]
    if unknown:
        raise _RefusedError(f"unknown {what} column(s) {unknown!r}; expected some of {spec_columns}")


def _add_sources(sources: RawTable, new: Iterable[Mapping[str, object]]) -> tuple[list[str], list[str]]:
    """Append new sources (reusing an identical existing one); return (ids cited, ids created)."""
    cited, created = [], []
    for values in new:
        _check_columns(values, SOURCES.column_names, "source")
        row = {col: cell_text(values.get(col)) for col in SOURCES.column_names}
        same = next((r for r in sources.rows if (row["url"] and r.get("url") == row["url"]) or (
            all(r.get(c, "") == row[c] for c in ("publisher", "title", "published")))), None)
        if same is not None and not row["source_id"]:
            cited.append(same["source_id"])
            continue
        if not row["source_id"]:
            row["source_id"] = new_source_id(row["publisher"], row["published"], row["title"], sources.ids())
        sources.rows.append(row)
        cited.append(row["source_id"])
        created.append(row["source_id"])
    return cited, created


def _event_cells(values: Mapping[str, object]) -> dict[str, str]:
    _check_columns(values, EVENTS.column_names, "event")
    return {col: cell_text(value) for col, value in values.items()}


def _new_errors(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    # Row numbers shift when rows are inserted, so problems are matched on everything else.
    def key(row: pd.Series) -> tuple:
        return (row["file"], row["column"], str(row["value"]), row["rule"])

    known = Counter(key(r) for _, r in before.iterrows())
    fresh = []
    for _, row in after.iterrows():
        k = key(row)
        if known[k]:
            known[k] -= 1
        else:
            fresh.append(row)
    return pd.DataFrame(fresh, columns=after.columns) if fresh else empty_errors()


def _commit(data_dir: Path | str, expected_hash: str | None, who: str, action: str,
            mutate: Callable[[RawTable, RawTable], tuple[list[str], list[str]]],
            today: dt.date | None = None, extra: Mapping[str, object] | None = None,
            dry_run: bool = False) -> SaveResult:
    folder = Path(data_dir)
    if not folder.is_dir():
        return SaveResult(False, f"data folder not found: {str(folder)!r}")
    with folder_lock(folder):
        current = data_hash(folder)
        if expected_hash is not None and expected_hash != current:
            return SaveResult(False, "the curated files changed since this form was opened; nothing was saved",
                              conflict=True, data_hash=current)
        events = read_raw(folder / EVENTS.filename, EVENTS)
        sources = read_raw(folder / SOURCES.filename, SOURCES)
        headers = {EVENTS.filename: list(events.header), SOURCES.filename: list(sources.header)}
        before = {EVENTS.filename: _copy(events), SOURCES.filename: _copy(sources)}
        try:
            event_ids, source_ids = mutate(events, sources)
        except _RefusedError as exc:
            return SaveResult(False, str(exc), errors=exc.errors, data_hash=current)
        after = {EVENTS.filename: dict(rows_by_id(events)), SOURCES.filename: dict(rows_by_id(sources))}
        changed = diff_rows(before, after)
        if not changed:
            return SaveResult(False, "nothing to save: no value differs from the file", data_hash=current)
        texts = {EVENTS.filename: render(events), SOURCES.filename: render(sources)}
        baseline = load_dataset(folder, today).errors
        candidate = load_dataset(folder, today, overrides=texts).errors
        fresh = _new_errors(baseline, candidate)
        if not fresh.empty:
            return SaveResult(False, f"{len(fresh)} problem(s): the change would break the data contract; "
                              "nothing was saved", errors=fresh, data_hash=current)
        if dry_run:
            return SaveResult(True, f"{action}: checked {len(changed)} row(s); nothing written (dry run)",
                              tuple(event_ids), tuple(source_ids), data_hash=current)
        drops_sources = any(c["file"] == SOURCES.filename and c["change"] == "removed" for c in changed)
        order = [EVENTS.filename, SOURCES.filename] if drops_sources else [SOURCES.filename, EVENTS.filename]
        for filename in order:
            path = folder / filename
            if not path.exists() or path.read_text(encoding="utf-8-sig") != texts[filename]:
                write_atomic(path, texts[filename])
        rows = [{"file": c["file"], "id": c["id"], "before": before[c["file"]].get(c["id"]),
                 "after": after[c["file"]].get(c["id"])} for c in changed]
        entry = changelog.new_entry(action, who, rows)
        entry["headers_before"] = headers
        entry.update(extra or {})
        entry["hash_before"], entry["hash_after"] = current, data_hash(folder)
        changelog.append(folder, entry)
    return SaveResult(True, f"{action}: saved {len(rows)} row(s)", tuple(event_ids), tuple(source_ids),
                      data_hash=entry["hash_after"], entry=entry)


def _filled(row: Mapping[str, str] | None) -> dict[str, str] | None:
    # A column the file did not have yet reads as empty: compare filled cells only.
    return None if row is None else {k: v for k, v in row.items() if v}


def _copy(table: RawTable) -> dict[str, dict[str, str]]:
    return {k: dict(v) for k, v in rows_by_id(table).items()}


def add_events(data_dir: Path | str, rows: Iterable[Mapping[str, object]],
               sources: Iterable[Mapping[str, object]] = (), expected_hash: str | None = None,
               who: str = "", today: dt.date | None = None, dry_run: bool = False) -> SaveResult:
    """Add curated events (and the new sources they cite) in one checked, atomic, logged change.

    Parameters
    ----------
    data_dir : path-like
        The curated data folder (``analysis.settings.data_dir()``).
    rows : iterable of mappings
        One mapping per event, keyed by events.csv columns (``analysis.data.schemas.EVENTS``);
        values may be text, numbers, dates or lists (``actors``, ``source_ids``, ``responds_to``).
        ``event_id`` is generated from date and title when empty; ``date_precision`` defaults to
        ``day`` and ``initiator`` to the first actor. Each row cites its own ``source_ids`` (existing
        sources) plus every source in ``sources``.
    sources : iterable of mappings, optional
        New sources keyed by sources.csv columns; ``source_id`` is generated when empty. A source
        with the same URL, or the same publisher, title and date, as an existing one reuses it.
    expected_hash : str or None
        :func:`data_hash` taken when the form or review queue was opened; the change is refused
        (``conflict``) if the files changed since. None skips the check (one-shot scripts).
    who : str
        Who made the change, for the change log ("" if unknown).
    today : datetime.date, optional
        Latest allowed date (the loader's rule); defaults to today.
    dry_run : bool
        Run every check and report, but write nothing (e.g. to check a candidate before accepting).

    Returns
    -------
    SaveResult
        ``ok`` with the new ``event_ids`` and ``new_source_ids``, or why nothing was written.
    """
    rows = [dict(r) for r in rows]
    sources = [dict(s) for s in sources]

    def mutate(events: RawTable, table: RawTable) -> tuple[list[str], list[str]]:
        cited, created = _add_sources(table, sources)
        ids = []
        for values in rows:
            cells = {col: "" for col in events.header}
            cells.update(EVENT_DEFAULTS)
            cells.update({k: v for k, v in _event_cells(values).items() if v or k not in EVENT_DEFAULTS})
            if not cells.get("initiator") and cells.get("actors"):
                cells["initiator"] = split_ids(cells["actors"])[0]
            cells["source_ids"] = ";".join(dict.fromkeys([*split_ids(cells.get("source_ids")), *cited]))
            if not cells.get("event_id"):
                cells["event_id"] = new_event_id(cells.get("date", ""), cells.get("title", ""), events.ids())
            elif cells["event_id"] in events.ids():
                raise _RefusedError(f"event_id already exists, got {cells['event_id']!r}")
            events.rows.append(cells)
            ids.append(cells["event_id"])
        return ids, created

    return _commit(data_dir, expected_hash, who, "add", mutate, today, dry_run=dry_run)


def update_event(data_dir: Path | str, event_id: str, values: Mapping[str, object],
                 sources: Iterable[Mapping[str, object]] = (), expected_hash: str | None = None,
                 who: str = "", today: dt.date | None = None) -> SaveResult:
    """Change columns of one event (only the keys given); new ``sources`` are added and cited too.

    Same checks, atomic write and log line as :func:`add_events`; ``event_id`` cannot change.
    """
    return _update(data_dir, event_id, values, sources, expected_hash, who, today, "edit")


def retire_event(data_dir: Path | str, event_id: str, reason: str, expected_hash: str | None = None,
                 who: str = "", today: dt.date | None = None) -> SaveResult:
    """Mark an event ``retired`` with a reason: it stays in the file and leaves every chart."""
    if not reason.strip():
        return SaveResult(False, "give a reason for retiring the event; nothing was saved")
    values = {"status": RETIRED, "status_reason": reason}
    return _update(data_dir, event_id, values, (), expected_hash, who, today, "retire")


def _update(data_dir: Path | str, event_id: str, values: Mapping[str, object],
            sources: Iterable[Mapping[str, object]], expected_hash: str | None, who: str,
            today: dt.date | None, action: str) -> SaveResult:
    sources = [dict(s) for s in sources]

    def mutate(events: RawTable, table: RawTable) -> tuple[list[str], list[str]]:
        row = events.find(event_id)
        if row is None:
            raise _RefusedError(f"no event with event_id {event_id!r}")
        cells = _event_cells(values)
        if cells.get("event_id", event_id) != event_id:
            raise _RefusedError(f"event_id cannot change, got {cells['event_id']!r}")
        cited, created = _add_sources(table, sources)
        row.update(cells)
        if cited:
            row["source_ids"] = ";".join(dict.fromkeys([*split_ids(row.get("source_ids")), *cited]))
        return [event_id], created

    return _commit(data_dir, expected_hash, who, action, mutate, today)


ADDING_ACTIONS = {EVENTS.filename: ("add",), SOURCES.filename: ("add", "edit")}  # which changes add rows


def _rows_seen_before(entries: list[dict], entry: dict) -> set[tuple[str, str]]:
    """(file, id) of every row an older, not undone entry shows as present after it."""
    undone = {e.get("undoes") for e in entries if e.get("action") == "undo"}
    seen: set[tuple[str, str]] = set()
    for older in entries:
        if older is entry:
            break
        if older.get("id") in undone or older.get("action") == "undo":
            continue
        seen.update((r["file"], r["id"]) for r in older["rows"] if r.get("after") is not None)
    return seen


def undo_last(data_dir: Path | str, expected_hash: str | None = None, who: str = "",
              today: dt.date | None = None, target: str | None = None) -> SaveResult:
    """Undo the newest change not yet undone (refused if any of its rows changed since).

    ``target`` is the change-log id the user saw as "the last change": if a newer change
    arrived meanwhile, nothing is undone (a conflict), so an undo never reverts a change unseen.
    """
    entries = changelog.read_log(data_dir)
    entry = changelog.last_undoable(entries)
    if entry is None:
        return SaveResult(False, "nothing to undo: the change log has no change left to undo")
    if target is not None and entry.get("id") != target:
        return SaveResult(False, f"a newer change arrived ({changelog.summary_line(entry)}); nothing was undone — "
                          "check it, then undo again", conflict=True)
    existed = _rows_seen_before(entries, entry)

    def mutate(events: RawTable, sources: RawTable) -> tuple[list[str], list[str]]:
        tables = {EVENTS.filename: events, SOURCES.filename: sources}
        for change in entry["rows"]:
            table = tables[change["file"]]
            current = table.find(change["id"])
            if _filled(current) != _filled(change["after"]):
                raise _RefusedError(f"{change['file']} row {change['id']!r} changed after that change; "
                                    "undo it by hand or with an edit")
            adds = ADDING_ACTIONS.get(change["file"], ())
            if current is not None and change["before"] is None and entry["action"] not in adds:
                raise _RefusedError(f"a {entry['action']!r} change never adds a {change['file']} row, so its undo "
                                    f"does not delete {change['id']!r}; nothing is deleted — check data/changes.jsonl")
            if current is not None and change["before"] is None and (change["file"], change["id"]) in existed:
                raise _RefusedError(f"the change log says this change added {change['file']} row {change['id']!r}, "
                                    "but an earlier change shows it already existed; nothing is deleted — "
                                    "check data/changes.jsonl")
            if current is not None:
                table.rows.remove(current)
            if change["before"] is not None:
                table.rows.append(dict(change["before"]))
        now = data_hash(data_dir)
        if entry.get("hash_after") != now or entry.get("hash_before") == now:
            raise _RefusedError(f"the curated files are not as that change left them (recorded hash "
                                f"{str(entry.get('hash_after'))[:12]!r}, now {now[:12]!r}): they were changed outside "
                                "the change log since; undo it by hand or with an edit")
        for filename, table in tables.items():
            # Columns the change added to the file go again once no row fills them.
            old = entry.get("headers_before", {}).get(filename, table.header)
            table.header = [c for c in table.header if c in old or any(r.get(c) for r in table.rows)]
        event_ids = [c["id"] for c in entry["rows"] if c["file"] == EVENTS.filename]
        return event_ids, []

    return _commit(data_dir, expected_hash, who, "undo", mutate, today,
                   extra={"undoes": entry["id"], "note": f"undo of {entry['action']} at {entry['at']}"})
