"""Provenance: which curated rows cite which source."""

from __future__ import annotations

import pandas as pd

from analysis.data.ids import split_ids
from analysis.data.schemas import SOURCE_TIERS, TABLES


def source_ids_of(*frames: pd.DataFrame, columns: tuple[str, ...] = ("source_ids",)) -> list[str]:
    """Sorted, de-duplicated source ids cited by the given frames (the one place this is collected)."""
    ids: set[str] = set()
    for frame in frames:
        for column in columns:
            if column in frame.columns:
                for cell in frame[column].dropna():
                    ids.update(split_ids(cell))
    return sorted(ids)


ID_COLUMN = {
    "events": "event_id", "sites": "site_id", "names": "feature_id", "budgets": None, "stats": None,
    "stats_series": "series_id", "fx": None, "gdp": None,
}


def citations(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per (source_id, table, row label) citation across all curated tables."""
    rows = []
    for name, spec in TABLES.items():
        if not spec.cites_sources or name not in tables:
            continue
        frame = tables[name]
        id_col = ID_COLUMN.get(name)
        for line, row in frame.iterrows():
            label = row[id_col] if id_col else _row_label(name, row, line)
            for source_id in split_ids(row["source_ids"]):
                rows.append({"source_id": source_id, "table": name, "row": str(label)})
    return pd.DataFrame(rows, columns=["source_id", "table", "row"])


def _row_label(name: str, row: pd.Series, line: int) -> str:
    if name == "budgets":
        return f"{row['country']} FY{row['fiscal_year']} {row['scope']}"
    if name == "stats":
        return f"{row['series_id']} {row['period']}"
    if name in ("fx", "gdp"):
        key = row.get("currency") if name == "fx" else row.get("country")
        return f"{key} {row['year']}"
    return f"line {line}"


def source_usage(sources: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every source with how many rows of each table cite it (``cited_rows`` = total)."""
    cites = citations(tables)
    counts = cites.pivot_table(index="source_id", columns="table", values="row", aggfunc="count", fill_value=0)
    usage = sources.merge(counts, how="left", left_on="source_id", right_index=True)
    count_cols = list(counts.columns)
    usage[count_cols] = usage[count_cols].fillna(0).astype(int)
    usage["cited_rows"] = usage[count_cols].sum(axis=1) if count_cols else 0
    return usage.sort_values(["cited_rows", "source_id"], ascending=[False, True]).reset_index(drop=True)


def rank_sources(sources: pd.DataFrame, source_ids: list[str],
                 cited: dict[str, int] | None = None) -> pd.DataFrame:
    """Rows of ``sources`` for the given ids, in the order a reader should meet them.

    Primary and official sources first (``tier``: official, wire, major, other, mirror), then the
    publishers cited most, each publisher's items together, newest first. ``cited`` counts the
    citations of each id (default: how often it appears in ``source_ids``).
    """
    counts = cited if cited is not None else pd.Series(source_ids, dtype="object").value_counts().to_dict()
    wanted = list(dict.fromkeys(source_ids))
    rows = sources[sources["source_id"].isin(wanted)].copy()
    if rows.empty:
        return rows.reset_index(drop=True)
    tiers = rows["tier"] if "tier" in rows.columns else pd.Series("other", index=rows.index)
    rows["_tier"] = tiers.map({t: i for i, t in enumerate(SOURCE_TIERS)}).fillna(SOURCE_TIERS.index("other"))
    rows["_cites"] = rows["source_id"].map(lambda i: counts.get(i, 0) or 1)
    rows["_publisher"] = rows.groupby("publisher")["_cites"].transform("sum")
    rows["_date"] = rows["published"].astype("string").fillna("")
    ordered = rows.sort_values(["_tier", "_publisher", "publisher", "_date", "source_id"],
                               ascending=[True, False, True, False, True])
    return ordered.drop(columns=["_tier", "_cites", "_publisher", "_date"]).reset_index(drop=True)


def short_citation(sources: pd.DataFrame, source_ids: list[str]) -> str:
    """Short form for footers, official and most-cited first: ``Publisher (date); Publisher (3 items, …)``."""
    ranked = rank_sources(sources, source_ids)
    parts = []
    for publisher, items in ranked.groupby("publisher", sort=False):
        dates = sorted(str(d) for d in items["published"] if pd.notna(d) and str(d))
        if len(items) == 1:
            parts.append(f"{publisher} ({dates[0] if dates else 'n.d.'})")
        else:
            span = f", {dates[0]} to {dates[-1]}" if dates and dates[0] != dates[-1] else (
                f", {dates[0]}" if dates else "")
            parts.append(f"{publisher} ({len(items)} items{span})")
    return "; ".join(parts)
