"""Overview headline: budget cards and counts follow the country filter; a comparable figure beside local."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.data.filters import EventFilter, filter_events
from analysis.data.loader import load_dataset
from analysis.features.headline import BUDGET_TABLE_COLUMNS, HOW_TO_READ, budget_cards, budget_table, headline_counts


@pytest.fixture
def data(fixture_data_dir):
    return load_dataset(fixture_data_dir, today=dt.date(2026, 11, 25))


def test_cards_follow_the_country_filter(data) -> None:
    assert list(budget_cards(data.budgets, data.fx)["country"]) == ["JPN", "CHN"]
    assert list(budget_cards(data.budgets, data.fx, ("CHN",))["country"]) == ["CHN"]
    assert budget_cards(data.budgets, data.fx, ("USA",)).empty


def test_cards_state_change_and_usd_at_the_stated_rate(data) -> None:
    japan = budget_cards(data.budgets, data.fx, ("JPN",)).iloc[0]
    assert japan["year_label"] == "FY2025" and japan["local_text"] == "110 bn JPY"
    assert japan["change_pct"] == pytest.approx(10.0)
    assert japan["change_text"] == "+10.0% on FY2024"
    assert japan["usd_bn"] == pytest.approx(1.1)
    assert japan["usd_text"] == "≈ 1.1 bn USD at 100.00 JPY/USD (2025 average)"


def test_budget_table_says_what_each_card_said(data) -> None:
    cards = budget_cards(data.budgets, data.fx)
    table = budget_table(cards)
    assert list(table.columns) == list(BUDGET_TABLE_COLUMNS) and len(table) == len(cards)
    japan = table.iloc[0].to_dict()
    assert japan["Budget"] == "Japan FY2025" and japan["Amount"] == "110 bn JPY"
    assert japan["Change"] == "+10.0% on FY2024"
    assert japan["In USD"] == "≈ 1.1 bn USD at 100.00 JPY/USD (2025 average)"
    assert japan["Scope"] == cards.iloc[0]["scope_label"]
    assert japan["Sources"].replace(" ", "") == cards.iloc[0]["source_ids"]
    assert budget_table(budget_cards(data.budgets, data.fx, ("USA",))).empty


def test_missing_rate_and_missing_previous_year_are_said(data) -> None:
    budgets = pd.concat([data.budgets, pd.DataFrame([{
        "country": "KOR", "fiscal_year": 2026, "amount_bn": 65000.0, "currency": "KRW", "scope": "enacted",
        "notes": "synthetic", "source_ids": "src-fix-b"}])], ignore_index=True)
    korea = budget_cards(budgets, data.fx, ("KOR",)).iloc[0]
    assert pd.isna(korea["usd_bn"]) and korea["usd_text"] == "no KRW/USD exchange rate for 2026 in the data yet"
    assert pd.isna(korea["change_pct"]) and korea["change_text"] == "no 2025 figure to compare"


def test_counts_follow_the_country_filter(data) -> None:
    everything = headline_counts(data.sites, data.budgets, data.events, EventFilter())
    assert everything["sites"] == 2
    usa = EventFilter(("USA",))
    narrowed = headline_counts(data.sites, data.budgets, filter_events(data.events, usa), usa)
    assert narrowed == {"events": 1, "sites": 1, "sources": narrowed["sources"]}
    assert 0 < narrowed["sources"] <= everything["sources"]


def test_how_to_read_covers_events_goldstein_sources_and_sharing() -> None:
    for needle in ("An event", "Goldstein", "Where the data comes from", "Sharing a view"):
        assert needle in HOW_TO_READ
