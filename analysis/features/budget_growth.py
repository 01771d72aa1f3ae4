"""Budget growth over a chosen span (e.g. FY2022 -> FY2026), stated rather than read off two bars.

Only figures in the file are used: a span whose first or last year has no row, or that crosses a
definition change (:data:`analysis.features.budgets.SERIES_BREAKS`), gives no number and says why.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.countries import country_name
from analysis.features import budgets as bd

GROWTH_COLUMNS = [
    "country", "scope", "from", "to", "start_bn", "end_bn", "currency", "change_bn", "change_pct",
    "per_year_pct", "note",
]


def span_years(budgets: pd.DataFrame, countries: tuple[str, ...] = ()) -> list[int]:
    """Every budget year with a figure in the compared scopes (the choices for a span)."""
    scopes = bd.comparison_scopes(budgets, countries)
    years: set[int] = set()
    for country, scope in scopes.items():
        years.update(int(y) for y in bd.country_series(budgets, country, scope)["fiscal_year"])
    return sorted(years)


def growth_over(series: pd.DataFrame, start: int, end: int) -> dict[str, object]:
    """Change of one country's series (one scope) from ``start`` to ``end``.

    Returns
    -------
    dict
        ``start_bn``, ``end_bn``, ``change_bn``, ``change_pct`` and ``per_year_pct`` (compound
        average), all NaN with a ``note`` when a year is missing or a definition changes in between.
    """
    if start >= end:
        raise ValueError(f"start must be before end, got start={start!r}, end={end!r}")
    by_year = dict(zip(series["fiscal_year"].astype(int), series["amount_bn"], strict=True))
    out: dict[str, object] = {"start_bn": by_year.get(start, float("nan")), "end_bn": by_year.get(end, float("nan")),
                              "change_bn": float("nan"), "change_pct": float("nan"), "per_year_pct": float("nan"),
                              "note": ""}
    country = str(series["country"].iloc[0]) if not series.empty else ""
    missing = [bd.year_label(country, y) for y in (start, end) if y not in by_year]
    breaks = [why for (c, year), why in bd.SERIES_BREAKS.items() if c == country and start < year <= end]
    if missing:
        out["note"] = "no figure for " + " and ".join(missing)
    elif breaks:
        out["note"] = "not comparable: " + "; ".join(breaks)
    else:
        first, last = float(by_year[start]), float(by_year[end])
        out["change_bn"] = last - first
        out["change_pct"] = (last / first - 1) * 100
        out["per_year_pct"] = ((last / first) ** (1 / (end - start)) - 1) * 100
    return out


def growth_table(budgets: pd.DataFrame, start: int, end: int, countries: tuple[str, ...] = (),
                 japan_scope: str = bd.DEFAULT_JAPAN_SCOPE) -> pd.DataFrame:
    """Growth from ``start`` to ``end`` per country, in local currency, in the compared scopes."""
    rows = []
    for country, scope in bd.comparison_scopes(budgets, countries, japan_scope).items():
        series = bd.country_series(budgets, country, scope)
        if series.empty:
            continue
        growth = growth_over(series, start, end)
        rows.append({"country": country_name(country), "scope": bd.SCOPE_LABELS[scope],
                     "from": bd.year_label(country, start), "to": bd.year_label(country, end),
                     "currency": series["currency"].iloc[-1], **growth})
    return pd.DataFrame(rows, columns=GROWTH_COLUMNS)


def growth_sentence(table: pd.DataFrame, country: str = "Japan") -> str:
    """One line for ``country`` from :func:`growth_table`, e.g. ``Japan FY2022 → FY2026: +56.6% …``."""
    rows = table[table["country"] == country]
    if rows.empty:
        return f"No budget rows for {country}."
    row = rows.iloc[0]
    head = f"{country} {row['from']} → {row['to']} ({row['scope']})"
    if pd.isna(row["change_pct"]):
        return f"{head}: {row['note']}."
    return (f"{head}: {row['start_bn']:,.1f} → {row['end_bn']:,.1f} bn {row['currency']}, "
            f"{row['change_pct']:+.1f}% ({row['change_bn']:+,.1f} bn), {row['per_year_pct']:+.1f}% a year on average.")
