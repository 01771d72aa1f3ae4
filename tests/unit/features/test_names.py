"""Place names: which language leads on the map, contested features always bilingual."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data.loader import load_dataset
from analysis.data.names import unknown_features
from analysis.features.names import all_names, label, name_source_ids, named

NAMES = pd.DataFrame([
    {"feature_id": "site-a", "layer": "sites", "name_en": "Ishigaki-jima", "name_ja": "石垣島", "name_ja_romaji": "",
     "name_zh": "石垣岛", "name_zh_tw": "", "contested": "no", "source_ids": "s1"},
    {"feature_id": "site-b", "layer": "sites", "name_en": "Uotsuri-jima", "name_ja": "魚釣島", "name_ja_romaji": "",
     "name_zh": "钓鱼岛", "name_zh_tw": "釣魚台", "contested": "yes", "source_ids": "s2;s3"},
    {"feature_id": "site-c", "layer": "sites", "name_en": "Camp Hansen", "name_ja": "キャンプ・ハンセン",
     "name_ja_romaji": "Kyanpu Hansen", "name_zh": None, "name_zh_tw": None, "contested": "no", "source_ids": "s1"},
])


@pytest.mark.parametrize(("first", "expected"), [("en", "Ishigaki-jima"), ("ja", "石垣島"), ("zh", "石垣岛")])
def test_the_chosen_language_leads(first: str, expected: str) -> None:
    assert label(NAMES.iloc[0], first) == expected


@pytest.mark.parametrize(("first", "expected"), [("en", "Uotsuri-jima (魚釣島 / 钓鱼岛)"), ("ja", "魚釣島 / 钓鱼岛"),
                                                 ("zh", "钓鱼岛 / 魚釣島")])
def test_contested_features_always_show_both_names(first: str, expected: str) -> None:
    assert label(NAMES.iloc[1], first) == expected


def test_missing_name_falls_back_to_english_and_bad_choice_is_named() -> None:
    assert label(NAMES.iloc[2], "zh") == "Camp Hansen"
    with pytest.raises(ValueError, match="got 'fr'"):
        label(NAMES.iloc[0], "fr")


def test_named_rewrites_labels_and_hover_without_touching_the_input() -> None:
    sites = pd.DataFrame({"site_id": ["site-b", "site-z"], "name": ["Uotsuri", "Other"], "name_local": ["x", "y"]})
    out = named(sites, "site_id", NAMES, "ja")
    assert out["name"].tolist() == ["魚釣島 / 钓鱼岛", "Other"]  # no names row: unchanged
    assert out.loc[0, "name_local"] == "Uotsuri-jima · 魚釣島 · 钓鱼岛 · 釣魚台"
    assert sites["name"].tolist() == ["Uotsuri", "Other"]
    assert all_names(NAMES.iloc[2]) == "Camp Hansen · キャンプ・ハンセン (Kyanpu Hansen)"


def test_unknown_feature_and_cited_sources() -> None:
    problems = unknown_features(NAMES, {"sites": pd.Series(["site-a", "site-b"])})
    assert [(p["row"], p["value"]) for p in problems] == [(2, "site-c")]
    assert name_source_ids(NAMES, ["site-b"]) == ["s2", "s3"]


def test_bundled_names_cover_every_site_and_label_point() -> None:
    data = load_dataset()
    names = data.names.set_index("feature_id")
    assert set(data.sites["site_id"]) <= set(names.index)
    assert {"miyako-strait", "senkaku-islands", "taiwan-strait"} <= set(names.index)
    contested = names[names["contested"] == "yes"]
    assert {"senkaku-islands", "site-uotsuri-jima", "site-taisho-jima"} <= set(contested.index)
    assert contested["name_ja"].notna().all() and contested["name_zh"].notna().all()


def _local_names(row: pd.Series) -> set[str]:
    """The local names names.csv gives a feature, each without its note ("那覇港湾施設 (通称 那覇軍港)")."""
    names = {str(row[c]).split(" (")[0].strip() for c in ("name_ja", "name_zh", "name_zh_tw")
             if isinstance(row[c], str) and row[c].strip()}
    if row["contested"] == "yes":
        names.add(f"{row['name_ja']} / {row['name_zh']}")
    return names


def test_sites_csv_names_agree_with_names_csv() -> None:
    """sites.csv keeps name/name_local (record tables, fallbacks); names.csv, which every map draws, owns them.

    A site's ``name`` is names.csv's English name; its ``name_local``, when given, is one of names.csv's
    local names: Japanese for Japan, the Taiwan form for Taiwan, simplified Chinese for the PRC, and both
    sides' names for a contested island.
    """
    data = load_dataset(check_geo=False)
    names = data.names[data.names["layer"] == "sites"].set_index("feature_id")
    wrong = []
    for site in data.sites.itertuples():
        row = names.loc[site.site_id]
        local = site.name_local if isinstance(site.name_local, str) else ""
        if site.name != row["name_en"] or (local and local not in _local_names(row)):
            wrong.append((site.site_id, site.name, local, row["name_en"], sorted(_local_names(row))))
    assert set(data.sites["site_id"]) <= set(names.index)
    assert not wrong, wrong
