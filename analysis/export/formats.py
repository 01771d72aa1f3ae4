"""Turn figures and tables into files for briefings.

Interactive HTML inlines plotly.js, so the file opens with no network. PNG/SVG/PDF are rendered by
:mod:`analysis.export.browser` (one warm Chromium), with the citation footer of
:mod:`analysis.export.footer` under the chart. Tables are neutralised against spreadsheet formula injection.
"""

from __future__ import annotations

import io
import logging
from typing import Literal, get_args

import pandas as pd
import plotly.graph_objects as go

from analysis.cleantext import drop_controls, formula_risk
from analysis.export.browser import static_bytes
from analysis.export.footer import (
    FOOTER_LINE_PX,
    FOOTER_PAD_PX,
    figure_footer,
    html_with_footer,
    pdf_with_footer,
    png_with_footer,
    svg_with_footer,
)
from analysis.features.maplegend import fit_side_legend

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ExportFormat = Literal["png", "svg", "pdf", "html"]
FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)


def export_format(value: str) -> ExportFormat:
    """``value`` as an export format; ValueError naming it when it is not one of :data:`FORMATS`."""
    for fmt in FORMATS:
        if value == fmt:
            return fmt
    raise ValueError(f"unknown export format: expected one of {FORMATS}, got {value!r}")
STATIC_FORMATS = ("png", "svg", "pdf")
SIZES = {"default": (1200, 675), "slide": (1600, 900)}
# Slide-size exports are laid out at 1/1.5 of their pixel size and rendered 1.5x: chart text
# is 21 px on a 1600 px image, about 13 pt on a 13.3 in slide, instead of 8 pt.
ZOOM = {"default": 1.0, "slide": 1.5}
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "html": "text/html"}

_log = logging.getLogger(__name__)


def figure_to_html(fig: go.Figure) -> bytes:
    """Self-contained interactive HTML (plotly.js inlined, no CDN)."""
    html = fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})
    return html.encode("utf-8")


def static_figure(fig: go.Figure, title: str | None = None) -> go.Figure:
    """The figure as it goes into a file: no range-slider control, and a title when it has none.

    Page downloads and the CLI both export through this, so the same chart exports the same way.
    """
    has_title = bool(fig.layout.title and fig.layout.title.text)
    slider = fig.layout.xaxis.rangeslider if fig.layout.xaxis else None
    if (has_title or not title) and not (slider and slider.visible):
        return fig
    out = go.Figure(fig)
    if slider and slider.visible:
        out.update_xaxes(rangeslider_visible=False)
    if title and not has_title:
        top = (out.layout.margin.t or 0) + 50  # room for the title above what the margin already holds
        out.update_layout(title={"text": title, "x": 0.01, "xanchor": "left"}, margin={"t": top})
    return out


