"""Timeline page: events in lanes, the action–reaction chain, and the tension index."""

import datetime as dt

import streamlit as st

import ui
from analysis.charts.style import shade_no_data
from analysis.data.freshness import last_event_date
from analysis.data.provenance import source_ids_of
from analysis.features import tension, timeline


def _apply_quick_range(name: str, first: dt.date) -> None:
    # Runs before the next script run, so the bound sidebar widget is not yet drawn.
    st.session_state["dates"] = timeline.quick_range(name, dt.date.today(), first)


ctx = ui.setup_page("Timeline", "📈")
st.title("Timeline of the dispute")
ui.freshness_banner(ctx)
events = ctx.events
first, _ = ui.date_bounds(ctx.data)

st.caption("Quick ranges set the sidebar's date filter, so every page follows.")
for col, (name, label) in zip(st.columns(len(timeline.QUICK_RANGES)), timeline.QUICK_RANGES.items(), strict=True):
    col.button(label, key=f"range-{name}", on_click=_apply_quick_range, args=(name, first), width="stretch")

left, right = st.columns([2, 1])
lanes = left.radio("Lanes", timeline.LANES, horizontal=True, key="timeline-lanes",
                   format_func={"category": "By category", "initiator": "By initiating country"}.get)
labels = right.slider("Key events labelled (most responded-to)", 0, 15, 8, key="timeline-labels")

last = last_event_date(ctx.data.events)
after_data = ui.range_after_data_notice(ctx)  # a range wholly after the data: said, not drawn as an empty axis
fig = shade_no_data(timeline.timeline_figure(events, lanes, labels), last, ctx.selection.start, ctx.selection.end)
clicked = None if after_data else st.plotly_chart(fig, width="stretch", key="timeline-chart", on_select="rerun",
                                                  selection_mode="points")
st.caption(f"{len(events)} curated events ({ctx.selection.describe()}). Arrows run from an event to the one "
           "answering it (`responds_to`); marker size grows with |Goldstein|. Click an event for its record.")
ui.chart_downloads(fig, "timeline", ctx)

# A click picks the record shown, once: afterwards the selectbox stays the user's to change.
points = [p for p in (clicked.selection.points if clicked else []) if p.get("customdata")]
click_id = str(points[0]["customdata"][0]) if points else None
if click_id and click_id != st.session_state.get("timeline-last-click"):
    st.session_state["timeline-record"] = click_id
st.session_state["timeline-last-click"] = click_id

ordered = events.sort_values("date", ascending=False)
titles = dict(zip(ordered["event_id"], ordered["date"].dt.strftime("%Y-%m-%d ") + ordered["title"], strict=True))
if st.session_state.get("timeline-record") not in titles:
    st.session_state.pop("timeline-record", None)
record_id = st.selectbox("Event record", list(titles), format_func=titles.get, index=None,
                         key="timeline-record", placeholder="Click an event on the chart, or pick one here")
if record_id:
    record, cited = timeline.event_record(ctx.data.events, ctx.data.sources, record_id)
    st.markdown(f"**{titles[record_id]}**")
    st.dataframe(record, hide_index=True, width="stretch")
    st.dataframe(cited, hide_index=True, width="stretch", column_config={"url": st.column_config.LinkColumn()})

st.header("Action–reaction chain")
responded = timeline.response_counts(events)
roots = [e for e in ordered["event_id"] if responded.get(e, 0) > 0]
if roots:
    # The Takaichi remarks open the current episode; otherwise the earliest most-answered event.
    busiest = min(roots, key=lambda e: (-responded[e], titles[e]))
    default = roots.index(timeline.TAKAICHI_REMARKS if timeline.TAKAICHI_REMARKS in roots else busiest)
    root = st.selectbox("Episode root", roots, index=default, key="timeline-episode", format_func=titles.get)
    try:
        chain = timeline.build_chain(events)
    except ValueError as exc:
        st.error(f"The responds_to links cannot be followed: {exc}")
    else:
        episode = timeline.episode_chain(events, root)
        whole = timeline.episode_chain(ctx.data.events, root)
        st.caption(f"{len(episode) - 1} events answer this one, directly or through others (`step` = reactions "
                   f"from the root), within the filters; {len(whole) - len(episode)} more lie outside them. "
                   f"{len(chain.missing)} links in the filtered set point to events outside the filters.")
        st.dataframe(episode.assign(date=episode["date"].dt.strftime("%Y-%m-%d")), hide_index=True,
                     width="stretch")
        ui.table_downloads(episode, f"episode-{root}", key="episode-chain")
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

daily = tension.index_for_selection(ctx.data.events, ctx.selection, half_life)
shown = tension.index_for_selection(ctx.data.events, ctx.selection, half_life, "W") if weekly else daily
tfig = tension.tension_figure(shown, timeline.key_events(events, 6), pivot, days)
shade_no_data(tfig, last, ctx.selection.start, ctx.selection.end)
if not after_data:
    st.plotly_chart(tfig, width="stretch", key="tension-chart")
st.caption(tension.tension_caption(daily, half_life))
ui.chart_downloads(tfig, "tension-index", ctx, source_ids=source_ids_of(events[events["goldstein"] < 0]))

comparison = tension.compare_periods(daily, pivot, days)
st.dataframe(comparison, hide_index=True, width="stretch")
st.markdown(tension.comparison_sentence(comparison))
