"""Defence budgets as series: scopes, growth, USD, index, share of GDP, plan progress.

Pure functions over the curated ``budgets``, ``fx`` and ``gdp`` tables
(:mod:`analysis.data.schemas`). Nothing is filled in: a missing exchange rate or
GDP row gives ``NaN`` and is listed by :func:`missing_report`, growth is only
computed between consecutive years, and every scope stays a separate series
(:func:`alternatives` lists them side by side). Figures live in
:mod:`analysis.features.budget_figures`.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

import pandas as pd

from analysis.data.ids import split_ids
from analysis.data.schemas import BUDGET_SCOPES

JAPAN_SCOPES: tuple[str, ...] = ("initial_incl_saco_realignment", "initial_excl_saco_realignment")
DEFAULT_JAPAN_SCOPE = "initial_incl_saco_realignment"
# The curator's notes: the FY2023-27 43-trillion-yen plan counts the excluding basis.
PLAN_SCOPE = "initial_excl_saco_realignment"
PLAN_TOTAL_BN = 43_000.0
# For countries other than Japan one scope per country is charted, the first one present here;
# the others appear in the alternatives table, never mixed into one line.
COMPARISON_SCOPES: tuple[str, ...] = ("enacted", "official_announced", DEFAULT_JAPAN_SCOPE, "request")
Measure = Literal["local", "usd", "index", "gdp_share"]
MEASURES: tuple[Measure, ...] = get_args(Measure)
# Definition changes that make a year incomparable with the one before (curator's notes):
# lines are broken there and growth is not computed across them.
SERIES_BREAKS: dict[tuple[str, int], str] = {
    ("TWN", 2026): "Taiwan 2026 newly counts coast guard and veterans costs (NATO-style definition)",
}
SCOPE_LABELS: dict[str, str] = {
    "initial_incl_saco_realignment": "initial, incl. SACO/US-realignment",
    "initial_excl_saco_realignment": "initial, excl. SACO/US-realignment",
    "supplementary": "supplementary",
    "official_announced": "officially announced",
    "enacted": "enacted",
    "request": "request/proposal",
}
# Countries whose budget year is a fiscal year that is not the calendar year (curator's notes).
FISCAL_YEAR_COUNTRIES: tuple[str, ...] = ("JPN", "USA")
_ANNOUNCED_GROWTH = re.compile(r"announced growth \+?(-?\d+(?:\.\d+)?)%")


def year_label(country: str, year: int) -> str:
    """``FY2026`` for Japan and the US (fiscal years), ``2026`` for calendar-year budgets."""
    return f"FY{year}" if country in FISCAL_YEAR_COUNTRIES else str(year)


def _check_scope(scope: str) -> None:
    if scope not in BUDGET_SCOPES:
        raise ValueError(f"scope must be one of {list(BUDGET_SCOPES)}, got {scope!r}")


def country_series(budgets: pd.DataFrame, country: str, scope: str) -> pd.DataFrame:
    """One country's budget in one scope, one row per fiscal year, oldest first.

    Parameters
    ----------
    budgets : pandas.DataFrame
        The curated ``budgets`` table.
    country : str
        ISO3 code.
    scope : str
        One of :data:`analysis.data.schemas.BUDGET_SCOPES`.
    """
    _check_scope(scope)
    rows = budgets[(budgets["country"] == country) & (budgets["scope"] == scope)].copy()
    if rows["fiscal_year"].duplicated().any():
        years = sorted(rows.loc[rows["fiscal_year"].duplicated(), "fiscal_year"].tolist())
        raise ValueError(f"{country} {scope}: more than one row for fiscal years {years!r}")
    rows["fiscal_year"] = rows["fiscal_year"].astype("int64")
    return rows.sort_values("fiscal_year").reset_index(drop=True)


def japan_series(budgets: pd.DataFrame, scope: str = DEFAULT_JAPAN_SCOPE) -> pd.DataFrame:
    """Japan's initial defence budget in one scope, with year-on-year growth."""
    if scope not in JAPAN_SCOPES:
        raise ValueError(f"Japan scope must be one of {list(JAPAN_SCOPES)}, got {scope!r}")
    return yoy_growth(country_series(budgets, "JPN", scope))


def japan_supplementary(budgets: pd.DataFrame) -> pd.DataFrame:
    """Japan's supplementary defence budgets, kept apart from the initial budgets."""
    return country_series(budgets, "JPN", "supplementary")


