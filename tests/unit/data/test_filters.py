"""Global filters as a pure function."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.data.countries import country_code, country_name
from analysis.data.filters import EventFilter, actor_mask, filter_by_country, filter_events
from analysis.data.loader import load_dataset


@pytest.fixture
def events(fixture_data_dir):
    return load_dataset(fixture_data_dir, today=dt.date(2026, 11, 25)).events


def test_empty_filter_keeps_everything(events) -> None:
    assert len(filter_events(events, EventFilter())) == len(events)


def test_country_matches_any_actor_not_substrings() -> None:
    actors = pd.Series(["JPN;CHN", "USA", "CHNX;AUS", None])
    assert list(actor_mask(actors, ("CHN",))) == [True, False, False, False]
    assert list(actor_mask(actors, ("USA", "AUS"))) == [False, True, True, False]


def test_dates_are_inclusive_and_categories_combine(events) -> None:
    picked = filter_events(events, EventFilter(start=dt.date(2025, 11, 7), end=dt.date(2025, 11, 14)))
    assert set(picked["event_id"]) == {"fx-1", "fx-2"}
    picked = filter_events(events, EventFilter(countries=("CHN",), categories=("military_incident",)))
    assert list(picked["event_id"]) == ["fx-3"]


def test_filter_returns_a_copy(events) -> None:
    picked = filter_events(events, EventFilter())
    picked.loc[picked.index[0], "title"] = "changed"
    assert "changed" not in set(events["title"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"countries": ("XXX",)}, "XXX"),
        ({"categories": ("war",)}, "war"),
        ({"start": dt.date(2026, 1, 2), "end": dt.date(2026, 1, 1)}, "start must not be after end"),
    ],
)
def test_bad_selection_names_the_value(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        EventFilter(**kwargs)


def test_describe_is_one_readable_line() -> None:
    text = EventFilter(("JPN", "CHN"), dt.date(2025, 1, 1), None, ()).describe()
    assert text == "countries: any of JPN, CHN; dates: 2025-01-01 to latest; categories: all"
    both = EventFilter(("JPN", "CHN"), match="all").describe()
    assert both.startswith("countries: all of JPN, CHN;")
    assert EventFilter(("USA",), match="all").describe().startswith("countries: USA;")


def test_all_of_keeps_only_events_involving_every_country() -> None:
    actors = pd.Series(["JPN;CHN", "JPN;PHL", "CHN", "CHN;USA;JPN", None])
    assert list(actor_mask(actors, ("JPN", "CHN"))) == [True, True, True, True, False]
    assert list(actor_mask(actors, ("JPN", "CHN"), "all")) == [True, False, False, True, False]
    with pytest.raises(ValueError, match="'both'"):
        actor_mask(actors, ("JPN",), "both")


def test_filter_events_with_all_of(events) -> None:
    any_of = filter_events(events, EventFilter(("JPN", "CHN")))
    all_of = filter_events(events, EventFilter(("JPN", "CHN"), match="all"))
    assert set(all_of["event_id"]) < set(any_of["event_id"])
    assert all(("JPN" in a and "CHN" in a) for a in all_of["actors"])
    with pytest.raises(ValueError, match="'every'"):
        EventFilter(("JPN",), match="every")


def test_filter_by_country() -> None:
    frame = pd.DataFrame({"country": ["JPN", "CHN", "USA"]})
    assert list(filter_by_country(frame, ("CHN",))["country"]) == ["CHN"]
    assert len(filter_by_country(frame, ())) == 3


def test_country_names_and_codes() -> None:
    assert country_name("TWN") == "Taiwan"
    assert country_code("south korea") == "KOR"
    assert country_code("jpn") == "JPN"
    with pytest.raises(ValueError, match="Atlantis"):
        country_code("Atlantis")
