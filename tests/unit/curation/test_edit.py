"""Curation changes: checked by the loader's rules, atomic, ordered, logged, undoable."""

from __future__ import annotations

import threading

import pytest

from analysis.curation import (
    add_events,
    changes_since,
    data_hash,
    read_log,
    retire_event,
    take_snapshot,
    undo_last,
    update_event,
)
from analysis.data.loader import load_dataset
from analysis.data.ordering import chronological
from tests.unit.curation.conftest import NEW_EVENT, NEW_SOURCE, checksums


def test_add_event_with_new_source_validates_and_logs(folder) -> None:
    result = add_events(folder, [NEW_EVENT], [NEW_SOURCE], expected_hash=data_hash(folder), who="ana")
    assert result.ok, (result.message, result.errors)
    (event_id,) = result.event_ids
    assert event_id == "ev-20260120-fixture-follow-up-statement"
    assert result.new_source_ids == ("src-fixture-wire-20260120-fixture-follow-up",)
    data = load_dataset(folder)
    assert data.errors.empty
    row = data.events.set_index("event_id").loc[event_id]
    assert row["source_ids"] == result.new_source_ids[0]
    assert row["initiator"] == "CHN" and row["date_precision"] == "day"
    (entry,) = read_log(folder)
    assert entry["action"] == "add" and entry["who"] == "ana"
    assert {(r["file"], r["id"]) for r in entry["rows"]} == {("events.csv", event_id),
                                                               ("sources.csv", result.new_source_ids[0])}


def test_events_are_written_in_chronological_order(folder) -> None:
    assert add_events(folder, [NEW_EVENT], [NEW_SOURCE]).ok
    data = load_dataset(folder)
    assert data.errors.empty
    assert data.events["event_id"].tolist() == chronological(data.events)["event_id"].tolist()
    sources = (folder / "sources.csv").read_text(encoding="utf-8").splitlines()
    assert sources[-1].startswith("src-fixture-wire-20260120")  # appended: earlier lines untouched


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"category": "war"}, "must be one of"),
        ({"responds_to": "no-such-event"}, "event_id not found in events.csv"),
        ({"responds_to": "fx-4", "date": "2026-01-01"}, "responds to an event dated after it"),
        ({"date": "2099-01-01"}, "must be <="),
        ({"lat": 26.3}, "give both lat and lon, or neither"),
    ],
)
def test_invalid_event_is_refused_and_nothing_changes(folder, change, rule) -> None:
    before = checksums(folder)
    result = add_events(folder, [{**NEW_EVENT, **change}], [NEW_SOURCE], expected_hash=data_hash(folder))
    assert not result.ok and not result.conflict
    assert result.errors["rule"].str.contains(rule, regex=False).any(), result.errors
    assert checksums(folder) == before


def test_unknown_column_is_refused(folder) -> None:
    result = add_events(folder, [{**NEW_EVENT, "evidence": "x"}], [NEW_SOURCE])
    assert not result.ok and "evidence" in result.message


def test_stale_hash_is_a_conflict_and_the_snapshot_says_what_changed(folder) -> None:
    opened = take_snapshot(folder)
    assert add_events(folder, [NEW_EVENT], [NEW_SOURCE], expected_hash=opened.hash).ok
    before = checksums(folder)
    other = {**NEW_EVENT, "title": "Second analyst's event"}
    result = add_events(folder, [other], [NEW_SOURCE], expected_hash=opened.hash)
    assert result.conflict and not result.ok
    assert checksums(folder) == before
    changed = changes_since(opened, folder)
    assert set(zip(changed["id"], changed["change"], strict=True)) == {
        ("ev-20260120-fixture-follow-up-statement", "added"),
        ("src-fixture-wire-20260120-fixture-follow-up", "added"),
    }


