"""Budget and statistics figures, their captions (units, scope, caveats) and named charts.

Every ``*_chart`` function returns a :class:`ChartResult`: the figure, the
source ids it draws on and a caption stating units, scope and gaps. Values
come from the tables unchanged; a missing year is drawn as a gap.
"""

from __future__ import annotations

import itertools

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.charts.spec import ChartResult, ChartSpec
from analysis.charts.style import apply_style
from analysis.data.countries import COUNTRY_COLORS, country_name
from analysis.data.dataset import Dataset
from analysis.data.provenance import source_ids_of
from analysis.features import budgets as bd

MEASURE_LABELS: dict[str, str] = {
    "local": "Local currency (bn)",
    "usd": "US dollars (bn, annual-average FX)",
    "index": "Index (first year = 100)",
    "gdp_share": "Share of GDP (%)",
}
SCRAMBLE_SERIES = ("jasdf_scrambles_total", "jasdf_scrambles_china")
CCG_SERIES = ("ccg_senkaku_contiguous_days", "ccg_senkaku_territorial_days")
GREY = "#7F7F7F"


def _years(values: pd.Series) -> list[str]:
    return [f"FY{int(y)}" for y in values]


def _empty_note(fig: go.Figure, text: str) -> None:
    fig.add_annotation(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")


def fit_years(fig: go.Figure) -> go.Figure:
    """Start and end every x axis at the first and last year that has a value (no empty edge columns)."""
    years = [int(x) for trace in fig.data if trace.x is not None and trace.y is not None
             for x, y in zip(trace.x, trace.y, strict=False) if y is not None and pd.notna(y) and pd.notna(x)]
    if years:
        fig.update_xaxes(range=[min(years) - 0.5, max(years) + 0.5])
    return fig


def _scope_label(scope: str) -> str:
    return bd.SCOPE_LABELS[scope].removeprefix("initial, ")


def _fmt(value: float) -> str:
    return f"{value:,.1f}"


# Japan ---------------------------------------------------------------------------------------------------------


def japan_figure(budgets: pd.DataFrame, scope: str = bd.DEFAULT_JAPAN_SCOPE,
                 gdp: pd.DataFrame | None = None) -> go.Figure:
    """Japan's initial budget (bars, chosen scope), the other scope, supplementaries, growth, 2%-of-GDP."""
    series = bd.japan_series(budgets, scope)
    other_scope = next(s for s in bd.JAPAN_SCOPES if s != scope)
    other = bd.country_series(budgets, "JPN", other_scope)
    extra = bd.japan_supplementary(budgets)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.72, 0.28], vertical_spacing=0.06)
    fig.add_bar(x=series["fiscal_year"], y=series["amount_bn"], name=f"Initial budget, {_scope_label(scope)}",
                marker_color=COUNTRY_COLORS["JPN"], hovertemplate="FY%{x}: %{y:,.1f} bn JPY<extra></extra>",
                row=1, col=1)
    fig.add_scatter(x=other["fiscal_year"], y=other["amount_bn"], mode="lines+markers",
                    name=f"Other scope: {_scope_label(other_scope)}", line={"color": GREY, "dash": "dot"},
                    hovertemplate="FY%{x}: %{y:,.1f} bn JPY<extra></extra>", row=1, col=1)
    if not extra.empty:
        fig.add_bar(x=extra["fiscal_year"], y=extra["amount_bn"], name="Supplementary (separate, not added)",
                    marker_color="#E69F00", hovertemplate="FY%{x}: %{y:,.1f} bn JPY<extra></extra>", row=1, col=1)
    goal = bd.gdp_goal_line(gdp, "JPN") if gdp is not None else pd.DataFrame()
    if not goal.empty:
        fig.add_scatter(x=goal["year"], y=goal["goal_bn"], mode="markers", name="2% of GDP (years with GDP data)",
                        marker={"symbol": "line-ew-open", "size": 28, "color": "black", "line": {"width": 3}},
                        hovertemplate="FY%{x}: 2% of GDP = %{y:,.1f} bn JPY<extra></extra>", row=1, col=1)
    fig.add_bar(x=series["fiscal_year"], y=series["growth_pct"], name="Change on previous FY (%)",
                marker_color=COUNTRY_COLORS["JPN"], opacity=0.6, showlegend=False,
                hovertemplate="FY%{x}: %{y:+.1f}%<extra></extra>", row=2, col=1)
    fig.update_layout(barmode="group", legend={"orientation": "h", "y": -0.15})
    fig.update_yaxes(title_text="bn JPY", row=1, col=1)
    fig.update_yaxes(title_text="% on prev. FY", row=2, col=1)
    fig.update_xaxes(dtick=1, tickprefix="FY", row=2, col=1)
    if series.empty:
        _empty_note(fig, "No Japanese budget rows in this scope")
    return apply_style(fit_years(fig), "Japan: initial defence budget by fiscal year", height=560)


