"""Slide geometry for the briefing deck, measured, so text never overlaps.

Every text box on a chart slide is sized from the text it holds: lines are
wrapped with the real font metrics (DejaVu Sans, the font both decks use) and
the boxes are stacked from the bottom of the slide up (sources line, caption);
the chart picture gets what is left. A caption too long for its share is
shortened with `` …`` (the full text goes to the PPTX notes).

All lengths are inches on a 13.333 × 7.5 in (16:9) slide.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.charts.text import fit_lines

SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.5
CONTENT_W = SLIDE_W - 2 * MARGIN
LINE_SPACING = 1.2  # line height / font size, both decks
GAP = 0.08
MARKING_H = 0.4  # top and bottom strips holding the handling marking
TITLE_PT, CAPTION_PT, SOURCE_PT = 26, 14, 10
CAPTION_MAX_LINES, SOURCE_MAX_LINES = 3, 2
# python-pptx text boxes have 0.1 in left/right and 0.05 in top/bottom insets.
PPTX_INSET_X, PPTX_INSET_Y = 0.1, 0.05


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, inches from the top-left corner."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        """Top plus height."""
        return self.top + self.height

    def overlaps(self, other: Box) -> bool:
        """True when the two boxes share any area (touching edges do not count)."""
        return (self.left < other.left + other.width and other.left < self.left + self.width
                and self.top < other.bottom and other.top < self.bottom)


def block_height(lines: int, size_pt: float) -> float:
    """Height in inches of ``lines`` lines at ``size_pt`` (line spacing :data:`LINE_SPACING`)."""
    return lines * size_pt * LINE_SPACING / 72


# Text areas of the handling marking, top and bottom (with PPTX insets they span 0-0.35 in and
# 7.15-7.45 in, clear of the content area, whose text areas start at 0.4 in and end at 7.1 in).
MARKING_BOXES = (Box(0.5, 0.05, 12.33, 0.25), Box(0.5, SLIDE_H - 0.3, 12.33, 0.25))


@dataclass(frozen=True)
class ChartSlide:
    """Text (already wrapped) and boxes of one chart slide."""

    title: list[str]
    caption: list[str]
    sources: list[str]
    boxes: dict[str, Box]


def chart_slide(title: str, caption: str, source_line: str, marking: bool) -> ChartSlide:
    """Lay out a chart slide: title at the top, sources line at the bottom, caption above it.

    Boxes are text areas (the PPTX writer adds its insets around them). The ``picture``
    box is the space left between title and caption; the chart image is rendered at
    that aspect so it fills it.
    """
    top = MARKING_H if marking else 0.3
    bottom = SLIDE_H - (MARKING_H if marking else 0.25)
    title_lines = fit_lines(title, TITLE_PT, CONTENT_W, 2, bold=True)
    source_lines = fit_lines(source_line, SOURCE_PT, CONTENT_W, SOURCE_MAX_LINES)
    caption_lines = fit_lines(caption, CAPTION_PT, CONTENT_W, CAPTION_MAX_LINES) if caption.strip() else []
    boxes = {"title": Box(MARGIN, top, CONTENT_W, block_height(len(title_lines), TITLE_PT))}
    src_h = block_height(len(source_lines), SOURCE_PT)
    boxes["sources"] = Box(MARGIN, bottom - src_h, CONTENT_W, src_h)
    cap_h = block_height(len(caption_lines), CAPTION_PT)
    boxes["caption"] = Box(MARGIN, boxes["sources"].top - 2 * GAP - 2 * PPTX_INSET_Y - cap_h, CONTENT_W, cap_h)
    pic_top = boxes["title"].bottom + 2 * GAP + PPTX_INSET_Y
    pic_bottom = boxes["caption"].top - GAP - PPTX_INSET_Y
    boxes["picture"] = Box(MARGIN, pic_top, CONTENT_W, pic_bottom - pic_top)
    return ChartSlide(title_lines, caption_lines, source_lines, boxes)


# --- compact sources --------------------------------------------------------------------------

SOURCE_LIST_PT = 8
SOURCE_COLUMNS = 3
MAX_SOURCE_SLIDES = 2


def source_columns(entries: list[str], marking: bool, size_pt: float = SOURCE_LIST_PT,
                   columns: int = SOURCE_COLUMNS, max_slides: int = MAX_SOURCE_SLIDES,
                   max_lines_each: int = 1) -> tuple[list[list[list[str]]], int]:
    """Pack source entries, one short line each, into columns on at most ``max_slides`` slides.

    Returns ``(slides, left_out)``: per slide a list of columns, each a list of text lines, and
    how many entries did not fit (they are in the full list: appendix pages or PPTX notes).
    """
    gutter = 0.25
    width = (CONTENT_W - gutter * (columns - 1)) / columns
    top = (MARKING_H if marking else 0.3) + block_height(1, TITLE_PT) + 2 * GAP
    height = SLIDE_H - (MARKING_H if marking else 0.25) - top - block_height(1, SOURCE_PT) - GAP
    per_column = max(1, int(height // block_height(1, size_pt)))
    slides: list[list[list[str]]] = []
    column: list[str] = []
    page: list[list[str]] = []
    placed = 0
    for entry in entries:
        lines = fit_lines(entry, size_pt, width, max_lines_each)
        if len(column) + len(lines) > per_column:
            page.append(column)
            column = []
            if len(page) == columns:
                slides.append(page)
                page = []
                if len(slides) == max_slides:
                    break
        column += lines
        placed += 1
    else:
        if column:
            page.append(column)
        if page:
            slides.append(page)
    return slides, len(entries) - placed


def source_column_boxes(marking: bool, columns: int = SOURCE_COLUMNS) -> list[Box]:
    """Text areas of the source-list columns (same geometry as :func:`source_columns`)."""
    gutter = 0.25
    width = (CONTENT_W - gutter * (columns - 1)) / columns
    top = (MARKING_H if marking else 0.3) + block_height(1, TITLE_PT) + 2 * GAP
    height = SLIDE_H - (MARKING_H if marking else 0.25) - top - block_height(1, SOURCE_PT) - GAP
    return [Box(MARGIN + i * (width + gutter), top, width, height) for i in range(columns)]
