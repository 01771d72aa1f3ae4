"""One event vocabulary (issue 25 #2): the CAMEO code -> category table drives importers, ingestion and curators."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis.data import vocabulary as vocab
from analysis.data.cameo import published_scores
from analysis.data.schemas import CATEGORIES
from analysis.ingest.categories import RULES, code_sentence
from analysis.settings import DEFAULT_DATA_DIR
from tests.unit.imports.conftest import gdelt_bytes, gdelt_row
from tests.unit.imports.test_readers import read

EXCEPTIONS = DEFAULT_DATA_DIR / "reference" / "cameo_category_exceptions.csv"


def test_agreement_with_the_curated_events_and_every_disagreement_has_a_reason(capsys) -> None:
    events = pd.read_csv(DEFAULT_DATA_DIR / "events.csv", dtype=str, keep_default_na=False)
    agreeing, total, wrong = vocab.agreement(events)
    with EXCEPTIONS.open(encoding="utf-8", newline="") as handle:
        listed = {(row["event_code"], row["category"]): row["reason"] for row in csv.DictReader(handle)}
    assert all(reason.strip() for reason in listed.values())
    unexplained = wrong[[(c, k) not in listed for c, k in zip(wrong["event_code"], wrong["category"], strict=True)]]
    assert unexplained.empty, f"list these in {EXCEPTIONS.name} or fix the table:\n{unexplained.to_string()}"
    assert agreeing / total >= 0.6, (agreeing, total)  # 216 of 336 on 2026-12-07 (the old importer map: 127)
    with capsys.disabled():
        print(f"\nvocabulary agreement with curated events: {agreeing} of {total} ({agreeing / total:.1%})")


def test_table_is_complete_and_checked() -> None:
    table = vocab.category_table()
    assert {(root, "") for root in vocab.ROOTS} <= set(table)
    assert set(table.values()) <= set(CATEGORIES)
    assert vocab.category_for("114") == "diplomatic" and vocab.category_for("1142") == "diplomatic"
    assert vocab.category_for("0334") == "alliance" and vocab.category_for("0331") == "diplomatic"
    assert vocab.category_for("175") == "military_incident" and vocab.category_for("171") == "maritime_grey_zone"
    assert vocab.category_for("073") == "diplomatic"  # 'provide aid' is no alliance
    assert vocab.category_for("150", "grey-zone") == "maritime_grey_zone" and vocab.category_for("150") == (
        "military_exercise")
    assert vocab.category_for("") is None and vocab.category_for("21") is None and vocab.category_for("x1") is None


def test_a_bad_table_is_refused_with_the_value(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "cameo_categories.csv"
    bad.write_text("code,qualifier,category,reasoning,source\n01,,chitchat,words,CAMEO\n", encoding="utf-8")
    monkeypatch.setattr(vocab, "CATEGORY_FILE", bad)
    vocab.category_table.cache_clear()
    try:
        with pytest.raises(ValueError, match="'chitchat'"):
            vocab.category_table()
    finally:
        vocab.category_table.cache_clear()


def test_ingestion_rules_take_their_category_from_the_table() -> None:
    for rule in RULES:
        assert rule.category == vocab.category_for(rule.event_code, rule.qualifier), rule.name
    scores = published_scores()
    assert code_sentence("Japan and the US signed a defence pact.", ["JPN", "USA"], scores).category == "alliance"
    assert code_sentence("Japan and China signed a trade agreement.", ["JPN", "CHN"], scores).category == (
        "diplomatic")
    protest = code_sentence("Tokyo lodged a protest with Beijing.", ["JPN", "CHN"], scores)
    assert (protest.category, protest.event_code) == ("diplomatic", "114") == (vocab.category_for("114"), "114")


def test_gdelt_rows_take_the_category_of_their_most_specific_code(tmp_path) -> None:
    rows = [gdelt_row(1, EventCode="114", EventBaseCode="114", EventRootCode="11"),
            gdelt_row(2, EventCode="0334", EventBaseCode="033", EventRootCode="03"),
            gdelt_row(3, EventCode="073", EventBaseCode="073", EventRootCode="07"),
            gdelt_row(4, EventCode="2110", EventBaseCode="211", EventRootCode="21")]
    report = read(gdelt_bytes(rows), tmp_path, scope="all")
    got = dict(zip(report.preview["event_code"], report.preview["category"], strict=True))
    assert got == {"114": "diplomatic", "0334": "alliance", "073": "diplomatic"}
    assert report.errors.iloc[0][["column", "value"]].tolist() == ["EventCode", "2110"]


def test_every_acled_type_has_a_code_a_category_and_a_goldstein_score() -> None:
    table = vocab.acled_code_table()
    scores = published_scores()
    for (kind, sub), code in table.items():
        assert vocab.category_for(code) in CATEGORIES and code in scores, (kind, sub, code)
    kinds = pd.Series(["Riots/Protests", "Remote violence", "Battle-No change of territory", "Strategic developments",
                       "Strategic developments", "Tea party"])
    subs = pd.Series(["", "", "", "Agreement", "Other", ""])
    assert vocab.acled_codes(kinds, subs).tolist() == ["140", "195", "190", "030", "010", None]