def export_figure(
    fig: go.Figure, fmt: ExportFormat, *, scale: float = 1, size: str | tuple[int, int] = "default",
    footer: str | None = None, title: str | None = None,
) -> bytes:
    """Export a figure as ``png``, ``svg``, ``pdf`` or self-contained ``html`` bytes.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        Not modified. A footer set by :func:`add_footer` is printed under the chart.
    fmt : str
        One of :data:`FORMATS`.
    scale : float
        Pixel multiplier for PNG (2 = sharp on projectors); SVG and PDF ignore it.
    size : str or (int, int)
        ``"default"`` (1200x675) or ``"slide"`` (1600x900 px, 16:9, laid out at 1067x600 and
        rendered 1.5x so text has slide size); or (width, height) in CSS px. The footer is inside.
    title : str, optional
        Title for a figure that has none (a page chart); see :func:`static_figure`.
    footer : str, optional
        Footer lines (one per line); overrides the one stored by :func:`add_footer`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format: expected one of {FORMATS}, got {fmt!r}")
    custom = isinstance(size, tuple)
    if not custom and size not in SIZES:
        raise ValueError(f"unknown export size: expected one of {tuple(SIZES)} or (width, height), got {size!r}")
    if not scale or scale <= 0:
        raise ValueError(f"scale must be > 0, got {scale!r}")
    scale = scale if fmt == "png" else 1  # SVG and PDF are vectors: a scale would only enlarge the page
    lines = [line for line in (footer or figure_footer(fig) or "").split("\n") if line.strip()]
    if fmt == "html":
        return html_with_footer(figure_to_html(fig), lines)
    fig = static_figure(fig, title)
    if isinstance(size, tuple):
        zoom, target = 1.0, (int(size[0]), int(size[1]))
    else:
        zoom, target = ZOOM[size], SIZES[size]
    width, height = round(target[0] / zoom), round(target[1] / zoom)
    strip = FOOTER_PAD_PX * 2 + FOOTER_LINE_PX * len(lines) if lines else 0
    fig = fit_side_legend(fig, width, height - strip)  # a map's key in two columns where one would be cut
    if not lines:
        out = static_bytes(fig, fmt, width, height, scale * zoom if fmt == "png" else 1)
    else:
        chart = static_bytes(fig, fmt, width, height - strip, scale * zoom if fmt == "png" else 1)
        compose = {"png": png_with_footer, "svg": svg_with_footer, "pdf": pdf_with_footer}[fmt]
        out = compose(chart, width, height, strip, scale * zoom if fmt == "png" else 1, lines)
    if fmt == "png":
        return _exact_png(out, round(target[0] * scale), round(target[1] * scale))
    if zoom != 1:
        return _svg_size(out, target, (width, height)) if fmt == "svg" else _pdf_size(out, target)
    return out


def _pdf_size(pdf: bytes, target: tuple[int, int]) -> bytes:
    # Scale the page back to the requested size (vectors: nothing is lost).
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        page.scale_to(target[0] * 0.75, target[1] * 0.75)  # kaleido's 0.75 pt per CSS pixel
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _svg_size(svg: bytes, target: tuple[int, int], layout: tuple[int, int]) -> bytes:
    # The drawing keeps its layout units (viewBox); the outer size is the requested one.
    import re

    text = svg.decode("utf-8")
    start = text.index("<svg")
    end = text.index(">", start)
    tag = re.sub(r'\s(width|height|viewBox)="[^"]*"', "", text[start:end])
    tag += f' width="{target[0]}" height="{target[1]}" viewBox="0 0 {layout[0]} {layout[1]}"'
    return (text[:start] + tag + text[end:]).encode("utf-8")


def _exact_png(png: bytes, width: int, height: int) -> bytes:
    # A 1067 px layout rendered 1.5x is 1600.5 px: resample the odd pixel away so sizes stay exact.
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        if image.size == (width, height):
            return png
        out = io.BytesIO()
        image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS).save(out, format="PNG")
    return out.getvalue()


# --- tables ---------------------------------------------------------------------------------


def _is_plain_number(text: str) -> bool:
    # float() accepts surrounding whitespace ("\t-1"), so a tab/CR-led cell is never "plain".
    if text != text.strip():
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def neutralise_cell(value: object) -> object:
    r"""Text made safe for a spreadsheet: control characters dropped, formulas prefixed with ``'``.

    Plain numbers (``-3.5``) are left alone; ``=1+1``, ``+cmd``, ``@SUM()``, cells starting with
    tab or carriage return, and formulas behind leading controls or spaces (``"\x00\x00=cmd"``,
    ``" =cmd"``) are neutralised (:func:`analysis.cleantext.formula_risk`).
    """
    if not isinstance(value, str):
        return value
    clean = drop_controls(value)
    if (formula_risk(value) or formula_risk(clean)) and not _is_plain_number(clean):
        return "'" + clean
    return clean


def safe_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` with every text cell neutralised (see :func:`neutralise_cell`)."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell).astype(object)
    return out


def table_to_csv(table: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM so Excel reads accents), safe against formula injection.

    Rows end in CRLF (RFC 4180), which also makes the writer quote a cell holding a bare CR.
    """
    return safe_table(table).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _xlsx_value(value: object) -> object:
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalar -> Python number
    return value


def table_to_xlsx(table: pd.DataFrame, sheet: str = "data") -> bytes:
    """XLSX bytes: text cells neutralised and stored as text (never as formulas), numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append([str(c) for c in table.columns])
    for row in safe_table(table).itertuples(index=False):
        ws.append([_xlsx_value(v) for v in row])
    # openpyxl treats any text starting with "=" as a formula; force every text cell to a string.
    for cells in ws.iter_rows(min_row=1):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
