"""Source citations a person reads: one lookup, the same text as cell by cell."""

from __future__ import annotations

import pandas as pd

from analysis.features.readable import citation_lookup, source_citations

SOURCES = pd.DataFrame({
    "source_id": ["src-a", "src-b"],
    "publisher": ["Kyodo", "MOD Japan"],
    "title": ["Drills widen", "Budget request"],
    "published": [pd.Timestamp("2026-01-16"), None],
})


def test_lookup_names_publisher_title_and_plain_date() -> None:
    assert citation_lookup(SOURCES) == {
        "src-a": "Kyodo, “Drills widen” (2026-01-16)",
        "src-b": "MOD Japan, “Budget request” (n.d.)",
    }


def test_table_and_lookup_give_the_same_citations_and_keep_unknown_ids() -> None:
    cell = "src-b;src-x;src-a"
    expected = ["MOD Japan, “Budget request” (n.d.)", "src-x", "Kyodo, “Drills widen” (2026-01-16)"]
    assert source_citations(cell, SOURCES) == expected
    assert source_citations(cell, citation_lookup(SOURCES)) == expected
    assert source_citations(cell, SOURCES.set_index("source_id")) == expected
