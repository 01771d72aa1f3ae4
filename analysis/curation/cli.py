"""``add-event``: add one curated event (and its source) from the command line.

Options come from the data contract: every events.csv column is ``--<column>``
(``_`` becomes ``-``) and every sources.csv column is ``--source-<column>``
(``--source-date`` is another name for ``--source-published``), so a column added
to :mod:`analysis.data.schemas` becomes an option without a second edit. The
same checks, atomic writes and change-log line as the Curate page. Exit codes:
0 added (prints the new event_id), 2 refused (one line on stderr; no file changed).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from analysis import settings
from analysis.curation.edit import SaveResult, add_events
from analysis.curation.form import NEW_SOURCE_REQUIRED, new_source_problem, tier_help
from analysis.data.schemas import EVENTS, SOURCES, TableSpec

# Columns the command fills itself or that only the Curate page's retire action sets.
EVENT_SKIP = ("status", "status_reason")
SOURCE_SKIP = ("source_id",)
# Defaults of this command only (stated in --help and docs/curation.md).
CLI_DEFAULTS = {"region": "other", "confidence": "medium"}
SOURCE_DEFAULTS = {"kind": "news", "language": "en"}
ALIASES = {"published": ["--source-date"], "source_ids": ["--existing-sources"]}


def _add_column_options(group: argparse._ArgumentGroup, spec: TableSpec, skip: tuple[str, ...],
                        defaults: dict[str, str], *, flag_prefix: str, dest_prefix: str) -> None:
    """One ``<flag_prefix><column>`` option per column of ``spec`` (``_`` becomes ``-``)."""
    for col in spec.columns:
        if col.name in skip:
            continue
        default = defaults.get(col.name)
        note = f" (default: {default})" if default else ""
        if col.isin is not None:
            note += f"; one of {', '.join(col.isin)}"
        if spec is SOURCES and col.name in NEW_SOURCE_REQUIRED:
            note += "; required for a new source, no default: " + (tier_help() if col.name == "tier" else "")
        group.add_argument(flag_prefix + col.name.replace("_", "-"), *ALIASES.get(col.name, []),
                           dest=dest_prefix + col.name, default=default, metavar="VALUE",
                           help=(col.description or col.kind) + note)


def add_add_event_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``add-event`` on an argparse sub-parser set; the handler is ``args.func``."""
    parser = subparsers.add_parser(
        "add-event", help="add a curated event citing a new or existing source",
        description="Lists (actors, responds_to, source ids) are ;-separated. Checked with the loader's rules; "
                    "nothing is written unless every check passes.")
    _add_column_options(parser.add_argument_group("event (events.csv columns)"),
                        EVENTS, EVENT_SKIP, CLI_DEFAULTS, flag_prefix="--", dest_prefix="ev_")
    _add_column_options(parser.add_argument_group("new source (sources.csv columns)"),
                        SOURCES, SOURCE_SKIP, SOURCE_DEFAULTS, flag_prefix="--source-", dest_prefix="src_")
    parser.add_argument("--who", default=None, help="name for the change log (default: the login name)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="curated data folder (default: $NANSEI_DATA_DIR or data/)")
    parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    parser.set_defaults(func=run_add_event)
    return parser


def _reason(result: SaveResult) -> str:
    if result.errors.empty:
        return result.message
    first = result.errors.iloc[0]
    where = f"{first['file']} row {first['row']}, column {first['column'] or '-'}"
    more = f" (and {len(result.errors) - 1} more)" if len(result.errors) > 1 else ""
    value = first["value"]
    shown = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    return f"{where}: {first['rule']} (got {shown!r}){more}"


def _who(given: str | None) -> str:
    if given is not None:
        return given
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def run_add_event(args: argparse.Namespace) -> int:
    """Add the event the options describe; print its id (exit 0) or one reason (exit 2)."""
    folder = args.data_dir or settings.data_dir()
    row = {name[3:]: value for name, value in vars(args).items() if name.startswith("ev_") and value is not None}
    source = {name[4:]: value for name, value in vars(args).items()
              if name.startswith("src_") and value is not None}
    given = {k for k, v in source.items() if v and SOURCE_DEFAULTS.get(k) != v}
    sources = [source] if given else []
    if not sources and not row.get("source_ids"):
        print("error: add-event: give a new source (--source-publisher, --source-title, --source-date) "
              "or existing ones (--source-ids)", file=sys.stderr)
        return 2
    problem = new_source_problem(sources[0]) if sources else None
    if problem:
        print(f"error: add-event: {problem}", file=sys.stderr)
        return 2
    result = add_events(folder, [row], sources, expected_hash=None, who=_who(args.who), dry_run=args.dry_run)
    if not result.ok:
        print(f"error: add-event: {_reason(result)}".replace("\n", " "), file=sys.stderr)
        return 2
    print(result.event_ids[0])
    return 0
