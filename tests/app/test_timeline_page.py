"""The Timeline page under AppTest: lanes, quick ranges, records, episodes, the tension index."""

from __future__ import annotations

import base64
import datetime as dt
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from analysis import clock
from tests.app.conftest import set_dates, sidebar_dates
from tests.conftest import FIXTURE_DATA, REPO

PAGE = str(REPO / "pages" / "2_Timeline.py")


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(FIXTURE_DATA))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figure(at: AppTest, n: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[n].proto.spec)


def points(trace: dict) -> int:
    """Number of points of a line (its ``y`` may be a base64 typed array)."""
    y = trace["y"]
    return len(np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"])) if isinstance(y, dict) else len(y)


def last_x(trace: dict) -> dt.date:
    """A line's last date: its last ``x``, or ``x0 + dx * (points - 1)`` for evenly spaced days (dx in ms)."""
    if "x" in trace:
        return dt.date.fromisoformat(str(trace["x"][-1])[:10])
    step = dt.timedelta(milliseconds=trace["dx"])
    return (dt.datetime.fromisoformat(trace["x0"]) + step * (points(trace) - 1)).date()


def shown_ids(at: AppTest) -> set[str]:
    return {row[0] for trace in figure(at)["data"] if "customdata" in trace for row in trace["customdata"]}


TABLES = {"episode": "Step", "compare": "period", "record": "field", "sources": "Publisher"}
FIXTURE_TITLES: dict[str, str] = {}


def titles_of(ids: list[str]) -> list[str]:
    if not FIXTURE_TITLES:
        from analysis.data.loader import load_dataset

        events = load_dataset(FIXTURE_DATA).events
        FIXTURE_TITLES.update(zip(events["event_id"], events["title"], strict=True))
    return [FIXTURE_TITLES[i] for i in ids]


def frame(at: AppTest, table: str):
    """The shown table, recognised by a column only it has."""
    return next(df.value for df in at.dataframe if TABLES[table] in df.value.columns)


def test_page_renders_timeline_chain_and_index(app: AppTest) -> None:
    assert app.title[0].value == "Timeline of the dispute"
    assert shown_ids(app) == {f"fx-{i}" for i in range(1, 6)}
    assert figure(app)["layout"]["xaxis"]["rangeslider"]["visible"] is True
    assert app.selectbox(key="timeline-episode").value == "fx-1"  # earliest of the most-answered
    assert frame(app, "episode")["Event"].tolist() == titles_of(["fx-1", "fx-2", "fx-3", "fx-4"])
    assert "2^{-(d - t_i)/H}" in app.get("latex")[0].proto.body
    assert any("curated table" in c.value for c in app.caption)
    compare = frame(app, "compare")
    assert compare["period"].tolist() == ["before", "after"] and compare.loc[1, "events"] == 4


def test_lane_choice_switches_lanes_to_initiating_country(app: AppTest) -> None:
    assert "Statement" in figure(app)["layout"]["yaxis"]["ticktext"]
    app.radio(key="timeline-lanes").set_value("initiator").run()
    assert set(figure(app)["layout"]["yaxis"]["ticktext"]) == {"Japan", "China"}


def test_quick_range_sets_the_global_date_filter(app: AppTest) -> None:
    today = clock.today()
    app.button(key="range-since-2025-11-07").click().run()
    assert not app.exception
    assert sidebar_dates(app) == (dt.date(2025, 11, 7), today)
    assert shown_ids(app) == {"fx-1", "fx-2", "fx-3", "fx-4"}
    assert any(c.value.startswith("4 curated events") for c in app.caption)
    app.button(key="range-all").click().run()
    assert sidebar_dates(app)[0] <= dt.date(2012, 9, 11)
    assert "fx-5" in shown_ids(app)


def test_data_ranges_count_back_from_the_newest_event(app: AppTest) -> None:
    app.button(key="range-data-90").click().run()  # the fixture's newest event is 2026-01-15, today 2026-11-25
    assert not app.exception
    assert sidebar_dates(app) == (dt.date(2025, 10, 18), dt.date(2026, 1, 15))
    assert shown_ids(app) == {"fx-1", "fx-2", "fx-3", "fx-4"}


def test_quick_range_that_leaves_no_events_keeps_the_page_working(app: AppTest) -> None:
    set_dates(app, dt.date(2026, 10, 26), clock.today()).run()  # after the data
    assert not app.exception
    # Wholly after the data's end: said in words, no empty axes drawn.
    assert any("wholly after the newest curated event (2026-01-15)" in i.value for i in app.info)
    assert not app.get("plotly_chart")
    assert any("No event in the filtered set is answered" in i.value for i in app.info)


def test_data_age_is_said_and_the_stretch_after_it_is_shaded(app: AppTest) -> None:
    assert any("2026-01-15" in w.value and "days ago" in w.value for w in app.warning)
    layout = figure(app)["layout"]
    assert any(str(s["x0"]).startswith("2026-01-16") for s in layout["shapes"])
    assert any("no curated data after 2026-01-15" in a.get("text", "") for a in layout["annotations"])
    tension = figure(app, 1)
    assert last_x(tension["data"][0]) == dt.date(2026, 1, 15)  # stops at the data's end, no decay to zero
    assert any("no curated data after 2026-01-15" in a.get("text", "") for a in tension["layout"]["annotations"])


def test_episode_select_shows_that_episode(app: AppTest) -> None:
    app.selectbox(key="timeline-episode").set_value("fx-2").run()
    table = frame(app, "episode")
    assert table["Event"].tolist() == titles_of(["fx-2", "fx-3", "fx-4"])
    assert table["Step"].tolist() == [0, 1, 2]
    assert table["Responds to"].iloc[2].endswith(titles_of(["fx-3"])[0])  # by title, not id


def test_record_select_shows_the_full_record_with_sources(app: AppTest) -> None:
    app.selectbox(key="timeline-record").set_value("fx-3").run()
    fields = frame(app, "record").set_index("field")["value"]
    assert fields["Title"] == "Fixture incident" and fields["Answered by"].endswith(titles_of(["fx-4"])[0])
    sources = frame(app, "sources")
    assert sources["Publisher"].tolist() == ["Fixture Publisher", "Fixture Ministry"]
    shown = " ".join(" ".join(df.value.map(str).stack()) for df in app.dataframe)
    assert "src-" not in shown and "fx-" not in shown and "00:00:00" not in shown  # issue 15/10


def test_tension_controls_change_the_comparison(app: AppTest) -> None:
    before = frame(app, "compare").loc[1, "mean_index"]
    app.slider(key="tension-half-life").set_value(7).run()
    shorter = frame(app, "compare").loc[1, "mean_index"]
    assert shorter < before  # faster decay, lower mean
    app.date_input(key="tension-pivot").set_value(dt.date(2025, 12, 6))
    app.slider(key="tension-days").set_value(30).run()
    compare = frame(app, "compare")
    assert compare["start"].tolist() == [dt.date(2025, 11, 6), dt.date(2025, 12, 6)]
    assert compare["events"].tolist() == [2, 1]
    days = points(figure(app, 1)["data"][0])
    app.radio(key="tension-freq").set_value("Weekly mean").run()
    weeks = points(figure(app, 1)["data"][0])
    assert not app.exception and abs(weeks - days / 7) <= 2


def test_real_data_opens_on_the_takaichi_episode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NANSEI_DATA_DIR", raising=False)
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="timeline-episode").value == "ev-20251107-takaichi-taiwan-remarks"
    assert len(frame(at, "episode")) > 10


