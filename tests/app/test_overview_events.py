"""Overview headline follows the filter and explains itself; Events search; Budgets growth over a span."""

from __future__ import annotations

import json

from tests.app.conftest import run_page


def metric_value(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def budget_rows(at) -> dict[str, dict[str, str]]:
    """The Overview's latest-budget table (one st.table since issue 29), by its Budget column."""
    table = at.table[0].value
    return {row["Budget"]: row for row in table.to_dict("records")}


def test_overview_counts_and_budget_cards_follow_the_country_filter(fixture_data) -> None:
    at = run_page("app.py")
    assert metric_value(at, "Sites on the map") == "2"
    assert set(budget_rows(at)) >= {"Japan FY2025", "China 2025"}
    at = run_page("app.py", countries="CHN")
    assert not at.exception
    assert metric_value(at, "Sites on the map") == "0"
    budgets = budget_rows(at)
    assert "China 2025" in budgets and "Japan FY2025" not in budgets
    china = budgets["China 2025"]
    assert china["Amount"] == "55 bn CNY"
    assert china["In USD"] == "≈ 11.0 bn USD at 5.00 CNY/USD (2025 average)"
    assert china["Change"].startswith(("+", "-", "−", "no ")) and china["Scope"]
    assert any("Sources — China 2025: src" in c.value for c in at.caption)  # ids under the table, escaped


def test_overview_says_how_to_read_it(fixture_data) -> None:
    at = run_page("app.py")
    how = next(e for e in at.expander if e.label == "How to read this")
    text = " ".join(m.value for m in how.markdown)
    assert "Goldstein" in text and "Sharing a view" in text


def test_events_search_filters_the_table(fixture_data) -> None:
    at = run_page("pages/4_Events.py")
    at.text_input(key="events-search").input("united states").run()
    assert list(at.dataframe[0].value["event_id"]) == ["fx-4"]
    assert any("1 of them contain every word of the search" in c.value for c in at.caption)
    at.text_input(key="events-search").input("").run()
    assert len(at.dataframe[0].value) == 5


def test_budgets_state_growth_over_the_chosen_span(fixture_data) -> None:
    at = run_page("pages/3_Budgets.py")
    assert not at.exception
    assert at.select_slider(key="budget-span").value == (2024, 2025)
    text = " ".join(m.value for m in at.markdown)
    assert "Japan FY2024 → FY2025" in text and "+10.0%" in text, text


def test_overview_says_how_old_the_data_is(fixture_data) -> None:
    # Was a browser test (tests/browser/test_staleness_browser.py); every assertion is on what the page sends.
    at = run_page("app.py")
    alert = next(w.value for w in at.warning if "newest curated event is dated 2026-01-15" in w.value)
    assert "days ago" in alert and "Curate and Ingest pages" in alert and "analysis.cli" not in alert
    assert any(m.label == "Newest curated event" and m.value == "2026-01-15" for m in at.metric)
    layout = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    assert [a["text"] for a in layout["annotations"] if "no curated data after" in a.get("text", "")] == [
        "no curated data after 2026-01-15"]
