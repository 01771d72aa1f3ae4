"""Editor gate, contract-derived form fields and promoted imports (no Streamlit)."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.curation.access import editing_enabled, may_edit, secret_problem, token_for, unlock
from analysis.curation.form import event_fields, source_fields, to_cells, to_widgets
from analysis.curation.promote import prefill_from_imported
from analysis.data.schemas import EVENTS, SOURCES


def test_no_secret_means_nobody_edits() -> None:
    for secret in (None, "", "   "):
        assert not editing_enabled(secret)
        assert unlock("anything", secret) is None
        assert not may_edit(token_for("x"), secret)


STRONG = "s3cret-long-enough-x"


def test_only_a_token_from_the_server_secret_edits() -> None:
    token = unlock(STRONG, STRONG)
    assert token and STRONG not in token and may_edit(token, STRONG)
    assert unlock("guess", STRONG) is None
    assert not may_edit(STRONG, STRONG)  # the secret itself is not a token
    assert not may_edit(token, "rotated-secret-also-long")  # a new secret locks old sessions out
    assert not may_edit(True, STRONG) and not may_edit(None, STRONG)


@pytest.mark.parametrize("weak", ["a", "s3cret", "aaaaaaaaaaaaaaaaaaaa", "abababababababababab"])
def test_a_weak_secret_keeps_editing_off(weak: str) -> None:
    assert not editing_enabled(weak) and unlock(weak, weak) is None
    assert "editor secret is too" in (secret_problem(weak) or "")


def test_tokens_are_per_session_and_expire() -> None:
    first, second = token_for(STRONG), token_for(STRONG)
    assert first != second and may_edit(first, STRONG) and may_edit(second, STRONG)
    assert not may_edit(token_for(STRONG, hours=-0.01), STRONG)  # expired
    expires, nonce, mac = first.split(".")
    assert not may_edit(f"{int(expires) + 3600}.{nonce}.{mac}", STRONG)  # a stretched expiry breaks the MAC


def test_form_fields_follow_the_contract() -> None:
    names = [f.name for f in event_fields()]
    assert names == [c.name for c in EVENTS.columns if c.name not in ("event_id", "source_ids", "status",
                                                                        "status_reason")]
    widgets = {f.name: f.widget for f in event_fields()}
    assert widgets["date"] == "date" and widgets["actors"] == "countries" and widgets["initiator"] == "country"
    assert widgets["category"] == "choice" and widgets["lat"] == "number" and widgets["summary"] == "long_text"
    assert widgets["responds_to"] == "event_links"
    assert [f.name for f in source_fields()] == [c.name for c in SOURCES.columns if c.name != "source_id"]
    assert {f.name for f in event_fields() if f.required} == {c.name for c in EVENTS.columns if c.required} - {
        "event_id", "source_ids"}


def test_cells_and_widget_values_round_trip() -> None:
    form = event_fields()
    cells = {"date": "2026-01-20", "actors": "CHN;JPN", "lat": "25.74", "category": "statement", "event_code": "010"}
    widgets = to_widgets(cells, form)
    assert widgets["date"] == dt.date(2026, 1, 20) and widgets["actors"] == ["CHN", "JPN"]
    back = to_cells(widgets, form)
    assert {k: back[k] for k in cells} == cells
    assert back["title"] == "" and to_widgets({"date": "not a date"}, form)["date"] is None


def test_promoted_gdelt_row_carries_facts_not_text() -> None:
    row = {"event_id": "gdelt-9", "date": "2026-03-02", "category": "statement", "actors": "CHN;JPN",
           "location": "Beijing", "lat": 39.9, "lon": 116.4, "goldstein": -2.0, "title": "Imported title",
           "summary": "Imported text", "origin": "gdelt", "external_id": "9", "source_text": "https://a.example/x",
           "target": None, "fatalities": float("nan")}
    event, source, note = prefill_from_imported(row)
    assert event == {"date": "2026-03-02", "category": "statement", "actors": "CHN;JPN", "location": "Beijing",
                     "lat": "39.9", "lon": "116.4"}
    assert source == {"url": "https://a.example/x", "publisher": "a.example", "kind": "news"}
    assert "GDELT" in note and "9" in note


def test_promoted_acled_row_names_its_source() -> None:
    _, source, _ = prefill_from_imported({"origin": "acled", "source_text": "Kyodo", "external_id": "JPN1"})
    assert source == {"publisher": "Kyodo", "kind": "news"}


@pytest.mark.parametrize("place", ["China", "japan", None])
def test_promoted_country_level_row_leaves_the_centroid_out(place) -> None:
    row = {"event_id": "gdelt-7", "date": "2026-03-02", "actors": "CHN;JPN", "location": place, "lat": 35.0,
           "lon": 105.0, "origin": "gdelt", "external_id": "7"}
    event, _, note = prefill_from_imported(row)
    assert "lat" not in event and "lon" not in event
    assert "Position left empty" in note and "centroid" in note


def test_the_new_source_tier_is_required_with_no_default_and_a_plain_help() -> None:
    from analysis.curation.form import new_source_problem
    from analysis.data.schemas import SOURCE_TIERS

    tier = next(f for f in source_fields() if f.name == "tier")
    assert tier.required and tier.label == "Tier *" and tier.options == SOURCE_TIERS
    assert "official: a government" in tier.help and "mirror: a copy or repost" in tier.help
    assert to_widgets({}, source_fields())["tier"] is None  # the analyst chooses
    assert "a new source needs its tier" in (new_source_problem({"tier": ""}) or "")
    assert new_source_problem({"tier": "wire"}) is None