def test_concurrent_saves_with_the_same_hash_lose_nothing(folder) -> None:
    opened = data_hash(folder)
    results = []

    def save(title: str) -> None:
        results.append(add_events(folder, [{**NEW_EVENT, "title": title}], [NEW_SOURCE], expected_hash=opened))

    threads = [threading.Thread(target=save, args=(f"Racing event {i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.ok for r in results) == [False, True]
    assert [r.conflict for r in results if not r.ok] == [True]
    assert len(load_dataset(folder).events) == 6


def test_existing_identical_source_is_reused(folder) -> None:
    first = add_events(folder, [NEW_EVENT], [NEW_SOURCE])
    second = add_events(folder, [{**NEW_EVENT, "title": "Another"}], [NEW_SOURCE])
    assert second.ok and second.new_source_ids == ()
    events = load_dataset(folder).events.set_index("event_id")
    assert events.loc[second.event_ids[0], "source_ids"] == first.new_source_ids[0]


def test_edit_changes_only_given_columns(folder) -> None:
    result = update_event(folder, "fx-2", {"title": "Fixture advisory (edited)"}, who="ana")
    assert result.ok, result.errors
    row = load_dataset(folder).events.set_index("event_id").loc["fx-2"]
    assert row["title"] == "Fixture advisory (edited)" and row["goldstein"] == -4
    assert not update_event(folder, "fx-2", {"event_id": "fx-99"}).ok
    assert not update_event(folder, "nope", {"title": "x"}).ok


def test_retired_rows_stay_in_the_file_and_leave_the_charts(folder) -> None:
    assert not retire_event(folder, "fx-5", "  ").ok
    result = retire_event(folder, "fx-5", "duplicate of another row", who="ana")
    assert result.ok, result.errors
    data = load_dataset(folder)
    assert "fx-5" not in set(data.events["event_id"])
    assert list(data.retired_events["event_id"]) == ["fx-5"]
    assert "fx-5,2012-09-11" in (folder / "events.csv").read_text(encoding="utf-8")
    assert read_log(folder)[-1]["action"] == "retire"


def test_retiring_an_answered_event_keeps_links_valid(folder) -> None:
    assert retire_event(folder, "fx-3", "wrong date").ok
    assert load_dataset(folder).errors.empty


def test_undo_restores_the_files_byte_for_byte(folder) -> None:
    assert add_events(folder, [NEW_EVENT], [NEW_SOURCE]).ok
    after_add = checksums(folder)
    assert retire_event(folder, "fx-1", "test").ok
    assert undo_last(folder, who="ana").ok
    assert {k: v for k, v in checksums(folder).items() if k != "changes.jsonl"} == {
        k: v for k, v in after_add.items() if k != "changes.jsonl"}
    undo = undo_last(folder)
    assert undo.ok and undo.entry["undoes"] == read_log(folder)[0]["id"]
    assert "ev-20260120-fixture-follow-up-statement" not in set(load_dataset(folder).events["event_id"])
    assert not undo_last(folder).ok


def test_undo_of_an_edit_brings_the_old_row_back(folder) -> None:
    before = load_dataset(folder).events.set_index("event_id")
    assert update_event(folder, "fx-2", {"title": "Edited title"}, who="ana").ok
    assert load_dataset(folder).events.set_index("event_id").loc["fx-2", "title"] == "Edited title"
    undo = undo_last(folder, who="ana")
    assert undo.ok, undo.message
    after = load_dataset(folder).events.set_index("event_id")
    assert after.loc["fx-2"].to_dict() == before.loc["fx-2"].to_dict()
    assert sorted(after.index) == sorted(before.index)  # rows are written in date order
    assert [e["action"] for e in read_log(folder)] == ["edit", "undo"]


def test_undo_is_refused_when_the_row_changed_since(folder) -> None:
    added = add_events(folder, [NEW_EVENT], [NEW_SOURCE])
    before = checksums(folder)
    # A hand edit of the added row after the change.
    path = folder / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Synthetic follow-up.", "Hand edit."), encoding="utf-8")
    result = undo_last(folder)
    assert not result.ok and added.event_ids[0] in result.message
    assert checksums(folder)["sources.csv"] == before["sources.csv"]


def test_dry_run_checks_but_writes_nothing(folder) -> None:
    before = checksums(folder)
    assert add_events(folder, [NEW_EVENT], [NEW_SOURCE], dry_run=True).ok
    assert not add_events(folder, [{**NEW_EVENT, "category": "war"}], [NEW_SOURCE], dry_run=True).ok
    assert checksums(folder) == before
