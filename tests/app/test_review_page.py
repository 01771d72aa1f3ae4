"""The Review page under AppTest: the inbox of feed candidates, viewers read-only, dismiss, accept -> Curate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.curation.access import token_for
from analysis.curation.review import read_decisions
from analysis.data.loader import load_dataset
from analysis.imports.pipeline import import_paths
from tests.conftest import FIXTURE_DATA, REPO
from tests.unit.imports.conftest import gdelt_bytes
from tests.unit.imports.test_candidates import row
from ui import curate as cur
from ui import review as rev

SECRET = "correct horse battery staple"
PAGE = "pages/11_Review.py"


@pytest.fixture
def inbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    store = tmp_path / "store"
    feed = tmp_path / "day.export.CSV"
    feed.write_bytes(gdelt_bytes([
        # root codes whose root-level code (150, 010) is in the fixture's CAMEO table
        row(1, "20261120", "JPN", "CHN", "15", 24.47, 123.00, articles=5),
        row(2, "20261120", "CHN", "JPN", "15", 24.50, 123.05, articles=5),
        row(3, "20261121", "JPN", "USA", "01", 26.30, 127.75, articles=1, goldstein="1.0"),
    ]))
    import_paths([feed], "gdelt", scope="all", folder=store)
    monkeypatch.setenv("NANSEI_DATA_DIR", str(data))
    monkeypatch.setenv("NANSEI_STORE_DIR", str(store))
    monkeypatch.delenv("NANSEI_EDITOR_SECRET", raising=False)
    rev._candidates.clear()
    return {"data": data, "store": store}


def run(path: str = PAGE, editor: bool = False, monkeypatch: pytest.MonkeyPatch | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / path), default_timeout=90)
    if editor:
        at.session_state[cur.TOKEN] = token_for(SECRET)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def test_viewer_sees_the_inbox_read_only_with_counts(inbox) -> None:
    at = run()
    assert "2 new since Wednesday 18 Nov, 0 accepted, 0 dismissed" in texts(at)
    assert any("Read-only" in i.value and "Curate page" in i.value for i in at.info)
    table = at.dataframe[0].value
    assert list(table["actors"]) == ["China – Japan", "Japan – United States"]  # best first
    assert list(table["rows"]) == [2, 1]
    assert not [b for b in at.button if str(b.key).startswith("rev-")]
    assert any("No sync yet" in c.value for c in at.caption)


def test_forged_token_cannot_dismiss(inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    state = {cur.TOKEN: "forged"}
    rev.on_dismiss(state, candidate={"candidate_id": "cand-x", "date": "2026-11-20", "actors": "", "category": ""})
    assert state[cur.RESULT]["ok"] is False
    assert read_decisions(inbox["data"]).empty


def test_editor_dismisses_with_a_reason_and_it_never_comes_back(inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    at = run(editor=True)
    first = [b.key for b in at.button if str(b.key).startswith("rev-dismiss-")]
    assert len(first) == 2
    at.button(key=first[1]).click().run()  # no reason: refused
    assert any("needs a reason" in e.value for e in at.error)
    assert read_decisions(inbox["data"]).empty
    cid = first[1].removeprefix("rev-dismiss-")
    at.text_input(key=cur.WHO).input("ana")
    at.text_input(key=rev.reason_key(cid)).input("routine consultation, outside our focus").run()
    at.button(key=first[1]).click().run()
    assert any("will not come back" in s.value for s in at.success)
    decided = read_decisions(inbox["data"])
    assert list(decided["decision"]) == ["dismissed"] and decided.loc[0, "who"] == "ana"
    assert decided.loc[0, "reason"] == "routine consultation, outside our focus"
    again = run(editor=True)
    assert [b.key for b in again.button if str(b.key).startswith("rev-dismiss-")] == [first[0]]
    assert "1 new since Wednesday 18 Nov, 0 accepted, 1 dismissed" in texts(again)
    assert len(again.dataframe[-1].value) == 1  # the decisions table


def test_editor_accepts_into_the_curate_form_citing_every_source(inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.session_state[cur.TOKEN] = token_for(SECRET)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    accept = next(str(b.key) for b in at.button if str(b.key).startswith("rev-accept-"))  # the best one
    cid = accept.removeprefix("rev-accept-")
    at.button(key=accept).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Curate the data"]
    assert at.text_input(key=cur.ev_key("title")).value == ""  # the analyst's words
    assert at.multiselect(key=cur.ev_key("actors")).value == ["CHN", "JPN"]
    assert at.text_input(key=cur.src_key("url")).value == "https://news.example.org/story-1"
    assert "https://news.example.org/story-2" in texts(at)  # the second source, cited too
    assert any(cid in t for t in texts(at))  # the note names the candidate
    at.switch_page("pages/9_Curate.py").run()  # AppTest stays on the page it was told; st.switch_page moved it
    assert at.text_input(key=cur.src_key("url")).value == "https://news.example.org/story-1"
    at.text_input(key=cur.WHO).input("ana")
    at.text_input(key=cur.ev_key("title")).input("Chinese and Japanese forces show strength near Yonaguni")
    at.text_area(key=cur.ev_key("summary")).input("Our summary after reading both reports.")
    at.selectbox(key=cur.ev_key("region")).set_value("southwest_islands")
    at.selectbox(key=cur.ev_key("confidence")).set_value("low")
    at.text_input(key=cur.src_key("title")).input("Story one")
    at.text_input(key=cur.src_key("published")).input("2026-11-20")
    at.selectbox(key=cur.src_key("tier")).set_value("major")
    at.text_input(key=cur.feed_key(0, "title")).input("Story two")
    at.text_input(key=cur.feed_key(0, "published")).input("2026-11-21").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "cur-save" in {b.key for b in at.button}, ([t.value for t in at.title], [e.value for e in at.error],
                                                      [b.key for b in at.button], [i.value for i in at.info])
    assert at.selectbox(key=cur.feed_key(0, "tier")).value is None  # each further source's tier is chosen too
    at.button(key="cur-save").click().run()
    assert any("a new source needs its tier" in e.value for e in at.error), [e.value for e in at.error]
    at.selectbox(key=cur.feed_key(0, "tier")).set_value("other").run()
    at.button(key="cur-save").click().run()
    saved = [s.value for s in at.success if s.value.startswith("Saved “")]
    assert saved and "2 new sources" in saved[0], ([e.value for e in at.error],
                                                   [d.value.to_dict("records") for d in at.dataframe])
    data = load_dataset(inbox["data"])
    assert data.errors.empty, data.errors
    event = data.events.loc[data.events["title"] == "Chinese and Japanese forces show strength near Yonaguni"].iloc[0]
    cited = data.sources.set_index("source_id").loc[event["source_ids"].split(";")]
    assert sorted(cited["url"]) == ["https://news.example.org/story-1", "https://news.example.org/story-2"]
    assert sorted(cited["tier"]) == ["major", "other"]
    decided = read_decisions(inbox["data"])
    assert list(decided["decision"]) == ["accepted"] and decided.loc[0, "candidate_id"] == cid
    assert decided.loc[0, "event_id"] == event["event_id"]
    at.switch_page(PAGE).run()
    assert "1 new since Wednesday 18 Nov, 1 accepted, 0 dismissed" in texts(at)


def test_last_sync_is_shown_in_small_text(inbox) -> None:
    folder = inbox["store"] / "sync"
    folder.mkdir()
    (folder / "gdelt.json").write_text(json.dumps({"feed": "gdelt", "files": {}, "runs": [{
        "finished": "2026-11-25T06:15:00+00:00", "fetched": 4, "stored": 120, "accepted": 130, "outside": 900,
        "rejected": 2, "failed": 1, "failures": ["20261125061500.export.CSV.zip: MD5 differs"]}]}))
    for page in (PAGE, "app.py", "pages/7_Import.py"):  # the Review page, the Overview and the Import page
        at = run(page)
        line = next(c.value for c in at.caption if "Last GDELT sync" in c.value).replace("\\", "")  # escaped
        assert "2026-11-25 06:15 UTC" in line and "4 file(s) fetched" in line and "1 failed" in line, page
        assert "MD5 differs" in line


def test_report_candidates_wait_in_the_same_inbox(inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    monkeypatch.setenv("NANSEI_SEEDS_DIR", str(inbox["data"].parent / "seeds"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/10_Ingest.py").run()
    at.radio(key="ingest-how").set_value("Paste text").run()
    at.text_area(key="ingest-paste").set_value(
        "Four China Coast Guard ships entered Japan's territorial waters off the Senkaku Islands on Tuesday. "
        "Tokyo lodged a protest the same day.")
    at.text_input(key="ingest-publisher").set_value("Fixture Wire")
    at.text_input(key="ingest-title").set_value("Coast guard ships enter Senkaku waters")
    at.selectbox(key="ingest-tier").set_value("wire")  # a report becomes a new source: its tier is chosen
    at.date_input(key="ingest-published").set_value(dt.date(2026, 11, 24)).run()
    at.button(key="ingest-extract").click().run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "4 new since Wednesday 18 Nov, 0 accepted, 0 dismissed" in texts(at)  # 2 feed + 2 report candidates
    assert [s.value for s in at.subheader][:1] == ["From the report under review"]
    assert any("Senkaku" in t for t in texts(at))


def test_what_changed_section_follows_its_date(inbox) -> None:
    import datetime as dt

    at = run()
    assert "What changed since the last briefing" in [s.value for s in at.subheader]
    summary = next(t for t in texts(at) if t.startswith("What changed since 18 Nov 2026"))
    assert "2 feed candidate(s) waiting for review" in summary and "Sources: " in summary
    at.date_input(key="rev-changes-since").set_value(dt.date(2012, 1, 1)).run()
    assert not at.exception, [e.value for e in at.exception]
    summary = next(t for t in texts(at) if t.startswith("What changed since 01 Jan 2012"))
    assert "new curated event(s) dated 01 Jan 2012" in summary and "\n- " in summary
    keys = {b.proto.id for b in at.get("download_button")}
    assert sum("rev-changes" in k for k in keys) == 3  # PPTX, PDF, plain text


def test_the_inbox_date_and_the_slide_marking(inbox) -> None:
    import datetime as dt

    from analysis.export.changes_slide import build_slide
    from analysis.features.changes import what_changed

    at = run()
    at.date_input(key=rev.SINCE).set_value(dt.date(2026, 11, 21)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "1 new since Saturday 21 Nov, 0 accepted, 0 dismissed" in texts(at)  # the 20 Nov candidate drops out
    assert list(at.dataframe[0].value["actors"]) == ["Japan – United States"]
    at.text_input(key="rev-changes-marking").input("UNCLASSIFIED – FOR TRAINING").run()
    assert not at.exception, [e.value for e in at.exception]
    data = load_dataset(inbox["data"])  # the bytes the button serves come from build_slide (AppTest hides them)
    slide = build_slide(what_changed(data, dt.date(2026, 11, 18), dt.date(2026, 11, 25), 1), data.sources, "pptx",
                        "UNCLASSIFIED – FOR TRAINING")
    assert slide[:2] == b"PK"
