"""Dates in a sentence, resolved against the report's publication date, each with the rule that found it.

Rules, most specific first (the first rule that matches a sentence wins; within a rule, the
first match in the sentence):

| rule | example | resolution | precision |
|---|---|---|---|
| ``iso`` | 2025-11-14 | as written | day |
| ``month-day-year`` | Oct. 7, 2022 / October 7 2022 | as written | day |
| ``day-month-year`` | 7 October 2022 | as written | day |
| ``month-day`` | Dec. 25 | that day in the publication year, or the year before if later | day |
| ``day-month`` | 25 December | as ``month-day`` | day |
| ``yesterday`` / ``today`` / ``tomorrow`` | yesterday | publication date -1 / 0 / +1 day | day |
| ``days-ago`` | two days ago | publication date minus N days (N = 1..9 in words or digits) | day |
| ``last-weekday`` | last Friday | the latest such weekday strictly before publication | day |
| ``next-weekday`` | next Monday | the first such weekday after publication (a future date: flagged) | day |
| ``weekday`` | on Friday, early Thursday | the latest such weekday on or before publication (same day allowed) | day |
| ``month-year`` | November 2025 | first day of that month | month |
| ``last-month`` / ``this-month`` | last month | the month before / of publication | month |
| ``month`` | in November | the latest such month on or before the publication month | month |
| ``last-year`` / ``this-year`` | last year | the year before / of publication | year |
| ``year`` | in 2019 | 1 January of that year | year |

Limits: English only; a sentence gets one date (the first match of the most specific rule);
"last week", seasons, fiscal years, ranges ("between May and July") and time zones are not resolved.
A weekday is taken as the local date of the report: a Washington event reported in Tokyo may be a day off.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
              "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A sentence longer than this is cut before matching (extraction splits longer runs itself).
MAX_SENTENCE_CHARS = 2_000
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}

# Month names are matched capitalised only ("May" the month, not "may" the verb).
_FULL = "|".join(m.capitalize() for m in MONTHS)
_ABBR = "|".join(a.capitalize() for a in sorted(MONTH_ABBR, key=len, reverse=True))
MONTH_RE = rf"(?P<month>(?:{_FULL})|(?:{_ABBR})\.?)"
DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR_RE = r"(?P<year>(?:19|20)\d{2})"
WEEKDAY_RE = rf"(?P<weekday>{'|'.join(WEEKDAYS)})"
_B = r"(?<![\w-])"  # left word boundary that also refuses a hyphen ("2025-26")
_E = r"(?![\w])"

PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("iso", re.compile(rf"{_B}{YEAR_RE}-(?P<m>[01]\d)-(?P<day>[0-3]\d){_E}")),
    ("month-day-year", re.compile(rf"{_B}{MONTH_RE}\s+{DAY_RE},?\s+{YEAR_RE}{_E}")),
    ("day-month-year", re.compile(rf"{_B}{DAY_RE}\s+{MONTH_RE},?\s+{YEAR_RE}{_E}")),
    ("month-day", re.compile(rf"{_B}{MONTH_RE}\s+{DAY_RE}{_E}(?!,?\s*(?:19|20)\d\d)(?!\s*(?:%|percent|km|per))")),
    ("day-month", re.compile(rf"{_B}{DAY_RE}\s+{MONTH_RE}{_E}")),
    ("yesterday", re.compile(r"\b[Yy]esterday\b")),
    ("today", re.compile(r"\b(?:[Tt]oday|[Tt]onight|[Tt]his (?:morning|afternoon|evening))\b")),
    ("tomorrow", re.compile(r"\b[Tt]omorrow\b")),
    ("days-ago", re.compile(r"\b(?P<n>[1-9]|one|two|three|four|five|six|seven|eight|nine) days? ago\b")),
    ("last-weekday", re.compile(rf"\b[Ll]ast {WEEKDAY_RE}\b")),
    ("next-weekday", re.compile(rf"\b[Nn]ext {WEEKDAY_RE}\b")),
    ("weekday", re.compile(rf"\b{WEEKDAY_RE}\b")),
    ("month-year", re.compile(rf"{_B}{MONTH_RE}\s+(?:of\s+)?{YEAR_RE}{_E}")),
    ("last-month", re.compile(r"\b[Ll]ast month\b")),
    ("this-month", re.compile(r"\b(?:[Tt]his|[Ee]arlier this|[Ll]ater this) month\b")),
    ("month", re.compile(rf"\b(?:(?:[Ii]n|[Ss]ince|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id|[Ll]ast|[Tt]his)\s+|[Mm]id-)"
                         rf"{MONTH_RE}{_E}")),
    ("last-year", re.compile(r"\b[Ll]ast year\b")),
    ("this-year", re.compile(r"\b(?:[Tt]his|[Ee]arlier this) year\b")),
    ("year", re.compile(rf"\b(?:[Ii]n|[Ss]ince|[Dd]uring)\s+{YEAR_RE}{_E}")),
)
RULES = tuple(name for name, _ in PATTERNS)


@dataclass(frozen=True)
class DateMatch:
    """A date found in a sentence: the resolved date, its precision, the rule and the words matched."""

    date: dt.date
    precision: str  # "day", "month" or "year"
    rule: str
    text: str

    @property
    def future(self) -> bool:
        """Whether the rule resolved forward in time (``next-weekday``, ``tomorrow``)."""
        return self.rule in ("next-weekday", "tomorrow")


def _month(text: str) -> int:
    key = text.rstrip(".").lower()
    return MONTHS.get(key) or MONTH_ABBR[key]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _not_after(month: int, day: int, published: dt.date) -> dt.date | None:
    date = _safe_date(published.year, month, day)
    if date is not None and date > published:
        date = _safe_date(published.year - 1, month, day)
    return date


def _weekday_on_or_before(name: str, published: dt.date, strictly: bool) -> dt.date:
    back = (published.weekday() - WEEKDAYS.index(name)) % 7
    if strictly and back == 0:
        back = 7
    return published - dt.timedelta(days=back)


def _resolve(rule: str, m: re.Match, published: dt.date) -> tuple[dt.date | None, str]:
    g = m.groupdict()
    if rule == "iso":
        return _safe_date(int(g["year"]), int(g["m"]), int(g["day"])), "day"
    if rule in ("month-day-year", "day-month-year"):
        return _safe_date(int(g["year"]), _month(g["month"]), int(g["day"])), "day"
    if rule in ("month-day", "day-month"):
        return _not_after(_month(g["month"]), int(g["day"]), published), "day"
    if rule in ("yesterday", "today", "tomorrow"):
        return published + dt.timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[rule]), "day"
    if rule == "days-ago":
        n = g["n"]
        return published - dt.timedelta(days=int(n) if n.isdigit() else NUMBER_WORDS[n]), "day"
    if rule == "last-weekday":
        return _weekday_on_or_before(g["weekday"], published, strictly=True), "day"
    if rule == "next-weekday":
        ahead = (WEEKDAYS.index(g["weekday"]) - published.weekday()) % 7 or 7
        return published + dt.timedelta(days=ahead), "day"
    if rule == "weekday":
        return _weekday_on_or_before(g["weekday"], published, strictly=False), "day"
    if rule == "month-year":
        return dt.date(int(g["year"]), _month(g["month"]), 1), "month"
    if rule == "last-month":
        first = published.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=1), "month"
    if rule == "this-month":
        return published.replace(day=1), "month"
    if rule == "month":
        month = _month(g["month"])
        year = published.year if month <= published.month else published.year - 1
        return dt.date(year, month, 1), "month"
    if rule == "last-year":
        return dt.date(published.year - 1, 1, 1), "year"
    if rule == "this-year":
        return dt.date(published.year, 1, 1), "year"
    if rule == "year":
        return dt.date(int(g["year"]), 1, 1), "year"
    raise ValueError(f"unknown date rule, got {rule!r}")


def find_dates(sentence: str, published: dt.date) -> list[DateMatch]:
    """Every date expression in ``sentence``, most specific rule first, each resolved once.

    Parameters
    ----------
    sentence : str
        One sentence of the report; only its first :data:`MAX_SENTENCE_CHARS` characters are read.
    published : datetime.date
        The report's publication date (relative expressions are resolved against it).

    Returns
    -------
    list of DateMatch
        In rule order (see the module table), then by position; overlapping matches are kept
        only for the more specific rule.
    """
    if not isinstance(published, dt.date):
        raise ValueError(f"published must be a datetime.date, got {published!r}")
    sentence = sentence[:MAX_SENTENCE_CHARS]
    found: list[DateMatch] = []
    # One flag per character already inside a kept match: the overlap test costs the match's
    # length, so the whole scan is linear in the sentence (a list of spans made it quadratic).
    taken = bytearray(len(sentence))
    for rule, pattern in PATTERNS:
        for m in pattern.finditer(sentence):
            if any(taken[m.start():m.end()]):
                continue
            date, precision = _resolve(rule, m, published)
            if date is None:
                continue
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            found.append(DateMatch(date, precision, rule, m.group(0)))
    return found


def best_date(sentence: str, published: dt.date) -> DateMatch | None:
    """The sentence's date: the first match of the most specific rule, or None."""
    found = find_dates(sentence, published)
    return found[0] if found else None
