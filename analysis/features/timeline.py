"""Timeline of the dispute: events in lanes, the action–reaction chain, quick date ranges.

The chain comes from the ``responds_to`` column: an edge runs from the
earlier event (the action) to the event that answers it (the reaction).
"""

from __future__ import annotations

import datetime as dt
import graphlib
from typing import Literal, NamedTuple, get_args

import pandas as pd
import plotly.graph_objects as go

from analysis.charts.spec import ChartResult, ChartSpec
from analysis.charts.style import CATEGORY_COLORS, apply_style, category_label, shade_no_data
from analysis.data.countries import COUNTRY_COLORS, country_name
from analysis.data.filters import filter_events
from analysis.data.freshness import last_event_date
from analysis.data.ids import split_ids
from analysis.data.provenance import source_ids_of
from analysis.data.schemas import CATEGORIES
from analysis.features.readable import (
    category,
    citation_lookup,
    countries,
    event_record_table,
    plain_date,
    readable_sources,
    source_citations,
    wrap_label,
)

Lanes = Literal["category", "initiator"]
LANES: tuple[Lanes, ...] = get_args(Lanes)
KEY_BY = ("responses", "goldstein")
DISPUTE_START = dt.date(2025, 11, 7)
TAKAICHI_REMARKS = "ev-20251107-takaichi-taiwan-remarks"
# "Of data" ranges count back from the newest curated event, not from today: on data that stops
# weeks ago, "last 90 days" counted from today would be empty.
QUICK_RANGES: dict[str, str] = {
    "data-30": "Last 30 days of data",
    "data-90": "Last 90 days of data",
    "data-12m": "Last 12 months of data",
    "since-2025-11-07": "Since 2025-11-07",
    "all": "All",
}
EDGE_COLUMNS = [
    "from_id", "to_id", "from_date", "to_date", "lag_days",
    "from_initiator", "to_initiator", "from_title", "to_title",
]
OTHER_COLOR = "#7F7F7F"
TIMELINE_TITLE = "Timeline of curated events, by category"
LABEL_WIDTH_SHARE = 0.25
LABEL_ROW = 1.05  # lane units per row of key-event labels: a three-line label is about one lane high
# Key-event labels sit in rows above the plot, in pixels, so no render height (page, PNG, slide) can
# squeeze them together; widths are measured with the rendered font (DejaVu Sans 11 px).
LABEL_FONT_PX, LABEL_LINE_PX, LABEL_ROW_PX = 11, 15, 52
LABEL_PAD_PX = 10  # border, padding and air between two labels
LANE_FONT_PX = 12
PLOT_WIDTH_PX = 1000  # the narrowest plot the labels are stacked for (exports are 1036-1067 px wide)
NARROW_MARGIN_PX = 40  # a page's main column minus the chart's plot: margins, and air for rounding
NARROW_MAIN_PX = 900  # a main column narrower than this stacks the labels for its own plot width


def plot_px_for(main_px: int | None) -> float:
    """Plot width to stack key-event labels for, on a page whose main column is ``main_px`` wide.

    ``None`` (not measured) or a column of :data:`NARROW_MAIN_PX` or more: :data:`PLOT_WIDTH_PX`, the
    exports' layout. A narrower column (a phone: 390 px window, 358 px column): that column's plot width.
    """
    if main_px is None or main_px >= NARROW_MAIN_PX:
        return PLOT_WIDTH_PX
    if main_px <= NARROW_MARGIN_PX:
        raise ValueError(f"main column width must exceed {NARROW_MARGIN_PX} px, got {main_px!r}")
    return float(main_px - NARROW_MARGIN_PX)


class Chain(NamedTuple):
    """Resolved action→reaction edges, and ``responds_to`` ids not among the events."""

    edges: pd.DataFrame
    missing: pd.DataFrame


