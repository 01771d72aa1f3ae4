"""The one country table: names, theatre, colours, FIPS codes and allies all come from analysis.data.countries."""

from __future__ import annotations

import pycountry

from analysis.data.countries import ALLIES, COUNTRIES, COUNTRY_COLORS, FIPS_TO_ISO3, MAIN_ACTORS, country_code


def test_codes_are_iso3_and_each_code_and_fips_code_appears_once() -> None:
    codes = [c.code for c in COUNTRIES]
    assert len(set(codes)) == len(codes) and len(FIPS_TO_ISO3) == len(COUNTRIES)
    assert all(pycountry.countries.get(alpha_3=code) is not None for code in codes)


def test_the_theatre_comes_first_with_a_colour_each_and_the_allies_inside_it() -> None:
    assert MAIN_ACTORS == ("JPN", "CHN", "USA", "TWN", "KOR", "PRK", "RUS", "PHL", "AUS")
    assert [c.code for c in COUNTRIES[: len(MAIN_ACTORS)]] == list(MAIN_ACTORS)
    assert set(COUNTRY_COLORS) == set(MAIN_ACTORS) and len(set(COUNTRY_COLORS.values())) == len(MAIN_ACTORS)
    assert {"JPN", "USA", "KOR", "PHL", "AUS"} == ALLIES


def test_the_import_scope_and_gdelt_geography_read_the_same_table() -> None:
    from analysis.imports.countries import COUNTRY_BITS, THEATRE_COUNTRIES

    assert THEATRE_COUNTRIES == MAIN_ACTORS
    assert set(COUNTRY_BITS) == {c.code for c in COUNTRIES}
    assert FIPS_TO_ISO3["JA"] == "JPN" and FIPS_TO_ISO3["TW"] == "TWN" and country_code("Taiwan") == "TWN"
