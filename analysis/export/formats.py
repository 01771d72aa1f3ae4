"""Turn figures and tables into files for briefings.

Interactive HTML inlines plotly.js, so the file opens with no network.
PNG/SVG/PDF go through kaleido and a local Chromium: one browser is kept
warm per process (the first image ~3 s, then ~0.2 s each). Tables are
neutralised against spreadsheet formula injection.
"""

from __future__ import annotations

import asyncio
import atexit
import io
import logging
import os
import textwrap
import threading
from concurrent.futures import Future
from html import escape
from typing import Any, Literal, get_args

import pandas as pd
import plotly.graph_objects as go

from analysis import settings
from analysis.charts.text import FONT_REGULAR
from analysis.cleantext import drop_controls, formula_risk

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
FOOTER_LINE_CHARS = 150
RENDER_TIMEOUT_S = 90

_log = logging.getLogger(__name__)


def figure_to_html(fig: go.Figure) -> bytes:
    """Self-contained interactive HTML (plotly.js inlined, no CDN)."""
    html = fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})
    return html.encode("utf-8")


# --- static export: one warm browser per process -------------------------------------------


def browser_path() -> str | None:
    """Path of the Chromium kaleido will drive, or None when there is none.

    ``$NANSEI_CHROMIUM`` (also used by the browser tests) overrides the search.
    """
    override = settings.chromium_override()
    if override:
        return override if os.access(override, os.X_OK) else None
    try:
        from choreographer.browsers.chromium import Chromium

        return Chromium.find_browser(skip_local=False)
    except Exception:  # any failure to look means "no browser"
        return None


def static_export_available() -> tuple[bool, str]:
    """Whether PNG/SVG/PDF can be made here, and why not when they cannot.

    Returns
    -------
    (bool, str)
        ``(True, "")`` or ``(False, reason)``; HTML and CSV work either way.
    """
    try:
        import kaleido  # noqa: F401
    except ImportError as exc:
        return False, f"PNG/SVG/PDF export needs the kaleido package ({exc}); HTML and CSV still work."
    path = browser_path()
    if path is None:
        where = settings.chromium_override() or "PATH"
        return False, (
            f"PNG/SVG/PDF export needs Chromium, none found (looked in {where}); install Debian's `chromium` "
            "package. HTML and CSV downloads still work."
        )
    return True, ""


