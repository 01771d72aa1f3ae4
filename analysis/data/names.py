"""``names.csv`` against the map layers (every named feature exists), and the naming setting's values.

How names are shown (which language first, contested pairs) is :mod:`analysis.features.names`.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.problems import problem, problems_frame

__all__ = ["DEFAULT_FIRST", "NAME_FIRST", "geo_name_problems", "unknown_features"]

NAME_FIRST: dict[str, str] = {"en": "English", "ja": "Japanese", "zh": "Chinese"}
"""Which language's name a map puts first (the "Names on the map" setting, ``--names`` on the CLI)."""
DEFAULT_FIRST = "en"


def unknown_features(names: pd.DataFrame, layers: dict[str, pd.Series]) -> list[dict]:
    """Problem rows for ``names.csv`` entries whose ``feature_id`` is not in their ``layer``.

    ``layers`` maps a layer name (``sites``, ``points``, ``lines``) to its ids.
    """
    found = []
    for line, row in names.iterrows():
        ids = layers.get(str(row["layer"]))
        if ids is not None and row["feature_id"] not in set(ids):
            found.append(problem("names.csv", line, "feature_id", row["feature_id"],
                                 f"no feature with this id in the {row['layer']} layer"))
    return found


def geo_name_problems(names: pd.DataFrame, points: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Problem table for ``names.csv`` rows naming a label point or line the map layers do not have."""
    return problems_frame(unknown_features(names, {"points": points["point_id"], "lines": lines["line_id"]}))
