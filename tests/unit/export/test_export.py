"""Exports: the bytes each format produces, the footer, and formula-injection safety."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from xml.etree import ElementTree

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from analysis.export import browser, footer
from analysis.export.browser import static_export_available
from analysis.export.footer import add_footer
from analysis.export.formats import export_figure, neutralise_cell, safe_table, table_to_csv, table_to_xlsx


@pytest.fixture
def unstarted(monkeypatch) -> Iterator[browser._WarmBrowser]:
    """A new, unstarted export browser in place of the worker's shared one, closed after the test.

    The shared one stays warm for the rest of the worker's tests (atexit closes it): each start is about
    3 s of Chromium CPU, and stopping it here made the next exporting module start another (issue 22).
    """
    fresh = browser._WarmBrowser()
    monkeypatch.setattr(browser, "_WARM", fresh)
    monkeypatch.setattr(browser, "_warming", None)
    yield fresh
    if browser._warming is not None:
        browser._warming.join(timeout=90)
    fresh.stop()


@pytest.fixture
def fig() -> go.Figure:
    out = go.Figure(go.Bar(x=["2024", "2025"], y=[3, 5], name="events"))
    out.update_layout(title="Test chart")
    return out


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


def test_chromium_is_available_here() -> None:
    assert static_export_available() == (True, "")


@pytest.mark.parametrize(("size", "scale", "expected"), [
    ("default", 1, (1200, 675)), ("default", 2, (2400, 1350)), ("slide", 1, (1600, 900)), ("slide", 2, (3200, 1800)),
])
def test_png_dimensions(fig, size, scale, expected) -> None:
    assert png_size(export_figure(fig, "png", size=size, scale=scale)) == expected


def test_svg_parses_as_xml_with_slide_width(fig) -> None:
    root = ElementTree.fromstring(export_figure(fig, "svg", size="slide"))
    assert root.tag.endswith("svg")
    assert float(root.get("width")) == 1600
    assert "Test chart" in ElementTree.tostring(root, encoding="unicode")


def test_pdf_has_one_page_with_the_title(fig) -> None:
    reader = PdfReader(io.BytesIO(export_figure(fig, "pdf", size="slide")))
    assert len(reader.pages) == 1
    assert "Test chart" in reader.pages[0].extract_text()


def test_html_inlines_plotly_and_references_nothing_outside(fig) -> None:
    html = export_figure(fig, "html", footer="Data as of 2026-01-01").decode("utf-8")
    assert '<div class="nansei-footer"' in html
    assert len(html) > 1_000_000, "plotly.js should be inlined"
    assert "Data as of 2026-01-01" in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all("src=" not in tag for tag in scripts), scripts
    # plotly.js's own code holds URL strings it uses only for tile maps (never drawn here);
    # everything outside the inlined library must name no address at all.
    blocks = re.findall(r"<script[^>]*>(.*?)</script>", html, re.DOTALL)
    library = max(blocks, key=len)
    assert "plotly.js v" in library[:2000]
    rest = html.replace(library, "")
    assert not re.search(r"https?://|//cdn|url\(", rest, re.IGNORECASE), re.findall(r".{60}https?://.{60}", rest)


def test_export_rejects_bad_arguments_naming_them(fig) -> None:
    with pytest.raises(ValueError, match="'jpeg'"):
        export_figure(fig, "jpeg")
    with pytest.raises(ValueError, match="'poster'"):
        export_figure(fig, "png", size="poster")
    with pytest.raises(ValueError, match="-1"):
        export_figure(fig, "png", scale=-1)


def test_missing_browser_disables_static_formats_but_not_html(fig, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_CHROMIUM", "/nonexistent/chromium")
    ok, reason = static_export_available()
    assert not ok and "Chromium" in reason and "/nonexistent/chromium" in reason and "HTML" in reason
    with pytest.raises(RuntimeError, match="Chromium"):
        export_figure(fig, "png")
    assert export_figure(fig, "html").lower().startswith(b"<!doctype html>")


def test_warm_browser_is_shared_and_thread_safe(fig) -> None:
    export_figure(fig, "svg")
    assert browser._WARM._kaleido is not None
    first = browser._WARM._kaleido
    with ThreadPoolExecutor(4) as pool:
        sizes = list(pool.map(lambda s: png_size(export_figure(fig, "png", scale=s)), [1, 2, 1, 2]))
    assert sizes == [(1200, 675), (2400, 1350), (1200, 675), (2400, 1350)]
    assert browser._WARM._kaleido is first, "one browser for every export"


def test_falls_back_to_a_cold_browser_when_warm_start_fails(fig, monkeypatch) -> None:
    calls = []
    real_cold = browser._cold_render
    monkeypatch.setattr(browser._WARM, "start", lambda: False)
    monkeypatch.setattr(browser, "_cold_render", lambda spec, opts: calls.append(opts) or real_cold(spec, opts))
    assert png_size(export_figure(fig, "png")) == (1200, 675)
    assert calls == [{"format": "png", "width": 1200, "height": 675, "scale": 1}]


def test_add_footer_is_a_copy_with_date_filters_and_sources(fig) -> None:
    cited = add_footer(fig, "2026-05-31", "countries: JPN; dates: start to latest", "Ministry of Defense (2025-12)")
    assert footer.figure_footer(fig) is None, "the original figure is untouched"
    text = footer.figure_footer(cited)
    assert "Data as of 2026-05-31" in text and "countries: JPN" in text and "Ministry of Defense (2025-12)" in text
    assert cited.data == fig.data


def test_footer_wraps_and_trims_long_source_lists(fig) -> None:
    sources = "; ".join(f"Publisher number {i} (2025-01-{i % 28 + 1:02d})" for i in range(80))
    lines = footer.figure_footer(add_footer(fig, "2026-05-31", "countries: all", sources)).split("\n")
    assert len(lines) == 3
    assert all(len(line) <= footer.FOOTER_LINE_CHARS for line in lines)
    assert lines[-1].endswith("…")


@pytest.fixture
def cited(fig) -> go.Figure:
    out = fig.update_layout(legend={"orientation": "h", "y": -0.3}, xaxis={"rangeslider": {"visible": True}})
    return add_footer(out, "2026-05-31", "countries: JPN", "Ministry of Defense <MOD> (2025-12)")


def test_footer_is_printed_in_every_format_at_the_same_size(cited) -> None:
    png = export_figure(cited, "png", size="slide", scale=2)
    assert png_size(png) == (3200, 1800)
    with Image.open(io.BytesIO(png)) as image:
        strip = image.convert("L").crop((0, 1800 - 80, 3200, 1800))
        assert strip.getextrema()[0] < 128, "dark footer text in the bottom strip"
    root = ElementTree.fromstring(export_figure(cited, "svg", size="slide"))
    assert (root.get("width"), root.get("height")) == ("1600", "900")
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text]
    assert any(t.startswith("Data as of 2026-05-31") for t in texts)
    assert "Sources: Ministry of Defense <MOD> (2025-12)" in texts
    page = PdfReader(io.BytesIO(export_figure(cited, "pdf", size="slide"))).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (1200, 675)
    assert "Data as of 2026-05-31" in page.extract_text() and "Test chart" in page.extract_text()
    html = export_figure(cited, "html").decode("utf-8")
    assert "Sources: Ministry of Defense &lt;MOD&gt; (2025-12)</div>" in html


def test_explicit_footer_overrides_the_stored_one(cited) -> None:
    root = ElementTree.fromstring(export_figure(cited, "svg", footer="Line one\nLine two"))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text]
    assert texts[-2:] == ["Line one", "Line two"]


# --- formula injection (OWASP CSV injection cases) ---------------------------------------------

DANGEROUS = [
    "=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "=HYPERLINK(\"http://evil.example\",\"x\")",
    "=cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "-2+3+cmd|' /C calc'!A0", "+ 5", "@", "\t-1",
]
PLAIN = ["-3.5", "+5", "-1e-3", "42", "Senkaku islands", "", "a=b", "2025-11-07"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_dangerous_cells_are_prefixed(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", PLAIN)
def test_plain_numbers_and_text_are_kept(value: str) -> None:
    assert neutralise_cell(value) == value


def test_non_text_cells_are_untouched() -> None:
    assert neutralise_cell(-3.5) == -3.5
    assert neutralise_cell(None) is None


@pytest.fixture
def hostile_table() -> pd.DataFrame:
    return pd.DataFrame({
        "text": pd.Series([*DANGEROUS, *PLAIN], dtype="string"),
        "number": [float(i) - 5 for i in range(len(DANGEROUS) + len(PLAIN))],
    })


def test_csv_cells_are_neutralised(hostile_table) -> None:
    raw = table_to_csv(hostile_table)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    expected = safe_table(hostile_table)["text"].tolist()
    assert back["text"].tolist() == expected
    assert all(v.startswith("'") for v in back["text"][: len(DANGEROUS)])
    assert back["number"].iloc[0] == "-5.0"


def test_xlsx_writes_strings_as_strings_and_no_formulas(hostile_table) -> None:
    raw = table_to_xlsx(hostile_table)
    sheet = load_workbook(io.BytesIO(raw)).active
    assert [c.value for c in sheet[1]] == ["text", "number"]
    texts = [row[0] for row in sheet.iter_rows(min_row=2)]
    numbers = [row[1] for row in sheet.iter_rows(min_row=2)]
    for cell, value in zip(texts, [*DANGEROUS, *PLAIN], strict=True):
        if value == "":
            continue
        assert cell.data_type == "s", (value, cell.data_type)
        assert cell.value == neutralise_cell(value)
    assert all(c.data_type == "n" for c in numbers) and numbers[0].value == -5
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml, "no cell may hold a formula"


def test_xlsx_of_real_event_table_round_trips(fixture_data_dir) -> None:
    from analysis.data.loader import load_dataset
    from analysis.features.overview import event_table

    table = event_table(load_dataset(fixture_data_dir).events)
    sheet = load_workbook(io.BytesIO(table_to_xlsx(table))).active
    assert sheet.max_row == len(table) + 1
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("event_id") + 1).value == table["event_id"].iloc[0]


def test_files_drop_the_range_slider_and_get_the_title_as_the_cli_does() -> None:
    # Issue 15/16: the page's PNG had no title and showed the range-slider control.
    from analysis.export.formats import static_figure

    page = go.Figure(go.Scatter(x=[1, 2], y=[3, 4])).update_xaxes(rangeslider_visible=True)
    out = static_figure(page, "Timeline of curated events, by category")
    assert out.layout.title.text == "Timeline of curated events, by category"
    assert out.layout.xaxis.rangeslider.visible is False
    assert page.layout.xaxis.rangeslider.visible is True  # the shown figure is not changed
    titled = go.Figure(layout={"title": {"text": "Own title"}})
    assert static_figure(titled, "Other").layout.title.text == "Own title"


def test_slide_size_is_laid_out_smaller_and_rendered_larger(monkeypatch) -> None:
    # Issue 15/15: slide-size files use slide-size text: the layout is 1067x600 px drawn 1.5x.
    from analysis.export import formats

    calls = []
    monkeypatch.setattr(formats, "static_bytes", lambda fig, fmt, w, h, scale=1, warm=True:
                        calls.append((w, h, scale)) or _png(w, h, scale))
    out = formats.export_figure(go.Figure(), "png", size="slide", scale=2)
    assert calls == [(1067, 600, 3.0)]
    assert png_size(out) == (3200, 1800)


def _png(width: int, height: int, scale: float) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (round(width * scale), round(height * scale)), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_warm_up_returns_at_once_and_the_browser_gets_ready(monkeypatch, unstarted) -> None:
    """The page's call starts the browser on a thread and returns; "ready" once that start has ended.

    The start is held until the page has its answer, then stands in for a real one: starting a real browser
    is every export test's first step (``static_bytes`` calls the same ``start``), 3 s of Chromium CPU more here.
    """
    monkeypatch.setenv("NANSEI_EXPORT_WARM", "1")  # the suite turns it off (tests/conftest.py)
    let_start = threading.Event()

    def start() -> bool:
        let_start.wait(90)
        unstarted._kaleido = object()  # what a started browser leaves behind
        return True

    monkeypatch.setattr(unstarted, "start", start)
    assert browser.warm_up() == "starting"  # answered while the start is still held: a page never waits
    first = browser._warming
    assert browser.warm_up() == "starting" and browser._warming is first  # asked again: the same start
    let_start.set()
    assert first is not None
    first.join(90)
    assert browser.warm_up() == "ready"


@pytest.mark.parametrize("value", ["0", "off", "False"])
def test_with_the_warm_up_off_drawing_a_page_starts_no_browser(monkeypatch, unstarted, value: str) -> None:
    monkeypatch.setenv("NANSEI_EXPORT_WARM", value)
    assert browser.warm_up() == "off"
    assert browser._warming is None or not browser._warming.is_alive()
    assert browser._WARM._kaleido is None


def test_closing_waits_by_polling_and_gives_up_naming_the_time() -> None:
    done: Future = Future()
    done.set_result("closed")
    assert browser._result_within(done, 0.1) == "closed"
    with pytest.raises(TimeoutError, match=r"within 0\.1 s"):
        browser._result_within(Future(), 0.1)  # never done: the exit is not held up
