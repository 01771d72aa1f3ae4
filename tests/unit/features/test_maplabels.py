"""Map labels fit (issue 27 #20): inside the view and clear of each other at every tier's plot width."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data.geo import geo_folder, load_geo
from analysis.data.loader import load_dataset
from analysis.features.geo import VIEWS
from analysis.features.mapfig import located_events, map_figure
from analysis.features.maplabels import (
    GAP,
    TIER_HEIGHTS,
    TIER_WIDTHS,
    Plot,
    fit_labels,
    text_box,
    tier_css,
    tier_font,
)
from analysis.features.names import named_places


@pytest.fixture(scope="module")
def drawn():
    data = load_dataset()
    geo = load_geo(*geo_folder(data))
    sites, points = named_places(data.sites, geo.points, data.names, "en")
    return geo, sites, points, located_events(data.events)[0], data.sources


def label_rows(fig) -> pd.DataFrame:
    """Every label the figure draws: text, point, size, marker radius, position and tier (from its font)."""
    rows = []
    for trace in fig.data:
        family = (trace.textfont.family or "") if trace.mode and "text" in trace.mode else ""
        tier = next((k for k in range(len(TIER_WIDTHS)) if family == tier_font(k)), None)
        if tier is None:
            continue
        radius = trace.marker.size / 2 if "markers" in trace.mode else 0.0
        for text, x, y, position in zip(trace.text, trace.x, trace.y, trace.textposition, strict=True):
            rows.append((text, x, y, trace.textfont.size, radius, position, tier))
    return pd.DataFrame(rows, columns=["label", "lon", "lat", "size", "radius", "position", "tier"])


@pytest.mark.parametrize("key", list(VIEWS))
def test_labels_shown_at_each_width_lie_inside_the_view_and_never_overlap(drawn, key) -> None:
    geo, sites, points, events, sources = drawn
    view = VIEWS[key]
    fig = map_figure(geo.land, geo.lines, points, sites, events, view=key, sources=sources, legend="below")
    labels = label_rows(fig)
    assert not labels.empty and labels["tier"].eq(0).any()
    for tier, (width, height) in enumerate(zip(TIER_WIDTHS, TIER_HEIGHTS, strict=True)):
        for scale in (1.0, 1.37, 2.2):  # the tier's width and any wider plot: points move apart, text keeps its size
            plot = Plot(width * scale, height * scale, view.lon, view.lat)
            left, top, right, bottom = plot.frame()
            shown = labels[labels["tier"] <= tier]
            boxes = [text_box(r.label, r.size, r.position, *plot.xy(r.lon, r.lat), r.radius)
                     for r in shown.itertuples()]
            for text, b in zip(shown["label"], boxes, strict=True):
                assert left <= b[0] and b[2] <= right and top <= b[1] and b[3] <= bottom, (key, tier, text, b)
            for i, a in enumerate(boxes):
                for j in range(i + 1, len(boxes)):
                    b = boxes[j]
                    apart = a[2] + GAP <= b[0] + 1e-6 or b[2] + GAP <= a[0] + 1e-6 or a[3] + GAP <= b[1] + 1e-6 \
                        or b[3] + GAP <= a[1] + 1e-6
                    assert apart, (key, tier, scale, shown["label"].iloc[i], shown["label"].iloc[j])


def test_a_label_that_would_run_off_the_frame_moves_beside_its_point() -> None:
    # A long name near the left edge: centred above its point it would be cut off; it is set to the right.
    labels = pd.DataFrame([{"label": "Uotsuri-jima (魚釣島 / 钓鱼岛)", "lon": 123.467, "lat": 25.733, "size": 13,
                            "radius": 2.0, "positions": ("top center", "top right"), "fixed": False}])
    fitted = fit_labels(labels, (123.35, 123.8), (25.62, 25.98))
    assert fitted["position"].tolist() == ["top right"] and fitted["tier"].tolist() == [0]
    # Two names on one point: the second finds no free place at any width and is left out, not overprinted.
    twice = pd.concat([labels.assign(positions=[("top right",)])] * 2, ignore_index=True)
    assert len(fit_labels(twice, (123.35, 123.8), (25.62, 25.98))) == 1


def test_page_css_hides_each_wider_tier_below_its_width_and_exports_draw_only_what_fits(drawn) -> None:
    css = tier_css()
    assert "container-type: inline-size" in css
    for tier, width in enumerate(TIER_WIDTHS[1:], start=1):
        assert f"max-width: {width + 60 - 0.5}px" in css and f"map-label-tier-{tier}" in css
    assert "map-label-tier-0" not in css  # the phone tier always shows
    geo, sites, points, events, sources = drawn
    export = map_figure(geo.land, geo.lines, points, sites, events, view="southwest", sources=sources)
    assert label_rows(export)["tier"].max() < len(TIER_WIDTHS) - 1  # a 750 px slide plot: not the 860 px tier


def test_senkaku_view_keeps_its_largest_count_and_the_island_name_on_a_phone(drawn) -> None:
    # Issue 27 #21: points several events share carry a ×N; a place name tries first to leave room for it.
    geo, sites, points, events, sources = drawn
    fig = map_figure(geo.land, geo.lines, points, sites, events, view="senkakus", sources=sources, legend="below")
    phone = label_rows(fig).query("tier == 0")["label"].tolist()
    stacks = events[events["lon"].between(*VIEWS["senkakus"].lon) & events["lat"].between(*VIEWS["senkakus"].lat)]
    largest = stacks[["lon", "lat"]].round(4).value_counts().max()
    assert largest > 1 and f"×{largest}" in phone, phone
    assert any(text.startswith("Uotsuri-jima") for text in phone), phone
