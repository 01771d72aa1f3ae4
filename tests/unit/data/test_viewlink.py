"""A shared link read forgivingly (codes or names, every bad value named) and written back canonically."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.data.viewlink import View, category_id, link_params, parse_link

FIRST, LAST = dt.date(2010, 1, 1), dt.date(2026, 11, 25)


def test_countries_accept_iso3_codes_and_names_in_any_case() -> None:
    link = parse_link({"countries": ["JPN", "china", "United States", "twn"]}, FIRST, LAST)
    assert link.countries == ("JPN", "CHN", "USA", "TWN")
    assert link.problems == ()


def test_every_bad_value_is_named_and_the_good_ones_kept() -> None:
    link = parse_link({"countries": ["JPN", "Atlantis"], "categories": ["war", "Economic measure"],
                       "match": ["both"], "imported": ["maybe"], "dates": ["1800-01-01"]}, FIRST, LAST)
    assert link.countries == ("JPN",)
    assert link.categories == ("economic_measure",)
    assert link.match is None and link.imported is None and link.dates is None
    text = " | ".join(link.problems)
    for value in ("'Atlantis'", "'war'", "'both'", "'maybe'", "1800-01-01"):
        assert value in text, (value, text)
    assert len(link.problems) == 5


def test_dates_one_or_two_any_order_and_bad_formats() -> None:
    assert parse_link({"dates": ["2026-01-31", "2025-11-01"]}, FIRST, LAST).dates == (
        dt.date(2025, 11, 1), dt.date(2026, 1, 31))
    assert parse_link({"dates": "2025-11-01"}, FIRST, LAST).dates == (dt.date(2025, 11, 1), LAST)
    bad = parse_link({"dates": ["01/11/2025"]}, FIRST, LAST)
    assert bad.dates is None and "01/11/2025" in bad.problems[0]


def test_missing_and_empty_parameters_are_not_problems() -> None:
    link = parse_link({"countries": [""]}, FIRST, LAST)
    assert link.countries == () and link.problems == ()
    assert parse_link({}, FIRST, LAST) == parse_link({"other": ["x"]}, FIRST, LAST)


def test_link_params_leave_out_defaults_and_round_trip() -> None:
    assert link_params(View(), FIRST, LAST) == {}
    assert link_params(View(dates=(FIRST, LAST)), FIRST, LAST) == {}
    view = View(("JPN", "CHN"), "all", (dt.date(2025, 11, 1), LAST), ("alliance",), True)
    params = link_params(view, FIRST, LAST)
    assert params == {"countries": ["Japan", "China"], "match": ["all"],
                      "dates": ["2025-11-01", LAST.isoformat()], "categories": ["alliance"],
                      "imported": ["true"]}
    back = parse_link(params, FIRST, LAST)
    assert (back.countries, back.match, back.dates, back.categories, back.imported) == (
        view.countries, view.match, view.dates, view.categories, view.imported)
    # "all" with one country means the same as "any": not written.
    assert "match" not in link_params(View(("JPN",), "all"), FIRST, LAST)


def test_category_id_names_the_value() -> None:
    assert category_id("Maritime grey zone") == "maritime_grey_zone"
    with pytest.raises(ValueError, match="'war'"):
        category_id("war")
