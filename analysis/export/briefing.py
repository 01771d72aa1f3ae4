"""A briefing deck (PPTX or PDF): title slide, one chart per slide, sources slide.

Every slide carries the handling marking (e.g. ``UNCLASSIFIED – FOR TRAINING``)
at top and bottom; every chart slide has its caption and a source line, and the
last slide(s) list every source cited, so the deck is citable on its own.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from analysis import clock
from analysis.catalog import get_chart
from analysis.charts.text import CJK_FONTS as CJK_FONTS_BY_WEIGHT
from analysis.charts.text import FONT_BOLD, FONT_REGULAR
from analysis.data.dataset import Dataset
from analysis.data.filters import EventFilter
from analysis.data.freshness import data_as_of
from analysis.data.provenance import citations, rank_sources, short_citation
from analysis.export import slides
from analysis.export.formats import export_figure

DECK_FORMATS = ("pptx", "pdf")
# The default deck (Briefing page and CLI): a briefing, not every chart there is.
DEFAULT_CHARTS = ("events-per-year", "timeline", "tension-index", "map-southwest", "budget-comparison", "top-events")
SHORT_RANGE_DAYS = 2 * 366  # a view this short gets no "events per year" slide (one or two bars say nothing)
APPENDIX_PT, APPENDIX_COLUMNS = 7, 4
APPENDIX_MAX_LINES = 40  # the appendix is the full list: an entry wraps, it is never cut with "…"
PICTURE_PX_PER_IN = 84  # chart layout pixels per slide inch: 14 px chart text prints at 12 pt
# DejaVu has no CJK glyphs: Japanese, Chinese and Korean titles are set in Noto Sans CJK (the font the
# measured wrap uses for them, analysis.charts.text); Droid Sans Fallback only if Noto is missing.
CJK_FONTS = (
    CJK_FONTS_BY_WEIGHT[False],
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
)
Progress = Callable[[int, int, str], None]


def default_charts(selection: EventFilter) -> list[str]:
    """The default deck for a view: :data:`DEFAULT_CHARTS`, without per-year counts for a short date range."""
    short = (selection.start is not None and selection.end is not None
             and (selection.end - selection.start).days < SHORT_RANGE_DAYS)
    return [n for n in DEFAULT_CHARTS if not (short and n == "events-per-year")]


@dataclass
class Slide:
    """One chart slide, ready for either format."""

    title: str
    png: bytes
    caption: str
    source_line: str
    layout: slides.ChartSlide
    notes: str = ""




def _trim(text: str, limit: int) -> str:
    return textwrap.shorten(text, limit, placeholder=" …") if len(text) > limit else text


def _source_entry(row: pd.Series) -> str:
    published = row.get("published")
    date = "n.d." if published is None or pd.isna(published) or not str(published) else str(published)
    return f"{row['publisher']}, “{row['title']}” ({date}) [{row['source_id']}]"


def _short_entry(row: pd.Series) -> str:
    published = row.get("published")
    date = "n.d." if published is None or pd.isna(published) or not str(published) else str(published)
    return f"{row['publisher']} ({date}): {row['title']}"


def _build_slides(
    data: Dataset, selection: EventFilter, chart_names: list[str], progress: Progress | None, total: int,
    marking: bool = False,
) -> tuple[list[Slide], list[str]]:
    slides_, all_ids = [], []
    for i, name in enumerate(chart_names):
        spec = get_chart(name)
        if progress:
            progress(i, total, f"Chart {i + 1}/{len(chart_names)}: {spec.title}")
        try:
            result = spec.build(data, selection)
        except Exception as exc:
            # Name the chart: the deck stops here and the page or CLI shows which one broke.
            raise RuntimeError(f"chart {name!r} failed to build: {type(exc).__name__}: {exc}") from exc
        citation = short_citation(data.sources, result.source_ids) or "no sources cited"
        source_line = f"Sources: {citation} · Data as of {data_as_of(data.events)}"
        layout = slides.chart_slide(spec.title, result.caption, source_line, marking)
        box = layout.boxes["picture"]
        # The image has the picture box's shape, so it fills the slide's free width and height.
        size = (round(box.width * PICTURE_PX_PER_IN), round(box.height * PICTURE_PX_PER_IN))
        # The slide carries the title: the chart's own would only take height from the picture.
        # Keep what the top margin holds besides the title (the timeline's key-event label rows).
        top = max(20, (result.figure.layout.margin.t or 0) - (50 if result.figure.layout.title.text else 0))
        figure = go.Figure(result.figure).update_layout(title=None, margin={"t": top})
        png = export_figure(figure, "png", size=size, scale=2)
        notes = f"{result.caption}\n\nSources: {citation}"
        slides_.append(Slide(spec.title, png, result.caption, source_line, layout, notes))
        all_ids += result.source_ids
    return slides_, all_ids


def build_deck(
    data: Dataset,
    selection: EventFilter,
    chart_names: list[str],
    title: str,
    marking: str,
    fmt: str = "pptx",
    progress: Progress | None = None,
) -> bytes:
    """Build a briefing deck as PPTX or PDF bytes.

    Parameters
    ----------
    data, selection : Dataset, EventFilter
        The curated data and the active filters (every chart uses them).
    chart_names : list of str
        Registered chart names (:func:`analysis.catalog.chart_names`); repeats allowed.
    title, marking : str
        Deck title; handling marking printed on every slide (may be empty).
    fmt : str
        ``"pptx"`` or ``"pdf"``.
    progress : callable, optional
        Called as ``progress(i, n, label)`` before each step and ``(n, n, "Done")`` at the end.
    """
    if fmt not in DECK_FORMATS:
        raise ValueError(f"unknown deck format: expected one of {DECK_FORMATS}, got {fmt!r}")
    if not chart_names:
        raise ValueError(f"choose at least one chart, got {chart_names!r}")
    for name in chart_names:
        get_chart(name)  # fail on a bad name before the slow part
    total = len(chart_names) + 1
    chart_slides, ids = _build_slides(data, selection, list(chart_names), progress, total, bool(marking.strip()))
    if progress:
        progress(total - 1, total, f"Assembling the {fmt.upper()}")
    meta = {
        "title": title.strip() or "Nansei Watch briefing",
        "marking": marking.strip(),
        "date": clock.today().isoformat(),
        "as_of": data_as_of(data.events),
        "filters": selection.describe(),
    }
    # Official and primary sources first, then the most-cited publishers (how many curated rows cite each).
    cited = citations(data.tables)["source_id"].value_counts().to_dict()
    rows = rank_sources(data.sources, ids, cited)
    entries = [_source_entry(row) for _, row in rows.iterrows()]
    short = [_short_entry(row) for _, row in rows.iterrows()]
    out = (_pptx(meta, chart_slides, entries, short) if fmt == "pptx"
           else _pdf(meta, chart_slides, entries, short))
    if progress:
        progress(total, total, "Done")
    return out


def _source_pages(short: list[str], marking: bool) -> tuple[list[list[list[str]]], int]:
    """Compact source slides (small type, columns, at most two) and how many entries did not fit."""
    return slides.source_columns(short or ["No sources cited by these charts."], marking)


# --- PPTX -----------------------------------------------------------------------------------


def _pptx(meta: dict, chart_slides: list[Slide], entries: list[str], short: list[str]) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(slides.SLIDE_W), Inches(slides.SLIDE_H)
    blank = prs.slide_layouts[6]
    marked = bool(meta["marking"])

    def new_slide():
        slide = prs.slides.add_slide(blank)
        if marked:
            for box in slides.MARKING_BOXES:
                _text(slide, meta["marking"], box, 12, bold=True, color="B2182B", center=True)
        return slide

    first = new_slide()
    _text(first, meta["title"], slides.Box(0.8, 2.0, 11.7, 1.2), 36, bold=True)
    _text(first, f"Briefing date {meta['date']} · data as of {meta['as_of']}", slides.Box(0.8, 3.5, 11.7, 0.5), 18)
    _text(first, f"Filters: {meta['filters']}", slides.Box(0.8, 4.1, 11.7, 0.9), 16)
    _text(first, "Nansei Watch · curated, sourced open data", slides.Box(0.8, 5.2, 11.7, 0.5), 14, color="555555")
    for item in chart_slides:
        slide = new_slide()
        boxes = item.layout.boxes
        _text(slide, "\n".join(item.layout.title), boxes["title"], slides.TITLE_PT, bold=True)
        pic = boxes["picture"]
        slide.shapes.add_picture(io.BytesIO(item.png), Inches(pic.left), Inches(pic.top), Inches(pic.width),
                                 Inches(pic.height))
        if item.layout.caption:
            _text(slide, "\n".join(item.layout.caption), boxes["caption"], slides.CAPTION_PT)
        _text(slide, "\n".join(item.layout.sources), boxes["sources"], slides.SOURCE_PT, color="555555")
        slide.notes_slide.notes_text_frame.text = f"{item.notes}\nData as of {meta['as_of']}"
    pages, left_out = _source_pages(short, marked)
    for n, page in enumerate(pages, start=1):
        slide = new_slide()
        suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
        _text(slide, f"Sources cited{suffix}", _sources_title_box(marked), slides.TITLE_PT, bold=True)
        for column, box in zip(page, slides.source_column_boxes(marked), strict=False):
            _text(slide, "\n".join(column), box, slides.SOURCE_LIST_PT)
        _text(slide, _sources_footnote(len(entries), left_out, "the notes of this slide"),
              _sources_note_box(marked), slides.SOURCE_PT, color="555555")
        slide.notes_slide.notes_text_frame.text = "Full list of sources cited:\n" + "\n".join(entries)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _sources_title_box(marked: bool) -> slides.Box:
    return slides.Box(slides.MARGIN, slides.MARKING_H if marked else 0.3, slides.CONTENT_W,
                      slides.block_height(1, slides.TITLE_PT))


def _sources_note_box(marked: bool) -> slides.Box:
    height = slides.block_height(1, slides.SOURCE_PT)
    bottom = slides.SLIDE_H - (slides.MARKING_H if marked else 0.25)
    return slides.Box(slides.MARGIN, bottom - height, slides.CONTENT_W, height)


def _sources_footnote(total: int, left_out: int, where: str) -> str:
    if left_out:
        return f"{total} sources; {left_out} more than fit here, and every full reference, are in {where}."
    return f"{total} sources, in short form; full references (with ids) are in {where}."


def _text(slide, text: str, box: slides.Box, size: float, bold=False, color="1A1A1A", center=False):
    """A text box whose text area is ``box`` (the insets are added around it)."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Inches, Pt

    shape = slide.shapes.add_textbox(
        Inches(box.left - slides.PPTX_INSET_X), Inches(box.top - slides.PPTX_INSET_Y),
        Inches(box.width + 2 * slides.PPTX_INSET_X), Inches(box.height + 2 * slides.PPTX_INSET_Y))
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = line
        para.line_spacing = slides.LINE_SPACING
        para.alignment = PP_ALIGN.CENTER if center else PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size, run.font.bold, run.font.name = Pt(size), bold, "DejaVu Sans"
            run.font.color.rgb = RGBColor.from_string(color)
    return shape


