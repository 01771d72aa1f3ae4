"""The change log: one JSON line per curation change in ``data/changes.jsonl``.

Each line says when, what (``add``, ``edit``, ``retire``, ``undo``), which rows,
who (if known), and keeps every changed row before and after the change, so the
last change can be undone and any change can be reviewed with ``git log -p``.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from analysis import clock

LOG_FILENAME = "changes.jsonl"


def log_path(data_dir: Path | str) -> Path:
    """Where the change log of a data folder lives."""
    return Path(data_dir) / LOG_FILENAME


def read_log(data_dir: Path | str) -> list[dict]:
    """Every change-log entry, oldest first (an unreadable line is skipped, never fatal)."""
    path = log_path(data_dir)
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return entries


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
