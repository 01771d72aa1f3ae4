"""Streamlit glue shared by every page: cached loading, sidebar filters, downloads.

Pages call :func:`setup_page` first; it returns a :class:`PageContext` with
the validated data and the filtered events. Everything else a page does is
layout around functions from :mod:`analysis`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from analysis import clock, settings
from analysis.charts.style import category_label
from analysis.data import freshness
from analysis.data.cache import cached_load_dataset
from analysis.data.check import all_problems
from analysis.data.countries import COUNTRY_NAMES, MAIN_ACTORS, country_name
from analysis.data.dataset import Dataset
from analysis.data.filters import MATCHES, EventFilter, filter_events
from analysis.data.loader import table_mtimes
from analysis.data.schemas import CATEGORIES
from analysis.data.viewlink import VIEW_KEYS, View, link_params, parse_link
from ui.errors import install_error_boundary
from ui.imported import TOGGLE_KEY, sidebar_toggle

if TYPE_CHECKING:  # geopandas is imported only by the pages that draw maps (first paint)
    from analysis.data.geo import GeoLayers

APP_TITLE = "Nansei Watch"
FIRST_DATE = dt.date(2010, 1, 1)
# Our own navigation (Streamlit's is hidden in config.toml): it names the entry page
# "Overview" instead of "app", and its links carry the current filters in the URL.
# Emoji icons are left out: air-gapped machines often lack an emoji font.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("app.py", "Overview", "🧭"),
    ("pages/1_Map.py", "Map", "🗺️"),
    ("pages/2_Timeline.py", "Timeline", "📈"),
    ("pages/3_Budgets.py", "Budgets", "💴"),
    ("pages/4_Events.py", "Events", "📋"),
    ("pages/5_Briefing.py", "Briefing", "🗂️"),
    ("pages/6_Sources.py", "Sources", "📚"),
    ("pages/7_Import.py", "Import", "📥"),
    ("pages/8_Data_check.py", "Data check", "🩺"),
    ("pages/9_Curate.py", "Curate", "✍️"),
    ("pages/10_Ingest.py", "Ingest", "📰"),
    ("pages/11_Review.py", "Review", "📬"),
)
# The sidebar's view is written to the URL by this module (not by Streamlit's widget binding, which
# drops the parameters on the first page switch after opening a link): see docs/sharing.md.
VIEW_STATE = "_nansei_view"
DATE_FROM, DATE_TO = "date-from", "date-to"  # the sidebar's two date fields
# The day this script run works with, read once by setup_page: the sidebar bounds, quick ranges,
# the dataset cache key and the freshness note agree even when a run crosses midnight.
RUN_TODAY_STATE = "_nansei_run_today"
MATCH_LABELS = {"any": "any selected", "all": "all selected"}


@dataclass
class PageContext:
    """What a page needs: all data, the active filters and the filtered events."""

    data: Dataset
    selection: EventFilter
    events: pd.DataFrame
    show_imported: bool = False


# Two entries: the current dataset and, for the sessions still drawing with it, the one a save or a new
# day just replaced. More would keep a full copy per save and per day until the server restarts.
@st.cache_resource(show_spinner="Loading curated data…", max_entries=2)
def _cached_dataset(data_dir: str, mtimes: tuple[float, ...], today: dt.date) -> Dataset:
    # One shared, read-only copy for all sessions; the key changes when a file does.
    return cached_load_dataset(data_dir, today=today)  # disk copy: a restarted server skips re-validation


def run_today() -> dt.date:
    """Today for this script run: the day ``setup_page`` read from the one clock (``analysis.clock``)."""
    day = st.session_state.get(RUN_TODAY_STATE)
    return day if isinstance(day, dt.date) else clock.today()


def data_dir() -> Path:
    """Folder of the curated tables: ``data/``, or ``$NANSEI_DATA_DIR`` (tests, forks)."""
    return settings.data_dir()


def data_version() -> tuple[str, tuple[float, ...]]:
    """The data folder and its files' mtimes: a cache key that changes when a curated file does."""
    folder = data_dir()
    return str(folder), table_mtimes(folder)


def dataset() -> Dataset:
    """The validated curated dataset (cached until a file in the data folder changes)."""
    return _cached_dataset(*data_version(), run_today())


@st.cache_resource(show_spinner=False, max_entries=2)  # current layers + the ones just replaced
def _cached_geo(geo_dir: str, mtimes: tuple[float, ...], _sources: pd.DataFrame) -> GeoLayers:
    from analysis.data.geo import load_geo

    # Shared read-only layers; the key changes when a geo or curated file does.
    return load_geo(geo_dir, _sources)


