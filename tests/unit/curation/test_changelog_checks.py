"""data/changes.jsonl read defensively: bad lines are problems (never a crash); undo trusts only what it can check."""

from __future__ import annotations

import json

import pytest

from analysis.curation import add_events, read_log, retire_event, undo_last
from analysis.curation.changelog import check_log, log_path, log_problems
from analysis.curation.csvfile import data_hash, event_rows
from analysis.data.loader import load_dataset
from tests.unit.curation.conftest import NEW_EVENT, NEW_SOURCE, checksums

BAD_LINES = ["[]", "42", "null", '"text"', "{not json", json.dumps({"id": "x", "action": "add", "rows": []}),
             json.dumps({"id": "x", "at": "2026-11-25T00:00:00Z", "action": "add"}),
             json.dumps({"id": "x", "at": "2026-11-25T00:00:00Z", "action": "add",
                         "rows": [{"file": "../../etc/passwd", "id": "a", "before": None, "after": {}}]}),
             json.dumps({"id": "x", "at": "t", "action": "undo", "rows": []})]


def append_lines(folder, *lines: str) -> None:
    with log_path(folder).open("a", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in lines))


def test_every_bad_line_is_a_problem_naming_its_line_and_valid_ones_are_kept(folder) -> None:
    assert add_events(folder, [NEW_EVENT], [NEW_SOURCE]).ok
    append_lines(folder, *BAD_LINES)
    entries, problems = check_log(folder)
    assert len(entries) == 1 and entries[0]["action"] == "add"
    assert [p["row"] for p in problems] == list(range(2, 2 + len(BAD_LINES)))
    rules = " | ".join(p["rule"] for p in problems)
    assert "must be a JSON object, got list" in rules and "not a JSON line" in rules
    assert "'at' must be non-empty text" in rules and "'rows' must be a list" in rules
    assert "row file must be one of" in rules and "an undo must name" in rules
    assert list(log_problems(folder).columns) == ["file", "row", "column", "value", "rule"]


def test_undo_skips_bad_lines_and_still_undoes_the_last_valid_change(folder) -> None:
    assert add_events(folder, [NEW_EVENT], [NEW_SOURCE]).ok
    append_lines(folder, *BAD_LINES)
    result = undo_last(folder)
    assert result.ok, result.message
    assert NEW_EVENT["title"] not in set(load_dataset(folder).events["title"])


def test_undo_refuses_when_the_files_changed_outside_the_log(folder) -> None:
    assert add_events(folder, [NEW_EVENT], [NEW_SOURCE]).ok
    events = folder / "events.csv"  # a hand edit outside the rows the change touched
    events.write_text(events.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    before = checksums(folder)
    result = undo_last(folder)
    assert not result.ok and "changed outside the change log" in result.message
    assert checksums(folder) == before


def test_a_forged_line_cannot_hard_delete_an_event_it_did_not_add(folder) -> None:
    assert retire_event(folder, "fx-1", "reason").ok  # a real change, so the log has a chain
    row = next(r for r in event_rows(folder) if r["event_id"] == "fx-1")
    now = data_hash(folder)
    for action in ("edit", "retire", "add"):
        forged = {"id": f"forged-{action}", "at": "2026-11-25T00:00:00Z", "who": "", "action": action,
                  "rows": [{"file": "events.csv", "id": "fx-1", "before": None, "after": row}],
                  "hash_before": "0" * 64, "hash_after": now}
        append_lines(folder, json.dumps(forged))
        result = undo_last(folder)
        assert not result.ok and "nothing is deleted" in result.message, result.message
        assert "fx-1" in {r["event_id"] for r in event_rows(folder)}
        lines = log_path(folder).read_text(encoding="utf-8").splitlines()
        log_path(folder).write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")


@pytest.mark.parametrize("line", BAD_LINES)
def test_read_log_never_raises(folder, line: str) -> None:
    append_lines(folder, line)
    assert read_log(folder) == []
