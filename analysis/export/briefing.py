"""A briefing deck (PPTX or PDF): title slide, one chart per slide, sources slide.

Every slide carries the handling marking (e.g. ``UNCLASSIFIED – FOR TRAINING``)
at top and bottom; every chart slide has its caption and a source line, and the
last slide(s) list every source cited, so the deck is citable on its own.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.charts.registry import get_chart
from analysis.data.filters import EventFilter
from analysis.data.freshness import data_as_of
from analysis.data.loader import Dataset
from analysis.data.provenance import short_citation
from analysis.export.formats import export_figure

DECK_FORMATS = ("pptx", "pdf")
SOURCES_PER_SLIDE = 14
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# DejaVu has no CJK glyphs; Japanese/Chinese source titles use one of these when installed.
CJK_FONTS = (
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)
Progress = Callable[[int, int, str], None]


@dataclass
class Slide:
    """One chart slide, ready for either format."""

    title: str
    png: bytes
    caption: str
    source_line: str




def _trim(text: str, limit: int) -> str:
    return textwrap.shorten(text, limit, placeholder=" …") if len(text) > limit else text


def source_rows(sources: pd.DataFrame, source_ids: list[str]) -> pd.DataFrame:
    """Rows of ``sources`` for the given ids (first-cited order, de-duplicated)."""
    order = list(dict.fromkeys(source_ids))
    found = sources[sources["source_id"].isin(order)].set_index("source_id")
    return found.reindex([s for s in order if s in found.index]).reset_index()


def _source_entry(row: pd.Series) -> str:
    published = row.get("published")
    date = "n.d." if published is None or pd.isna(published) or not str(published) else str(published)
    return f"{row['publisher']}, “{row['title']}” ({date}) [{row['source_id']}]"


def _build_slides(
    data: Dataset, selection: EventFilter, chart_names: list[str], progress: Progress | None, total: int
) -> tuple[list[Slide], list[str]]:
    slides, all_ids = [], []
    for i, name in enumerate(chart_names):
        spec = get_chart(name)
        if progress:
            progress(i, total, f"Chart {i + 1}/{len(chart_names)}: {spec.title}")
        try:
            result = spec.build(data, selection)
        except Exception as exc:
            # Name the chart: the deck stops here and the page or CLI shows which one broke.
            raise RuntimeError(f"chart {name!r} failed to build: {type(exc).__name__}: {exc}") from exc
        png = export_figure(result.figure, "png", size="slide", scale=1)
        citation = short_citation(data.sources, result.source_ids) or "no sources cited"
        slides.append(Slide(spec.title, png, result.caption, _trim(f"Sources: {citation}", 330)))
        all_ids += result.source_ids
    return slides, all_ids


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
        Registered chart names (:func:`analysis.charts.registry.chart_names`); repeats allowed.
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
    slides, ids = _build_slides(data, selection, list(chart_names), progress, total)
    if progress:
        progress(total - 1, total, f"Assembling the {fmt.upper()}")
    meta = {
        "title": title.strip() or "Nansei Watch briefing",
        "marking": marking.strip(),
        "date": dt.date.today().isoformat(),
        "as_of": data_as_of(data.events),
        "filters": selection.describe(),
    }
    entries = [_source_entry(row) for _, row in source_rows(data.sources, ids).iterrows()]
    out = _pptx(meta, slides, entries) if fmt == "pptx" else _pdf(meta, slides, entries)
    if progress:
        progress(total, total, "Done")
    return out


def _pages(entries: list[str]) -> list[list[str]]:
    entries = entries or ["No sources cited by these charts."]
    return [entries[i : i + SOURCES_PER_SLIDE] for i in range(0, len(entries), SOURCES_PER_SLIDE)]


# --- PPTX -----------------------------------------------------------------------------------


def _pptx(meta: dict, slides: list[Slide], entries: list[str]) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]

    def new_slide():
        slide = prs.slides.add_slide(blank)
        if meta["marking"]:
            for top in (0.05, 7.1):
                _text(slide, meta["marking"], 0.5, top, 12.33, 0.35, 12, bold=True, color="B2182B", center=True)
        return slide

    first = new_slide()
    _text(first, meta["title"], 0.8, 2.0, 11.7, 1.4, 36, bold=True)
    _text(first, f"Briefing date {meta['date']} · data as of {meta['as_of']}", 0.8, 3.5, 11.7, 0.5, 18)
    _text(first, f"Filters: {meta['filters']}", 0.8, 4.1, 11.7, 0.9, 16)
    _text(first, "Nansei Watch · curated, sourced open data", 0.8, 5.2, 11.7, 0.5, 14, color="555555")
    for item in slides:
        slide = new_slide()
        _text(slide, item.title, 0.5, 0.4, 12.3, 0.6, 26, bold=True)
        slide.shapes.add_picture(io.BytesIO(item.png), Inches(2.05), Inches(1.05), height=Inches(5.1))
        _text(slide, item.caption, 0.5, 6.18, 12.3, 0.35, 13)
        _text(slide, f"{item.source_line} · Data as of {meta['as_of']}", 0.5, 6.5, 12.3, 0.55, 10, color="555555")
    pages = _pages(entries)
    for n, page in enumerate(pages, start=1):
        slide = new_slide()
        suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
        _text(slide, f"Sources cited{suffix}", 0.5, 0.4, 12.3, 0.6, 26, bold=True)
        _text(slide, "\n".join(page), 0.5, 1.1, 12.3, 5.9, 12)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _text(slide, text, left, top, width, height, size, bold=False, color="1A1A1A", center=False):
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = line
        para.alignment = PP_ALIGN.CENTER if center else PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size, run.font.bold = Pt(size), bold
            run.font.color.rgb = RGBColor.from_string(color)
    return box


# --- PDF ------------------------------------------------------------------------------------


def _pdf(meta: dict, slides: list[Slide], entries: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="in", format=(7.5, 13.333))
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    cjk = next((p for p in CJK_FONTS if p.exists()), None)
    if cjk is not None:
        pdf.add_font("CJK", "", str(cjk))
        pdf.set_fallback_fonts(["CJK"], exact_match=False)
    pdf.set_title(meta["title"])

    def new_page():
        pdf.add_page()
        if meta["marking"]:
            pdf.set_text_color(178, 24, 43)
            for top in (0.1, 7.15):
                _cell(pdf, meta["marking"], 0.5, top, 12.33, 12, bold=True, align="C")
            pdf.set_text_color(26, 26, 26)

    new_page()
    _cell(pdf, meta["title"], 0.8, 2.2, 11.7, 32, bold=True)
    _cell(pdf, f"Briefing date {meta['date']} · data as of {meta['as_of']}", 0.8, 3.5, 11.7, 18)
    _cell(pdf, f"Filters: {meta['filters']}", 0.8, 4.1, 11.7, 15)
    _cell(pdf, "Nansei Watch · curated, sourced open data", 0.8, 5.2, 11.7, 13)
    for item in slides:
        new_page()
        _cell(pdf, item.title, 0.5, 0.45, 12.3, 24, bold=True)
        pdf.image(io.BytesIO(item.png), x=2.05, y=1.05, h=5.1)
        _cell(pdf, item.caption, 0.5, 6.2, 12.3, 12)
        pdf.set_text_color(85, 85, 85)
        _cell(pdf, f"{item.source_line} · Data as of {meta['as_of']}", 0.5, 6.5, 12.3, 9)
        pdf.set_text_color(26, 26, 26)
    pages = _pages(entries)
    for n, page in enumerate(pages, start=1):
        new_page()
        suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
        _cell(pdf, f"Sources cited{suffix}", 0.5, 0.45, 12.3, 24, bold=True)
        _cell(pdf, "\n".join(page), 0.5, 1.1, 12.3, 11)
    return bytes(pdf.output())


def _cell(pdf, text: str, left: float, top: float, width: float, size: int, bold=False, align="L") -> None:
    pdf.set_font("DejaVu", "B" if bold else "", size)
    pdf.set_xy(left, top)
    pdf.multi_cell(width, size / 72 * 1.3, text, align=align)
