"""Candidate events from the store: the engine groups feed rows, :mod:`analysis.imports.candidates` folds them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from analysis.imports.candidates import build_candidates
from analysis.query.engine import open_duckdb


def candidates_since(since: dt.date, store: Path | str | None = None, sites: pd.DataFrame | None = None,
                     until: dt.date | None = None) -> pd.DataFrame:
    """Candidates from the store's feed rows dated ``since`` .. ``until`` (DuckDB over the Parquet store)."""
    groups = open_duckdb(store).feed_groups(since, until)
    return build_candidates(groups, sites)
