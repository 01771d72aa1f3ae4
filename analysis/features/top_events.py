"""The most severe events as a table: a named chart for the Briefing deck and the CLI.

Severity, as an analyst ranks it: first the *family* of act — military and grey-zone
acts (incidents, coast-guard and other grey-zone pressure, exercises, force posture)
before economic and diplomatic pressure and statements — then, within a family, the
Goldstein score of the act (most conflictual first), then the newest. A cancelled
concert (CAMEO 163, −8.0) so no longer outranks a radar lock-on on aircraft (−7.2).

The table is laid out with measured text (DejaVu Sans metrics, as rendered): titles are
wrapped to their column, every row's height follows its lines, and only as many rows
as fit the picture are drawn — the caption counts exactly those.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.charts.spec import ChartResult, ChartSpec
from analysis.charts.style import apply_style, category_label
from analysis.charts.text import wrap
from analysis.data.countries import country_name
from analysis.data.dataset import Dataset
from analysis.data.filters import EventFilter, filter_events
from analysis.data.ids import split_ids
from analysis.data.provenance import source_ids_of

TOP_EVENTS_N = 12
# Severity families, most severe first; categories not listed come last.
FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Military and grey-zone", ("military_incident", "maritime_grey_zone", "military_exercise", "force_posture")),
    ("Economic and diplomatic pressure", ("economic_measure", "diplomatic", "defence_industry", "budget_policy")),
    ("Statements and co-operation", ("statement", "alliance")),
)
RANKED_BY = ("ranked by kind of act (military and grey-zone first, then economic and diplomatic pressure, "
             "then statements), then by Goldstein score (most conflictual first)")
# Geometry of the rendered table (plotly px): the deck's picture is about 1036 × 463 px.
WIDTH_PX, HEIGHT_PX = 1000, 440
MARGIN = {"l": 10, "r": 10, "t": 10, "b": 10}
COLUMN_SHARES = (1.05, 3.75, 1.4, 1.4, 0.8, 1.8)
# Measured on a rendered deck slide: plotly sets 12 px table text about 18 px apart and pads each cell.
FONT_PX, LINE_PX, PAD_PX, HEADER_PX = 12, 18, 12, 30
CELL_PAD_PX = 16  # left + right padding inside a cell
MAX_TITLE_LINES = 3


def family_rank(category: object) -> int:
    """0 for the most severe family of acts, 1 for the next, …; unknown categories last."""
    for rank, (_name, members) in enumerate(FAMILIES):
        if category in members:
            return rank
    return len(FAMILIES)


def top_events(events: pd.DataFrame, n: int = TOP_EVENTS_N) -> pd.DataFrame:
    """The ``n`` most severe events: by family of act, then Goldstein score, then the newest first."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n!r}")
    ranked = events.assign(_family=events["category"].map(family_rank))
    ordered = ranked.sort_values(["_family", "goldstein", "date", "event_id"], ascending=[True, True, False, True])
    return ordered.drop(columns="_family").head(n).reset_index(drop=True)


def _column_px() -> list[float]:
    inner = WIDTH_PX - MARGIN["l"] - MARGIN["r"]
    return [inner * share / sum(COLUMN_SHARES) for share in COLUMN_SHARES]


def _lines(text: str, width_px: float, max_lines: int = MAX_TITLE_LINES) -> list[str]:
    # Measured with the rendered font: 12 px = 9 pt at 96 px per inch, inside the cell's padding.
    lines = wrap(" ".join(str(text).split()), FONT_PX * 0.75, (width_px - CELL_PAD_PX) / 96)
    if len(lines) > max_lines:  # only titles this long are shortened; the full title is in the appendix
        lines = [*lines[:max_lines - 1], wrap(" ".join(lines[max_lines - 1:]), FONT_PX * 0.75,
                                                (width_px - CELL_PAD_PX) / 96)[0] + " …"]
    return lines


