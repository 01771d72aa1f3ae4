"""Who is who in a sentence, and whether it reports an act: roles, speaker, window, mood, dateline.

Rules (each named in the candidate's ``actor_rule`` or ``flags`` column):

- **Topic** (``topic``): a country named as the subject of talk, not a party — "remarks on Taiwan",
  "comments about Taiwan", "a Taiwan contingency", "the Taiwan issue". Dropped when another
  country is named.
- **Locative** (``near``): a country named as a place — "near Taiwan", "around Taiwan", "off
  Taiwan", 台湾周辺 / 台湾周边. It is the party acted upon only when no other country is named.
- **Place** (``place``): an act at a place administered by a country other than the initiator
  brings that country in as the party acted upon, when no other country is named
  (``administration.csv``; Chinese Coast Guard ships at the Senkakus -> CHN;JPN).
- **Window** (``window-previous`` / ``window-next``): a sentence that names one side only takes
  the first other country of the sentence before, else of the sentence after (one sentence each
  way, dateline words excluded), when neither of the rules above gave one.
- **Speaker** (``speaker``): for a statement, protest, criticism, threat or demand, the country
  of the last actor named before the speech verb ("said", "told", 表示, 称, 述べ) — or after
  "according to" — is the initiator.
- **Mood flags**: negation ("did not", 没有, なかった), conditional ("if", "would", 如果, 場合),
  plan ("plans to", "will", 计划, 予定) and question ("?", 吗) are flagged with the words found;
  the candidate is kept for the reviewer to judge.
- **Dateline**: a report opening with ``CITY —``, ``CITY (Agency) —``, ``CITY, Month Day
  (Agency)--`` or ``CITY:`` has that city's time zone (``datelines.csv``); the dateline words are
  not read as actors or dates.

Limits: patterns, not parsing — a speaker named after the verb ("..., said Kihara") is found only
with "according to"; the window looks one sentence each way; negation scope is the whole sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.ingest.gazetteer import ActorTerm, Match

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
KANA = re.compile(r"[\u3040-\u30ff]")
TOPIC_BEFORE = re.compile(r"\b(?:remarks?|comments?|statements?|stance|position|policy|feud|row|dispute|tensions?|"
                          r"question|questions) (?:on|about|over|regarding) (?:the )?$", re.I)
TOPIC_AFTER = re.compile(r"^(?:'s)? ?(?:contingency|contingencies|issue|question|emergency|independence|"
                         r"affairs|policy|remarks)\b|^(?:有事|問題|问题|独立|獨立)")
LOCATIVE_BEFORE = re.compile(r"\b(?:near|around|off|surrounding|encircling|toward|towards|east of|west of|"
                             r"north of|south of|northeast of|southwest of)\s+(?:the\s+)?$", re.I)
LOCATIVE_AFTER = re.compile(r"^(?:周辺|周边|周邊|附近|近海|沖|以东|以東)")
SPEECH = re.compile(r"\b(?:said|says|say|told|stated|announced|declared|insisted|warned|added)\b|"
                    r"表示|称|稱|述べ|発表|明らかに|指出|回应|回應")
ACCORDING = re.compile(r"\baccording to\b|によると|によりますと|据|據", re.I)
STATEMENT_RULES = frozenset({"statement", "protest", "criticise", "threaten", "demand"})
MOODS: tuple[tuple[str, re.Pattern], ...] = (
    ("negation", re.compile(r"\b(?:did not|didn't|does not|doesn't|has not|hasn't|have not|haven't|had not|"
                            r"was not|were not|never|no longer)\b|"
                            r"没有|並未|并未|未曾|しなかった|なかった|ていない", re.I)),
    ("conditional", re.compile(r"\b(?:if|unless|would|could|in the event)\b|如果|一旦|場合|ならば", re.I)),
    ("plan", re.compile(r"\b(?:plans? to|planned to|will|intends? to|is set to|are set to|scheduled to)\b|"
                        r"计划|計劃|将于|將於|予定|方針", re.I)),
    ("question", re.compile(r"\?\s*$|？|吗|嗎")),
)
DATELINE = re.compile(r"^\s*(?P<city>[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)(?:,[^—–\-:(\n]{0,30})?"
                      r"\s*(?:\([^)]{1,30}\))?\s*(?:—|–|--|-(?=\s)|:(?=\s))\s*")
DATELINE_NO_DASH = re.compile(r"^\s*(?P<city>[A-Z]{3,}(?: [A-Z]{3,})?), [A-Z][a-z]+\.? \d{1,2}\s+")


@dataclass(frozen=True)
class Actors:
    """The countries of a sentence: initiator first, then targets, and how they were chosen."""

    codes: list[str]
    rule: str


def language(text: str) -> str:
    """``ja`` when the text has kana, ``zh`` when it has other CJK characters, else ``en``."""
    sample = text[:5000]
    if KANA.search(sample):
        return "ja"
    return "zh" if CJK.search(sample) else "en"


def dateline(text: str, zones: dict[str, str]) -> tuple[str, str, int]:
    """(city, IANA zone, length of the dateline prefix) of a report's first line; ("", "", 0) if none."""
    for pattern in (DATELINE, DATELINE_NO_DASH):
        m = pattern.match(text)
        if m and m.group("city").upper() in zones:
            return m.group("city").upper(), zones[m.group("city").upper()], m.end()
    return "", "", 0


