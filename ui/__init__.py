"""Streamlit glue shared by every page (the only place besides pages/ that imports streamlit).

- :mod:`ui.access`: the one editor guard every page write path goes through (and ``NANSEI_READ_ONLY``).
- :mod:`ui.offline`: switches off Streamlit's external-IP lookup (no outside request, ever).
- :mod:`ui.core`: cached data loading, the global sidebar filters, page setup.
- :mod:`ui.downloads`: export buttons under charts and tables.
- :mod:`ui.imported`: imported (ACLED/GDELT) events shown beside curated ones.
- :mod:`ui.errors`: the error boundary every page runs in (installed by ``setup_page``).
- :mod:`ui.figures`: figures and tables cached per data version, day and inputs (:func:`cached_view`).
- :mod:`ui.memory`: the server's memory policy (closed sessions shut down when Streamlit drops them, Arrow on glibc).
- :mod:`ui.memprobe`: the opt-in memory probe of the server process (``NANSEI_MEMORY_PROBE``, bench/load.py).

Pages import what they need from here: ``import ui`` then ``ui.setup_page(...)``.
"""

# First, before importing anything that could fail: a page whose imports fail still gets the short message.
from ui.errors import install_process_boundary

install_process_boundary()

from ui import curate, memory, memprobe, offline
from ui.core import (
    PageContext,
    country_label,
    data_as_of,
    data_as_of_filtered,
    data_problems,
    dataset,
    date_bounds,
    escape_markdown,
    geodata,
    run_today,
    set_dates,
    setup_page,
    table_height,
)
from ui.downloads import chart_downloads, table_downloads
from ui.errors import install_error_boundary, show_unexpected_error
from ui.figures import cached_chart, cached_view, ids_digest, selection_key, timeline_figure
from ui.freshness import freshness_banner, range_after_data_notice
from ui.imported import event_store, imported_events, paged_rows, sidebar_toggle
from ui.lastsync import last_sync_caption
from ui.viewport import main_width

offline.install()  # before any page runs: a foreign websocket Origin must not trigger an outside request
memory.install()  # once per server: closed sessions release their tables; Arrow allocates from glibc
memprobe.start()  # off unless NANSEI_MEMORY_PROBE names a folder (bench/load.py --leak --probe)

__all__ = [
    "PageContext",
    "cached_chart",
    "cached_view",
    "chart_downloads",
    "country_label",
    "curate",
    "data_as_of",
    "data_as_of_filtered",
    "data_problems",
    "dataset",
    "date_bounds",
    "escape_markdown",
    "event_store",
    "freshness_banner",
    "geodata",
    "ids_digest",
    "imported_events",
    "install_error_boundary",
    "last_sync_caption",
    "main_width",
    "paged_rows",
    "range_after_data_notice",
    "run_today",
    "selection_key",
    "set_dates",
    "setup_page",
    "show_unexpected_error",
    "sidebar_toggle",
    "table_downloads",
    "table_height",
    "timeline_figure",
]
