"""Review queue: accept -> curated row citing the report (through the curation writer), reject remembered."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.curation import data_hash, read_log
from analysis.data.loader import load_dataset
from analysis.ingest import queue
from analysis.ingest.extract import extract
from analysis.ingest.record import ReportMeta, make_report
from tests.conftest import FIXTURE_DATA

TEXT = ("Four China Coast Guard ships entered Japan's territorial waters off the Senkaku Islands on Tuesday. "
        "Tokyo lodged a protest the same day.")
EDITS = {"title": "Four CCG ships in Senkaku waters (fixture)", "summary": "Fixture summary in our own words."}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@pytest.fixture
def report(folder: Path):
    meta = ReportMeta("Fixture Wire", "Coast guard ships enter Senkaku waters", dt.date(2026, 1, 22),
                      filename="r.txt")
    return make_report(TEXT, meta, queue.source_rows(folder), {})


@pytest.fixture
def candidates(report, bundled_gazetteer) -> pd.DataFrame:
    return extract(report.text, report.meta.published, bundled_gazetteer)


def _sums(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_accept_writes_a_row_citing_the_report(folder, report, candidates) -> None:
    first = candidates.iloc[0].to_dict()
    result = queue.accept(folder, report, first, EDITS, data_hash(folder), who="test")
    assert result.ok, (result.message, result.errors)
    data = load_dataset(folder)
    row = data.events.set_index("event_id").loc[result.event_ids[0]]
    assert row["source_ids"] == report.source_id
    assert (row["date"].date().isoformat(), row["actors"], row["category"]) == ("2026-01-20", "CHN;JPN",
                                                                                 "maritime_grey_zone")
    source = data.sources.set_index("source_id").loc[report.source_id]
    assert (source["publisher"], source["published"]) == ("Fixture Wire", "2026-01-22")
    assert read_log(folder)[-1]["who"] == "test"
    decided = queue.read_decisions(folder)
    assert decided[["sentence_hash", "decision", "event_id"]].values.tolist() == [
        [first["sentence_hash"], "accepted", result.event_ids[0]]]
    # The second accept reuses the source row instead of adding it again.
    edits = EDITS | {"title": "Tokyo protests (fx)", "event_code": "111"}  # 114 is not in the fixture table
    second = queue.accept(folder, report, candidates.iloc[1].to_dict(), edits, data_hash(folder))
    assert second.ok, second.message
    assert list(load_dataset(folder).sources["source_id"]).count(report.source_id) == 1


def test_decided_sentences_do_not_come_back(folder, report, candidates, bundled_gazetteer) -> None:
    queue.reject(folder, report, candidates.iloc[1].to_dict(), who="test", note="not an event")
    again = extract(report.text, report.meta.published, bundled_gazetteer)  # the same report ingested again
    left = queue.pending(again, report.sha256, queue.read_decisions(folder))
    assert left["sentence_hash"].tolist() == [candidates.iloc[0]["sentence_hash"]]
    refused = queue.accept(folder, report, candidates.iloc[1].to_dict(), EDITS, data_hash(folder))
    assert not refused.ok and "already rejected" in refused.message


def test_refusals_write_nothing(folder, report, candidates) -> None:
    before = _sums(folder)
    first = candidates.iloc[0].to_dict()
    no_words = queue.accept(folder, report, first, {}, data_hash(folder))
    assert not no_words.ok and "own words" in no_words.message
    stale = queue.accept(folder, report, first, EDITS, "0" * 64)
    assert not stale.ok and stale.conflict
    bad = queue.accept(folder, report, first, EDITS | {"date": "2031-01-01"}, data_hash(folder))
    assert not bad.ok and not bad.errors.empty
    with pytest.raises(ValueError, match="event_id"):
        queue.event_row(first, {"event_id": "x"}, report.source_id)
    assert _sums(folder) == before and queue.read_decisions(folder).empty


def test_unknown_decision_is_refused(folder) -> None:
    with pytest.raises(ValueError, match="got 'maybe'"):
        queue.record_decision(folder, "a" * 64, "b" * 16, "maybe")


def test_a_source_row_the_contract_rejects_is_refused_with_its_message(folder, report, candidates) -> None:
    import dataclasses

    from analysis.data.schemas import SOURCES
    from analysis.data.tables import row_problems
    from analysis.ingest.record import source_cells

    bad = dataclasses.replace(report, source_id="no spaces allowed")
    (problem,) = row_problems(source_cells(bad.meta, bad.source_id), SOURCES, "sources.csv")
    before = _sums(folder)
    refused = queue.accept(folder, bad, candidates.iloc[0].to_dict(), EDITS, data_hash(folder))
    assert not refused.ok and refused.message == (
        f"sources.csv: source_id {problem['rule']}, got 'no spaces allowed'; nothing was saved")
    assert _sums(folder) == before and queue.read_decisions(folder).empty
