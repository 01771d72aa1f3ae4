""""What happened": CAMEO event codes as plain-language acts an analyst can pick, with their score.

The codes, their published labels and Goldstein scores come from the two reference
tables (``data/reference/cameo_event_codes.csv``, ``cameo_goldstein.csv``); nothing
here adds a code or a score. The list is narrowed to the kinds of act the curated
table already files under a category (the CAMEO root codes its events use), most
used first, so "Maritime grey zone" offers coast-guard patrols and coercion before
appeals for aid; the full list is always one switch away.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.cameo import goldstein_lookup, label_lookup

NOT_SPECIFIED = ", not specified below"


def plain_act(label: str) -> str:
    """A published CAMEO label as a plain phrase: ``"APPEAL"`` -> ``"Appeal"``, no "not specified below"."""
    text = str(label).replace(NOT_SPECIFIED, "").strip()
    return text.capitalize() if text.isupper() else text


def act_table(code_table: pd.DataFrame, goldstein_table: pd.DataFrame) -> pd.DataFrame:
    """Every code with a label and a score: ``code, act, goldstein, root``, in code order."""
    labels, scores = label_lookup(code_table), goldstein_lookup(goldstein_table)
    rows = [{"code": code, "act": plain_act(label), "goldstein": scores[code], "root": code[:2]}
            for code, label in labels.items() if code in scores]
    return pd.DataFrame(rows, columns=["code", "act", "goldstein", "root"]).sort_values("code", ignore_index=True)


def act_labels(acts: pd.DataFrame) -> dict[str, str]:
    """Code -> ``"Make pessimistic comment · CAMEO 012 · Goldstein −0.4"`` for every act."""
    return {code: f"{act} · CAMEO {code} · Goldstein {score:+.1f}".replace("-", "−")
            for code, act, score in zip(acts["code"], acts["act"], acts["goldstein"], strict=True)}


def act_label(code: str, acts: pd.DataFrame) -> str:
    """The picker's text for one code (:func:`act_labels`); says so when the code is not in the tables."""
    match = acts[acts["code"] == code]
    return act_labels(match)[code] if not match.empty else f"CAMEO {code} (not in the reference table)"


def codes_for_category(acts: pd.DataFrame, events: pd.DataFrame, category: str | None) -> list[str]:
    """Codes to offer for ``category``: those of the CAMEO roots its curated events use, most used first.

    All codes when no category is chosen or the curated table has no event in it yet.
    """
    if not category or events.empty:
        return list(acts["code"])
    used = events.loc[events["category"] == category, "event_code"].dropna().astype(str).str[:2]
    if used.empty:
        return list(acts["code"])
    rank = {root: i for i, root in enumerate(used.value_counts().index)}
    chosen = acts[acts["root"].isin(rank)]
    return list(chosen.assign(rank=chosen["root"].map(rank)).sort_values(["rank", "code"])["code"])


def score_of(code: object, acts: pd.DataFrame) -> float | None:
    """The published Goldstein score of ``code`` (None if the code is not in the tables)."""
    match = acts.loc[acts["code"] == str(code), "goldstein"]
    return float(match.iloc[0]) if not match.empty else None
