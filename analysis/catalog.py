"""The catalogue of every named chart, for the Briefing page, the CLI and exports.

It sits above the feature modules it lists (each exposes ``named_charts() -> dict[str, ChartSpec]``,
:mod:`analysis.charts.spec`); they are imported explicitly below, so a broken module fails loudly at
import instead of silently dropping its charts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import ModuleType

from analysis.charts.spec import ChartResult, ChartSpec
from analysis.data.dataset import Dataset
from analysis.data.filters import EventFilter
from analysis.features import budget_figures, mapfig, overview, tension, timeline, top_events

FEATURE_MODULES: tuple[ModuleType, ...] = (overview, mapfig, timeline, tension, budget_figures, top_events)

_log = logging.getLogger(__name__)


def _module_charts(module: ModuleType) -> dict[str, ChartSpec]:
    named: Callable[[], dict[str, ChartSpec]] = module.named_charts
    return dict(named())


def registry_problems() -> dict[str, str]:
    """Feature modules whose ``named_charts()`` raised: module name -> error."""
    problems = {}
    for module in FEATURE_MODULES:
        try:
            _module_charts(module)
        except Exception as exc:  # reported, not raised
            problems[module.__name__] = f"{type(exc).__name__}: {exc}"
    return problems


def chart_registry() -> dict[str, ChartSpec]:
    """Every named chart of the feature modules, in :data:`FEATURE_MODULES` order; name -> spec."""
    registry: dict[str, ChartSpec] = {}
    for module in FEATURE_MODULES:
        try:
            charts = _module_charts(module)
        except Exception as exc:  # one broken module must not hide every other chart
            _log.warning("charts of %s left out: %s: %s", module.__name__, type(exc).__name__, exc)
            continue
        for name, spec in charts.items():
            if name in registry:
                _log.warning("chart name %r of %s already registered; kept the first", name, module.__name__)
                continue
            registry[name] = spec
    return registry


def chart_names() -> list[str]:
    """Registered chart names, in registry order."""
    return list(chart_registry())


def get_chart(name: str) -> ChartSpec:
    """The spec of a registered chart; ValueError naming the value for an unknown one."""
    registry = chart_registry()
    if name not in registry:
        raise ValueError(f"unknown chart: expected one of {sorted(registry)}, got {name!r}")
    return registry[name]


def build_chart(name: str, data: Dataset, selection: EventFilter) -> ChartResult:
    """Build a registered chart under the given filters."""
    return get_chart(name).build(data, selection)
