"""One import, shared by the CLI and the Import page: read files once into staging, then commit.

:func:`read_files` streams every file through its reader into a :class:`~analysis.imports.store.Staging`
area and returns an :class:`ImportReport` (counts, a preview, the first errors, what was outside the
scope). :func:`analysis.imports.store.commit` then makes it part of the store; nothing is parsed twice.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import clock
from analysis.data.problems import ERROR_COLUMNS
from analysis.imports.countries import CLAUSE_KEYS, SCOPES, kept_by_clause
from analysis.imports.inputs import InputError, InputFile
from analysis.imports.readers import CONVERTERS, FORMATS, STORE_COLUMNS, blocks, errors_frame, sniff
from analysis.imports.store import Staging, commit

PREVIEW_ROWS = 200
KEPT_ERRORS = 5000
SNIFF_BYTES = 64 << 10
Progress = Callable[[int, int, str], None]


@dataclass
class ImportReport:
    """What reading the files found. ``accepted + outside + rejected == rows_read`` always."""

    rows_read: int = 0
    accepted: int = 0
    outside: int = 0
    rejected: int = 0
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ERROR_COLUMNS))
    error_count: int = 0
    rules: Counter = field(default_factory=Counter)
    outside_by: Counter = field(default_factory=Counter)
    clauses: Counter = field(default_factory=Counter)  # valid rows per theatre clause (CLAUSE_KEYS)
    preview: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=STORE_COLUMNS))
    sources: list[dict] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # files that could not be read at all
    notes: list[str] = field(default_factory=list)  # files read without data rows
    scope: str = "theatre"
    staging: Staging | None = None

    def line(self) -> str:
        """The summary line (the CLI prints exactly this)."""
        return (f"accepted {self.accepted}, outside scope {self.outside}, rejected {self.rejected} "
                f"(of {self.rows_read} rows read)")

    def kept_by(self) -> dict[str, int]:
        """Accepted rows per scope clause: ``region``, ``dyad`` (outside the region), ``other`` (scope all)."""
        return kept_by_clause(self.scope, self.clauses)

    def clause_line(self) -> str:
        """Which clause of the scope kept how many rows (the CLI prints it after :meth:`line`)."""
        kept = self.kept_by()
        parts = {"region": [f"in the theatre region {kept['region']}"],
                 "dyads": [f"between two theatre countries {kept['dyad']}"]}.get(self.scope, [
                     f"in the theatre region {kept['region']}",
                     f"between two theatre countries elsewhere {kept['dyad']}"])
        if self.scope == "all":
            parts.append(f"neither {kept['other']}")
        return f"kept by clause ({self.scope}): " + ", ".join(parts)

    @property
    def consistent(self) -> bool:
        """Whether every row read ended in exactly one outcome."""
        return self.accepted + self.outside + self.rejected == self.rows_read

    def outside_summary(self, top: int = 15) -> pd.DataFrame:
        """Rows outside the scope by main country (CAMEO/ISO3 code, FIPS place, or 'before 1990-01-01')."""
        rows = self.outside_by.most_common(top)
        rest = self.outside - sum(n for _, n in rows)
        if rest > 0:
            rows.append(("others", rest))
        return pd.DataFrame(rows, columns=["country", "rows"])

    def info(self) -> dict:
        """What the batch sidecar records."""
        return {"scope": self.scope, "rows_read": self.rows_read, "accepted_rows": self.accepted,
                "outside_scope": self.outside, "rejected": self.rejected, "kept_by": self.kept_by(),
                "sources": self.sources}


def _add_errors(report: ImportReport, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    report.error_count += len(frame)
    room = KEPT_ERRORS - len(report.errors)
    if room > 0:
        part = frame.head(room)
        report.errors = part if report.errors.empty else pd.concat([report.errors, part], ignore_index=True)


def read_files(inputs: Sequence[InputFile], fmt: str = "auto", scope: str = "theatre",
               folder: Path | str | None = None, today: dt.date | None = None,
               progress: Progress | None = None) -> ImportReport:
    """Read ``inputs`` into a new staging area of the store at ``folder``.

    A file that cannot be read at all (empty, unknown layout, not UTF-8...) is listed in
    ``report.refused`` and contributes no rows; the other files are still read.

    Raises
    ------
    ValueError
        For an unknown ``fmt`` or ``scope``.
    """
    if fmt not in ("auto", *FORMATS):
        raise ValueError(f"format must be auto or one of {FORMATS}, got {fmt!r}")
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, got {scope!r}")
    today = today or clock.today()
    report = ImportReport(scope=scope)
    staging = Staging.open(folder)
    report.staging = staging
    total = sum(f.size for f in inputs) or 1
    done = 0
    seq = 0
    try:
        for source in inputs:
            try:
                with source.open() as head:
                    layout = sniff(head.read(SNIFF_BYTES), fmt)
                digest = source.digest()
            except InputError as exc:
                text = str(exc)
                report.refused.append(text if text.startswith(source.name) else f"{source.name}: {text}")
                continue
            source_id = f"import-{layout.fmt}-{digest[:12]}"
            try:
                counts, errors, outside, seq = _read_one(source, layout, source_id, scope, today, staging, seq,
                                                         report, progress, done, total)
            except InputError as exc:
                staging.abort_file()
                report.refused.append(str(exc))
                continue
            finally:
                done += source.size
            _add_errors(report, errors)
            report.error_count += counts["errors_total"] - len(errors)
            report.outside_by.update(outside)
            report.clauses.update({k: counts[k] for k in CLAUSE_KEYS})
            for key, attr in (("read", "rows_read"), ("accepted", "accepted"), ("outside", "outside"),
                              ("rejected", "rejected")):
                setattr(report, attr, getattr(report, attr) + counts[key])
            report.sources.append({"source_id": source_id, "format": layout.fmt, "layout": layout.variant,
                                   "file": source.name, "sha256": digest, "rows_read": counts["read"],
                                   "accepted": counts["accepted"], "outside_scope": counts["outside"],
                                   "rejected": counts["rejected"],
                                   "kept_by": kept_by_clause(scope, {k: counts[k] for k in CLAUSE_KEYS})})
            if counts["read"] == 0:
                report.notes.append(f"{source.name}: no data rows (header only or blank lines)")
    except BaseException:
        staging.discard()
        raise
    staging.close()
    if progress:
        progress(total, total, "done")
    return report


def _read_one(source: InputFile, layout, source_id: str, scope: str, today: dt.date, staging: Staging, seq: int,
              report: ImportReport, progress: Progress | None, done: int, total: int
              ) -> tuple[Counter, pd.DataFrame, Counter, int]:
    """Read one file into its own staging part; return counts, kept errors, outside countries, next seq."""
    convert = CONVERTERS[layout.fmt]
    staging.begin_file()
    bad_rows: list[dict] = []
    counts: Counter = Counter()
    outside: Counter = Counter()
    kept: list[pd.DataFrame] = []
    room = KEPT_ERRORS - len(report.errors)

    def keep(frame: pd.DataFrame) -> None:
        nonlocal room
        counts["errors_total"] += len(frame)
        report.rules.update(frame["rule"].tolist())
        if room > 0 and not frame.empty:
            kept.append(frame.head(room))
            room -= len(kept[-1])

    for raw, lines in blocks(source, layout, bad_rows):
        block = convert(raw, lines, source.name, source_id, scope, today)
        bad = errors_frame(bad_rows)
        bad_rows.clear()
        keep(bad)
        keep(block.errors)
        counts.update({"read": block.rows + len(bad), "accepted": len(block.events),
                       "outside": len(block.outside), "rejected": block.errors["row"].nunique() + len(bad)})
        outside.update(block.outside.tolist())
        counts.update(block.clauses)
        staging.append(block.events, seq)
        seq += len(block.events)
        if len(report.preview) < PREVIEW_ROWS and not block.events.empty:
            head = block.events.head(PREVIEW_ROWS - len(report.preview))
            report.preview = head if report.preview.empty else pd.concat([report.preview, head], ignore_index=True)
        if progress:
            progress(min(done + int(source.size * 0.99), total), total, source.name)
    bad = errors_frame(bad_rows)  # field-count errors after the last block
    keep(bad)
    counts.update({"read": len(bad), "rejected": len(bad)})
    errors = pd.concat(kept, ignore_index=True) if kept else pd.DataFrame(columns=ERROR_COLUMNS)
    return counts, errors, outside, seq


def store_report(report: ImportReport) -> dict:
    """Commit the staged rows of ``report``; return the batch record (``stored``, ``duplicates``...)."""
    if report.staging is None:
        raise ValueError("this report has no staged rows (already stored or discarded)")
    record = commit(report.staging, report.info())
    report.staging = None
    return record


def discard_report(report: ImportReport) -> None:
    """Drop the staged rows of ``report`` (nothing is stored)."""
    if report.staging is not None:
        report.staging.discard()
        report.staging = None


def import_paths(paths: Sequence[Path | str], fmt: str = "auto", scope: str = "theatre",
                 folder: Path | str | None = None, today: dt.date | None = None) -> tuple[ImportReport, dict]:
    """Read and store files in one go (tests, scripts); returns the report and the batch record."""
    from analysis.imports.inputs import from_paths

    report = read_files(from_paths(paths), fmt, scope, folder, today)
    return report, store_report(report)


def store_frame(events: pd.DataFrame, folder: Path | str | None = None, chunk: int = 1_000_000) -> dict:
    """Store events already in :data:`~analysis.imports.readers.STORE_COLUMNS` (synthetic data, benchmarks)."""
    staging = Staging.open(folder)
    staging.begin_file()
    for start in range(0, len(events), chunk):
        staging.append(events.iloc[start:start + chunk], start)
    return commit(staging, {"scope": "all", "rows_read": len(events), "sources": []})
