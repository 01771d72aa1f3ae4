"""Key-event labels and lane names of the timeline, measured at the sizes files are made at.

Boxes are computed from the figure's own layout (margins, axis range) and the font metrics
the renderer uses (DejaVu Sans), at the deck picture (1036 × 463 px) and a PNG/slide export
(1067 × 560 px chart): no two labels overlap, none leaves the figure, every date is shown, and
no lane name sits on a marker.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from analysis.export.formats import static_figure
from analysis.features import timeline as tl

CATS = ["maritime_grey_zone", "military_incident", "statement", "diplomatic", "economic_measure",
        "military_exercise", "force_posture", "alliance"]


def busy_events() -> pd.DataFrame:
    """A year of events with a burst of answered events within a few days (the case that overprinted)."""
    rows = []
    for i in range(60):
        day = pd.Timestamp("2025-11-07") + pd.Timedelta(days=(i * 6) % 365)
        rows.append({"event_id": f"e{i}", "date": day, "title": f"Long enough title of event number {i} about ships",
                     "category": CATS[i % len(CATS)], "initiator": "CHN", "actors": "CHN;JPN", "goldstein": -5.0,
                     "responds_to": "", "source_ids": "src-a"})
    for i in range(1, 9):  # eight events within a fortnight, each answering the first: all key events
        rows.append({"event_id": f"k{i}", "date": pd.Timestamp("2025-11-08") + pd.Timedelta(days=2 * i),
                     "title": f"Reaction {i} to the remarks, in a title as long as real ones are",
                     "category": CATS[i % 3], "initiator": "JPN", "actors": "CHN;JPN", "goldstein": -4.0,
                     "responds_to": "e0", "source_ids": "src-a"})
        rows.append({"event_id": f"r{i}", "date": pd.Timestamp("2025-11-30") + pd.Timedelta(days=i),
                     "title": "Answer", "category": "statement", "initiator": "CHN", "actors": "CHN;JPN",
                     "goldstein": -2.0, "responds_to": f"k{i}", "source_ids": "src-a"})
    return pd.DataFrame(rows)


def boxes(fig, width: int, height: int):
    margin = fig.layout.margin
    plot_w = width - margin.l - margin.r
    x0, x1 = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    out = []
    for ann in fig.layout.annotations:
        if ann.yref != "paper" or ann.xref != "x":
            continue
        lines = ann.text.replace("<b>", "").replace("</b>", "").split("<br>")
        w = max(tl.text_px(t, tl.LABEL_FONT_PX, bold=(k == 0)) for k, t in enumerate(lines)) + 4
        x = margin.l + (pd.Timestamp(ann.x) - x0) / (x1 - x0) * plot_w
        bottom = margin.t - ann.yshift
        out.append((x - w / 2, bottom - tl.LABEL_LINE_PX * len(lines) - 4, x + w / 2, bottom, lines[0]))
    return out


@pytest.mark.parametrize(("width", "height", "title"), [(1036, 463, None), (1067, 560, "Timeline")])
def test_labels_never_overprint_and_show_their_dates(width: int, height: int, title: str | None) -> None:
    fig = tl.timeline_figure(busy_events(), "category", 8, title=title)
    if title is None:  # a page download: the exporter adds the title above the label rows
        fig = static_figure(fig, "Timeline")
    placed = boxes(fig, width, height)
    assert len(placed) == 8
    for a, b in itertools.combinations(placed, 2):
        apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
        assert apart, (a, b)
    title_bottom = 50 if (fig.layout.title and fig.layout.title.text) else 0
    for left, top, right, _bottom, date in placed:
        assert left >= 0 and right <= width and top >= title_bottom - 10, (left, top, right, date)
        assert date[:2].isdigit()  # the date line is there, first


def test_lane_names_sit_left_of_every_marker() -> None:
    events = busy_events()
    fig = tl.timeline_figure(events, "category", 8)
    width = 1036
    margin = fig.layout.margin
    x0, x1 = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    plot_w = width - margin.l - margin.r
    names = [a for a in fig.layout.annotations if a.xref == "paper" and a.yref == "y"]
    right = margin.l + max(tl.text_px(a.text, tl.LANE_FONT_PX) for a in names) + 4
    first = margin.l + (events["date"].min() - x0) / (x1 - x0) * plot_w
    assert right < first - (7 + 5) / 2  # the widest marker's half width
    assert x0 > events["date"].min() - pd.Timedelta(days=120) and x1 < events["date"].max() + pd.Timedelta(days=60)


def spread_events() -> pd.DataFrame:
    """The year of events with six key events two months apart: one label row at 1000 px, not at 358."""
    events = busy_events()
    events = events[~events["event_id"].str.match(r"[kr]\d")]
    rows = []
    for i in range(1, 7):
        day = pd.Timestamp("2025-11-10") + pd.Timedelta(days=55 * i)
        rows.append({"event_id": f"k{i}", "date": day, "title": f"Reaction {i} to the remarks, in a long title",
                     "category": CATS[i % 3], "initiator": "JPN", "actors": "CHN;JPN", "goldstein": -4.0,
                     "responds_to": "", "source_ids": "src-a"})
        rows.append({"event_id": f"r{i}", "date": day + pd.Timedelta(days=1), "title": "Answer",
                     "category": "statement", "initiator": "CHN", "actors": "CHN;JPN", "goldstein": -2.0,
                     "responds_to": f"k{i}", "source_ids": "src-a"})
    return pd.concat([events, pd.DataFrame(rows)], ignore_index=True)


def test_labels_stacked_for_a_phone_column_never_overprint_at_its_width() -> None:
    # A 390 px phone: the page's main column is 358 px wide, reported as 350 (50 px buckets).
    plot_px = tl.plot_px_for(350)
    fig = tl.timeline_figure(spread_events(), "category", 6, plot_px=plot_px)
    assert fig.layout.meta["labels_stacked_for_px"] == plot_px
    placed = boxes(fig, 358, 800)
    assert len(placed) == 6
    for a, b in itertools.combinations(placed, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert all(left >= 0 and right <= 358 for left, _t, right, _b, _d in placed), placed
    # Stacked for the exports' 1000 px plot instead, the same labels overprint at 358 px (what the page did).
    wide = boxes(tl.timeline_figure(spread_events(), "category", 6), 358, 800)
    assert any(not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])
               for a, b in itertools.combinations(wide, 2))


def test_plot_width_follows_only_a_narrow_main_column() -> None:
    assert tl.plot_px_for(None) == tl.PLOT_WIDTH_PX  # not measured (AppTest, CLI, exports)
    assert tl.plot_px_for(tl.NARROW_MAIN_PX) == tl.PLOT_WIDTH_PX  # a desktop window keeps the exports' layout
    assert tl.plot_px_for(350) == 350 - tl.NARROW_MARGIN_PX
    with pytest.raises(ValueError, match="got 20"):
        tl.plot_px_for(20)
