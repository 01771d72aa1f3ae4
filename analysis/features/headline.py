"""The Overview's headline: counts and latest budget cards that follow the sidebar's country filter.

Budget cards state the local figure with a comparable one beside it: the change on the previous
year (always comparable across currencies) and US dollars at the annual-average rate of
``fx.csv`` for that year. A missing rate or previous year is said, never filled in.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.countries import COUNTRY_NAMES, country_name
from analysis.data.filters import EventFilter, filter_by_country
from analysis.data.provenance import source_ids_of
from analysis.features import budgets as bd

CARD_COLUMNS = [
    "country", "name", "year_label", "local_text", "change_pct", "change_text", "usd_bn", "usd_text",
    "scope_label", "source_ids",
]


def _order(countries: list[str]) -> list[str]:
    rank = {code: i for i, code in enumerate(COUNTRY_NAMES)}
    return sorted(countries, key=lambda c: (rank.get(c, len(rank)), c))


def _change(series: pd.DataFrame, country: str) -> tuple[float, str]:
    grown = bd.yoy_growth(series)
    last = grown.iloc[-1]
    year = int(last["fiscal_year"])
    previous = bd.year_label(country, year - 1)
    if pd.notna(last["growth_pct"]):
        return float(last["growth_pct"]), f"{last['growth_pct']:+.1f}% on {previous}"
    if (country, year) in bd.SERIES_BREAKS:
        return float("nan"), f"not comparable with {previous} (definition changed)"
    return float("nan"), f"no {previous} figure to compare"


def _usd(row: pd.Series) -> tuple[float, str]:
    if row["currency"] == "USD":
        return float(row["amount_bn"]), "already in US dollars"
    if pd.isna(row["per_usd"]):
        return float("nan"), f"no {row['currency']}/USD exchange rate for {int(row['fiscal_year'])} in the data yet"
    return float(row["usd_bn"]), (
        f"≈ {row['usd_bn']:,.1f} bn USD at {row['per_usd']:,.2f} {row['currency']}/USD "
        f"({int(row['fiscal_year'])} average)"
    )


def budget_cards(budgets: pd.DataFrame, fx: pd.DataFrame, countries: tuple[str, ...] = ()) -> pd.DataFrame:
    """Latest budget per country (the Budgets page's rule), with % change and USD beside the local figure.

    Parameters
    ----------
    budgets, fx : pandas.DataFrame
        The curated ``budgets`` and ``fx`` tables.
    countries : tuple of str
        ISO3 codes from the sidebar; empty = every country with budget rows.
    """
    scopes = bd.comparison_scopes(budgets, (), bd.DEFAULT_JAPAN_SCOPE)
    rows = []
    for country in _order([c for c in scopes if not countries or c in countries]):
        series = bd.country_series(budgets, country, scopes[country])
        if series.empty:
            continue
        latest = bd.to_usd(series.tail(1), fx).iloc[0]
        change_pct, change_text = _change(series, country)
        usd_bn, usd_text = _usd(latest)
        rows.append({
            "country": country,
            "name": country_name(country),
            "year_label": bd.year_label(country, int(latest["fiscal_year"])),
            "local_text": f"{latest['amount_bn']:,.0f} bn {latest['currency']}",
            "change_pct": change_pct,
            "change_text": change_text,
            "usd_bn": usd_bn,
            "usd_text": usd_text,
            "scope_label": bd.SCOPE_LABELS[scopes[country]],
            "source_ids": latest["source_ids"],
        })
    return pd.DataFrame(rows, columns=CARD_COLUMNS)


def headline_counts(sites: pd.DataFrame, budgets: pd.DataFrame, events: pd.DataFrame,
                    selection: EventFilter) -> dict[str, int]:
    """Sites and sources under the country filter (events are already filtered).

    Sites count when their operator is a selected country; sources when a filtered event, a counted
    site or a budget row of a selected country cites them.
    """
    shown_sites = filter_by_country(sites, selection.countries, "operator")
    shown_budgets = filter_by_country(budgets, selection.countries)
    return {
        "events": len(events),
        "sites": len(shown_sites),
        "sources": len(source_ids_of(events, shown_sites, shown_budgets)),
    }


HOW_TO_READ = """\
- **An event** is one dated thing that happened — a statement, a ship in the contiguous zone, an exercise,
  a sanction — written up by the curators from at least one cited source (title, summary, countries
  involved, category). Counts show what the table holds, not everything that happened.
- **Goldstein score**: where the *kind* of act sits on the conflict–cooperation scale GDELT uses, from −10
  (most conflictual, e.g. an attack) to +10 (most cooperative). It is the published value of the event's
  CAMEO code, not a curator's rating of the event; a different score needs a written reason (Data check).
- **Where the data comes from**: the curated tables in `data/` (official, news and research sources, each
  listed on the Sources page); imported ACLED/GDELT rows only when "Show imported events" is on.
- **Sharing a view**: the sidebar's filters are kept in the address bar on every page — copy the URL and
  the recipient sees the same countries, dates and categories. With several countries, "any selected"
  shows events involving any of them, "all selected" only events involving every one.
"""


BUDGET_TABLE_COLUMNS: tuple[str, ...] = ("Budget", "Amount", "Change", "In USD", "Scope", "Sources")


def budget_table(cards: pd.DataFrame) -> pd.DataFrame:
    """The :func:`budget_cards` as one readable table, a row per country (the Overview draws it as one element).

    Columns: ``Budget`` (country and budget year), ``Amount`` (local currency), ``Change`` (on the previous
    budget year, or why there is none), ``In USD``, ``Scope`` and ``Sources`` (source ids).
    """
    return pd.DataFrame({
        "Budget": cards["name"] + " " + cards["year_label"],
        "Amount": cards["local_text"],
        "Change": cards["change_text"],
        "In USD": cards["usd_text"],
        "Scope": cards["scope_label"],
        "Sources": cards["source_ids"].astype(str).str.replace(";", "; ", regex=False),
    }, columns=list(BUDGET_TABLE_COLUMNS)).reset_index(drop=True)
