"""``sync gdelt|acled`` (the one opt-in command that goes online) and ``candidates`` (docs/import.md).

Prints one error line per failed file on stderr, then ends with exactly
``fetched N files, skipped M already imported, failed K; accepted A, outside scope O, rejected R``.
Exit codes: 0 every listed file imported or skipped (also when nothing is new), 1 any file failed,
2 bad arguments (or missing ACLED credentials).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from analysis import settings
from analysis.imports.countries import SCOPES


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return int(text)


def _since(text: str) -> dt.datetime:
    from analysis.imports.sync import parse_since

    try:
        return parse_since(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _list_url(text: str) -> str:
    if "://" in text and not text.startswith(("http://", "https://", "file://")):
        raise argparse.ArgumentTypeError(f"--list-url: expected an http(s) URL or a file path, got {text!r}")
    return text[len("file://"):] if text.startswith("file://") else text


def add_sync_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``sync gdelt`` and ``sync acled``; the handler is ``args.func``."""
    parser = subparsers.add_parser(
        "sync", help="fetch new GDELT exports or ACLED events into the store (the only command that goes online)",
        description="Downloads only what is not imported yet, imports it like `import`, records each outcome "
                    "in <store>/sync/. Exit 0 all imported or skipped, 1 any failure, 2 bad arguments.")
    feeds = parser.add_subparsers(dest="feed", required=True, parser_class=type(parser))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--scope", default="theatre", choices=SCOPES, help="as in import (default: theatre)")
    common.add_argument("--store", type=Path, default=None, help="store folder (default: $NANSEI_STORE_DIR "
                        "or local/store/)")
    gdelt = feeds.add_parser("gdelt", parents=[common], help="GDELT 2.0 15-minute event exports")
    gdelt.add_argument("--list-url", type=_list_url, default=None,
                       help=f"master file list (default: ${settings.GDELT_LIST_URL_ENV} or "
                            f"{settings.DEFAULT_GDELT_LIST_URL})")
    gdelt.add_argument("--since", type=_since, default=None,
                       help="first batch time, YYYY-MM-DD[THH:MM] UTC (default: where the last sync stopped, "
                            "or 24 hours ago)")
    gdelt.add_argument("--max-files", type=_positive, default=200, help="most files fetched in one run (200)")
    gdelt.set_defaults(func=run_sync_gdelt)
    acled = feeds.add_parser("acled", parents=[common], help="ACLED API (theatre countries; "
                             f"${settings.ACLED_USERNAME_ENV} and ${settings.ACLED_PASSWORD_ENV})")
    acled.add_argument("--since", type=_since, default=None,
                       help="first event date, YYYY-MM-DD (default: the last sync's end minus 14 days, "
                            "or 30 days ago)")
    acled.set_defaults(func=run_sync_acled)
    return parser


def _say(line: str) -> None:
    print(line, file=sys.stderr)


def _end(result) -> int:
    if result.left:
        print(f"note: {result.left} newer file(s) left for the next run (--max-files)", file=sys.stderr)
    print(result.line())
    return 1 if result.failed else 0


def run_sync_gdelt(args: argparse.Namespace) -> int:
    """Run ``sync gdelt``; return the exit code."""
    from analysis.imports.sync import sync_gdelt

    store = args.store or settings.store_dir()
    result = sync_gdelt(store, args.list_url or settings.gdelt_list_url(), args.since, args.max_files,
                        args.scope, say=_say)
    return _end(result)


def run_sync_acled(args: argparse.Namespace) -> int:
    """Run ``sync acled``; return the exit code."""
    from analysis.imports.acled_sync import AcledAuthError, sync_acled

    store = args.store or settings.store_dir()
    try:
        result = sync_acled(store, args.since.date() if args.since else None, args.scope, say=_say)
    except AcledAuthError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2 if settings.acled_credentials() is None else 1
    return _end(result)


def add_candidates_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``candidates --since DATE [--store DIR] --out FILE.csv``."""
    parser = subparsers.add_parser(
        "candidates", help="fold feed rows since a date into candidate events (CSV, best first)",
        description="Rows of the same day (±1), unordered actor pair, CAMEO root code and place (50 km) become "
                    "one candidate with its rows, sources, mentions, category and score (analysis/imports/"
                    "candidates.py).")
    parser.add_argument("--since", type=_since, required=True, help="first date, YYYY-MM-DD")
    parser.add_argument("--store", type=Path, default=None, help="store folder (default: $NANSEI_STORE_DIR "
                        "or local/store/)")
    parser.add_argument("--data-dir", type=Path, default=None, help="curated data (its sites.csv scores nearness)")
    parser.add_argument("--out", type=Path, required=True, help="FILE.csv")
    parser.set_defaults(func=run_candidates)
    return parser


def run_candidates(args: argparse.Namespace) -> int:
    """Write the candidates CSV; return the exit code."""
    from analysis.data.loader import load_dataset
    from analysis.files import write_atomic
    from analysis.imports.candidates import to_csv
    from analysis.query.candidates import candidates_since

    if args.out.suffix.lower() != ".csv":
        print(f"error: --out must end in .csv, got {str(args.out)!r}", file=sys.stderr)
        return 2
    if not args.out.parent.is_dir():
        print(f"error: --out: no such folder, got {str(args.out.parent)!r}", file=sys.stderr)
        return 2
    sites = load_dataset(args.data_dir or settings.data_dir()).sites
    frame = candidates_since(args.since.date(), args.store or settings.store_dir(), sites)
    write_atomic(args.out, to_csv(frame))
    print(f"wrote {len(frame)} candidates from {int(frame['rows'].sum()) if len(frame) else 0} feed rows "
          f"to {args.out}")
    return 0
