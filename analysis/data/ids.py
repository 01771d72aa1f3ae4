"""Identifier lists: the ``;``-separated cells (``source_ids``, ``responds_to``, ``actors``)."""

from __future__ import annotations

import pandas as pd


def split_ids(cell: object) -> list[str]:
    """Split a ``;`` list cell into its identifiers (empty cell -> empty list)."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    return [part.strip() for part in str(cell).split(";") if part.strip()]
