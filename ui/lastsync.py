"""The last ``sync`` of each feed in small text, for the Overview, Import and Review pages (no network)."""

from __future__ import annotations

import streamlit as st

from analysis.imports.store import store_dir
from analysis.imports.sync import last_sync_lines
from ui.core import escape_markdown


def last_sync_caption(hint: bool = True) -> None:
    """When each feed last synced, what came in and what failed (read from ``<store>/sync/``)."""
    lines = last_sync_lines(store_dir())
    if not lines and hint:
        st.caption("No sync yet: `python -m analysis.cli sync gdelt` fetches new GDELT exports (docs/import.md).")
    for line in lines:
        st.caption(escape_markdown(line))
