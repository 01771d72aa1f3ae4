"""The chart registry and the briefing deck (PPTX and PDF), opened and read back."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

from analysis.charts.registry import FEATURE_MODULES, build_chart, chart_registry, top_events
from analysis.charts.spec import ChartResult
from analysis.data.filters import EventFilter
from analysis.data.loader import DEFAULT_DATA_DIR, load_dataset
from analysis.export import formats as export
from analysis.export.briefing import SOURCES_PER_SLIDE, build_deck

MARKING = "UNCLASSIFIED – FOR TRAINING"
CHARTS = ["events-per-year", "top-events"]


@pytest.fixture(scope="module", autouse=True)
def _close_export_browser():
    yield
    export.stop_warm_browser()


@pytest.fixture(scope="module")
def data():
    return load_dataset(Path(__file__).resolve().parents[2] / "fixtures" / "data", today=dt.date(2026, 11, 25))


# --- registry ---------------------------------------------------------------------------------


@pytest.mark.parametrize("module", FEATURE_MODULES, ids=lambda m: m.__name__)
def test_every_feature_module_has_its_charts_registered(module) -> None:
    theirs = set(module.named_charts())
    assert theirs, f"{module.__name__}.named_charts() is empty"
    assert theirs <= set(chart_registry()), f"not registered: {sorted(theirs - set(chart_registry()))}"


def test_registry_has_the_top_events_table_and_rejects_unknown_names(data) -> None:
    assert "top-events" in chart_registry()
    with pytest.raises(ValueError, match="'no-such-chart'"):
        build_chart("no-such-chart", data, EventFilter())


def test_top_events_are_most_severe_then_most_recent(data) -> None:
    top = top_events(data.events, 3)
    assert top["goldstein"].tolist() == sorted(data.events["goldstein"])[:3]
    result = build_chart("top-events", data, EventFilter())
    table = result.figure.data[0]
    assert table.type == "table"
    assert list(table.cells.values[1][:3]) == top["title"].tolist()
    assert set(result.source_ids) == {"src-fix-a", "src-fix-b"}


def test_top_events_follows_the_filters(data) -> None:
    result = build_chart("top-events", data, EventFilter(countries=("USA",)))
    assert list(result.figure.data[0].cells.values[1]) == ["Fixture alliance meeting"]
    assert result.source_ids == ["src-fix-b"]


@pytest.mark.parametrize("name", sorted(chart_registry()))
def test_every_registered_chart_builds_on_the_fixture_data(name: str, data) -> None:
    result = build_chart(name, data, EventFilter())
    assert isinstance(result, ChartResult)
    assert len(result.figure.data) + len(result.figure.layout.annotations) > 0
    assert all(isinstance(s, str) for s in result.source_ids)


# --- deck -------------------------------------------------------------------------------------


def slide_texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_pptx_deck_slides_pictures_text_and_sources(data) -> None:
    calls = []
    raw = build_deck(data, EventFilter(countries=("JPN",)), CHARTS, "Southwest islands update", MARKING, "pptx",
                     progress=lambda i, n, label: calls.append((i, n, label)))
    prs = Presentation(io.BytesIO(raw))
    assert round(prs.slide_width / prs.slide_height, 2) == round(16 / 9, 2)
    slides = list(prs.slides)
    assert len(slides) == 1 + len(CHARTS) + 1
    assert all(MARKING in slide_texts(s) for s in slides), "marking on every slide"
    cover = slide_texts(slides[0])
    assert "Southwest islands update" in cover and dt.date.today().isoformat() in cover
    assert "countries: JPN" in cover
    for slide, title in zip(slides[1:3], ["Curated events per year", "Most severe events"], strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1
        assert Emu(pictures[0].width).inches > 8
        text = slide_texts(slide)
        assert title in text and "Sources: Fixture" in text and "Data as of 2026-01-15" in text
    assert "curated events" in slide_texts(slides[1])
    last = slide_texts(slides[-1])
    assert "Sources cited" in last
    assert "Fixture Publisher, “Synthetic source A (test fixture)” (2025-11-10)" in last
    assert "Fixture Ministry, “Synthetic source B (test fixture)” (2024)" in last
    assert calls[0][:2] == (0, 3) and calls[-1] == (3, 3, "Done")
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_pdf_deck_has_the_same_pages(data) -> None:
    raw = build_deck(data, EventFilter(), CHARTS, "PDF deck", MARKING, "pdf")
    reader = PdfReader(io.BytesIO(raw))
    assert len(reader.pages) == 1 + len(CHARTS) + 1
    texts = [page.extract_text() for page in reader.pages]
    assert all(MARKING in t for t in texts)
    assert "PDF deck" in texts[0]
    assert "Sources: Fixture" in texts[1]
    assert reader.pages[1].images, "chart pages carry the chart image"
    assert "Synthetic source A (test fixture)" in texts[-1]
    assert round(float(reader.pages[0].mediabox.width) / float(reader.pages[0].mediabox.height), 2) == 1.78


def test_many_sources_spill_over_several_slides() -> None:
    real = load_dataset(DEFAULT_DATA_DIR)
    raw = build_deck(real, EventFilter(), ["events-per-year"], "All sources", "", "pptx")
    slides = list(Presentation(io.BytesIO(raw)).slides)[2:]
    listed = [line for s in slides for line in slide_texts(s).split("\n")[1:] if line.strip()]
    cited = {s for cell in real.events["source_ids"] for s in cell.split(";")}
    assert len(listed) == len(cited & set(real.sources["source_id"]))
    assert len(slides) == -(-len(listed) // SOURCES_PER_SLIDE)
    assert "Sources cited (1/" in slide_texts(slides[0])


def test_deck_rejects_bad_input_naming_it(data) -> None:
    with pytest.raises(ValueError, match="'nope'"):
        build_deck(data, EventFilter(), ["events-per-year", "nope"], "T", "", "pptx")
    with pytest.raises(ValueError, match="'docx'"):
        build_deck(data, EventFilter(), CHARTS, "T", "", "docx")
    with pytest.raises(ValueError, match=r"\[\]"):
        build_deck(data, EventFilter(), [], "T", "", "pptx")


def test_a_chart_that_fails_is_named(data, monkeypatch) -> None:
    from analysis.charts.spec import ChartSpec
    from analysis.export import briefing

    def broken(data, selection):
        raise KeyError("lat")

    monkeypatch.setattr(briefing, "get_chart", lambda name: ChartSpec(name, "Broken", broken))
    with pytest.raises(RuntimeError, match=r"chart 'broken-map' failed to build: KeyError: 'lat'"):
        build_deck(data, EventFilter(), ["broken-map"], "T", "", "pptx")
