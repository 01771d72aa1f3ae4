"""Map page: the Southwest region with installations and events."""

import streamlit as st

import ui

ctx = ui.setup_page("Map", "🗺️")
st.title("Map of the Southwest region")
located = ctx.events.dropna(subset=["lat", "lon"])
st.caption(f"{len(located)} of {len(ctx.events)} filtered events have coordinates; {len(ctx.data.sites)} sites.")
st.dataframe(ctx.data.sites, hide_index=True, width="stretch", key="sites-table")