def japan_caption(budgets: pd.DataFrame, scope: str = bd.DEFAULT_JAPAN_SCOPE,
                  gdp: pd.DataFrame | None = None) -> str:
    """Units, scope and caveats of :func:`japan_figure`."""
    series = bd.japan_series(budgets, scope)
    goal = bd.gdp_goal_line(gdp, "JPN") if gdp is not None else pd.DataFrame()
    span = f"FY{series['fiscal_year'].min()}–FY{series['fiscal_year'].max()}" if not series.empty else "no years"
    goal_text = (f"2%-of-GDP marker only where a GDP row exists ({', '.join(_years(goal['year']))}; Japanese "
                 "fiscal-year nominal GDP); the 2% goal counts defence plus related spending of other ministries, "
                 "so the MOD budget alone is not expected to reach it." if not goal.empty
                 else "No Japanese GDP rows, so no 2%-of-GDP marker.")
    return (f"Billions of yen (bn JPY), nominal; Japanese fiscal year (April–March); {span}. Bars: initial budget, "
            f"{bd.SCOPE_LABELS[scope]} (cabinet draft figures). The default scope is 'including', the figure "
            "media headline; the other scope is the dotted line. Supplementary budgets are separate bars and are "
            "not added (FY2016 and FY2020 are sums of several supplementaries). Lower panel: change on the "
            f"previous fiscal year, only where that year is present. {goal_text}")


def japan_chart(data: Dataset, scope: str = bd.DEFAULT_JAPAN_SCOPE) -> ChartResult:
    """Figure, sources and caption for Japan's budget."""
    rows = data.budgets[(data.budgets["country"] == "JPN") & data.budgets["scope"].isin(
        [*bd.JAPAN_SCOPES, "supplementary"])]
    goal_rows = data.gdp[data.gdp["country"] == "JPN"]
    return ChartResult(japan_figure(data.budgets, scope, data.gdp), source_ids_of(rows, goal_rows),
                       japan_caption(data.budgets, scope, data.gdp))


# Plan progress -------------------------------------------------------------------------------------------------


def plan_progress_figure(progress: pd.DataFrame) -> go.Figure:
    """Annual bars and cumulative line against the plan total (a :func:`budgets.plan_progress` frame)."""
    fig = go.Figure()
    fig.add_bar(x=progress["fiscal_year"], y=progress["amount_bn"], name="Initial budget that year",
                marker_color=COUNTRY_COLORS["JPN"], opacity=0.55,
                hovertemplate="FY%{x}: %{y:,.1f} bn JPY<extra></extra>")
    fig.add_scatter(x=progress["fiscal_year"], y=progress["cumulative_bn"], mode="lines+markers+text",
                    name="Cumulative since plan start", line={"color": COUNTRY_COLORS["JPN"], "width": 3},
                    text=[f"{p:.1f}%" if pd.notna(p) else "" for p in progress["share_pct"]],
                    textposition="top left", customdata=progress["share_pct"],
                    hovertemplate="through FY%{x}: %{y:,.1f} bn JPY (%{customdata:.1f}% of plan)<extra></extra>")
    total = float(progress["plan_total_bn"].iloc[0]) if not progress.empty else bd.PLAN_TOTAL_BN
    fig.add_hline(y=total, line={"color": "black", "dash": "dash"},
                  annotation_text=f"Plan total {total:,.0f} bn JPY", annotation_position="top left")
    fig.update_layout(yaxis_title="bn JPY", legend={"orientation": "h", "y": -0.15},
                      yaxis_range=[0, total * 1.12])
    fig.update_xaxes(dtick=1, tickprefix="FY")
    return apply_style(fig, "Japan: progress against the FY2023–27 defence buildup plan")


