"""The Sources page sends one page of sources a run; search and pages keep every source reachable (issue 29)."""

from __future__ import annotations

import pytest

from analysis.data.loader import load_dataset
from analysis.data.provenance import source_usage
from analysis.features import sources_table
from tests.app.conftest import run_page

RAW = ["None", "nan", "NaN", "NaT", "<NA>"]


def test_every_source_is_reachable_page_by_page_with_clean_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NANSEI_DATA_DIR", raising=False)  # the real data: more sources than one page
    everything = source_usage(load_dataset().sources, load_dataset().tables)
    pages = sources_table.page_count(len(everything))
    assert pages > 1
    at = run_page("pages/6_Sources.py", 90)
    seen: list[str] = []
    for page in range(1, pages + 1):
        if page > 1:
            at.number_input(key="sources-page").set_value(page).run()
        assert not at.exception, [e.value for e in at.exception]
        frame = at.dataframe[0].value
        assert len(frame) <= sources_table.PAGE_ROWS
        assert not frame.astype(str).isin(RAW).any().any()
        # The "Rows citing" box offers this page's sources.
        assert at.selectbox(key="source-pick").options == list(frame["source_id"])
        seen += list(frame["source_id"])
    assert seen == list(everything["source_id"])  # every source once, in the table's order
    assert any(f"of {len(everything)}" in c.value for c in at.caption)


def test_search_and_pages_narrow_the_table(fixture_data, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources_table, "PAGE_ROWS", 1)  # the fixture's few sources over several pages
    at = run_page("pages/6_Sources.py")
    first = list(at.dataframe[0].value["source_id"])
    at.number_input(key="sources-page").set_value(2).run()
    second = list(at.dataframe[0].value["source_id"])
    assert sorted(first + second) == ["src-fix-a", "src-fix-b"]  # one a page, both reachable
    at.selectbox(key="source-pick").set_value(second[0]).run()
    assert len(at.dataframe[1].value) > 0  # the rows citing it
    at.text_input(key="sources-search").input("SRC-FIX-A").run()  # case ignored; back to the one page left
    assert not at.exception, [e.value for e in at.exception]
    assert list(at.dataframe[0].value["source_id"]) == ["src-fix-a"]
    assert at.session_state["sources-page"] == 1
    assert any("containing every word of “SRC\\-FIX\\-A”" in c.value for c in at.caption)
    at.text_input(key="sources-search").input("no such words").run()
    assert at.dataframe[0].value.empty and any("No source matches" in c.value for c in at.caption)


def test_search_rule_and_pages() -> None:
    import pandas as pd

    usage = pd.DataFrame({"source_id": ["a", "b", "c"], "publisher": ["MOD Japan", "Xinhua", None],
                          "title": ["Defense white paper 2025", "Statement", "Japan budget"]})
    assert list(sources_table.search_sources(usage, "japan")["source_id"]) == ["a", "c"]
    assert list(sources_table.search_sources(usage, "mod  2025")["source_id"]) == ["a"]
    assert list(sources_table.search_sources(usage, " ")["source_id"]) == ["a", "b", "c"]
    assert sources_table.page_count(0, 2) == 1 and sources_table.page_count(3, 2) == 2
    assert list(sources_table.page_of(usage, 2, 2)["source_id"]) == ["c"]
    with pytest.raises(ValueError, match="got 0"):
        sources_table.page_of(usage, 0)
