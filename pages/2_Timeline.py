"""Timeline page: events in lanes, the action–reaction chain, and the tension index."""

import datetime as dt

import streamlit as st

import ui
from analysis.charts.style import shade_no_data
from analysis.data.freshness import last_event_date
from analysis.data.provenance import source_ids_of
from analysis.features import tension, timeline


def _apply_quick_range(name: str, first: dt.date, newest: dt.date | None) -> None:
    # Runs before the next script run, so the bound sidebar widget is not yet drawn.
    ui.set_dates(*timeline.quick_range(name, ui.run_today(), first, newest))


ctx = ui.setup_page("Timeline", "📈")
st.title("Timeline of the dispute")
ui.freshness_banner(ctx)
events = ctx.events
filtered = ui.ids_digest(events["event_id"])  # cache key part: the chain, episodes and tables follow these events
first, _ = ui.date_bounds(ctx.data)

newest = last_event_date(ctx.data.events)
st.caption("Quick ranges set the sidebar's date filter, so every page follows. \"Of data\" ranges count back "
           f"from the newest curated event ({newest:%Y-%m-%d})." if newest else
           "Quick ranges set the sidebar's date filter, so every page follows.")
with st.container(horizontal=True):  # one row that wraps on a phone: one block, not a column per button
    for name, label in timeline.QUICK_RANGES.items():
        st.button(label, key=f"range-{name}", on_click=_apply_quick_range, args=(name, first, newest),
                  width="stretch")

ordered = events.sort_values("date", ascending=False)
titles = dict(zip(ordered["event_id"], ordered["date"].dt.strftime("%Y-%m-%d ") + ordered["title"], strict=True))
responded = ui.cached_view("responses", lambda: timeline.response_counts(events), filtered)
roots = [e for e in ordered["event_id"] if responded.get(e, 0) > 0]

c1, c2, c3 = st.columns([2, 2, 3])
lanes = c1.radio("Lanes", timeline.LANES, horizontal=True, key="timeline-lanes",
                 format_func={"category": "By category", "initiator": "By initiating country"}.get)
labels = c2.slider("Key events labelled (most responded-to)", 0, 15, 6, key="timeline-labels")
scope = c3.radio("Show", ["all", "episode"], horizontal=True, key="timeline-scope", disabled=not roots,
                 format_func={"all": "All events", "episode": "One episode (its chain only)"}.get,
                 help="An episode is an event and every event answering it, directly or through others.")
root = None
if roots:
    # The Takaichi remarks open the current episode; otherwise the earliest most-answered event.
    busiest = min(roots, key=lambda e: (-responded[e], titles[e]))
    default = roots.index(timeline.TAKAICHI_REMARKS if timeline.TAKAICHI_REMARKS in roots else busiest)
    root = st.selectbox("Episode (its first move)", roots, index=default, key="timeline-episode",
                        format_func=titles.get)
arrows = st.checkbox("Draw response arrows (an event → the events answering it)", value=False,
                     key="timeline-arrows")

shown = events
if scope == "episode" and root:
    chain_ids = ui.cached_view("episode-ids", lambda: list(timeline.episode_chain(events, root)["event_id"]),
                               filtered, root)
    shown = events[events["event_id"].isin(chain_ids)]
last = last_event_date(ctx.data.events)
today = ui.run_today()
span = (last, ctx.selection.start, ctx.selection.end)  # what the "no curated data" shading depends on
after_data = ui.range_after_data_notice(ctx)  # a range wholly after the data: said, not drawn as an empty axis
plot_px = timeline.plot_px_for(ui.main_width())  # a phone stacks the key-event labels for its own width
fig = ui.timeline_figure(ctx, shown, lanes, labels, arrows=arrows or scope == "episode",
                         shade=lambda f: shade_no_data(f, *span, today), shade_key=span, plot_px=plot_px)
clicked = None if after_data else st.plotly_chart(fig, width="stretch", key="timeline-chart", on_select="rerun",
                                                  selection_mode="points")
what = f"{len(shown)} events of one episode" if shown is not events else f"{len(events)} curated events"
st.caption(f"{what} ({ctx.selection.describe()}); marker size grows with |Goldstein|. Hover a label for the full "
           "title; click an event for its record.")
