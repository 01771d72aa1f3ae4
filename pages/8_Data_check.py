"""Data check page: every validation problem in the curated files."""

import pandas as pd
import streamlit as st

import ui

ctx = ui.setup_page("Data check", "🩺", banner=False)
st.title("Data check")
geo_errors = ui.geodata(ctx.data).errors
errors = ctx.data.errors if geo_errors.empty else pd.concat([ctx.data.errors, geo_errors], ignore_index=True)
if errors.empty:
    st.success("All curated tables and map layers passed validation: unique ids, required fields, "
               "accepted values, ranges and relationships.")
else:
    st.error(f"{len(errors)} problem(s). Rows with problems are left out of the charts; files are unchanged.")
    st.dataframe(errors.astype(str), hide_index=True, width="stretch", key="errors-table")
    ui.table_downloads(errors, "data-problems")
st.subheader("Rows loaded")
st.dataframe(
    {"table": list(ctx.data.tables), "rows": [len(t) for t in ctx.data.tables.values()]},
    hide_index=True,
)
