"""Import page: add ACLED/GDELT-format files to the local event store (never to data/)."""

import streamlit as st

import ui
from analysis.imports.readers import import_file
from analysis.imports.store import clear_store, store_dir, store_summary, write_import

ctx = ui.setup_page("Import", "📥")
st.title("Import events")
st.caption(
    "Add an ACLED-format CSV or a GDELT 2.0 events export (tab-separated, 61 columns). Accepted events go to "
    f"the local store ({store_dir()}), never to the curated tables; every rejected row is listed below."
)

upload = st.file_uploader("Event file", type=["csv", "tsv", "txt"], key="import-file")
fmt = st.radio("Format", ["auto", "acled", "gdelt"], horizontal=True, key="import-format",
               help="auto: an ACLED header (event_id_cnty…) or 61 tab-separated GDELT columns.")
if upload is not None:
    try:
        result = import_file(upload.getvalue(), fmt, filename=upload.name)
    except (ValueError, UnicodeDecodeError) as exc:
        st.error(f"Cannot import {upload.name}: {exc}")
    else:
        cols = st.columns(3)
        cols[0].metric("Accepted events", len(result.events))
        cols[1].metric("Rejected rows", result.errors["row"].nunique(dropna=False) if len(result.errors) else 0)
        cols[2].metric("Format", result.format.upper())
        st.subheader("Preview of accepted events")
        st.dataframe(result.events.head(200), hide_index=True, width="stretch", key="import-preview")
        if not result.errors.empty:
            st.subheader("Row errors")
            st.dataframe(result.errors.astype(str), hide_index=True, width="stretch", key="import-errors")
            ui.table_downloads(result.errors, "import-errors")
        if st.button(f"Accept: add {len(result.events)} events to the store", type="primary",
                     disabled=result.events.empty, key="import-accept"):
            path = write_import(result, store_dir())
            st.success(f"Stored {len(result.events)} events as {path.name} (source {result.source_id}).")

st.subheader("Local event store")
summary = store_summary(store_dir())
if summary.empty:
    st.info("The store is empty: import a file above or run `python -m analysis.cli import FILE --format …`.")
else:
    st.caption(f"{int(summary['events'].sum())} imported events in {len(summary)} file(s).")
    st.dataframe(summary.groupby("format", as_index=False)["events"].sum(), hide_index=True, key="store-formats")
    st.dataframe(summary, hide_index=True, width="stretch", key="store-imports")
    if st.button("Clear the store", key="store-clear", help="Deletes imported events only; data/ is untouched."):
        clear_store(store_dir())
        st.rerun()
