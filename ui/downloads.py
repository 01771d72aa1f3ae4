"""Download buttons under charts and tables (Streamlit glue over :mod:`analysis.export.formats`).

Files are generated only when a button is clicked (``data=`` is a callable,
Streamlit's deferred download): an HTML file inlines 4.6 MB of plotly.js and
a static image needs the export browser (~0.2 s warm, ~2-3 s for the first
one), which would slow down every rerun if made eagerly.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.data.provenance import short_citation, source_ids_of
from analysis.export.browser import static_export_available, warm_up
from analysis.export.footer import footer_text
from analysis.export.formats import MIME, ExportFormat, export_figure, table_to_csv, table_to_xlsx
from analysis.export.tables import csv_with_about, xlsx_with_about
from ui.core import PageContext, data_as_of, data_version
from ui.figures import ids_digest

CHART_BUTTONS: tuple[tuple[ExportFormat, str, dict], ...] = (
    ("png", "PNG (16:9, 2x)", {"size": "slide", "scale": 2}),
    ("svg", "SVG", {"size": "slide"}),
    ("pdf", "PDF", {"size": "slide"}),
    ("html", "HTML (interactive)", {}),
)
DOWNLOAD_LABEL = "Download chart"
"""The control under every chart that opens its PNG/SVG/PDF/HTML buttons (browser tests click it)."""


def menu_key(name: str, key: str | None = None) -> str:
    """Widget key of a chart's download popover (``chart_downloads(..., name, key=key)``)."""
    return f"dl-{key or name}-menu"


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(max_entries=256, show_spinner=False)
def _citation(digest: str, _ids: tuple[str, ...], _sources: pd.DataFrame, data_key: tuple) -> str:
    # ~30 ms uncached for a few hundred ids; every chart of a page shares the same ids. ``digest`` stands
    # for ``_ids`` in the key: Streamlit hashes a tuple item by item, which cost more than the citation.
    return short_citation(_sources, list(_ids))


def _sources_text(ctx: PageContext, source_ids: list[str] | None) -> str:
    if source_ids is None:
        source_ids = source_ids_of(ctx.events)
    ids = tuple(dict.fromkeys(source_ids))
    return _citation(ids_digest(ids), ids, ctx.data.sources, data_version())


def _deferred(fig: go.Figure | Callable[[], go.Figure], fmt: ExportFormat, footer: str, options: dict,
              title: str | None) -> Callable[[], bytes]:
    # Runs on Streamlit's download thread when clicked. Copying the figure now (add_footer)
    # would cost ~60 ms per chart on every rerun, so only the footer text is made eagerly.
    # export_figure drops the range-slider control and adds the title, as the CLI's export does.
    def make() -> bytes:
        figure = fig() if callable(fig) else fig
        return export_figure(figure, fmt, footer=footer, title=title, **options)

    return make


def _registered_title(name: str) -> str | None:
    from analysis.catalog import chart_registry

    spec = chart_registry().get(name)
    return spec.title if spec is not None else None


def chart_downloads(
    fig: go.Figure, name: str, ctx: PageContext, key: str | None = None, source_ids: list[str] | None = None,
    title: str | None = None, export: Callable[[], go.Figure] | None = None,
) -> None:
    """PNG/SVG/PDF/HTML download buttons for a chart, each file with the citation footer, in one popover.

    The buttons (and the footer they carry) are made only while the popover is open: ``menu_key(name)``
    is its widget key, ``True`` in session state opens it (AppTest).

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The chart as shown (not modified).
    name : str
        File name stem, e.g. ``events-per-year``.
    ctx : PageContext
        Gives the data date, the active filters and (by default) the sources of the filtered events.
    key : str, optional
        Widget key stem when one page shows the same ``name`` twice.
    source_ids : list of str, optional
        Sources the chart draws on (``ChartResult.source_ids``); default: those of ``ctx.events``.
    title : str, optional
        Title of the exported file when the figure has none; default: the registered chart's title.
    export : callable, optional
        Builds the figure to export when it differs from the one shown (the map's slide legend).
    """
    # One control on first paint, not four buttons, and its content is made only while it is open (it
    # reruns the page on open and close): a rerun with it closed builds no footer, citation or button
    # (bench/profile.py: the Budgets page sent 26 download-button messages on every rerun).
    # The export browser starts with the page, not with the menu: the first export would otherwise wait ~3 s.
    starting = warm_up() == "starting"
    menu = st.popover(DOWNLOAD_LABEL, icon=":material/download:", key=menu_key(name, key), on_change="rerun")
    if not menu.open:
        return
    footer = footer_text(data_as_of(ctx.data), ctx.selection.describe(), _sources_text(ctx, source_ids))
    available, reason = static_export_available()
    title = title or _registered_title(name)
    with menu:
        if starting:
            st.caption("The image export engine is starting in the background; the first PNG/SVG/PDF may take "
                       "a few seconds.")
        for fmt, label, options in CHART_BUTTONS:
            if fmt != "html" and not available:
                continue
            st.download_button(
                label,
                data=_deferred(export or fig, fmt, footer, options, title),
                file_name=f"{name}.{fmt}",
                mime=MIME[fmt],
                key=f"dl-{key or name}-{fmt}",
                on_click="ignore",
                icon=":material/download:",
                width="stretch",
            )
        if not available:
            st.caption(reason)


def table_downloads(table: pd.DataFrame, name: str, key: str | None = None,
                    about: list[tuple[str, str]] | None = None) -> None:
    """CSV and XLSX download buttons for a table, safe against formula injection.

    With ``about`` (key/value pairs: data date, filters, search) the CSV starts with ``# key: value``
    lines and the XLSX gets an ``about`` sheet, a frozen header and date cells
    (:mod:`analysis.export.tables`).
    """
    snapshot = table.copy()  # the page may reuse its frame; the click comes later
    if about is not None:
        to_csv, to_xlsx = (lambda: csv_with_about(snapshot, about)), (lambda: xlsx_with_about(snapshot, about))
    else:
        to_csv, to_xlsx = (lambda: table_to_csv(snapshot)), (lambda: table_to_xlsx(snapshot))
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        "Table (CSV)",
        data=to_csv,
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"dl-{key or name}-csv",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        "Table (XLSX)",
        data=to_xlsx,
        file_name=f"{name}.xlsx",
        mime=XLSX_MIME,
        key=f"dl-{key or name}-xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
