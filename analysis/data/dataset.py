"""``Dataset``: every curated table after validation, and every problem found (built by :mod:`analysis.data.loader`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

import pandas as pd

from analysis.data.problems import empty_errors

__all__ = ["Dataset"]


class _Table:
    """One table of :attr:`Dataset.tables` read as an attribute: typed and documented for checkers."""

    def __init__(self, name: str, doc: str) -> None:
        self.name = name
        self.__doc__ = doc

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _Table: ...

    @overload
    def __get__(self, obj: Dataset, owner: type | None = None) -> pd.DataFrame: ...

    def __get__(self, obj: Dataset | None, owner: type | None = None) -> pd.DataFrame | _Table:
        return self if obj is None else obj.tables[self.name]


@dataclass
class Dataset:
    """All curated tables after validation, plus every problem found.

    ``rows_read`` gives, per table, the number of data rows in its file; ``geo_errors`` the
    problems of the map layers that go with the folder (see :mod:`analysis.data.check`).
    """

    tables: dict[str, pd.DataFrame]
    errors: pd.DataFrame = field(default_factory=empty_errors)
    data_dir: Path | None = None
    """The folder the tables were read from (None for a dataset built in memory)."""
    rows_read: dict[str, int] = field(default_factory=dict)
    geo_errors: pd.DataFrame = field(default_factory=empty_errors)

    sources = _Table("sources", "``sources.csv``: every publication a row cites.")
    events = _Table("events", "``events.csv``: curated events.")
    sites = _Table("sites", "``sites.csv``: installations, islands and reference places.")
    names = _Table("names", "``names.csv``: English, Japanese and Chinese names of sites, straits and map labels.")
    budgets = _Table("budgets", "``budgets.csv``: defence budgets by country, year and scope.")
    stats = _Table("stats", "``stats.csv``: recurring statistics.")
    stats_series = _Table("stats_series", "``stats_series.csv``: what each statistics series counts.")
    fx = _Table("fx", "``fx.csv``: annual-average exchange rates per US dollar.")
    gdp = _Table("gdp", "``gdp.csv``: nominal GDP in local currency.")

    @property
    def retired_events(self) -> pd.DataFrame:
        """``events.csv`` rows marked ``status = retired``: kept in the file, left out of every chart."""
        return self.tables.get("retired_events", self.tables["events"].iloc[0:0])
