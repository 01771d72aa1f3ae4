"""Data check page: every validation problem in the curated files, and every Goldstein override."""

import pandas as pd
import streamlit as st

import ui
from analysis.data.cameo import dataset_overrides
from analysis.features.names import geo_name_problems

ctx = ui.setup_page("Data check", "🩺", banner=False)
st.title("Data check")
geo = ui.geodata(ctx.data)
found = [f for f in (ctx.data.errors, geo.errors, geo_name_problems(ctx.data.names, geo.points, geo.lines))
         if not f.empty]
errors = pd.concat(found, ignore_index=True) if found else ctx.data.errors
if errors.empty:
    st.success("All curated tables and map layers passed validation: unique ids, required fields, "
               "accepted values, ranges and relationships.")
else:
    st.error(f"{len(errors)} problem(s). Rows with problems are left out of the charts; files are unchanged.")
    st.dataframe(errors.astype(str), hide_index=True, width="stretch", key="errors-table")
    ui.table_downloads(errors, "data-problems")

st.subheader("Goldstein overrides")
overrides = dataset_overrides(ctx.data.tables)
if overrides.empty:
    st.info("No event overrides the Goldstein table: every score is the published value of its CAMEO code.")
else:
    st.caption(f"{len(overrides)} event(s) carry a score other than the Goldstein table value of their CAMEO "
               "code; the curators' reason is in the last column (data/README.md, Event codes and Goldstein scores).")
    shown = overrides.assign(date=overrides["date"].dt.date.astype(str))
    st.dataframe(shown, hide_index=True, width="stretch", key="overrides-table")

st.subheader("Rows loaded")
st.dataframe(
    {"table": list(ctx.data.tables), "rows": [len(t) for t in ctx.data.tables.values()]},
    hide_index=True,
)
