"""'What changed since' as numbers, plain text and one slide whose text never overlaps (like the deck)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

from analysis.charts import text
from analysis.data.loader import load_dataset
from analysis.export import slides as layout
from analysis.export.changes_slide import build_slide
from analysis.features.changes import as_text, what_changed
from tests.clirun import run_cli
from tests.conftest import FIXTURE_DATA


@pytest.fixture(scope="module")
def data():
    return load_dataset(FIXTURE_DATA)


def test_numbers_and_plain_text(data) -> None:
    summary = what_changed(data, dt.date(2025, 11, 10), dt.date(2026, 1, 31), waiting=7)
    assert list(summary.new_events["title"]) == ["Fixture advisory", "Fixture incident", "Fixture alliance meeting"]
    assert summary.top.iloc[0]["title"] == "Fixture incident"  # military acts rank first
    assert summary.index_now == summary.index_now and summary.index_then == summary.index_then  # both known
    body = as_text(summary, data.sources)
    assert body.startswith("What changed since 10 Nov 2025\n")
    assert "3 new curated event(s) dated 10 Nov 2025 to 31 Jan 2026; 7 feed candidate(s) waiting for review." in body
    assert "- 06 Dec 2025 · military_incident · Fixture incident" in body
    sources = body.split("Sources: ", 1)[1].splitlines()[0]
    assert sources.count("(") == 2  # both fixture sources cited, in short form
    with pytest.raises(ValueError, match="got '2026-02-01'"):
        what_changed(data, dt.date(2026, 2, 1), dt.date(2026, 1, 31))


@pytest.mark.parametrize("marking", ["", "UNCLASSIFIED – FOR TRAINING"])
def test_slide_text_boxes_hold_their_text_and_never_overlap(data, marking) -> None:
    summary = what_changed(data, dt.date(2012, 1, 1), dt.date(2026, 1, 31), waiting=3)
    prs = Presentation(io.BytesIO(build_slide(summary, data.sources, "pptx", marking)))
    (slide,) = list(prs.slides)
    boxes = []
    for shape in slide.shapes:
        box = layout.Box(Emu(shape.left).inches, Emu(shape.top).inches, Emu(shape.width).inches,
                         Emu(shape.height).inches)
        boxes.append(box)
        size = shape.text_frame.paragraphs[0].runs[0].font.size.pt
        lines = sum(len(text.wrap(p.text, size, box.width - 2 * layout.PPTX_INSET_X))
                    for p in shape.text_frame.paragraphs)
        assert layout.block_height(lines, size) + 2 * layout.PPTX_INSET_Y <= box.height + 1e-4
        assert box.bottom <= layout.SLIDE_H + 1e-6
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)
    shown = "\n".join(s.text_frame.text for s in slide.shapes)
    assert "Sources: " in shown and "Fixture incident" in shown
    assert shown.count(marking) == 2 if marking else "UNCLASSIFIED" not in shown  # top and bottom
    pdf = PdfReader(io.BytesIO(build_slide(summary, data.sources, "pdf", marking)))
    assert len(pdf.pages) == 1 and "What changed since" in pdf.pages[0].extract_text()
    with pytest.raises(ValueError, match="got 'png'"):
        build_slide(summary, data.sources, "png")


def test_changes_cli_writes_text_and_slides(tmp_path) -> None:
    for suffix in ("txt", "pptx", "pdf"):
        out = tmp_path / f"changes.{suffix}"
        done = run_cli("changes", "--since", "2025-11-10", "--out", str(out), "--data-dir", str(FIXTURE_DATA),
                       "--store", str(tmp_path / "store"))
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"wrote {out} (3 new events, 0 candidates waiting)"
    assert (tmp_path / "changes.txt").read_text(encoding="utf-8").startswith("What changed since 10 Nov 2025")
    bad = run_cli("changes", "--since", "2025-11-10", "--out", str(tmp_path / "x.png"))
    assert bad.returncode == 2 and "--out must end in .pptx, .pdf or .txt" in bad.stderr
