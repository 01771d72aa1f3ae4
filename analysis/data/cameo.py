"""CAMEO event codes and the Goldstein scores derived from them.

An event's Goldstein score comes from the *type* of act: its CAMEO ``event_code``
looked up in the published Goldstein table (``data/reference/cameo_goldstein.csv``).
An event may carry a different score only with a written
``goldstein_override_reason``. This module holds that rule once; the loader
applies it and the Data check page lists the overrides.
"""

from __future__ import annotations

import csv
from functools import lru_cache

import pandas as pd

from analysis.data.schemas import CAMEO_EVENT_CODES, CAMEO_GOLDSTEIN
from analysis.settings import DEFAULT_DATA_DIR

# Scores are published with one decimal; compare with a tolerance well below that.
TOLERANCE = 1e-6
OVERRIDE_COLUMNS = ["event_id", "date", "title", "event_code", "code_label", "table_goldstein", "goldstein",
                    "goldstein_override_reason"]


def goldstein_lookup(goldstein_table: pd.DataFrame) -> dict[str, float]:
    """Map CAMEO code (text) -> Goldstein score from the reference table."""
    return dict(zip(goldstein_table["code"].astype(str), goldstein_table["goldstein"].astype(float), strict=True))


@lru_cache(maxsize=1)
def published_scores() -> dict[str, float]:
    """The bundled Goldstein table (code -> score), for importers that score rows by CAMEO code."""
    with open(DEFAULT_DATA_DIR / CAMEO_GOLDSTEIN.filename, encoding="utf-8", newline="") as handle:
        return {row["code"]: float(row["goldstein"]) for row in csv.DictReader(handle)}


def label_lookup(code_table: pd.DataFrame) -> dict[str, str]:
    """Map CAMEO code (text) -> its published label."""
    return dict(zip(code_table["code"].astype(str), code_table["label"].astype(str), strict=True))


def _has_text(series: pd.Series) -> pd.Series:
    return series.notna() & (series.astype("string").str.strip().fillna("") != "")


def goldstein_problems(events: pd.DataFrame, scores: dict[str, float], labels: dict[str, str]) -> list[dict]:
    """Check every event's code and score against the reference tables.

    Returns one dict per problem with keys ``row`` (the events index), ``column``,
    ``value`` and ``rule``. Rules: the code is a published CAMEO code with a
    score; a score that differs from the table has a written reason; a reason is
    given only where the score differs (so the list of overrides stays honest).
    """
    found = []
    reason = _has_text(events["goldstein_override_reason"])
    for line, row in events.iterrows():
        code = row["event_code"]
        if pd.isna(code):
            continue  # reported by the schema (required column)
        code = str(code)
        if code not in labels or code not in scores:
            found.append({"row": line, "column": "event_code", "value": code,
                          "rule": f"unknown CAMEO event code: not in {CAMEO_EVENT_CODES.filename} "
                                  f"and {CAMEO_GOLDSTEIN.filename}"})
            continue
        table = scores[code]
        given = row["goldstein"]
        differs = pd.notna(given) and abs(float(given) - table) > TOLERANCE
        if differs and not reason[line]:
            found.append({"row": line, "column": "goldstein", "value": given,
                          "rule": f"differs from the Goldstein table value {table:+.1f} of CAMEO code {code} "
                                  f"({labels[code]}): use {table:g}, leave it empty, or give "
                                  "goldstein_override_reason"})
        elif reason[line] and not differs:
            found.append({"row": line, "column": "goldstein_override_reason", "value": row["goldstein_override_reason"],
                          "rule": f"a reason is given but goldstein is the table value {table:+.1f} of code {code}: "
                                  "give the overriding score or drop the reason"})
    return found


def with_goldstein(events: pd.DataFrame, scores: dict[str, float]) -> pd.DataFrame:
    """A copy of ``events`` whose empty ``goldstein`` cells hold the table value of their code."""
    out = events.copy()
    derived = out["event_code"].astype("object").map(scores)
    out["goldstein"] = out["goldstein"].fillna(derived).astype("float64")
    return out


def overrides(events: pd.DataFrame, scores: dict[str, float], labels: dict[str, str]) -> pd.DataFrame:
    """Events whose score overrides the Goldstein table, with the table value and the reason."""
    table = events["event_code"].astype("object").map(scores).astype("float64")
    differs = (events["goldstein"] - table).abs() > TOLERANCE
    chosen = events[_has_text(events["goldstein_override_reason"]) & differs]
    out = pd.DataFrame({
        "event_id": chosen["event_id"],
        "date": chosen["date"],
        "title": chosen["title"],
        "event_code": chosen["event_code"],
        "code_label": chosen["event_code"].astype("object").map(labels),
        "table_goldstein": table[chosen.index],
        "goldstein": chosen["goldstein"].astype("float64"),
        "goldstein_override_reason": chosen["goldstein_override_reason"],
    }, columns=OVERRIDE_COLUMNS)
    return out.reset_index(drop=True)


def inconsistent_codes(events: pd.DataFrame) -> pd.DataFrame:
    """Codes used with more than one score among events that give no override reason.

    Returns one row per (code, score) pair of such codes; empty when scoring is consistent.
    """
    plain = events[~_has_text(events["goldstein_override_reason"])]
    counts = plain.groupby("event_code")["goldstein"].nunique()
    bad = counts[counts > 1].index
    part = plain[plain["event_code"].isin(bad)]
    return (part.groupby(["event_code", "goldstein"])["event_id"].apply(lambda ids: ";".join(sorted(ids)))
            .reset_index())


def table_consistency(code_table: pd.DataFrame, goldstein_table: pd.DataFrame) -> list[str]:
    """Codes that have a label but no score, or a score but no label (the two tables must match)."""
    labels, scores = set(code_table["code"].astype(str)), set(goldstein_table["code"].astype(str))
    return sorted(labels ^ scores)


def dataset_overrides(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """:func:`overrides` for a loaded dataset's tables (events and the two CAMEO reference tables)."""
    return overrides(tables["events"], goldstein_lookup(tables["cameo_goldstein"]),
                     label_lookup(tables["cameo_event_codes"]))


__all__ = ["OVERRIDE_COLUMNS", "dataset_overrides", "goldstein_lookup", "goldstein_problems", "inconsistent_codes",
           "label_lookup", "overrides", "published_scores", "table_consistency", "with_goldstein"]
