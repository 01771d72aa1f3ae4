"""Timeline: quick ranges, the action–reaction chain, episodes, key-event labels, the figure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.filters import EventFilter
from analysis.data.loader import load_dataset
from analysis.features import timeline

TODAY = dt.date(2026, 11, 25)
FIRST = dt.date(2010, 1, 1)


@pytest.fixture
def data(fixture_data_dir: Path):
    return load_dataset(fixture_data_dir, today=TODAY)


def make_events(rows: list[tuple]) -> pd.DataFrame:
    """(event_id, date, responds_to, goldstein[, category, initiator]) rows as an events frame."""
    records = []
    for row in rows:
        event_id, date, responds_to, goldstein, *rest = row
        category, initiator = (*rest, *("statement", "JPN")[len(rest):])
        records.append({"event_id": event_id, "date": pd.Timestamp(date), "title": f"Title {event_id}",
                        "category": category, "initiator": initiator, "responds_to": responds_to,
                        "goldstein": float(goldstein), "source_ids": "src-a", "actors": "JPN;CHN"})
    return pd.DataFrame(records)


@pytest.mark.parametrize(
    ("name", "start"), [("since-2025-11-07", dt.date(2025, 11, 7)), ("all", FIRST)],
)
def test_quick_range_ends_on_reference(name: str, start: dt.date) -> None:
    assert timeline.quick_range(name, TODAY, FIRST, dt.date(2026, 1, 15)) == (start, TODAY)


@pytest.mark.parametrize(
    ("name", "start"),
    [("data-30", dt.date(2025, 12, 17)), ("data-90", dt.date(2025, 10, 18)), ("data-12m", dt.date(2025, 1, 16))],
)
def test_data_ranges_count_back_from_the_newest_event(name: str, start: dt.date) -> None:
    newest = dt.date(2026, 1, 15)  # data that stops ten months before today
    begin, end = timeline.quick_range(name, TODAY, FIRST, newest)
    assert (begin, end) == (start, newest)
    days = {"data-30": 30, "data-90": 90, "data-12m": 365}[name]
    assert (end - begin).days + 1 == days  # inclusive: "last 30 days of data" holds 30 days


def test_quick_range_is_clamped_and_rejects_unknown_names() -> None:
    assert timeline.quick_range("data-12m", dt.date(2010, 3, 1), FIRST) == (FIRST, dt.date(2010, 3, 1))
    with pytest.raises(ValueError, match="'last-7'"):
        timeline.quick_range("last-7", TODAY, FIRST)


def test_build_chain_on_fixture_links_each_reaction_to_its_action(data) -> None:
    edges, missing = timeline.build_chain(data.events)
    assert list(zip(edges["from_id"], edges["to_id"], strict=True)) == [("fx-1", "fx-2"), ("fx-2", "fx-3"),
                                                                       ("fx-3", "fx-4")]
    assert edges["lag_days"].tolist() == [7, 22, 40]
    assert edges.loc[0, "from_date"] == pd.Timestamp("2025-11-07")
    assert edges.loc[0, "to_initiator"] == "CHN"
    assert missing.empty


def test_build_chain_reports_ids_missing_from_the_events(data) -> None:
    events = data.events[data.events["event_id"] != "fx-1"]
    edges, missing = timeline.build_chain(events)
    assert missing.to_dict("records") == [{"event_id": "fx-2", "missing_id": "fx-1"}]
    assert "fx-1" not in set(edges["from_id"])


def test_build_chain_rejects_a_cycle_and_names_it() -> None:
    events = make_events([("a", "2025-11-07", "c", -1), ("b", "2025-11-07", "a", -1), ("c", "2025-11-07", "b", -1)])
    with pytest.raises(ValueError, match="cycle") as info:
        timeline.build_chain(events)
    assert all(name in str(info.value) for name in ("a", "b", "c"))


def test_build_chain_rejects_an_event_answering_itself() -> None:
    with pytest.raises(ValueError, match="'a -> a'"):
        timeline.build_chain(make_events([("a", "2025-11-07", "a", 0)]))


def test_episode_chain_follows_responses_transitively_in_date_order(data) -> None:
    episode = timeline.episode_chain(data.events, "fx-1")
    assert episode["event_id"].tolist() == ["fx-1", "fx-2", "fx-3", "fx-4"]
    assert episode["step"].tolist() == [0, 1, 2, 3]
    assert episode["days_after_root"].tolist() == [0, 7, 29, 69]
    assert "fx-5" not in set(episode["event_id"])


def test_episode_chain_counts_the_shortest_path_and_rejects_unknown_roots() -> None:
    events = make_events([("r", "2025-01-01", "", -1), ("x", "2025-01-02", "r", -2),
                          ("y", "2025-01-03", "x;r", -3), ("z", "2025-01-04", "", -1)])
    episode = timeline.episode_chain(events, "r")
    assert dict(zip(episode["event_id"], episode["step"], strict=True)) == {"r": 0, "x": 1, "y": 1}
    with pytest.raises(ValueError, match="'nope'"):
        timeline.episode_chain(events, "nope")


def test_key_events_rank_by_responses_or_goldstein() -> None:
    events = make_events([("r", "2025-01-01", "", 0), ("x", "2025-01-02", "r", -2), ("y", "2025-01-03", "r", -9),
                          ("z", "2025-01-04", "x", 5)])
    assert timeline.key_events(events, 1)["event_id"].tolist() == ["r"]
    assert timeline.key_events(events, 2, by="goldstein")["event_id"].tolist() == ["y", "z"]
    assert timeline.key_events(events, 3)["responses"].tolist() == [2, 1, 0]
    with pytest.raises(ValueError, match="'size'"):
        timeline.key_events(events, 1, by="size")


def test_stagger_levels_separates_close_labels_and_reuses_levels_far_apart() -> None:
    dates = ["2025-11-07", "2025-11-08", "2025-11-09", "2026-06-01", "2025-11-10"]
    levels = timeline.stagger_levels(dates, min_gap_days=20)
    close = [levels[0], levels[1], levels[2], levels[4]]
    assert len(set(close)) == 4
    assert levels[3] == 0
    assert timeline.label_heights([0, 1, 2], base=5.0, step=0.5) == [5.0, 5.5, 6.0]


def test_timeline_labels_of_close_events_sit_at_different_heights() -> None:
    events = make_events([("r", "2025-11-07", "", -1), ("a", "2025-11-08", "r", -5), ("b", "2025-11-09", "r", -5),
                          ("c", "2026-09-01", "a", -8), ("d", "2026-09-02", "c", -2)])
    fig = timeline.timeline_figure(events, "category", annotate_top=5)
    label = {a.name: a for a in fig.layout.annotations if a.name}  # lane names are unnamed annotations
    assert set(label) == {"r", "a", "b", "c", "d"}
    heights = {name: a.yshift for name, a in label.items()}
    assert len({heights["r"], heights["a"], heights["b"]}) == 3
    assert heights["c"] != heights["d"]
    assert all(a.yref == "paper" and a.y == 1 for a in label.values())  # in rows above the plot
    # Readable labels: cut at a word with "…", never mid-word; the full title on hover.
    for a in label.values():
        assert a.hovertext.endswith("title " + a.name) or a.name in a.hovertext


def test_timeline_figure_draws_lanes_hover_arrows_and_rangeslider(data) -> None:
    assert not [t for t in timeline.timeline_figure(data.events).data if t.name == "responds to"]  # on demand
    fig = timeline.timeline_figure(data.events, "category", annotate_top=2, arrows=True, sources=data.sources)
    assert list(fig.layout.yaxis.ticktext) == ["Diplomatic", "Statement", "Military incident",
                                               "Economic measure", "Alliance"]
    assert fig.layout.xaxis.rangeslider.visible is True
    links = next(t for t in fig.data if t.name == "responds to")
    assert links.hoverinfo == "skip"
    assert sum(1 for s in links.marker.size if s) == 3  # one arrowhead per edge
    points = [t for t in fig.data if t.customdata is not None]
    ids = {row[0] for t in points for row in t.customdata}
    assert ids == {f"fx-{i}" for i in range(1, 6)}
    hovers = [row[1] for t in points for row in t.customdata]
    # Issue 15/10: publisher and title, country names, category labels, plain dates; no ids or codes.
    assert all("Source: Fixture" in h and "src-" not in h and "fx-" not in h and "00:00:00" not in h for h in hovers)
    assert any("Japan" in h for h in hovers) and any("Military incident" in h for h in hovers)
    assert all(t.type == "scatter" for t in fig.data)  # SVG, not WebGL


def test_timeline_figure_by_initiator_and_bad_input(data) -> None:
    fig = timeline.timeline_figure(data.events, "initiator", annotate_top=0)
    assert set(fig.layout.yaxis.ticktext) == {"Japan", "China"}
    assert {a.text for a in fig.layout.annotations} == {"Japan", "China"}  # lane names only, no key labels
    with pytest.raises(ValueError, match="'actor'"):
        timeline.timeline_figure(data.events, "actor")
    with pytest.raises(ValueError, match="-1"):
        timeline.timeline_figure(data.events, annotate_top=-1)


def test_timeline_figure_of_no_events_says_so(data) -> None:
    fig = timeline.timeline_figure(data.events.iloc[0:0], "category")
    assert "No events" in fig.layout.annotations[0].text


def test_event_record_lists_fields_answers_and_sources(data) -> None:
    record, sources = timeline.event_record(data.events, data.sources, "fx-3")
    fields = dict(zip(record["field"], record["value"], strict=True))
    titles = dict(zip(data.events["event_id"], data.events["title"], strict=True))
    assert fields["Date"] == "2025-12-06" and fields["Responds to"].endswith(titles["fx-2"])
    assert fields["Answered by"].endswith(titles["fx-4"]) and fields["Category"] == "Military incident"
    text = " ".join(record["value"])
    assert "src-" not in text and "fx-" not in text and "00:00:00" not in text and "_" not in fields["Category"]
    assert sources["Publisher"].tolist() == ["Fixture Publisher", "Fixture Ministry"]
    assert "source_id" not in sources.columns
    with pytest.raises(ValueError, match="'fx-9'"):
        timeline.event_record(data.events, data.sources, "fx-9")


def test_named_timeline_chart_cites_the_sources_of_the_events_shown(data) -> None:
    spec = timeline.named_charts()["timeline"]
    result = spec.build(data, EventFilter(start=dt.date(2026, 1, 1)))
    assert result.source_ids == ["src-fix-b"]  # only fx-4 is shown
    assert "1 curated events" in result.caption


def test_episode_table_names_what_each_event_responds_to_by_title(data) -> None:
    episode = timeline.episode_chain(data.events, "fx-2")
    table = timeline.episode_table(episode, data.events)
    titles = dict(zip(data.events["event_id"], data.events["title"], strict=True))
    assert table["Event"].tolist() == [titles["fx-2"], titles["fx-3"], titles["fx-4"]]
    assert table["Responds to"].iloc[1].endswith(titles["fx-2"])
    assert table["Responds to"].iloc[2].endswith(titles["fx-3"])
    assert "fx-" not in " ".join(table.map(str).stack()) and "00:00:00" not in " ".join(table["Date"])
    assert table["Initiator"].isin(["Japan", "China"]).all()


def test_short_labels_cut_at_words() -> None:
    from analysis.features.readable import plain_date, short_label, wrap_label

    text = "Japan and the Philippines sign a reciprocal access agreement"
    assert short_label(text, 30) == "Japan and the Philippines…"
    assert short_label("short", 30) == "short"
    assert wrap_label("China bans seafood imports from Japan after the release of treated water", 26, 2) == \
        "China bans seafood imports<br>from Japan after the…"
    assert plain_date(pd.Timestamp("2026-05-31")) == "2026-05-31" and plain_date(pd.NaT) == ""
