"""Events page: the filtered curated events as a table, with their sources."""

import streamlit as st

import ui
from analysis.features.events_table import download_table, export_about, search_events
from analysis.features.overview import event_table
from analysis.features.readable import display_table

IMPORTED_PAGE_ROWS = 500

ctx = ui.setup_page("Events", "📋")
st.title("Events")
st.caption(f"{len(ctx.events)} events match the filters ({ctx.selection.describe()}).")
query = st.text_input("Search the events", key="events-search", placeholder="e.g. Yonaguni missile",
                      help="Keeps the events whose title, summary, countries (code or name) or place contain "
                      "every word; case is ignored.")
found = search_events(ctx.events, query)
if query.strip():
    st.caption(f"{len(found)} of them contain every word of the search “{ui.escape_markdown(query.strip())}”.")
table = event_table(found)
st.dataframe(display_table(table, ctx.data.sources), hide_index=True, width="stretch", key="events-table",
             height=ui.table_height(len(table)))
about = export_about(ui.data_as_of(ctx.data), ctx.selection.describe(), query, len(table))
ui.table_downloads(download_table(table, ctx.data.sources), "events", about=about)

if ctx.show_imported:
    st.subheader("Imported events")
    page, number, total = ui.paged_rows(ctx.selection, IMPORTED_PAGE_ROWS)
    st.caption(
        f"{total:,} imported events match the filters; page {number} shows {len(page):,}, newest first. "
        "Imported rows cite their file (source `import-…`) and keep the original source text."
    )
    picked = st.dataframe(page, hide_index=True, width="stretch", key="imported-table", on_select="rerun",
                          selection_mode="single-row")
    chosen = picked.selection.rows if picked else []
    if chosen:  # editors: promote the selected imported row to a curated-event draft
        ui.curate.promote_button(page.iloc[chosen[0]].to_dict(), key="promote-imported")
    ui.table_downloads(page, "imported-events", key="imported")