def quick_range(name: str, reference: dt.date, first: dt.date,
                newest: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Date range for a quick-range button.

    Parameters
    ----------
    name : str
        One of :data:`QUICK_RANGES`: ``data-30``, ``data-90`` and ``data-12m`` end on the newest
        curated event and count back from it (30 days, 90 days, 12 months, inclusive);
        ``since-2025-11-07`` and ``all`` end on ``reference``.
    reference : datetime.date
        The latest selectable day (today).
    first : datetime.date
        Earliest allowed day; starts are clamped to it.
    newest : datetime.date, optional
        Date of the newest curated event (default: ``reference``).
    """
    if name not in QUICK_RANGES:
        raise ValueError(f"quick range must be one of {list(QUICK_RANGES)}, got {name!r}")
    end = reference
    if name == "all":
        start = first
    elif name == "since-2025-11-07":
        start = DISPUTE_START
    else:
        end = min(newest or reference, reference)
        if name == "data-12m":
            start = (pd.Timestamp(end) - pd.DateOffset(months=12)).date() + dt.timedelta(days=1)
        else:
            start = end - dt.timedelta(days=int(name.split("-")[1]) - 1)
    return min(max(start, first), end), end


def _links(events: pd.DataFrame) -> list[tuple[str, str]]:
    return [
        (earlier, str(row.event_id))
        for row in events[["event_id", "responds_to"]].itertuples(index=False)
        for earlier in split_ids(row.responds_to)
    ]


def build_chain(events: pd.DataFrame) -> Chain:
    """Edges of the action–reaction chain, with the links that cannot be resolved.

    Parameters
    ----------
    events : pandas.DataFrame
        Events with ``event_id``, ``date``, ``initiator``, ``title`` and ``responds_to``.

    Returns
    -------
    Chain
        ``edges`` (columns :data:`EDGE_COLUMNS`, ``lag_days`` = days from action
        to reaction) ordered by reaction date, and ``missing`` (``event_id``,
        ``missing_id``): ``responds_to`` ids absent from ``events`` (e.g. outside
        the filters).

    Raises
    ------
    ValueError
        If the links form a cycle (the message names the cycle).
    """
    known = events.set_index("event_id")
    graph: dict[str, set[str]] = {}
    edges, missing = [], []
    for earlier, later in _links(events):
        if earlier not in known.index:
            missing.append({"event_id": later, "missing_id": earlier})
            continue
        graph.setdefault(later, set()).add(earlier)
        a, b = known.loc[earlier], known.loc[later]
        edges.append([earlier, later, a["date"], b["date"], (b["date"] - a["date"]).days,
                      a["initiator"], b["initiator"], a["title"], b["title"]])
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as exc:
        cycle = " -> ".join(exc.args[1])
        raise ValueError(f"responds_to links form a cycle, got {cycle!r}") from exc
    table = pd.DataFrame(edges, columns=EDGE_COLUMNS)
    table["from_date"] = pd.to_datetime(table["from_date"])
    table["to_date"] = pd.to_datetime(table["to_date"])
    table["lag_days"] = table["lag_days"].astype("int64")
    table = table.sort_values(["to_date", "to_id", "from_id"]).reset_index(drop=True)
    return Chain(table, pd.DataFrame(missing, columns=["event_id", "missing_id"]))


def response_counts(events: pd.DataFrame) -> pd.Series:
    """Number of events in ``events`` answering each event (0 when none), indexed by event_id."""
    counts = pd.Series([earlier for earlier, _ in _links(events)], dtype="object").value_counts()
    return counts.reindex(events["event_id"].astype(str), fill_value=0).astype("int64")


def episode_chain(events: pd.DataFrame, root_id: str) -> pd.DataFrame:
    """The root event and every event answering it, directly or through others, by date.

    Parameters
    ----------
    events : pandas.DataFrame
        Events (all or filtered); links to events outside it are not followed.
    root_id : str
        ``event_id`` of the episode's first move, e.g. :data:`TAKAICHI_REMARKS`.

    Returns
    -------
    pandas.DataFrame
        ``date, event_id, title, initiator, category, goldstein, responds_to, step,
        days_after_root``; ``step`` counts reactions from the root (root = 0).
    """
    if root_id not in set(events["event_id"]):
        raise ValueError(f"root_id is not among the events, got {root_id!r}")
    children: dict[str, list[str]] = {}
    for earlier, later in _links(events):
        children.setdefault(earlier, []).append(later)
    step = {root_id: 0}
    frontier = [root_id]
    while frontier:  # breadth first, so `step` is the shortest path from the root
        nxt = []
        for parent in frontier:
            for child in children.get(parent, []):
                if child not in step:
                    step[child] = step[parent] + 1
                    nxt.append(child)
        frontier = nxt
    table = events[events["event_id"].isin(list(step))].copy()
    table["step"] = table["event_id"].map(step).astype("int64")
    root_date = table.loc[table["event_id"] == root_id, "date"].iloc[0]
    table["days_after_root"] = (table["date"] - root_date).dt.days.astype("int64")
    columns = ["date", "event_id", "title", "initiator", "category", "goldstein", "responds_to",
               "step", "days_after_root"]
    return table.sort_values(["date", "step", "event_id"])[columns].reset_index(drop=True)


def key_events(events: pd.DataFrame, n: int = 8, by: str = "responses") -> pd.DataFrame:
    """The ``n`` key events: most responded-to (``by="responses"``) or highest |goldstein|.

    Ties go to the other measure, then to the later event. Adds ``responses``.
    """
    if by not in KEY_BY:
        raise ValueError(f"by must be one of {list(KEY_BY)}, got {by!r}")
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n!r}")
    ranked = events.assign(
        responses=response_counts(events).to_numpy(), _abs=events["goldstein"].abs()
    )
    order = ["responses", "_abs"] if by == "responses" else ["_abs", "responses"]
    ranked = ranked.sort_values([*order, "date", "event_id"], ascending=[False, False, False, True])
    return ranked.head(n).drop(columns="_abs").sort_values("date").reset_index(drop=True)


def stagger_levels(dates: pd.Series | list, min_gap_days: float) -> list[int]:
    """Label level per date so that labels closer than ``min_gap_days`` never share a level.

    Greedy, in date order: each label takes the lowest level not used by an
    earlier label within the gap. Returned in the order of ``dates``.
    """
    if min_gap_days < 0:
        raise ValueError(f"min_gap_days must be >= 0, got {min_gap_days!r}")
    stamps = pd.to_datetime(pd.Series(list(dates), dtype="object"))
    levels = [0] * len(stamps)
    placed: list[tuple[pd.Timestamp, int]] = []
    for pos in stamps.sort_values(kind="stable").index:
        when = stamps[pos]
        busy = {lvl for other, lvl in placed if abs((when - other).days) < min_gap_days}
        levels[pos] = next(lvl for lvl in range(len(stamps) + 1) if lvl not in busy)
        placed.append((when, levels[pos]))
    return levels


def label_heights(levels: list[int], base: float, step: float) -> list[float]:
    """Height of each label in data units: level ``k`` sits at ``base + k * step``."""
    return [base + step * lvl for lvl in levels]


def lane_values(events: pd.DataFrame, lanes: Lanes) -> tuple[pd.Series, list[str]]:
    """Lane label of every event and the lane order (bottom to top)."""
    if lanes not in LANES:
        raise ValueError(f"lanes must be one of {list(LANES)}, got {lanes!r}")
    if lanes == "category":
        present = set(events["category"])
        order = [category_label(c) for c in CATEGORIES if c in present]
        return events["category"].map(category_label), order
    names = events["initiator"].astype(str).map(country_name)
    order = names.value_counts().sort_values(kind="stable").index.tolist()  # busiest lane on top
    return names, order


def _positions(events: pd.DataFrame, lanes: Lanes) -> pd.Series:
    """Y of each event: its lane index, nudged apart when several share a lane and a day."""
    labels, order = lane_values(events, lanes)
    base = labels.map({name: i for i, name in enumerate(order)}).astype("float64")
    rank = events.groupby([labels, events["date"]]).cumcount()
    nudge = ((rank + 1) // 2) * 0.18 * ((rank % 2) * 2 - 1)  # 0, +.18, -.18, +.36, …
    return base + nudge


def timeline_figure(events: pd.DataFrame, lanes: Lanes = "category", annotate_top: int = 8,
                    key_by: str = "responses", title: str | None = None, arrows: bool = False,
                    sources: pd.DataFrame | None = None, plot_px: float = PLOT_WIDTH_PX) -> go.Figure:
    """Events on a date axis in lanes, with response arrows and labelled key events.

    Parameters
    ----------
    events : pandas.DataFrame
        The events to draw (links to events not in it are not drawn).
    lanes : {"category", "initiator"}
        What a lane is.
    annotate_top : int
        Number of key events labelled (see :func:`key_events`).
    key_by : {"responses", "goldstein"}
        How key events are chosen.
    title : str, optional
        Chart title.
    arrows : bool
        Draw an arrow from each event to the events answering it (off by default: in a busy
        month they tangle; the episode view turns them on for one chain).
    sources : pandas.DataFrame, optional
        Sources table: hovers name publisher and title instead of source ids.
    plot_px : float
        Narrowest plot width (px) the key-event labels must not overlap at (:func:`plot_px_for`).
    """
    if annotate_top < 0:
        raise ValueError(f"annotate_top must be >= 0, got {annotate_top!r}")
    labels, order = lane_values(events, lanes)
    events = events.assign(_lane=labels, lane_y=_positions(events, lanes))
    fig = go.Figure()
    y_of = dict(zip(events["event_id"], events["lane_y"], strict=True))
    date_of = dict(zip(events["event_id"], events["date"], strict=True))
    xs, ys, sizes = [], [], []
    for earlier, later in _links(events) if arrows else []:
        if earlier not in y_of:
            continue
        a, b = date_of[earlier], date_of[later]
        head = a + (b - a) * 0.85  # arrowhead just short of the reaction's marker
        xs += [a, head, b, None]
        ys += [y_of[earlier], y_of[earlier] + (y_of[later] - y_of[earlier]) * 0.85, y_of[later], None]
        sizes += [0, 9, 0, 0]
    if xs:
        fig.add_scatter(x=xs, y=ys, mode="lines+markers", name="responds to", hoverinfo="skip",
                        line={"color": "rgba(90,90,90,0.45)", "width": 1},
                        marker={"symbol": "arrow", "angleref": "previous", "size": sizes,
                                "color": "rgba(90,90,90,0.8)"})
    colour_key = "category" if lanes == "category" else "initiator"
    palette = CATEGORY_COLORS if lanes == "category" else COUNTRY_COLORS
    citations = citation_lookup(sources) if sources is not None else None
    for lane in order:
        part = events[events["_lane"] == lane]
        colour = palette.get(str(part[colour_key].iloc[0]), OTHER_COLOR)
        # customdata[0] (the id) is for clicks only; the hover shows what a person reads.
        custom = pd.DataFrame({"id": part["event_id"].astype(str), "hover": _hover(part, citations)}).to_numpy()
        fig.add_scatter(
            x=part["date"], y=part["lane_y"], mode="markers", name=lane, customdata=custom,
            marker={"color": colour, "size": 7 + part["goldstein"].abs().to_numpy(),
                    "line": {"color": "white", "width": 1}},
            hovertemplate="%{customdata[1]}<extra></extra>",
        )
    top = len(order) - 0.4
    rows = _label_key_events(fig, events, annotate_top, key_by, top, order, plot_px)
    if not rows and not events.empty:
        fig.update_xaxes(range=list(x_range(events["date"], order, [], plot_px)))
    height = 260 + 46 * max(len(order), 3) + LABEL_ROW_PX * rows
    # Lane names sit inside the plot, above each lane line: a left margin wide enough for
    # "Maritime grey zone" left a phone 170 px of timeline.
    for i, name in enumerate(order):
        fig.add_annotation(x=0, xref="paper", xanchor="left", y=i + 0.42, yref="y", yanchor="middle",
                           text=name, showarrow=False, font={"size": 12, "color": "#555"},
                           bgcolor="rgba(255,255,255,0.6)")
    fig.update_yaxes(tickvals=list(range(len(order))), ticktext=order, showticklabels=False,
                     range=[-0.6, top], showgrid=True, zeroline=False,
                     fixedrange=True)
    fig.update_xaxes(type="date", rangeslider={"visible": True, "thickness": 0.08})
    fig.update_layout(showlegend=False, hovermode="closest", clickmode="event+select", xaxis_title=None)
    if events.empty:
        fig.add_annotation(text="No events match the filters", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    fig = apply_style(fig, title, height=height)
    fig.update_layout(margin={"l": 10, "r": 10, "t": (60 if title else 12) + LABEL_ROW_PX * rows},
                      meta={"labels_stacked_for_px": plot_px})
    return fig


def _hover(part: pd.DataFrame, citations: dict[str, str] | None) -> list[str]:
    """Hover text: title, plain date, category, countries, Goldstein, first source by publisher."""
    out = []
    for row in part.itertuples(index=False):
        cited = source_citations(row.source_ids, citations) if citations is not None else []
        first = cited[0] if cited else "see the event record"
        more = f" (+{len(cited) - 1} more)" if len(cited) > 1 else ""
        actors = countries(getattr(row, "actors", "")) or countries(row.initiator)
        out.append(f"<b>{wrap_label(row.title, 60, 3)}</b><br>{plain_date(row.date)} · {category(row.category)}"
                   f"<br>{actors} · Goldstein {row.goldstein:+.1f}<br>Source: {wrap_label(first, 70, 2)}{more}")
    return out


def text_px(text: str, size_px: float, bold: bool = False) -> float:
    """Width in CSS px of one line of ``text`` in DejaVu Sans at ``size_px`` (the charts' font)."""
    from analysis.charts.text import text_width_in

    return text_width_in(text, size_px * 0.75, bold) * 96


def key_label(date: pd.Timestamp, title: str) -> tuple[str, float]:
    """A key event's label (bold date, title in two lines) and its measured width in px."""
    head = f"{date:%d %b %Y}"
    lines = wrap_label(title, 26, 2).split("<br>")
    width = max([text_px(head, LABEL_FONT_PX, bold=True), *(text_px(t, LABEL_FONT_PX) for t in lines)])
    return f"<b>{head}</b><br>{'<br>'.join(lines)}", width + LABEL_PAD_PX


def stack_labels(xs_px: list[float], widths_px: list[float]) -> list[int]:
    """Row of each label (0 = lowest) so that no two labels of a row overlap horizontally.

    Greedy, left to right: a label takes the lowest row whose labels all end before it starts.
    """
    rows = [0] * len(xs_px)
    ends: list[float] = []  # right edge of the last label in each row
    for i in sorted(range(len(xs_px)), key=lambda k: xs_px[k]):
        left, right = xs_px[i] - widths_px[i] / 2, xs_px[i] + widths_px[i] / 2
        row = next((r for r, end in enumerate(ends) if end <= left), len(ends))
        if row == len(ends):
            ends.append(right)
        else:
            ends[row] = right
        rows[i] = row
    return rows


def x_range(dates: pd.Series, lane_names: list[str], label_widths: list[float],
            plot_px: float = PLOT_WIDTH_PX) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A date range that fits the data, with room on the left for the lane names and for half a label."""
    first, last = dates.min(), dates.max()
    span = max((last - first).total_seconds(), 86400.0)
    names = max([text_px(n, LANE_FONT_PX) for n in lane_names] or [0.0]) + 12
    half = max(label_widths or [0.0]) / 2
    left_px, right_px = max(names, half), half + 6
    per_px = span / max(plot_px - left_px - right_px, plot_px * 0.3)
    return first - pd.Timedelta(seconds=left_px * per_px), last + pd.Timedelta(seconds=right_px * per_px)


def _label_key_events(fig: go.Figure, events: pd.DataFrame, n: int, by: str, top: float,
                      lane_names: list[str], plot_px: float = PLOT_WIDTH_PX) -> int:
    """Label key events in pixel rows above the plot, each tied to its marker; return the rows used."""
    if events.empty or n == 0:
        return 0
    key = key_events(events, n, by)
    labels = [key_label(row.date, str(row.title)) for row in key.itertuples(index=False)]
    start, end = x_range(events["date"], lane_names, [w for _, w in labels], plot_px)
    per_px = (end - start).total_seconds() / plot_px
    xs = [(d - start).total_seconds() / per_px for d in key["date"]]
    rows = stack_labels(xs, [w for _, w in labels])
    for row, (text, _w), level in zip(key.itertuples(index=False), labels, rows, strict=True):
        fig.add_shape(type="line", x0=row.date, x1=row.date, y0=row.lane_y, y1=top, xref="x", yref="y",
                      line={"color": "rgba(60,60,60,0.35)", "width": 0.8}, name=f"leader {row.event_id}")
        fig.add_annotation(
            x=row.date, xref="x", y=1, yref="paper", yanchor="bottom", yshift=6 + level * LABEL_ROW_PX,
            showarrow=False, name=str(row.event_id), text=text, font={"size": LABEL_FONT_PX},
            hovertext=f"{plain_date(row.date)} {row.title}", bgcolor="rgba(255,255,255,0.92)",
            bordercolor="rgba(0,0,0,0.15)",
        )
    fig.update_xaxes(range=[start, end])
    return max(rows) + 1


def event_record(events: pd.DataFrame, sources: pd.DataFrame, event_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One event as readable ``field, value`` rows, and the sources it cites (publisher, title, date, URL).

    Countries are names, the category a label, dates plain, linked events and sources by title.
    """
    rows = events[events["event_id"] == event_id]
    if rows.empty:
        raise ValueError(f"event_id is not among the events, got {event_id!r}")
    row = rows.iloc[0]
    cited = split_ids(row["source_ids"])
    found = sources[sources["source_id"].isin(cited)].copy()
    found["_order"] = found["source_id"].map({s: i for i, s in enumerate(cited)})
    found = found.sort_values("_order").drop(columns="_order")
    return event_record_table(row, events, sources), readable_sources(found)


EPISODE_COLUMNS = {"date": "Date", "title": "Event", "responds_to": "Responds to", "initiator": "Initiator",
                   "category": "Category", "goldstein": "Goldstein", "step": "Step", "days_after_root": "Days after"}


def episode_table(episode: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """An :func:`episode_chain` for reading: what each event responds to by date and title, names, labels.

    ``events`` resolves the titles of answered events (pass all events, so a link to an event
    outside the filters still reads as a title).
    """
    titles = dict(zip(events["event_id"], events["date"].map(plain_date) + " " + events["title"].astype(str),
                      strict=True))
    table = pd.DataFrame({
        "date": episode["date"].map(plain_date),
        "title": episode["title"].astype(str),
        "responds_to": episode["responds_to"].map(
            lambda cell: "; ".join(titles.get(i, "(not in the table)") for i in split_ids(cell)) or "— (first move)"),
        "initiator": episode["initiator"].map(countries),
        "category": episode["category"].map(category),
        "goldstein": episode["goldstein"].astype(float),
        "step": episode["step"].astype("int64"),
        "days_after_root": episode["days_after_root"].astype("int64"),
    })
    return table.rename(columns=EPISODE_COLUMNS)


def _timeline_chart(data, selection) -> ChartResult:
    events = filter_events(data.events, selection)
    fig = timeline_figure(events, "category", 5, title=TIMELINE_TITLE,
                          sources=data.sources)
    shade_no_data(fig, last_event_date(data.events), selection.start, selection.end)
    caption = (f"{len(events)} curated events ({selection.describe()}); marker size grows with |Goldstein|. "
               "Labels: the most responded-to events.")
    return ChartResult(fig, source_ids_of(events), caption)


def named_charts() -> dict[str, ChartSpec]:
    """Charts of this module for exports, the briefing deck and the CLI."""
    return {"timeline": ChartSpec("timeline", "Timeline of the dispute", _timeline_chart)}
