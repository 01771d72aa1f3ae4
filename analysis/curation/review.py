"""The morning review of feed candidates: decisions remembered, the inbox, its counts, a Curate draft.

Decisions live in ``<data dir>/review_decisions.csv`` (``candidate_id, decision, reason, event_id, at,
who, date, actors, category``), one line per decision, appended atomically under the data folder's lock
(:func:`analysis.curation.csvfile.folder_lock`, :func:`analysis.files.write_atomic`): the file is the
review's log (who decided what, when and why), like ``ingest_decisions.csv`` for reports. A dismissed
candidate never comes back (its id is stable, :func:`analysis.imports.candidates.candidate_id`); an
accepted one becomes a curated event through the Curate form (``analysis.curation.add_events``: the
loader's checks, the change log), and its line names that event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from analysis import clock
from analysis.curation.csvfile import folder_lock, read_text_table
from analysis.curation.promote import prefill_from_imported
from analysis.files import write_atomic

DECISIONS_FILENAME = "review_decisions.csv"
DECISION_COLUMNS = ["candidate_id", "decision", "reason", "event_id", "at", "who", "date", "actors", "category"]
DECISIONS = ("accepted", "dismissed")
FIRST_WINDOW_DAYS = 7  # feed rows keep arriving for days after an event


def decisions_path(data_dir: Path | str) -> Path:
    """``<data dir>/review_decisions.csv``."""
    return Path(data_dir) / DECISIONS_FILENAME


def read_decisions(data_dir: Path | str) -> pd.DataFrame:
    """Every decision so far (empty table when none); all columns text."""
    return read_text_table(decisions_path(data_dir), DECISION_COLUMNS)


def record_decision(data_dir: Path | str, candidate: Mapping[str, object], decision: str, who: str = "",
                    reason: str = "", event_id: str = "") -> dict[str, str]:
    """Append one decision (atomic, under the data folder's lock) and return it.

    Raises
    ------
    ValueError
        For an unknown decision, or a dismissal without a reason.
    """
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {DECISIONS}, got {decision!r}")
    if decision == "dismissed" and not reason.strip():
        raise ValueError(f"a dismissal needs a reason, got {reason!r}")
    row = {"candidate_id": str(candidate["candidate_id"]), "decision": decision, "reason": reason.strip(),
           "event_id": event_id, "at": clock.now_utc().strftime("%Y-%m-%dT%H:%M:%SZ"), "who": who,
           "date": str(candidate.get("date", "")), "actors": str(candidate.get("actors", "")),
           "category": str(candidate.get("category", ""))}
    with folder_lock(data_dir):
        table = pd.concat([read_decisions(data_dir), pd.DataFrame([row])], ignore_index=True)
        write_atomic(decisions_path(data_dir), table.to_csv(index=False, lineterminator="\n"))
    return row


def last_review(decisions: pd.DataFrame) -> dt.date | None:
    """The day of the newest decision (the analyst's last review), or None."""
    if decisions.empty:
        return None
    return dt.date.fromisoformat(str(decisions["at"].max())[:10])


def default_since(decisions: pd.DataFrame, today: dt.date | None = None) -> dt.date:
    """Where the inbox starts: a week before the last review (else before today), so nothing undecided is missed."""
    last = last_review(decisions) or today or clock.today()
    return last - dt.timedelta(days=FIRST_WINDOW_DAYS)


def inbox(candidates: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """Candidates nobody decided on yet, best first (the order of ``candidates``)."""
    decided = set(decisions["candidate_id"])
    return candidates[~candidates["candidate_id"].isin(decided)].reset_index(drop=True)


def counts_line(since: dt.date, candidates: pd.DataFrame, decisions: pd.DataFrame,
                report_waiting: int = 0, report_decisions: pd.DataFrame | None = None) -> str:
    """``23 new since Monday 30 Nov, 4 accepted, 12 dismissed`` (decisions taken since ``since``).

    Feed candidates and report candidates count together: ``report_waiting`` candidates of the report
    under review wait too, and ``report_decisions`` (``ingest_decisions.csv``: accepted / rejected)
    add to the accepted and dismissed counts.
    """
    frames = [decisions] + ([report_decisions.replace({"decision": {"rejected": "dismissed"}})]
                            if report_decisions is not None and not report_decisions.empty else [])
    every = pd.concat(frames, ignore_index=True) if len(frames) > 1 else decisions
    recent = every[every["at"].astype(str).str[:10] >= since.isoformat()]
    accepted = int((recent["decision"] == "accepted").sum())
    dismissed = int((recent["decision"] == "dismissed").sum())
    new = len(inbox(candidates, decisions)) + report_waiting
    return f"{new} new since {since:%A %d %b}, {accepted} accepted, {dismissed} dismissed"


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


def draft(candidate: Mapping[str, object]) -> tuple[dict[str, str], list[dict[str, str]], str]:
    """What the Curate form is prefilled with: event cells, one new source per source URL, a note.

    Only what the feed rows state is carried (date, category, actors, place, CAMEO root code, the source
    URLs and their host as publisher); title, summary and each source's title and date are the analyst's.
    """
    a, b = str(candidate.get("actor_a") or ""), str(candidate.get("actor_b") or "")
    row = {"date": str(candidate["date"]), "date_precision": "day", "category": candidate.get("category"),
           "actors": ";".join(c for c in (a, b) if c), "location": candidate.get("location"),
           "lat": candidate.get("lat"), "lon": candidate.get("lon"),
           # CAMEO's root-level code (e.g. 190 "use conventional military force, not specified below")
           "event_code": f"{candidate.get('root')}0" if candidate.get("root") else None,
           "origin": str(candidate.get("origin") or "feed").split(",")[0]}
    event, _, note = prefill_from_imported(row)
    urls = [u for u in str(candidate.get("sources") or "").splitlines() if u.strip()]
    sources = [{"url": u, "publisher": _host(u), "kind": "news"} if u.startswith(("http://", "https://"))
               else {"publisher": u, "kind": "news"} for u in urls]
    note = (f"Draft from feed candidate {candidate['candidate_id']}: {candidate.get('rows')} feed row(s), "
            f"{len(urls)} source(s), {candidate.get('mentions')} mention(s), score {candidate.get('score')}. "
            "Read each source, then write the title, the summary and each source's title and date."
            + (" Position left empty: the rows place it only at country level." if "Position left" in note else ""))
    return event, sources, note
