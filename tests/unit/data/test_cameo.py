"""CAMEO codes and Goldstein scores: derived from the table, overrides need a reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from analysis.data.cameo import (
    dataset_overrides,
    goldstein_problems,
    inconsistent_codes,
    overrides,
    table_consistency,
    with_goldstein,
)
from analysis.data.loader import load_dataset
from tests.conftest import copy_fixture_data
from tests.unit.data.test_loader import edit_events

SCORES = {"150": -7.2, "062": 7.4, "010": 0.0}
LABELS = {"150": "Demonstrate military or police power", "062": "Cooperate militarily", "010": "Make statement"}
TODAY = dt.date(2026, 11, 25)


def events(*rows: tuple[str, str, float | None, str | None]) -> pd.DataFrame:
    return pd.DataFrame({
        "event_id": [r[0] for r in rows],
        "date": pd.to_datetime(["2025-01-01"] * len(rows)),
        "title": [f"Event {r[0]}" for r in rows],
        "event_code": pd.Series([r[1] for r in rows], dtype="string"),
        "goldstein": pd.Series([r[2] for r in rows], dtype="float64"),
        "goldstein_override_reason": pd.Series([r[3] for r in rows], dtype="string"),
    })


def test_table_scores_pass_and_empty_scores_are_derived() -> None:
    frame = events(("a", "150", -7.2, None), ("b", "062", None, None))
    assert goldstein_problems(frame, SCORES, LABELS) == []
    assert with_goldstein(frame, SCORES)["goldstein"].tolist() == [-7.2, 7.4]
    assert frame["goldstein"].isna().sum() == 1  # the input is not mutated


def test_unknown_code_and_unexplained_score_are_named() -> None:
    frame = events(("a", "999", None, None), ("b", "062", -7.2, None))
    problems = {p["row"]: p for p in goldstein_problems(frame, SCORES, LABELS)}
    assert problems[0]["column"] == "event_code" and problems[0]["value"] == "999"
    assert problems[1]["column"] == "goldstein" and problems[1]["value"] == -7.2
    assert "+7.4" in problems[1]["rule"] and "goldstein_override_reason" in problems[1]["rule"]


def test_override_needs_a_reason_and_a_reason_needs_an_override() -> None:
    frame = events(("a", "062", 6.0, "Scored like the pre-2026 drills for comparison"), ("b", "150", -7.2, "why"),
                   ("c", "010", None, "  "))
    problems = goldstein_problems(frame, SCORES, LABELS)
    assert [(p["row"], p["column"]) for p in problems] == [(1, "goldstein_override_reason")]
    listed = overrides(frame, SCORES, LABELS)
    assert listed[["event_id", "table_goldstein", "goldstein"]].values.tolist() == [["a", 7.4, 6.0]]
    assert listed["code_label"].tolist() == ["Cooperate militarily"]


def test_same_code_with_different_scores_is_inconsistent_without_a_reason() -> None:
    consistent = events(("a", "062", 7.4, None), ("b", "062", 6.0, "recorded reason"))
    assert inconsistent_codes(consistent).empty
    mixed = events(("a", "062", 7.4, None), ("b", "062", 6.0, None), ("c", "150", -7.2, None))
    found = inconsistent_codes(mixed)
    assert set(found["event_code"]) == {"062"} and sorted(found["goldstein"]) == [6.0, 7.4]


def test_reference_tables_must_match() -> None:
    codes = pd.DataFrame({"code": ["010", "062"], "label": ["x", "y"]})
    scores = pd.DataFrame({"code": ["010", "150"], "goldstein": [0.0, -7.2]})
    assert table_consistency(codes, scores) == ["062", "150"]


def test_loader_drops_an_unexplained_score_and_lists_overrides(tmp_path: Path) -> None:
    copy_fixture_data(tmp_path)
    edit_events(tmp_path, fx_3={"goldstein": "-9"}, fx_1={"goldstein": ""})
    data = load_dataset(tmp_path, today=TODAY)
    problem = data.errors.set_index("column").loc["goldstein"]
    assert problem["value"] == -9.0 and problem["file"] == "events.csv"
    assert "fx-3" not in set(data.events["event_id"])
    assert data.events.set_index("event_id").loc["fx-1", "goldstein"] == 0.0  # derived from code 010
    listed = dataset_overrides(data.tables)
    assert listed["event_id"].tolist() == ["fx-4"] and listed["table_goldstein"].tolist() == [7.4]


def test_bundled_events_score_every_code_alike() -> None:
    data = load_dataset()
    assert inconsistent_codes(data.events).empty
    assert data.events["goldstein"].notna().all()