def yoy_growth(series: pd.DataFrame, value: str = "amount_bn", year: str = "fiscal_year") -> pd.DataFrame:
    """Add ``growth_pct``: change on the previous fiscal year, in percent.

    Growth is only computed when the previous year is present (a gap gives
    ``NaN``) and never across a definition change in :data:`SERIES_BREAKS`.

    Parameters
    ----------
    series : pandas.DataFrame
        One row per year (one country, one scope).
    value, year : str
        Column names of the amount and the year.
    """
    if series[year].duplicated().any():
        dupes = series.loc[series[year].duplicated(), year].tolist()
        raise ValueError(f"series must have one row per {year}, got duplicates {dupes!r}")
    out = series.sort_values(year).reset_index(drop=True).copy()
    by_year = dict(zip(out[year].astype(int), out[value], strict=True))
    growth = []
    for _, row in out.iterrows():
        prev = by_year.get(int(row[year]) - 1)
        broken = "country" in out.columns and (row["country"], int(row[year])) in SERIES_BREAKS
        ok = prev is not None and pd.notna(prev) and prev != 0 and pd.notna(row[value]) and not broken
        growth.append((row[value] / prev - 1) * 100 if ok else float("nan"))
    out["growth_pct"] = pd.Series(growth, index=out.index, dtype="float64")
    return out


def announced_growth(notes: pd.Series) -> pd.Series:
    """The growth rate stated in a note ("announced growth +7.2%"), else ``NaN``."""
    def parse(text: object) -> float:
        match = _ANNOUNCED_GROWTH.search(str(text)) if isinstance(text, str) else None
        return float(match.group(1)) if match else float("nan")

    return notes.map(parse).astype("float64")


def china_series(budgets: pd.DataFrame) -> pd.DataFrame:
    """China's announced central-government defence budget with two growth rates.

    ``growth_pct`` divides each budget by the previous budget; ``announced_pct``
    is the rate China announced (against the previous year's *actual*
    spending), read from the notes. They differ in some years: both are kept.
    """
    series = yoy_growth(country_series(budgets, "CHN", "official_announced"))
    series["announced_pct"] = announced_growth(series["notes"])
    return series


