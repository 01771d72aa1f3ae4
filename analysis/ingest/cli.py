"""``ingest REPORT --published YYYY-MM-DD [--publisher … --title …] --out candidates.csv``.

Proposes candidate events from a report (text, Markdown, HTML or PDF) and writes them to a CSV;
nothing under the data folder is written. ``--record`` also stores the report's record under
``seeds/`` (metadata, sha256 and a pointer; the text only for the analyst's own notes). The report
must be a regular file (a symlink only with ``--allow-symlink``) within the ingest caps; ``--out``
is written atomically, never over an existing file without ``--force``, and never over a curated,
store, seeds or settings file (checked by file identity, so a hard link is caught too). Exit
codes: 0 written, 2 bad arguments or an unreadable report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import stat
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from analysis.ingest.record import KINDS, SUFFIXES


def _date(text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _zone(text: str) -> str:
    try:
        ZoneInfo(text)
    except (ValueError, ZoneInfoNotFoundError):
        raise argparse.ArgumentTypeError(f"expected an IANA time zone such as America/New_York, got {text!r}") from None
    return text


def add_ingest_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``ingest`` on an argparse sub-parser set; the handler is ``args.func``."""
    parser = subparsers.add_parser(
        "ingest", help="propose candidate events from a report (writes a CSV, never data/)",
        description="One row per sentence naming an actor and an act: date,actors,category,location,lat,lon,"
                    "goldstein,evidence and the rules behind each value (docs/curation.md).")
    parser.add_argument("report", type=Path, help=f"the report file ({', '.join(SUFFIXES)})")
    parser.add_argument("--published", type=_date, required=True, help="publication date, YYYY-MM-DD")
    parser.add_argument("--published-tz", type=_zone, default=None,
                        help="time zone of the publication stamp (e.g. America/New_York): a weekday in a report "
                             "datelined in a zone ahead of it (TOKYO, BEIJING) is read on the dateline's calendar")
    parser.add_argument("--publisher", default="", help="who published it")
    parser.add_argument("--title", default="", help="its title (default: the file name)")
    parser.add_argument("--url", default="", help="where it was read (only if certain)")
    parser.add_argument("--kind", choices=KINDS, default="news",
                        help="news/official/research/dataset (text not kept) or notes (your own text, kept)")
    parser.add_argument("--out", type=Path, required=True, help="candidates CSV to write")
    parser.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    parser.add_argument("--allow-symlink", action="store_true", help="read REPORT even if it is a symbolic link")
    parser.add_argument("--record", action="store_true",
                        help="also store the report's record under seeds/ ($NANSEI_SEEDS_DIR): metadata, sha256 "
                             "and a pointer (the text only for --kind notes)")
    parser.add_argument("--data-dir", type=Path, help="curated data folder for places (default: $NANSEI_DATA_DIR "
                        "or data/)")
    parser.set_defaults(func=run_ingest)
    return parser


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def run_ingest(args: argparse.Namespace) -> int:
    """Extract candidates from ``args.report`` into ``args.out``; return the exit code."""
    from analysis import settings
    from analysis.export.formats import safe_table
    from analysis.files import write_atomic
    from analysis.ingest.extract import extract, load_gazetteer
    from analysis.ingest.limits import read_report_file
    from analysis.ingest.record import ReportMeta, text_sha256, to_text

    data_dir = args.data_dir or settings.data_dir()
    if not data_dir.is_dir():
        return _fail(f"--data-dir: not a folder, got {str(data_dir)!r}")
    out = args.out.resolve()
    if out.is_relative_to(data_dir.resolve()):
        return _fail(f"--out: ingest only proposes; write the candidates outside the data folder, "
                     f"got {str(args.out)!r}")
    refused = _out_problem(args.out, data_dir, args.force)
    if refused:
        return _fail(refused)
    try:
        text = to_text(read_report_file(args.report, args.allow_symlink), args.report.name)
    except ValueError as exc:
        return _fail(str(exc))
    if not text.strip():
        return _fail(f"{args.report.name}: no text to ingest")
    try:
        meta = ReportMeta(
            args.publisher or "unknown publisher", args.title or args.report.name, args.published,
            args.url, args.kind, filename=args.report.name)
    except ValueError as exc:
        return _fail(str(exc))
    candidates = extract(text, args.published, load_gazetteer(data_dir), published_tz=args.published_tz)
    candidates.insert(len(candidates.columns), "report_sha256", text_sha256(text))
    try:
        write_atomic(out, safe_table(candidates).to_csv(index=False))
    except OSError as exc:
        return _fail(f"cannot write {str(args.out)!r}: {exc.strerror or exc}")
    if args.record:
        _store_record(text, meta, data_dir)
    print(f"{len(candidates)} candidate(s) from {args.report.name} (sha256 {text_sha256(text)[:12]}…) -> {args.out}")
    return 0


def _protected_files(data_dir: Path) -> set[tuple[int, int]]:
    """(st_dev, st_ino) of every file ingest must never overwrite: curated data, store, seeds, settings."""
    from analysis import settings

    roots = [data_dir, settings.data_dir(), settings.store_dir(), settings.seeds_dir(),
             settings.REPO_ROOT / ".streamlit", settings.REPO_ROOT / "analysis"]
    found: set[tuple[int, int]] = set()
    for root in roots:
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            try:
                info = path.stat()
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                found.add((info.st_dev, info.st_ino))
    return found


def _out_problem(out: Path, data_dir: Path, force: bool) -> str | None:
    """Why ``--out`` may not be written (None when it may)."""
    if out.is_symlink():
        return f"--out: a symbolic link; give the real path, got {str(out)!r}"
    if not out.parent.is_dir():
        return f"--out: the folder does not exist, got {str(out.parent)!r}"
    if not out.exists():
        return None
    info = out.stat()
    if not stat.S_ISREG(info.st_mode):
        return f"--out: not a regular file, got {str(out)!r}"
    if (info.st_dev, info.st_ino) in _protected_files(data_dir):
        return (f"--out: {str(out)!r} is (or is a link to) a curated, store, seeds or settings file; "
                "ingest never overwrites those")
    if not force:
        return f"--out: {str(out)!r} exists; pass --force to overwrite it"
    return None


def _store_record(text: str, meta, data_dir: Path) -> None:
    from analysis import settings
    from analysis.ingest.queue import source_rows
    from analysis.ingest.record import make_report, read_records, save_record

    seeds = settings.seeds_dir()
    report = make_report(text, meta, source_rows(data_dir), read_records(seeds))
    path, written = save_record(report, seeds)
    print(f"record {'written' if written else 'already present'}: {path} (source {report.source_id})")

