"""Budget series: conversions with known FX cases, growth, index, plan progress, gaps, alternatives."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from analysis.data.filters import EventFilter
from analysis.data.loader import load_dataset
from analysis.export.formats import table_to_csv
from analysis.features import budget_figures as bf
from analysis.features import budgets as bd
from tests.conftest import FIXTURE_DATA

TODAY = dt.date(2026, 11, 25)


def frame(rows: list[tuple], columns: str) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=columns.split(","))
    if "fiscal_year" in out.columns:
        out["fiscal_year"] = out["fiscal_year"].astype("Int64")
    if "year" in out.columns:
        out["year"] = out["year"].astype("Int64")
    return out


BUDGET_COLS = "country,fiscal_year,amount_bn,currency,scope,notes,source_ids"


@pytest.fixture(scope="module")
def real():
    return load_dataset(today=TODAY)


@pytest.fixture(scope="module")
def fixture():
    return load_dataset(FIXTURE_DATA, today=TODAY)


# Conversions ---------------------------------------------------------------------------------------------------


def test_to_usd_known_fixture_rates(fixture) -> None:
    usd = bd.to_usd(fixture.budgets, fixture.fx).set_index(["country", "fiscal_year", "scope"])
    # 100 bn JPY at 150 JPY/USD; 110 at 100; 50 bn CNY at 7; 55 at 5.
    assert usd.loc[("JPN", 2024, "initial_incl_saco_realignment"), "usd_bn"] == pytest.approx(100 / 150)
    assert usd.loc[("JPN", 2025, "initial_incl_saco_realignment"), "usd_bn"] == pytest.approx(1.1)
    assert usd.loc[("CHN", 2024, "official_announced"), "usd_bn"] == pytest.approx(50 / 7)
    assert usd.loc[("CHN", 2025, "official_announced"), "usd_bn"] == pytest.approx(11.0)
    assert bd.missing_report(usd.reset_index()) == []


def test_to_usd_known_real_rates(real) -> None:
    usd = bd.to_usd(real.budgets, real.fx).set_index(["country", "fiscal_year", "scope"])
    # Fed G.5A 2023 averages in fx.csv: 140.5001 JPY and 7.0809 CNY per USD.
    assert usd.loc[("JPN", 2023, "initial_incl_saco_realignment"), "usd_bn"] == pytest.approx(6821.9 / 140.5001)
    assert usd.loc[("CHN", 2023, "official_announced"), "usd_bn"] == pytest.approx(1553.7 / 7.0809)
    assert usd.loc[("USA", 2025, "enacted"), "usd_bn"] == 831.0  # USD needs no rate


def test_missing_fx_is_nan_and_reported_never_filled(real) -> None:
    usd = bd.to_usd(real.budgets, real.fx)
    jpn = usd[(usd["country"] == "JPN") & (usd["scope"] == "initial_incl_saco_realignment")].set_index("fiscal_year")
    # fx.csv has no JPY rate for 2026 (annual average not yet published): the neighbours must not leak in.
    assert math.isnan(jpn.loc[2026, "usd_bn"]) and math.isnan(jpn.loc[2026, "per_usd"])
    assert jpn.loc[2015, "usd_bn"] == pytest.approx(4980.1 / 121.05)
    assert jpn.loc[2016, "usd_bn"] == pytest.approx(5054.1 / 108.6569)  # Fed basis (FRED), not IMF's 108.79
    assert jpn.loc[2024, "usd_bn"] == pytest.approx(7949.6 / 151.4551)
    report = bd.missing_report(usd)
    assert "no FX rate for JPY 2026" in report
    assert "no FX rate for TWD 2026" in report


def test_to_usd_does_not_mutate_input(fixture) -> None:
    before = fixture.budgets.copy()
    bd.to_usd(fixture.budgets, fixture.fx)
    pd.testing.assert_frame_equal(fixture.budgets, before)


def test_share_of_gdp_matches_currency_and_year(fixture, real) -> None:
    share = bd.share_of_gdp(fixture.budgets, fixture.gdp).set_index(["country", "fiscal_year", "scope"])
    assert share.loc[("JPN", 2024, "initial_incl_saco_realignment"), "gdp_share_pct"] == pytest.approx(2.0)
    assert math.isnan(share.loc[("CHN", 2024, "official_announced"), "gdp_share_pct"])  # fixture has no CHN GDP
    real_share = bd.share_of_gdp(real.budgets, real.gdp).set_index(["country", "fiscal_year", "scope"])
    assert real_share.loc[("CHN", 2025, "official_announced"), "gdp_share_pct"] == pytest.approx(
        1784.6 / 140187.9 * 100)


def test_share_of_gdp_refuses_other_currency() -> None:
    budgets = frame([("JPN", 2024, 100.0, "USD", "enacted", "", "s")], BUDGET_COLS)
    gdp = frame([("JPN", 2024, 5000.0, "JPY", "", "s")], "country,year,gdp_bn,currency,notes,source_ids")
    assert math.isnan(bd.share_of_gdp(budgets, gdp)["gdp_share_pct"].iloc[0])


# Growth and index ----------------------------------------------------------------------------------------------


def test_yoy_growth_only_between_consecutive_years() -> None:
    series = frame([("KOR", 2019, 100.0, "KRW", "enacted", "", "s"), ("KOR", 2020, 110.0, "KRW", "enacted", "", "s"),
                    ("KOR", 2023, 121.0, "KRW", "enacted", "", "s")], BUDGET_COLS)
    growth = bd.yoy_growth(series).set_index("fiscal_year")["growth_pct"]
    assert math.isnan(growth[2019])
    assert growth[2020] == pytest.approx(10.0)
    assert math.isnan(growth[2023])  # 2021-22 missing: no growth across the gap


def test_yoy_growth_not_across_definition_break(real) -> None:
    twn = bd.yoy_growth(bd.country_series(real.budgets, "TWN", "request")).set_index("fiscal_year")
    assert math.isnan(twn.loc[2026, "growth_pct"])


def test_yoy_growth_rejects_duplicate_years() -> None:
    series = frame([("JPN", 2024, 1.0, "JPY", "enacted", "", "s"), ("JPN", 2024, 2.0, "JPY", "request", "", "s")],
                   BUDGET_COLS)
    with pytest.raises(ValueError, match=r"duplicates \[2024"):
        bd.yoy_growth(series)


def test_japan_and_china_growth_on_real_data(real) -> None:
    japan = bd.japan_series(real.budgets).set_index("fiscal_year")
    assert japan.loc[2026, "amount_bn"] == 9035.3
    assert japan.loc[2026, "growth_pct"] == pytest.approx((9035.3 / 8700.5 - 1) * 100)
    china = bd.china_series(real.budgets).set_index("fiscal_year")
    assert china.loc[2025, "growth_pct"] == pytest.approx((1784.6 / 1665.0 - 1) * 100)
    # The announced rate (vs the previous year's actual spending) is kept beside the computed one.
    assert china.loc[2018, "announced_pct"] == 8.1
    assert china.loc[2018, "growth_pct"] == pytest.approx(5.99, abs=0.01)


def test_japan_series_rejects_unknown_scope(real) -> None:
    with pytest.raises(ValueError, match="'enacted'"):
        bd.japan_series(real.budgets, "enacted")


def test_index_series_first_year_is_100(fixture) -> None:
    table = bd.comparison_table(fixture.budgets, fixture.fx, fixture.gdp, "index")
    values = table.set_index(["country", "fiscal_year"])["value"]
    assert values[("JPN", 2024)] == 100.0 and values[("JPN", 2025)] == pytest.approx(110.0)
    assert values[("CHN", 2024)] == 100.0 and values[("CHN", 2025)] == pytest.approx(110.0)


def test_index_series_common_base_year_missing_gives_nan() -> None:
    series = frame([("A", 2020, 50.0, "X", "enacted", "", "s"), ("A", 2021, 100.0, "X", "enacted", "", "s"),
                    ("B", 2021, 10.0, "X", "enacted", "", "s")], BUDGET_COLS)
    indexed = bd.index_series(series, base_year=2020)
    assert list(indexed["index"][:2]) == [100.0, 200.0]
    assert math.isnan(indexed["index"].iloc[2])


# Plan progress -------------------------------------------------------------------------------------------------


def test_plan_progress_real_data_against_43_trillion(real) -> None:
    progress = bd.plan_progress(real.budgets).set_index("fiscal_year")
    expected = 6600.1 + 7724.9 + 8474.8 + 8809.3  # excluding basis, FY2023-26
    assert progress.loc[2026, "cumulative_bn"] == pytest.approx(expected)
    assert progress.loc[2026, "share_pct"] == pytest.approx(expected / 43000 * 100)
    assert math.isnan(progress.loc[2027, "cumulative_bn"])  # no FY2027 figure: not counted as zero
    assert set(progress["scope"]) == {"initial_excl_saco_realignment"}


def test_plan_progress_stops_at_a_gap() -> None:
    budgets = frame([("JPN", 2023, 10.0, "JPY", "initial_excl_saco_realignment", "", "s"),
                     ("JPN", 2025, 10.0, "JPY", "initial_excl_saco_realignment", "", "s")], BUDGET_COLS)
    progress = bd.plan_progress(budgets, plan_total_bn=100, start=2023, end=2025).set_index("fiscal_year")
    assert progress.loc[2023, "share_pct"] == pytest.approx(10.0)
    assert progress["cumulative_bn"][[2024, 2025]].isna().all()


def test_plan_progress_rejects_bad_arguments(real) -> None:
    with pytest.raises(ValueError, match="got start=2028"):
        bd.plan_progress(real.budgets, start=2028, end=2027)
    with pytest.raises(ValueError, match="got 0"):
        bd.plan_progress(real.budgets, plan_total_bn=0)


def test_plan_caption_states_scope_and_reason(real) -> None:
    caption = bf.plan_progress_caption(bd.plan_progress(real.budgets))
    assert "excl. SACO/US-realignment" in caption and "The plan counts this basis" in caption
    assert "73.5% of the plan" in caption and "FY2027" in caption


# Alternatives and comparison -----------------------------------------------------------------------------------


def test_alternatives_lists_every_scope(real) -> None:
    alts = bd.alternatives(real.budgets, "JPN", 2026)
    assert list(alts["scope"]) == ["initial_incl_saco_realignment", "initial_excl_saco_realignment", "request"]
    assert list(alts["amount_bn"]) == [9035.3, 8809.3, 8845.4]
    korea = bd.disagreements(real.budgets, ("KOR",))
    assert set(korea["amount_bn"]) == {66294.7, 65864.2}


def test_comparison_scopes_one_per_country(real) -> None:
    scopes = bd.comparison_scopes(real.budgets)
    assert scopes == {"CHN": "official_announced", "JPN": "initial_incl_saco_realignment", "KOR": "enacted",
                      "TWN": "request", "USA": "enacted"}
    assert bd.comparison_scopes(real.budgets, ("JPN",), "initial_excl_saco_realignment") == {
        "JPN": "initial_excl_saco_realignment"}


def test_comparison_table_filters_countries_and_rejects_bad_measure(real) -> None:
    table = bd.comparison_table(real.budgets, real.fx, real.gdp, "usd", ("JPN", "USA"))
    assert set(table["country"]) == {"JPN", "USA"}
    with pytest.raises(ValueError, match="got 'eur'"):
        bd.comparison_table(real.budgets, real.fx, real.gdp, "eur")


@pytest.mark.parametrize("measure", bd.MEASURES)
def test_comparison_figure_unit_and_gaps(real, measure: str) -> None:
    result = bf.comparison_chart(real, measure, ("JPN", "CHN"))
    values = [v for trace in result.figure.data for v in trace.y if v is not None and not math.isnan(v)]
    assert values, measure
    if measure == "usd":
        assert "no FX rate for JPY 2026" in result.caption
        assert "src-frb-20240201-g5a-annual-fx" in result.source_ids
    if measure == "gdp_share":
        assert max(values) < 2.0  # MOD/NPC budgets are about 1.2-1.3% of GDP in the table's years
    assert "Japan: initial, incl. SACO/US-realignment" in result.caption


def test_named_charts_build_with_sources(real) -> None:
    charts = bf.named_charts()
    assert {"budget-japan", "budget-plan-progress", "budget-china", "budget-comparison", "stats-scrambles"} <= set(
        charts)
    for name, spec in charts.items():
        result = spec.build(real, EventFilter())
        assert result.source_ids, name
        assert result.caption, name
        assert len(result.figure.data) >= 1, name


def test_latest_figures_and_rows_used_csv(real) -> None:
    latest = bd.latest_figures(real.budgets).set_index("country")
    assert latest.loc["JPN", "amount_bn"] == 9035.3 and latest.loc["CHN", "amount_bn"] == 1909.0
    assert latest.loc["KOR", "amount_bn"] == 65864.2 and latest.loc["USA", "scope"] == "enacted"
    assert [bd.year_label(c, 2026) for c in ("JPN", "USA", "CHN")] == ["FY2026", "FY2026", "2026"]
    rows = bf.rows_used(real, countries=("JPN",))
    used = rows.set_index(["country", "fiscal_year", "scope"])["used_in"]
    assert used[("JPN", 2026, "initial_incl_saco_realignment")] == "budget-japan; budget-comparison"
    assert used[("CHN", 2026, "official_announced")] == "budget-china"  # CHN not in the comparison filter
    assert ("KOR", 2026, "enacted") not in used.index
    assert rows["publisher"].str.len().gt(0).all()
    text = table_to_csv(rows).decode("utf-8-sig")
    assert "9035.3" in text and "livedoor" in text
