"""The bundled gazetteer: every entry sourced, coordinates only from curated rows, matching rules."""

from __future__ import annotations

import csv
import re

import pytest

from analysis.data.countries import COUNTRY_NAMES
from analysis.data.geo import load_geo
from analysis.data.ids import split_ids
from analysis.data.loader import load_dataset
from analysis.ingest import gazetteer
from analysis.ingest.extract import gazetteer_from
from analysis.settings import DEFAULT_DATA_DIR

REF = gazetteer.REFERENCE_DIR


@pytest.fixture(scope="module")
def data():
    return load_dataset(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def gaz(data):
    return gazetteer_from(data.sites, load_geo(DEFAULT_DATA_DIR / "geo", data.sources).points, data.events)


def _rows(name: str) -> list[dict[str, str]]:
    with (REF / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_actor_term_is_sourced(data) -> None:
    refs = {row["ref_id"] for row in _rows("references.csv")}
    sources = set(data.sources["source_id"])
    events = data.events.set_index("event_id")
    for line, row in enumerate(_rows("actors.csv"), start=2):
        where = f"actors.csv line {line} ({row['term']!r})"
        assert row["ref"] in refs | sources | {"analysis/data/countries.py"}, where
        if row["ref"] == "analysis/data/countries.py":
            assert COUNTRY_NAMES[row["iso3"]] == row["term"], where
        if row["evidence"]:
            event = events.loc[row["evidence"]]
            assert row["ref"] in split_ids(event["source_ids"]), where
            assert re.search(rf"\b{re.escape(row['term'])}\b", f"{event['title']} {event['summary']}"), where
        if row["kind"] == "office_holder":  # only from a page someone read: a cited source or a reference row
            assert row["ref"] != "analysis/data/countries.py", where


def test_every_country_name_is_in_the_gazetteer() -> None:
    names = {t.term for t in gazetteer.actor_terms() if t.kind == "name"}
    assert set(COUNTRY_NAMES.values()) <= names


def test_places_take_coordinates_only_from_curated_rows(gaz, data) -> None:
    rows = {r["term"]: r for r in gazetteer.place_rows()}  # places.csv plus its names.csv JA/ZH terms
    sites = data.sites.set_index("site_id")
    for place in gaz.places:
        kind, _, key = rows[place.term]["coords_from"].partition(":")
        if not kind:
            assert place.lat is None and place.lon is None, place.term
            continue
        assert place.lat is not None, f"{place.term}: {kind}:{key} does not resolve"
        if kind == "site":
            assert (place.lat, place.lon) == (float(sites.loc[key, "lat"]), float(sites.loc[key, "lon"]))
        assert 20 <= place.lat <= 40 and (115 <= place.lon <= 145 or kind == "event"), place.term


def test_matching_is_whole_word_case_sensitive_longest_first(gaz) -> None:
    sentence = "Japanese and US officials met in Washington; we told us about the Diet and a diet."
    found = gazetteer.find_actors(sentence, gaz.actors, gaz.places)
    assert [m.term for m in found] == ["Japanese", "US", "Washington", "Diet"]
    assert gazetteer.actor_codes(found) == ["JPN", "USA"]


def test_sea_names_do_not_make_actors(gaz) -> None:
    found = gazetteer.find_actors("Ships sailed in the East China Sea and the Sea of Japan.", gaz.actors, gaz.places)
    assert found == []
    found = gazetteer.find_actors("U.S. ships crossed the Taiwan Strait.", gaz.actors, gaz.places)
    assert gazetteer.actor_codes(found) == ["USA", "TWN"]


def test_unresolved_reference_leaves_no_coordinates() -> None:
    rows = [{"term": "Nowhere", "place": "Nowhere", "region": "other", "coords_from": "site:site-missing"}]
    (place,) = gazetteer.resolve_places(rows, {}, {}, {})
    assert place.lat is None and place.lon is None


def test_bad_gazetteer_rows_are_named(tmp_path) -> None:
    (tmp_path / "actors.csv").write_text("term,iso3,kind,ref,evidence,note\nAtlantis,ATL,name,x,,\n",
                                         encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 2.*'ATL'"):
        gazetteer.actor_terms(tmp_path)
