"""On-screen tables show what a person reads: plain dates, labels, names, no None, sensible rounding."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from analysis.features.readable import display_table


def test_display_table_cleans_every_kind_of_raw_value() -> None:
    raw = pd.DataFrame({
        "date": pd.to_datetime(["2026-05-31", None]),
        "published": [dt.date(2026, 5, 1), None],
        "category": ["defence_industry", None],
        "region": ["east_china_sea", "senkaku"],
        "actors": ["JPN;PHL", None],
        "usd_bn": [106.2352, np.nan],
        "gdp_share_pct": [1.23456, 0.98765],
        "goldstein": [-7.2, 3.4],
        "fiscal_year": [2026, 2025],
        "notes": [None, "text"],
        "source_ids": ["src-a;src-b", "src-a"],
    })
    sources = pd.DataFrame({"source_id": ["src-a", "src-b"], "publisher": ["Kyodo", "Ministry of Defense"]})
    shown = display_table(raw, sources)
    assert shown["date"].tolist() == ["2026-05-31", ""]
    assert shown["published"].tolist() == ["2026-05-01", ""]
    assert shown["category"].tolist() == ["Defence industry", ""]
    assert shown["region"].tolist() == ["East China Sea", "Senkaku Islands"]
    assert shown["actors"].tolist() == ["Japan, Philippines", ""]
    assert shown["usd_bn"].tolist() == ["106.2", ""]
    assert shown["gdp_share_pct"].tolist() == [1.23, 0.99]
    assert shown["fiscal_year"].tolist() == [2026, 2025]
    assert shown["notes"].tolist() == ["", "text"]
    assert shown["source_ids"].tolist() == ["Kyodo; Ministry of Defense", "Kyodo"]
    text = shown.astype(str).to_string()
    assert "00:00:00" not in text and "None" not in text and "nan" not in text and "_" not in text.split("\n", 1)[1]
