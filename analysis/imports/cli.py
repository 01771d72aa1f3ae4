"""``import FILE --format acled|gdelt [--store DIR]``: add an event file to the local store.

:func:`add_import_parser` registers the sub-command on ``python -m analysis.cli``;
``python -m analysis.imports.cli`` runs it on its own. Exit codes: 0 imported,
1 no row could be accepted, 2 bad arguments or unreadable file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.imports.readers import FORMATS, import_file
from analysis.imports.store import store_dir, write_import

SHOWN_ERRORS = 5


def add_import_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``import`` on an argparse sub-parser set; the handler is ``args.func``."""
    parser = subparsers.add_parser(
        "import",
        help="import an ACLED CSV or GDELT 2.0 TSV file into the local event store",
        description="Rejected rows are listed (file, row, column, value, rule); data/ is never changed.",
    )
    parser.add_argument("file", type=Path, help="the file to import")
    parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt", help="file layout")
    parser.add_argument("--store", type=Path, default=None, help="store folder (default: $NANSEI_STORE_DIR "
                        "or local/store/)")
    parser.set_defaults(func=run_import)
    return parser


def run_import(args: argparse.Namespace) -> int:
    """Import ``args.file`` and print a summary; return the exit code."""
    try:
        result = import_file(args.file, args.fmt)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {str(args.file)!r}: {exc}", file=sys.stderr)
        return 2
    folder = args.store or store_dir()
    rejected = result.errors["row"].nunique(dropna=False) if not result.errors.empty else 0
    print(f"imported {len(result.events)} events from {result.filename} ({args.fmt}), rejected {rejected} rows")
    for error in result.errors.head(SHOWN_ERRORS).to_dict("records"):
        print(f"  row {error['row']}, column {error['column'] or '-'}: {error['rule']} (got {error['value']!r})")
    if len(result.errors) > SHOWN_ERRORS:
        print(f"  … and {len(result.errors) - SHOWN_ERRORS} more problem(s)")
    if result.events.empty:
        print("nothing stored: no row could be accepted", file=sys.stderr)
        return 1
    path = write_import(result, folder)
    print(f"stored as {path} (source {result.source_id})")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the ``import`` sub-command alone (same arguments as in ``python -m analysis.cli``)."""
    parser = argparse.ArgumentParser(prog="python -m analysis.imports.cli")
    add_import_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["import", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
