"""`python -m analysis.cli`: exit codes, files written, one-line errors.

The commands run in-process through ``cli.main`` (one interpreter, one warm export browser); a single
smoke test runs the real ``python -m analysis.cli`` in a subprocess.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from analysis import cli as cli_module
from analysis.catalog import chart_registry
from analysis.export import formats as export
from tests.clirun import run_cli
from tests.conftest import FIXTURE_DATA, REPO

cli = run_cli


def test_module_runs_as_a_script() -> None:
    run = subprocess.run([sys.executable, "-m", "analysis.cli", "list-charts"], cwd=REPO, capture_output=True,
                         text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == list(chart_registry())


def test_list_charts_prints_every_registered_name() -> None:
    run = cli("list-charts")
    assert run.returncode == 0, run.stderr
    names = run.stdout.split()
    assert names == list(chart_registry())
    assert "top-events" in names and "events-per-year" in names


def test_chart_png_with_filters(tmp_path: Path) -> None:
    out = tmp_path / "chart.png"
    run = cli("chart", "events-per-year", "--format", "png", "--out", str(out), "--countries", "JPN,China",
              "--start", "2025-11-01", "--end", "2026-01-31", "--data-dir", str(FIXTURE_DATA))
    assert run.returncode == 0, run.stderr
    assert "wrote" in run.stdout
    with Image.open(out) as image:
        assert image.size == (3200, 1800)


def test_chart_html_is_self_contained_and_has_the_footer(tmp_path: Path) -> None:
    out = tmp_path / "chart.html"
    run = cli("chart", "top-events", "--format", "html", "--out", str(out), "--categories", "military_incident",
              "--data-dir", str(FIXTURE_DATA))
    assert run.returncode == 0, run.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script src" not in html
    assert "categories: military_incident" in html and "Fixture Publisher (2025-11-10)" in html


def test_brief_pptx_and_pdf(tmp_path: Path) -> None:
    deck = tmp_path / "deck.pptx"
    run = cli("brief", "--out", str(deck), "--charts", "events-per-year,top-events", "--title", "CLI deck",
              "--marking", "UNCLASSIFIED", "--data-dir", str(FIXTURE_DATA))
    assert run.returncode == 0, run.stderr
    assert "[3/3] Done" in run.stderr
    slides = list(Presentation(str(deck)).slides)
    assert len(slides) == 4
    assert any("CLI deck" in s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    pdf = tmp_path / "deck.pdf"
    run = cli("brief", "--out", str(pdf), "--charts", "top-events", "--quiet", "--data-dir", str(FIXTURE_DATA))
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert len(PdfReader(io.BytesIO(pdf.read_bytes())).pages) == 4  # title, chart, sources, appendix


def test_chart_format_comes_from_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "timeline.png"
    run = cli("chart", "top-events", "--out", str(out), "--data-dir", str(FIXTURE_DATA))
    assert run.returncode == 0, run.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    svg = tmp_path / "TOP.SVG"
    assert cli("chart", "top-events", "--out", str(svg), "--data-dir", str(FIXTURE_DATA)).returncode == 0
    assert b"<svg" in svg.read_bytes()[:400]


@pytest.mark.parametrize(("args", "needle"), [
    (["chart", "top-events", "--out", "x.txt"], "x.txt'"),
    (["chart", "top-events", "--format", "pdf", "--out", "x.png"], "x.png'"),
    (["chart", "no-such-chart", "--format", "png", "--out", "x.png"], "'no-such-chart'"),
    (["chart", "top-events", "--format", "png", "--out", "x.png", "--start", "2025-13-01"], "'2025-13-01'"),
    (["chart", "top-events", "--format", "png", "--out", "x.png", "--end", "25/11/2025"], "'25/11/2025'"),
    (["chart", "top-events", "--format", "png", "--out", "x.png", "--countries", "JPN,XXX"], "'XXX'"),
    (["chart", "top-events", "--format", "png", "--out", "x.png", "--categories", "piracy"], "'piracy'"),
    (["chart", "top-events", "--format", "gif", "--out", "x.gif"], "'gif'"),
    (["chart", "top-events", "--format", "png", "--out", "x.png", "--start", "2026-02-01", "--end", "2026-01-01"],
     "2026, 2, 1"),
    (["brief", "--out", "deck.docx"], "deck.docx'"),
    (["brief", "--out", "deck.pptx", "--charts", "timeline,bogus"], "'bogus'"),
    (["chart", "top-events", "--format", "png", "--out", "x.png", "--data-dir", "/nonexistent"], "/nonexistent"),
    (["frobnicate"], "'frobnicate'"),
])
def test_bad_arguments_give_one_line_and_exit_2(args: list[str], needle: str, tmp_path: Path) -> None:
    run = cli(*[a if not a.startswith(("x.", "deck.")) else str(tmp_path / a) for a in args])
    assert run.returncode == 2, (run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("error:") and needle in lines[0]
    assert not list(tmp_path.iterdir()), "nothing written on bad arguments"


def test_every_subcommand_is_wired() -> None:
    run = cli("--help")
    assert run.returncode == 0
    listed = run.stdout.split("{", 1)[1].split("}", 1)[0].split(",")
    assert listed == ["list-charts", "chart", "brief", "add-event", "changes", "check", "import", "ingest", "sync",
                      "candidates"]


def test_cli_formats_are_the_exporters_formats() -> None:
    assert cli_module.CHART_FORMATS == export.FORMATS
    assert export.export_format("png") == "png"
    with pytest.raises(ValueError, match="'gif'"):
        export.export_format("gif")


def test_match_all_reaches_the_filter() -> None:
    args = cli_module.build_parser().parse_args(["chart", "tension-index", "--countries", "JPN,CHN", "--match", "all",
                                                 "--out", "x.png"])
    selection = cli_module.selection_from_args(args)
    assert selection.countries == ("JPN", "CHN") and selection.match == "all"
