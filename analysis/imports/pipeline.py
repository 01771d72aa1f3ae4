"""One import, shared by the CLI and the Import page: read files once into staging, then commit.

:func:`read_files` streams every file through its reader into a :class:`~analysis.imports.store.Staging`
area and returns an :class:`ImportReport` (counts, a preview, the first errors, what was outside the
scope). :func:`analysis.imports.store.commit` then makes it part of the store; nothing is parsed twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import clock
from analysis.data.problems import ERROR_COLUMNS
from analysis.imports.countries import CLAUSE_KEYS, SCOPES, kept_by_clause, outside_label
from analysis.imports.inputs import InputError, InputFile
from analysis.imports.readers import CONVERTERS, FORMATS, STORE_COLUMNS, Layout, blocks, errors_frame, sniff
from analysis.imports.store import LARGE_READ_BYTES, Staging, commit, release_memory

PREVIEW_ROWS = 200
KEPT_ERRORS = 5000
SNIFF_BYTES = 64 << 10
BUNDLE_FILE_BYTES = 64 << 10  # files up to this size are converted together with their neighbours
BUNDLE_FILES = 20_000
Progress = Callable[[int, int, str], None]


@dataclass
class RowCounts:
    """Rows read from import files by outcome: kept, outside the scope, or rejected by a rule."""

    accepted: int = 0
    outside: int = 0
    rejected: int = 0

    def add(self, other: RowCounts) -> None:
        """Add another read's counts to these (a sync run sums its files)."""
        self.accepted += other.accepted
        self.outside += other.outside
        self.rejected += other.rejected

    def counts_line(self) -> str:
        """``accepted A, outside scope O, rejected R``."""
        return f"accepted {self.accepted}, outside scope {self.outside}, rejected {self.rejected}"


@dataclass
class ImportReport(RowCounts):
    """What reading the files found. ``accepted + outside + rejected == rows_read`` always."""

    rows_read: int = 0
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
        return f"{self.counts_line()} (of {self.rows_read} rows read)"

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
        """Rows outside the scope by main country: ``country`` in plain words, ``rows``, and ``code``.

        ``code`` is the key as counted (CAMEO/ISO3 code, ``FIPS xx`` for a place, or 'before 1990-01-01'),
        for a "Technical details" view; ``country`` never shows a feed's code.
        """
        rows = self.outside_by.most_common(top)
        rest = self.outside - sum(n for _, n in rows)
        if rest > 0:
            rows.append(("others", rest))
        return pd.DataFrame([(outside_label(key), n, key) for key, n in rows], columns=["country", "rows", "code"])

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

    A file that cannot be read at all (empty, unknown layout, not UTF-8, a damaged zip member...) is
    listed in ``report.refused`` and contributes no rows; the other files are still read. Consecutive
    small GDELT files of one layout (up to :data:`BUNDLE_FILES` files of at most :data:`BUNDLE_FILE_BYTES`,
    e.g. the members of a zip of 15-minute files) are parsed as one stream and recorded as one source
    (``files`` lists them; error rows still name each file and its line), so 10,000 one-row files take
    seconds, not minutes.

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
    run = _Run(report, staging, scope, today, progress, sum(f.size for f in inputs) or 1)
    bundle: list[tuple[InputFile, Layout, str]] = []
    try:
        for source in inputs:
            try:
                with source.open() as head:
                    layout = sniff(head.read(SNIFF_BYTES), fmt)
                digest = source.digest()
            except InputError as exc:
                text = str(exc)
                report.refused.append(text if text.startswith(source.name) else f"{source.name}: {text}")
                run.done += source.size
                continue
            small = source.size <= BUNDLE_FILE_BYTES and layout.variant != "json"
            if bundle and (not small or _key(bundle[0][1]) != _key(layout) or len(bundle) >= BUNDLE_FILES):
                run.bundle(bundle)
                bundle = []
            if small:
                bundle.append((source, layout, digest))
            else:
                run.single(source, layout, digest)
        if bundle:
            run.bundle(bundle)
    except BaseException:
        staging.discard()
        raise
    staging.close()
    # The blocks are gone: a server waiting for Accept should not hold their memory (after a large read).
    large = run.total >= LARGE_READ_BYTES
    release_memory(collect=large, trim=large)
    if progress:
        progress(run.total, run.total, "done")
    return report


def _key(layout: Layout) -> tuple:
    return layout.fmt, layout.variant, tuple(layout.header)