def plan_progress_caption(progress: pd.DataFrame) -> str:
    """Units, scope and the reached share for :func:`plan_progress_figure`."""
    done = progress[progress["cumulative_bn"].notna()]
    missing = progress.loc[progress["amount_bn"].isna(), "fiscal_year"]
    total = float(progress["plan_total_bn"].iloc[0]) if not progress.empty else bd.PLAN_TOTAL_BN
    scope = progress["scope"].iloc[0] if not progress.empty else bd.PLAN_SCOPE
    reached = (f"Through FY{done['fiscal_year'].iloc[-1]}: {_fmt(done['cumulative_bn'].iloc[-1])} bn JPY = "
               f"{done['share_pct'].iloc[-1]:.1f}% of the plan." if not done.empty else "No year of the plan yet.")
    gaps = f" Not in the table (no bar, not counted as zero): {', '.join(_years(missing))}." if len(missing) else ""
    why = (" The plan counts this basis (Defense Buildup Program target expenditure), so the headline "
           "'including' figures would overstate progress." if scope == bd.PLAN_SCOPE else "")
    return (f"Billions of yen, nominal; Japanese fiscal years. Cumulative initial budgets, {bd.SCOPE_LABELS[scope]}, "
            f"against the {total:,.0f} bn JPY (43 trillion yen) FY2023–27 plan.{why} Supplementary budgets are not "
            f"added. {reached}{gaps}")


def plan_progress_chart(data: Dataset) -> ChartResult:
    """Figure, sources and caption for the plan progress."""
    progress = bd.plan_progress(data.budgets)
    return ChartResult(plan_progress_figure(progress), source_ids_of(progress), plan_progress_caption(progress))


# China ---------------------------------------------------------------------------------------------------------


def china_figure(budgets: pd.DataFrame) -> go.Figure:
    """China's announced budget (bars) with computed and announced growth (lower panel)."""
    series = bd.china_series(budgets)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.06)
    fig.add_bar(x=series["fiscal_year"], y=series["amount_bn"], name="Announced budget",
                marker_color=COUNTRY_COLORS["CHN"], hovertemplate="%{x}: %{y:,.1f} bn CNY<extra></extra>",
                row=1, col=1)
    fig.add_bar(x=series["fiscal_year"], y=series["growth_pct"], name="Growth, budget on previous budget (%)",
                marker_color=COUNTRY_COLORS["CHN"], opacity=0.6, hovertemplate="%{x}: %{y:+.1f}%<extra></extra>",
                row=2, col=1)
    fig.add_scatter(x=series["fiscal_year"], y=series["announced_pct"], mode="markers",
                    name="Growth as announced (vs previous year's actual spending)",
                    marker={"color": "black", "symbol": "diamond", "size": 9},
                    hovertemplate="%{x}: announced %{y:+.1f}%<extra></extra>", row=2, col=1)
    fig.update_layout(legend={"orientation": "h", "y": -0.15})
    fig.update_yaxes(title_text="bn CNY", row=1, col=1)
    fig.update_yaxes(title_text="% growth", row=2, col=1)
    fig.update_xaxes(dtick=1, row=2, col=1)
    if series.empty:
        _empty_note(fig, "No Chinese budget rows")
    return apply_style(fit_years(fig), "China: announced central-government defence budget", height=540)


def china_caption(budgets: pd.DataFrame) -> str:
    """Units, scope and caveats of :func:`china_figure`."""
    series = bd.china_series(budgets)
    span = f"{series['fiscal_year'].min()}–{series['fiscal_year'].max()}" if not series.empty else "no years"
    differ = series[(series["growth_pct"].round(1) - series["announced_pct"]).abs() >= 0.15]
    diff_text = (f" Computed and announced growth differ by 0.15 points or more in {len(differ)} year(s): "
                 + ", ".join(str(y) for y in differ["fiscal_year"]) + "." if not differ.empty else "")
    return (f"Billions of yuan (bn CNY), nominal; calendar year; {span}. Scope: central-government national "
            "defence budget as announced at the NPC. Lower panel: growth computed budget on previous budget "
            "(bars) and the rate China announced (diamonds, from the notes), which is measured against the "
            f"previous year's actual spending.{diff_text} Several years are published only rounded. Outside "
            "estimates of total military spending are higher and are not included.")