def geodata(data: Dataset) -> GeoLayers:
    """The map layers (EPSG:4326) of the data folder, or the bundled ones if it has none.

    Bundled layers are checked against the bundled sources they cite, not the folder's.
    """
    from analysis.data.geo import geo_folder

    geo_dir, sources = geo_folder(data)
    return _cached_geo(str(geo_dir), table_mtimes(geo_dir.parent), sources)


def data_problems(data: Dataset) -> pd.DataFrame:
    """Every problem the Data check page lists: curated tables, then map layers."""
    return all_problems(data)


def date_bounds(data: Dataset) -> tuple[dt.date, dt.date]:
    """First and last selectable dates: 2010-01-01 (or the earliest event) to today."""
    today = run_today()
    dates = data.events["date"].dropna()
    first = min(FIRST_DATE, dates.min().date()) if not dates.empty else FIRST_DATE
    return first, today


def _link_view(first: dt.date, last: dt.date) -> tuple[View, tuple[str, ...]]:
    """The view this session shows: its own last view, or on a first visit the one the link names."""
    saved = st.session_state.get(VIEW_STATE)
    if isinstance(saved, View):
        return saved, ()
    link = parse_link({key: st.query_params.get_all(key) for key in VIEW_KEYS}, first, last)
    view = View(link.countries or (), link.match or "any", link.dates, link.categories or (), bool(link.imported))
    return view, link.problems


def _seed_widgets(view: View, first: dt.date, last: dt.date) -> None:
    # A page switch creates the widgets anew. Writing each value back to its key before the
    # widget is drawn makes the new page start with it; a key the switch dropped gets the
    # session's saved view (or, on a first visit, the link's).
    start, end = view.dates or (first, last)
    seeds = {"countries": list(view.countries), "match": view.match, DATE_FROM: start, DATE_TO: end,
             "categories": list(view.categories), TOGGLE_KEY: view.imported}
    for key, value in seeds.items():
        st.session_state[key] = st.session_state.get(key, value)


def _current_view(saved: View) -> View:
    # The values the widgets are about to show: the user's last change is already in session_state.
    state = st.session_state
    start, end = state[DATE_FROM], state[DATE_TO]
    complete = isinstance(start, dt.date) and isinstance(end, dt.date)
    return View(tuple(state["countries"]), state["match"], tuple(sorted((start, end))) if complete else saved.dates,
                tuple(state["categories"]), bool(state[TOGGLE_KEY]))


def set_dates(start: dt.date, end: dt.date) -> None:
    """Set the sidebar's date range (from a button's callback, before the sidebar is drawn)."""
    st.session_state[DATE_FROM], st.session_state[DATE_TO] = start, end


def _write_link(params: dict[str, list[str]]) -> None:
    """Make the address bar carry the view: every page, after any number of switches."""
    current = {key: st.query_params.get_all(key) for key in VIEW_KEYS if key in st.query_params}
    if current == params:
        return
    for key in current:
        if key not in params:
            del st.query_params[key]
    if params:
        st.query_params.update(params)


def page_links(params: dict[str, list[str]]) -> None:
    """Links to every page that carry the shared view (filters, imported toggle) in the URL."""
    for path, label, _icon in PAGES:
        try:
            st.page_link(path, label=label, query_params=params or None)
        except StreamlitPageNotFoundError:
            # A page file run as its own entry point (AppTest.from_file on one page)
            # cannot resolve the others; the app itself always starts from app.py.
            return
    st.divider()


