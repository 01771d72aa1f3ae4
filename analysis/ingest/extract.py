"""Candidate events from a report's text, sentence by sentence, offline.

A sentence becomes a candidate when it names at least one actor (gazetteer) and an act
(:mod:`analysis.ingest.categories`). Its date is the sentence's own date expression
(:mod:`analysis.ingest.dates`); a sentence without one takes the date of the sentence before
(rule ``previous-sentence``; ``same-day`` when it says "the same day", ``next-day`` for "a day
later" / "the next day"); before the first dated sentence the publication date is used (rule
``published``). Headings (a line of at most 12 words without closing punctuation) are skipped.
The place is the first gazetteer place with verified coordinates, else the first place named
(region only).

Nothing here writes files: :func:`extract` returns a table for the review queue or the CLI.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.ingest import categories, dates, gazetteer
from analysis.ingest.gazetteer import ActorTerm, PlaceTerm

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = ("U.S", "U.K", "U.N", "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Lt", "Adm", "Col", "Capt", "No",
                 "Jr", "Sr", "Inc", "Corp", "Co", "a.m", "p.m", "vs", "etc", "approx",
                 "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
SAME_DAY_RE = re.compile(r"\b(the same day|that day|the same morning|the same evening|hours later)\b", re.I)
NEXT_DAY_RE = re.compile(r"\b(a day later|the next day|the following day|the day after)\b", re.I)
HEADLINE_MAX_WORDS = 12
MAX_SENTENCE_CHARS = dates.MAX_SENTENCE_CHARS
CANDIDATE_COLUMNS = [
    "date", "actors", "category", "location", "lat", "lon", "goldstein", "evidence",
    "date_precision", "date_rule", "date_text", "initiator", "target", "actor_terms", "region", "place_rule",
    "event_code", "category_rule", "goldstein_rule", "sentence_no", "sentence_hash",
]


@dataclass(frozen=True)
class Gazetteer:
    """Everything extraction looks up: actor terms, places with coordinates, Goldstein table."""

    actors: tuple[ActorTerm, ...]
    places: tuple[PlaceTerm, ...]
    goldstein: dict[str, float] = field(default_factory=dict)


def load_gazetteer(data_dir: Path | str, reference_dir: Path | str = gazetteer.REFERENCE_DIR) -> Gazetteer:
    """The bundled gazetteer with coordinates taken from ``data_dir``'s sites, points and events."""
    from analysis.data.cameo import goldstein_lookup
    from analysis.data.loader import load_dataset
    from analysis.features.geo import geo_folder, load_geo

    data_dir = Path(data_dir)
    data = load_dataset(data_dir)
    geo = load_geo(*geo_folder(data))
    return gazetteer_from(data.sites, geo.points, data.events, Path(reference_dir),
                          goldstein_lookup(data.tables["cameo_goldstein"]))


def gazetteer_from(sites: pd.DataFrame, points, events: pd.DataFrame,
                   reference_dir: Path = gazetteer.REFERENCE_DIR,
                   scores: dict[str, float] | None = None) -> Gazetteer:
    """Build the gazetteer from already loaded tables (the app's cached ones)."""
    site_xy = {r.site_id: (float(r.lat), float(r.lon)) for r in sites.dropna(subset=["lat", "lon"]).itertuples()}
    point_xy = {r.point_id: (float(r.geometry.y), float(r.geometry.x)) for r in points.itertuples()}
    event_xy = {r.event_id: (float(r.lat), float(r.lon)) for r in events.dropna(subset=["lat", "lon"]).itertuples()}
    places = gazetteer.resolve_places(gazetteer.place_rows(reference_dir), site_xy, point_xy, event_xy)
    return Gazetteer(gazetteer.actor_terms(reference_dir), places, dict(scores or {}))


def _cut(sentence: str) -> list[str]:
    """A sentence longer than MAX_SENTENCE_CHARS cut at the last space before each limit (or hard)."""
    pieces = []
    while len(sentence) > MAX_SENTENCE_CHARS:
        cut = sentence.rfind(" ", 0, MAX_SENTENCE_CHARS)
        cut = cut if cut > 0 else MAX_SENTENCE_CHARS
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    return [*pieces, sentence] if sentence else pieces


def split_sentences(text: str) -> list[str]:
    """Sentences of a report: paragraphs (blank-line or line breaks) split after . ! ? before a capital.

    A sentence longer than :data:`MAX_SENTENCE_CHARS` is cut into pieces (no run-on text makes
    the per-sentence rules slow).
    """
    sentences: list[str] = []
    for block in re.split(r"\n+", text):
        block = " ".join(block.split())
        if not block:
            continue
        start = 0
        for m in re.finditer(r"[.!?][\"'”’)]?\s+(?=[\"“(]?[A-Z0-9])", block):
            # Only the word before the stop is looked at (a bounded window keeps this linear).
            word = re.search(r"([\w.]+)\.$", block[max(start, m.start() - 12):m.start() + 1])
            if word and word.group(1) in ABBREVIATIONS:
                continue
            sentences.extend(_cut(block[start:m.end()].strip()))
            start = m.end()
        if block[start:].strip():
            sentences.extend(_cut(block[start:].strip()))
    return sentences