@dataclass
class _Run:
    """The state of one :func:`read_files` call: where rows go and how far it got."""

    report: ImportReport
    staging: Staging
    scope: str
    today: dt.date
    progress: Progress | None
    total: int
    done: int = 0
    seq: int = 0

    def single(self, source: InputFile, layout: Layout, digest: str) -> None:
        """Read one file as its own source."""
        def parts(bad_rows: list[dict]) -> Iterator[tuple[pd.DataFrame, pd.Series, str | pd.Series]]:
            for raw, lines in blocks(source, layout, bad_rows):
                yield raw, lines, source.name

        self._read(parts, layout, digest, source.name, source.size, {"file": source.name})

    def bundle(self, members: list[tuple[InputFile, Layout, str]]) -> None:
        """Read small files of one layout as one block (one source); a broken file is refused alone."""
        if len(members) == 1 or members[0][1].fmt != "gdelt":  # ACLED: headers and multi-line cells
            for member in members:
                self.single(*member)
            return
        layout = members[0][1]
        digest = hashlib.sha256("".join(d for _, _, d in members).encode("ascii")).hexdigest()
        names = [m.name for m, _, _ in members]
        size = sum(m.size for m, _, _ in members)
        read_names: list[str] = []
        label = f"{names[0]} … {names[-1]} ({len(names):,} files)"

        def parts(bad_rows: list[dict]) -> Iterator[tuple[pd.DataFrame, pd.Series, str | pd.Series]]:
            texts, line_counts = [], []
            for source, _, _ in members:
                try:
                    with source.open() as stream:
                        data = stream.read()
                    data.decode("utf-8")
                except InputError as exc:
                    self.report.refused.append(str(exc))
                    continue
                except UnicodeDecodeError:
                    self.report.refused.append(f"{source.name}: not UTF-8 text: GDELT and ACLED files are UTF-8")
                    continue
                read_names.append(source.name)
                texts.append(data)
                line_counts.append(data.count(b"\n"))
            if not texts:
                return
            joined = b"".join(texts)
            starts = np.concatenate([[0], np.cumsum(line_counts)])  # lines before each file
            owners = np.array(read_names, dtype=object)

            def where(line: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
                index = np.searchsorted(starts, line - 1, side="right") - 1
                return owners[index], line - starts[index]

            whole = InputFile(label, len(joined), lambda: io.BytesIO(joined))
            own_bad: list[dict] = []

            def move_bad() -> None:
                for row in own_bad:
                    if row.get("row") is not None:
                        owner, local = where(np.array([int(row["row"])]))
                        row = {**row, "file": owner[0], "row": int(local[0])}
                    bad_rows.append(row)
                own_bad.clear()

            for raw, line in blocks(whole, layout, own_bad):
                move_bad()
                owner, local = where(line.to_numpy())
                yield raw, pd.Series(local, index=raw.index), pd.Series(owner, index=raw.index)
            move_bad()

        self._read(parts, layout, digest, label, size, {"file": label, "files": read_names})

    def _read(self, parts, layout: Layout, digest: str, label: str, size: int, where: dict) -> None:
        report = self.report
        source_id = f"import-{layout.fmt}-{digest[:12]}"
        try:
            counts, errors, outside = self._convert(parts, layout, source_id, label, size)
        except InputError as exc:
            self.staging.abort_file()
            report.refused.append(str(exc))
            return
        finally:
            self.done += size
        _add_errors(report, errors)
        report.error_count += counts["errors_total"] - len(errors)
        report.outside_by.update(outside)
        report.clauses.update({k: counts[k] for k in CLAUSE_KEYS})
        for key, attr in (("read", "rows_read"), ("accepted", "accepted"), ("outside", "outside"),
                          ("rejected", "rejected")):
            setattr(report, attr, getattr(report, attr) + counts[key])
        report.sources.append({"source_id": source_id, "format": layout.fmt, "layout": layout.variant, **where,
                               "sha256": digest, "rows_read": counts["read"], "accepted": counts["accepted"],
                               "outside_scope": counts["outside"], "rejected": counts["rejected"],
                               "kept_by": kept_by_clause(self.scope, {k: counts[k] for k in CLAUSE_KEYS})})
        if counts["read"] == 0:
            report.notes.append(f"{label}: no data rows (header only or blank lines)")

    def _convert(self, parts, layout: Layout, source_id: str, label: str, size: int
                 ) -> tuple[Counter, pd.DataFrame, Counter]:
        """Convert the blocks into the staging's own part; return counts, kept errors, outside countries."""
        report, staging = self.report, self.staging
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

        for raw, lines, names in parts(bad_rows):
            block = convert(raw, lines, names, source_id, self.scope, self.today)
            bad = errors_frame(bad_rows)
            bad_rows.clear()
            keep(bad)
            keep(block.errors)
            counts.update({"read": block.rows + len(bad), "accepted": len(block.events),
                           "outside": len(block.outside), "rejected": block.errors["row"].nunique() + len(bad)})
            outside.update(block.outside.tolist())
            counts.update(block.clauses)
            staging.append(block.events, self.seq)
            self.seq += len(block.events)
            release_memory(collect=False, trim=False)  # bounded memory means bounded RSS too (see release_memory)
            if len(report.preview) < PREVIEW_ROWS and not block.events.empty:
                head = block.events.head(PREVIEW_ROWS - len(report.preview))
                report.preview = head if report.preview.empty else pd.concat([report.preview, head],
                                                                             ignore_index=True)
            if self.progress:
                self.progress(min(self.done + int(size * 0.99), self.total), self.total, label)
        bad = errors_frame(bad_rows)  # field-count errors after the last block
        keep(bad)
        counts.update({"read": len(bad), "rejected": len(bad)})
        errors = pd.concat(kept, ignore_index=True) if kept else pd.DataFrame(columns=ERROR_COLUMNS)
        return counts, errors, outside


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
