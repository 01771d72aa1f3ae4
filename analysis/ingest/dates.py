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
| ``last-week`` | last week | the Monday of the week before publication (the data has no week precision) | day |
| ``fiscal-year`` | fiscal 2026, FY2026, 2026年度, 令和8年度 | 1 April of that year (Japan's fiscal year) | year |

Japanese and Chinese (matched before the English rules; full-width digits read as digits):

| rule | example | resolution | precision |
|---|---|---|---|
| ``era-date`` | 令和8年1月16日, 平成24年9月11日 | era year (令和 1 = 2019, 平成 1 = 1989, 元年 = 1) | day |
| ``era-year`` | 令和8年 | 1 January of that year | year |
| ``cjk-ymd`` | 2026年1月16日 | as written | day |
| ``cjk-ym`` | 2026年1月 | first day of that month | month |
| ``cjk-md`` | 1月16日, 一月八日 | as ``month-day`` | day |
| ``cjk-day`` | 29日午後, 今(2日) | that day of the publication month, or of the month before if later | day |
| ``cjk-last-weekday`` | 上周五, 上星期五, 先週金曜日 | as ``last-weekday`` | day |
| ``cjk-weekday`` | 周五, 星期五, 金曜日 | as ``weekday`` | day |
| ``yesterday`` / ``today`` / ``tomorrow`` | 昨日 昨天 / 今日 今天 / 明日 明天 | as in English | day |
| ``last-month`` / ``this-month`` | 先月 上月 / 今月 本月 | as in English | month |
| ``last-year`` / ``this-year`` | 昨年 去年 / 今年 | as in English | year |
| ``last-week`` | 先週, 上周 | as in English | day |

**Dateline rule** (``weekday-dateline``): a report stamped with a publication date in one time zone
(e.g. US time) whose dateline city is ahead of it (TOKYO) may name the dateline's next day: when
``dateline_ahead`` is true and a weekday names the day after the publication date, that day is
taken (``TOKYO — ... on Friday`` in a report dated Thursday in New York is that Friday, not the
Friday before).

Limits: a sentence gets one date (the first match of the most specific rule); seasons, ranges
("between May and July", 4月8日至10日 takes the first day) and US fiscal years (1 October) are not
resolved; a weekday is the dateline's local date only when the caller says the dateline is ahead.
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
CJK_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
JA_WEEKDAYS = {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6}
CJK_NUMERALS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                "九": 9, "十": 10}
ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}  # era year N is Gregorian offset + N
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
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

