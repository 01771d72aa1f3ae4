"""Draw the Curate form's fields (one widget per contract column; see analysis.curation.form)."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from analysis.curation.form import FormField
from analysis.data.countries import COUNTRY_NAMES, country_name
from analysis.data.schemas import EARLIEST_DATE


def _keep_known(key: str, options: list[str], many: bool) -> None:
    # A value the options do not hold (a typo in the file, a stale pick) would stop the page: drop it.
    value = st.session_state.get(key)
    if many:
        st.session_state[key] = [v for v in (value or []) if v in options]
    elif value is not None and value not in options:
        st.session_state[key] = None


def draw_field(f: FormField, key: str, events: Mapping[str, str], today) -> None:
    """One widget for one column, its value held in ``st.session_state[key]``."""
    if f.widget == "date":
        st.date_input(f.label, key=key, min_value=EARLIEST_DATE, max_value=today, format="YYYY-MM-DD",
                      help=f.help or None)
    elif f.widget == "choice":
        options = list(f.options)
        _keep_known(key, options, many=False)
        st.selectbox(f.label, options, index=None, key=key, help=f.help or None, placeholder="Choose")
    elif f.widget in ("country", "countries"):
        codes = sorted(COUNTRY_NAMES)
        if f.widget == "country":
            _keep_known(key, codes, many=False)
            st.selectbox(f.label, codes, index=None, key=key, format_func=country_name, help=f.help or None,
                         placeholder="Choose a country")
        else:
            _keep_known(key, codes, many=True)
            st.multiselect(f.label, codes, key=key, format_func=country_name, help=f.help or None,
                           placeholder="Choose countries (the first is the default initiator)")
    elif f.widget == "event_links":
        ids = list(events)
        _keep_known(key, ids, many=True)
        st.multiselect(f.label, ids, key=key, format_func=lambda e: events.get(e, e), help=f.help or None,
                       placeholder="Search earlier events by date or title")
    elif f.widget == "long_text":
        st.text_area(f.label, key=key, help=f.help or None, height=110)
    else:
        st.text_input(f.label, key=key, help=f.help or None)