def sentence_hash(sentence: str) -> str:
    """Stable id of a sentence: sha256 of its words (whitespace-insensitive), first 16 hex digits."""
    return hashlib.sha256(" ".join(sentence.split()).encode("utf-8")).hexdigest()[:16]


def _place(sentence: str, gaz: Gazetteer) -> tuple[PlaceTerm | None, str]:
    found = [(m.term, m.entry) for m in gazetteer.find_places(sentence, gaz.places)
             if isinstance(m.entry, PlaceTerm)]
    with_xy = [(term, entry) for term, entry in found if entry.lat is not None]
    if with_xy:
        term, entry = with_xy[0]
        return entry, f"gazetteer '{term}' -> {entry.coords_from}"
    if found:
        return found[0][1], f"gazetteer '{found[0][0]}' (region only, no verified position)"
    return None, "no place named"


def _is_headline(sentence: str) -> bool:
    # A line without closing punctuation and only a few words is a heading, not a reported act.
    return not re.search(r"[.!?][\"'”’)]?$", sentence) and len(sentence.split()) <= HEADLINE_MAX_WORDS


def _when(sentence: str, published: dt.date,
          previous: tuple[dt.date, str] | None) -> tuple[dt.date, str, str, str]:
    """(date, precision, rule, words) of a sentence: its own date, else one carried from the sentence before."""
    match = dates.best_date(sentence, published)
    if match is not None:
        return match.date, match.precision, match.rule, match.text
    if previous is None:
        return published, "day", "published", ""
    if previous[1] == "day" and (m := NEXT_DAY_RE.search(sentence)):
        return previous[0] + dt.timedelta(days=1), "day", "next-day", m.group(0)
    if m := SAME_DAY_RE.search(sentence):
        return previous[0], previous[1], "same-day", m.group(0)
    return previous[0], previous[1], "previous-sentence", ""


def extract(text: str, published: dt.date, gaz: Gazetteer) -> pd.DataFrame:
    """Candidate events, one row per sentence that names an actor and an act.

    Parameters
    ----------
    text : str
        The report as plain text (see :func:`analysis.ingest.record.to_text`).
    published : datetime.date
        Publication date; relative dates resolve against it.
    gaz : Gazetteer
        :func:`load_gazetteer` or :func:`gazetteer_from`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CANDIDATE_COLUMNS`; ``date`` as YYYY-MM-DD text, ``actors`` ``;``-separated ISO3
        codes in order of mention, ``evidence`` the sentence.
    """
    rows = []
    previous: tuple[dt.date, str] | None = None  # the last sentence date: date, precision
    for number, sentence in enumerate(split_sentences(text), start=1):
        if _is_headline(sentence):
            continue
        when = _when(sentence, published, previous)
        if when[2] not in ("previous-sentence", "published"):
            previous = when[:2]
        actor_matches = gazetteer.find_actors(sentence, gaz.actors, gaz.places)
        actors = gazetteer.actor_codes(actor_matches)
        if not actors:
            continue
        coding = categories.code_sentence(sentence, actors, gaz.goldstein)
        if coding is None:
            continue
        place, place_rule = _place(sentence, gaz)
        rows.append({
            "date": when[0].isoformat(), "actors": ";".join(actors), "category": coding.category,
            "location": place.place if place else "", "lat": place.lat if place else None,
            "lon": place.lon if place else None, "goldstein": coding.goldstein, "evidence": sentence,
            "date_precision": when[1], "date_rule": when[2], "date_text": when[3],
            "initiator": actors[0], "target": actors[1] if len(actors) > 1 else "",
            "actor_terms": "; ".join(f"{m.term} -> {getattr(m.entry, 'iso3', '')} ({getattr(m.entry, 'kind', '')})"
                                     for m in actor_matches),
            "region": place.region if place else "other", "place_rule": place_rule,
            "event_code": coding.event_code, "category_rule": coding.rule, "goldstein_rule": coding.goldstein_rule,
            "sentence_no": number, "sentence_hash": sentence_hash(sentence),
        })
    frame = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    frame["lat"] = frame["lat"].astype("float64")
    frame["lon"] = frame["lon"].astype("float64")
    frame["goldstein"] = frame["goldstein"].astype("float64")
    frame["sentence_no"] = frame["sentence_no"].astype("int64")
    return frame
