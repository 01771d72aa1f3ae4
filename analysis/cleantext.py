r"""Text from files made safe to keep and to hand on: control characters out, formulas defused.

One rule in one place for every text that came from outside (ingested reports, imported event
cells) and every cell the app writes to CSV/XLSX:

- :func:`strip_controls` drops C0 controls except tab and newline (``\x00``, ``\x1b``...), DEL,
  C1 controls and a lone ``\r`` (turned into ``\n``): nothing invisible reaches a CSV or a screen.
- :func:`formula_risk` says whether a spreadsheet would run a cell as a formula *after* skipping
  what it skips: leading controls and whitespace (``"\x00\x00=cmd"``, ``" =cmd"`` are formulas).
"""

from __future__ import annotations

import re

__all__ = ["CONTROL_PATTERN", "FORMULA_STARTS", "drop_controls", "formula_risk", "strip_controls"]

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
CONTROL_PATTERN = _CONTROLS.pattern  # for pandas ``.str.replace(CONTROL_PATTERN, "", regex=True)``
FORMULA_STARTS = ("=", "+", "-", "@")
_LEADING = re.compile(r"^[\x00-\x20\x7f\x80-\x9f\u00a0\u2000-\u200b\u3000\ufeff]+")


def drop_controls(text: str) -> str:
    """``text`` without control characters other than tab, newline and carriage return."""
    return _CONTROLS.sub("", text)


def strip_controls(text: str) -> str:
    """``text`` without control characters (tab and newline kept; CRLF and lone CR become LF)."""
    return drop_controls(text.replace("\r\n", "\n").replace("\r", "\n"))


def formula_risk(text: str) -> bool:
    """True if a spreadsheet could read ``text`` as a formula once leading controls/whitespace are skipped.

    A cell that itself starts with tab or CR is a risk too (some spreadsheets strip them first).
    """
    if text.startswith(("\t", "\r")):
        return True
    return _LEADING.sub("", text).startswith(FORMULA_STARTS)
