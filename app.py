"""Overview page: what the curated data says at a glance, under the global filters."""

import streamlit as st

import ui
from analysis.charts.style import shade_no_data
from analysis.data.freshness import freshness
from analysis.features.overview import combine_counts, counts_figure, events_by_period, headline_budgets, latest_events

ctx = ui.setup_page("Overview", "🧭")
st.title("Nansei Watch")
st.caption(
    "Japan–China–US–Taiwan security tensions around Japan's Southwest (Nansei) islands: "
    "curated, sourced events, installations, budgets and statistics. Data as of "
    f"{ui.data_as_of(ctx.data)}."
)
ui.freshness_banner(ctx)
fresh = freshness(ctx.data.events)

cols = st.columns(4)
cols[0].metric("Events (filtered)", len(ctx.events))
cols[1].metric("Newest curated event", fresh.last.isoformat() if fresh.last else "n/a",
               delta=f"{fresh.age_days} days old" if fresh.last else None, delta_color="off",
               help="Age of the newest event in the curated table (all events, whatever the filters). "
                    f"Newest event within the filters: {ui.data_as_of_filtered(ctx.events)}.")
cols[2].metric("Sites on the map", len(ctx.data.sites))
cols[3].metric("Sources cited", len(ctx.data.sources))

budgets = headline_budgets(ctx.data.budgets)
if not budgets.empty:
    st.subheader("Latest defence budgets")
    bcols = st.columns(min(len(budgets), 5))
    for col, (_, row) in zip(bcols, budgets.head(5).iterrows(), strict=False):
        col.metric(
            f"{ui.country_label(row['country'])} FY{row['fiscal_year']} (bn {row['currency']})",
            f"{row['amount_bn']:,.0f}",
            help=f"Scope: {row['scope']}. Sources: {row['source_ids']}",
        )
    st.caption("Latest figure per country, default scope (see the Budgets page for alternatives and sources).")

st.subheader("Events per year")
counts = events_by_period(ctx.events, "YS")
title = "Curated events per year, by category"
if ctx.show_imported:
    store = ui.event_store()
    imported = store.count(ctx.selection)
    st.caption(f"Including {imported:,} imported events (ACLED/GDELT files from the Import page).")
    counts = combine_counts(counts, store.counts_by_period(ctx.selection, "YS"))
    title = "Curated and imported events per year, by category"
fig = shade_no_data(counts_figure(counts, title, "Events"), fresh.last, ctx.selection.start, ctx.selection.end)
# Dates wholly after the curated data: say so rather than draw an empty axis (imported rows may still fill it).
if not ui.range_after_data_notice(ctx) or ctx.show_imported:
    st.plotly_chart(fig, width="stretch", key="overview-per-year")
    ui.chart_downloads(fig, "events-per-year", ctx)

st.subheader("Latest events")
st.dataframe(latest_events(ctx.events, 10), hide_index=True, width="stretch")
