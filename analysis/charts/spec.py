"""Named charts: the contract between feature modules, exports, the briefing deck and the CLI.

Each feature module (overview, map, timeline, budgets) exposes
``named_charts() -> dict[str, ChartSpec]``. :mod:`analysis.catalog` collects
them, so ``python -m analysis.cli list-charts`` and the Briefing page offer
the same charts the pages show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import plotly.graph_objects as go

from analysis.data.dataset import Dataset
from analysis.data.filters import EventFilter


@dataclass
class ChartResult:
    """A built chart and what a footer needs to cite it."""

    figure: go.Figure
    source_ids: list[str] = field(default_factory=list)
    caption: str = ""


@dataclass(frozen=True)
class ChartSpec:
    """A chart that can be built from the data and the active filters alone."""

    name: str
    title: str
    build: Callable[[Dataset, EventFilter], ChartResult]
