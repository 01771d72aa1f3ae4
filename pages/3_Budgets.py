"""Budgets page: Japan's build-up against China and the region, with scopes, gaps and sources stated."""

import streamlit as st

import ui
from analysis.charts.spec import ChartResult
from analysis.data.provenance import short_citation
from analysis.features import budget_figures as bf
from analysis.features import budget_growth as bg
from analysis.features import budgets as bd
from analysis.features.readable import display_table

GROWTH_FORMAT = {
    "start_bn": st.column_config.NumberColumn("start (bn)", format="%.1f"),
    "end_bn": st.column_config.NumberColumn("end (bn)", format="%.1f"),
    "change_bn": st.column_config.NumberColumn("change (bn)", format="%+.1f"),
    "change_pct": st.column_config.NumberColumn("change %", format="%+.1f%%"),
    "per_year_pct": st.column_config.NumberColumn("a year %", format="%+.1f%%"),
}

ctx = ui.setup_page("Budgets", "💴")
data = ctx.data
st.title("Defence budgets")
st.caption(
    "Nominal amounts as published, in billions. Budget years are fiscal years, so the sidebar's date and "
    "category filters do not apply here; the country filter applies to the comparison. Missing years stay "
    "empty: nothing is estimated or filled in."
)


def show(result: ChartResult, name: str) -> None:
    """Chart, then its units/scope caption and sources, then the export buttons."""
    st.plotly_chart(result.figure, width="stretch", key=f"chart-{name}")
    cited = ui.cached_view("citation", lambda: short_citation(data.sources, result.source_ids),
                           ui.ids_digest(result.source_ids))
    # One element: caption, then its sources (publishers and titles from sources.csv: shown as text).
    st.caption(result.caption + "  \nSources: " + (ui.escape_markdown(cited) if cited else "none"))
    ui.chart_downloads(result.figure, name, ctx, source_ids=result.source_ids)


latest = bd.latest_figures(data.budgets)
if not latest.empty:
    st.subheader("Latest figure per country")
    figures = st.container(horizontal=True)  # one block (wrapping on a phone), not a column per metric
    for _, row in latest.head(5).iterrows():
        figures.metric(f"{ui.country_label(row['country'])} {bd.year_label(row['country'], row['fiscal_year'])}, "
                       f"bn {row['currency']}", f"{row['amount_bn']:,.1f}",
                       help=f"Scope: {bd.SCOPE_LABELS[row['scope']]}. Sources: {row['source_ids']}")
    st.caption("Scope of each figure: " + "; ".join(
        f"{ui.country_label(r['country'])} {bd.SCOPE_LABELS[r['scope']]}" for _, r in latest.iterrows())
        + ". Other figures for the same years are under 'Where figures disagree'.")

st.subheader("Japan")
scope = st.radio(
    "Japan budget scope", options=list(bd.JAPAN_SCOPES), format_func=bf.scope_title,
    key="budget-scope", horizontal=True,
    help="Default: including SACO and US-realignment costs, the figure media headline.",
)
st.caption("Default scope: **including** SACO/US-realignment costs (the headline figure); the other scope is "
           "drawn as a dotted line.")
show(ui.cached_chart(bf.japan_chart, data, scope), "budget-japan")
show(ui.cached_chart(bf.plan_progress_chart, data), "budget-plan-progress")

st.subheader("Growth over a span")
years = bg.span_years(data.budgets, ctx.selection.countries)
if len(years) > 1:
    start, end = st.select_slider("From – to (budget year)", options=years, key="budget-span",
                                  value=(2022 if 2022 in years[:-1] else years[0], years[-1]))
    if start == end:
        st.caption("Pick two different years.")
    else:
        growth = bg.growth_table(data.budgets, start, end, ctx.selection.countries, scope)
        st.markdown(f"**{bg.growth_sentence(growth)}**")  # our own words and numbers, no file text
        st.dataframe(growth, hide_index=True, width="stretch", key="budget-growth", column_config=GROWTH_FORMAT)
        st.caption("Local currency, nominal, in each country's compared scope (Japan: the scope chosen above). "
                   "Average a year is compound. No number where a year has no figure or the definition changed.")

st.subheader("China")
show(ui.cached_chart(bf.china_chart, data), "budget-china")

st.subheader("Comparison")
measure = st.radio("Comparison measure", options=list(bd.MEASURES), format_func=bf.MEASURE_LABELS.get,
                   index=bd.MEASURES.index("usd"), key="budget-measure", horizontal=True)
countries = ctx.selection.countries
st.caption("Countries: " + (", ".join(ui.country_label(c) for c in countries) if countries
                            else "all with budget rows (pick countries in the sidebar to narrow)") + ".")
show(ui.cached_chart(bf.comparison_chart, data, measure, tuple(countries), scope), "budget-comparison")

st.subheader("Where figures disagree")
alts = ui.cached_view("disagreements", lambda: bd.disagreements(data.budgets, countries), countries)
if alts.empty:
    st.info("Every country-year shown has a single figure.")
else:
    st.caption("Years with more than one figure (scope, request vs enacted). The charts use one scope per "
               "country, named in each caption; the others are listed here, not dropped.")
    pairs = list(dict.fromkeys(zip(alts["country"], alts["fiscal_year"], strict=True)))
    pick = st.selectbox("Show every figure for", options=pairs, key="budget-alternative",
                        format_func=lambda p: f"{ui.country_label(p[0])} {bd.year_label(*p)}")
    st.dataframe(ui.cached_view("alternatives", lambda: display_table(bd.alternatives(data.budgets, *pick),
                                                                      data.sources), pick),
                 hide_index=True, width="stretch")
    with st.expander(f"All {len(pairs)} country-years with more than one figure"):
        st.dataframe(ui.cached_view("disagreements-shown", lambda: display_table(alts, data.sources), countries),
                     hide_index=True, width="stretch")



def _rows_used() -> tuple:
    used = bf.rows_used(data, scope, countries)
    return used, display_table(used, data.sources)


st.subheader("Rows used by these charts")
table, shown = ui.cached_view("rows-used", _rows_used, scope, countries)
st.caption(f"{len(table)} budget rows with their notes and sources; per_usd and usd_bn are empty where the FX "
           "table has no rate, gdp_share_pct where it has no GDP row.")
st.dataframe(shown, hide_index=True, width="stretch")
ui.table_downloads(table, "budget-rows")

st.subheader("Related statistics")
st.caption("Not filtered by the sidebar. Scrambles use Japan's fiscal year; Senkaku figures the calendar year.")
show(ui.cached_chart(bf.scrambles_chart, data), "stats-scrambles")
show(ui.cached_chart(bf.ccg_chart, data), "stats-ccg-days")
