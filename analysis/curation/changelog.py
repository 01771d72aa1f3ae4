"""The change log: one JSON line per curation change in ``data/changes.jsonl``.

Each line says when, what (``add``, ``edit``, ``retire``, ``undo``), which rows,
who (if known), and keeps every changed row before and after the change, so the
last change can be undone and any change can be reviewed with ``git log -p``.

Lines are validated when read (:func:`check_log`): a line that is not an entry of this shape
(not JSON, not an object, no ``at``/``rows``, a row of an unknown file...) is reported as a
problem (the Data check page lists them) and left out, never a crash.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from analysis import clock
from analysis.data.problems import problem, problems_frame
from analysis.data.schemas import EVENTS, SOURCES

LOG_FILENAME = "changes.jsonl"
LOGGED_FILES = (EVENTS.filename, SOURCES.filename)
_SHOWN = 80  # characters of a bad line kept in its problem row


def log_path(data_dir: Path | str) -> Path:
    """Where the change log of a data folder lives."""
    return Path(data_dir) / LOG_FILENAME


def _row_problem(row: object) -> str | None:
    if not isinstance(row, dict):
        return f"a row must be an object, got {row!r}"[:200]
    if row.get("file") not in LOGGED_FILES:
        return f"row file must be one of {LOGGED_FILES}, got {row.get('file')!r}"
    if not isinstance(row.get("id"), str) or not row["id"]:
        return f"row id must be non-empty text, got {row.get('id')!r}"
    for side in ("before", "after"):
        cells = row.get(side)
        if cells is not None and not (isinstance(cells, dict)
                                      and all(isinstance(k, str) and isinstance(v, str) for k, v in cells.items())):
            return f"row {side!r} must be null or an object of text cells, got {str(cells)[:_SHOWN]!r}"
    return None


def entry_problem(entry: object) -> tuple[str, str] | None:
    """(column, rule) saying why ``entry`` is not a valid change-log entry, or None if it is."""
    if not isinstance(entry, dict):
        return "", f"a change-log line must be a JSON object, got {type(entry).__name__}"
    for key in ("id", "at", "action"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            return key, f"{key!r} must be non-empty text, got {entry.get(key)!r}"
    if not isinstance(entry.get("who", ""), str):
        return "who", f"'who' must be text, got {entry.get('who')!r}"
    rows = entry.get("rows")
    if not isinstance(rows, list):
        return "rows", f"'rows' must be a list, got {rows!r}"[:200]
    for row in rows:
        reason = _row_problem(row)
        if reason:
            return "rows", reason
    headers = entry.get("headers_before", {})
    if not isinstance(headers, dict) or not all(
            isinstance(v, list) and all(isinstance(c, str) for c in v) for v in headers.values()):
        return "headers_before", f"'headers_before' must map file names to lists of column names, got {headers!r}"[:200]
    if entry["action"] == "undo" and not isinstance(entry.get("undoes"), str):
        return "undoes", f"an undo must name the change it undoes, got {entry.get('undoes')!r}"
    return None


def check_log(data_dir: Path | str) -> tuple[list[dict], list[dict]]:
    """The valid entries (oldest first) and one problem row per line that is not one.

    Problem rows are in the loader's shape (file, row = line number, column, value, rule).
    """
    path = log_path(data_dir)
    if not path.exists():
        return [], []
    entries, problems = [], []
    text = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            problems.append(problem(LOG_FILENAME, number, "", line[:_SHOWN], f"not a JSON line ({exc})"[:200]))
            continue
        reason = entry_problem(entry)
        if reason is not None:
            problems.append(problem(LOG_FILENAME, number, reason[0], line[:_SHOWN], reason[1]))
            continue
        entries.append(entry)
    return entries, problems


def read_log(data_dir: Path | str) -> list[dict]:
    """Every valid change-log entry, oldest first (a bad line is left out: see :func:`check_log`)."""
    return check_log(data_dir)[0]


def log_problems(data_dir: Path | str):
    """The change log's bad lines as a problems frame (empty when every line is a valid entry)."""
    return problems_frame(check_log(data_dir)[1])


def new_entry(action: str, who: str, rows: list[dict], note: str = "") -> dict:
    """A log entry; ``rows`` are ``{"file", "id", "before", "after"}`` (None = row absent)."""
    now = clock.now_utc()
    return {
        "id": f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}",
        "at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "who": who or "",
        "action": action,
        "note": note,
        "rows": rows,
    }


def append(data_dir: Path | str, entry: dict) -> None:
    """Append one entry as a JSON line (``O_APPEND``, flushed and synced)."""
    line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
    fd = os.open(log_path(data_dir), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def last_undoable(entries: list[dict]) -> dict | None:
    """The newest change that is neither an undo nor already undone."""
    undone = {e.get("undoes") for e in entries if e.get("action") == "undo"}
    for entry in reversed(entries):
        if entry.get("action") != "undo" and entry.get("id") not in undone:
            return entry
    return None


def summary_line(entry: dict) -> str:
    """One readable line: ``2026-12-02T16:01:02Z add by ana: events.csv ev-…``."""
    rows = ", ".join(f"{r['file']} {r['id']}" for r in entry.get("rows", []))
    who = f" by {entry['who']}" if entry.get("who") else ""
    return f"{entry.get('at', '')} {entry.get('action', '')}{who}: {rows}"
