"""Budget axes start at the first year with data, not at an empty column (issue 15, finding 12).

Fixture data only: the bundled fx.csv is being completed separately.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.data.loader import load_dataset
from analysis.features import budget_figures as bf
from analysis.features import budgets as bd


@pytest.fixture
def data(fixture_data_dir):
    return load_dataset(fixture_data_dir, today=dt.date(2026, 11, 25))


def with_rows(budgets: pd.DataFrame, *rows: dict) -> pd.DataFrame:
    base = {"notes": "synthetic", "source_ids": "src-fix-b"}
    return pd.concat([budgets, pd.DataFrame([{**base, **r} for r in rows])], ignore_index=True)


def test_usd_comparison_starts_at_the_first_year_with_a_rate(data) -> None:
    # JPN FY2023 has a budget but no 2023 JPY rate: an empty column before the first point.
    budgets = with_rows(data.budgets, {"country": "JPN", "fiscal_year": 2023, "amount_bn": 90.0, "currency": "JPY",
                                       "scope": "initial_incl_saco_realignment"})
    table = bd.comparison_table(budgets, data.fx, data.gdp, "usd")
    assert table.loc[table["fiscal_year"] == 2023, "value"].isna().all()
    fig = bf.comparison_figure(table, "usd")
    assert tuple(fig.layout.xaxis.range) == (2023.5, 2025.5)


def test_local_panels_and_japan_chart_fit_their_years(data) -> None:
    fig = bf.comparison_figure(bd.comparison_table(data.budgets, data.fx, data.gdp, "local"), "local")
    assert tuple(fig.layout.xaxis.range) == (2023.5, 2025.5)
    assert tuple(bf.japan_figure(data.budgets).layout.xaxis.range) == (2023.5, 2025.5)
    assert tuple(bf.china_figure(data.budgets).layout.xaxis.range) == (2023.5, 2025.5)


def test_no_data_leaves_the_axis_alone() -> None:
    import plotly.graph_objects as go

    fig = bf.fit_years(go.Figure(go.Scatter(x=[2020, 2021], y=[None, None])))
    assert fig.layout.xaxis.range is None
