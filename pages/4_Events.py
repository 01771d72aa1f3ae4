"""Events page: the filtered curated events as a table, with their sources."""

import streamlit as st

import ui
from analysis.features.overview import event_table

IMPORTED_PAGE_ROWS = 500

ctx = ui.setup_page("Events", "📋")
st.title("Events")
st.caption(f"{len(ctx.events)} events match the filters ({ctx.selection.describe()}).")
table = event_table(ctx.events)
st.dataframe(table, hide_index=True, width="stretch", key="events-table")
ui.table_downloads(table, "events")

if ctx.show_imported:
    store = ui.event_store()
    total = store.count(ctx.selection)
    st.subheader("Imported events")
    st.caption(
        f"{total:,} imported events match the filters; the newest {min(total, IMPORTED_PAGE_ROWS):,} are shown. "
        "Imported rows cite their file (source `import-…`) and keep the original source text."
    )
    page = store.page(ctx.selection, 0, IMPORTED_PAGE_ROWS)
    st.dataframe(page, hide_index=True, width="stretch", key="imported-table")
    ui.table_downloads(page, "imported-events", key="imported")
