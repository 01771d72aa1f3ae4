"""The review queue: candidates an analyst accepts (-> curated rows citing the report) or rejects.

Decisions live in ``<data dir>/ingest_decisions.csv`` (``report_sha256, sentence_hash, decision,
event_id, at, who, note``), keyed by the report text's sha256 and the sentence's hash, so a report
ingested again shows only the sentences nobody decided on. Accepting goes through the curation
writer (:func:`analysis.curation.add_events`: the loader's checks, atomic write, change log,
content-hash conflict check); the decision is written after the event is saved. Writes to the
decisions file are atomic (temp file + ``os.replace``) under the data folder's lock.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis import clock
from analysis.curation import SaveResult, add_events
from analysis.curation.csvfile import folder_lock, read_raw, read_text_table
from analysis.data.schemas import EVENTS, SOURCES
from analysis.files import write_atomic
from analysis.ingest.record import Report

DECISIONS_FILENAME = "ingest_decisions.csv"
DECISION_COLUMNS = ["report_sha256", "sentence_hash", "decision", "event_id", "at", "who", "note"]
DECISIONS = ("accepted", "rejected")
# Columns the analyst may edit before accepting (everything else comes from the candidate or the report).
EDITABLE = ("date", "date_precision", "title", "summary", "category", "actors", "initiator", "target", "location",
            "lat", "lon", "region", "goldstein", "event_code", "goldstein_override_reason", "confidence",
            "responds_to")
DEFAULT_CONFIDENCE = "medium"  # one report, not yet checked against a second source


def decisions_path(data_dir: Path | str) -> Path:
    """Where the decisions are kept: ``<data dir>/ingest_decisions.csv``."""
    return Path(data_dir) / DECISIONS_FILENAME


def read_decisions(data_dir: Path | str) -> pd.DataFrame:
    """Every decision so far (an empty table when none); all columns text."""
    return read_text_table(decisions_path(data_dir), DECISION_COLUMNS)


def pending(candidates: pd.DataFrame, report_sha256: str, decisions: pd.DataFrame) -> pd.DataFrame:
    """The candidates of this report that have no decision yet (same order, same columns)."""
    decided = set(decisions.loc[decisions["report_sha256"] == report_sha256, "sentence_hash"])
    return candidates[~candidates["sentence_hash"].isin(decided)]


def record_decision(data_dir: Path | str, report_sha256: str, sentence_hash: str, decision: str,
                    event_id: str = "", who: str = "", note: str = "") -> None:
    """Append one decision, atomically and under the data folder's lock; ValueError for an unknown decision."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {DECISIONS}, got {decision!r}")
    row = {"report_sha256": report_sha256, "sentence_hash": sentence_hash, "decision": decision,
           "event_id": event_id, "at": clock.now_utc().strftime("%Y-%m-%dT%H:%M:%SZ"), "who": who,
           "note": note}
    with folder_lock(data_dir):
        table = pd.concat([read_decisions(data_dir), pd.DataFrame([row])], ignore_index=True)
        write_atomic(decisions_path(data_dir), table.to_csv(index=False, lineterminator="\n"))


def decision_for(decisions: pd.DataFrame, report_sha256: str, sentence_hash: str) -> dict | None:
    """The decision taken on one sentence of one report, or None."""
    hit = decisions[(decisions["report_sha256"] == report_sha256) & (decisions["sentence_hash"] == sentence_hash)]
    return None if hit.empty else hit.iloc[-1].to_dict()


def source_rows(data_dir: Path | str) -> list[dict[str, str]]:
    """``sources.csv`` rows as text cells (for matching a report to an existing source)."""
    return read_raw(Path(data_dir) / SOURCES.filename, SOURCES).rows


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def event_row(candidate: Mapping[str, object], edits: Mapping[str, object], source_id: str) -> dict[str, object]:
    """The ``events.csv`` row a candidate becomes: its values, overridden by the analyst's ``edits``.

    Title and summary come only from the analyst (curated rows are in the curators' own words; the
    report's sentence is evidence, not text to copy). Unknown edit keys raise ValueError.
    """
    unknown = sorted(set(edits) - set(EDITABLE))
    if unknown:
        raise ValueError(f"cannot edit column(s) {unknown}; editable: {list(EDITABLE)}")
    row: dict[str, object] = {
        "date": candidate.get("date"), "date_precision": candidate.get("date_precision") or "day",
        "title": "", "summary": "", "category": candidate.get("category"), "actors": candidate.get("actors"),
        "initiator": candidate.get("initiator"), "target": candidate.get("target"),
        "location": candidate.get("location"), "lat": candidate.get("lat"), "lon": candidate.get("lon"),
        "region": candidate.get("region") or "other", "goldstein": candidate.get("goldstein"),
        "confidence": DEFAULT_CONFIDENCE, "source_ids": source_id,
    }
    if "event_code" in EVENTS.column_names:
        row["event_code"] = candidate.get("event_code")
    row.update({k: v for k, v in edits.items() if k in EVENTS.column_names})
    return {k: (None if _blank(v) else v) for k, v in row.items()}


def accept(data_dir: Path | str, report: Report, candidate: Mapping[str, object], edits: Mapping[str, object],
           expected_hash: str | None, who: str = "", today: dt.date | None = None) -> SaveResult:
    """Add the candidate as a curated event citing the report; remember the decision when saved.

    The report becomes a ``sources.csv`` row (its :meth:`Report.source_row`) on its first accepted
    candidate. Refused when the sentence was decided before, when the title or summary is empty,
    or by any check of :func:`analysis.curation.add_events` (then nothing is written).
    """
    folder = Path(data_dir)
    done = decision_for(read_decisions(folder), report.sha256, str(candidate["sentence_hash"]))
    if done is not None:
        return SaveResult(False, f"this sentence was already {done['decision']} "
                                 f"{('as ' + done['event_id']) if done['event_id'] else ''} on {done['at']}".strip())
    try:
        row = event_row(candidate, edits, report.source_id)
    except ValueError as exc:
        return SaveResult(False, str(exc))
    missing = [col for col in ("title", "summary") if _blank(row.get(col))]
    if missing:
        return SaveResult(False, f"write the {' and '.join(missing)} in your own words; nothing was saved")
    known = {r["source_id"] for r in source_rows(folder)}
    try:
        sources = [] if report.source_id in known else [report.source_row()]
    except ValueError as exc:  # the contract's message, naming column and value
        return SaveResult(False, f"{exc}; nothing was saved")
    result = add_events(folder, [row], sources, expected_hash=expected_hash, who=who, today=today)
    if result.ok:
        record_decision(folder, report.sha256, str(candidate["sentence_hash"]), "accepted",
                        event_id=result.event_ids[0], who=who)
    return result


def reject(data_dir: Path | str, report: Report, candidate: Mapping[str, object], who: str = "",
           note: str = "") -> None:
    """Remember that this candidate was rejected (it will not be proposed again for this report)."""
    record_decision(data_dir, report.sha256, str(candidate["sentence_hash"]), "rejected", who=who, note=note)
