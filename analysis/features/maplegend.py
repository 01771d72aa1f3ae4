"""A map's side legend that fits the height it is drawn at: a second column when one would be cut.

A map exported for a slide (legend on the right) lists lines, event categories, installation operators
and site kinds: about 28 rows, 600 px at 14 px text. Plotly draws a side legend in one column and cuts
what runs past the figure's bottom (a briefing slide's picture box is about 400 px high: the site kinds
were lost). When the rows do not fit, the installation groups move into a second legend beside the
first, and the right margin is widened to hold both.
"""

from __future__ import annotations

import plotly.graph_objects as go

from analysis.charts.text import text_width_in

__all__ = ["KINDS_GROUP", "SECOND_COLUMN", "SITES_GROUP", "TOOLS_GROUP", "fit_side_legend", "legend_rows_px"]

ROW_PX = 21  # one entry or group title at 14 px text (rows are 21 px apart in the exported map)
SYMBOL_PX = 40  # the symbol and the gap before an entry's text
PAD_PX = 16  # between the plot, the columns and the figure's edge
# The map's legend groups that move to the second column (analysis.features.mapfig draws them by these names).
SITES_GROUP, KINDS_GROUP, TOOLS_GROUP = "sites", "kinds", "tools"  # installations by operator, site kinds, tools
SECOND_COLUMN = (SITES_GROUP, KINDS_GROUP, TOOLS_GROUP)


def _groups(fig: go.Figure) -> dict[str, list[str]]:
    """Legend group -> its title then its entries, in drawing order, for traces the legend lists."""
    groups: dict[str, list[str]] = {}
    for trace in fig.data:
        if getattr(trace, "showlegend", False) is False or not trace.name:  # a table has no legend at all
            continue
        group = trace.legendgroup or ""
        if group not in groups:
            title = trace.legendgrouptitle.text if trace.legendgrouptitle else None
            groups[group] = [title] if title else []
        groups[group].append(trace.name)
    return groups


def legend_rows_px(groups: list[list[str]], gap_px: float) -> int:
    """Height of one legend column holding ``groups`` (each a title and its entries), ``gap_px`` between groups."""
    return round(sum(len(rows) for rows in groups) * ROW_PX + max(len(groups) - 1, 0) * gap_px)


def _width_px(groups: list[list[str]], font_px: float) -> float:
    # text_width_in gives inches at a size in points; times 72 it is that many units of the size: px at px.
    return SYMBOL_PX + max((text_width_in(row, font_px) * 72 for rows in groups for row in rows), default=0)


def fit_side_legend(fig: go.Figure, width_px: int, height_px: int) -> go.Figure:
    """Split the right-hand legend of ``fig`` into two columns if one would not fit ``height_px``.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        A map from :func:`analysis.features.mapfig.map_figure` with ``legend="right"``; not modified.
    width_px, height_px : int
        Size the figure is drawn at (the export's, not the figure's layout height). The text size and the
        gap between groups are the figure's own legend's.

    Returns
    -------
    plotly.graph_objects.Figure
        ``fig`` itself if one column fits or there is nothing to move; otherwise a copy with two columns.
    """
    if width_px <= 0 or height_px <= 0:
        raise ValueError(f"the size must be positive, got {(width_px, height_px)!r}")
    groups = _groups(fig)
    side, margin = fig.layout.legend, fig.layout.margin
    font_px = side.font.size or fig.layout.font.size or 12  # plotly's default text size is 12 px
    gap_px = 10 if side.tracegroupgap is None else side.tracegroupgap  # plotly's default gap is 10 px
    room = height_px - (margin.t or 0) - PAD_PX  # the legend starts at the plot's top and may use the bottom margin
    first = [rows for group, rows in groups.items() if group not in SECOND_COLUMN]
    second = [rows for group, rows in groups.items() if group in SECOND_COLUMN]
    if legend_rows_px([*first, *second], gap_px) <= room or not second or not first:
        return fig
    fig = go.Figure(fig)
    for trace in fig.data:
        if trace.legendgroup in SECOND_COLUMN:
            trace.legend = "legend2"
    first_px, second_px = _width_px(first, font_px), _width_px(second, font_px)
    right = round(first_px + second_px + 3 * PAD_PX)
    plot_px = max(width_px - (margin.l or 0) - right, 1)
    # Both columns in the plot's coordinates (x > 1 is right of it): the first a pad from the plot, the
    # second a pad after the first's widest line; the right margin holds both and a pad to the edge.
    fig.update_layout(
        margin={"r": right},
        legend={"x": 1 + PAD_PX / plot_px, "xanchor": "left"},
        # The second column looks like the first: its style copied whole, only its place differs.
        legend2={**side.to_plotly_json(), "x": 1 + (2 * PAD_PX + first_px) / plot_px, "xanchor": "left",
                 "y": 1, "yanchor": "top", "orientation": "v"},
    )
    return fig