# --- PDF ------------------------------------------------------------------------------------


def _pdf(meta: dict, chart_slides: list[Slide], entries: list[str], short: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="in", format=(slides.SLIDE_H, slides.SLIDE_W))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.c_margin = 0  # the measured boxes are the text areas
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    cjk = next((p for p in CJK_FONTS if p.exists()), None)
    if cjk is not None:
        pdf.add_font("CJK", "", str(cjk), collection_font_number=0)
        pdf.set_fallback_fonts(["CJK"], exact_match=False)
    pdf.set_title(meta["title"])
    marked = bool(meta["marking"])

    def new_page():
        pdf.add_page()
        if marked:
            pdf.set_text_color(178, 24, 43)
            for box in slides.MARKING_BOXES:
                _cell(pdf, meta["marking"], box, 12, bold=True, align="C")
            pdf.set_text_color(26, 26, 26)

    new_page()
    _cell(pdf, meta["title"], slides.Box(0.8, 2.2, 11.7, 1.0), 32, bold=True)
    _cell(pdf, f"Briefing date {meta['date']} · data as of {meta['as_of']}", slides.Box(0.8, 3.5, 11.7, 0.4), 18)
    _cell(pdf, f"Filters: {meta['filters']}", slides.Box(0.8, 4.1, 11.7, 0.9), 15)
    _cell(pdf, "Nansei Watch · curated, sourced open data", slides.Box(0.8, 5.2, 11.7, 0.4), 13)
    for item in chart_slides:
        new_page()
        boxes = item.layout.boxes
        _cell(pdf, "\n".join(item.layout.title), boxes["title"], slides.TITLE_PT, bold=True)
        pic = boxes["picture"]
        pdf.image(io.BytesIO(item.png), x=pic.left, y=pic.top, w=pic.width, h=pic.height)
        if item.layout.caption:
            _cell(pdf, "\n".join(item.layout.caption), boxes["caption"], slides.CAPTION_PT)
        pdf.set_text_color(85, 85, 85)
        _cell(pdf, "\n".join(item.layout.sources), boxes["sources"], slides.SOURCE_PT)
        pdf.set_text_color(26, 26, 26)
    pages, left_out = _source_pages(short, marked)
    for n, page in enumerate(pages, start=1):
        new_page()
        suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
        _cell(pdf, f"Sources cited{suffix}", _sources_title_box(marked), slides.TITLE_PT, bold=True)
        for column, box in zip(page, slides.source_column_boxes(marked), strict=False):
            _cell(pdf, "\n".join(column), box, slides.SOURCE_LIST_PT)
        pdf.set_text_color(85, 85, 85)
        _cell(pdf, _sources_footnote(len(entries), left_out, "the appendix at the end"), _sources_note_box(marked),
              slides.SOURCE_PT)
        pdf.set_text_color(26, 26, 26)
    # Appendix: every full reference, in small type and columns.
    appendix, _ = slides.source_columns(entries or ["No sources cited."], marked, size_pt=APPENDIX_PT,
                                        columns=APPENDIX_COLUMNS, max_slides=999, max_lines_each=APPENDIX_MAX_LINES)
    for n, page in enumerate(appendix, start=1):
        new_page()
        _cell(pdf, f"Appendix: full source list ({n}/{len(appendix)})", _sources_title_box(marked),
              slides.TITLE_PT, bold=True)
        for column, box in zip(page, slides.source_column_boxes(marked, APPENDIX_COLUMNS), strict=False):
            _cell(pdf, "\n".join(column), box, APPENDIX_PT)
    return bytes(pdf.output())


def _cell(pdf, text: str, box: slides.Box, size: float, bold=False, align="L") -> None:
    """Text pre-wrapped to ``box`` (lines from :mod:`analysis.export.slides`), one line per newline."""
    pdf.set_font("DejaVu", "B" if bold else "", size)
    pdf.set_xy(box.left, box.top)
    line_h = size * slides.LINE_SPACING / 72
    for line in text.split("\n"):
        pdf.set_x(box.left)
        pdf.cell(box.width, line_h, line, align=align, new_x="LMARGIN", new_y="NEXT")