_CJK_N = r"(?:\d{1,2}|[〇○一二三四五六七八九十]{1,3})"
_ERA = rf"(?P<era>{'|'.join(ERAS)})(?P<eyear>\d{{1,2}}|元)年"
PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("fiscal-year", re.compile(rf"(?:{_ERA}度|(?P<fy>(?:19|20)\d{{2}})年度|\b[Ff]iscal(?: year)? {YEAR_RE}\b|"
                               rf"\bFY ?(?P<fy2>(?:19|20)\d{{2}})\b)")),
    ("era-date", re.compile(rf"{_ERA}(?P<m>\d{{1,2}})月(?P<day>\d{{1,2}})日")),
    ("era-year", re.compile(_ERA)),
    ("cjk-ymd", re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<day>\d{1,2})日")),
    ("cjk-ym", re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})年(?P<m>\d{1,2})月")),
    ("cjk-md", re.compile(rf"(?<![\d〇○一二三四五六七八九十])(?P<m>{_CJK_N})月(?P<day>{_CJK_N})日")),
    ("cjk-day", re.compile(r"(?<![\d月])(?P<day>\d{1,2})日(?![本間])")),
    ("cjk-last-weekday", re.compile(r"(?:上(?:周|週|星期|礼拜)(?P<zh>[一二三四五六日天])|"
                                    r"先週の?(?P<ja>[月火水木金土日])曜日?)")),
    ("cjk-weekday", re.compile(r"(?:(?:周|週|星期|礼拜)(?P<zh>[一二三四五六日天])(?![年边邊末刊])|"
                               r"(?P<ja>[月火水木金土日])曜日?)")),
    ("iso", re.compile(rf"{_B}{YEAR_RE}-(?P<m>[01]\d)-(?P<day>[0-3]\d){_E}")),
    ("month-day-year", re.compile(rf"{_B}{MONTH_RE}\s+{DAY_RE},?\s+{YEAR_RE}{_E}")),
    ("day-month-year", re.compile(rf"{_B}{DAY_RE}\s+{MONTH_RE},?\s+{YEAR_RE}{_E}")),
    ("month-day", re.compile(rf"{_B}{MONTH_RE}\s+{DAY_RE}{_E}(?!,?\s*(?:19|20)\d\d)(?!\s*(?:%|percent|km|per))")),
    ("day-month", re.compile(rf"{_B}{DAY_RE}\s+{MONTH_RE}{_E}")),
    ("yesterday", re.compile(r"\b[Yy]esterday\b|昨日|昨天")),
    ("today", re.compile(r"\b(?:[Tt]oday|[Tt]onight|[Tt]his (?:morning|afternoon|evening))\b|今日|今天")),
    ("tomorrow", re.compile(r"\b[Tt]omorrow\b|明日|明天")),
    ("days-ago", re.compile(r"\b(?P<n>[1-9]|one|two|three|four|five|six|seven|eight|nine) days? ago\b")),
    ("last-weekday", re.compile(rf"\b[Ll]ast {WEEKDAY_RE}\b")),
    ("next-weekday", re.compile(rf"\b[Nn]ext {WEEKDAY_RE}\b")),
    ("weekday", re.compile(rf"\b{WEEKDAY_RE}\b")),
    ("month-year", re.compile(rf"{_B}{MONTH_RE}\s+(?:of\s+)?{YEAR_RE}{_E}")),
    ("last-week", re.compile(r"\b[Ll]ast week\b|先週|上周|上週|上星期")),
    ("last-month", re.compile(r"\b[Ll]ast month\b|先月|上月|上个月|上個月")),
    ("this-month", re.compile(r"\b(?:[Tt]his|[Ee]arlier this|[Ll]ater this) month\b|今月|本月")),
    ("month", re.compile(rf"\b(?:(?:[Ii]n|[Ss]ince|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id|[Ll]ast|[Tt]his)\s+|[Mm]id-)"
                         rf"{MONTH_RE}{_E}")),
    ("last-year", re.compile(r"\b[Ll]ast year\b|昨年|去年")),
    ("this-year", re.compile(r"\b(?:[Tt]his|[Ee]arlier this) year\b|今年")),
    ("year", re.compile(rf"\b(?:[Ii]n|[Ss]ince|[Dd]uring)\s+{YEAR_RE}{_E}")),
)
RULES = tuple(name for name, _ in PATTERNS)
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
CJK_ONLY_RULES = frozenset({"era-date", "era-year", "cjk-ymd", "cjk-ym", "cjk-md", "cjk-day", "cjk-last-weekday",
                            "cjk-weekday"})
CJK_RULES = frozenset({"fiscal-year", "era-date", "era-year", "cjk-ymd", "cjk-ym", "cjk-md", "cjk-day",
                       "cjk-last-weekday", "cjk-weekday"})


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


