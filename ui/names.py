"""Sidebar setting: which language's place names the map shows first (kept in the URL)."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from analysis.data.filters import EventFilter
from analysis.data.names import DEFAULT_FIRST, NAME_FIRST


def name_first() -> str:
    """Draw the "Names on the map" choice in the sidebar and return ``en``, ``ja`` or ``zh``."""
    with st.sidebar:
        return st.selectbox(
            "Names on the map",
            options=list(NAME_FIRST),
            index=list(NAME_FIRST).index(DEFAULT_FIRST),
            format_func=lambda key: f"{NAME_FIRST[key]} first",
            key="names_first",
            bind="query-params",
            help="Which name labels islands, straits and sites. Contested features always show both "
                 "the Japanese and the Chinese name (data/names.csv).",
        )


def with_name_first(selection: EventFilter) -> EventFilter:
    """``selection`` with the sidebar's "Names on the map" choice, for pages that build named map charts."""
    return replace(selection, names=name_first())