def publishers(cell: object, sources: pd.DataFrame | None) -> str:
    """The publishers of the sources cited in ``cell``, de-duplicated (``"2 sources"`` without a table)."""
    ids = split_ids(cell)
    if sources is None:
        return f"{len(ids)} source{'s' * (len(ids) != 1)}"
    names = dict(zip(sources["source_id"], sources["publisher"].astype(str), strict=True))
    return "; ".join(dict.fromkeys(names.get(i, i) for i in ids))


def table_rows(events: pd.DataFrame, sources: pd.DataFrame | None = None,
               n: int = TOP_EVENTS_N) -> tuple[pd.DataFrame, list[list[str]], list[int]]:
    """The rows that fit the picture: the events, each cell's wrapped lines, and each row's height (px)."""
    widths = _column_px()
    room = HEIGHT_PX - MARGIN["t"] - MARGIN["b"] - HEADER_PX
    top = top_events(events, n)
    cells: list[list[str]] = []
    heights: list[int] = []
    for row in top.itertuples(index=False):
        values = [pd.Timestamp(row.date).strftime("%Y-%m-%d"), str(row.title), category_label(str(row.category)),
                  ", ".join(country_name(c) for c in split_ids(row.actors)), f"{row.goldstein:+.1f}",
                  publishers(row.source_ids, sources)]
        wrapped = [_lines(v, w) for v, w in zip(values, widths, strict=True)]
        height = LINE_PX * max(len(w) for w in wrapped) + PAD_PX
        if sum(heights) + height > room:
            break
        cells.append(["<br>".join(w) for w in wrapped])
        heights.append(height)
    return top.head(len(cells)), cells, heights


def top_events_figure(events: pd.DataFrame, n: int = TOP_EVENTS_N, title: str | None = None,
                      sources: pd.DataFrame | None = None) -> go.Figure:
    """A plotly table of the most severe events that fit (date, event, category, actors, Goldstein, sources)."""
    top, cells, _heights = table_rows(events, sources, n)
    columns = ["Date", "Event", "Category", "Actors", "Goldstein", "Sources"]
    # plotly draws every row at least the cells' height: give each row its measured height by padding
    # the shorter cells of a row with empty lines.
    lines = [max(c.count("<br>") + 1 for c in row) for row in cells]
    padded = [[c + "<br>" * (k - c.count("<br>") - 1) for c in row] for row, k in zip(cells, lines, strict=True)]
    values = [list(col) for col in zip(*padded, strict=True)] if padded else [[] for _ in columns]
    fig = go.Figure(
        go.Table(
            columnwidth=list(COLUMN_SHARES),
            header={"values": columns, "fill_color": "#1f3b5a", "font": {"color": "white", "size": 13},
                    "align": "left", "height": HEADER_PX},
            cells={"values": values, "align": "left", "font": {"size": FONT_PX}, "height": LINE_PX + PAD_PX,
                   "fill_color": [["#ffffff", "#f2f4f7"] * (len(top) // 2 + 1)]},
        )
    )
    if top.empty:
        fig.add_annotation(text="No events match the filters", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    fig = apply_style(fig, title, height=HEIGHT_PX + (50 if title else 0))
    return fig.update_layout(width=WIDTH_PX, margin={**MARGIN, "t": MARGIN["t"] + (50 if title else 0)})


def _top_events_chart(data: Dataset, selection: EventFilter) -> ChartResult:
    events = filter_events(data.events, selection)
    top, _cells, _heights = table_rows(events, data.sources)
    return ChartResult(
        top_events_figure(events, title="Most severe events", sources=data.sources),
        source_ids_of(top),
        f"The {len(top)} most severe of {len(events)} filtered events, {RANKED_BY}.",
    )


def named_charts() -> dict[str, ChartSpec]:
    """Named charts of this module: ``top-events``."""
    return {"top-events": ChartSpec("top-events", "Most severe events", _top_events_chart)}