def _cjk_number(text: str) -> int:
    """1..31 written in digits or Chinese numerals (八, 十六, 二十三, 三十一)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return CJK_NUMERALS.get(tens, 1) * 10 + (CJK_NUMERALS[ones] if ones else 0)
    return int("".join(str(CJK_NUMERALS[c]) for c in text))


def _era_year(g: dict) -> int:
    return ERAS[g["era"]] + (1 if g["eyear"] == "元" else int(g["eyear"]))


def _cjk_weekday(g: dict) -> str:
    index = CJK_WEEKDAYS[g["zh"]] if g.get("zh") else JA_WEEKDAYS[g["ja"]]
    return WEEKDAYS[index]


def _resolve_cjk(rule: str, g: dict, published: dt.date) -> tuple[dt.date | None, str]:
    if rule == "fiscal-year":
        year = _era_year(g) if g.get("era") else int(g.get("fy") or g.get("year") or g["fy2"])
        return dt.date(year, 4, 1), "year"
    if rule == "era-date":
        return _safe_date(_era_year(g), int(g["m"]), int(g["day"])), "day"
    if rule == "era-year":
        return dt.date(_era_year(g), 1, 1), "year"
    if rule == "cjk-ymd":
        return _safe_date(int(g["year"]), int(g["m"]), int(g["day"])), "day"
    if rule == "cjk-ym":
        month = int(g["m"])
        return (dt.date(int(g["year"]), month, 1) if 1 <= month <= 12 else None), "month"
    if rule == "cjk-md":
        month, day = _cjk_number(g["m"]), _cjk_number(g["day"])
        return (_not_after(month, day, published) if 1 <= month <= 12 else None), "day"
    if rule == "cjk-day":
        day = int(g["day"])
        date = _safe_date(published.year, published.month, day)
        if date is None or date > published:
            before = published.replace(day=1) - dt.timedelta(days=1)
            date = _safe_date(before.year, before.month, day)
        return date, "day"
    if rule in ("cjk-last-weekday", "cjk-weekday"):
        return _weekday_on_or_before(_cjk_weekday(g), published, strictly=rule == "cjk-last-weekday"), "day"
    raise ValueError(f"unknown date rule, got {rule!r}")


def _resolve(rule: str, m: re.Match, published: dt.date) -> tuple[dt.date | None, str]:
    g = m.groupdict()
    if rule in CJK_RULES:
        return _resolve_cjk(rule, g, published)
    if rule == "last-week":
        monday = published - dt.timedelta(days=published.weekday())
        return monday - dt.timedelta(days=7), "day"
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


def find_dates(sentence: str, published: dt.date, dateline_ahead: bool = False) -> list[DateMatch]:
    """Every date expression in ``sentence``, most specific rule first, each resolved once.

    Parameters
    ----------
    sentence : str
        One sentence of the report; only its first :data:`MAX_SENTENCE_CHARS` characters are read.
    published : datetime.date
        The report's publication date (relative expressions are resolved against it).
    dateline_ahead : bool
        The dateline's local date may already be the day after ``published`` (a Tokyo dateline
        in a report stamped in US time): a weekday naming that next day resolves to it.

    Returns
    -------
    list of DateMatch
        In rule order (see the module table), then by position; overlapping matches are kept
        only for the more specific rule.
    """
    if not isinstance(published, dt.date):
        raise ValueError(f"published must be a datetime.date, got {published!r}")
    sentence = sentence[:MAX_SENTENCE_CHARS].translate(FULL_WIDTH_DIGITS)
    next_day = published + dt.timedelta(days=1)
    found: list[DateMatch] = []
    # One flag per character already inside a kept match: the overlap test costs the match's
    # length, so the whole scan is linear in the sentence (a list of spans made it quadratic).
    taken = bytearray(len(sentence))
    cjk = bool(_CJK_CHAR.search(sentence))
    for rule, pattern in PATTERNS:
        if rule in CJK_ONLY_RULES and not cjk:
            continue
        for m in pattern.finditer(sentence):
            if any(taken[m.start():m.end()]):
                continue
            date, precision = _resolve(rule, m, published)
            if date is None:
                continue
            named = m.groupdict().get("weekday") or (_cjk_weekday(m.groupdict()) if rule == "cjk-weekday" else None)
            if dateline_ahead and rule in ("weekday", "cjk-weekday") and named == WEEKDAYS[next_day.weekday()]:
                date, rule = next_day, "weekday-dateline"
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            found.append(DateMatch(date, precision, rule, m.group(0)))
    return found


def best_date(sentence: str, published: dt.date, dateline_ahead: bool = False) -> DateMatch | None:
    """The sentence's date: the first match of the most specific rule, or None."""
    found = find_dates(sentence, published, dateline_ahead)
    return found[0] if found else None
