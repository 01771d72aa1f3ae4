"""The citation footer printed under an exported chart: data date, filters and short source citations.

It is drawn outside plotly's layout: legends, range sliders and notes placed below a plot make plotly
grow its bottom margin by itself, so a paper-anchored note would overlap them.
"""

from __future__ import annotations

import io
import textwrap
from html import escape

import plotly.graph_objects as go

from analysis.charts.text import FONT_REGULAR

FOOTER_LINE_CHARS = 150

FOOTER_LINE_PX, FOOTER_PAD_PX, FOOTER_SIZE_PX, FOOTER_LEFT_PX = 16, 6, 11, 16
FOOTER_META_KEY = "nansei_footer"


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 2].rstrip() + " …"
    return lines


def footer_text(as_of: str, filters_text: str, sources_text: str, width: int = FOOTER_LINE_CHARS) -> str:
    """The footer lines joined by newlines: data as of + filters (1 line), sources (2 lines max)."""
    lines = _wrap(f"Data as of {as_of} · Filters: {filters_text}", width, 1)
    lines += _wrap(f"Sources: {sources_text or 'none cited'}", width, 2)
    return "\n".join(lines)


def add_footer(fig: go.Figure, as_of: str, filters_text: str, sources_text: str) -> go.Figure:
    """A copy of ``fig`` carrying a citation footer: data as of, active filters, sources (short form).

    Long filter and source lists are wrapped and trimmed (``…``). :func:`export_figure` prints
    the footer under the chart in every format; it is kept in ``layout.meta``.
    """
    out = go.Figure(fig)
    meta = out.layout.meta if isinstance(out.layout.meta, dict) else {}
    out.update_layout(meta={**meta, FOOTER_META_KEY: footer_text(as_of, filters_text, sources_text)})
    return out


def figure_footer(fig: go.Figure) -> str | None:
    """The footer text stored by :func:`add_footer`, if any."""
    meta = fig.layout.meta
    return meta.get(FOOTER_META_KEY) if isinstance(meta, dict) else None


def html_with_footer(html: bytes, lines: list[str]) -> bytes:
    """The HTML file with the footer lines in a div under the chart."""
    if not lines:
        return html
    body = "<br>".join(escape(line) for line in lines)
    div = (f'<div class="nansei-footer" style="font: {FOOTER_SIZE_PX}px \'DejaVu Sans\', Arial, sans-serif; '
           f'color: #555; padding: 4px {FOOTER_LEFT_PX}px">{body}</div>\n')
    return html.replace(b"</body>", div.encode("utf-8") + b"</body>", 1)


def png_with_footer(chart: bytes, width: int, height: int, strip: int, scale: float, lines: list[str]) -> bytes:
    """The PNG chart with a ``strip`` px band of footer lines (DejaVu Sans) below it."""
    from PIL import Image, ImageDraw, ImageFont

    with Image.open(io.BytesIO(chart)) as image:
        canvas = Image.new("RGB", (round(width * scale), round(height * scale)), "white")
        canvas.paste(image.convert("RGB"), (0, 0))
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    try:
        font = ImageFont.truetype(str(FONT_REGULAR), round(FOOTER_SIZE_PX * scale))
    except OSError:
        font = ImageFont.load_default(round(FOOTER_SIZE_PX * scale))
    draw = ImageDraw.Draw(canvas)
    top = height - strip + FOOTER_PAD_PX
    for i, line in enumerate(lines):
        draw.text((FOOTER_LEFT_PX * scale, (top + i * FOOTER_LINE_PX) * scale), line, fill="#555555", font=font)
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=False)
    return out.getvalue()


def svg_with_footer(chart: bytes, width: int, height: int, strip: int, scale: float, lines: list[str]) -> bytes:
    """The SVG chart nested in a taller SVG with the footer lines as text below it."""
    inner = chart.decode("utf-8")
    inner = inner[inner.index("<svg"):]  # drop an XML declaration, if any
    top = height - strip + FOOTER_PAD_PX + FOOTER_SIZE_PX
    texts = "".join(
        f'<text x="{FOOTER_LEFT_PX}" y="{top + i * FOOTER_LINE_PX}" font-family="DejaVu Sans, Arial, sans-serif" '
        f'font-size="{FOOTER_SIZE_PX}" fill="#555555">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    outer = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
             f'<rect width="{width}" height="{height}" fill="white"/>{inner}{texts}</svg>')
    return outer.encode("utf-8")


def pdf_with_footer(chart: bytes, width: int, height: int, strip: int, scale: float, lines: list[str]) -> bytes:
    """The PDF chart page placed on a taller page with the footer lines below it."""
    from fpdf import FPDF
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    page = PdfReader(io.BytesIO(chart)).pages[0]
    pt = float(page.mediabox.width) / width  # kaleido: 0.75 pt per CSS pixel
    note = FPDF(unit="pt", format=(width * pt, strip * pt))
    note.set_auto_page_break(False)
    note.add_page()
    note.add_font("DejaVu", "", str(FONT_REGULAR))
    note.set_font("DejaVu", "", FOOTER_SIZE_PX * pt)
    note.set_text_color(85, 85, 85)
    for i, line in enumerate(lines):
        note.text(FOOTER_LEFT_PX * pt, (FOOTER_PAD_PX + FOOTER_SIZE_PX + i * FOOTER_LINE_PX) * pt, line)
    sheet = PageObject.create_blank_page(width=width * pt, height=height * pt)
    sheet.merge_page(PdfReader(io.BytesIO(bytes(note.output()))).pages[0])
    sheet.merge_transformed_page(page, Transformation().translate(0, strip * pt))
    writer = PdfWriter()
    writer.add_page(sheet)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


