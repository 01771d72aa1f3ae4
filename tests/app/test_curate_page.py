"""The Curate page under AppTest: read-only viewers, unlocking, adding, conflicts, undo."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.curation import add_events, read_log, take_snapshot
from analysis.curation.access import token_for
from analysis.curation.promote import prefill_from_imported
from analysis.data.loader import load_dataset
from tests.conftest import FIXTURE_DATA, REPO
from ui import access
from ui import curate as cur

PAGE = str(REPO / "pages" / "9_Curate.py")
SECRET = "correct horse battery staple"
WRITE_KEYS = ("cur-save", "cur-retire", "cur-restore", "cur-undo", "cur-lock")


def checksums(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    monkeypatch.setenv("NANSEI_DATA_DIR", str(target))
    monkeypatch.delenv("NANSEI_EDITOR_SECRET", raising=False)
    return target


def run(**state) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button_keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button}


def test_without_a_secret_editing_is_off_and_no_write_control_shows(folder: Path) -> None:
    at = run()
    assert any("Editing is off on this server" in i.value for i in at.info)
    assert not button_keys(at) & {*WRITE_KEYS, "cur-unlock"}
    assert not at.text_input


def test_crafted_session_state_does_not_unlock_the_page(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(**{cur.TOKEN: "forged", cur.MODE: "add"})
    assert not button_keys(at) & set(WRITE_KEYS)
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    at = run(**{cur.TOKEN: token_for("a guess")})
    assert not button_keys(at) & set(WRITE_KEYS)
    assert "cur-unlock" in button_keys(at)


def forged_state(folder: Path, token: str) -> dict:
    state: dict = {cur.TOKEN: token, cur.MODE: "add", cur.SNAPSHOT: take_snapshot(folder), cur.WHO: "mallory"}
    for name, value in {"date": dt.date(2026, 1, 20), "title": "Forged", "summary": "Forged.",
                        "category": "statement", "actors": ["JPN"], "region": "other", "event_code": "010",
                        "confidence": "low", "date_precision": "day"}.items():
        state[cur.ev_key(name)] = value
    state[cur.EXISTING] = ["src-fix-a"]
    return state


@pytest.mark.parametrize("secret", [None, SECRET])
@pytest.mark.parametrize("callback", [cur.on_save, cur.on_retire, cur.on_restore, cur.on_undo])
def test_callbacks_refuse_a_viewer_with_crafted_state(folder, monkeypatch, secret, callback) -> None:
    if secret:
        monkeypatch.setenv("NANSEI_EDITOR_SECRET", secret)
    assert add_events(folder, [{"date": "2026-01-19", "title": "Earlier", "summary": "x", "category": "statement",
                                "actors": "JPN", "region": "other", "event_code": "010", "confidence": "low",
                                "source_ids": "src-fix-a"}]).ok  # something an undo could revert
    before = checksums(folder)
    for token in ("forged", token_for("a guess"), token_for("")):
        state = forged_state(folder, token)
        state[cur.EDIT_ID], state[cur.REASON] = "fx-1", "forged"
        callback(state)
        assert state[cur.RESULT]["ok"] is False and "locked" in state[cur.RESULT]["message"]
    assert checksums(folder) == before


def test_undo_after_an_ingest_accept_checks_only_the_change_it_reverts(folder, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    state = forged_state(folder, token_for(SECRET))  # the Curate form opened: snapshot taken
    accepted = add_events(folder, [{"date": "2026-01-19", "title": "From a report", "summary": "x",
                                    "category": "statement", "actors": "JPN", "region": "other",
                                    "event_code": "010", "confidence": "low", "source_ids": "src-fix-a"}],
                          expected_hash=state[cur.SNAPSHOT].hash)  # what Ingest's accept does
    assert accepted.ok
    cur.own_change(accepted, state)  # the same session wrote it: not "someone changed the files"
    cur.on_undo(state)
    assert state[cur.RESULT]["ok"], state[cur.RESULT]
    assert "From a report" not in set(load_dataset(folder).events["title"])
    assert [e["action"] for e in read_log(folder)] == ["add", "undo"]
    cur.on_save(state)  # the form's snapshot followed both writes: a save is not a conflict either
    assert state[cur.RESULT]["ok"], state[cur.RESULT]


def test_undo_ignores_changes_to_other_rows(folder, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    state = forged_state(folder, token_for(SECRET))
    row = {"date": "2026-01-19", "summary": "x", "category": "statement", "actors": "JPN", "region": "other",
           "event_code": "010", "confidence": "low", "source_ids": "src-fix-a"}
    assert add_events(folder, [{**row, "title": "First"}]).ok
    shown = read_log(folder)[-1]["id"]
    assert add_events(folder, [{**row, "title": "Second"}]).ok  # another editor, after this page was drawn
    cur.on_undo(state, target=shown)  # the page showed "First" as the last change: "Second" is not undone
    assert not state[cur.RESULT]["ok"] and "newer change" in state[cur.RESULT]["message"]
    cur.on_undo(state, target=read_log(folder)[-1]["id"])  # seen now: undone, whatever changed elsewhere
    assert state[cur.RESULT]["ok"], state[cur.RESULT]
    assert "Second" not in set(load_dataset(folder).events["title"])


def test_an_editor_token_made_from_the_server_secret_may_write(folder, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    state = forged_state(folder, token_for(SECRET))
    cur.on_save(state)
    assert state[cur.RESULT]["ok"], state[cur.RESULT]
    assert read_log(folder)[-1]["who"] == "mallory"


def test_unlock_with_the_secret_then_add_an_event(folder, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    at = run()
    at.text_input(key=cur.SECRET_INPUT).input("wrong").run()
    at.button(key="cur-unlock").click().run()
    assert any("not the editor secret" in e.value for e in at.error)
    at.text_input(key=cur.SECRET_INPUT).input(SECRET).run()
    at.button(key="cur-unlock").click().run()
    assert "cur-save" in button_keys(at)
    assert at.session_state[cur.TOKEN] != SECRET and at.session_state[cur.SECRET_INPUT] == ""  # secret not kept
    at.text_input(key=cur.WHO).input("ana").run()
    at.date_input(key=cur.ev_key("date")).set_value(dt.date(2026, 1, 20))
    at.text_input(key=cur.ev_key("title")).input("Page follow-up")
    at.text_area(key=cur.ev_key("summary")).input("Written by the analyst.")
    at.selectbox(key=cur.ev_key("category")).set_value("statement")
    at.multiselect(key=cur.ev_key("actors")).set_value(["CHN", "JPN"])
    at.selectbox(key=cur.ev_key("region")).set_value("mainland_china")
    at.selectbox(key=cur.ev_key("event_code")).set_value("111")
    at.selectbox(key=cur.ev_key("confidence")).set_value("medium")
    at.multiselect(key=cur.ev_key("responds_to")).set_value(["fx-4"])
    at.text_input(key=cur.src_key("publisher")).input("Fixture Wire")
    at.text_input(key=cur.src_key("title")).input("Page report")
    at.text_input(key=cur.src_key("published")).input("2026-01-20").run()
    assert at.selectbox(key=cur.src_key("tier")).value is None  # no default: the analyst chooses
    before = checksums(folder)
    at.button(key="cur-save").click().run()
    assert any("a new source needs its tier" in e.value for e in at.error), [e.value for e in at.error]
    assert checksums(folder) == before and at.text_input(key=cur.src_key("title")).value == "Page report"
    at.selectbox(key=cur.src_key("tier")).set_value("wire").run()
    at.button(key="cur-save").click().run()
    assert not at.exception
    shown = [s.value.replace("\\", "") for s in at.success]  # unescape the Markdown-escaped text
    saved = [s for s in shown if s.startswith("Saved “Page follow-up” as ev-")]
    assert saved and "1 new source" in saved[0], [e.value for e in at.error] + [s.value for s in at.success]
    assert at.session_state["timeline-record"] in saved[0]  # the Timeline opens on the new event
    data = load_dataset(folder)
    assert data.errors.empty, data.errors
    row = data.events.set_index("event_id").loc["ev-20260120-page-follow-up"]
    assert row["source_ids"] == "src-fixture-wire-20260120-page-report" and row["responds_to"] == "fx-4"
    assert data.sources.set_index("source_id").loc["src-fixture-wire-20260120-page-report", "tier"] == "wire"
    assert read_log(folder)[-1]["who"] == "ana"
    assert at.text_input(key=cur.ev_key("title")).value == ""  # the form is cleared for the next event


def test_invalid_input_shows_the_problems_and_keeps_the_input(folder, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    at = run(**{cur.TOKEN: token_for(SECRET)})
    before = checksums(folder)
    at.text_input(key=cur.ev_key("title")).input("Half-filled").run()
    at.button(key="cur-save").click().run()
    assert any("nothing was saved" in e.value for e in at.error)
    assert at.text_input(key=cur.ev_key("title")).value == "Half-filled"
    assert checksums(folder) == before


def test_a_concurrent_change_is_refused_and_shown(folder, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    at = run(**{cur.TOKEN: token_for(SECRET), cur.MODE: "edit"})
    at.selectbox(key=cur.EDIT_ID).set_value("fx-2").run()
    at.text_input(key=cur.ev_key("title")).input("Mine").run()
    other = add_events(folder, [{"date": "2026-01-19", "title": "Theirs", "summary": "x", "category": "statement",
                                 "actors": "JPN", "region": "other", "event_code": "010", "confidence": "low",
                                 "source_ids": "src-fix-a"}])
    assert other.ok
    before = checksums(folder)
    at.button(key="cur-save").click().run()
    assert any("changed since this form was opened" in e.value for e in at.error)
    changes = next(df.value for df in at.dataframe if "change" in df.value.columns)
    assert other.event_ids[0] in set(changes["id"])
    assert at.text_input(key=cur.ev_key("title")).value == "Mine"
    assert checksums(folder) == before
    at.button(key="cur-reload").click().run()
    at.button(key="cur-save").click().run()
    assert load_dataset(folder).events.set_index("event_id").loc["fx-2", "title"] == "Mine"


def test_retire_restore_and_undo(folder, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    at = run(**{cur.TOKEN: token_for(SECRET), cur.MODE: "edit"})
    at.selectbox(key=cur.EDIT_ID).set_value("fx-5").run()
    at.text_input(key=cur.REASON).input("duplicate").run()
    at.button(key="cur-retire").click().run()
    assert "fx-5" not in set(load_dataset(folder).events["event_id"])
    assert "cur-restore" in button_keys(at)
    at.button(key="cur-undo").click().run()
    assert "fx-5" in set(load_dataset(folder).events["event_id"])
    assert [e["action"] for e in read_log(folder)] == ["retire", "undo"]


def test_a_promoted_import_prefills_the_form(folder, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    row = {"event_id": "gdelt-1", "date": "2026-03-02", "category": "maritime_grey_zone", "actors": "CHN;JPN",
           "initiator": "CHN", "target": "JPN", "location": "Senkaku Islands", "lat": 25.74, "lon": 123.47,
           "region": "senkaku", "goldstein": -7.2, "title": "GDELT title", "summary": "GDELT text",
           "origin": "gdelt", "external_id": "1", "source_text": "https://news.example.org/a/1"}
    at = run(**{cur.TOKEN: token_for(SECRET), cur.PREFILL: prefill_from_imported(row)})
    assert at.multiselect(key=cur.ev_key("actors")).value == ["CHN", "JPN"]
    assert at.text_input(key=cur.ev_key("lat")).value == "25.74"
    assert at.text_input(key=cur.ev_key("title")).value == ""  # the analyst's own words
    assert at.text_input(key=cur.src_key("url")).value == "https://news.example.org/a/1"
    assert at.text_input(key=cur.src_key("publisher")).value == "news.example.org"


@pytest.mark.parametrize("callback", [cur.on_save, cur.on_retire, cur.on_restore, cur.on_undo])
def test_a_read_only_replica_refuses_even_an_editor(folder, monkeypatch, callback) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    monkeypatch.setenv("NANSEI_READ_ONLY", "yes")
    at = run(**{cur.TOKEN: token_for(SECRET), cur.MODE: "add"})
    assert any("read-only replica" in i.value for i in at.info)
    assert not button_keys(at) & {*WRITE_KEYS, "cur-unlock"} and not at.text_input
    before = checksums(folder)
    state = forged_state(folder, token_for(SECRET))
    state[cur.EDIT_ID], state[cur.REASON] = "fx-1", "replica"
    callback(state)
    assert state[cur.RESULT]["ok"] is False and "read-only" in state[cur.RESULT]["message"]
    assert checksums(folder) == before


def test_a_typo_in_the_read_only_setting_fails_closed(folder, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    monkeypatch.setenv("NANSEI_READ_ONLY", "ture")
    assert not cur.is_editor({cur.TOKEN: token_for(SECRET)})
    monkeypatch.setenv("NANSEI_READ_ONLY", "0")
    assert cur.is_editor({cur.TOKEN: token_for(SECRET)})


def test_what_happened_picker_sets_the_goldstein_and_labels_ids(folder, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    at = run(**{cur.TOKEN: token_for(SECRET)})
    assert at.selectbox(key=cur.ev_key("category")).options[:2] == ["Diplomatic", "Statement"]  # labels, not ids
    assert "Senkaku Islands" in at.selectbox(key=cur.ev_key("region")).options
    at.selectbox(key=cur.ev_key("category")).set_value("military_incident").run()
    picker = at.selectbox(key=cur.ev_key("event_code"))
    # The kind of act the category's events use (fixture: one military incident, code 150).
    assert picker.options == ["Demonstrate military or police power · CAMEO 150 · Goldstein −7.2"]
    picker.set_value("150").run()
    assert at.text_input(key=cur.ev_key("goldstein")).value == "-7.2"  # the code's published score
    at.checkbox(key="cur_all_acts").check().run()
    assert len(at.selectbox(key=cur.ev_key("event_code")).options) == 7
    at.selectbox(key=cur.ev_key("event_code")).set_value("163").run()
    assert at.text_input(key=cur.ev_key("goldstein")).value == "-8"  # follows every change of code


def test_a_chosen_act_fills_an_empty_category_from_the_vocabulary(folder: Path, monkeypatch: pytest.MonkeyPatch
                                                                  ) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    at = run(**{cur.TOKEN: token_for(SECRET), cur.MODE: "add"})
    at.checkbox(key="cur_all_acts").check().run()
    at.selectbox(key=cur.ev_key("event_code")).set_value("0334").run()
    assert at.selectbox(key=cur.ev_key("category")).value == "alliance"  # cameo_categories.csv: 0334
    at.selectbox(key=cur.ev_key("category")).set_value("statement").run()
    at.selectbox(key=cur.ev_key("event_code")).set_value("163").run()
    assert at.selectbox(key=cur.ev_key("category")).value == "statement"  # a chosen category is kept


def test_a_weak_secret_keeps_editing_off_with_a_clear_message(folder, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", "a")
    at = run(**{cur.TOKEN: token_for("a")})
    assert any("too short" in i.value for i in at.info)
    assert not button_keys(at) & {*WRITE_KEYS, "cur-unlock"}


def test_wrong_guesses_back_off_then_lock_out_and_are_logged_without_the_guess(folder, monkeypatch,
                                                                               caplog) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    clock = {"t": 1000.0}
    monkeypatch.setattr(access, "_now", lambda: clock["t"])
    state: dict = {}
    caplog.set_level("WARNING", logger="nansei.access")
    for i in (1, 2):
        state[cur.SECRET_INPUT] = f"guess-number-{i}"
        cur.on_unlock(state)
        assert state[cur.RESULT]["message"] == "That is not the editor secret."
    state[cur.SECRET_INPUT] = SECRET  # the right one, but at once after two failures: backing off
    cur.on_unlock(state)
    assert cur.TOKEN not in state and "try again in" in state[cur.RESULT]["message"]
    for i in range(3, access.MAX_FAILURES + 1):
        clock["t"] += 31
        state[cur.SECRET_INPUT] = f"guess-number-{i}"
        cur.on_unlock(state)
    clock["t"] += 60  # past every back-off, but locked out
    state[cur.SECRET_INPUT] = SECRET
    cur.on_unlock(state)
    assert cur.TOKEN not in state and "try again in" in state[cur.RESULT]["message"]
    clock["t"] += access.LOCKOUT_S
    state[cur.SECRET_INPUT] = SECRET
    cur.on_unlock(state)
    assert cur.is_editor(state)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "editor unlock failed" in logged and "guess-number" not in logged and SECRET not in logged


def test_the_secret_leaves_the_environment_and_child_processes(folder, monkeypatch) -> None:
    import os

    from analysis import settings
    from analysis.export.browser import scrub_browser_env

    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    monkeypatch.setenv("NANSEI_ACLED_PASSWORD", "hunter2-hunter2")
    assert cur.server_secret() == SECRET
    assert os.environ["NANSEI_EDITOR_SECRET"] == "" and cur.server_secret() == SECRET  # read once, kept in memory
    env = settings.child_env()
    assert SECRET not in env.values() and "NANSEI_ACLED_PASSWORD" not in env and "PATH" in env
    scrub_browser_env()
    from choreographer.browsers.chromium import Chromium

    assert "NANSEI_ACLED_PASSWORD" not in Chromium.get_env(None)  # what the export browser is started with


def test_the_change_log_names_the_proxy_user_when_the_proxy_is_trusted(folder, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    monkeypatch.setenv("NANSEI_USER_HEADER", "X-Forwarded-User")
    monkeypatch.setattr(access, "proxy_user", lambda: "")
    assert access.editor_name({cur.WHO: "typed"}) == "typed"
    monkeypatch.setattr(access, "proxy_user", lambda: "ana@example.org")
    state = forged_state(folder, token_for(SECRET))  # typed name "mallory"
    cur.on_save(state)
    assert state[cur.RESULT]["ok"], state[cur.RESULT]
    assert read_log(folder)[-1]["who"] == "ana@example.org"


def test_the_user_header_counts_only_behind_a_trusted_proxy(monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_USER_HEADER", "X-Forwarded-User")
    monkeypatch.delenv("NANSEI_TRUST_PROXY", raising=False)
    assert access.proxy_user() == ""


def test_editing_a_row_with_an_unknown_actor_code_says_so_instead_of_dropping_it(folder, monkeypatch) -> None:
    monkeypatch.setenv("NANSEI_EDITOR_SECRET", SECRET)
    path = folder / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith("fx-2,"))
    header = lines[0].rstrip("\n").split(",")
    cells = lines[row].rstrip("\n").split(",")
    at_actors = header.index("actors")
    assert cells[at_actors] and '"' not in lines[row]
    cells[at_actors] = cells[at_actors] + ";XYZ;jpn"
    lines[row] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    at = run(**{cur.TOKEN: token_for(SECRET), cur.MODE: "edit"})
    at.selectbox(key=cur.EDIT_ID).set_value("fx-2").run()
    assert "XYZ" not in at.multiselect(key=cur.ev_key("actors")).value
    warnings = [w.value for w in at.warning]
    assert any("'XYZ' is not accepted" in w and "not in the country table" in w for w in warnings), warnings
    assert any("'jpn' is not accepted" in w and "lower case" in w for w in warnings), warnings
