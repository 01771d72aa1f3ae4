"""The one text font (DejaVu Sans, Debian's fonts-dejavu-core) and its measured metrics.

Charts, slides and exported footers all set text in DejaVu Sans: :data:`FONT_REGULAR` and
:data:`FONT_BOLD` are its files, and :func:`wrap` / :func:`fit_lines` wrap text with its real metrics
(so a table row or a slide caption is sized from the text it holds).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONTS = {False: FONT_REGULAR, True: FONT_BOLD}
# DejaVu has no Chinese, Japanese or Korean glyphs: those characters are set (and measured) in Noto Sans
# CJK (Debian's fonts-noto-cjk; every face of the collection holds all CJK and Hangul glyphs).
CJK_DIR = Path("/usr/share/fonts/opentype/noto")
CJK_FONTS = {False: CJK_DIR / "NotoSansCJK-Regular.ttc", True: CJK_DIR / "NotoSansCJK-Bold.ttc"}
# Other renderers (PowerPoint, LibreOffice) set the same font slightly differently: keep a margin.
WIDTH_SAFETY = 0.94


@lru_cache(maxsize=8)
def _font(size_pt: float, bold: bool):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONTS[bold]), size=max(1, round(size_pt * 10)))  # 10x for sub-point accuracy


@lru_cache(maxsize=8)
def _cjk_font(size_pt: float, bold: bool):
    from PIL import ImageFont

    path = CJK_FONTS[bold]
    return ImageFont.truetype(str(path), size=max(1, round(size_pt * 10)), index=0) if path.exists() else None


@lru_cache(maxsize=2)
def dejavu_codepoints(bold: bool = False) -> frozenset[int]:
    """The characters DejaVu Sans has a glyph for."""
    from fontTools.ttLib import TTFont

    with TTFont(str(FONTS[bold]), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _runs(text: str, bold: bool) -> list[tuple[bool, str]]:
    """``text`` cut into runs of (set in DejaVu?, characters)."""
    have = dejavu_codepoints(bold)
    runs: list[tuple[bool, str]] = []
    for ch in text:
        mine = ord(ch) in have or ch.isspace()
        if runs and runs[-1][0] == mine:
            runs[-1] = (mine, runs[-1][1] + ch)
        else:
            runs.append((mine, ch))
    return runs


def text_width_in(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of one line of ``text`` at ``size_pt`` in inches (DejaVu Sans; CJK in Noto Sans CJK)."""
    if text.isascii():
        return _font(size_pt, bold).getlength(text) / 10 / 72
    cjk = _cjk_font(size_pt, bold)
    width = 0.0
    for in_dejavu, run in _runs(text, bold):
        font = _font(size_pt, bold) if in_dejavu or cjk is None else cjk
        width += font.getlength(run)
    return width / 10 / 72


def wrap(text: str, size_pt: float, width_in: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of ``text`` into lines no wider than ``width_in`` (newlines kept)."""
    if width_in <= 0:
        raise ValueError(f"width must be > 0 in, got {width_in!r}")
    limit = width_in * WIDTH_SAFETY
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width_in(candidate, size_pt, bold) <= limit:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width_in(word, size_pt, bold) > limit:  # a word wider than the box: break it
                cut = max(1, next(i for i in range(len(word), 0, -1)
                                  if text_width_in(word[:i], size_pt, bold) <= limit))
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def fit_lines(text: str, size_pt: float, width_in: float, max_lines: int, bold: bool = False) -> list[str]:
    """``text`` wrapped, at most ``max_lines`` lines; the last one ends in `` …`` if cut."""
    if max_lines < 1:
        raise ValueError(f"max_lines must be >= 1, got {max_lines!r}")
    lines = wrap(text, size_pt, width_in, bold)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and text_width_in(last + " …", size_pt, bold) > width_in * WIDTH_SAFETY:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last + " …"
    return kept
