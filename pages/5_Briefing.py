"""Briefing page: build a deck of charts under the current filters."""

import streamlit as st

import ui

ctx = ui.setup_page("Briefing", "🗂️")
st.title("Briefing")
st.caption(f"Current filters: {ctx.selection.describe()}")
