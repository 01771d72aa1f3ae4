"""Review page: what is new from the feeds since the last review, folded into candidates, best first."""

import streamlit as st

import ui
from analysis.curation.review import counts_line, inbox
from ui import review as rev

ctx = ui.setup_page("Review", "📬")
st.title("Review new material")
st.caption(
    "Feed rows (GDELT, ACLED) that describe one happening are folded into one candidate: same day ±1, same pair "
    "of countries, same CAMEO root code, places within 50 km (docs/import.md). Best first: score = |Goldstein| + "
    "log(1 + mentions) + nearness to a site. Accept opens the Curate form prefilled with the candidate's facts and "
    "every source; dismiss needs a reason and is remembered."
)
rev.last_sync_caption()
decided = rev.decisions()
since = rev.since_input(decided, ui.run_today())
found = rev.candidates(since, ctx.data.sites)
reports = rev.report_waiting()
st.text(counts_line(since, found, decided, len(reports), rev.report_decisions()))
rev.show_result()
waiting = inbox(found, decided)
rev.inbox_list(waiting)
rev.report_list(reports)
rev.decisions_table(decided)
rev.what_changed_section(ctx.data, ui.run_today(), len(waiting) + len(reports))
