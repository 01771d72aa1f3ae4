"""``ingest REPORT --published YYYY-MM-DD [--publisher … --title …] --out candidates.csv``.

Proposes candidate events from a report (text, Markdown, HTML or PDF) and writes them to a CSV;
nothing under the data folder is written. ``--record`` also stores the report's record under
``seeds/`` (metadata, sha256 and a pointer; the text only for the analyst's own notes). Exit
codes: 0 written, 2 bad arguments or an unreadable report.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
    from analysis.ingest.extract import extract, load_gazetteer
    from analysis.ingest.record import ReportMeta, text_sha256, to_text

    data_dir = args.data_dir or settings.data_dir()
    if not data_dir.is_dir():
        return _fail(f"--data-dir: not a folder, got {str(data_dir)!r}")
    out = args.out.resolve()
    if out.is_relative_to(data_dir.resolve()):
        return _fail(f"--out: ingest only proposes; write the candidates outside the data folder, "
                     f"got {str(args.out)!r}")
    try:
        text = to_text(args.report.read_bytes(), args.report.name)
    except OSError as exc:
        return _fail(f"cannot read {str(args.report)!r}: {exc.strerror or exc}")
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
        out.write_text(safe_table(candidates).to_csv(index=False), encoding="utf-8")
    except OSError as exc:
        return _fail(f"cannot write {str(args.out)!r}: {exc.strerror or exc}")
    if args.record:
        _store_record(text, meta, data_dir)
    print(f"{len(candidates)} candidate(s) from {args.report.name} (sha256 {text_sha256(text)[:12]}…) -> {args.out}")
    return 0


def _store_record(text: str, meta, data_dir: Path) -> None:
    from analysis import settings
    from analysis.ingest.queue import source_rows
    from analysis.ingest.record import make_report, read_records, save_record

    seeds = settings.seeds_dir()
    report = make_report(text, meta, source_rows(data_dir), read_records(seeds))
    path, written = save_record(report, seeds)
    print(f"record {'written' if written else 'already present'}: {path} (source {report.source_id})")

