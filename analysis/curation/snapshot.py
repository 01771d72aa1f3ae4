"""What the curated files looked like when a form opened, and what changed since."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.curation.csvfile import CURATED_FILES, data_hash, read_raw, rows_by_id

CHANGE_COLUMNS = ["file", "id", "change", "columns"]


@dataclass(frozen=True)
class Snapshot:
    """The content hash of the curated files and their rows keyed by id, at one moment."""

    hash: str
    rows: dict[str, dict[str, dict[str, str]]]


def take_snapshot(data_dir: Path | str) -> Snapshot:
    """Snapshot events.csv and sources.csv (hash first, so a later save compares against these bytes)."""
    folder = Path(data_dir)
    digest = data_hash(folder)
    rows = {spec.filename: dict(rows_by_id(read_raw(folder / spec.filename, spec))) for spec in CURATED_FILES}
    return Snapshot(digest, rows)


def diff_rows(before: dict[str, dict[str, dict[str, str]]], after: dict[str, dict[str, dict[str, str]]]) -> list[dict]:
    """Rows added, removed or changed between two ``file -> id -> row`` maps."""
    found = []
    for filename in sorted(set(before) | set(after)):
        old, new = before.get(filename, {}), after.get(filename, {})
        for row_id in sorted(set(old) | set(new)):
            if row_id not in old:
                found.append({"file": filename, "id": row_id, "change": "added", "columns": ""})
            elif row_id not in new:
                found.append({"file": filename, "id": row_id, "change": "removed", "columns": ""})
            elif old[row_id] != new[row_id]:
                cols = sorted(c for c in set(old[row_id]) | set(new[row_id])
                              if old[row_id].get(c, "") != new[row_id].get(c, ""))
                if cols:
                    found.append({"file": filename, "id": row_id, "change": "changed", "columns": ", ".join(cols)})
    return found


def changes_since(snapshot: Snapshot, data_dir: Path | str) -> pd.DataFrame:
    """Rows added, removed or changed in the curated files since ``snapshot`` (file, id, change, columns)."""
    now = take_snapshot(data_dir)
    return pd.DataFrame(diff_rows(snapshot.rows, now.rows), columns=CHANGE_COLUMNS)
