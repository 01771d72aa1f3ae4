"""A map's side legend splits into two columns when one would be cut (a briefing slide's short picture)."""

from __future__ import annotations

import pytest

from analysis.data.geo import load_geo
from analysis.data.loader import load_dataset
from analysis.features.mapfig import map_figure
from analysis.features.maplegend import SECOND_COLUMN, fit_side_legend, legend_rows_px


@pytest.fixture(scope="module")
def side_legend_map():
    data = load_dataset()
    geo = load_geo(sources=data.sources)
    return map_figure(geo.land, geo.lines, geo.points, data.sites, data.events, sources=data.sources,
                      legend="right", title="Map: Southwest Islands")


def test_a_short_export_gets_a_second_column_for_the_installations(side_legend_map) -> None:
    before = side_legend_map.to_json()
    fitted = fit_side_legend(side_legend_map, 1036, 403)  # the briefing deck's picture box, measured
    assert fitted is not side_legend_map and side_legend_map.to_json() == before  # a copy
    moved = {t.legendgroup for t in fitted.data if t.legend == "legend2"}
    assert moved and moved <= set(SECOND_COLUMN)
    assert {"Japan", "radar"} <= {t.name for t in fitted.data if t.legend == "legend2"}
    assert all(t.legend in (None, "legend") for t in fitted.data if t.legendgroup in ("events", "lines"))
    # The second column starts right of the first, and both fit in the right margin.
    assert 1 < fitted.layout.legend.x < fitted.layout.legend2.x
    assert fitted.layout.margin.r > 400


def test_a_tall_export_keeps_one_column(side_legend_map) -> None:
    assert fit_side_legend(side_legend_map, 1600, 900) is side_legend_map


def test_rows_count_titles_entries_and_gaps() -> None:
    assert legend_rows_px([["Lines", "a", "b"], ["Site kind", "port"]], 6) == 5 * 21 + 6
    assert legend_rows_px([], 6) == 0


def test_a_height_that_is_not_positive_is_refused(side_legend_map) -> None:
    with pytest.raises(ValueError, match=r"got \(1036, 0\)"):
        fit_side_legend(side_legend_map, 1036, 0)
