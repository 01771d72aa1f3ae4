"""Budget growth over a chosen span, stated (issue 15, finding 11)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.data.loader import load_dataset
from analysis.features.budget_growth import growth_over, growth_sentence, growth_table, span_years


@pytest.fixture
def budgets(fixture_data_dir) -> pd.DataFrame:
    data = load_dataset(fixture_data_dir, today=dt.date(2026, 11, 25))
    extra = pd.DataFrame([
        {"country": "JPN", "fiscal_year": 2022, "amount_bn": 80.0, "currency": "JPY",
         "scope": "initial_incl_saco_realignment", "notes": "synthetic", "source_ids": "src-fix-b"},
        {"country": "TWN", "fiscal_year": 2025, "amount_bn": 600.0, "currency": "TWD", "scope": "enacted",
         "notes": "synthetic", "source_ids": "src-fix-b"},
        {"country": "TWN", "fiscal_year": 2026, "amount_bn": 900.0, "currency": "TWD", "scope": "enacted",
         "notes": "synthetic", "source_ids": "src-fix-b"},
    ])
    return pd.concat([data.budgets, extra], ignore_index=True)


def test_growth_over_a_span_with_average_per_year(budgets) -> None:
    japan = budgets[(budgets["country"] == "JPN") & (budgets["scope"] == "initial_incl_saco_realignment")]
    got = growth_over(japan, 2022, 2025)
    assert got["change_bn"] == pytest.approx(30.0)
    assert got["change_pct"] == pytest.approx(37.5)
    assert got["per_year_pct"] == pytest.approx((1.375 ** (1 / 3) - 1) * 100)
    assert got["note"] == ""


def test_missing_year_and_definition_change_give_no_number(budgets) -> None:
    table = growth_table(budgets, 2023, 2025).set_index("country")
    assert pd.isna(table.loc["Japan", "change_pct"]) and table.loc["Japan", "note"] == "no figure for FY2023"
    taiwan = growth_table(budgets, 2025, 2026, ("TWN",)).iloc[0]
    assert pd.isna(taiwan["change_pct"]) and taiwan["note"].startswith("not comparable: Taiwan 2026")
    with pytest.raises(ValueError, match="start=2025, end=2025"):
        growth_over(budgets[budgets["country"] == "JPN"], 2025, 2025)


def test_sentence_and_span_choices(budgets) -> None:
    table = growth_table(budgets, 2022, 2025)
    text = growth_sentence(table)
    assert text.startswith("Japan FY2022 → FY2025 (initial, incl. SACO/US-realignment): 80.0 → 110.0 bn JPY, +37.5%")
    assert "a year on average" in text
    assert span_years(budgets) == [2022, 2024, 2025, 2026]
    assert growth_sentence(table, "Atlantis") == "No budget rows for Atlantis."
