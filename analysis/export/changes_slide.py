"""The "What changed since" summary as one slide (PPTX or PDF), laid out like the briefing deck.

Boxes are stacked from measured text (DejaVu Sans metrics, :func:`analysis.charts.text.fit_lines`), so
no two overlap: title, the numbers, the top events, and the sources line at the bottom; the handling
marking, when given, at top and bottom as on every deck slide.
"""

from __future__ import annotations

import pandas as pd

from analysis.charts.text import fit_lines
from analysis.data.provenance import short_citation
from analysis.export import briefing, slides
from analysis.features.changes import WhatChanged

BODY_PT, EVENT_PT = 16, 14


def layout(summary: WhatChanged, sources: pd.DataFrame, marking: str = "") -> dict[str, tuple[list[str], slides.Box]]:
    """Wrapped lines and box of each block: ``title``, ``summary``, ``events``, ``sources``."""
    top = slides.MARKING_H if marking else 0.3
    bottom = slides.SLIDE_H - (slides.MARKING_H if marking else 0.25)
    width = slides.CONTENT_W
    title = fit_lines(summary.title, slides.TITLE_PT, width, 1, bold=True)
    body = [line for text in summary.summary_lines() for line in fit_lines(text, BODY_PT, width, 2)]
    cited = "Sources: " + (short_citation(sources, summary.source_ids) or "none")
    source_lines = fit_lines(cited, slides.SOURCE_PT, width, 3)
    out: dict[str, tuple[list[str], slides.Box]] = {}
    y = top
    for name, lines, size in (("title", title, slides.TITLE_PT), ("summary", body, BODY_PT)):
        box = slides.Box(slides.MARGIN, y, width, slides.block_height(len(lines), size))
        out[name] = (lines, box)
        y = box.bottom + 2 * slides.GAP + 2 * slides.PPTX_INSET_Y
    src_h = slides.block_height(len(source_lines), slides.SOURCE_PT)
    out["sources"] = (source_lines, slides.Box(slides.MARGIN, bottom - src_h, width, src_h))
    room = out["sources"][1].top - 2 * slides.GAP - 2 * slides.PPTX_INSET_Y - y
    per_line = slides.block_height(1, EVENT_PT)
    events: list[str] = []
    for text in summary.event_lines():
        wrapped = fit_lines("• " + text, EVENT_PT, width, 2)
        if (len(events) + len(wrapped)) * per_line > room:
            break
        events += wrapped
    out["events"] = (events, slides.Box(slides.MARGIN, y, width, slides.block_height(len(events), EVENT_PT)))
    return out


def build_slide(summary: WhatChanged, sources: pd.DataFrame, fmt: str, marking: str = "") -> bytes:
    """One slide as PPTX or PDF bytes.

    Raises
    ------
    ValueError
        For a format other than ``pptx`` or ``pdf``.
    """
    if fmt not in briefing.DECK_FORMATS:
        raise ValueError(f"format must be one of {briefing.DECK_FORMATS}, got {fmt!r}")
    blocks = layout(summary, sources, marking)
    sizes = {"title": slides.TITLE_PT, "summary": BODY_PT, "events": EVENT_PT, "sources": slides.SOURCE_PT}
    return _pptx(blocks, sizes, marking) if fmt == "pptx" else _pdf(blocks, sizes, marking)


def _pptx(blocks, sizes, marking: str) -> bytes:
    import io

    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(slides.SLIDE_W), Inches(slides.SLIDE_H)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    if marking:
        for box in slides.MARKING_BOXES:
            briefing._text(slide, marking, box, 12, bold=True, color="B2182B", center=True)
    for name, (lines, box) in blocks.items():
        briefing._text(slide, "\n".join(lines), box, sizes[name], bold=name == "title",
                       color="555555" if name == "sources" else "1A1A1A")
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _pdf(blocks, sizes, marking: str) -> bytes:
    from fpdf import FPDF

    from analysis.charts.text import FONT_BOLD, FONT_REGULAR

    pdf = FPDF(orientation="L", unit="in", format=(slides.SLIDE_H, slides.SLIDE_W))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.c_margin = 0
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.add_page()
    if marking:
        pdf.set_text_color(178, 24, 43)
        for box in slides.MARKING_BOXES:
            briefing._cell(pdf, marking, box, 12, bold=True, align="C")
        pdf.set_text_color(26, 26, 26)
    for name, (lines, box) in blocks.items():
        briefing._cell(pdf, "\n".join(lines), box, sizes[name], bold=name == "title")
    return bytes(pdf.output())