def index_series(
    series: pd.DataFrame, value: str = "amount_bn", year: str = "fiscal_year", group: str = "country",
    base_year: int | None = None,
) -> pd.DataFrame:
    """Add ``index``: the value relative to a base year (= 100) within each group.

    Parameters
    ----------
    series : pandas.DataFrame
        Long table with ``group``, ``year`` and ``value`` columns.
    base_year : int, optional
        Common base year; ``None`` uses each group's first year with a value.
        A group without a value in the base year gets ``NaN`` throughout.
    """
    out = series.copy()
    out["index"] = float("nan")
    out["base_year"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    for _, part in out.groupby(group, sort=False):
        valued = part[part[value].notna()].sort_values(year)
        if valued.empty:
            continue
        base = valued[year].iloc[0] if base_year is None else base_year
        at_base = valued.loc[valued[year] == base, value]
        if at_base.empty or at_base.iloc[0] == 0:
            continue
        out.loc[part.index, "index"] = part[value] / at_base.iloc[0] * 100
        out.loc[part.index, "base_year"] = int(base)
    return out


def to_usd(budgets: pd.DataFrame, fx: pd.DataFrame) -> pd.DataFrame:
    """Add ``per_usd`` and ``usd_bn``: amounts in billions of US dollars.

    Each row is divided by the annual-average rate of its currency for the
    year equal to its fiscal year. USD rows need no rate. A missing rate gives
    ``NaN`` (never filled from another year); :func:`missing_report` lists them.
    """
    rates = fx[["currency", "year", "per_usd", "source_ids"]].rename(
        columns={"year": "fiscal_year", "source_ids": "fx_source_ids"}
    )
    rates = rates.astype({"fiscal_year": "int64"})
    out = budgets.copy()
    out["fiscal_year"] = out["fiscal_year"].astype("int64")
    out = out.drop(columns=[c for c in ("per_usd", "fx_source_ids") if c in out.columns])
    out = out.merge(rates, on=["currency", "fiscal_year"], how="left")
    is_usd = out["currency"] == "USD"
    out.loc[is_usd, "per_usd"] = 1.0
    out["per_usd"] = out["per_usd"].astype("float64")
    out["usd_bn"] = out["amount_bn"] / out["per_usd"]
    out["missing"] = ""
    out.loc[out["per_usd"].isna(), "missing"] = "no FX rate for " + out["currency"].astype(str) + " " + out[
        "fiscal_year"
    ].astype(str)
    return out


def share_of_gdp(budgets: pd.DataFrame, gdp: pd.DataFrame) -> pd.DataFrame:
    """Add ``gdp_bn`` and ``gdp_share_pct`` where a GDP row in the same currency exists.

    Years are matched as given (Japan's GDP row is fiscal-year, China's
    calendar-year, like their budgets). Missing GDP gives ``NaN``.
    """
    table = gdp[["country", "year", "gdp_bn", "currency", "source_ids"]].rename(
        columns={"year": "fiscal_year", "currency": "gdp_currency", "source_ids": "gdp_source_ids"}
    ).astype({"fiscal_year": "int64"})
    out = budgets.copy()
    out["fiscal_year"] = out["fiscal_year"].astype("int64")
    out = out.drop(columns=[c for c in ("gdp_bn", "gdp_currency", "gdp_source_ids") if c in out.columns])
    out = out.merge(table, on=["country", "fiscal_year"], how="left")
    same = out["gdp_currency"] == out["currency"]
    out["gdp_share_pct"] = (out["amount_bn"] / out["gdp_bn"] * 100).where(same.fillna(False))
    if "missing" not in out.columns:
        out["missing"] = ""
    note = "no GDP for " + out["country"].astype(str) + " " + out["fiscal_year"].astype(str)
    out.loc[out["gdp_share_pct"].isna(), "missing"] = note
    return out


def gdp_goal_line(gdp: pd.DataFrame, country: str = "JPN", share_pct: float = 2.0) -> pd.DataFrame:
    """``share_pct`` of GDP in billions of local currency, for the years with a GDP row."""
    rows = gdp[gdp["country"] == country].copy()
    rows["year"] = rows["year"].astype("int64")
    rows["goal_bn"] = rows["gdp_bn"] * share_pct / 100
    return rows.sort_values("year").reset_index(drop=True)


def plan_progress(
    budgets: pd.DataFrame, plan_total_bn: float = PLAN_TOTAL_BN, start: int = 2023, end: int = 2027,
    scope: str = PLAN_SCOPE,
) -> pd.DataFrame:
    """Cumulative Japanese budgets against a multi-year plan total.

    One row per fiscal year ``start..end``. ``cumulative_bn`` stops at the
    first year without a figure (a gap is not counted as zero); ``share_pct``
    is the cumulative sum as a percentage of ``plan_total_bn``.
    """
    if start > end:
        raise ValueError(f"start must not be after end, got start={start!r}, end={end!r}")
    if plan_total_bn <= 0:
        raise ValueError(f"plan_total_bn must be positive, got {plan_total_bn!r}")
    series = country_series(budgets, "JPN", scope)
    years = pd.DataFrame({"fiscal_year": range(start, end + 1)})
    out = years.merge(series[["fiscal_year", "amount_bn", "source_ids"]], on="fiscal_year", how="left")
    present = out["amount_bn"].notna().cumprod().astype(bool)
    out["cumulative_bn"] = out["amount_bn"].cumsum().where(present)
    out["plan_total_bn"] = float(plan_total_bn)
    out["share_pct"] = out["cumulative_bn"] / plan_total_bn * 100
    out["scope"] = scope
    return out


def comparison_scopes(budgets: pd.DataFrame, countries: tuple[str, ...] | list[str] = (),
                      japan_scope: str = DEFAULT_JAPAN_SCOPE) -> dict[str, str]:
    """The scope charted for each country (Japan: ``japan_scope``; others: see COMPARISON_SCOPES)."""
    if japan_scope not in JAPAN_SCOPES:
        raise ValueError(f"Japan scope must be one of {list(JAPAN_SCOPES)}, got {japan_scope!r}")
    present = budgets.groupby("country")["scope"].agg(set).to_dict()
    chosen = {}
    for country in countries or sorted(present):
        if country == "JPN":
            chosen[country] = japan_scope
            continue
        scopes = present.get(country, set())
        pick = next((s for s in COMPARISON_SCOPES if s in scopes), None)
        if pick:
            chosen[country] = pick
    return chosen


def comparison_table(
    budgets: pd.DataFrame, fx: pd.DataFrame, gdp: pd.DataFrame, measure: Measure = "usd",
    countries: tuple[str, ...] | list[str] = (), japan_scope: str = DEFAULT_JAPAN_SCOPE,
) -> pd.DataFrame:
    """Long table (country, fiscal_year, scope, value, unit, missing) for the comparison chart.

    Parameters
    ----------
    measure : {"local", "usd", "index", "gdp_share"}
        Billions of local currency, billions of USD, index (first year with a
        value = 100, in local currency), or percent of GDP.
    countries : sequence of str
        ISO3 codes; empty = every country in the table.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {list(MEASURES)}, got {measure!r}")
    scopes = comparison_scopes(budgets, countries, japan_scope)
    parts = [country_series(budgets, c, s) for c, s in scopes.items()]
    columns = [*budgets.columns]
    rows = pd.concat(parts, ignore_index=True) if parts else budgets.iloc[0:0][columns].copy()
    rows["missing"] = ""
    if measure == "usd":
        rows = to_usd(rows, fx)
        rows["value"], rows["unit"] = rows["usd_bn"], "bn USD"
    elif measure == "gdp_share":
        rows = share_of_gdp(rows, gdp)
        rows["value"], rows["unit"] = rows["gdp_share_pct"], "% of GDP"
    elif measure == "index":
        rows = index_series(rows)
        rows["value"] = rows["index"]
        rows["unit"] = "index, first year = 100 (" + rows["currency"].astype(str) + ")"
    else:
        rows["value"], rows["unit"] = rows["amount_bn"], "bn " + rows["currency"].astype(str)
    rows["break_before"] = [(c, int(y)) in SERIES_BREAKS for c, y in zip(rows["country"], rows["fiscal_year"],
                                                                          strict=True)]
    return rows.sort_values(["country", "fiscal_year"]).reset_index(drop=True)


def _year_ranges(years: list[int]) -> str:
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def missing_report(table: pd.DataFrame) -> list[str]:
    """The gaps a conversion left, one entry per kind: ``no FX rate for JPY 2016, 2024–2026``."""
    if "missing" not in table.columns:
        return []
    grouped: dict[str, list[int]] = {}
    for text in table["missing"].fillna(""):
        if text:
            what, _, year = text.rpartition(" ")
            grouped.setdefault(what, []).append(int(year))
    return [f"{what} {_year_ranges(years)}" for what, years in grouped.items()]


def alternatives(budgets: pd.DataFrame, country: str, year: int) -> pd.DataFrame:
    """Every figure the table holds for one country and year, one row per scope.

    The page shows these side by side wherever there is more than one, so
    no scope is picked silently.
    """
    rows = budgets[(budgets["country"] == country) & (budgets["fiscal_year"] == year)].copy()
    rows["scope_label"] = rows["scope"].map(SCOPE_LABELS)
    order = {s: i for i, s in enumerate(BUDGET_SCOPES)}
    rows = rows.sort_values("scope", key=lambda s: s.map(order))
    cols = ["country", "fiscal_year", "scope", "scope_label", "amount_bn", "currency", "notes", "source_ids"]
    return rows[cols].reset_index(drop=True)


def disagreements(budgets: pd.DataFrame, countries: tuple[str, ...] | list[str] = ()) -> pd.DataFrame:
    """(country, fiscal_year) pairs with more than one non-supplementary figure, and the figures."""
    rows = budgets[budgets["scope"] != "supplementary"]
    if countries:
        rows = rows[rows["country"].isin(countries)]
    counts = rows.groupby(["country", "fiscal_year"]).size()
    keys = counts[counts > 1].index
    frames = [alternatives(budgets, c, int(y)) for c, y in keys]
    if not frames:
        return alternatives(budgets.iloc[0:0], "", 0)
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["country", "fiscal_year"], ascending=[True, False], kind="stable").reset_index(drop=True)


def latest_figures(budgets: pd.DataFrame, japan_scope: str = DEFAULT_JAPAN_SCOPE) -> pd.DataFrame:
    """Latest fiscal year per country in the scope the comparison charts, with its sources."""
    scopes = comparison_scopes(budgets, (), japan_scope)
    rows = [country_series(budgets, c, s).tail(1) for c, s in scopes.items()]
    if not rows:
        return budgets.iloc[0:0].copy()
    return pd.concat(rows, ignore_index=True)


def rows_with_sources(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add ``publisher``, ``title`` and ``published`` of each row's sources (`` | ``-joined)."""
    indexed = sources.set_index("source_id")
    out = rows.copy()
    for column in ("publisher", "title", "published"):
        def join(cell: object, column: str = column) -> str:
            ids = [i for i in split_ids(cell) if i in indexed.index]
            return " | ".join("" if pd.isna(indexed.at[i, column]) else str(indexed.at[i, column]) for i in ids)

        out[column] = out["source_ids"].map(join)
    return out
