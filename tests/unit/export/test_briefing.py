"""The chart registry and the briefing deck (PPTX and PDF), opened and read back."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

from analysis import clock
from analysis.catalog import FEATURE_MODULES, build_chart, chart_registry
from analysis.charts import text
from analysis.charts.spec import ChartResult
from analysis.data.filters import EventFilter
from analysis.data.loader import load_dataset
from analysis.export import formats as export
from analysis.export import slides as layout
from analysis.export.briefing import DEFAULT_CHARTS, Slide, _pdf, _pptx, build_deck
from analysis.features.top_events import top_events
from analysis.settings import DEFAULT_DATA_DIR

MARKING = "UNCLASSIFIED – FOR TRAINING"
CHARTS = ["events-per-year", "top-events"]


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
    assert top["event_id"].tolist()[0] == "fx-3"  # the military incident leads, whatever the other scores
    result = build_chart("top-events", data, EventFilter())
    table = result.figure.data[0]
    assert table.type == "table"
    assert [" ".join(c.replace("<br>", " ").split()) for c in table.cells.values[1][:3]] == top["title"].tolist()
    assert set(result.source_ids) == {"src-fix-a", "src-fix-b"}


def test_top_events_follows_the_filters(data) -> None:
    result = build_chart("top-events", data, EventFilter(countries=("USA",)))
    assert [c.replace("<br>", "") for c in result.figure.data[0].cells.values[1]] == ["Fixture alliance meeting"]
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
    assert "Southwest islands update" in cover and clock.today().isoformat() in cover
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
    assert "Fixture Publisher (2025-11-10): Synthetic source A (test fixture)" in last  # compact form
    notes = slides[-1].notes_slide.notes_text_frame.text  # full references in the notes
    assert "Fixture Publisher, “Synthetic source A (test fixture)” (2025-11-10)" in notes
    assert "Fixture Ministry, “Synthetic source B (test fixture)” (2024)" in notes
    assert calls[0][:2] == (0, 3) and calls[-1] == (3, 3, "Done")
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_pdf_deck_has_the_same_pages(data) -> None:
    raw = build_deck(data, EventFilter(), CHARTS, "PDF deck", MARKING, "pdf")
    reader = PdfReader(io.BytesIO(raw))
    assert len(reader.pages) == 1 + len(CHARTS) + 1 + 1  # + the appendix with every full reference
    texts = [page.extract_text() for page in reader.pages]
    assert all(MARKING in t for t in texts)
    assert "PDF deck" in texts[0]
    assert "Sources: Fixture" in texts[1]
    assert reader.pages[1].images, "chart pages carry the chart image"
    assert "Synthetic source A (test fixture)" in texts[-1]
    assert round(float(reader.pages[0].mediabox.width) / float(reader.pages[0].mediabox.height), 2) == 1.78


def test_many_sources_fit_two_compact_slides_with_the_full_list_in_notes_and_appendix() -> None:
    # Issue 15/14: 370+ sources took 27 slides; now at most two, small type in columns.
    entries = [f"Publisher {i}, “A fairly long title of source number {i} about the Nansei islands” "
               f"(2025-11-{i % 28 + 1:02d}) [src-{i}]" for i in range(400)]
    short = [f"Publisher {i} (2025-11-{i % 28 + 1:02d}): A fairly long title of source number {i}" for i in range(400)]
    meta = {"title": "T", "marking": "UNCLASSIFIED", "date": "2026-12-02", "as_of": "2026-05-31", "filters": "all"}
    prs = Presentation(io.BytesIO(_pptx(meta, [], entries, short)))
    source_slides = [s for s in prs.slides if "Sources cited" in slide_texts(s)]
    assert 1 <= len(source_slides) <= 2
    assert "more than fit here" in slide_texts(source_slides[-1])
    notes = source_slides[0].notes_slide.notes_text_frame.text
    assert all(e in notes for e in entries)
    reader = PdfReader(io.BytesIO(_pdf(meta, [], entries, short)))
    texts = [p.extract_text() for p in reader.pages]
    assert sum("Sources cited" in t for t in texts) <= 2
    appendix = " ".join(t for t in texts if "Appendix: full source list" in t)
    assert "[src-399]" in appendix and "[src-0]" in appendix


def test_cli_default_deck_is_a_briefing_not_every_chart(monkeypatch, tmp_path) -> None:
    from analysis import cli

    seen = {}

    def fake(data, selection, names, *args, **kwargs):
        seen["names"] = names
        return b"deck"

    monkeypatch.setattr("analysis.export.briefing.build_deck", fake)
    assert cli.main(["brief", "--out", str(tmp_path / "d.pptx"), "--quiet", "--data-dir",
                     str(Path(__file__).resolve().parents[2] / "fixtures" / "data")]) == 0
    assert seen["names"] == list(DEFAULT_CHARTS) and len(seen["names"]) <= 8


LONG_CAPTION = ("A caption far longer than any chart should carry, written to test the layout: " * 12).strip()


def _tiny_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 18), "white").save(out, format="PNG")
    return out.getvalue()


def _long_slide(marking: bool) -> Slide:
    source_line = "Sources: " + "; ".join(f"Publisher number {i} (2025-11-{i:02d})" for i in range(1, 29))
    plan = layout.chart_slide("A chart title", LONG_CAPTION, source_line, marking)
    return Slide("A chart title", _tiny_png(), LONG_CAPTION, source_line, plan, "notes")


@pytest.mark.parametrize("marking", ["", "UNCLASSIFIED"])
def test_pptx_text_boxes_hold_their_text_and_never_overlap(marking) -> None:
    # Issue 15/13: measured, not by eye. Every text box is tall enough for its text wrapped with the
    # font's metrics, and no two boxes (text or picture) share any area, whatever the caption length.
    meta = {"title": "T", "marking": marking, "date": "2026-12-02", "as_of": "2026-05-31", "filters": "all"}
    prs = Presentation(io.BytesIO(_pptx(meta, [_long_slide(bool(marking))], ["e"], ["s"])))
    slide = list(prs.slides)[1]
    boxes = []
    for shape in slide.shapes:
        box = layout.Box(Emu(shape.left).inches, Emu(shape.top).inches, Emu(shape.width).inches,
                         Emu(shape.height).inches)
        boxes.append(box)
        if shape.has_text_frame and shape.text_frame.text:
            size = shape.text_frame.paragraphs[0].runs[0].font.size.pt
            width = box.width - 2 * layout.PPTX_INSET_X
            lines = sum(len(text.wrap(p.text, size, width)) for p in shape.text_frame.paragraphs)
            needed = layout.block_height(lines, size) + 2 * layout.PPTX_INSET_Y
            assert needed <= box.height + 1e-4, (shape.text_frame.text[:40], needed, box.height)
            assert box.bottom <= layout.SLIDE_H + 1e-6
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)
    caption = next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("A caption"))
    assert caption.text_frame.text.endswith("…")  # shortened at a word, full text in the notes
    assert LONG_CAPTION in slide.notes_slide.notes_text_frame.text or "notes" in slide.notes_slide.notes_text_frame.text


def test_pdf_caption_ends_above_the_sources_line() -> None:
    meta = {"title": "T", "marking": "UNCLASSIFIED", "date": "2026-12-02", "as_of": "2026-05-31", "filters": "all"}
    page = PdfReader(io.BytesIO(_pdf(meta, [_long_slide(True)], ["e"], ["s"]))).pages[1]
    lines: list[tuple[float, float, str]] = []  # (baseline y from the top in points, font size, text)

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (tm[3] if tm[3] else 1) * (cm[3] if cm[3] else 1)
            lines.append((float(page.mediabox.height) - (tm[5] * cm[3] + cm[5]), size * abs(scale), text))

    page.extract_text(visitor_text=visit)
    caption = [y for y, _, t in lines if "caption" in t or "layout" in t]
    sources = [(y, h) for y, h, t in lines if "Publisher number" in t]
    assert caption and sources
    top_of_sources = min(y - h for y, h in sources)  # baseline minus the font size
    assert max(caption) < top_of_sources, (max(caption), top_of_sources)


def test_slide_pictures_fill_the_width_and_the_map_fills_its_picture() -> None:
    import numpy as np
    from PIL import Image

    from analysis.features.mapfig import named_charts

    plan = layout.chart_slide("Map", "caption", "Sources: x", True)
    assert plan.boxes["picture"].width >= 12  # the free width of the slide, not a centred 16:9 block
    real = load_dataset(DEFAULT_DATA_DIR)
    fig = named_charts()["map-sakishima"].build(real, EventFilter()).figure
    box = plan.boxes["picture"]
    png = export.export_figure(fig, "png", size=(round(box.width * 84), round(box.height * 84)))
    with Image.open(io.BytesIO(png)) as image:
        grey = np.asarray(image.convert("L"))
    used = (grey < 245).any(axis=0).mean()  # share of columns with anything drawn
    assert used > 0.9, used  # issue 15/15: the map slide was 40% empty


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


def test_pdf_appendix_sets_every_script_and_wraps_inside_its_column() -> None:
    from analysis.charts.text import text_width_in

    # Measured with the font that prints them: a CJK character is one em wide (DejaVu has no glyph).
    assert text_width_in("防衛省", 10) == pytest.approx(3 * 10 / 72, rel=0.05)
    titles = {"ja": "防衛省、尖閣諸島周辺の中国海警局船舶の動向について発表した長い日本語のタイトル",
              "zh": "外交部发言人就日本领导人涉台错误言论答记者问的很长的中文标题",
              "ko": "일본 정부가 센카쿠 열도 주변 해역에서 중국 해경선의 활동에 대해 발표했다",
              "en": "A very long English title " * 12}
    entries = [f"Publisher {k}, “{t.strip()}” (2025-11-20) [src-{k}]" for k, t in titles.items()]
    meta = {"title": "T", "marking": "", "date": "2026-12-02", "as_of": "2026-05-31", "filters": "all"}
    raw = _pdf(meta, [], entries, entries)
    reader = PdfReader(io.BytesIO(raw))
    appendix = [p for p in reader.pages if "Appendix: full source list" in p.extract_text()]
    text = "".join(p.extract_text() for p in appendix).replace("\n", "").replace(" ", "").replace("\x00", "")
    for title in titles.values():
        assert title.replace(" ", "") in text  # every script printed, nothing cut
    assert "…" not in text
    fonts = {str(f["/BaseFont"]) for p in appendix for f in p["/Resources"]["/Font"].values()}
    assert any("NotoSansCJK" in f for f in fonts), fonts
    pages, _ = layout.source_columns(entries, False, size_pt=7, columns=4, max_slides=999, max_lines_each=40)
    width = layout.source_column_boxes(False, 4)[0].width
    lines = [line for page in pages for column in page for line in column]
    assert all(text_width_in(line, 7) <= width for line in lines)
