"""Imported (ACLED/GDELT) events beside the curated ones: the sidebar toggle and the shared store.

The store is loaded once per server (``st.cache_resource``, keyed on the
store's modification time) and shared read-only by every session: a million
events cost one copy, not one per visitor.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.data.filters import EventFilter
from analysis.data.schemas import EVENTS
from analysis.imports.store import EventStore, store_dir, store_mtime

TOGGLE_KEY = "imported"


def sidebar_toggle() -> bool:
    """Draw the "Show imported events" toggle; return its value.

    ``ui.core.sidebar_filters`` draws it, carries its value over page switches and keeps it in the URL
    as ``imported``.
    """
    return st.toggle(
        "Show imported events",
        key=TOGGLE_KEY,
        help="Add events imported from ACLED/GDELT files (Import page) to the charts; the filters apply to them.",
    )


@st.cache_resource(show_spinner="Loading imported events…", max_entries=1)
def _cached_store(folder: str, mtime: float) -> EventStore:
    # max_entries=1: after an import the old copy is dropped, not kept beside the new one.
    return EventStore.load(folder)


def event_store() -> EventStore:
    """The shared, read-only store of imported events (reloaded when the store changes)."""
    folder = store_dir()
    return _cached_store(str(folder), store_mtime(folder))


def imported_events(selection: EventFilter) -> pd.DataFrame:
    """Imported events matching the filters: the curated events columns plus ``origin``."""
    return event_store().filter(selection, columns=[*EVENTS.column_names, "origin"])
