"""Draw the Curate form's fields (one widget per contract column; see analysis.curation.form)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from analysis.charts.style import choice_label
from analysis.curation.acts import act_label, act_labels
from analysis.curation.form import FormField, rejection
from analysis.data.countries import COUNTRY_NAMES, actor_code_problem, country_name
from analysis.data.schemas import EARLIEST_DATE
from ui.core import escape_markdown


def why_key(key: str) -> str:
    """Session key of the sentences saying why values of field ``key`` were not accepted."""
    return f"{key}_not_accepted"


def _keep_known(key: str, options: list[str], many: bool, countries: bool = False) -> None:
    # A value the options do not hold (a typo in the file, a stale pick) would stop the page: take it
    # out of the widget; an actor code taken out is said next to the field (see _say_not_accepted).
    value = st.session_state.get(key)
    kept = [v for v in (value or []) if v in options] if many else (value if value in options else None)
    given = list(value or []) if many else ([] if value is None else [value])
    dropped = [v for v in given if v not in options]
    st.session_state[key] = kept
    if countries and dropped:
        st.session_state[why_key(key)] = [*st.session_state.get(why_key(key), []),
                                          *(rejection(v, actor_code_problem(v) or "not offered") for v in dropped)]


def _say_not_accepted(key: str) -> None:
    for sentence in st.session_state.get(why_key(key)) or []:
        st.warning(escape_markdown(sentence), icon="⚠️")


def draw_field(f: FormField, key: str, events: Mapping[str, str], today) -> None:
    """One widget for one column, its value held in ``st.session_state[key]``."""
    if f.widget == "date":
        st.date_input(f.label, key=key, min_value=EARLIEST_DATE, max_value=today, format="YYYY-MM-DD",
                      help=f.help or None)
    elif f.widget == "choice":
        options = list(f.options)
        _keep_known(key, options, many=False)
        st.selectbox(f.label, options, index=None, key=key, help=f.help or None, placeholder="Choose",
                     format_func=lambda v, col=f.name: choice_label(col, v))
    elif f.widget in ("country", "countries"):
        codes = sorted(COUNTRY_NAMES)
        _keep_known(key, codes, many=f.widget == "countries", countries=True)
        if f.widget == "country":
            st.selectbox(f.label, codes, index=None, key=key, format_func=country_name, help=f.help or None,
                         placeholder="Choose a country")
        else:
            st.multiselect(f.label, codes, key=key, format_func=country_name, help=f.help or None,
                           placeholder="Choose countries (the first is the default initiator)")
        _say_not_accepted(key)
    elif f.widget == "event_links":
        ids = list(events)
        _keep_known(key, ids, many=True)
        st.multiselect(f.label, ids, key=key, format_func=lambda e: events.get(e, e), help=f.help or None,
                       placeholder="Search earlier events by date or title")
    elif f.widget == "long_text":
        st.text_area(f.label, key=key, help=f.help or None, height=110)
    else:
        st.text_input(f.label, key=key, help=f.help or None)


def draw_act_picker(key: str, acts: pd.DataFrame, codes: list[str], on_change=None, args: tuple = (),
                    label: str = "What happened *") -> None:
    """A searchable "what happened" picker: plain-language act, CAMEO code and Goldstein score per option.

    ``codes`` are the acts offered (e.g. those of the chosen category); the current code is kept in
    the list even when it lies outside them, so editing an event never drops its code.
    """
    current = st.session_state.get(key)
    options = list(dict.fromkeys([*([current] if current else []), *codes]))
    labels = act_labels(acts)
    st.selectbox(label, options, index=None, key=key, format_func=lambda c: labels.get(c) or act_label(c, acts),
                 on_change=on_change, args=args, placeholder="Type what happened, e.g. patrol, protest, exercise",
                 help="The kind of act (CAMEO event code). Its Goldstein score (−10 conflict … +10 co-operation) "
                      "is the published value of the code and is filled in for you.")
