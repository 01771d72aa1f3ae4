"""Overview page: what the curated data says at a glance, under the global filters."""

import pandas as pd
import streamlit as st

import ui
from analysis.charts.style import shade_no_data
from analysis.data.freshness import freshness
from analysis.features.headline import HOW_TO_READ, budget_cards, budget_table, headline_counts
from analysis.features.overview import (
    counts_figure,
    curated_and_imported_figure,
    events_by_period,
    latest_events,
)
from analysis.features.readable import display_table

ctx = ui.setup_page("Overview", "🧭")
st.title("Nansei Watch")
st.caption(
    "Japan–China–US–Taiwan security tensions around Japan's Southwest (Nansei) islands: "
    "curated, sourced events, installations, budgets and statistics. Data as of "
    f"{ui.data_as_of(ctx.data)}."
)
ui.freshness_banner(ctx)
ui.last_sync_caption(hint=False)
fresh = freshness(ctx.data.events, ui.run_today())

with st.expander("How to read this"):
    st.markdown(HOW_TO_READ)

view = ui.selection_key(ctx.selection)  # what the cached parts below depend on, besides the data and the day
headline = headline_counts(ctx.data.sites, ctx.data.budgets, ctx.events, ctx.selection)
with st.container(horizontal=True):  # one row of four metrics (wrapping on a phone), one element less per metric
    st.metric("Events (filtered)", headline["events"])
    st.metric("Newest curated event", fresh.last.isoformat() if fresh.last else "n/a",
              delta=f"{fresh.age_days} days old" if fresh.last else None, delta_color="off", delta_arrow="off",
              help="Age of the newest event in the curated table (all events, whatever the filters). "
                   f"Newest event within the filters: {ui.data_as_of_filtered(ctx.events)}.")
    st.metric("Sites on the map", headline["sites"],
              help="Installations and places operated by the selected countries (all when none is selected).")
    st.metric("Sources cited", headline["sources"],
              help="Sources cited by the events, sites and budget rows under the filters.")

st.subheader("Latest defence budgets")


def _budget_table() -> tuple[pd.DataFrame, str]:
    table = budget_table(budget_cards(ctx.data.budgets, ctx.data.fx, ctx.selection.countries))
    # Source ids go under the table (a column of long ids made every row tall on a phone); they come from a
    # file, so they are escaped (shown as typed).
    cited = " ".join(f"{row.Budget}: {ui.escape_markdown(row.Sources)}." for row in table.itertuples(index=False))
    return table.drop(columns="Sources"), cited


# One table, not a bordered card per country (a card was a container, a metric and a caption in a column:
# ~23 elements for five countries on every rerun; bench/profile.py).
cards, cited = ui.cached_view("budget-table", _budget_table, ctx.selection.countries)
if cards.empty:
    st.caption("No budget rows for the selected countries.")
else:
    st.table(cards, hide_index=True)
st.caption("Latest figure per country in the Budgets page's scope; follows the sidebar's countries. Change is "
           "on the previous budget year in local currency; USD at the annual-average rate in fx.csv."
           + (f" Sources — {cited}" if cited else ""))

st.subheader("Events per year")
title = "Curated events per year, by category"
if ctx.show_imported:  # imported counts get their own panel and axis: never added to the curated bars
    store = ui.event_store()
    imported = store.count(ctx.selection)
    st.caption(f"Below the curated events: {imported:,} imported events (ACLED/GDELT files from the Import page), "
               "machine-coded, on their own scale.")
    title = "Curated and imported events per year, by category"
    fig = curated_and_imported_figure(events_by_period(ctx.events, "YS"), store.counts_by_period(ctx.selection, "YS"),
                                      title)
    fig = shade_no_data(fig, fresh.last, ctx.selection.start, ctx.selection.end, ui.run_today())
else:  # built once per data version, day and filters: a filter change back, or a page switch back, reuses it
    fig = ui.cached_view("overview-per-year", lambda: shade_no_data(
        counts_figure(events_by_period(ctx.events, "YS"), title, "Events"), fresh.last, ctx.selection.start,
        ctx.selection.end, ui.run_today()), view)
# Dates wholly after the curated data: say so rather than draw an empty axis (imported rows may still fill it).
if not ui.range_after_data_notice(ctx) or ctx.show_imported:
    st.plotly_chart(fig, width="stretch", key="overview-per-year")
    ui.chart_downloads(fig, "events-per-year", ctx)

st.subheader("Latest events")
latest = ui.cached_view("latest-events", lambda: display_table(latest_events(ctx.events, 10), ctx.data.sources), view)
st.dataframe(latest, hide_index=True, width="stretch")
