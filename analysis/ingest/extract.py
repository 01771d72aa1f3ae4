"""Candidate events from a report's text, sentence by sentence, offline (English, Japanese, Chinese).

A sentence becomes a candidate when it names at least one actor (gazetteer) and an act
(:mod:`analysis.ingest.categories`). Its date is the sentence's own date expression
(:mod:`analysis.ingest.dates`); a sentence without one takes the date of the sentence before
(rule ``previous-sentence``; ``same-day`` when it says "the same day", ``next-day`` for "a day
later" / "the next day"); before the first dated sentence the publication date is used (rule
``published``). Headings (a line of at most 12 words, or 40 Japanese/Chinese characters, without
closing punctuation) are skipped. The place is the first gazetteer place with verified
coordinates, else the first place named (region only).

Who is acted upon, the speaker, the sentence window, mood flags and the dateline follow
:mod:`analysis.ingest.roles`. Japanese and Chinese text is split after 。！？ (and English after
. ! ? before a capital); the language is told by its script (kana: Japanese; other CJK: Chinese).
A candidate that matches a curated event (same countries, day within ±2, same CAMEO root code)
names it in ``duplicate_of``.

Nothing here writes files: :func:`extract` returns a table for the review queue or the CLI.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.ingest import categories, dates, gazetteer, roles
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
    "language", "actor_rule", "flags", "duplicate_of", "names_en",
]
CJK_END = re.compile(r"[。！？][」』”’）)]*")
CJK_HEADLINE_MAX_CHARS = 40
DUPLICATE_DAYS = 2


@dataclass(frozen=True)
class Gazetteer:
    """Everything extraction looks up: actor terms, places with coordinates, Goldstein table."""

    actors: tuple[ActorTerm, ...]
    places: tuple[PlaceTerm, ...]
    goldstein: dict[str, float] = field(default_factory=dict)
    curated: tuple[tuple[str, dt.date, frozenset[str], str], ...] = ()  # event_id, date, actors, CAMEO root


def load_gazetteer(data_dir: Path | str, reference_dir: Path | str = gazetteer.REFERENCE_DIR) -> Gazetteer:
    """The bundled gazetteer with coordinates taken from ``data_dir``'s sites, points and events."""
    from analysis.data.cameo import goldstein_lookup
    from analysis.data.geo import geo_folder, load_geo
    from analysis.data.loader import load_dataset

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
    places = gazetteer.resolve_places(gazetteer.place_rows(reference_dir), site_xy, point_xy, event_xy,
                                      Path(reference_dir))
    return Gazetteer(gazetteer.actor_terms(reference_dir), places, dict(scores or {}), curated_index(events))


def cameo_root(code: object) -> str:
    """The CAMEO root (first two digits) of an event code: "0312" -> "03", "150" -> "15"."""
    text = str(code or "").strip()
    return text.zfill(3)[:2] if text.isdigit() else ""


def curated_index(events: pd.DataFrame) -> tuple[tuple[str, dt.date, frozenset[str], str], ...]:
    """(event_id, date, actor set, CAMEO root) of every curated event with a day, for duplicate checks."""
    if events.empty or not {"event_id", "date", "actors", "event_code"} <= set(events.columns):
        return ()
    out = []
    for r in events[["event_id", "date", "actors", "event_code"]].itertuples(index=False):
        day = pd.Timestamp(r.date) if pd.notna(r.date) else None
        if day is not None and isinstance(r.actors, str):
            out.append((r.event_id, day.date(), frozenset(r.actors.split(";")), cameo_root(r.event_code)))
    return tuple(out)


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
    """Sentences of a report: lines split after 。！？ and after . ! ? before a capital.

    A sentence longer than :data:`MAX_SENTENCE_CHARS` is cut into pieces (no run-on text makes
    the per-sentence rules slow).
    """
    sentences: list[str] = []
    blocks = []
    for line in re.split(r"\n+", text):
        start = 0
        for m in CJK_END.finditer(line):  # Japanese and Chinese: after 。！？ (and closing brackets)
            blocks.append(line[start:m.end()])
            start = m.end()
        blocks.append(line[start:])
    for block in blocks:
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


