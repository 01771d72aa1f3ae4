"""``import FILE… --format auto|acled|gdelt [--scope theatre|region|dyads|all] [--store DIR]``.

Adds event files to the store; prints the summary line and which scope clause kept how many rows.

:func:`add_import_parser` registers the sub-command on ``python -m analysis.cli``. Prints
``accepted N, outside scope M, rejected K (of R rows read)``. Exit codes: 0 stored,
1 nothing accepted, 2 bad arguments or an unreadable file (one ``error:`` line each, e.g. a damaged
zip member; the run's other files are still read and stored).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.imports.countries import SCOPE_HELP, SCOPES
from analysis.imports.inputs import InputError, from_paths
from analysis.imports.pipeline import discard_report, read_files, store_report
from analysis.imports.readers import FORMATS
from analysis.imports.store import store_dir

SHOWN_ERRORS = 5


def add_import_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``import`` on an argparse sub-parser set; the handler is ``args.func``."""
    parser = subparsers.add_parser(
        "import",
        help="import ACLED (CSV/JSON) or GDELT (1.0/2.0, also .zip) files into the local event store",
        description="Every row is accepted, outside the scope, or rejected (file, row, column, value, rule); "
                    "data/ is never changed. Files, zips and folders are read; the same source event is never "
                    "stored twice.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="files, .zip archives or folders")
    parser.add_argument("--format", default="auto", choices=["auto", *FORMATS], dest="fmt", help="file layout")
    parser.add_argument("--scope", default="theatre", choices=SCOPES,
                        help="; ".join(f"{name}: {text}" for name, text in SCOPE_HELP.items())
                        + " (docs/import.md, Theatre scope)")
    parser.add_argument("--store", type=Path, default=None, help="store folder (default: $NANSEI_STORE_DIR "
                        "or local/store/)")
    parser.add_argument("--follow-symlinks", action="store_true",
                        help="read files given as symbolic links (refused by default)")
    parser.set_defaults(func=run_import)
    return parser


def _progress_bar():
    if not sys.stderr.isatty():
        return None
    state = {"shown": -1}

    def show(done: int, total: int, name: str) -> None:
        pct = int(100 * done / max(total, 1))
        if pct != state["shown"]:
            state["shown"] = pct
            bar = "#" * (pct // 4)
            print(f"\r[{bar:<25}] {pct:3d}% {name[-40:]}", end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)

    return show


def run_import(args: argparse.Namespace) -> int:
    """Import ``args.files`` and print the summary; return the exit code."""
    try:
        inputs = from_paths(args.files, follow_symlinks=args.follow_symlinks)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    folder = args.store or store_dir()
    report = read_files(inputs, args.fmt, args.scope, folder, progress=_progress_bar())
    for problem in report.refused:
        print(f"error: {problem}", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    print(report.line())
    if report.rows_read:
        print(f"  {report.clause_line()}")
    for error in report.errors.head(SHOWN_ERRORS).to_dict("records"):
        print(f"  {error['file']} row {error['row']}, column {error['column'] or '-'}: {error['rule']} "
              f"(got {error['value']!r})")
    if report.error_count > SHOWN_ERRORS:
        print(f"  … and {report.error_count - SHOWN_ERRORS} more problem(s)")
    if report.outside:
        top = ", ".join(f"{row.country} {row.rows}" for row in report.outside_summary(8).itertuples())
        print(f"  outside scope ({args.scope}) by country: {top}; use --scope all to keep them")
    if report.accepted == 0:
        discard_report(report)
        print("nothing stored: no row was accepted", file=sys.stderr)
        return 2 if report.refused and report.rows_read == 0 else 1
    record = store_report(report)
    print(f"stored {record['stored']} new events in batch {record['batch_id']} "
          f"({record['duplicates']} already stored or repeated, not stored again) in {folder}")
    if report.refused:  # the other files were stored; the exit code still says one could not be read
        print(f"{len(report.refused)} file(s) could not be read (listed above); the others were stored",
              file=sys.stderr)
        return 2
    return 0

