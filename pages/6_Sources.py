"""Sources page: every source and how many curated rows cite it."""

import streamlit as st

import ui
from analysis.data.provenance import citations, source_usage
from analysis.features.readable import display_table

ctx = ui.setup_page("Sources", "📚")
st.title("Sources")
usage = source_usage(ctx.data.sources, ctx.data.tables)
st.caption(
    f"{len(usage)} sources; every curated row cites at least one. Pick a source to see the rows that cite it."
)
st.dataframe(display_table(usage), hide_index=True, width="stretch", key="sources-table")
ui.table_downloads(usage, "sources")
picked = st.selectbox("Rows citing", options=list(usage["source_id"]), index=None, key="source-pick")
if picked:
    cited = citations(ctx.data.tables)
    st.dataframe(display_table(cited[cited["source_id"] == picked]), hide_index=True, width="stretch")
