"""The Budgets page under AppTest: every measure, both Japan scopes, the country filter, real and fixture data."""

from __future__ import annotations

import base64
import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURE_DATA, REPO, copy_fixture_data

PAGE = str(REPO / "pages" / "3_Budgets.py")


def run(**widgets) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    for key, value in widgets.items():
        widget = at.multiselect(key=key) if key == "countries" else at.radio(key=key)
        widget.set_value(value)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def unpack(value: object) -> object:
    """Plotly 7 sends numeric arrays as ``{"dtype", "bdata"}`` (base64): turn them back into lists."""
    if isinstance(value, dict) and {"dtype", "bdata"} <= set(value):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    if isinstance(value, dict):
        return {k: unpack(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unpack(v) for v in value]
    return value


def charts(at: AppTest) -> dict[str, go.Figure]:
    """Figures of the page by title."""
    out = {}
    for element in at.get("plotly_chart"):
        fig = go.Figure(unpack(json.loads(element.proto.spec)))
        out[fig.layout.title.text] = fig
    return out


def comparison(at: AppTest) -> go.Figure:
    return next(v for k, v in charts(at).items() if k.startswith("Defence budgets compared"))


def japan(at: AppTest) -> go.Figure:
    return next(v for k, v in charts(at).items() if k.startswith("Japan: initial"))


def bars(fig: go.Figure) -> dict[int, float]:
    return {int(x): float(y) for x, y in zip(fig.data[0].x, fig.data[0].y, strict=True)}


def points(fig: go.Figure) -> dict[str, dict[int, float]]:
    """Non-empty values per legend group: {country: {year: value}}."""
    out: dict[str, dict[int, float]] = {}
    for trace in fig.data:
        for x, y in zip(trace.x, trace.y, strict=True):
            if y is not None and not math.isnan(y):
                out.setdefault(trace.legendgroup, {})[int(x)] = float(y)
    return out


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


@pytest.fixture
def fixture_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NANSEI_DATA_DIR", str(FIXTURE_DATA))


def test_default_page_real_data_has_every_chart_caption_and_sources() -> None:
    at = run()
    titles = list(charts(at))
    assert len(titles) == 6
    assert any(t.startswith("Japan: initial") for t in titles) and any("China" in t for t in titles)
    text = captions(at)
    assert "Default scope: **including**" in text
    assert text.count("Sources: ") == 6 and "Sources: none" not in text
    assert "43 trillion yen" in text and "The plan counts this basis" in text
    assert at.radio(key="budget-measure").value == "usd"
    assert len(at.dataframe) >= 2  # alternatives + rows used


@pytest.mark.parametrize(
    ("measure", "unit"),
    [("local", "bn JPY"), ("usd", "bn USD"), ("index", "Index (first year = 100)"), ("gdp_share", "% of GDP")],
)
def test_each_measure_real_data(measure: str, unit: str) -> None:
    at = run(**{"budget-measure": measure})
    spec = comparison(at)
    axis_titles = [axis.title.text or "" for axis in spec.select_yaxes()]
    assert any(unit in t for t in axis_titles), axis_titles
    values = points(spec)
    assert {"JPN", "CHN"} <= set(values)
    if measure == "usd":
        assert values["JPN"][2023] == pytest.approx(6821.9 / 140.5001)
        assert values["JPN"][2024] == pytest.approx(7949.6 / 151.4551)
        assert 2026 not in values["JPN"]  # no FX rate for 2026: a gap, not a guess
        assert "no FX rate for JPY 2026" in captions(at)
    if measure == "index":
        assert values["JPN"][2012] == 100 and values["CHN"][2026] == pytest.approx(1909.0 / 670.27 * 100)
    if measure == "gdp_share":
        assert values["JPN"][2024] == pytest.approx(7949.6 / 615900 * 100)
        assert 2026 not in values["JPN"]  # no FY2026 GDP: a gap, not a guess
    if measure == "local":
        assert values["KOR"][2026] == 65864.2  # the enacted figure, not the proposal


def test_japan_scope_switch_changes_bars_and_comparison() -> None:
    at = run(**{"budget-scope": "initial_excl_saco_realignment", "budget-measure": "local"})
    fig = japan(at)
    assert bars(fig)[2026] == 8809.3 and "excl." in fig.data[0].name
    assert points(comparison(at))["JPN"][2026] == 8809.3


def test_country_filter_narrows_comparison_and_alternatives() -> None:
    at = run(countries=["JPN"], **{"budget-measure": "index"})
    assert set(points(comparison(at))) == {"JPN"}
    assert "Countries: Japan." in captions(at)
    # China's own chart stays: the filter only applies to the comparison.
    assert any(k.startswith("China") for k in charts(at))
    picked = at.selectbox(key="budget-alternative")
    assert all(option.startswith("Japan") for option in picked.options)


def test_country_without_budget_rows_is_named() -> None:
    at = run(countries=["RUS"])
    assert "No budget rows for: Russia" in captions(at)


@pytest.mark.parametrize("measure", ["local", "usd", "index", "gdp_share"])
def test_each_measure_fixture_data(fixture_env: None, measure: str) -> None:
    at = run(**{"budget-measure": measure})
    values = points(comparison(at))
    expected = {
        "local": {"JPN": {2024: 100, 2025: 110}, "CHN": {2024: 50, 2025: 55}},
        "usd": {"JPN": {2024: 100 / 150, 2025: 1.1}, "CHN": {2024: 50 / 7, 2025: 11.0}},
        "index": {"JPN": {2024: 100, 2025: 110}, "CHN": {2024: 100, 2025: 110}},
        "gdp_share": {"JPN": {2024: 2.0, 2025: 2.0}},  # the fixture has GDP for Japan only
    }[measure]
    assert set(values) == set(expected)
    for country, years in expected.items():
        assert values[country] == {y: pytest.approx(v) for y, v in years.items()}
    if measure == "gdp_share":
        assert "no GDP for CHN 2024–2025" in captions(at)


def test_fixture_scope_switch_and_missing_scope_years(fixture_env: None) -> None:
    at = run(**{"budget-scope": "initial_excl_saco_realignment"})
    assert bars(japan(at)) == {2025: 105}
    assert "FY2023, FY2024, FY2026, FY2027" in captions(at)  # plan years missing from the fixture


def test_empty_budget_tables_render_without_error(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    copy_fixture_data(tmp_path)
    for name in ("budgets.csv", "fx.csv", "gdp.csv", "stats.csv"):
        text = (FIXTURE_DATA / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.splitlines()[0] + "\n", encoding="utf-8")  # header only
    monkeypatch.setenv("NANSEI_DATA_DIR", str(tmp_path))
    at = run(**{"budget-measure": "index"})
    assert any("No values for this measure" in a.text for a in comparison(at).layout.annotations)
    assert "Every country-year shown has a single figure." in [i.value for i in at.info]


def test_charts_are_reused_with_the_same_json_and_ids() -> None:
    # ui.cached_chart: a rerun (or a filter the chart ignores) reuses the built chart; the figure sent on a
    # cache hit is the one sent on the miss, so the browser keeps the same chart element.
    at = run()
    first = [(c.proto.id, c.proto.spec) for c in at.get("plotly_chart")]
    at.multiselect(key="countries").set_value(["CHN"]).run()  # only the comparison depends on it
    at.multiselect(key="countries").set_value([]).run()
    again = [(c.proto.id, c.proto.spec) for c in at.get("plotly_chart")]
    assert len(first) == 6 and again == first


def test_source_names_in_chart_captions_are_shown_as_text(tmp_path, monkeypatch) -> None:
    # A publisher from sources.csv is file text: a Markdown image in it must not be rendered (it would fetch).
    folder = copy_fixture_data(tmp_path / "data")
    sources = (folder / "sources.csv").read_text(encoding="utf-8")
    (folder / "sources.csv").write_text(sources.replace("Fixture Ministry", "![x](http://example.invalid/a.png)"),
                                        encoding="utf-8")
    monkeypatch.setenv("NANSEI_DATA_DIR", str(folder))
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(c.value for c in at.caption if "Sources: " in c.value)
    assert "![x](" not in shown and "\\!\\[x\\]" in shown, shown
