"""Writing curated data: add, edit, retire and undo events, checked by the loader's own rules.

Public API (pure Python, no Streamlit; used by the Curate page, ``python -m analysis.cli
add-event`` and the report-ingestion review queue):

- :func:`data_hash` (take it when a form or queue opens) and :func:`take_snapshot` /
  :func:`changes_since` (what changed when a save is refused as a conflict);
- :func:`add_events`, :func:`update_event`, :func:`retire_event`, :func:`undo_last`, each
  returning a :class:`SaveResult`;
- :func:`read_log` (the change log ``data/changes.jsonl``) and :func:`summary_line`.

Every change: lock the folder, compare the content hash, apply, validate with
:func:`analysis.data.loader.load_dataset` (``overrides``), write atomically
(temp file + ``os.replace``; events in (date, event_id) order, new sources
appended), log one line. Nothing is written when any step refuses.

Example (review queue accepting two candidates citing one report)::

    from analysis.curation import add_events, data_hash
    opened = data_hash(folder)                      # when the queue is shown
    result = add_events(folder, [row1, row2], [report_source], expected_hash=opened, who="ana")
    if not result.ok:
        show(result.message, result.errors)         # conflict or contract problems; nothing written
"""

from analysis.curation.changelog import LOG_FILENAME, read_log, summary_line
from analysis.curation.csvfile import data_hash
from analysis.curation.edit import SaveResult, add_events, retire_event, undo_last, update_event
from analysis.curation.snapshot import Snapshot, changes_since, take_snapshot

__all__ = [
    "LOG_FILENAME",
    "SaveResult",
    "Snapshot",
    "add_events",
    "changes_since",
    "data_hash",
    "read_log",
    "retire_event",
    "summary_line",
    "take_snapshot",
    "undo_last",
    "update_event",
]
