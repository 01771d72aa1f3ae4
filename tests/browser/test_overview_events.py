"""Overview and Events as an analyst uses them (issue 15, findings 3 and 18).

The Overview follows the country filter with cards whose text is not cut off; the Events page has a
search that filters, and its downloads say what they hold.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analysis.data.filters import EventFilter, filter_by_country, filter_events
from analysis.data.loader import load_dataset
from analysis.features.events_table import search_events
from analysis.features.headline import budget_cards
from tests.browser.conftest import WAIT_MS, GuardedPage, wait_until_idle
from tests.browser.test_downloads import download

pytestmark = pytest.mark.browser

# Text of metric labels, values and deltas whose box is narrower than its content (cut off with "…").
METRIC_TEXT = ('[data-testid="stMainBlockContainer"] [data-testid="stMetric"] '
               ':is([data-testid="stMetricLabel"], [data-testid="stMetricValue"], [data-testid="stMetricDelta"])')
BUDGET_ROWS = '[data-testid="stMainBlockContainer"] [data-testid="stTable"] tbody tr'
BUDGET_CELLS = '[data-testid="stMainBlockContainer"] [data-testid="stTable"] :is(td, th)'
CLIPPED_TEXT = """sel => [...document.querySelectorAll(sel)]
  .flatMap(e => [e, ...e.querySelectorAll('*')])
  .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent.trim())"""


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]', has=page.locator('[data-testid="stMetricLabel"]',
                                                                    has_text=label)).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


@pytest.mark.parametrize("viewport", [{"width": 1440, "height": 900}, {"width": 390, "height": 844}])
def test_overview_follows_the_country_filter_and_cuts_no_label(guarded: GuardedPage, viewport) -> None:
    page = guarded.page
    page.set_viewport_size(viewport)
    data = load_dataset()
    guarded.open("", "countries=CHN")
    sites = len(filter_by_country(data.sites, ("CHN",), "operator"))
    assert metric(page, "Sites on the map") == str(sites)
    assert metric(page, "Events (filtered)") == str(len(filter_events(data.events, EventFilter(("CHN",)))))
    # The latest budgets (one table since issue 29) come after the counts: wait for China's row first.
    page.locator(BUDGET_ROWS, has_text="China").first.wait_for(timeout=WAIT_MS)
    rows = [t.strip() for t in page.locator(BUDGET_ROWS).all_inner_texts()]
    assert rows and all(t.startswith("China") for t in rows), rows
    assert "% on" in rows[0] and ("bn USD at" in rows[0] or "rate for" in rows[0]), rows
    assert page.evaluate(CLIPPED_TEXT, METRIC_TEXT) == []
    assert page.evaluate(CLIPPED_TEXT, BUDGET_CELLS) == []
    # Every country again: a row for each, none cut off at this width either.
    guarded.open("")
    page.locator(BUDGET_ROWS, has_text="Japan").first.wait_for(timeout=WAIT_MS)
    assert len(page.locator(BUDGET_ROWS).all_inner_texts()) == len(budget_cards(data.budgets, data.fx))
    assert page.evaluate(CLIPPED_TEXT, METRIC_TEXT) == []
    assert page.evaluate(CLIPPED_TEXT, BUDGET_CELLS) == []
    assert metric(page, "Sites on the map") == str(len(data.sites))


def test_events_search_filters_and_downloads_say_what_they_hold(guarded: GuardedPage, tmp_path: Path) -> None:
    page = guarded.page
    data = load_dataset()
    selection = EventFilter(("JPN",), dt.date(2015, 1, 1), None)
    expected = search_events(filter_events(data.events, selection), "yonaguni")
    assert 3 <= len(expected) < len(filter_events(data.events, selection))
    guarded.open("Events", "countries=JPN&dates=2015-01-01")
    box = page.get_by_label("Search the events", exact=True)
    box.wait_for(state="visible", timeout=30_000)  # shown on the page, not hidden in a toolbar
    box.fill("yonaguni")
    box.press("Enter")
    page.get_by_text(f"{len(expected)} of them contain every word of the search").wait_for(timeout=30_000)
    wait_until_idle(page)
    # More than ~10 rows show: the table is tall enough for 20 rows when there are that many.
    frame = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    assert frame["height"] >= 38 + 35 * min(len(expected), 20) - 2
    raw = download(page, "Table (CSV)", tmp_path).read_bytes().decode("utf-8-sig")
    lines = raw.split("\r\n")
    comments = [line for line in lines if line.startswith("# ")]
    assert "# search: yonaguni" in comments
    assert any(line.startswith("# data as of: 20") for line in comments)
    assert any(line.startswith("# filters: countries: JPN; dates: 2015-01-01 to ") for line in comments)
    rows = list(csv.DictReader(io.StringIO("\r\n".join(lines[len(comments):]))))
    assert sorted(r["event_id"] for r in rows) == sorted(expected["event_id"])
    assert all(r["sources"] for r in rows) and any(r["source_urls"].startswith("http") for r in rows)
    book = load_workbook(io.BytesIO(download(page, "Table (XLSX)", tmp_path).read_bytes()))
    sheet = book["data"]
    assert sheet.freeze_panes == "A2" and sheet.max_row == len(expected) + 1
    assert sheet.cell(row=2, column=1).is_date
    about = dict(book["about"].iter_rows(min_row=2, values_only=True))
    assert about["search"] == "yonaguni" and about["filters"].startswith("countries: JPN")
