"""The Briefing page: pick charts, title, marking and format, build, download."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pptx import Presentation
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from analysis.catalog import chart_registry
from tests.app.conftest import set_dates
from tests.conftest import FIXTURE_DATA, REPO
from ui.downloads import menu_key

PAGE = str(REPO / "pages" / "5_Briefing.py")


@pytest.fixture
def at(monkeypatch) -> AppTest:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(FIXTURE_DATA))
    page = AppTest.from_file(PAGE, default_timeout=180)
    return page.run()


def build_button(at: AppTest):
    return next(b for b in at.button if b.label == "Build deck")


def test_page_offers_every_registered_chart(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Briefing"
    picker = at.multiselect(key="briefing-charts")
    assert picker.options == [spec.title for spec in chart_registry().values()]  # no chart ids
    assert "top-events" in picker.value and "events-per-year" in picker.value
    assert not build_button(at).disabled
    assert "briefing-result" not in at.session_state


def test_build_a_pptx_deck_under_the_current_filters(at: AppTest) -> None:
    at.multiselect(key="countries").set_value(["JPN"])
    at.multiselect(key="briefing-charts").set_value(["top-events", "events-per-year"])
    at.text_input(key="briefing-title").set_value("Morning brief")
    at.text_input(key="briefing-marking").set_value("UNCLASSIFIED – FOR TRAINING")
    build_button(at).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    result = at.session_state["briefing-result"]
    assert result["fmt"] == "pptx" and result["file_name"].endswith(".pptx")
    slides = list(Presentation(io.BytesIO(result["bytes"])).slides)
    assert len(slides) == 4
    cover = "\n".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert "Morning brief" in cover and "countries: JPN" in cover and "UNCLASSIFIED – FOR TRAINING" in cover
    second = "\n".join(s.text_frame.text for s in slides[1].shapes if s.has_text_frame)
    assert "Most severe events" in second, "slides follow the chosen order"
    assert any(b.label == "Download PPTX deck" for b in at.get("download_button"))
    assert at.get("status")[0].label.startswith("Deck ready")
    assert any("2 charts" in c.value for c in at.caption)


def test_build_a_pdf_deck(at: AppTest) -> None:
    at.multiselect(key="briefing-charts").set_value(["events-per-year"])
    at.radio(key="briefing-format").set_value("pdf")
    build_button(at).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    result = at.session_state["briefing-result"]
    assert result["fmt"] == "pdf"
    assert len(PdfReader(io.BytesIO(result["bytes"])).pages) == 4  # title, chart, sources, appendix


def test_no_charts_chosen_warns_and_builds_nothing(at: AppTest) -> None:
    at.multiselect(key="briefing-charts").set_value([])
    build_button(at).click()
    at.run()
    assert any("at least one chart" in w.value for w in at.warning)
    assert "briefing-result" not in at.session_state


def test_without_a_browser_the_build_is_disabled_with_the_reason(monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(FIXTURE_DATA))
    monkeypatch.setenv("NANSEI_CHROMIUM", "/nonexistent/chromium")
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert build_button(at).disabled
    assert any("needs Chromium" in e.value for e in at.error)


# --- download buttons under charts and tables (ui.downloads), seen on other pages --------------


def labels(at: AppTest) -> list[str]:
    return [b.label for b in at.get("download_button")]


def open_menu(at: AppTest, name: str) -> AppTest:
    """Open a chart's "Download chart" popover (its buttons are made only while it is open) and rerun."""
    at.session_state[menu_key(name)] = True
    return at.run()


def test_chart_and_table_download_buttons(monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(FIXTURE_DATA))
    overview = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert labels(overview) == []  # closed: no button made, no footer built
    assert labels(open_menu(overview, "events-per-year")) == ["PNG (16:9, 2x)", "SVG", "PDF", "HTML (interactive)"]
    assert not overview.exception
    events = AppTest.from_file(str(REPO / "pages" / "4_Events.py"), default_timeout=60).run()
    assert labels(events) == ["Table (CSV)", "Table (XLSX)"]


def test_without_a_browser_charts_keep_html_and_say_why(monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(FIXTURE_DATA))
    monkeypatch.setenv("NANSEI_CHROMIUM", "/nonexistent/chromium")
    overview = open_menu(AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run(), "events-per-year")
    assert not overview.exception
    assert labels(overview) == ["HTML (interactive)"]
    assert any("needs Chromium" in c.value and "HTML" in c.value for c in overview.caption)


def test_a_one_year_view_gets_no_per_year_slide(at: AppTest) -> None:
    set_dates(at, dt.date(2025, 6, 1), dt.date(2026, 5, 31)).run()
    assert not at.exception, [e.value for e in at.exception]
    picked = at.multiselect(key="briefing-charts").value
    assert "events-per-year" not in picked and "top-events" in picked


def test_default_deck_follows_the_date_range() -> None:
    from analysis.data.filters import EventFilter
    from analysis.export.briefing import DEFAULT_CHARTS, default_charts

    assert default_charts(EventFilter()) == list(DEFAULT_CHARTS)
    assert "events-per-year" not in default_charts(EventFilter(start=dt.date(2025, 6, 1), end=dt.date(2026, 5, 31)))
    assert "events-per-year" in default_charts(EventFilter(start=dt.date(2015, 1, 1), end=dt.date(2026, 5, 31)))


def test_no_widget_warning_when_the_default_follows_the_view(at: AppTest) -> None:
    set_dates(at, dt.date(2025, 6, 1), dt.date(2026, 5, 31)).run()
    assert not [w for w in at.warning if "Session State" in w.value]
