"""Cross-table checks of the curated data: citations, series, action–reaction links.

A link is the linking row's fault only when its target does not exist in the file
at all. When the target row exists but was rejected for its own fault, the linking
row is kept and a problem says that its link points at a rejected row (so one bad
date no longer takes the three events that answer it along with it).
"""

from __future__ import annotations

import pandas as pd

from analysis.data.cameo import goldstein_lookup, goldstein_problems, label_lookup, table_consistency
from analysis.data.ids import split_ids
from analysis.data.ordering import ordering_problems
from analysis.data.problems import problem as _problem
from analysis.data.schemas import CAMEO_EVENT_CODES, CAMEO_GOLDSTEIN, TABLES
from analysis.data.tables import TableResult


def _first_lines(frame: pd.DataFrame | None, column: str) -> dict[str, int]:
    """Identifier -> first CSV line, for the rows of ``frame``."""
    if frame is None or frame.empty:
        return {}
    lines: dict[str, int] = {}
    for line, value in frame[column].dropna().items():
        lines.setdefault(str(value), int(line))
    return lines


def _reject(result: TableResult, lines: list[int]) -> None:
    """Move rows (by CSV line) from the kept frame to the rejected ones."""
    lines = sorted(set(lines) & set(result.frame.index))
    if not lines:
        return
    moved = result.frame.loc[lines]
    result.rejected = moved if result.rejected is None or result.rejected.empty else pd.concat(
        [result.rejected, moved])
    result.frame = result.frame.drop(index=lines)


def _check_links(
    result: TableResult,
    filename: str,
    column: str,
    kept: set[str],
    rejected: dict[str, int],
    target: str,
    id_column: str,
    report_absent: bool = True,
) -> tuple[list[dict], list[int]]:
    """Problems and lines to drop for the ``;`` list ``column`` pointing at ``target``'s ids.

    ``report_absent=False`` leaves ids that are nowhere in the file to another check.
    """
    found: list[dict] = []
    drop: list[int] = []
    for line, cell in result.frame[column].items():
        ids = split_ids(cell)
        absent = [i for i in ids if i not in kept and i not in rejected]
        at_rejected = [i for i in ids if i not in kept and i in rejected]
        if absent and report_absent:
            found.append(_problem(filename, line, column, ";".join(absent), f"{id_column} not found in {target}"))
            drop.append(int(line))
        for ref in at_rejected:
            found.append(_problem(
                filename, line, column, ref,
                f"link points at a rejected row ({target} line {rejected[ref]}); this row is kept: fix that line",
            ))
    return found, drop


def _cameo_problems(results: dict[str, TableResult]) -> list[dict]:
    """CAMEO reference tables agree; each event's code and Goldstein score (own faults: rows dropped)."""
    if not (results["cameo_event_codes"].usable and results["cameo_goldstein"].usable):
        return []  # a missing reference table is its own (file-level) problem, not every event's
    codes, scores = results["cameo_event_codes"].frame, results["cameo_goldstein"].frame
    found = [_problem(CAMEO_GOLDSTEIN.filename, None, "code", code,
                      f"every code needs a label ({CAMEO_EVENT_CODES.filename}) and a score "
                      f"({CAMEO_GOLDSTEIN.filename})")
             for code in table_consistency(codes, scores)]
    drop = []
    for problem in goldstein_problems(results["events"].frame, goldstein_lookup(scores), label_lookup(codes)):
        found.append(_problem("events.csv", problem["row"], problem["column"], problem["value"], problem["rule"]))
        drop.append(int(problem["row"]))
    _reject(results["events"], drop)
    return found


def check_relationships(results: dict[str, TableResult]) -> list[dict]:
    """Cross-table checks on the per-table results; drops rows with dangling links in place.

    Order matters: rows dropped for an unknown source (or a wrong CAMEO code or score) count
    as rejected (not absent) for the ``responds_to`` and ``series_id`` checks that follow.

    Returns
    -------
    list of dict
        Problems in the loader's error format.
    """
    found: list[dict] = []
    sources = results["sources"]
    if sources.usable:
        kept = set(sources.frame["source_id"].dropna())
        rejected = _first_lines(sources.rejected, "source_id")
        for name, spec in TABLES.items():
            if not spec.cites_sources:
                continue
            problems, drop = _check_links(results[name], spec.filename, "source_ids", kept, rejected,
                                          "sources.csv", "source_id")
            found += problems
            _reject(results[name], drop)

    sites = results["sites"]
    if sites.usable:  # names.csv rows that name a site
        names = results["names"]
        kept = set(sites.frame["site_id"].dropna())
        rejected = _first_lines(sites.rejected, "site_id")
        of_sites = TableResult(names.frame[names.frame["layer"] == "sites"], names.errors)
        problems, drop = _check_links(of_sites, "names.csv", "feature_id", kept, rejected, "sites.csv", "site_id")
        found += problems
        _reject(names, drop)

    series = results["stats_series"]
    if series.usable:
        kept = set(series.frame["series_id"].dropna())
        rejected = _first_lines(series.rejected, "series_id")
        problems, drop = _check_links(results["stats"], "stats.csv", "series_id", kept, rejected,
                                      "stats_series.csv", "series_id")
        found += problems
        _reject(results["stats"], drop)

    events = results["events"]
    found += _cameo_problems(results)
    while events.usable:  # until no row is dropped: a dropped event turns its answers' links into warnings
        frame = events.frame
        kept = set(frame["event_id"].dropna())
        rejected = _first_lines(events.rejected, "event_id")
        # The ordering rule (analysis.data.ordering) is the answering row's own fault; a rejected
        # target whose date could be read still counts for it, so it sees rejected rows too.
        dated = frame if events.rejected is None or events.rejected.empty else pd.concat([events.rejected, frame])
        problems, drop = [], []
        for problem in ordering_problems(dated):
            if problem["row"] in frame.index:
                problems.append(_problem("events.csv", problem["row"], problem["column"], problem["value"],
                                         problem["rule"]))
                drop.append(int(problem["row"]))
        unchecked = TableResult(frame.drop(index=sorted(set(drop))), events.errors)
        links, _absent = _check_links(unchecked, "events.csv", "responds_to", kept, rejected,
                                      "events.csv", "event_id", report_absent=False)
        problems += links
        found += [p for p in problems if p not in found]
        if not drop:
            break
        _reject(events, drop)
    return found
