"""Timeline page: the China–Japan dispute on a date axis."""

import streamlit as st

import ui
from analysis.overview import events_by_period_figure

ctx = ui.setup_page("Timeline", "📈")
st.title("Timeline of the dispute")
fig = events_by_period_figure(ctx.events, "MS")
st.plotly_chart(fig, width="stretch", key="timeline-monthly")
ui.chart_downloads(fig, "events-per-month", ctx)
