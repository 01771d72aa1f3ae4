"""The Map page in AppTest: runs, switches preset, toggles layers, measures distances."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

PAGE = str(REPO / "pages" / "1_Map.py")


def spec(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def trace_names(at: AppTest) -> set[str]:
    return {t.get("name") for t in spec(at)["data"]}


@pytest.fixture
def at(monkeypatch) -> AppTest:
    monkeypatch.delenv("NANSEI_DATA_DIR", raising=False)
    app = AppTest.from_file(PAGE, default_timeout=90).run()
    assert not app.exception, app.exception
    return app


def test_page_runs_with_the_default_view_and_all_layers(at: AppTest) -> None:
    assert at.title[0].value == "Map of the Southwest region"
    layout = spec(at)["layout"]
    assert layout["xaxis"]["range"] == [121.5, 131.5] and layout["yaxis"]["scaleanchor"] == "x"
    assert {"Land (Natural Earth)", "Japan", "Taiwan Strait median line"} <= trace_names(at)
    assert all(cb.value for cb in at.checkbox)
    assert any("filtered events are on the map" in c.value for c in at.caption)


def test_preset_change_moves_the_view(at: AppTest) -> None:
    at.selectbox(key="map_view").set_value("senkakus").run()
    assert not at.exception
    assert spec(at)["layout"]["xaxis"]["range"] == [123.35, 123.8]
    assert "Uotsuri-jima (魚釣島 / 钓鱼岛)" in island_labels(at)  # contested: both names, English first


def island_labels(at: AppTest) -> list[str]:
    # One trace per label tier (analysis.features.maplabels): the page hides the wide tiers on a narrow chart.
    return [text for t in spec(at)["data"] if t.get("name") == "Island and city labels" for text in t["text"]]


@pytest.mark.parametrize(("first", "expected"), [("ja", "魚釣島 / 钓鱼岛"), ("zh", "钓鱼岛 / 魚釣島")])
def test_names_setting_leads_with_the_chosen_language(at: AppTest, first: str, expected: str) -> None:
    assert "Ishigaki" in island_labels(at)  # default: English first
    at.selectbox(key="names_first").set_value(first).run()
    assert not at.exception
    assert ("石垣島" if first == "ja" else "石垣岛") in island_labels(at)
    at.selectbox(key="map_view").set_value("senkakus").run()
    assert expected in island_labels(at)  # contested features always carry both names


def test_layer_toggle_removes_its_traces(at: AppTest) -> None:
    assert "Maritime grey zone" in trace_names(at)
    at.checkbox(key="map_layer_events").uncheck().run()
    assert "Maritime grey zone" not in trace_names(at)
    at.checkbox(key="map_layer_land").uncheck().run()
    assert "Land (Natural Earth)" not in trace_names(at) and "Japan" in trace_names(at)


def test_distance_tool_and_range_ring(at: AppTest) -> None:
    at.selectbox(key="map_from").set_value("site-naha-city")
    at.selectbox(key="map_to").set_value("site-taipei").run()
    text = " ".join(m.value for m in at.markdown)
    assert "Naha – Taipei:" in text and " km / " in text and " nm" in text
    km = int(text.split("Naha – Taipei: ")[1].split(" km")[0].replace(",", ""))
    assert 600 < km < 660
    assert "Distance" in trace_names(at)
    at.selectbox(key="map_ring_at").set_value("site-yonaguni-jima")
    at.number_input(key="map_ring_km").set_value(110).run()
    assert "110 km ring" in trace_names(at)


def test_a_rerun_reuses_the_map_and_a_new_input_builds_it_once(at: AppTest, monkeypatch) -> None:
    from analysis.features import mapfig

    built: list[str] = []
    real = mapfig.map_figure

    def counting(*args, **kwargs):
        built.append(kwargs["view"])
        return real(*args, **kwargs)

    monkeypatch.setattr(mapfig, "map_figure", counting)  # the page imports it anew on every run
    before = spec(at)
    at.run()
    assert built == [] and spec(at) == before  # nothing changed: the same figure, from the cache
    at.selectbox(key="map_ring_at").set_value("site-yonaguni-jima")
    at.number_input(key="map_ring_km").set_value(1234).run()  # a radius no other test draws
    assert len(built) == 1 and "1,234 km ring" in trace_names(at)
    at.run()
    assert len(built) == 1


def test_fixture_data_without_geo_folder_falls_back_to_bundled_land(monkeypatch, fixture_data_dir) -> None:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(fixture_data_dir))
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    assert not at.exception, at.exception
    assert "Land (Natural Earth)" in trace_names(at)
    # Bundled layers are checked against the bundled sources they cite: drawn, no problems reported.
    assert not any("problem(s) in the map layers" in w.value for w in at.warning)
    assert "Taiwan Strait median line" in trace_names(at)


def test_imported_events_join_the_map_and_switch_it_to_a_density_grid(monkeypatch, tmp_path) -> None:
    import pandas as pd

    from analysis.imports.countries import bits_for
    from analysis.imports.pipeline import store_frame
    from analysis.imports.readers import STORE_COLUMNS
    from bench.map_render import synthetic

    events = synthetic(6_000).assign(date=pd.Timestamp("2026-06-01"), origin="acled",
                                     source_ids="import-maptest")
    events["external_id"] = events["event_id"]
    events["actor_bits"] = [bits_for(str(a).split(";")) for a in events["actors"]]
    store_frame(events.reindex(columns=STORE_COLUMNS), tmp_path)
    monkeypatch.setenv("NANSEI_STORE_DIR", str(tmp_path))
    monkeypatch.delenv("NANSEI_DATA_DIR", raising=False)
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    assert not any(t.get("type") == "heatmap" for t in spec(at)["data"])
    at.toggle(key="imported").set_value(True).run()
    assert not at.exception, at.exception
    assert [t for t in spec(at)["data"] if t.get("type") == "heatmap"]
    assert any("Density grid" in a["text"] for a in spec(at)["layout"]["annotations"])
    assert any("6,0" in c.value and "filtered events are on the map" in c.value for c in at.caption)


def test_place_list_is_sorted_and_reproduces_the_yonaguni_taiwan_distance(at: AppTest) -> None:
    options = at.selectbox(key="map_from").options
    assert options == sorted(options, key=str.casefold)
    at.selectbox(key="map_view").set_value("sakishima")
    at.selectbox(key="map_from").set_value("site-yonaguni-coast-nearest-taiwan")
    at.selectbox(key="map_to").set_value("site-taiwan-coast-nearest-yonaguni").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    km = int(text.split("Yonaguni coast nearest Taiwan – Taiwan coast nearest Yonaguni (near Su'ao): ")[1]
             .split(" km")[0])
    assert 105 <= km <= 112  # the often-quoted ~110 km
    assert "Distance" in trace_names(at)


@pytest.mark.parametrize("first", ["en", "ja"])
def test_the_deck_map_labels_the_senkakus_as_this_page(at: AppTest, first: str) -> None:
    from analysis.catalog import build_chart
    from analysis.data.filters import EventFilter
    from analysis.data.loader import load_dataset

    at.selectbox(key="names_first").set_value(first)
    at.selectbox(key="map_view").set_value("senkakus").run()
    assert not at.exception
    deck = build_chart("map-senkakus", load_dataset(), EventFilter(names=first)).figure
    assert island_labels(at) == [text for t in deck.data if t.name == "Island and city labels" for text in t.text]
    assert any("魚釣島" in label and "钓鱼岛" in label for label in island_labels(at))
