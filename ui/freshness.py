"""How current the curated data is, said on the page (logic in :mod:`analysis.data.freshness`)."""

from __future__ import annotations

import streamlit as st

from analysis.data.freshness import freshness, last_event_date, range_after_data
from ui.core import PageContext, run_today


def freshness_banner(ctx: PageContext) -> None:
    """Warn when the newest curated event is over 30 days old (its date, what it means, how to add events)."""
    fresh = freshness(ctx.data.events, run_today())
    warning = fresh.warning()
    if warning:
        st.warning(warning)
    else:
        st.caption(fresh.sentence())


def range_after_data_notice(ctx: PageContext) -> bool:
    """Say so when the selected dates lie wholly after the newest curated event; True if they do."""
    note = range_after_data(last_event_date(ctx.data.events), ctx.selection.start, ctx.selection.end)
    if note:
        st.info(note)
    return note is not None
