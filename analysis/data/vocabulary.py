"""One event vocabulary: CAMEO code -> project category, for feeds, report ingestion and curators.

Two sourced tables in ``data/reference/`` (see ``data/README.md``, "Event vocabulary"):

- ``cameo_categories.csv`` (``code, qualifier, category, reasoning, source``): the category of a CAMEO
  event code. A code takes the row of its longest listed prefix (``0312`` -> ``0312``, ``0314`` -> ``03``),
  so every root ``01``..``20`` has a row. A row with a ``qualifier`` refines a code when the reader
  knows more than the code says (an ingestion rule's name, ``allies``/``others``); feeds and the Curate
  form's default use the unqualified rows only.
- ``acled_event_codes.csv`` (``event_type, sub_event_type, event_code, reasoning, codebook``): the CAMEO
  code of an ACLED event type (current and 2016-2018 names); a sub-event type row wins over the type row.

Both tables are checked when read: codes published (``cameo_event_codes.csv``), categories known,
every root present, no key twice. The public names below are what other modules use.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.schemas import CAMEO_EVENT_CODES, CATEGORIES, REFERENCE_DIR
from analysis.settings import DEFAULT_DATA_DIR

CATEGORY_FILE = DEFAULT_DATA_DIR / REFERENCE_DIR / "cameo_categories.csv"
ACLED_CODE_FILE = DEFAULT_DATA_DIR / REFERENCE_DIR / "acled_event_codes.csv"
CATEGORY_HEADER = ["code", "qualifier", "category", "reasoning", "source"]
ACLED_HEADER = ["event_type", "sub_event_type", "event_code", "reasoning", "codebook"]
ROOTS = tuple(f"{i:02d}" for i in range(1, 21))


def _rows(path: Path, header: list[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != header:
            raise ValueError(f"{path}: expected header {','.join(header)}, got {reader.fieldnames!r}")
        rows = [{k: (v or "").strip() for k, v in row.items()} for row in reader]
    for line, row in enumerate(rows, start=2):
        empty = [k for k in header if k not in ("qualifier", "sub_event_type") and not row[k]]
        if empty:
            raise ValueError(f"{path} line {line}: empty {empty}, got {row!r}")
    return rows


@functools.cache
def _published_codes() -> frozenset[str]:
    with (DEFAULT_DATA_DIR / CAMEO_EVENT_CODES.filename).open(encoding="utf-8", newline="") as handle:
        return frozenset(row["code"] for row in csv.DictReader(handle))


@functools.cache
def category_table() -> dict[tuple[str, str], str]:
    """``(code, qualifier) -> category`` from ``cameo_categories.csv`` (qualifier ``""`` = the default).

    Raises
    ------
    ValueError
        If the file's header, a code, a category or a key is wrong, or a CAMEO root has no row.
    """
    table: dict[tuple[str, str], str] = {}
    for line, row in enumerate(_rows(CATEGORY_FILE, CATEGORY_HEADER), start=2):
        key = (row["code"], row["qualifier"])
        if row["code"] not in _published_codes():
            raise ValueError(f"{CATEGORY_FILE} line {line}: code is not a published CAMEO code, got {row['code']!r}")
        if row["category"] not in CATEGORIES:
            raise ValueError(f"{CATEGORY_FILE} line {line}: category must be one of {CATEGORIES}, "
                             f"got {row['category']!r}")
        if key in table:
            raise ValueError(f"{CATEGORY_FILE} line {line}: code and qualifier listed twice, got {key!r}")
        table[key] = row["category"]
    missing = [root for root in ROOTS if (root, "") not in table]
    if missing:
        raise ValueError(f"{CATEGORY_FILE}: every CAMEO root needs a row; missing {missing}")
    return table


def category_for(code: object, qualifier: str = "") -> str | None:
    """The category of a CAMEO event code (longest listed prefix), refined by ``qualifier`` if the table has it.

    ``None`` for an empty code or one whose root is not 01..20.
    """
    text = str(code).strip() if code is not None else ""
    if not text.isdigit() or len(text) < 2:
        return None
    table = category_table()
    for size in range(min(len(text), 4), 1, -1):
        prefix = text[:size]
        if qualifier and (prefix, qualifier) in table:
            return table[(prefix, qualifier)]
        if (prefix, "") in table:
            return table[(prefix, "")]
    return None


def categories_for(codes: pd.Series) -> pd.Series:
    """:func:`category_for` of a column of codes, computed once per distinct code (``None`` where unknown)."""
    index, uniques = pd.factorize(codes.astype("string").fillna(""), use_na_sentinel=True)
    looked = np.array([category_for(u) for u in uniques], dtype=object)
    out = looked[index] if len(looked) else np.full(len(codes), None, dtype=object)
    return pd.Series(out, index=codes.index, dtype=object)


@functools.cache
def acled_code_table() -> dict[tuple[str, str], str]:
    """``(event_type, sub_event_type) -> CAMEO code`` from ``acled_event_codes.csv`` (``""`` = any sub-type).

    Raises
    ------
    ValueError
        If the header, a code or a key is wrong, or a code has no category.
    """
    table: dict[tuple[str, str], str] = {}
    for line, row in enumerate(_rows(ACLED_CODE_FILE, ACLED_HEADER), start=2):
        key = (row["event_type"], row["sub_event_type"])
        code = row["event_code"]
        if code not in _published_codes() or category_for(code) is None:
            raise ValueError(f"{ACLED_CODE_FILE} line {line}: event_code is not a published CAMEO code with a "
                             f"category, got {code!r}")
        if key in table:
            raise ValueError(f"{ACLED_CODE_FILE} line {line}: event type and sub-type listed twice, got {key!r}")
        table[key] = code
    return table


def acled_event_types() -> list[str]:
    """Every ACLED event type the table knows (current and old names)."""
    return list(dict.fromkeys(kind for kind, _ in acled_code_table()))


def _fold(values: pd.Series) -> pd.Series:
    return values.astype("string").fillna("").str.split().str.join(" ").str.casefold()


@functools.cache
def _folded_acled_table() -> dict[tuple[str, str], str]:
    return {(" ".join(k.split()).casefold(), " ".join(s.split()).casefold()): code
            for (k, s), code in acled_code_table().items()}


def acled_codes(event_type: pd.Series, sub_event_type: pd.Series) -> pd.Series:
    """CAMEO code per ACLED row: the sub-event type's row, else the event type's row; ``None`` if neither.

    Names match whatever their case and spacing ("RIots/Protests" in some 2016 files is "Riots/Protests").
    """
    table = _folded_acled_table()
    pairs = pd.MultiIndex.from_arrays([_fold(event_type), _fold(sub_event_type)])
    index, uniques = pd.factorize(pairs)
    looked = np.array([table.get((kind, sub)) or table.get((kind, "")) for kind, sub in uniques], dtype=object)
    out = looked[index] if len(looked) else np.full(len(event_type), None, dtype=object)
    return pd.Series(out, index=event_type.index, dtype=object)


def agreement(events: pd.DataFrame) -> tuple[int, int, pd.DataFrame]:
    """How many curated events' ``category`` equals the table's default for their ``event_code``.

    Returns ``(agreeing, total, disagreements)``; disagreements has ``event_id, event_code, category,
    table_category``.
    """
    table = categories_for(events["event_code"])
    same = table.eq(events["category"]).to_numpy()
    wrong = events.loc[~same, ["event_id", "event_code", "category"]].assign(table_category=table[~same])
    return int(same.sum()), len(events), wrong.reset_index(drop=True)
