"""Curate page: add, edit, retire or restore curated events with their sources; undo; the change log.

Layout only: the form's fields come from the data contract (analysis.curation.form), every write
goes through ui.curate's callbacks (editors only) and analysis.curation (checks, atomic writes, log).
"""

import contextlib

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

import ui
from analysis.curation.acts import act_table, codes_for_category
from analysis.curation.form import event_fields, layout, source_fields, tier_help
from analysis.data.schemas import SOURCE_TIERS
from ui import curate as cur
from ui.curate_form import draw_act_picker, draw_field

ctx = ui.setup_page("Curate", "✍️")
st.title("Curate the data")
ui.freshness_banner(ctx)


def show_result(saves: bool = False) -> None:
    """The outcome of the last action: message, the problems found, or what changed meanwhile.

    A successful save is said next to the Save button (``saves=True``), with a link to see it.
    """
    result = st.session_state.get(cur.RESULT)
    if not result or bool(result.get("saved")) != saves:
        return
    (st.success if result["ok"] else st.error)(ui.escape_markdown(result["message"]))  # names ids from files
    if result.get("errors") is not None:
        st.dataframe(result["errors"], hide_index=True, width="stretch", key="cur-errors")
    if result.get("conflict"):
        st.warning("Someone changed the curated files since you opened this form. Your input is kept below. "
                   "Rows changed meanwhile:")
        st.dataframe(result["changes"], hide_index=True, width="stretch", key="cur-changes")
        st.button("Reload the files and keep my input", on_click=cur.on_reload, key="cur-reload")


if not cur.is_editor():
    if cur.editing_available():
        st.info("This page is read-only until you unlock editing with the editor secret.")
        st.text_input("Editor secret", type="password", key=cur.SECRET_INPUT)
        st.button("Unlock editing", on_click=cur.on_unlock, key="cur-unlock")
    else:
        st.info(cur.secret_notice())
    show_result()
    st.subheader("Change log")
    st.dataframe(cur.change_log_table(), hide_index=True, width="stretch", key="cur-log")
    cur.change_log_notice()
    st.stop()

cur.open_form()
top = st.columns([3, 1])
if cur.proxy_user():
    top[0].text(f"Changes are logged as {cur.proxy_user()} (the user the proxy signed in).")
else:
    top[0].text_input("Your name (for the change log)", key=cur.WHO)
top[1].button("Lock editing", on_click=cur.on_lock, key="cur-lock")
mode = st.radio("Task", list(cur.MODES), format_func=cur.MODES.get, key=cur.MODE, horizontal=True)
events = cur.event_choices()
if mode == "edit":
    st.selectbox("Event to edit", list(events), format_func=events.get, index=None, key=cur.EDIT_ID,
                 on_change=cur.on_pick_event, placeholder="Search by date or title")
if st.session_state.get(cur.NOTE):
    st.text(st.session_state[cur.NOTE])
show_result()

if mode == "add" or st.session_state.get(cur.EDIT_ID):
    st.subheader("Event")
    sites = ctx.data.sites
    st.selectbox("Place from the sites table (fills location, lat, lon)", list(sites["site_id"]), index=None,
                 key=cur.SITE, format_func=dict(zip(sites["site_id"], sites["name"], strict=True)).get,
                 on_change=cur.on_pick_site, args=(sites,), placeholder="Or type location and lat/lon below")
    acts = act_table(ctx.data.tables["cameo_event_codes"], ctx.data.tables["cameo_goldstein"])
    for row in layout(event_fields()):
        for col, field in zip(st.columns(len(row)), row, strict=True):
            with col:
                if field.name == "event_code":
                    every = st.session_state.get("cur_all_acts", False)
                    codes = codes_for_category(acts, ctx.data.events,
                                               None if every else st.session_state.get(cur.ev_key("category")))
                    draw_act_picker(cur.ev_key("event_code"), acts, codes, cur.on_pick_act, (acts,),
                                    label="What happened (CAMEO act) *")
                    st.checkbox("Show every kind of act", key="cur_all_acts",
                                help="By default the list holds the kinds of act the chosen category's events use.")
                else:
                    draw_field(field, cur.ev_key(field.name), events, cur.today())

    st.subheader("Sources")
    labels = dict(zip(ctx.data.sources["source_id"], ctx.data.sources["publisher"] + " — "
                      + ctx.data.sources["title"] + " (" + ctx.data.sources["published"].fillna("n.d.") + ")",
                      strict=True))
    st.multiselect("Existing sources", list(labels), format_func=labels.get, key=cur.EXISTING,
                   placeholder="Search by publisher or title")
    if st.checkbox("Add a new source", key=cur.NEW_SOURCE):
        scols = st.columns(3)
        for i, field in enumerate(source_fields()):
            with scols[i % 3]:
                draw_field(field, cur.src_key(field.name), events, cur.today())
    feed = st.session_state.get(cur.FEED_SOURCES) or []
    if mode == "add" and feed:
        st.caption("Further sources of the feed candidate, each cited: read it, then give its title, date and tier.")
        for i, source in enumerate(feed):
            st.text(source.get("url") or source.get("publisher", ""))
            fcols = st.columns([3, 1, 1, 1])
            fcols[0].text_input("Title", key=cur.feed_key(i, "title"))
            fcols[1].text_input("Published (YYYY-MM-DD)", key=cur.feed_key(i, "published"))
            fcols[2].text_input("Language (ISO 639-1)", key=cur.feed_key(i, "language"))
            fcols[3].selectbox("Tier *", SOURCE_TIERS, index=None, key=cur.feed_key(i, "tier"), placeholder="Choose",
                               help="How much weight the source carries. " + tier_help())
    st.button("Save event" if mode == "add" else "Save changes", type="primary", on_click=cur.on_save,
              key="cur-save")
    show_result(saves=True)
    if (st.session_state.get(cur.RESULT) or {}).get("saved"):
        # A page run on its own (AppTest) cannot resolve the other pages: no link then.
        with contextlib.suppress(StreamlitPageNotFoundError):
            st.page_link("pages/2_Timeline.py", label="See it on the Timeline", icon=":material/timeline:")

    if mode == "edit":
        st.subheader("Retire or restore")
        if cur.is_retired(st.session_state.get(cur.EDIT_ID)):
            st.button("Restore this event", on_click=cur.on_restore, key="cur-restore")
        else:
            st.text_input("Reason for retiring (kept in the file)", key=cur.REASON)
            st.button("Retire this event", on_click=cur.on_retire, key="cur-retire")

st.subheader("Undo")
last = cur.last_change_text()
if last:
    st.text(f"Last change: {last}")
    st.button("Undo the last change", on_click=cur.on_undo, kwargs={"target": cur.last_change_id()}, key="cur-undo")
else:
    st.caption("No change to undo.")
st.subheader("Change log")
st.dataframe(cur.change_log_table(), hide_index=True, width="stretch", key="cur-log")
cur.change_log_notice()