def roles(sentence: str, matches: list[Match]) -> dict[int, str]:
    """Index of each actor match -> ``actor``, ``topic`` or ``near`` (see the module rules)."""
    out = {}
    for i, m in enumerate(matches):
        before, after = sentence[max(0, m.start - 40):m.start], sentence[m.end:m.end + 20]
        if isinstance(m.entry, ActorTerm) and m.entry.kind in ("name", "demonym"):
            if TOPIC_BEFORE.search(before) or TOPIC_AFTER.search(after):
                out[i] = "topic"
                continue
            if LOCATIVE_BEFORE.search(before) or LOCATIVE_AFTER.search(after):
                out[i] = "near"
                continue
        out[i] = "actor"
    return out


def speaker(sentence: str, matches: list[Match], rule: str) -> str:
    """ISO3 of the speaker of a statement-family sentence, or "" when none is found."""
    if rule not in STATEMENT_RULES:
        return ""
    if m := ACCORDING.search(sentence):
        after = [x.entry.iso3 for x in matches if x.start >= m.end() and isinstance(x.entry, ActorTerm)]
        if after:
            return after[0]
    if m := SPEECH.search(sentence):
        before = [x.entry.iso3 for x in matches if x.end <= m.start() and isinstance(x.entry, ActorTerm)]
        if before:
            return before[-1]
    return ""


def choose(named: list[str], near: list[str], place_admin: str, neighbours: list[tuple[str, list[str]]],
           speaker_code: str) -> Actors:
    """Countries in order (initiator first) from the sentence's named, locative and place parties."""
    codes, rule = list(named), "named"
    if speaker_code and speaker_code in codes:
        codes.remove(speaker_code)
        codes.insert(0, speaker_code)
        rule = "speaker"
    if len(codes) == 1:
        other = next((c for c in near if c not in codes), "")
        if other:
            return Actors([*codes, other], f"{rule}; near")
        if place_admin and place_admin not in codes:
            return Actors([*codes, place_admin], f"{rule}; place")
        for where, countries in neighbours:
            other = next((c for c in countries if c not in codes), "")
            if other:
                return Actors([*codes, other], f"{rule}; window-{where}")
    if not codes and near:
        codes, rule = list(dict.fromkeys(near)), "near"
    return Actors(codes, rule)


def moods(sentence: str) -> str:
    """Mood flags of a sentence, ``; ``-joined as ``kind: 'words'`` (empty when it reads as an act)."""
    found = []
    for kind, pattern in MOODS:
        if m := pattern.search(sentence):
            found.append(f"{kind}: {m.group(0).strip()!r}")
    return "; ".join(found)
