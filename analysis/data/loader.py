"""Read and validate the curated tables in ``data/``.

Every table is read (:mod:`analysis.data.tables`) with the explicit columns and types of
:mod:`analysis.data.schemas`, validated with pandera (``lazy=True``, so every
failure is reported at once), and cross-checked (every ``source_ids`` entry
exists, ``responds_to`` points to an earlier event). Problems never raise:
they come back as an error table with the columns of :data:`analysis.data.problems.ERROR_COLUMNS`
(file, CSV line, column, value, rule), and the offending rows are left out of
the frame so the rest of the app keeps working. Files are never written.

Events whose ``status`` is ``retired`` pass the same checks (they stay in the
file, and ``responds_to`` links to them still resolve) but are moved from
``events`` to the ``retired_events`` table, so no chart shows them.
:func:`load_dataset` takes ``overrides`` (file name -> CSV text) so a save can be
checked with exactly these rules before anything is written.

Graceful rules: a row is left out only for its own fault (a row whose link points
at a rejected row is kept, with a problem saying so); of duplicated keys the first
row is kept; each problem is reported once, with the value as written in the file;
a missing column is reported, and only a column no row can do without (an id, a
key, a date or a number) empties the table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.data.cameo import goldstein_lookup, with_goldstein
from analysis.data.check import geo_problems
from analysis.data.dataset import Dataset
from analysis.data.problems import empty_errors, problems_frame
from analysis.data.relations import check_relationships
from analysis.data.schemas import RETIRED, TABLES
from analysis.data.tables import parse_csv_text, read_table
from analysis.settings import DEFAULT_DATA_DIR

__all__ = ["load_dataset", "table_mtimes"]


def load_dataset(
    data_dir: Path | str = DEFAULT_DATA_DIR,
    today: dt.date | None = None,
    overrides: Mapping[str, str] | None = None,
    check_geo: bool = True,
) -> Dataset:
    """Read, validate and cross-check every curated table.

    Parameters
    ----------
    data_dir : path-like
        Folder holding the CSV files named in :data:`analysis.data.schemas.TABLES`.
    today : datetime.date, optional
        Latest allowed date; defaults to today.
    overrides : mapping of file name to CSV text, optional
        Check this text instead of the file of that name (a save checked before it is written).
    check_geo : bool
        Also check the map layers that go with the folder (``Dataset.geo_errors``).

    Returns
    -------
    Dataset
        Valid rows of every table and one error table for all problems.

    Raises
    ------
    OSError
        When the folder itself cannot be read (not a folder, no permission).
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise NotADirectoryError(f"curated data folder is not a readable folder, got {str(data_dir)!r}")
    overrides = overrides or {}
    results = {
        name: parse_csv_text(overrides[spec.filename], spec, spec.filename, today) if spec.filename in overrides
        else read_table(data_dir / spec.filename, spec, today)
        for name, spec in TABLES.items()
    }
    relation_errors = check_relationships(results)
    events = with_goldstein(results["events"].frame, goldstein_lookup(results["cameo_goldstein"].frame))
    frames = [r.errors for r in results.values()] + [problems_frame(relation_errors)]
    errors = pd.concat([f for f in frames if not f.empty] or [empty_errors()], ignore_index=True)
    tables = {name: r.frame for name, r in results.items()}
    retired = (events["status"] == RETIRED).fillna(False).astype(bool)
    tables["events"], tables["retired_events"] = events[~retired], events[retired]
    data = Dataset(
        tables=tables,
        errors=errors,
        data_dir=data_dir,
        rows_read={name: r.rows_read for name, r in results.items()},
    )
    if check_geo:
        data.geo_errors = geo_problems(data)
    return data


def table_mtimes(data_dir: Path | str = DEFAULT_DATA_DIR) -> tuple[float, ...]:
    """Modification times of every curated file, used as a cache key."""
    data_dir = Path(data_dir)
    stamps = []
    for spec in TABLES.values():
        path = data_dir / spec.filename
        stamps.append(path.stat().st_mtime if path.exists() else 0.0)
    geo = data_dir / "geo"
    if geo.exists():
        stamps += [p.stat().st_mtime for p in sorted(geo.glob("*.geojson"))]
    return tuple(stamps)
