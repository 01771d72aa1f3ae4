"""The "what happened" picker's data: plain acts, codes offered per category, published scores."""

from __future__ import annotations

import pandas as pd

from analysis.curation.acts import act_label, act_table, codes_for_category, plain_act, score_of
from analysis.curation.form import event_fields, layout
from analysis.data.loader import load_dataset
from tests.conftest import REPO

CODES = pd.DataFrame({"code": ["01", "010", "17", "171", "190"],
                      "label": ["MAKE PUBLIC STATEMENT", "Make statement, not specified below", "COERCE",
                                "Seize or damage property, not specified below", "Use conventional military force"]})
SCORES = pd.DataFrame({"code": ["01", "010", "17", "171", "190"], "goldstein": [0.0, 0.0, -7.0, -9.2, -10.0]})


def test_plain_act_drops_codebook_wording() -> None:
    assert plain_act("MAKE PUBLIC STATEMENT") == "Make public statement"
    assert plain_act("Seize or damage property, not specified below") == "Seize or damage property"


def test_act_label_shows_act_code_and_score() -> None:
    acts = act_table(CODES, SCORES)
    assert act_label("171", acts) == "Seize or damage property · CAMEO 171 · Goldstein −9.2"
    assert "not in the reference table" in act_label("999", acts)
    assert score_of("190", acts) == -10.0 and score_of("999", acts) is None


def test_codes_follow_the_roots_a_category_uses_most_used_first() -> None:
    acts = act_table(CODES, SCORES)
    events = pd.DataFrame({"category": ["maritime_grey_zone"] * 3 + ["statement"],
                           "event_code": ["171", "170", "010", "010"]})
    assert codes_for_category(acts, events, "maritime_grey_zone") == ["17", "171", "01", "010"]
    assert codes_for_category(acts, events, "budget_policy") == list(acts["code"])  # none yet: everything
    assert codes_for_category(acts, events, None) == list(acts["code"])


def test_real_reference_tables_give_every_code_a_score() -> None:
    data = load_dataset(REPO / "data")
    acts = act_table(data.tables["cameo_event_codes"], data.tables["cameo_goldstein"])
    assert len(acts) == len(data.tables["cameo_event_codes"]) and acts["goldstein"].notna().all()


def test_form_layout_groups_related_fields_in_reading_order() -> None:
    rows = [[f.name for f in row] for row in layout(event_fields())]
    assert rows[0] == ["title"] and rows[1] == ["summary"]
    assert ["location", "lat", "lon", "region"] in rows
    assert sorted(n for row in rows for n in row) == sorted(f.name for f in event_fields())
