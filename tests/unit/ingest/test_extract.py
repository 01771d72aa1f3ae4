"""Candidate extraction: sentences, dates carried between sentences, actors, places, coding."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from analysis.ingest.extract import CANDIDATE_COLUMNS, MAX_SENTENCE_CHARS, extract, sentence_hash, split_sentences
from analysis.ingest.record import to_text

from .conftest import REPORTS


def test_split_keeps_abbreviations_and_dates_together() -> None:
    text = "U.S. officials said on Oct. 7, 2022 that ships left. China protested!\nNew paragraph here"
    assert split_sentences(text) == ["U.S. officials said on Oct. 7, 2022 that ships left.", "China protested!",
                                     "New paragraph here"]


def test_sentence_hash_ignores_whitespace() -> None:
    assert sentence_hash("Japan  protested.\n") == sentence_hash("Japan protested.")
    assert len(sentence_hash("x")) == 16


def test_candidate_columns_and_rules(bundled_gazetteer) -> None:
    text = ("Four China Coast Guard ships entered Japan's territorial waters off the Senkaku Islands on Tuesday. "
            "Tokyo lodged a protest the same day. The weather was fine. Officials were tired.")
    out = extract(text, dt.date(2026, 2, 12), bundled_gazetteer)  # a Thursday
    assert list(out.columns) == CANDIDATE_COLUMNS
    assert len(out) == 2  # the last two sentences name no actor
    first, second = out.to_dict("records")
    assert (first["date"], first["date_rule"], first["actors"]) == ("2026-02-10", "weekday", "CHN;JPN")
    assert (first["category"], first["event_code"], first["goldstein"]) == ("maritime_grey_zone", "150", -7.2)
    assert (first["location"], first["region"]) == ("Senkaku Islands", "senkaku")
    assert (first["lat"], first["lon"]) == (25.745, 123.485)  # points.geojson, not a guess
    # "Tokyo lodged a protest" names one side: the other comes from the sentence before (window rule).
    assert (second["date"], second["date_rule"], second["actors"]) == ("2026-02-10", "same-day", "JPN;CHN")
    assert second["actor_rule"] == "named; window-previous"
    assert (second["category"], second["goldstein"], second["initiator"]) == ("diplomatic", -2.0, "JPN")
    assert second["evidence"] == "Tokyo lodged a protest the same day."


def test_place_without_verified_position_keeps_region_only(bundled_gazetteer) -> None:
    sentence = "Chinese drills were held in the East China Sea on Monday."
    out = extract(sentence, dt.date(2022, 8, 5), bundled_gazetteer)
    row = out.iloc[0]
    assert (row["actors"], row["location"], row["region"]) == ("CHN", "East China Sea", "east_china_sea")
    assert row["lat"] != row["lat"]  # NaN: no coordinates were invented


def test_headings_are_skipped_and_missing_goldstein_stays_empty(bundled_gazetteer) -> None:
    out = extract("Japan protests\nJapan summoned the envoy.", dt.date(2026, 1, 8), bundled_gazetteer)
    assert out["evidence"].tolist() == ["Japan summoned the envoy."]
    out = extract("Japan met China.", dt.date(2026, 1, 8), bundled_gazetteer)  # code 040 not in the table
    assert out["goldstein"].isna().all() and out["goldstein_rule"].iloc[0].startswith("no Goldstein")


def _expected(folder):
    with (folder / "expected.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("row", _expected(REPORTS / "tuning"), ids=lambda r: r["event_id"])
def test_tuning_reports_find_their_events(bundled_gazetteer, row) -> None:
    path = REPORTS / "tuning" / row["report"]
    out = extract(to_text(path.read_bytes(), path.name), dt.date.fromisoformat(row["published"]), bundled_gazetteer)
    want = dt.date.fromisoformat(row["date"])
    hits = [c for c in out.to_dict("records")
            if abs((dt.date.fromisoformat(c["date"]) - want).days) <= 1
            and set(row["actors"].split(";")) <= set(c["actors"].split(";"))]
    assert hits, f"{row['event_id']} not found in {out[['date', 'actors', 'evidence']].to_dict('records')}"


# 1.5 s of CPU on a quiet machine; the limit leaves room for a loaded 2-core CI (and make test-clock's
# faketime) while the quadratic matching it guards against took over 300 s on a 36 KB run-on sentence.
@pytest.mark.timeout(90)
@pytest.mark.slow
def test_extraction_of_a_large_text_with_thousands_of_dates_is_fast(bundled_gazetteer) -> None:
    # Issue 24 item 2: 1.5 MB with thousands of dates, as one run-on paragraph and as sentences.
    run_on = "on Friday, Oct. 7, 2022, U.S. and 2025-11-14 near No. 3 " * 5_000
    sentences = ("China protested on Oct. 7, 2022, and again on 2025-11-14 near the islands, officials in "
                 "Tokyo and Beijing said after the meeting of the two sides. ") * 9_000
    split = split_sentences(run_on)
    assert len(run_on) + len(sentences) > 1_500_000 and max(map(len, split)) <= MAX_SENTENCE_CHARS
    table = extract(run_on + "\n" + sentences, dt.date(2026, 1, 8), bundled_gazetteer)
    assert len(table) == 9_000 and set(table["date"]) == {"2025-11-14"}  # iso is the most specific rule
