"""``python -m analysis.cli add-event``: exit 0 + id, or exit 2 + one line and no file changed."""

from __future__ import annotations

import pytest

from analysis import cli
from analysis.data.loader import load_dataset
from tests.unit.curation.conftest import checksums

EVENT_ARGS = ["add-event", "--date", "2026-01-20", "--title", "CLI follow-up", "--summary", "Synthetic.",
              "--actors", "JPN;CHN", "--category", "statement", "--event-code", "111"]
ARGS = [*EVENT_ARGS, "--source-publisher", "Fixture Wire", "--source-title", "CLI report",
        "--source-date", "2026-01-20", "--source-tier", "major"]


def test_add_event_prints_the_new_id_and_the_data_validates(folder, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(folder))
    code = cli.main([*ARGS, "--lat", "24.46", "--lon", "122.99", "--responds-to", "fx-4", "--who", "cli-test"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.out.strip() == "ev-20260120-cli-follow-up"
    data = load_dataset(folder)
    assert data.errors.empty
    row = data.events.set_index("event_id").loc["ev-20260120-cli-follow-up"]
    assert (row["initiator"], row["region"], row["confidence"], row["lat"]) == ("JPN", "other", "medium", 24.46)
    assert row["source_ids"] == "src-fixture-wire-20260120-cli-report"
    assert row["responds_to"] == "fx-4"


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (["--category", "war"], "must be one of"),
        (["--date", "2026-13-01"], "not a date"),
        (["--goldstein", "-11", "--goldstein-override-reason", "test"], "must be >= -10"),
        (["--goldstein", "-3"], "goldstein"),
        (["--event-code", "9999"], "event_code"),
        (["--lat", "24.4"], "give both lat and lon"),
        (["--responds-to", "no-such-event"], "event_id not found"),
        (["--source-url", "not a url"], "must match"),
        (["--actors", "japan"], "actor code 'japan': not in the country table"),
        (["--bogus", "1"], "unrecognized arguments"),
    ],
)
def test_invalid_input_exits_2_with_one_line_and_changes_nothing(folder, monkeypatch, capsys, extra, reason) -> None:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(folder))
    before = checksums(folder)
    code = cli.main([*ARGS, *extra])
    out = capsys.readouterr()
    assert code == 2
    assert out.out == ""
    assert len(out.err.strip().splitlines()) == 1 and reason in out.err, out.err
    assert checksums(folder) == before


def test_no_source_at_all_is_refused(folder, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(folder))
    before = checksums(folder)
    assert cli.main(EVENT_ARGS) == 2
    assert "source" in capsys.readouterr().err
    assert checksums(folder) == before


def test_existing_source_can_be_cited(folder, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(folder))
    assert cli.main([*EVENT_ARGS, "--source-ids", "src-fix-a"]) == 0
    event_id = capsys.readouterr().out.strip()
    assert load_dataset(folder).events.set_index("event_id").loc[event_id, "source_ids"] == "src-fix-a"


def test_a_new_source_without_a_tier_is_refused_naming_the_tiers(folder, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(folder))
    before = checksums(folder)
    code = cli.main([a for a in ARGS if a not in ("--source-tier", "major")])
    out = capsys.readouterr()
    assert code == 2 and out.out == ""
    assert len(out.err.strip().splitlines()) == 1 and "a new source needs its tier" in out.err, out.err
    assert "wire: a news agency" in out.err
    assert checksums(folder) == before
    assert cli.main([*ARGS[:-1], "best"]) == 2 and "column tier: must be one of" in capsys.readouterr().err


def test_the_tier_option_explains_the_tiers_in_plain_words(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["add-event", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "one of official, wire, major, other, mirror" in text
    assert "required for a new source, no default" in text and "mirror: a copy or repost" in text