def china_chart(data: Dataset) -> ChartResult:
    """Figure, sources and caption for China's budget."""
    series = bd.china_series(data.budgets)
    return ChartResult(china_figure(data.budgets), source_ids_of(series), china_caption(data.budgets))


# Comparison ----------------------------------------------------------------------------------------------------


def _with_gaps(part: pd.DataFrame) -> list[pd.DataFrame]:
    """Split one country's rows at definition breaks; add empty years so lines do not bridge gaps."""
    years = range(int(part["fiscal_year"].min()), int(part["fiscal_year"].max()) + 1)
    full = part.set_index("fiscal_year").reindex(years).reset_index()
    cuts = [i for i, flag in enumerate(full["break_before"].fillna(False).astype(bool)) if flag]
    bounds = [0, *cuts, len(full)]
    return [full.iloc[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def comparison_figure(table: pd.DataFrame, measure: bd.Measure = "usd") -> go.Figure:
    """Countries side by side (a :func:`budgets.comparison_table` frame).

    Local currency gets one panel per country (currencies do not share an
    axis); the other measures share one axis.
    """
    if measure not in bd.MEASURES:
        raise ValueError(f"measure must be one of {list(bd.MEASURES)}, got {measure!r}")
    countries = list(dict.fromkeys(table["country"]))
    title = f"Defence budgets compared: {MEASURE_LABELS[measure]}"
    panels = measure == "local" and len(countries) > 1
    fig = make_subplots(rows=len(countries), cols=1, shared_xaxes=True, vertical_spacing=0.04) if panels \
        else go.Figure()
    for i, country in enumerate(countries, start=1):
        part = table[table["country"] == country]
        unit = part["unit"].iloc[0]
        scope = bd.SCOPE_LABELS.get(part["scope"].iloc[0], part["scope"].iloc[0])
        for j, segment in enumerate(_with_gaps(part)):
            trace = go.Scatter(
                x=segment["fiscal_year"], y=segment["value"], mode="lines+markers", connectgaps=False,
                name=f"{country_name(country)} ({scope})", legendgroup=country, showlegend=j == 0,
                line={"color": COUNTRY_COLORS.get(country, GREY)},
                hovertemplate=f"{country_name(country)} %{{x}}: %{{y:,.2f}} {unit}<extra></extra>",
            )
            if panels:
                fig.add_trace(trace, row=i, col=1)
            else:
                fig.add_trace(trace)
        if panels:
            fig.update_yaxes(title_text=unit, row=i, col=1)
    if not panels:
        units = list(dict.fromkeys(table["unit"]))
        fig.update_yaxes(title_text=units[0] if len(units) == 1 else MEASURE_LABELS[measure])
    if measure == "index":
        fig.add_hline(y=100, line={"color": GREY, "dash": "dot"})
    if table["value"].notna().sum() == 0:
        _empty_note(fig, "No values for this measure and these countries (see the caption for gaps)")
    fig.update_xaxes(dtick=1)
    fig.update_layout(legend={"orientation": "h", "y": -0.12})
    fig = apply_style(fit_years(fig), title, height=max(520, 170 * len(countries) + 160) if panels else 520)
    # A horizontal legend of five countries wraps to two rows: leave room for it.
    return fig.update_layout(margin={"b": 120})


def comparison_caption(table: pd.DataFrame, measure: bd.Measure = "usd", requested: tuple[str, ...] = ()) -> str:
    """Units, the scope used per country, gaps and breaks of :func:`comparison_figure`."""
    what = {
        "local": "Billions of local currency, nominal; one panel per country.",
        "usd": ("Billions of US dollars, nominal, converted at the calendar-year average rate "
                "(mostly Fed G.5A; see fx.csv notes) of the year equal to the fiscal year "
                "(Japan's fiscal year runs April–March); US figures need no conversion."),
        "index": "Index of nominal local-currency budgets, each country's first year with a figure = 100.",
        "gdp_share": "Budget as % of nominal GDP in the same currency and year (fiscal-year GDP for Japan).",
    }[measure]
    scopes = table.groupby("country", sort=True)["scope"].first()
    scope_text = "; ".join(f"{country_name(c)}: {bd.SCOPE_LABELS.get(s, s)}" for c, s in scopes.items())
    parts = [what, f"Scope charted: {scope_text or 'none'} (other scopes in the alternatives table)."]
    if measure == "index" and "base_year" in table.columns:
        bases = table.dropna(subset=["base_year"]).groupby("country")["base_year"].first()
        parts.append("Base years: " + ", ".join(f"{country_name(c)} {int(y)}" for c, y in bases.items()) + ".")
    gaps = bd.missing_report(table)
    if gaps:
        parts.append(f"Left empty, not estimated: {'; '.join(gaps)}.")
    absent = [c for c in requested if c not in set(table["country"])]
    if absent:
        parts.append(f"No budget rows for: {', '.join(country_name(c) for c in absent)}.")
    for (country, year), why in bd.SERIES_BREAKS.items():
        if ((table["country"] == country) & (table["fiscal_year"] == year)).any():
            parts.append(f"Line broken before {country_name(country)} {year}: {why}.")
    parts.append("Fiscal years differ: Japan April–March, US October–September, others calendar year.")
    return " ".join(parts)


def comparison_chart(data: Dataset, measure: bd.Measure = "usd", countries: tuple[str, ...] = (),
                     japan_scope: str = bd.DEFAULT_JAPAN_SCOPE) -> ChartResult:
    """Figure, sources and caption for the cross-country comparison."""
    table = bd.comparison_table(data.budgets, data.fx, data.gdp, measure, countries, japan_scope)
    columns = ("source_ids", "fx_source_ids", "gdp_source_ids")
    return ChartResult(comparison_figure(table, measure), source_ids_of(table, columns=columns),
                       comparison_caption(table, measure, tuple(countries)))


def rows_used(data: Dataset, japan_scope: str = bd.DEFAULT_JAPAN_SCOPE,
              countries: tuple[str, ...] = ()) -> pd.DataFrame:
    """The budget rows the page's charts draw on, with ``used_in``, USD, % of GDP and their sources."""
    budgets = data.budgets
    uses = {
        "budget-japan": (budgets["country"] == "JPN") & budgets["scope"].isin([*bd.JAPAN_SCOPES, "supplementary"]),
        "budget-plan-progress": (budgets["country"] == "JPN") & (budgets["scope"] == bd.PLAN_SCOPE)
        & budgets["fiscal_year"].between(2023, 2027),
        "budget-china": (budgets["country"] == "CHN") & (budgets["scope"] == "official_announced"),
    }
    picked = bd.comparison_scopes(budgets, countries, japan_scope)
    uses["budget-comparison"] = pd.Series(
        [picked.get(c) == s for c, s in zip(budgets["country"], budgets["scope"], strict=True)], index=budgets.index)
    used_in = pd.Series(
        ["; ".join(name for name, mask in uses.items() if mask.loc[i]) for i in budgets.index],
        index=budgets.index, dtype="object")
    rows = budgets.assign(used_in=used_in)[used_in != ""]
    rows = bd.share_of_gdp(bd.to_usd(rows, data.fx), data.gdp)
    rows = bd.rows_with_sources(rows, data.sources)
    cols = ["country", "fiscal_year", "scope", "amount_bn", "currency", "per_usd", "usd_bn", "gdp_share_pct",
            "used_in", "notes", "source_ids", "publisher", "title", "published"]
    return rows[cols].sort_values(["country", "fiscal_year", "scope"]).reset_index(drop=True)


# Statistics ----------------------------------------------------------------------------------------------------


def stats_figure(stats: pd.DataFrame, series: pd.DataFrame, series_ids: tuple[str, ...], title: str,
                 kind: str = "bar") -> go.Figure:
    """Several statistics series on one axis, x = period as published (FY2024, 2024, ...)."""
    if kind not in ("bar", "line"):
        raise ValueError(f"kind must be 'bar' or 'line', got {kind!r}")
    titles = dict(zip(series["series_id"], series["title"], strict=True))
    rows = stats[stats["series_id"].isin(series_ids)]
    periods = sorted(rows["period"].unique(), key=lambda p: p.replace("FY", ""))
    fig = go.Figure()
    colors = [COUNTRY_COLORS["JPN"], COUNTRY_COLORS["CHN"], GREY]
    for i, sid in enumerate(series_ids):
        part = rows[rows["series_id"] == sid].set_index("period").reindex(periods)
        common = {"x": periods, "y": part["value"], "name": titles.get(sid, sid), "marker_color": colors[i % 3],
                  "hovertemplate": "%{x}: %{y:,.0f}<extra>" + titles.get(sid, sid) + "</extra>"}
        fig.add_trace(go.Bar(**common) if kind == "bar" else go.Scatter(mode="lines+markers", **common))
    units = list(dict.fromkeys(rows["unit"]))
    fig.update_layout(barmode="group", yaxis_title=", ".join(units), legend={"orientation": "h", "y": -0.15},
                      xaxis={"type": "category"})
    if rows.empty:
        _empty_note(fig, "None of these series is in the statistics table")
    return apply_style(fig, title)


def stats_caption(stats: pd.DataFrame, series: pd.DataFrame, series_ids: tuple[str, ...]) -> str:
    """Definitions, units and periods of the series in a :func:`stats_figure`."""
    meta = series[series["series_id"].isin(series_ids)]
    parts = [f"{row['title']} ({row['unit']}): {row['definition']}" for _, row in meta.iterrows()]
    rows = stats[stats["series_id"].isin(series_ids)]
    if not rows.empty:
        parts.append(f"Periods {rows['period'].min()}–{rows['period'].max()}; a missing period is left empty.")
    return " ".join(parts) or "None of these series is in the statistics table."


def stats_chart(data: Dataset, series_ids: tuple[str, ...], title: str, kind: str = "bar") -> ChartResult:
    """Figure, sources and caption for statistics series."""
    rows = data.stats[data.stats["series_id"].isin(series_ids)]
    return ChartResult(stats_figure(data.stats, data.stats_series, series_ids, title, kind),
                       source_ids_of(rows), stats_caption(data.stats, data.stats_series, series_ids))


def scrambles_chart(data: Dataset) -> ChartResult:
    """JASDF scrambles per fiscal year, total and against Chinese aircraft."""
    return stats_chart(data, SCRAMBLE_SERIES, "JASDF scrambles by fiscal year: total and against China")


def ccg_chart(data: Dataset) -> ChartResult:
    """Days per calendar year with Chinese government vessels near the Senkakus."""
    return stats_chart(data, CCG_SERIES, "Days with Chinese government vessels near the Senkakus", "line")


def scope_title(scope: str) -> str:
    """Scope label starting with a capital, for widgets (``Initial, incl. SACO/US-realignment``)."""
    label = bd.SCOPE_LABELS[scope]
    return label[:1].upper() + label[1:]


def named_charts() -> dict[str, ChartSpec]:
    """Charts of the Budgets page for exports, the briefing deck and the CLI (default scopes, USD)."""
    specs = [
        ChartSpec("budget-japan", "Japan defence budget", lambda d, _: japan_chart(d)),
        ChartSpec("budget-plan-progress", "Japan FY2023–27 plan progress", lambda d, _: plan_progress_chart(d)),
        ChartSpec("budget-china", "China announced defence budget", lambda d, _: china_chart(d)),
        ChartSpec("budget-comparison", "Defence budgets compared (USD)",
                  lambda d, sel: comparison_chart(d, "usd", sel.countries)),
        ChartSpec("stats-scrambles", "JASDF scrambles", lambda d, _: scrambles_chart(d)),
        ChartSpec("stats-ccg-days", "CCG days near the Senkakus", lambda d, _: ccg_chart(d)),
    ]
    return {spec.name: spec for spec in specs}
