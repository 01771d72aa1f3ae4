"""Ingest page through AppTest: extract, accept (-> row in a temp data copy), reject remembered, viewers read-only."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from analysis.curation.access import token_for
from analysis.data.loader import load_dataset
from analysis.ingest import limits, queue

REPO = Path(__file__).resolve().parents[2]
REPORT = ("Four China Coast Guard ships entered Japan's territorial waters off the Senkaku Islands on Tuesday. "
          "Tokyo lodged a protest the same day.")


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixture_data_dir: Path) -> tuple[Path, Path]:
    data = tmp_path / "data"
    shutil.copytree(fixture_data_dir, data)
    seeds = tmp_path / "seeds"
    monkeypatch.setenv("NANSEI_DATA_DIR", str(data))
    monkeypatch.setenv("NANSEI_SEEDS_DIR", str(seeds))
    return data, seeds


SECRET = "fixture-editor-secret"


@pytest.fixture
def editor(monkeypatch: pytest.MonkeyPatch) -> str:
    """The server has an editor secret and the session unlocked it (the Curate page's token)."""
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    return token_for(SECRET)


def _sums(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _extract(at: AppTest, report: str = REPORT) -> AppTest:
    at.radio(key="ingest-how").set_value("Paste text").run()
    at.text_area(key="ingest-paste").set_value(report)
    at.text_input(key="ingest-publisher").set_value("Fixture Wire")
    at.text_input(key="ingest-title").set_value("Coast guard ships enter Senkaku waters")
    at.selectbox(key="ingest-tier").set_value("wire")
    at.date_input(key="ingest-published").set_value(dt.date(2026, 1, 22)).run()
    at.button(key="ingest-extract").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _page(token: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "pages" / "10_Ingest.py"), default_timeout=90)
    if token is not None:
        at.session_state["cur_token"] = token
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_accept_writes_a_curated_row_and_reject_is_remembered(folders, editor) -> None:
    data, seeds = folders
    at = _extract(_page(editor))
    assert at.subheader[0].value == "Review: 2 candidate(s)"
    first, second = (f.key.removeprefix("ingest-form-") for f in at.get("form"))  # one form per candidate
    at.text_input(key=f"ingest-title-{first}").set_value("Four CCG ships in Senkaku waters (fixture)")
    at.text_area(key=f"ingest-summary-{first}").set_value("Fixture summary in our own words.")
    at.button(key=f"ingest-accept-{first}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Accepted as ev-20260120" in s.value for s in at.success), [e.value for e in at.error]
    events = load_dataset(data).events
    row = events[events["title"] == "Four CCG ships in Senkaku waters (fixture)"].iloc[0]
    assert row["actors"] == "CHN;JPN" and row["date"].date().isoformat() == "2026-01-20"
    assert load_dataset(data).sources.set_index("source_id").loc[row["source_ids"], "tier"] == "wire"
    record = next(seeds.glob("*.md")).read_text(encoding="utf-8")
    assert row["source_ids"] in record and "sha256:" in record and "Tokyo lodged" not in record

    at.button(key=f"ingest-reject-{second}").click().run()
    assert any("will not come back" in i.value for i in at.info)
    decided = queue.read_decisions(data)
    assert decided["decision"].tolist() == ["accepted", "rejected"]

    again = _extract(_page(editor))  # the same report ingested again: nothing left to review
    assert any("No candidate left" in i.value for i in again.info)


def test_accept_without_own_words_writes_nothing(folders, editor) -> None:
    data, _ = folders
    before = _sums(data)
    at = _extract(_page(editor))
    first = at.get("form")[0].key.removeprefix("ingest-form-")
    at.button(key=f"ingest-accept-{first}").click().run()
    assert any("own words" in t.value for t in at.text)
    assert _sums(data) == before


@pytest.mark.parametrize("token", [None, "crafted-token"])
def test_viewer_sees_candidates_but_no_write_controls(folders, monkeypatch, token) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)  # editing is possible, but this session has no valid token
    data, seeds = folders
    before = _sums(data)
    at = _extract(_page(token))
    assert any("Read-only" in i.value for i in at.info)
    assert at.subheader[0].value == "Review: 2 candidate(s)"
    assert not at.get("form") and not [b for b in at.button if b.key and b.key.startswith("ingest-accept")]
    assert any(t.value.startswith("Sentence 1: Four China Coast Guard") for t in at.text)  # shown as text
    assert _sums(data) == before and not seeds.exists()


