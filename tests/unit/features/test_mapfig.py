"""The map figure: layers, views, islands as land, aggregation, tools, named charts."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from analysis.data.filters import EventFilter
from analysis.data.geo import load_geo
from analysis.data.geodesy import distance_km
from analysis.data.ids import split_ids
from analysis.data.loader import load_dataset
from analysis.data.schemas import SOUTHWEST_BOX
from analysis.features.geo import VIEWS, Place
from analysis.features.mapfig import legend_name, map_figure, map_notes, named_charts, selected_record

# Islands that must show as land at their preset: site id -> presets.
ISLANDS = {
    "site-yonaguni-jima": ("southwest", "sakishima", "taiwan-strait"),
    "site-ishigaki-jima": ("southwest", "sakishima"),
    "site-miyako-jima": ("southwest", "sakishima"),
    "site-okinawa-island": ("southwest", "okinawa"),
    "site-uotsuri-jima": ("southwest", "senkakus"),
}


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def geo(data):
    return load_geo(sources=data.sources)


def build(data, geo, events=None, **kwargs):
    events = data.events if events is None else events
    return map_figure(geo.land, geo.lines, geo.points, data.sites, events, sources=data.sources, **kwargs)


def names(fig) -> set[str]:
    return {t.name for t in fig.data}


def synthetic_events(n: int, seed: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "event_id": [f"syn-{i}" for i in range(n)],
        "date": pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D"),
        "title": "synthetic", "category": rng.choice(["military_exercise", "maritime_grey_zone"], n),
        "lat": rng.uniform(23.5, 31.0, n), "lon": rng.uniform(121.5, 131.0, n),
        "goldstein": rng.uniform(-10, 10, n), "source_ids": "src-fix-a",
    })


def test_every_layer_draws_its_traces_and_can_be_switched_off(data, geo) -> None:
    full = names(build(data, geo))
    assert {"Land (Natural Earth)", "Island and city labels", "Japan", "United States",
            "Maritime grey zone", "Taiwan Strait median line", "Strait labels"} <= full
    only_land = names(build(data, geo, layers=("land",)))
    assert "Land (Natural Earth)" in only_land and "Japan" not in only_land and "Maritime grey zone" not in only_land
    no_land = names(build(data, geo, layers=("sites", "events", "lines")))
    assert "Land (Natural Earth)" not in no_land and "Japan" in no_land
    with pytest.raises(ValueError, match="got \\['tiles'\\]"):
        build(data, geo, layers=("land", "tiles"))


def test_figure_uses_no_tiles_or_geo_basemap(data, geo) -> None:
    spec = json.loads(build(data, geo).to_json())
    assert {t["type"] for t in spec["data"]} == {"scatter"}
    assert "geo" not in spec["layout"] and "map" not in spec["layout"] and "mapbox" not in spec["layout"]
    assert spec["layout"]["yaxis"]["scaleanchor"] == "x"


@pytest.mark.parametrize("key", list(VIEWS))
def test_view_sets_axis_ranges_and_aspect(data, geo, key) -> None:
    view = VIEWS[key]
    fig = build(data, geo, view=key)
    assert tuple(fig.layout.xaxis.range) == view.lon and tuple(fig.layout.yaxis.range) == view.lat
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / np.cos(np.radians(view.center_lat)))
    labels = next(t for t in fig.data if t.name == "Island and city labels")
    assert all(view.contains(x, y) for x, y in zip(labels.x, labels.y, strict=True))


def test_event_markers_lie_inside_the_mapped_area(data, geo) -> None:
    fig = build(data, geo, layers=("events",))
    lon_min, lat_min, lon_max, lat_max = SOUTHWEST_BOX
    xs = [x for t in fig.data if t.legendgroup == "events" for x in t.x]
    ys = [y for t in fig.data if t.legendgroup == "events" for y in t.y]
    assert xs and all(lon_min <= x <= lon_max for x in xs) and all(lat_min <= y <= lat_max for y in ys)
    assert "beyond the region, not mapped" in " ".join(map_notes(fig))


def test_notes_speak_of_this_view_and_shared_points_are_counted() -> None:
    from analysis.features.geo import get_view
    from analysis.features.mapfig import view_note
    from analysis.features.maplabels import stacked_points

    senkakus = get_view("senkakus")
    shown = pd.DataFrame({"lon": [123.47, 123.47, 123.47, 127.68], "lat": [25.74, 25.74, 25.74, 26.21]})
    note = view_note(shown, 22, senkakus)
    assert note.startswith("3 located events in this view; 1 more elsewhere in the Southwest region")
    assert "22 beyond the region" in note and "outside the mapped area" not in note
    assert stacked_points(shown).to_dict("records") == [{"lon": 123.47, "lat": 25.74, "n": 3}]


@pytest.mark.parametrize("site_id", list(ISLANDS))
def test_island_is_land_at_its_presets(data, geo, site_id) -> None:
    site = data.sites.set_index("site_id").loc[site_id]
    # Outlines lie within 1.5 km of the published points (test_geo); 8 km here only finds the polygon.
    centre = Point(site.lon, site.lat)
    near = geo.land[[g.distance(centre) < 8 / 111 for g in geo.land.geometry]]  # degrees, rough is enough
    assert not near.empty, f"no land polygon near {site_id}"
    fig = build(data, geo, layers=("land",))
    land = next(t for t in fig.data if t.name == "Land (Natural Earth)")
    # Rings are float32 with NaN between them (compact figure JSON): compare at the data's 1e-4° grid.
    drawn = {(round(float(x), 4), round(float(y), 4)) for x, y in zip(land.x, land.y, strict=True) if x == x}
    x, y = near.iloc[0].geometry.exterior.coords.xy
    assert (round(x[0], 4), round(y[0], 4)) in drawn
    for key in ISLANDS[site_id]:
        view = VIEWS[key]
        assert near.geometry.intersects(box(view.lon[0], view.lat[0], view.lon[1], view.lat[1])).any(), key


def test_large_event_sets_switch_to_a_density_grid(data, geo) -> None:
    many = synthetic_events(6_000)
    fig = build(data, geo, events=many, marker_limit=5_000)
    heat = [t for t in fig.data if t.type == "heatmap"]
    assert len(heat) == 1 and np.nansum(np.asarray(heat[0].z, dtype=float)) == len(many)
    assert not [t for t in fig.data if t.legendgroup == "events"]
    assert "6,000 events: density" in " ".join(map_notes(fig))
    assert any("Density grid: 6,000 events" in a.text for a in fig.layout.annotations)  # on the map itself
    few = build(data, geo, events=many.head(200), marker_limit=5_000)
    assert not [t for t in few.data if t.type == "heatmap"]
    assert sum(len(t.x) for t in few.data if t.legendgroup == "events") == 200


def test_distance_line_and_range_ring_are_drawn(data, geo) -> None:
    yonaguni, taipei = Place("Yonaguni", 122.989, 24.456), Place("Taipei", 121.517, 25.067)
    km = distance_km(yonaguni.lon, yonaguni.lat, taipei.lon, taipei.lat)
    fig = build(data, geo, view="sakishima", distance=(yonaguni, taipei), rings=[(yonaguni, 150.0)])
    line = next(t for t in fig.data if t.name == "Distance")
    assert (line.x[0], line.y[0]) == pytest.approx((yonaguni.lon, yonaguni.lat))
    assert (line.x[-1], line.y[-1]) == pytest.approx((taipei.lon, taipei.lat))
    assert any(f"{km:,.0f} km / {km / 1.852:,.0f} nm" in a.text for a in fig.layout.annotations)
    assert f"Yonaguni – Taipei: {km:,.0f} km" in " ".join(map_notes(fig))
    ring = next(t for t in fig.data if t.name == "150 km ring")
    assert distance_km(yonaguni.lon, yonaguni.lat, ring.x[10], ring.y[10]) == pytest.approx(150, rel=1e-6)


def test_hover_names_publisher_and_local_names(data, geo) -> None:
    fig = build(data, geo, view="senkakus")
    events = [t for t in fig.data if t.legendgroup == "events"]
    assert any("source: " in h and "20" in h for t in events for h in t.hovertext)
    labels = next(t for t in fig.data if t.name == "Island and city labels")
    uotsuri = labels.hovertext[list(labels.text).index("Uotsuri-jima")]
    assert "魚釣島 / 钓鱼岛" in uotsuri and "contested" in uotsuri
    sites = next(t for t in fig.data if t.name == "United States")
    assert any("嘉手納飛行場" in h for h in sites.hovertext)


def test_selected_point_gives_full_record_and_sources(data, geo) -> None:
    event_id = data.events["event_id"].iloc[0]
    kind, record, cited = selected_record({"customdata": ["event", event_id]}, data.events, data.sites,
                                          geo.points, data.sources)
    assert kind == "event" and record["event_id"] == event_id
    assert set(cited["source_id"]) == set(split_ids(record["source_ids"]))
    _, site, _ = selected_record({"customdata": ["site", "site-kadena-ab"]}, data.events, data.sites, geo.points,
                                 data.sources)
    assert site["name"] == "Kadena Air Base"
    assert selected_record({"customdata": ["", ""]}, data.events, data.sites, geo.points, data.sources) is None
    assert selected_record({"z": 3}, data.events, data.sites, geo.points, data.sources) is None


def test_named_charts_cover_every_preset_with_resolving_sources(data) -> None:
    charts = named_charts()
    assert set(charts) == {f"map-{k}" for k in VIEWS}
    assert {"map-southwest", "map-sakishima", "map-senkakus", "map-taiwan-strait", "map-okinawa",
            "map-east-china-sea"} == set(charts)
    result = charts["map-senkakus"].build(data, EventFilter())
    known = set(data.sources["source_id"])
    assert result.source_ids and set(result.source_ids) <= known
    assert "src-mofa-20261125-senkaku-info" in result.source_ids  # Uotsuri-jima's site row
    assert result.figure.layout.title.text == "Map: Senkakus"


def test_legend_names_are_short_but_keep_the_year() -> None:
    assert legend_name("Taiwan Strait median line (Davis line)") == "Taiwan Strait median line"
    assert legend_name("Taiwan Strait middle line, 2004 MND three-point version") == "Taiwan Strait middle line (2004)"
    assert legend_name("PRC East China Sea ADIZ (announced 2013-11-23)") == "PRC East China Sea ADIZ"


def test_slide_legend_goes_right_and_bad_placement_is_refused(data, geo) -> None:
    assert build(data, geo).layout.legend.orientation == "v"
    assert build(data, geo, legend="below").layout.legend.orientation == "h"
    with pytest.raises(ValueError, match="got 'left'"):
        build(data, geo, legend="left")


def test_briefing_map_and_map_page_use_the_same_layers(fixture_data_dir) -> None:
    """One rule picks the layers: a data folder without geo/ gets the bundled layers and bundled sources."""
    from analysis.data.geo import geo_folder
    from analysis.settings import DEFAULT_DATA_DIR

    fixture = load_dataset(fixture_data_dir)
    geo_dir, sources = geo_folder(fixture)
    assert geo_dir == DEFAULT_DATA_DIR / "geo"
    layers = load_geo(geo_dir, sources)
    assert layers.errors.empty, layers.errors.to_dict("records")
    assert len(layers.lines) > 0 and len(layers.points) > 0
    chart = named_charts()["map-southwest"].build(fixture, EventFilter())
    drawn = {trace.name for trace in chart.figure.data}
    page = map_figure(layers.land, layers.lines, layers.points, fixture.sites, fixture.events,
                      view=VIEWS["southwest"], sources=fixture.sources)
    assert drawn == {trace.name for trace in page.data}
    assert any("median" in str(name).lower() for name in drawn), drawn


def test_map_fills_its_plot_area_and_the_legend_lists_only_what_the_view_shows(data, geo) -> None:
    fig = build(data, geo, view="sakishima", legend="below")
    assert fig.layout.xaxis.constrain == "range" and fig.layout.yaxis.constrain == "range"
    legend = {t.name for t in fig.data if t.showlegend is not False and t.name}
    assert "PRC East China Sea ADIZ" in legend
    assert "Taiwan Strait median line" not in legend  # drawn, but outside this view
    assert "United States" not in legend  # no US installation in Sakishima
    sakishima = VIEWS["sakishima"]
    for trace in fig.data:
        if trace.legendgroup == "events" and trace.showlegend is not False:
            assert any(sakishima.contains(x, y) for x, y in zip(trace.x, trace.y, strict=True)), trace.name
    # Page legend below: the notes move to the page caption, not the legend title.
    assert not fig.layout.legend.title.text
    assert any("Natural Earth" in n for n in map_notes(fig))


def test_labels_are_drawn_above_every_marker(data, geo) -> None:
    fig = build(data, geo, view="sakishima")
    order = [t.name for t in fig.data]
    last_marker = max(i for i, t in enumerate(fig.data) if t.legendgroup in ("events", "sites"))
    assert order.index("Island and city labels") > last_marker
    assert fig.data[order.index("Island and city labels")].textfont.shadow


def test_measured_line_stays_in_view(data, geo) -> None:
    sites = data.sites.set_index("site_id")
    yonaguni, naha = (Place(n, sites.loc[i].lon, sites.loc[i].lat)
                      for n, i in (("Yonaguni", "site-yonaguni-jima"), ("Naha", "site-naha-city")))
    fig = build(data, geo, view="sakishima", distance=(yonaguni, naha))
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    line = next(t for t in fig.data if t.name == "Distance")
    assert all(x0 <= x <= x1 for x in line.x) and all(y0 <= y <= y1 for y in line.y)


def test_clicked_records_read_as_names_labels_and_titles(data, geo) -> None:
    from analysis.features.readable import readable_sources, record_table

    _, site, cited = selected_record({"customdata": ["site", "site-kadena-ab"]}, data.events, data.sites,
                                     geo.points, data.sources)
    table = dict(record_table("site", site, data.events, data.sources).to_numpy())
    assert table["Operator"] == "United States" and table["Kind"] == "Air base" and "18th Wing" in table["Notes"]
    assert "src-" not in " ".join(table.values()) and "Wikipedia" in table["Sources"]
    assert "source_id" not in readable_sources(cited).columns
    event_id = data.events.sort_values("date")["event_id"].iloc[-1]
    _, event, _ = selected_record({"customdata": ["event", event_id]}, data.events, data.sites, geo.points,
                                  data.sources)
    text = " ".join(record_table("event", event, data.events, data.sources)["value"])
    assert "src-" not in text and "00:00:00" not in text and "ev-" not in text


def labels_of(fig, trace: str = "Island and city labels") -> list[str]:
    return [text for t in fig.data if t.name == trace for text in t.text]  # one trace per label tier


@pytest.mark.parametrize(("first", "uotsuri"), [("en", "Uotsuri-jima (魚釣島 / 钓鱼岛)"), ("ja", "魚釣島 / 钓鱼岛"),
                                                 ("zh", "钓鱼岛 / 魚釣島")])
def test_the_named_map_chart_labels_the_senkakus_as_the_page_does(data, first: str, uotsuri: str) -> None:
    from analysis.catalog import build_chart
    from analysis.data.geo import geo_folder
    from analysis.features.names import named_places

    deck = build_chart("map-senkakus", data, EventFilter(names=first))  # the deck's and the CLI's map
    geo = load_geo(*geo_folder(data))
    sites, points = named_places(data.sites, geo.points, data.names, first)  # what pages/1_Map.py draws
    page = map_figure(geo.land, geo.lines, points, sites, data.events, view="senkakus", sources=data.sources)
    assert uotsuri in labels_of(deck.figure)  # contested: both sides' names, whichever comes first
    assert labels_of(deck.figure) == labels_of(page)
    assert "src-wikizero-20261202-uotsuri-ja" in deck.source_ids  # names.csv's sources are cited
