"""Streamlit glue of the Review page: the inbox of feed candidates, accept (-> Curate) and dismiss.

Writes go through :func:`ui.access.editor_only` / :func:`ui.access.require_editor` (the one editor
guard); viewers see the list read-only. Candidates come from :mod:`analysis.imports.candidates`
(DuckDB over the store, cached per store state), decisions from :mod:`analysis.curation.review`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from analysis import settings
from analysis.curation import review
from analysis.data.schemas import EARLIEST_DATE
from analysis.data.viewlink import VIEW_KEYS
from analysis.imports.store import store_signature
from analysis.query.candidates import candidates_since
from ui import curate as cur
from ui.access import RESULT, WHO, State, editor_name, editor_only, is_editor, require_editor, session_state
from ui.lastsync import last_sync_caption  # noqa: F401 (the Review page shows it as rev.last_sync_caption)

SINCE = "rev-since"
SHOWN = 25
SHOWN_SOURCES = 8
LIST_COLUMNS = ["date", "actors", "category", "location", "rows", "source_count", "mentions", "score"]


def reason_key(candidate_id: str) -> str:
    """Session key of the dismissal reason of one candidate."""
    return f"rev_reason_{candidate_id}"


@st.cache_data(show_spinner="Folding feed rows into candidates…", max_entries=8)
def _candidates(since: dt.date, store: str, _signature: tuple, _sites: pd.DataFrame, data_dir: str) -> pd.DataFrame:
    return candidates_since(since, store, _sites)


def candidates(since: dt.date, sites: pd.DataFrame) -> pd.DataFrame:
    """Candidates from the store's feed rows since ``since`` (cached until a batch is committed)."""
    store = settings.store_dir()
    signature = store_signature(store)
    return _candidates(since, str(store), signature, sites, str(settings.data_dir())).copy()


def decisions() -> pd.DataFrame:
    """Every review decision so far."""
    return review.read_decisions(settings.data_dir())


def since_input(decided: pd.DataFrame, today: dt.date) -> dt.date:
    """The inbox's first day (default: a week before the last review, else a week ago)."""
    default = review.default_since(decided, today)
    value = st.date_input("New since", value=default, min_value=EARLIEST_DATE, max_value=today, key=SINCE,
                          help="Feed events dated on or after this day are listed.")
    return value if isinstance(value, dt.date) else default


def show_result(state: State | None = None) -> None:
    """The outcome of the last action."""
    result = session_state(state).get(RESULT)
    if result:
        (st.success if result["ok"] else st.error)(result["message"])


@editor_only
def on_dismiss(state: State | None = None, candidate: dict | None = None) -> None:
    """Dismiss one candidate with the typed reason (editors only); it never comes back."""
    state = session_state(state)
    assert candidate is not None
    reason = str(state.get(reason_key(str(candidate["candidate_id"]))) or "")
    try:
        review.record_decision(settings.data_dir(), candidate, "dismissed", who=editor_name(state),
                               reason=reason)
    except ValueError as exc:
        state[RESULT] = {"ok": False, "message": f"Not dismissed: {exc}", "errors": None, "changes": None}
        return
    state[RESULT] = {"ok": True, "message": f"Dismissed: {candidate['date']} {candidate['actors']} "
                     f"({candidate['category']}). It will not come back.", "errors": None, "changes": None}


def accept(candidate: dict) -> None:
    """Open the Curate form prefilled from ``candidate`` (editors only; the decision is saved with the event)."""
    require_editor()
    cur.promote_candidate(candidate)
    view = {key: st.query_params.get_all(key) for key in VIEW_KEYS if key in st.query_params}
    st.switch_page(cur.CURATE_PAGE, query_params=view)


def header(candidate: dict) -> str:
    """One line naming the candidate (feed text: shown with st.text)."""
    place = candidate["location"] or "no named place"
    return (f"{candidate['date']} · {candidate['actors']} · {candidate['category']} · {place} — "
            f"{candidate['rows']} row(s), {candidate['source_count']} source(s), {candidate['mentions']} mention(s), "
            f"score {candidate['score']:.2f}")


def evidence(candidate: dict) -> str:
    """The candidate's sources and numbers as plain text."""
    urls = [u for u in str(candidate["sources"]).splitlines() if u]
    more = f"\n… and {len(urls) - SHOWN_SOURCES} more" if len(urls) > SHOWN_SOURCES else ""
    near = (f"; nearest site {candidate['nearest_site']} ({candidate['site_km']:.0f} km)"
            if candidate.get("nearest_site") else "")
    return (f"CAMEO root {candidate['root']}, mean Goldstein {candidate['goldstein']:.1f}{near}; "
            f"from {candidate['origin']}\n" + "\n".join(urls[:SHOWN_SOURCES]) + more)