def test_a_read_only_replica_draws_no_write_control_for_an_editor(folders, editor, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_READ_ONLY", "1")
    data, seeds = folders
    before = _sums(data)
    at = _extract(_page(editor))
    assert any("Read-only" in i.value for i in at.info)
    assert not at.get("form") and "ingest-store-record" not in {b.key for b in at.button}
    assert _sums(data) == before and not seeds.exists()


def test_goldstein_follows_the_chosen_act(folders, editor) -> None:
    data, _ = folders
    at = _extract(_page(editor))
    first = at.get("form")[0].key.removeprefix("ingest-form-")
    picker = at.selectbox(key=f"ingest-code-{first}")
    assert all(" · CAMEO " in o and "Goldstein" in o for o in picker.options)  # act, code and score
    assert at.selectbox(key=f"ingest-category-{first}").options[0] == "Diplomatic"  # a label, not an id
    picker.set_value("111")  # another act than the extracted one: its score must follow
    at.text_input(key=f"ingest-title-{first}").set_value("Tokyo criticises the patrol (fixture)")
    at.text_area(key=f"ingest-summary-{first}").set_value("Fixture summary in our own words.")
    at.button(key=f"ingest-accept-{first}").click().run()
    assert any("Accepted as" in s.value for s in at.success), [e.value for e in at.error] + [t.value for t in at.text]
    row = load_dataset(data).events.set_index("title").loc["Tokyo criticises the patrol (fixture)"]
    assert row["event_code"] == "111" and row["goldstein"] == -2.0


def test_reviewer_sees_mood_flags_and_actor_rule(folders) -> None:
    # Issue 28: a negated act is kept for the reviewer with its reason; who is acted upon says why.
    at = _extract(_page(), "Chinese ships did not enter Japan's territorial waters off the Senkaku Islands on Tuesday.")
    why = at.dataframe[0].value.iloc[0]
    assert why["flags"] == "negation: 'did not'" and why["actor_rule"] == "named"
    assert "duplicate_of" in why.index and "names_en" in why.index


class _NeverDone:
    """A worker pool whose task never finishes in time (the budget's timeout branch, with no race)."""

    def __init__(self, _processes: int) -> None:
        self.terminated = False

    def __enter__(self) -> _NeverDone:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def apply_async(self, *_args: object) -> _NeverDone:
        return self

    def get(self, timeout: float) -> None:
        raise multiprocessing.TimeoutError

    def terminate(self) -> None:
        self.terminated = True


def test_extraction_over_its_time_budget_stops_and_says_so(folders, editor, monkeypatch) -> None:
    # The real worker process and its timeout: tests/unit/ingest/test_limits.py. Here, the page's handling.
    monkeypatch.setenv("NANSEI_INGEST_TIMEOUT_S", "1")
    monkeypatch.setattr(limits, "_worker_context", lambda: SimpleNamespace(Pool=_NeverDone))
    at = _extract(_page(editor))
    assert any("extraction stopped after 1 s" in w.value for w in at.warning)
    assert not at.get("form") and not at.subheader


@pytest.mark.parametrize(("zone", "day"), [("America/New_York", "2026-01-23"), ("", "2026-01-16")])
def test_the_publication_time_zone_reads_a_weekday_on_the_datelines_calendar(folders, zone: str, day: str) -> None:
    # Stamped Thursday 2026-01-22 in New York, datelined TOKYO: "on Friday" is the next day there.
    at = _page()
    at.selectbox(key="ingest-published-tz").set_value(zone)
    _extract(at, "TOKYO — Japan's Cabinet on Friday approved a record defense budget, China said.")
    dates = at.session_state["ingest-review"]["candidates"]["date"].tolist()
    assert dates == [day]


def test_a_report_without_a_tier_is_not_read_and_says_why(folders, editor) -> None:
    data, _ = folders
    before = _sums(data)
    at = _page(editor)
    at.radio(key="ingest-how").set_value("Paste text").run()
    at.text_area(key="ingest-paste").set_value(REPORT)
    at.text_input(key="ingest-publisher").set_value("Fixture Wire")
    at.date_input(key="ingest-published").set_value(dt.date(2026, 1, 22)).run()
    assert at.selectbox(key="ingest-tier").value is None  # no default: the analyst chooses
    at.button(key="ingest-extract").click().run()
    assert any("a new source needs its tier" in t.value for t in at.text), [t.value for t in at.text]
    assert not at.get("form") and _sums(data) == before
