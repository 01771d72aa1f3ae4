"""How current the curated data is."""

from __future__ import annotations

import pandas as pd

__all__ = ["data_as_of"]


def data_as_of(events: pd.DataFrame) -> str:
    """Date of the latest event in ``events`` as YYYY-MM-DD text (``n/a`` when there are none)."""
    dates = events["date"].dropna()
    return dates.max().date().isoformat() if not dates.empty else "n/a"
