"""Events page: the filtered curated events as a table, with their sources."""

import streamlit as st

import ui
from analysis.overview import event_table

ctx = ui.setup_page("Events", "📋")
st.title("Events")
st.caption(f"{len(ctx.events)} events match the filters ({ctx.selection.describe()}).")
table = event_table(ctx.events)
st.dataframe(table, hide_index=True, width="stretch", key="events-table")
ui.table_downloads(table, "events")
