"""Command line for scripted briefings, no browser needed: ``python -m analysis.cli``.

Subcommands: ``list-charts``, ``chart NAME --format ... --out FILE``,
``brief --out FILE.pptx|FILE.pdf``, ``add-event`` (analysis.curation.cli), ``check`` (the Data check page
as text), ``import`` (feeds into the store) and ``ingest`` (a report into review
candidates). Bad arguments print one line on stderr and exit with code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.export.formats import ExportFormat

EXIT_USAGE = 2
EXIT_FAILED = 1
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class UsageError(Exception):
    """A bad command-line value: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    # argparse prints the whole usage block; a scripted caller wants one line.
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _date(text: str) -> dt.date:
    try:
        if not DATE_RE.match(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", type=_date, help="first date, YYYY-MM-DD")
    parser.add_argument("--end", type=_date, help="last date, YYYY-MM-DD")
    parser.add_argument("--countries", help="comma list of ISO3 codes or names, e.g. JPN,CHN")
    parser.add_argument("--match", choices=("any", "all"), default="any",
                        help="any: events involving any of --countries (default); all: only events involving every one")
    parser.add_argument("--categories", help="comma list of event categories, e.g. military_incident,statement")
    parser.add_argument("--data-dir", type=Path, help="curated data folder (default: $NANSEI_DATA_DIR or data/)")
    parser.add_argument("--names", help="which language's place names maps put first: en (default), ja or zh "
                                        "(data/names.csv; contested features always show both sides' names)")


def selection_from_args(args: argparse.Namespace):
    """The EventFilter the filter options describe; UsageError naming a bad value."""
    from analysis.data.countries import country_code
    from analysis.data.filters import EventFilter
    from analysis.data.names import DEFAULT_FIRST

    try:
        countries = tuple(country_code(c) for c in _split(args.countries))
        return EventFilter(countries, args.start, args.end, tuple(_split(args.categories)),
                           getattr(args, "match", "any"), getattr(args, "names", None) or DEFAULT_FIRST)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _load(args: argparse.Namespace):
    from analysis import settings
    from analysis.data.loader import load_dataset

    folder = args.data_dir or settings.data_dir()
    if not folder.is_dir():
        raise UsageError(f"--data-dir: not a folder, got {str(folder)!r}")
    data = load_dataset(folder)
    if not data.errors.empty:
        print(f"warning: {len(data.errors)} problem(s) in the curated data; affected rows left out",
              file=sys.stderr)
    return data


def _check_chart(name: str) -> None:
    from analysis.catalog import get_chart

    try:
        get_chart(name)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def cmd_list_charts(args: argparse.Namespace) -> int:
    """Print the registered chart names, one a line."""
    from analysis.catalog import chart_names

    print("\n".join(chart_names()))
    return 0


# Kept equal to analysis.export.formats.FORMATS by a test; written out so `--help` needs no plotly import.
CHART_FORMATS = ("png", "svg", "pdf", "html")


def chart_format(given: str | None, out: Path) -> ExportFormat:
    """The export format: ``--format`` when given, else the extension of ``--out``.

    A ``--format`` that contradicts the extension is refused (``x.png`` holding a PDF helps nobody).
    """
    from analysis.export.formats import export_format
    suffix = out.suffix.lower().lstrip(".")
    suffix = "html" if suffix == "htm" else suffix
    if given is None:
        if suffix not in CHART_FORMATS:
            raise UsageError(f"--out: cannot tell the format from the extension (expected one of "
                             f".{', .'.join(CHART_FORMATS)}, or give --format), got {str(out)!r}")
        return export_format(suffix)
    if suffix in CHART_FORMATS and suffix != given:
        raise UsageError(f"--format {given} does not match the extension of --out, got {str(out)!r}")
    return export_format(given)


def cmd_chart(args: argparse.Namespace) -> int:
    """Export one chart with the footer (as of, filters, sources)."""
    from analysis.catalog import build_chart
    from analysis.data.freshness import data_as_of
    from analysis.data.provenance import short_citation
    from analysis.export.footer import add_footer
    from analysis.export.formats import export_figure

    _check_chart(args.name)
    fmt = chart_format(args.format, args.out)
    selection = selection_from_args(args)
    data = _load(args)
    result = build_chart(args.name, data, selection)
    fig = add_footer(result.figure, data_as_of(data.events), selection.describe(),
                     short_citation(data.sources, result.source_ids))
    payload = export_figure(fig, fmt, size=args.size, scale=args.scale)
    args.out.write_bytes(payload)
    print(f"wrote {args.out} ({len(payload):,} bytes)")
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    """Build a PPTX or PDF deck of the chosen charts (default: the Briefing page's default deck)."""
    from analysis.catalog import chart_names
    from analysis.export.briefing import build_deck, default_charts

    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in ("pptx", "pdf"):
        raise UsageError(f"--out must end in .pptx or .pdf, got {str(args.out)!r}")
    # Default: the Briefing page's default deck (a briefing), not every registered chart.
    selection = selection_from_args(args)
    names = _split(args.charts) or [n for n in default_charts(selection) if n in chart_names()]
    for name in names:
        _check_chart(name)
    data = _load(args)

    def progress(i: int, n: int, label: str) -> None:
        if not args.quiet:
            print(f"[{i}/{n}] {label}", file=sys.stderr)

    payload = build_deck(data, selection, names, args.title, args.marking, fmt, progress=progress)
    args.out.write_bytes(payload)
    print(f"wrote {args.out} ({len(names)} charts, {len(payload):,} bytes)")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Check the curated data folder: one line per table, then every problem.

    Exit 0 when clean, 1 when there is any problem, 2 when the folder cannot be read.
    """
    from analysis import settings
    from analysis.data.check import all_problems, load_geo_for, problem_line, summary_lines
    from analysis.data.loader import load_dataset

    folder = args.data_dir or settings.data_dir()
    try:
        data = load_dataset(folder)
    except OSError as exc:
        print(f"error: cannot read the data folder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    geo = load_geo_for(data)
    print("\n".join(summary_lines(data, geo)))
    problems = all_problems(data)
    for _, problem in problems.iterrows():
        print(problem_line(problem))
    print(f"{len(problems)} problem(s) in {folder}" if len(problems) else f"no problems in {folder}")
    return EXIT_FAILED if len(problems) else 0


def cmd_changes(args: argparse.Namespace) -> int:
    """Write "what changed since DATE" as one slide (PPTX/PDF) or plain text (TXT)."""
    from analysis import clock, settings
    from analysis.curation.review import inbox, read_decisions
    from analysis.export.changes_slide import build_slide
    from analysis.features.changes import as_text, what_changed
    from analysis.files import write_atomic
    from analysis.query.candidates import candidates_since

    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in ("pptx", "pdf", "txt"):
        raise UsageError(f"--out must end in .pptx, .pdf or .txt, got {str(args.out)!r}")
    today = clock.today()
    if args.since > today:
        raise UsageError(f"--since must be on or before {today.isoformat()}, got {args.since.isoformat()!r}")
    data = _load(args)
    folder = args.data_dir or settings.data_dir()
    waiting = len(inbox(candidates_since(args.since, args.store or settings.store_dir(), data.sites),
                        read_decisions(folder)))
    summary = what_changed(data, args.since, today, waiting)
    payload = (as_text(summary, data.sources).encode("utf-8") if fmt == "txt"
               else build_slide(summary, data.sources, fmt, args.marking))
    write_atomic(args.out, payload)
    print(f"wrote {args.out} ({len(summary.new_events)} new events, {waiting} candidates waiting)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = _Parser(prog="python -m analysis.cli", description="Nansei Watch exports without a browser.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("list-charts", help="chart names, one a line").set_defaults(func=cmd_list_charts)

    chart = sub.add_parser("chart", help="export one chart")
    chart.add_argument("name")
    chart.add_argument("--format", choices=CHART_FORMATS, help="default: from the extension of --out")
    chart.add_argument("--out", type=Path, required=True)
    chart.add_argument("--size", choices=("default", "slide"), default="slide")
    chart.add_argument("--scale", type=float, default=2)
    _add_filters(chart)
    chart.set_defaults(func=cmd_chart)

    brief = sub.add_parser("brief", help="build a PPTX or PDF briefing deck")
    brief.add_argument("--out", type=Path, required=True, help="FILE.pptx or FILE.pdf")
    brief.add_argument("--charts", help="comma list of chart names (default: the Briefing page's six charts)")
    brief.add_argument("--title", default="Nansei Watch briefing")
    brief.add_argument("--marking", default="", help='handling marking, e.g. "UNCLASSIFIED – FOR TRAINING"')
    brief.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    _add_filters(brief)
    brief.set_defaults(func=cmd_brief)

    from analysis.curation.cli import add_add_event_parser

    add_add_event_parser(sub)

    changes = sub.add_parser("changes", help="what changed since a date: one slide (PPTX/PDF) or plain text")
    changes.add_argument("--since", type=_date, required=True, help="first date, YYYY-MM-DD")
    changes.add_argument("--out", type=Path, required=True, help="FILE.pptx, FILE.pdf or FILE.txt")
    changes.add_argument("--marking", default="", help='handling marking, e.g. "UNCLASSIFIED – FOR TRAINING"')
    changes.add_argument("--data-dir", type=Path, help="curated data folder (default: $NANSEI_DATA_DIR or data/)")
    changes.add_argument("--store", type=Path, help="store folder (default: $NANSEI_STORE_DIR or local/store/)")
    changes.set_defaults(func=cmd_changes)

    check = sub.add_parser("check", help="check the curated data folder (exit 0 clean, 1 problems, 2 unreadable)")
    check.add_argument("--data-dir", type=Path, help="curated data folder (default: $NANSEI_DATA_DIR or data/)")
    check.set_defaults(func=cmd_check)

    from analysis.imports.cli import add_import_parser  # import FILE... --format auto|acled|gdelt
    from analysis.imports.sync_cli import add_candidates_parser, add_sync_parser  # sync gdelt|acled, candidates
    from analysis.ingest.cli import add_ingest_parser  # ingest REPORT --published ... --out candidates.csv

    add_import_parser(sub)
    add_ingest_parser(sub)
    add_sync_parser(sub)
    add_candidates_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    try:
        args = build_parser().parse_args(argv)
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (RuntimeError, OSError) as exc:
        print(f"error: {type(exc).__name__}: {exc}".replace("\n", " "), file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