def inbox_list(waiting: pd.DataFrame) -> None:
    """The inbox, best first: editors get Accept and Dismiss; viewers a read-only table."""
    if waiting.empty:
        st.info("Nothing new to review: every candidate since that day was accepted or dismissed, or no feed "
                "rows arrived.")
        return
    if not is_editor():
        st.info("Read-only: to accept or dismiss, unlock editing with the editor secret on the Curate page.")
        st.dataframe(waiting[LIST_COLUMNS], hide_index=True, width="stretch", key="rev-list")
        return
    st.text_input("Your name (for the decisions log)", key=WHO)
    for candidate in waiting.head(SHOWN).to_dict("records"):
        cid = str(candidate["candidate_id"])
        with st.container(border=True, key=f"rev-card-{cid}"):
            st.text(header(candidate))
            st.text(evidence(candidate))
            cols = st.columns([1, 2, 1], vertical_alignment="bottom")
            if cols[0].button("Accept → Curate form", key=f"rev-accept-{cid}", type="primary"):
                accept(candidate)
            cols[1].text_input("Reason to dismiss", key=reason_key(cid), placeholder="e.g. not in the theatre")
            cols[2].button("Dismiss", key=f"rev-dismiss-{cid}", on_click=on_dismiss, kwargs={"candidate": candidate})
    if len(waiting) > SHOWN:
        st.caption(f"{len(waiting) - SHOWN} more below the best {SHOWN}: decide these first.")


def decisions_table(decided: pd.DataFrame) -> None:
    """The newest decisions (who, when, what, why)."""
    if decided.empty:
        return
    st.subheader("Decisions")
    st.dataframe(decided.iloc[::-1].head(50), hide_index=True, width="stretch", key="rev-decisions")


INGEST_PAGE = "pages/10_Ingest.py"


def report_waiting() -> pd.DataFrame:
    """Candidates of the report under review on the Ingest page (this session) nobody decided on yet."""
    from ui import ingest

    state = ingest.review()
    if state is None:
        return pd.DataFrame()
    return ingest.pending_candidates(state["report"], state["candidates"])


def report_decisions() -> pd.DataFrame:
    """Every decision taken on report candidates (``ingest_decisions.csv``)."""
    from analysis.ingest.queue import read_decisions

    return read_decisions(settings.data_dir())


def report_list(waiting: pd.DataFrame) -> None:
    """The report candidates waiting, as text, with the way to decide them (the Ingest page's checks)."""
    if waiting.empty:
        return
    st.subheader("From the report under review")
    for candidate in waiting.to_dict("records"):
        st.text(f"{candidate['date']} · {candidate['actors']} · {candidate['category']} · "
                f"{candidate.get('location') or 'no named place'}\n{candidate.get('evidence', '')}")
    try:
        st.page_link(INGEST_PAGE, label="Accept or reject these on the Ingest page", icon="📰")
    except StreamlitPageNotFoundError:  # a page run on its own (AppTest) cannot resolve the others
        st.caption("Accept or reject these on the Ingest page.")


CHANGES_SINCE = "rev-changes-since"
MIME = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pdf": "application/pdf", "txt": "text/plain"}


def what_changed_section(data, today: dt.date, waiting: int) -> None:
    """"What changed since DATE": the summary as text, and as one slide (PPTX, PDF) or plain text to download."""
    from analysis.export.changes_slide import build_slide
    from analysis.features.changes import as_text, what_changed

    st.subheader("What changed since the last briefing")
    since = st.date_input("Since", value=today - dt.timedelta(days=7), min_value=EARLIEST_DATE, max_value=today,
                          key=CHANGES_SINCE)
    if not isinstance(since, dt.date):
        return
    summary = what_changed(data, since, today, waiting)
    body = as_text(summary, data.sources)
    st.text(body)
    marking = st.text_input("Handling marking (top and bottom of the slide)", key="rev-changes-marking",
                            placeholder="e.g. UNCLASSIFIED – FOR TRAINING")
    cols = st.columns(3)
    stem = f"what-changed-since-{since.isoformat()}"
    def slide(fmt: str) -> Callable[[], bytes]:
        return lambda: build_slide(summary, data.sources, fmt, marking)  # built only when clicked

    for column, fmt in zip(cols, ("pptx", "pdf"), strict=False):
        column.download_button(f"Slide ({fmt.upper()})", data=slide(fmt),
                               file_name=f"{stem}.{fmt}", mime=MIME[fmt], key=f"rev-changes-{fmt}",
                               on_click="ignore", icon=":material/download:")
    cols[2].download_button("Plain text (e-mail)", data=body.encode("utf-8"), file_name=f"{stem}.txt",
                            mime=MIME["txt"], key="rev-changes-txt", on_click="ignore", icon=":material/download:")
