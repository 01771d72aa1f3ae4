"""'Most severe events': an analyst's ranking, said on the chart; every row counted is drawn, and fits."""

from __future__ import annotations

import pandas as pd
from PIL import ImageFont

from analysis.charts.text import FONTS
from analysis.data.filters import EventFilter
from analysis.features import top_events as te


def events(n: int = 14, title_words: int = 22) -> pd.DataFrame:
    long = " ".join(["Chinese coast guard ships entered the contiguous zone near the islands"] * 3)
    rows = [{"event_id": f"e{i}", "date": pd.Timestamp(2026, 1, 1) + pd.Timedelta(days=i),
             "title": " ".join(long.split()[:title_words]) + f" {i}", "category": "maritime_grey_zone",
             "actors": "CHN;JPN", "goldstein": -7.0, "source_ids": "src-a;src-b"} for i in range(n)]
    return pd.DataFrame(rows)


SOURCES = pd.DataFrame({"source_id": ["src-a", "src-b"], "publisher": ["Japan Coast Guard", "Kyodo News"]})


def test_military_acts_outrank_a_cancelled_concert() -> None:
    frame = pd.DataFrame([
        {"event_id": "concert", "date": pd.Timestamp("2025-11-20"), "category": "economic_measure",
         "goldstein": -8.0, "title": "Concert cancelled", "actors": "CHN;JPN", "source_ids": "src-a"},
        {"event_id": "lock-on", "date": pd.Timestamp("2025-12-06"), "category": "military_incident",
         "goldstein": -7.2, "title": "Radar lock-on on JASDF jets", "actors": "CHN;JPN", "source_ids": "src-a"},
    ])
    assert te.top_events(frame)["event_id"].tolist() == ["lock-on", "concert"]


def test_caption_counts_the_rows_drawn_and_they_fit_the_picture() -> None:
    figure = te.top_events_figure(events(), sources=SOURCES)
    table = figure.data[0]
    drawn = len(table.cells.values[0])
    top, _cells, heights = te.table_rows(events(), SOURCES)
    assert drawn == len(top) < 14  # long titles: fewer rows, all of them drawn
    inner = te.HEIGHT_PX - te.MARGIN["t"] - te.MARGIN["b"]
    assert te.HEADER_PX + sum(heights) <= inner
    # Measured: every line of every cell fits its column at the rendered font (12 px DejaVu Sans).
    font = ImageFont.truetype(str(FONTS[False]), te.FONT_PX)
    for col, width in zip(table.cells.values, te._column_px(), strict=True):
        for cell in col:
            for line in str(cell).split("<br>"):
                assert font.getlength(line) <= width - te.CELL_PAD_PX, (line, font.getlength(line), width)
    # Each row's padded line count equals its measured height.
    lines = [max(str(c).count("<br>") + 1 for c in row) for row in zip(*table.cells.values, strict=True)]
    assert [te.LINE_PX * k + te.PAD_PX for k in lines] == heights
    cited = {" ".join(c.replace("<br>", " ").split()) for c in table.cells.values[5]}
    assert cited == {"Japan Coast Guard; Kyodo News"}  # publishers, not a count


def test_named_chart_says_what_it_ranks_by(fixture_data_dir) -> None:
    from analysis.catalog import build_chart
    from analysis.data.loader import load_dataset

    data = load_dataset(fixture_data_dir)
    result = build_chart("top-events", data, EventFilter())
    drawn = len(result.figure.data[0].cells.values[0])
    assert result.caption.startswith(f"The {drawn} most severe of {len(data.events)} filtered events")
    assert "military and grey-zone first" in result.caption