class _WarmBrowser:
    """One kaleido browser on its own event-loop thread, shared by every caller.

    kaleido's own ``start_sync_server`` hangs forever when its browser dies or
    fails to start; here each render has a timeout and a failed start is seen.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None  # kaleido.Kaleido once started
        self.failed: str | None = None
        self._atexit = False

    def _kaleido_kwargs(self) -> dict:
        # mathjax=False: kaleido's default loads MathJax from a CDN; we make no network request.
        return {"n": 1, "mathjax": False, "path": browser_path(), "timeout": RENDER_TIMEOUT_S}

    def start(self) -> bool:
        """Start the browser once (thread-safe); False if it cannot start."""
        with self._lock:
            if self._kaleido is not None:
                return True
            if self.failed:
                return False
            import kaleido

            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="kaleido-warm", daemon=True).start()
            k = kaleido.Kaleido(**self._kaleido_kwargs())
            try:
                asyncio.run_coroutine_threadsafe(k.open(), loop).result(timeout=60)
            except Exception as exc:  # fall back to a cold browser per call
                self.failed = f"{type(exc).__name__}: {exc}"
                _log.warning("warm kaleido browser did not start (%s); exporting cold", self.failed)
                loop.call_soon_threadsafe(loop.stop)
                return False
            self._loop, self._kaleido = loop, k
            if not self._atexit:
                # Close Chromium before interpreter teardown, or its profile folder outlives the temp dir.
                atexit.register(self.stop)
                self._atexit = True
            return True

    def render(self, spec: dict, opts: dict) -> bytes:
        if self._kaleido is None or self._loop is None:
            raise RuntimeError("the export browser is not running: call start() first")
        future: Future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(spec, opts=opts), self._loop)
        return future.result(timeout=RENDER_TIMEOUT_S + 5)

    def stop(self) -> None:
        """Close the browser (tests, benchmarks, exit); the next export starts a new one."""
        with self._lock:
            loop = self._loop
            if self._kaleido is None or loop is None:
                self.failed = None
                return
            try:
                asyncio.run_coroutine_threadsafe(self._kaleido.close(), loop).result(timeout=30)
            except Exception as exc:  # closing is best effort
                _log.warning("closing the export browser failed: %s: %s", type(exc).__name__, exc)
            finally:
                loop.call_soon_threadsafe(loop.stop)
                self._loop = self._kaleido = None
                self.failed = None


_WARM = _WarmBrowser()
_warming: threading.Thread | None = None


def warm_up() -> str:
    """Start the export browser in the background (never blocks); return its state.

    ``"ready"``, ``"starting"``, ``"failed"`` or ``"unavailable"`` (no kaleido or Chromium). Pages
    call this when they draw download buttons, so the first export does not wait ~3 s for a
    cold browser, and can say that it is starting.
    """
    global _warming
    if _WARM._kaleido is not None:
        return "ready"
    if _WARM.failed:
        return "failed"
    if not static_export_available()[0]:
        return "unavailable"
    if _warming is None or not _warming.is_alive():
        _warming = threading.Thread(target=_WARM.start, name="kaleido-warm-up", daemon=True)
        _warming.start()
    return "starting"


def stop_warm_browser() -> None:
    """Close the shared export browser if it is running."""
    _WARM.stop()


def _cold_render(spec: dict, opts: dict) -> bytes:
    import kaleido

    kopts = {"mathjax": False, "path": browser_path()}
    return kaleido.calc_fig_sync(spec, opts=opts, kopts=kopts)


def static_bytes(fig: go.Figure, fmt: str, width: int, height: int, scale: float = 1, warm: bool = True) -> bytes:
    """Render ``fig`` as PNG, SVG or PDF bytes with kaleido.

    ``warm=True`` uses the shared browser (started on first use); if it cannot
    start, each call starts its own browser instead (slow but works).
    """
    ok, reason = static_export_available()
    if not ok:
        raise RuntimeError(reason)
    spec = fig.to_plotly_json()
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    if warm and _WARM.start():
        try:
            return _WARM.render(spec, opts)
        except Exception as exc:  # a dead warm browser must not break exports
            _log.warning("warm export failed (%s: %s); retrying cold", type(exc).__name__, exc)
    return _cold_render(spec, opts)


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
        return _html_with_footer(figure_to_html(fig), lines)
    fig = static_figure(fig, title)
    if isinstance(size, tuple):
        zoom, target = 1.0, (int(size[0]), int(size[1]))
    else:
        zoom, target = ZOOM[size], SIZES[size]
    width, height = round(target[0] / zoom), round(target[1] / zoom)
    if not lines:
        out = static_bytes(fig, fmt, width, height, scale * zoom if fmt == "png" else 1)
    else:
        strip = FOOTER_PAD_PX * 2 + FOOTER_LINE_PX * len(lines)
        chart = static_bytes(fig, fmt, width, height - strip, scale * zoom if fmt == "png" else 1)
        compose = {"png": _png_with_footer, "svg": _svg_with_footer, "pdf": _pdf_with_footer}[fmt]
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


# --- citation footer ------------------------------------------------------------------------
# The footer is drawn outside plotly's layout: legends, range sliders and notes placed below a
# plot make plotly grow its bottom margin by itself, so a paper-anchored note would overlap them.

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


def _html_with_footer(html: bytes, lines: list[str]) -> bytes:
    if not lines:
        return html
    body = "<br>".join(escape(line) for line in lines)
    div = (f'<div class="nansei-footer" style="font: {FOOTER_SIZE_PX}px \'DejaVu Sans\', Arial, sans-serif; '
           f'color: #555; padding: 4px {FOOTER_LEFT_PX}px">{body}</div>\n')
    return html.replace(b"</body>", div.encode("utf-8") + b"</body>", 1)


def _png_with_footer(chart: bytes, width: int, height: int, strip: int, scale: float, lines: list[str]) -> bytes:
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


def _svg_with_footer(chart: bytes, width: int, height: int, strip: int, scale: float, lines: list[str]) -> bytes:
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


def _pdf_with_footer(chart: bytes, width: int, height: int, strip: int, scale: float, lines: list[str]) -> bytes:
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
