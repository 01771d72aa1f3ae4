"""Issue 28 rules: dates like a reader, who is acted upon, speaker, mood flags, duplicates, JA/ZH text."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from analysis.ingest import categories, roles
from analysis.ingest.dates import best_date
from analysis.ingest.extract import extract, split_sentences
from analysis.ingest.gazetteer import administration, place_rows

THU = dt.date(2026, 1, 22)  # a Thursday


@pytest.mark.parametrize(("text", "date", "precision", "rule"), [
    ("令和8年1月16日に発表した。", "2026-01-16", "day", "era-date"),
    ("平成24年9月11日、政府は購入した。", "2012-09-11", "day", "era-date"),
    ("令和元年に始まった。", "2019-01-01", "year", "era-year"),
    ("令和8年度の防衛予算", "2026-04-01", "year", "fiscal-year"),
    ("2027年度予算", "2027-04-01", "year", "fiscal-year"),
    ("the fiscal 2026 defense budget", "2026-04-01", "year", "fiscal-year"),
    ("2026年1月16日、演習を実施した。", "2026-01-16", "day", "cjk-ymd"),
    ("中国海警一月八日在钓鱼岛领海内巡航。", "2026-01-08", "day", "cjk-md"),
    ("1月16日,东部战区宣布。", "2026-01-16", "day", "cjk-md"),
    ("防衛省は12月26日に発表した。", "2025-12-26", "day", "cjk-md"),  # later than publication: year before
    ("防衛省は21日、発表した。", "2026-01-21", "day", "cjk-day"),
    ("上周五,美舰过航台湾海峡。", "2026-01-16", "day", "cjk-last-weekday"),
    ("先週金曜日に通過した。", "2026-01-16", "day", "cjk-last-weekday"),
    ("周二,解放军举行演习。", "2026-01-20", "day", "cjk-weekday"),
    ("Officials met last week.", "2026-01-12", "day", "last-week"),  # the Monday of the week before
    ("Ships were seen earlier this month.", "2026-01-01", "month", "this-month"),
    ("昨天,外交部表示。", "2026-01-21", "day", "yesterday"),
])
def test_reader_dates(text, date, precision, rule) -> None:
    found = best_date(text, THU)
    assert (found.date.isoformat(), found.precision, found.rule) == (date, precision, rule)


def test_weekday_across_a_dateline(bundled_gazetteer) -> None:
    # Issue 28: a Tokyo dateline in a report stamped Thursday in US time: "on Friday" is the next day.
    text = "TOKYO — Japan's Cabinet on Friday approved a record defense budget, the government said."
    us = extract(text, THU, bundled_gazetteer, published_tz="America/New_York").iloc[0]
    assert (us["date"], us["date_rule"]) == ("2026-01-23", "weekday-dateline")
    tokyo = extract(text, THU, bundled_gazetteer, published_tz="Asia/Tokyo").iloc[0]
    assert (tokyo["date"], tokyo["date_rule"]) == ("2026-01-16", "weekday")  # same zone: the Friday before
    assert "TOKYO" not in tokyo["actor_terms"]  # the dateline is not an actor


def test_dateline_date_is_not_the_event_date(bundled_gazetteer) -> None:
    text = "Beijing, Nov. 15 (Jiji Press)--China has urged its citizens not to visit Japan."
    row = extract(text, dt.date(2025, 11, 15), bundled_gazetteer).iloc[0]
    assert (row["date_rule"], row["actors"], row["category"]) == ("published", "CHN;JPN", "economic_measure")


def test_act_at_a_place_targets_its_administering_country(bundled_gazetteer) -> None:
    # Issue 28: a China Coast Guard patrol "in the waters of the Senkaku Islands" was CHN only.
    text = "China Coast Guard ships patrolled in the waters of the Senkaku Islands on Monday."
    row = extract(text, THU, bundled_gazetteer).iloc[0]
    assert (row["actors"], row["target"], row["actor_rule"]) == ("CHN;JPN", "JPN", "named; place")
    assert administration()["region:senkaku"] == ("JPN", "CHN;TWN")  # claimants kept, sourced


def test_a_named_target_wins_over_the_place(bundled_gazetteer) -> None:
    text = "US and Japanese ships held drills near the Senkaku Islands on Monday."
    assert extract(text, THU, bundled_gazetteer).iloc[0]["actors"] == "USA;JPN"


def test_actors_from_the_next_sentence(bundled_gazetteer) -> None:
    text = ("The US 7th Fleet said the destroyer conducted a transit through the Bashi Channel on Wednesday. "
            "A spokesperson for China's Eastern Theater Command said its forces monitored the transit.")
    first, second = extract(text, THU, bundled_gazetteer).to_dict("records")
    assert (first["actors"], first["actor_rule"]) == ("USA;CHN", "named; window-next")
    assert (second["actors"], second["actor_rule"]) == ("CHN;USA", "named; window-previous")


def test_topic_and_locative_countries(bundled_gazetteer) -> None:
    topic = extract("China summoned Japan's ambassador on Thursday over remarks on Taiwan.", THU, bundled_gazetteer)
    assert topic.iloc[0]["actors"] == "CHN;JPN"
    near = extract("Chinese warships held drills around Taiwan on Monday.", THU, bundled_gazetteer)
    assert (near.iloc[0]["actors"], near.iloc[0]["actor_rule"]) == ("CHN;TWN", "named; near")


def test_speaker_is_the_initiator(bundled_gazetteer) -> None:
    text = "Responding to China, Japan's foreign minister said on Monday the move was regrettable."
    row = extract(text, THU, bundled_gazetteer).iloc[0]
    assert (row["actors"], row["initiator"], row["actor_rule"]) == ("JPN;CHN", "JPN", "speaker")


def test_exercise_a_right_is_not_a_drill() -> None:
    sentence = "Japan could exercise its right to collective self-defense, Takaichi said."
    assert categories.code_sentence(sentence, ["JPN"], {}).category == "statement"
    assert categories.code_sentence("China urged Japan to exercise restraint.", ["CHN", "JPN"], {}) is None
    assert categories.code_sentence("The navies held a joint exercise.", ["JPN"], {}).rule == "exercise"


@pytest.mark.parametrize(("sentence", "flag"), [
    ("Chinese ships did not enter Japan's territorial waters on Monday.", "negation: 'did not'"),
    ("Japan would protest if Chinese ships entered its territorial waters.", "conditional: 'would'"),
    ("China plans to hold drills near Taiwan next week.", "plan: 'plans to'"),
    ("Will Japan protest the Chinese drills?", "question: '?'"),
    ("中国海警の船は領海に侵入しなかった。", "negation: 'しなかった'"),
])
def test_mood_is_flagged_not_hidden(bundled_gazetteer, sentence, flag) -> None:
    out = extract(sentence, THU, bundled_gazetteer)
    assert len(out) == 1 and flag in out.iloc[0]["flags"]


def test_plain_act_has_no_flag(bundled_gazetteer) -> None:
    out = extract("Chinese ships entered Japan's territorial waters on Monday.", THU, bundled_gazetteer)
    assert out.iloc[0]["flags"] == ""


def test_possible_duplicate_of_a_curated_event(bundled_gazetteer) -> None:
    gaz = dataclasses.replace(bundled_gazetteer, curated=(("ev-test-ccg", dt.date(2026, 1, 20),
                                                           frozenset({"CHN", "JPN"}), "15"),))
    text = "Chinese coast guard ships entered Japan's territorial waters on Monday."  # 2026-01-19, code 150
    assert extract(text, THU, gaz).iloc[0]["duplicate_of"] == "ev-test-ccg"
    other = "Chinese coast guard ships entered Japan's territorial waters on Jan. 10."  # 10 days off
    assert extract(other, THU, gaz).iloc[0]["duplicate_of"] == ""


def test_bundled_curated_events_are_indexed(bundled_gazetteer) -> None:
    assert len(bundled_gazetteer.curated) > 50
    assert all(len(root) == 2 for _, _, _, root in bundled_gazetteer.curated)


def test_japanese_and_chinese_sentences_split() -> None:
    assert split_sentences("中国海警の船が領海に侵入した。海上保安庁が警告した！本当か？") == [
        "中国海警の船が領海に侵入した。", "海上保安庁が警告した！", "本当か？"]
    assert split_sentences("东部战区表示:“演习圆满完成。”美方回应。") == ["东部战区表示:“演习圆满完成。”", "美方回应。"]
    assert roles.language("防衛省は発表した。") == "ja" and roles.language("外交部表示。") == "zh"


def test_japanese_report(bundled_gazetteer) -> None:
    text = "防衛省は21日、中国軍の情報収集機が日本の領空を侵犯したと発表した。日本政府は中国側に抗議した。"
    first, second = extract(text, THU, bundled_gazetteer).to_dict("records")
    assert (first["date"], first["date_rule"], first["actors"]) == ("2026-01-21", "cjk-day", "JPN;CHN")
    assert (first["category"], first["language"]) == ("military_incident", "ja")
    assert (second["actors"], second["category"]) == ("JPN;CHN", "diplomatic")


def test_chinese_report_with_english_place_names(bundled_gazetteer) -> None:
    text = "据中国海警局消息,1月8日,中国海警舰艇编队在钓鱼岛领海内巡航。"
    row = extract(text, THU, bundled_gazetteer).iloc[0]
    assert (row["date"], row["actors"], row["actor_rule"]) == ("2026-01-08", "CHN;JPN", "named; place")
    assert (row["category"], row["language"]) == ("maritime_grey_zone", "zh")
    assert "钓鱼岛 = " in row["names_en"] and row["evidence"] == text  # original sentence, English name beside


def test_names_csv_gives_japanese_and_chinese_place_terms() -> None:
    terms = {row["term"]: row for row in place_rows()}
    assert terms["尖閣諸島"]["place"] == "Senkaku Islands" and terms["与那国岛"]["region"] == "southwest_islands"
    assert "names.csv" in terms["宮古島"]["note"]