ui.chart_downloads(fig, "timeline", ctx, title=timeline.TIMELINE_TITLE)

# A click picks the record shown, once: afterwards the selectbox stays the user's to change.
points = [p for p in (clicked.selection.points if clicked else []) if p.get("customdata")]
click_id = str(points[0]["customdata"][0]) if points else None
if click_id and click_id != st.session_state.get("timeline-last-click"):
    st.session_state["timeline-record"] = click_id
st.session_state["timeline-last-click"] = click_id

if st.session_state.get("timeline-record") not in titles:
    st.session_state.pop("timeline-record", None)
record_id = st.selectbox("Event record", list(titles), format_func=titles.get, index=None,
                         key="timeline-record", placeholder="Click an event on the chart, or pick one here")
if record_id:
    record, cited = timeline.event_record(ctx.data.events, ctx.data.sources, record_id)
    st.text(titles[record_id])  # a title from the file: shown as text, never as Markdown
    st.dataframe(record, hide_index=True, width="stretch")
    st.dataframe(cited, hide_index=True, width="stretch", column_config={"URL": st.column_config.LinkColumn()})

st.header("Action–reaction chain")
if root:
    try:
        missing = ui.cached_view("chain-missing", lambda: len(timeline.build_chain(events).missing), filtered)
    except ValueError as exc:
        st.error(f"The responds_to links cannot be followed: {ui.escape_markdown(str(exc))}")
    else:
        episode, whole = ui.cached_view("episode", lambda: (timeline.episode_chain(events, root),
                                                            timeline.episode_chain(ctx.data.events, root)),
                                        filtered, root)
        st.caption(f"{ui.escape_markdown(titles[root])}: {len(episode) - 1} events answer it, directly or through "
                   f"others (Step = reactions from the first move), within the filters; "
                   f"{len(whole) - len(episode)} more lie outside them. {missing} links in the filtered "
                   "set point to events outside the filters.")
        readable = ui.cached_view("episode-table", lambda: timeline.episode_table(episode, ctx.data.events),
                                  filtered, root)
        st.dataframe(readable, hide_index=True, width="stretch", key="episode-table")
        ui.table_downloads(readable.assign(event_id=episode["event_id"].to_numpy()), f"episode-{root}",
                           key="episode-chain")
else:
    st.info("No event in the filtered set is answered by another one.")

st.header("Tension index")
st.latex(tension.FORMULA_LATEX)
st.markdown("`t_i` = event date, `g_i` = Goldstein score (−10…10, negative = conflictual), `H` = half-life in "
            "days: an event's weight halves every `H` days. Countries and categories filter the events counted; "
            "events before the date range still count, decayed.")
c1, c2, c3, c4 = st.columns(4)
half_life = c1.slider("Half-life H (days)", 7, 180, 30, key="tension-half-life")
weekly = c2.radio("Series", ["Daily", "Weekly mean"], horizontal=True, key="tension-freq") == "Weekly mean"
pivot = c3.date_input("Compare around", timeline.DISPUTE_START, key="tension-pivot", format="YYYY-MM-DD")
days = c4.slider("Days before / after", 14, 365, 90, key="tension-days")


def _tension() -> tuple:
    # A pure function of the data, the filters and the four controls: built once for each (cached_view).
    daily = tension.index_for_selection(ctx.data.events, ctx.selection, half_life)
    shown = tension.index_for_selection(ctx.data.events, ctx.selection, half_life, "W") if weekly else daily
    tfig = tension.tension_figure(shown, timeline.key_events(events, 6), pivot, days, plot_px=plot_px)
    return daily, shade_no_data(tfig, *span, today)


daily, tfig = ui.cached_view("tension", _tension, ui.selection_key(ctx.selection), half_life, weekly, pivot, days,
                             plot_px)
if not after_data:
    st.plotly_chart(tfig, width="stretch", key="tension-chart")
st.caption(tension.tension_caption(daily, half_life))
ui.chart_downloads(tfig, "tension-index", ctx, source_ids=source_ids_of(events[events["goldstein"] < 0]))

comparison = tension.compare_periods(daily, pivot, days)
st.dataframe(comparison, hide_index=True, width="stretch", column_config=tension.COMPARISON_LABELS)
st.markdown(tension.comparison_sentence(comparison))