def _place(place_matches: list[gazetteer.Match]) -> tuple[PlaceTerm | None, str]:
    found = [(m.term, m.entry) for m in place_matches if isinstance(m.entry, PlaceTerm)]
    with_xy = [(term, entry) for term, entry in found if entry.lat is not None]
    if with_xy:
        term, entry = with_xy[0]
        return entry, f"gazetteer '{term}' -> {entry.coords_from}"
    if found:
        return found[0][1], f"gazetteer '{found[0][0]}' (region only, no verified position)"
    return None, "no place named"


def _is_headline(sentence: str) -> bool:
    # A line without closing punctuation and only a few words is a heading, not a reported act.
    if re.search(r"[.!?。！？][\"'”’)」』）]?$", sentence):
        return False
    if roles.CJK.search(sentence):
        return len(sentence) <= CJK_HEADLINE_MAX_CHARS
    return len(sentence.split()) <= HEADLINE_MAX_WORDS


def _when(sentence: str, published: dt.date, previous: tuple[dt.date, str] | None,
          dateline_ahead: bool = False) -> tuple[dt.date, str, str, str]:
    """(date, precision, rule, words) of a sentence: its own date, else one carried from the sentence before."""
    match = dates.best_date(sentence, published, dateline_ahead)
    if match is not None:
        return match.date, match.precision, match.rule, match.text
    if previous is None:
        return published, "day", "published", ""
    if previous[1] == "day" and (m := NEXT_DAY_RE.search(sentence)):
        return previous[0] + dt.timedelta(days=1), "day", "next-day", m.group(0)
    if m := SAME_DAY_RE.search(sentence):
        return previous[0], previous[1], "same-day", m.group(0)
    return previous[0], previous[1], "previous-sentence", ""


def _dateline_ahead(zone: str, published: dt.date, published_tz: str | None) -> bool:
    """Whether the dateline's clock is ahead of the publication stamp's (its date may be the next day)."""
    if not zone or not published_tz:
        return False
    from zoneinfo import ZoneInfo

    noon = dt.datetime.combine(published, dt.time(12))
    ahead = noon.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    stamp = noon.replace(tzinfo=ZoneInfo(published_tz)).utcoffset()
    return ahead is not None and stamp is not None and ahead > stamp


def _duplicate(date: dt.date, actors: list[str], code: str, curated: dict) -> str:
    for event_id, day in curated.get((frozenset(actors), cameo_root(code)), ()):
        if abs((day - date).days) <= DUPLICATE_DAYS:
            return event_id
    return ""


def _read_sentence(sentence: str, gaz: Gazetteer) -> tuple[list, dict[int, str], list[str], list[str], list]:
    """Actor matches, their roles, named (actor-role) and locative countries, and place matches."""
    places = gazetteer.find_places(sentence, gaz.places)
    matches = gazetteer.find_actors(sentence, gaz.actors, place_matches=places)
    role = roles.roles(sentence, matches)
    named = gazetteer.actor_codes([m for i, m in enumerate(matches) if role[i] == "actor"])
    near = gazetteer.actor_codes([m for i, m in enumerate(matches) if role[i] == "near"])
    if not named and not near:  # a topic named alone is still who the sentence is about
        named = gazetteer.actor_codes(matches)
    return matches, role, named, near, places


