"""Budgets page: defence budgets of the region's countries."""

import streamlit as st

import ui
from analysis.filters import filter_by_country

ctx = ui.setup_page("Budgets", "💴")
st.title("Defence budgets")
budgets = filter_by_country(ctx.data.budgets, ctx.selection.countries)
st.dataframe(budgets, hide_index=True, width="stretch", key="budgets-table")
ui.table_downloads(budgets, "budgets")
