"""Sources page: every source and how many curated rows cite it."""

import streamlit as st

import ui
from analysis.data.provenance import citations, source_ids_of, source_usage
from analysis.features.readable import display_table

ctx = ui.setup_page("Sources", "📚")
st.title("Sources")
usage = source_usage(ctx.data.sources, ctx.data.tables)
only_filtered = st.checkbox(f"Only the sources the {len(ctx.events)} filtered events cite", key="sources-filtered",
                            help="Off: every source in the data, whatever the sidebar filters.")
if only_filtered:
    usage = usage[usage["source_id"].isin(source_ids_of(ctx.events))].reset_index(drop=True)
st.caption(
    f"{len(usage)} sources" + (f" cited by the filtered events ({ctx.selection.describe()})" if only_filtered else
                               " — all of them: the sidebar filters do not apply to this list unless ticked above")
    + ". Every curated row cites at least one. Pick a source to see the rows that cite it."
)
st.dataframe(display_table(usage), hide_index=True, width="stretch", key="sources-table")
ui.table_downloads(usage, "sources")
picked = st.selectbox("Rows citing", options=list(usage["source_id"]), index=None, key="source-pick")
if picked:
    cited = citations(ctx.data.tables)
    st.dataframe(display_table(cited[cited["source_id"] == picked]), hide_index=True, width="stretch")