def sidebar_filters(data: Dataset) -> tuple[EventFilter, bool, tuple[str, ...]]:
    """Draw the global filters and the imported toggle, kept in the URL on every page.

    Returns
    -------
    selection : EventFilter
    show_imported : bool
    problems : tuple of str
        Link values that were not understood (shown to the user, then dropped from the URL).
    """
    first, last = date_bounds(data)
    present = set()
    for cell in data.events["actors"].dropna():
        present.update(cell.split(";"))
    saved, problems = _link_view(first, last)
    codes = list(MAIN_ACTORS) + sorted(c for c in present | set(saved.countries)
                                       if c in COUNTRY_NAMES and c not in MAIN_ACTORS)
    _seed_widgets(saved, first, last)
    view = _current_view(saved)
    params = link_params(view, first, last)
    _write_link(params)
    with st.sidebar:
        st.markdown(f"### {APP_TITLE}")
        page_links(params)
        countries = st.multiselect(
            "Countries",
            options=codes,
            format_func=country_name,
            key="countries",
            placeholder="All countries",
            help="Empty = all. With several countries, choose below whether an event must involve any or all.",
        )
        match = st.radio(
            "Events involving",
            options=list(MATCHES),
            format_func=MATCH_LABELS.get,
            key="match",
            horizontal=True,
            disabled=len(countries) < 2,
            help="Any: Japan + China shows every event with Japan or China (Japan–Philippines too). "
            "All: only events involving both.",
        )
        # Two fields, not one range field: Streamlit's range field sorts its two dates when the cursor
        # leaves it, so typing a start after the old end and then the end lost the typed start (issue 27 #18).
        # One above the other: side by side, the sidebar cut the dates short.
        picked = (st.date_input("Dates from", value=first, min_value=first, max_value=last, key=DATE_FROM,
                                format="YYYY-MM-DD"),
                  st.date_input("Dates to", value=last, min_value=first, max_value=last, key=DATE_TO,
                                format="YYYY-MM-DD"))
        start, end = _date_range(picked, first, last)
        if picked[0] is not None and picked[1] is not None and picked[0] > picked[1]:
            st.caption(f"'From' is after 'to': showing {start:%Y-%m-%d} to {end:%Y-%m-%d}.")
        categories = st.multiselect(
            "Event categories",
            options=list(CATEGORIES),
            format_func=category_label,
            key="categories",
            placeholder="All categories",
        )
        show_imported = sidebar_toggle()
        st.caption("Filters apply on every page and are kept in the link: copy the URL to share this view.")
    st.session_state[VIEW_STATE] = view
    return EventFilter(tuple(countries), start, end, tuple(categories), match), show_imported, problems


def link_notice(problems: tuple[str, ...]) -> None:
    """Name the link values that were ignored (shown as text, never as Markdown)."""
    if problems:
        st.warning("Ignored in the link: " + "; ".join(escape_markdown(p) for p in problems) + ".",
                   icon=":material/link_off:")


def table_height(rows: int, max_rows: int = 25) -> int:
    """Pixel height of an ``st.dataframe`` that shows up to ``max_rows`` rows and no empty space below."""
    return 38 + 35 * max(1, min(rows, max_rows))


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown/HTML characters so user or file text shows as typed."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~$:])", r"\\\1", str(text))


def _date_range(picked: tuple[dt.date | None, dt.date | None], first: dt.date,
                last: dt.date) -> tuple[dt.date, dt.date]:
    # An emptied field means its bound; two dates in the wrong order are read in order.
    start, end = picked[0] or first, picked[1] or last
    if start > end:
        start, end = end, start
    return start, end


def data_problems_banner(data: Dataset) -> None:
    """Warn (without stopping the page) when curated files or map layers failed validation.

    It counts exactly the problems the Data check page lists.
    """
    problems = data_problems(data)
    if problems.empty:
        return
    files = ", ".join(sorted(problems["file"].astype(str).unique()))
    st.warning(
        f"{len(problems)} problem(s) in the curated data ({files}). Rows with problems of their own are left "
        "out of the charts; the **Data check** page lists file, row, column, value and rule, and how to fix them.",
        icon="⚠️",
    )


def setup_page(title: str, icon: str = "🧭", banner: bool = True) -> PageContext:
    """Configure the page, load data, draw the sidebar and filter the events.

    Every page calls this first, so the sidebar is the same everywhere.
    """
    st.set_page_config(page_title=f"{title} · {APP_TITLE}", page_icon=icon, layout="wide")
    install_error_boundary(title)
    st.session_state[RUN_TODAY_STATE] = clock.today()
    data = dataset()
    selection, show_imported, problems = sidebar_filters(data)
    link_notice(problems)
    if banner:
        data_problems_banner(data)
    events = filter_events(data.events, selection)
    return PageContext(data=data, selection=selection, events=events, show_imported=show_imported)


def data_as_of(data: Dataset) -> str:
    """Date of the latest curated event, as text (``n/a`` when there are none)."""
    return freshness.data_as_of(data.events)


def data_as_of_filtered(events: pd.DataFrame) -> str:
    """Date of the latest event in ``events``, as text."""
    return freshness.data_as_of(events)


def country_label(code: str) -> str:
    """Country name for an ISO3 code."""
    return country_name(code)
