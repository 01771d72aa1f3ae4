"""The bundled, sourced gazetteer: actor terms -> ISO3 codes and place names -> positions.

Files (``data/reference/ingest/``):

- ``actors.csv``: ``term, iso3, kind, ref, evidence, note``. ``kind`` is ``name``, ``demonym``,
  ``capital``, ``force``, ``ministry`` or ``office_holder``. ``ref`` is a ``sources.csv`` id, a
  ``references.csv`` id (a page read for this gazetteer) or ``analysis/data/countries.py`` (the
  project's own country names); ``evidence`` names the curated event whose text uses the term.
- ``places.csv``: ``term, place, region, coords_from, note``. Coordinates are never stored here:
  ``coords_from`` points at the row that holds them — ``site:<site_id>`` (sites.csv),
  ``point:<point_id>`` (geo/points.geojson) or ``event:<event_id>`` (a curated event's location); an
  empty ``coords_from`` means the place has a region but no verified position.
- ``references.csv``: the pages read to source terms that no curated source covers.

Matching is case-sensitive on whole words (proper nouns: "US" is not "us", "Diet" is not "diet");
the longest term wins where terms overlap ("Japanese" before "Japan", "East China Sea" is a
place and masks "China").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analysis.data.countries import COUNTRY_NAMES
from analysis.settings import REPO_ROOT

REFERENCE_DIR = REPO_ROOT / "data" / "reference" / "ingest"
ACTOR_KINDS = ("name", "demonym", "capital", "force", "ministry", "office_holder")
# Places whose names contain a country name but say nothing about that country as an actor.
ACTOR_MASKING_REGIONS = ("east_china_sea", "other")


@dataclass(frozen=True)
class ActorTerm:
    """One gazetteer entry for an actor."""

    term: str
    iso3: str
    kind: str
    ref: str


@dataclass(frozen=True)
class PlaceTerm:
    """One gazetteer entry for a place; ``lat``/``lon`` are None where no verified position exists."""

    term: str
    place: str
    region: str
    coords_from: str
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Match:
    """A gazetteer term found in a sentence (``start``/``end`` are character offsets)."""

    term: str
    start: int
    end: int
    entry: ActorTerm | PlaceTerm


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@cache
def actor_terms(reference_dir: Path = REFERENCE_DIR) -> tuple[ActorTerm, ...]:
    """The actor gazetteer; ValueError naming file, row and value for a bad code or kind."""
    terms = []
    for line, row in enumerate(_read(Path(reference_dir) / "actors.csv"), start=2):
        if row["iso3"] not in COUNTRY_NAMES:
            raise ValueError(f"actors.csv line {line}: iso3 not in analysis/data/countries.py, got {row['iso3']!r}")
        if row["kind"] not in ACTOR_KINDS:
            raise ValueError(f"actors.csv line {line}: kind must be one of {ACTOR_KINDS}, got {row['kind']!r}")
        terms.append(ActorTerm(row["term"], row["iso3"], row["kind"], row["ref"]))
    return tuple(terms)


def place_rows(reference_dir: Path = REFERENCE_DIR) -> list[dict[str, str]]:
    """The place gazetteer rows as written (no coordinates)."""
    return _read(Path(reference_dir) / "places.csv")


def resolve_places(rows: list[dict[str, str]], sites: dict[str, tuple[float, float]],
                   points: dict[str, tuple[float, float]],
                   events: dict[str, tuple[float, float]]) -> tuple[PlaceTerm, ...]:
    """Attach coordinates to place rows from the tables they point at.

    Parameters
    ----------
    rows : list of dict
        :func:`place_rows`.
    sites, points, events : dict
        id (site_id, point name, event_id) -> (lat, lon) in EPSG:4326, from the curated tables.

    Returns
    -------
    tuple of PlaceTerm
        A reference that does not resolve leaves the place without coordinates (never guessed).
    """
    tables = {"site": sites, "point": points, "event": events}
    out = []
    for row in rows:
        kind, _, key = row["coords_from"].partition(":")
        lat_lon = tables.get(kind, {}).get(key) if kind else None
        lat, lon = lat_lon if lat_lon else (None, None)
        out.append(PlaceTerm(row["term"], row["place"], row["region"], row["coords_from"], lat, lon))
    return tuple(out)


@cache
def _pattern(terms: tuple[str, ...]) -> re.Pattern:
    ordered = sorted(set(terms), key=len, reverse=True)
    body = "|".join(re.escape(t) for t in ordered)
    # Whole words; a term ending in "." (U.S.) must not be followed by a letter either.
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])")


def find_terms(sentence: str, entries: tuple[ActorTerm | PlaceTerm, ...],
               masked: Sequence[tuple[int, int]] = ()) -> list[Match]:
    """Non-overlapping gazetteer matches in ``sentence`` (longest term first), in sentence order."""
    by_term: dict[str, ActorTerm | PlaceTerm] = {}
    for entry in entries:
        by_term.setdefault(entry.term, entry)
    if not by_term:
        return []
    found = []
    for m in _pattern(tuple(by_term)).finditer(sentence):
        if any(m.start() < end and start < m.end() for start, end in masked):
            continue
        found.append(Match(m.group(0), m.start(), m.end(), by_term[m.group(0)]))
    return found


def find_places(sentence: str, places: tuple[PlaceTerm, ...]) -> list[Match]:
    """Place names in the sentence, in sentence order."""
    return find_terms(sentence, places)


def find_actors(sentence: str, terms: tuple[ActorTerm, ...], places: tuple[PlaceTerm, ...] = ()) -> list[Match]:
    """Actor terms in the sentence, in order, skipping words inside sea names ("East China Sea")."""
    masked = [(m.start, m.end) for m in find_places(sentence, places)
              if isinstance(m.entry, PlaceTerm) and m.entry.region in ACTOR_MASKING_REGIONS]
    return find_terms(sentence, terms, masked)


def actor_codes(matches: list[Match]) -> list[str]:
    """ISO3 codes in order of first mention, without repeats."""
    return list(dict.fromkeys(m.entry.iso3 for m in matches if isinstance(m.entry, ActorTerm)))
