"""The category palette stays distinct, also for colour-blind viewers (issue 15, finding 19)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.charts.colourcheck import CVD_MATRICES, closest_pairs, delta_e2000, hex_to_linear, simulate
from analysis.charts.style import CATEGORY_COLORS
from analysis.data.schemas import CATEGORIES

# ΔE00 ≈ 2 is barely noticeable; 12 keeps legend swatches and stacked bars apart at a glance.
MIN_DELTA_E = 12.0


@pytest.mark.parametrize("vision", list(CVD_MATRICES))
def test_every_pair_of_categories_is_distinct(vision: str) -> None:
    closest = closest_pairs(CATEGORY_COLORS, vision, 1)[0]
    assert closest[0] >= MIN_DELTA_E, f"{vision}: {closest[1]} and {closest[2]} are {closest[0]:.1f} ΔE00 apart"


def test_every_category_has_its_own_colour() -> None:
    assert set(CATEGORY_COLORS) == set(CATEGORIES)
    assert len(set(CATEGORY_COLORS.values())) == len(CATEGORIES)


def test_ciede2000_matches_published_test_pairs() -> None:
    # Sharma, Wu & Dalal (2005), pairs 1 and 3.
    assert delta_e2000(np.array([50, 2.6772, -79.7751]), np.array([50, 0, -82.7485])) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e2000(np.array([50, 2.8361, -74.02]), np.array([50, 0, -82.7485])) == pytest.approx(3.4412, abs=1e-4)


def test_simulation_keeps_greys_and_merges_red_green_for_deuteranopes() -> None:
    grey = simulate(["#808080"], "deuteranopia")[0]
    assert abs(grey[1]) < 1 and abs(grey[2]) < 1
    red, green = simulate(["#CC3333", "#669933"], "deuteranopia")
    normal_red, normal_green = simulate(["#CC3333", "#669933"], "normal")
    assert delta_e2000(red, green) < delta_e2000(normal_red, normal_green) / 2
    with pytest.raises(ValueError, match="'#12'"):
        hex_to_linear("#12")
