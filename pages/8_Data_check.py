"""Data check page: every validation problem in the curated files."""

import streamlit as st

import ui

ctx = ui.setup_page("Data check", "🩺", banner=False)
st.title("Data check")
errors = ctx.data.errors
if errors.empty:
    st.success("All curated tables passed validation: unique ids, required fields, accepted values, "
               "ranges and relationships.")
else:
    st.error(f"{len(errors)} problem(s). Rows with problems are left out of the charts; files are unchanged.")
    st.dataframe(errors.astype(str), hide_index=True, width="stretch", key="errors-table")
    ui.table_downloads(errors, "data-problems")
st.subheader("Rows loaded")
st.dataframe(
    {"table": list(ctx.data.tables), "rows": [len(t) for t in ctx.data.tables.values()]},
    hide_index=True,
)
