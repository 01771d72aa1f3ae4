"""A person clicks download buttons in chromium and gets the right files, all offline."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import expect
from pptx import Presentation

from tests.browser.conftest import WAIT_MS, GuardedPage, rerun

DOWNLOAD_LABEL = "Download chart"  # ui.downloads.DOWNLOAD_LABEL (importing ui here would install its hooks)

pytestmark = pytest.mark.browser


def download(page, label: str, tmp_path: Path, timeout_ms: int = WAIT_MS) -> Path:
    """Click the download button labelled ``label``; return the saved file.

    A chart's buttons are in its "Download chart" popover (ui.downloads): open the first one if needed.
    """
    button = page.locator('[data-testid="stDownloadButton"]', has_text=label).first
    menu = page.locator('[data-testid="stPopoverButton"]', has_text=DOWNLOAD_LABEL).first
    # Real state, not a snapshot: wait until the button itself or a chart's menu holding it is drawn.
    button.or_(menu).first.wait_for(timeout=timeout_ms)
    if not button.is_visible():
        menu.scroll_into_view_if_needed()
        menu.click()
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=timeout_ms) as info:
        button.locator("button").click()
    got = info.value
    assert got.failure() is None, got.failure()
    target = tmp_path / got.suggested_filename
    got.save_as(target)
    return target


def test_events_table_csv_and_xlsx(guarded: GuardedPage, tmp_path: Path) -> None:
    guarded.open("Events")
    csv_file = download(guarded.page, "Table (CSV)", tmp_path)
    assert csv_file.name == "events.csv"
    raw = csv_file.read_bytes()
    # The about lines (data date, filters, search) come first, then the table (issue 15, finding 18).
    assert raw.startswith(b"\xef\xbb\xbf# table: Nansei Watch curated events\r\n")
    assert b"\r\ndate,title,category" in raw
    assert raw.count(b"\r\n") >= 100, "one line per curated event"
    xlsx_file = download(guarded.page, "Table (XLSX)", tmp_path)
    sheet = load_workbook(io.BytesIO(xlsx_file.read_bytes())).active
    assert sheet.cell(row=1, column=1).value == "date" and sheet.max_row >= 100
    # The download did not rerun the page (on_click="ignore"): no exception, still one table.
    assert guarded.page.locator('[data-testid="stException"]').count() == 0


def test_overview_chart_png_and_offline_html(guarded: GuardedPage, tmp_path: Path) -> None:
    guarded.open("")
    png = download(guarded.page, "PNG (16:9, 2x)", tmp_path)
    assert png.name == "events-per-year.png"
    with Image.open(png) as image:
        assert image.size == (3200, 1800)
    html = download(guarded.page, "HTML (interactive)", tmp_path)
    text = html.read_text(encoding="utf-8")
    assert "Data as of" in text and "Sources:" in text and "<script src" not in text
    # Open the saved file with no server at all: it must draw and ask for nothing. The app's session ends
    # first (its requests checked); then the file is the one allowed address, and the fixture's leave()
    # fails the test if the file asked for anything else.
    guarded.leave()
    guarded.reuse(html.as_uri())
    guarded.page.goto(html.as_uri())
    guarded.page.wait_for_selector(".plotly .main-svg", timeout=WAIT_MS)
    assert guarded.page.locator(".nansei-footer", has_text="Data as of").is_visible()


def test_briefing_page_builds_and_downloads_a_deck(guarded: GuardedPage, tmp_path: Path) -> None:
    page = guarded.page
    guarded.open("Briefing")
    page.get_by_label("Handling marking (printed on every slide)").fill("UNCLASSIFIED – FOR TRAINING")
    with rerun(page, timeout_ms=2 * WAIT_MS):
        page.get_by_role("button", name="Build deck").click()
    expect(page.locator('[data-testid="stDownloadButton"]', has_text="Download PPTX deck")).to_be_visible()
    deck = download(page, "Download PPTX deck", tmp_path)
    assert deck.suffix == ".pptx"
    slides = list(Presentation(str(deck)).slides)
    assert len(slides) >= 3
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert all("UNCLASSIFIED – FOR TRAINING" in t for t in texts)
    assert "Sources cited" in texts[-1]
