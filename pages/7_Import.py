"""Import page: add ACLED/GDELT files to the local event store (never to data/)."""

import pandas as pd
import streamlit as st

import ui
from analysis.imports.countries import SCOPE_HELP, SCOPES
from analysis.imports.store import scan, store_dir, store_summary
from ui.access import is_editor, refusal_message
from ui.imported import accept_upload, clear_imported_store, forget_upload, read_uploads

ctx = ui.setup_page("Import", "📥")
st.title("Import events")
st.caption(
    "Add ACLED exports (CSV or API JSON) or GDELT event files (2.0 and 1.0, also as .zip). Every row is accepted, "
    "outside the scope (counted, not stored) or rejected (listed below). Accepted events go to the local store, "
    "never to the curated tables; an event already stored is never stored twice."
)
ui.last_sync_caption()
editor = is_editor()
if not editor:
    st.info(refusal_message(read_only_only=True) or "Read-only: importing files and clearing the store need the "
            "editor unlock (Curate page).")
uploads = st.file_uploader("Event files", type=["csv", "tsv", "txt", "json", "zip"], accept_multiple_files=True,
                           key="import-file") if editor else None
cols = st.columns(2)
fmt = cols[0].radio("Format", ["auto", "acled", "gdelt"], horizontal=True, key="import-format",
                    help="auto: an ACLED header (event_id_cnty…) or ACLED JSON, or 57/58/61 tab-separated "
                         "GDELT columns.")
scope = cols[1].radio("Scope", list(SCOPES), horizontal=True, key="import-scope",
                      help="  \n".join(f"{name}: {text}." for name, text in SCOPE_HELP.items())
                      + "  \nThe theatre region and the theatre countries are listed in docs/import.md.")
if not uploads:
    forget_upload()  # removes only this session's own staged files
else:
    report = read_uploads(uploads, fmt, scope)
    for problem in report.refused:
        st.error("A file could not be read:", icon="⚠️")
        st.text(problem)
    metrics = st.columns(4)
    metrics[0].metric("Accepted events", report.accepted)
    metrics[1].metric("Outside scope", report.outside)
    metrics[2].metric("Rejected rows", report.rejected)
    metrics[3].metric("Rows read", report.rows_read)
    st.caption(f"{report.line()}. Formats: {', '.join(sorted({s['format'].upper() for s in report.sources})) or '–'}.")
    if report.rows_read:
        st.caption(f"{report.clause_line()}.")
    if report.outside:
        st.subheader("Outside the scope (not stored)")
        outside = report.outside_summary()
        st.dataframe(outside[["country", "rows"]].rename(columns={"country": "Main country", "rows": "Rows"}),
                     hide_index=True, key="import-outside")
        with st.expander("Technical details"):
            st.caption("Codes as the feed gives them: CAMEO/ISO 3166 country codes; 'FIPS' marks GDELT's FIPS 10-4 "
                       "code of the event's place, used when no actor country is given.")
            st.dataframe(outside[["code", "country", "rows"]], hide_index=True, key="import-outside-codes")
    if report.accepted:
        st.subheader("Preview of accepted events")
        st.dataframe(report.preview.drop(columns=["actor_bits"]), hide_index=True, width="stretch",
                     key="import-preview")
    if report.error_count:
        st.subheader("Row errors")
        shown = report.errors.astype(str)
        st.caption(f"{report.error_count:,} problem(s) in {report.rejected:,} row(s); the first {len(shown):,} are "
                   "listed.")
        st.dataframe(shown, hide_index=True, width="stretch", key="import-errors")
        ui.table_downloads(shown, "import-errors")
    if report.staging is not None and st.button(f"Accept: add {report.accepted:,} events to the store",
                                                type="primary", disabled=report.accepted == 0, key="import-accept"):
        record = accept_upload()
        st.success(f"Stored {record['stored']:,} new events (batch {record['batch_id']}); "
                   f"{record['duplicates']:,} were already stored or repeated.")

st.subheader("Local event store")
found = scan(store_dir())
if found.problems:
    st.warning(f"{len(found.problems)} problem(s) in the store: those files are skipped.", icon="⚠️")
    st.dataframe(pd.DataFrame({"problem": found.problems}), hide_index=True, width="stretch", key="store-problems")
summary = store_summary(store_dir())
if summary.empty:
    st.info("The store is empty: import a file above or run `python -m analysis.cli import FILE`.")
else:
    st.caption(f"{int(summary['stored'].sum()):,} imported events in {len(summary)} batch(es).")
    st.dataframe(summary, hide_index=True, width="stretch", key="store-imports")
clear_shown = editor and (not summary.empty or bool(found.problems))
if clear_shown and st.button("Clear the store", key="store-clear",
                             help="Deletes imported events only; data/ is untouched."):
    clear_imported_store()
    st.rerun()
