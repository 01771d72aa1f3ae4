"""Imported (ACLED/GDELT) events beside the curated ones: the sidebar toggle and the shared query engine.

Nothing is loaded into memory: the engine (DuckDB over the Parquet store by default, see
:mod:`analysis.query.engine`) is opened once per server (``st.cache_resource``, keyed on the store's
batch list) and every page asks it for counts, grid cells or one page of rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from analysis import settings
from analysis.data.filters import EventFilter
from analysis.data.schemas import EVENTS
from analysis.imports.store import store_dir, store_signature
from ui.access import State, editor_required, session_state

if TYPE_CHECKING:  # ibis (~0.5 s of import, 2 s on a busy machine) loads only when imported events are shown
    from analysis.query.engine import EventQueries

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


@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_engine(url: str, folder: str, signature: tuple) -> EventQueries:
    # One engine per server and store state; it reads Parquet on demand, so this costs no memory per row.
    from analysis.query.engine import open_engine

    return open_engine(url, folder)


def event_store() -> EventQueries:
    """The shared query engine over the imported events (reopened when a batch is added or removed)."""
    folder = store_dir()
    return _cached_engine(settings.engine_url(), str(folder), store_signature(folder))


def imported_events(selection: EventFilter, limit: int = 10_000) -> pd.DataFrame:
    """Up to ``limit`` newest imported events matching the filters: the curated events columns plus ``origin``."""
    return event_store().page(selection, limit)[[*EVENTS.column_names, "origin"]]


@editor_required
def read_uploads(uploads: list, fmt: str, scope: str, state: State | None = None):
    """Read uploaded files once into the store's staging area, with a progress bar; returns the report.

    Editors only (:func:`ui.access.editor_required` raises ``NotAnEditorError``): staging writes to disk.
    The report is kept in the session until the files, format or scope change, so the preview and
    *Accept* share one parse. Each upload is its bytes: nothing in it is taken for a path.
    """
    from analysis.imports.inputs import InputError, from_upload
    from analysis.imports.pipeline import ImportReport, discard_report, read_files

    state = session_state(state)
    key = (tuple((u.name, u.size, getattr(u, "file_id", "")) for u in uploads), fmt, scope)
    if state.get("import-key") == key and state.get("import-report") is not None:
        return state["import-report"]
    old = state.get("import-report")
    if old is not None:
        discard_report(old)
    inputs, refused = [], []
    for upload in uploads:
        try:
            inputs.extend(from_upload(upload.name, upload.getvalue()))
        except InputError as exc:
            refused.append(str(exc))
    bar = st.progress(0.0, text="Reading…")

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"Reading {name[-60:]}")

    report = read_files(inputs, fmt, scope, store_dir(), progress=progress) if inputs else ImportReport(scope=scope)
    report.refused[:0] = refused
    bar.empty()
    state["import-key"], state["import-report"] = key, report
    return report


def forget_upload(state: State | None = None) -> None:
    """Drop the session's pending (unaccepted) import, if any (removes only its own staging files)."""
    from analysis.imports.pipeline import discard_report

    state = session_state(state)
    report = state.pop("import-report", None)
    state.pop("import-key", None)
    if report is not None:
        discard_report(report)


@editor_required
def accept_upload(state: State | None = None) -> dict:
    """Store the session's pending import (editors only: :func:`ui.access.editor_required`); returns the batch.

    Raises
    ------
    ValueError
        If no import is pending in this session.
    """
    from analysis.imports.pipeline import store_report

    state = session_state(state)
    report = state.get("import-report")
    if report is None or report.staging is None:
        raise ValueError(f"no pending import in this session to accept, got {report!r}")
    return store_report(report)


@editor_required
def clear_imported_store(state: State | None = None) -> None:
    """Delete every imported batch (editors only: :func:`ui.access.editor_required`; data/ is untouched)."""
    from analysis.imports.store import clear_store

    state = session_state(state)
    forget_upload(state)
    clear_store(store_dir())


PAGE_KEY = "imported-cursor"


def paged_rows(selection: EventFilter, rows: int = 500) -> tuple[pd.DataFrame, int, int]:
    """One page of imported events (newest first) with Newer/Older buttons; returns (page, page number, total).

    Pages are read by keyset (date, event_id), never by OFFSET; the position resets when the filters change.
    """
    engine = event_store()
    state = st.session_state
    marker = (selection, store_signature(store_dir()))
    if state.get(PAGE_KEY + "-for") != marker:
        state[PAGE_KEY + "-for"], state[PAGE_KEY] = marker, []
    cursors: list = state[PAGE_KEY]
    cols = st.columns([1, 1, 6])
    if cols[0].button("Newer", key="imported-newer", disabled=not cursors):
        cursors.pop()
    page = engine.page(selection, rows, cursors[-1] if cursors else None)
    if cols[1].button("Older", key="imported-older", disabled=len(page) < rows):
        cursors.append((page["date"].iloc[-1].date(), str(page["event_id"].iloc[-1])))
        page = engine.page(selection, rows, cursors[-1])
    return page, len(cursors) + 1, engine.count(selection)

