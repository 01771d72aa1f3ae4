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
- ``administration.csv``: ``key, administered_by, claimants, ref, note`` — who administers a place
  (``place:<place>`` first, else ``region:<region>``) and who else claims it; an act at a place
  brings in its administering country as the party acted upon when no other is named.
- ``datelines.csv``: dateline city -> IANA time zone (weekdays read at the dateline's local date).
- Japanese and Chinese place names come from the project's ``data/names.csv`` (``name_ja``,
  ``name_zh``, ``name_zh_tw``, each row sourced there): every ``places.csv`` row pointing at a site
  or point gets that feature's names as extra terms; ``actors.csv`` and ``places.csv`` add the
  JA/ZH actor terms (countries, forces, ministries) and short forms, each citing a page read.

Matching is case-sensitive on whole words (proper nouns: "US" is not "us", "Diet" is not "diet");
Japanese and Chinese terms match anywhere (no spaces between words); the longest term wins where
terms overlap ("Japanese" before "Japan", "East China Sea" is a place and masks "China",
中国海警局 is one force, not 中国 + 海警局).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analysis.data.countries import actor_code_problem, parse_actors
from analysis.settings import REPO_ROOT

REFERENCE_DIR = REPO_ROOT / "data" / "reference" / "ingest"
ACTOR_KINDS = ("name", "demonym", "capital", "force", "ministry", "office_holder")
# Places whose names contain a country name but say nothing about that country as an actor.
ACTOR_MASKING_REGIONS = ("east_china_sea", "other")
NAMES_CSV = REFERENCE_DIR.parents[1] / "names.csv"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


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
    administered_by: str = ""
    claimants: str = ""  # ISO3 codes joined by ";"
    name_en: str = ""  # the English place name where the term is Japanese or Chinese


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
        reason = actor_code_problem(row["iso3"])
        if reason:
            raise ValueError(f"actors.csv line {line}: iso3 {reason}, got {row['iso3']!r}")
        if row["kind"] not in ACTOR_KINDS:
            raise ValueError(f"actors.csv line {line}: kind must be one of {ACTOR_KINDS}, got {row['kind']!r}")
        terms.append(ActorTerm(row["term"], row["iso3"], row["kind"], row["ref"]))
    return tuple(terms)


def _variants(name: str) -> list[str]:
    """Names in one names.csv cell: "A / B", "A (正式 B)" and "A (通称 B)" give A and B."""
    out = []
    for part in name.split("/"):
        head, _, rest = part.partition("(")
        out.append(head.strip())
        inner = rest.rstrip(")").strip()
        for label in ("正式", "通称", "愛称"):
            if inner.startswith(label):
                out.append(inner[len(label):].strip())
    return [n for n in out if n and " " not in n]


def place_rows(reference_dir: Path = REFERENCE_DIR, names_csv: Path | None = None) -> list[dict[str, str]]:
    """The place gazetteer rows (no coordinates), plus Japanese/Chinese names from ``names.csv``.

    Each ``places.csv`` row whose ``coords_from`` is ``site:<id>`` or ``point:<id>`` gets the
    ``name_ja``, ``name_zh`` and ``name_zh_tw`` of that feature in ``names.csv`` as extra terms.
    """
    rows = _read(Path(reference_dir) / "places.csv")
    names_csv = Path(names_csv) if names_csv is not None else NAMES_CSV
    names = {r["feature_id"]: r for r in _read(names_csv)} if names_csv.exists() else {}
    terms = {row["term"] for row in rows}
    extra = []
    for row in rows:
        kind, _, key = row["coords_from"].partition(":")
        feature = names.get(key) if kind in ("site", "point") else None
        for column in ("name_ja", "name_zh", "name_zh_tw"):
            for term in _variants((feature or {}).get(column, "")):
                if term not in terms:
                    terms.add(term)
                    extra.append({**row, "term": term, "note": f"names.csv {key} {column}"})
    return rows + extra


@cache
def administration(reference_dir: Path = REFERENCE_DIR) -> dict[str, tuple[str, str]]:
    """``place:<place>`` / ``region:<region>`` -> (administering ISO3, claimants ``;``-joined)."""
    out = {}
    for line, row in enumerate(_read(Path(reference_dir) / "administration.csv"), start=2):
        rejected = parse_actors(row["claimants"])[1]
        if row["administered_by"]:
            reason = actor_code_problem(row["administered_by"])
            rejected += [(row["administered_by"], reason)] if reason else []
        for code, reason in rejected:
            raise ValueError(f"administration.csv line {line}: ISO3 {reason}, got {code!r}")
        out[row["key"]] = (row["administered_by"], row["claimants"])
    return out


