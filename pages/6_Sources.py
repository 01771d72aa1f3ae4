"""Sources page: every source and how many curated rows cite it."""

import streamlit as st

import ui
from analysis.data.provenance import citations, source_ids_of, source_usage
from analysis.features import sources_table as stb
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
query = st.text_input("Search the sources", key="sources-search", placeholder="e.g. Ministry of Defense 2025",
                      help="Keeps the sources whose id, publisher, title, date, URL, kind, language or tier "
                      "contain every word; case is ignored.")
found = stb.search_sources(usage, query)
# One page of rows a run, not every source (the whole table was 317 KB of messages on every visit).
rows = stb.PAGE_ROWS
pages = stb.page_count(len(found), rows)
if st.session_state.get("sources-page", 1) > pages:  # a narrower search: back to its last page
    st.session_state["sources-page"] = pages
page = st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, step=1,
                       key="sources-page") if pages > 1 else 1
shown = stb.page_of(found, int(page), rows)
first = (int(page) - 1) * rows
st.caption(("No source matches." if found.empty else
            f"Rows {first + 1}–{first + len(shown)} of {len(found)}")
           + (f", the sources containing every word of “{ui.escape_markdown(query.strip())}”" if query.strip() else "")
           + ("." if found.empty else f"; {rows} a page. The downloads hold all {len(found)}."))
st.dataframe(display_table(shown), hide_index=True, width="stretch", key="sources-table")
ui.table_downloads(found, "sources")
picked = st.selectbox("Rows citing", options=list(shown["source_id"]), index=None, key="source-pick",
                      placeholder="A source of this page")
if picked:
    cited = citations(ctx.data.tables)
    st.dataframe(display_table(cited[cited["source_id"] == picked]), hide_index=True, width="stretch")