def test_choices_outside_a_new_date_range_fall_back_cleanly(app: AppTest) -> None:
    app.selectbox(key="timeline-episode").set_value("fx-1").run()
    app.selectbox(key="timeline-record").set_value("fx-5").run()
    set_dates(app, dt.date(2025, 11, 25), clock.today()).run()  # only fx-3, fx-4
    assert not app.exception, [e.value for e in app.exception]
    assert app.selectbox(key="timeline-episode").value == "fx-3"
    assert app.selectbox(key="timeline-record").value is None
    assert frame(app, "episode")["Event"].tolist() == titles_of(["fx-3", "fx-4"])


def test_episode_view_draws_only_that_chain_with_arrows(app: AppTest) -> None:
    assert not [t for t in figure(app)["data"] if t.get("name") == "responds to"]  # arrows on demand
    app.selectbox(key="timeline-episode").set_value("fx-2")
    app.radio(key="timeline-scope").set_value("episode").run()
    assert not app.exception
    assert shown_ids(app) == {"fx-2", "fx-3", "fx-4"}
    assert [t for t in figure(app)["data"] if t.get("name") == "responds to"]
    app.radio(key="timeline-scope").set_value("all")
    app.checkbox(key="timeline-arrows").check().run()
    assert shown_ids(app) == {f"fx-{i}" for i in range(1, 6)}
    assert [t for t in figure(app)["data"] if t.get("name") == "responds to"]


def test_titles_from_the_file_show_as_text_not_markdown(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from tests.conftest import copy_fixture_data

    copy_fixture_data(tmp_path)
    events = tmp_path / "events.csv"
    title = "![x](http://tracker.invalid/p.png) **bold** <b>tag</b>"
    events.write_text(events.read_text(encoding="utf-8").replace("Fixture statement", title), encoding="utf-8")
    monkeypatch.setenv("NANSEI_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.selectbox(key="timeline-episode").set_value("fx-1").run()
    at.selectbox(key="timeline-record").set_value("fx-1").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(title in t.value for t in at.text), [t.value for t in at.text]  # the record's heading, as typed
    rendered = [m.value for m in (*at.markdown, *at.caption)]
    assert not any("![x](http" in text for text in rendered), "a file's Markdown image must never render"
    assert any(r"\!\[x\]\(http" in text for text in rendered), "the chain caption shows the title escaped"


def test_timeline_chart_keeps_its_widget_id_across_reruns(app: AppTest) -> None:
    # The figure is cached; Streamlit derives the chart's id from its JSON, and a changed id
    # drops a click's selection on the rerun it triggers (seen in the browser test first).
    first = app.get("plotly_chart")[0].proto.id
    app.run()
    again = app.get("plotly_chart")[0].proto.id
    app.run()
    assert first == again == app.get("plotly_chart")[0].proto.id
