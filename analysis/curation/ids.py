"""New identifiers for curated rows, in the style of the existing ones (``ev-20260115-koizumi-hegseth``)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

MAX_WORDS = 6
STOP_WORDS = frozenset({"a", "an", "and", "the", "of", "on", "in", "to", "for", "at", "with", "by", "as"})


def slug(text: str, words: int = MAX_WORDS) -> str:
    """Lower-case ASCII words joined by ``-`` (accents dropped, stop words skipped), at most ``words``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = [p for p in re.split(r"[^a-z0-9]+", ascii_text.lower()) if p and p not in STOP_WORDS]
    return "-".join(parts[:words])


def _unique(base: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _fallback(text: str) -> str:
    # Titles with no ASCII letters (Japanese, Chinese) get a short content hash.
    return hashlib.sha1(text.encode()).hexdigest()[:8]


def new_event_id(date: str, title: str, taken: Iterable[str]) -> str:
    """``ev-YYYYMMDD-<title words>``, unique among ``taken``."""
    return _unique(f"ev-{date.replace('-', '')}-{slug(title) or _fallback(title)}", taken)


def new_source_id(publisher: str, published: str, title: str, taken: Iterable[str]) -> str:
    """``src-<publisher>-<YYYYMMDD|nd>-<title words>``, unique among ``taken``."""
    who = slug(publisher, 2) or _fallback(publisher)
    when = published.replace("-", "") or "nd"
    return _unique(f"src-{who}-{when}-{slug(title, 5) or _fallback(title)}", taken)
