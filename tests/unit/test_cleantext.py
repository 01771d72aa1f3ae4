"""Control characters never survive into extracted or imported text; formulas behind controls are defused."""

from __future__ import annotations

import pytest

from analysis.cleantext import formula_risk, strip_controls
from analysis.export.formats import neutralise_cell, table_to_csv
from analysis.imports.inputs import from_upload
from analysis.imports.pipeline import read_files
from analysis.ingest.record import to_text
from tests.unit.imports.conftest import acled_bytes

HIDDEN = ["\x00\x00=cmd|' /C calc'!A0", " =1+1", "\x1b\x1b=HYPERLINK(\"http://x\")", "\u00a0@SUM(A1)",
          "\x7f+cmd", "\x00-2+3"]


@pytest.mark.parametrize("value", HIDDEN)
def test_formulas_behind_controls_or_spaces_are_neutralised(value: str) -> None:
    assert formula_risk(value)
    out = neutralise_cell(value)
    assert out.startswith("'") and "\x00" not in out and "\x1b" not in out and "\x7f" not in out


def test_csv_export_has_no_control_characters_and_no_live_formula() -> None:
    import pandas as pd

    raw = table_to_csv(pd.DataFrame({"title": HIDDEN}))
    text = raw.decode("utf-8-sig")
    assert not any(c in text for c in "\x00\x1b\x7f")
    cells = text.split("\r\n")[1:-1]
    assert all(c.lstrip('"').startswith("'") for c in cells), cells


def test_strip_controls_keeps_text_tabs_and_newlines() -> None:
    assert strip_controls("a\x00b\tc\r\nd\re\x1bf\x85g 尖閣") == "ab\tc\nd\nef" + "g 尖閣"


@pytest.mark.parametrize("name", ["r.txt", "r.md", "r.html"])
def test_extracted_report_text_has_no_control_characters(name: str) -> None:
    data = b"Chinese\x00 ships\x1b[2J entered\x07 the waters on 3 March 2026.\x00\x00=cmd"
    text = to_text(data, name)
    assert not any(ord(c) < 32 and c not in "\t\n" for c in text) and "\x7f" not in text
    assert "ships" in text and "=cmd" in text


def test_imported_text_cells_have_no_control_characters(tmp_path) -> None:
    data = acled_bytes(n=2, notes="Protest\x00 at\x1b the base\x07", location="Naha\x00")
    report = read_files(from_upload("a.csv", data), folder=tmp_path)
    assert report.accepted == 2, report.errors
    for column in ("title", "summary", "location", "source_text"):
        cells = report.preview[column].dropna().astype(str)
        assert not cells.str.contains(r"[\x00-\x08\x0b-\x1f\x7f]", regex=True).any(), column
