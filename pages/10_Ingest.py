"""Ingest page: a report in, candidate events out; editors accept (-> curated rows) or reject each."""

import streamlit as st

import ui
from analysis.curation.acts import act_table
from ui import ingest

ctx = ui.setup_page("Ingest", "📰")
st.title("Ingest a report")
st.caption(
    "Upload or paste a report with its publisher, title and publication date. Candidate events are found "
    "offline, sentence by sentence (dates, countries, places, category, CAMEO code and Goldstein score from "
    "documented rules: docs/curation.md). Nothing is written until an editor accepts a candidate; accepted "
    "candidates become curated events citing the report, with the same checks as the Curate page."
)
editor = ingest.current_editor()
if editor is None:
    st.info("Read-only: you can try the extraction, but accepting or rejecting needs the editor unlock "
            "(Curate page).")
ingest.flash()

given = ingest.report_inputs()
meta = ingest.metadata_inputs(given[0] if given else "")
if st.button("Extract candidates", type="primary", disabled=given is None, key="ingest-extract"):
    ingest.start_review(ctx.data, given, meta)

state = ingest.review()
if state is not None:
    report, candidates = state["report"], state["candidates"]
    st.subheader(f"Review: {len(candidates)} candidate(s)")
    ingest.report_summary(report, candidates)
    if editor is not None and st.button("Keep a record of this report", key="ingest-store-record",
                                            help="Saves what identifies the report (publisher, title, date, "
                                                 "a fingerprint of its text) with the project's records."):
        ingest.store_record(report)
    waiting = ingest.pending_candidates(report, candidates)
    if waiting.empty:
        st.info("No candidate left to review for this report (every sentence was decided, or none named an "
                "actor and an act).")
    acts = act_table(ctx.data.tables["cameo_event_codes"], ctx.data.tables["cameo_goldstein"])
    for row in waiting.to_dict("records"):
        ingest.candidate_form(report, row, editor, acts)
    ingest.decisions_table(report)
