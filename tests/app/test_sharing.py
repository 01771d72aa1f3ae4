"""Links name a view: ISO3 codes or names, "any of"/"all of", bad values named; the URL follows the widgets."""

from __future__ import annotations

from tests.app.conftest import run_page


def caption_with(at, needle: str) -> str:
    return next(c.value for c in at.caption if needle in c.value)


def test_url_accepts_iso3_codes_and_names(fixture_data) -> None:
    at = run_page("pages/4_Events.py", countries=["USA", "japan"])
    assert not at.exception
    assert at.multiselect(key="countries").value == ["USA", "JPN"]
    assert not at.warning


def test_invalid_url_value_shows_a_notice_naming_it(fixture_data) -> None:
    at = run_page("pages/4_Events.py", countries=["JPN", "Atlantis"], categories="war")
    assert not at.exception
    assert at.multiselect(key="countries").value == ["JPN"]
    notice = " ".join(w.value for w in at.warning)
    assert "Atlantis" in notice and "war" in notice, notice
    # The bad values leave the address bar; the good ones stay, written as names.
    assert at.query_params["countries"] == "Japan"
    assert "categories" not in at.query_params


def test_all_of_narrows_to_events_involving_every_country(fixture_data) -> None:
    at = run_page("pages/4_Events.py", countries=["JPN", "USA"])
    assert set(at.dataframe[0].value["event_id"]) == {"fx-1", "fx-2", "fx-3", "fx-4", "fx-5"}
    assert at.radio(key="match").value == "any"
    at.radio(key="match").set_value("all").run()
    assert list(at.dataframe[0].value["event_id"]) == ["fx-4"]
    assert "countries: all of JPN, USA" in caption_with(at, "events match")
    assert at.query_params["match"] == "all"


def test_all_of_from_the_link(fixture_data) -> None:
    at = run_page("pages/4_Events.py", countries=["JPN", "USA"], match="all")
    assert at.radio(key="match").value == "all"
    assert list(at.dataframe[0].value["event_id"]) == ["fx-4"]


def test_widget_changes_reach_the_url(fixture_data) -> None:
    at = run_page("pages/4_Events.py")
    at.multiselect(key="countries").set_value(["CHN"]).run()
    assert at.query_params["countries"] in ("China", ["China"])
    at.multiselect(key="countries").set_value([]).run()
    assert "countries" not in at.query_params