def extract(text: str, published: dt.date, gaz: Gazetteer, published_tz: str | None = None) -> pd.DataFrame:
    """Candidate events, one row per sentence that names an actor and an act.

    Parameters
    ----------
    text : str
        The report as plain text (see :func:`analysis.ingest.record.to_text`).
    published : datetime.date
        Publication date; relative dates resolve against it.
    gaz : Gazetteer
        :func:`load_gazetteer` or :func:`gazetteer_from`.
    published_tz : str, optional
        IANA time zone of the publication date (e.g. ``America/New_York``); with a dateline city
        ahead of it, a weekday naming the next day resolves to it (rule ``weekday-dateline``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CANDIDATE_COLUMNS`; ``date`` as YYYY-MM-DD text, ``actors`` ``;``-separated ISO3
        codes (initiator first), ``evidence`` the sentence as written, ``flags`` the mood flags,
        ``duplicate_of`` a curated event the candidate may repeat.
    """
    lang = roles.language(text)
    opening = text.lstrip()[:200]
    _city, zone, cut = roles.dateline(opening, gazetteer.dateline_zones())
    ahead = _dateline_ahead(zone, published, published_tz)
    sentences = split_sentences(text)
    # The dateline's words ("TOKYO, Japan —", "Beijing, Nov. 15 (Jiji Press)--") are neither actors nor dates.
    prefix = " ".join(opening[:cut].split())
    read = list(sentences)
    if prefix and read and read[0].startswith(prefix):
        read[0] = read[0][len(prefix):].lstrip()
    parsed = [_read_sentence(s, gaz) for s in read]
    curated: dict[tuple[frozenset[str], str], list[tuple[str, dt.date]]] = {}
    for event_id, day, countries, root in gaz.curated:
        curated.setdefault((countries, root), []).append((event_id, day))
    rows = []
    previous: tuple[dt.date, str] | None = None  # the last sentence date: date, precision
    for number, (sentence, body) in enumerate(zip(sentences, read, strict=True), start=1):
        if _is_headline(sentence):
            continue
        when = _when(body, published, previous, ahead)
        if when[2] not in ("previous-sentence", "published"):
            previous = when[:2]
        actor_matches, role, named, near, place_matches = parsed[number - 1]
        if not named and not near:
            continue
        coding = categories.code_sentence(body, named or near, gaz.goldstein)
        if coding is None:
            continue
        place, place_rule = _place(place_matches)
        neighbours = [(where, parsed[i][2]) for where, i in (("previous", number - 2), ("next", number))
                      if 0 <= i < len(parsed) and not _is_headline(sentences[i])]
        chosen = roles.choose(named, near, place.administered_by if place else "", neighbours,
                              roles.speaker(body, actor_matches, coding.rule))
        actors = chosen.codes
        terms = [f"{m.term} -> {getattr(m.entry, 'iso3', '')} ({getattr(m.entry, 'kind', '')}"
                 f"{'' if role[i] == 'actor' else ', ' + role[i]})" for i, m in enumerate(actor_matches)]
        names_en = [f"{p.term} = {p.name_en}" for p in (m.entry for m in place_matches)
                    if isinstance(p, PlaceTerm) and p.name_en]
        rows.append({
            "date": when[0].isoformat(), "actors": ";".join(actors), "category": coding.category,
            "location": place.place if place else "", "lat": place.lat if place else None,
            "lon": place.lon if place else None, "goldstein": coding.goldstein, "evidence": sentence,
            "date_precision": when[1], "date_rule": when[2], "date_text": when[3],
            "initiator": actors[0], "target": actors[1] if len(actors) > 1 else "",
            "actor_terms": "; ".join(terms),
            "region": place.region if place else "other", "place_rule": place_rule,
            "event_code": coding.event_code, "category_rule": coding.rule, "goldstein_rule": coding.goldstein_rule,
            "sentence_no": number, "sentence_hash": sentence_hash(sentence),
            "language": lang, "actor_rule": chosen.rule, "flags": roles.moods(body),
            "duplicate_of": _duplicate(when[0], actors, coding.event_code, curated),
            "names_en": "; ".join(dict.fromkeys(names_en)),
        })
    frame = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    frame["lat"] = frame["lat"].astype("float64")
    frame["lon"] = frame["lon"].astype("float64")
    frame["goldstein"] = frame["goldstein"].astype("float64")
    frame["sentence_no"] = frame["sentence_no"].astype("int64")
    return frame