@cache
def dateline_zones(reference_dir: Path = REFERENCE_DIR) -> dict[str, str]:
    """Dateline city (upper case) -> IANA time zone name."""
    return {row["city"]: row["tz"] for row in _read(Path(reference_dir) / "datelines.csv")}


def resolve_places(rows: list[dict[str, str]], sites: dict[str, tuple[float, float]],
                   points: dict[str, tuple[float, float]],
                   events: dict[str, tuple[float, float]],
                   reference_dir: Path = REFERENCE_DIR) -> tuple[PlaceTerm, ...]:
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
    admin = administration(reference_dir)
    out = []
    for row in rows:
        kind, _, key = row["coords_from"].partition(":")
        lat_lon = tables.get(kind, {}).get(key) if kind else None
        lat, lon = lat_lon if lat_lon else (None, None)
        by, claims = admin.get(f"place:{row['place']}") or admin.get(f"region:{row['region']}") or ("", "")
        name_en = row["place"] if _CJK.search(row["term"]) else ""
        out.append(PlaceTerm(row["term"], row["place"], row["region"], row["coords_from"], lat, lon, by, claims,
                             name_en))
    return tuple(out)


@cache
def _pattern(terms: tuple[str, ...]) -> re.Pattern:
    ordered = sorted(set(terms), key=len, reverse=True)
    latin = "|".join(re.escape(t) for t in ordered if not _CJK.search(t))
    cjk = "|".join(re.escape(t) for t in ordered if _CJK.search(t))
    # Whole words; a term ending in "." (U.S.) must not be followed by a letter either. Japanese and
    # Chinese terms have no word boundaries and match anywhere (longest first).
    parts = ([rf"(?<![\w.])(?:{latin})(?![\w])"] if latin else []) + ([f"(?:{cjk})"] if cjk else [])
    return re.compile("|".join(parts))


_INDEX: dict[int, tuple[tuple, dict, re.Pattern | None]] = {}


def _index(entries: tuple[ActorTerm | PlaceTerm, ...]) -> tuple[dict, re.Pattern | None]:
    """The term -> entry map and compiled pattern of an entry tuple, built once per tuple."""
    hit = _INDEX.get(id(entries))
    if hit is None or hit[0] is not entries:
        by_term: dict[str, ActorTerm | PlaceTerm] = {}
        for entry in entries:
            by_term.setdefault(entry.term, entry)
        hit = (entries, by_term, _pattern(tuple(by_term)) if by_term else None)
        _INDEX[id(entries)] = hit
    return hit[1], hit[2]


def find_terms(sentence: str, entries: tuple[ActorTerm | PlaceTerm, ...],
               masked: Sequence[tuple[int, int]] = ()) -> list[Match]:
    """Non-overlapping gazetteer matches in ``sentence`` (longest term first), in sentence order."""
    by_term, pattern = _index(entries)
    if pattern is None:
        return []
    found = []
    for m in pattern.finditer(sentence):
        if any(m.start() < end and start < m.end() for start, end in masked):
            continue
        found.append(Match(m.group(0), m.start(), m.end(), by_term[m.group(0)]))
    return found


def find_places(sentence: str, places: tuple[PlaceTerm, ...]) -> list[Match]:
    """Place names in the sentence, in sentence order."""
    return find_terms(sentence, places)


def find_actors(sentence: str, terms: tuple[ActorTerm, ...], places: tuple[PlaceTerm, ...] = (),
                place_matches: list[Match] | None = None) -> list[Match]:
    """Actor terms in the sentence, in order, skipping words inside sea names ("East China Sea")."""
    if place_matches is None:
        place_matches = find_places(sentence, places)
    masked = [(m.start, m.end) for m in place_matches
              if isinstance(m.entry, PlaceTerm) and m.entry.region in ACTOR_MASKING_REGIONS]
    return find_terms(sentence, terms, masked)


def actor_codes(matches: list[Match]) -> list[str]:
    """ISO3 codes in order of first mention, without repeats."""
    return list(dict.fromkeys(m.entry.iso3 for m in matches if isinstance(m.entry, ActorTerm)))
