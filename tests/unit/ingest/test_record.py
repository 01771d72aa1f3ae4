"""Reading reports (text, Markdown, HTML, PDF), their sha256 and the seed record they get."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from fpdf import FPDF

from analysis.ingest.record import (
    DIGEST_HEADING,
    INGESTED_MARK,
    Report,
    ReportMeta,
    front_matter,
    render_record,
    render_source_record,
    replace_digest,
    text_sha256,
    to_text,
)

from .conftest import REPORTS


def test_html_keeps_visible_text_only() -> None:
    path = REPORTS / "tuning" / "t3_tokyo_summit.html"
    text = to_text(path.read_bytes(), path.name)
    assert "Home | World" not in text and "Copyright" not in text  # navigation and footer dropped
    assert "alliance's deterrence" in text  # entities decoded
    assert text.splitlines()[0] == "Alliance talks in Tokyo"


def test_markdown_loses_its_markup() -> None:
    md = "## Title\n\nSome **bold** and [a link](https://example.org) here.\n\n- item one\n"
    assert to_text(md.encode(), "r.md") == "Title\nSome bold and a link here.\nitem one"


def test_pdf_text_is_read_with_pypdf() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Japan protested on Friday.")
    assert to_text(bytes(pdf.output()), "r.pdf") == "Japan protested on Friday."


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"x", "r.docx", "r.docx: unsupported report type"),
    (b"\xff\xfe\x00bad", "r.txt", "r.txt: not UTF-8 text (byte 0"),
    (b"%PDF-1.4 garbage", "r.pdf", "r.pdf: cannot read the PDF"),
])
def test_unreadable_reports_name_file_and_value(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        to_text(data, name)


def test_meta_checks_name_the_value() -> None:
    with pytest.raises(ValueError, match="got 'ftp://x'"):
        ReportMeta("P", "T", dt.date(2026, 1, 1), url="ftp://x")
    with pytest.raises(ValueError, match="got '2026-01-01'"):
        ReportMeta("P", "T", "2026-01-01")  # type: ignore[arg-type]


def _report(kind: str) -> Report:
    meta = ReportMeta("Desk", 'A "quoted" title', dt.date(2026, 1, 8), url="https://example.org/a", kind=kind,
                      filename="a.txt")
    text = "Japan protested on Friday."
    return Report(meta, text, text_sha256(text), "src-desk-20260108-quoted-title")


def test_news_record_keeps_metadata_sha_and_pointer_not_text() -> None:
    record = render_record(_report("news"), dt.date(2026, 12, 2))
    assert f'sha256: "{text_sha256("Japan protested on Friday.")}"' in record
    assert 'text_kept: "false"' in record and "ingested: true" in record
    assert "https://example.org/a" in record
    assert "Japan protested" not in record  # a news text is not ours to redistribute
    assert 'title: "A \\"quoted\\" title"' in record  # exact, JSON-escaped


def test_notes_record_keeps_the_text() -> None:
    record = render_record(_report("notes"), dt.date(2026, 12, 2))
    assert 'kind: "research"' in record and 'text_kept: "true"' in record
    assert record.rstrip().endswith("Japan protested on Friday.")


def test_digest_is_replaced_and_the_rest_kept() -> None:
    record = render_record(_report("notes"), dt.date(2026, 12, 2))
    updated = replace_digest(record, ["- event `ev-1` (2026-01-08): Japan protests"])
    assert "- event `ev-1`" in updated and "(no curated row cites it yet)" not in updated
    assert updated.split("Facts taken")[0] == record.split("Facts taken")[0]
    assert updated.endswith(record[record.index("## Text"):])
    assert replace_digest(updated, []) == record
    with pytest.raises(ValueError, match="no digest heading"):
        replace_digest("---\n---\n", [])


def test_html_main_text_drops_boilerplate() -> None:
    # Issue 28: navigation, cookie banners and related-links boxes became candidate sentences.
    page = ("<html><head><title>Coast guard</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
            "<div class='cookie-banner'><p>We use cookies to improve your experience. Accept all cookies.</p></div>"
            "<article><h1>China coast guard ships enter waters</h1>"
            "<p>Four China Coast Guard vessels entered Japan's territorial waters off the Senkaku Islands on "
            "Thursday, the coast guard said. The ships left after two hours.</p>"
            "<p>Tokyo protested to Beijing through diplomatic channels on the day, officials said.</p></article>"
            "<aside><h3>Related</h3><ul><li>Japan protests Chinese drills near Taiwan</li></ul></aside>"
            "<footer>Copyright 2026 Example News</footer></body></html>")
    text = to_text(page.encode(), "report.html")
    assert "Four China Coast Guard vessels entered" in text and "Tokyo protested to Beijing" in text
    for boilerplate in ("cookies", "Home", "Related", "drills near Taiwan", "Copyright"):
        assert boilerplate not in text, boilerplate


@pytest.mark.parametrize("value", ['Obama: commitment is "absolute"', "C:\\reports\\new", 'both \\" and "\\',
                                   "line\nbreak\ttab", "釣魚台 \u2028 separator", ""])
def test_front_matter_scalars_are_valid_yaml_and_read_back_exactly(value: str) -> None:
    text = "\n".join(front_matter({"title": value, "url": None}, [INGESTED_MARK]))
    assert yaml.safe_load(text.strip("-\n")) == {"title": value, "url": "", "ingested": True}


def test_a_source_record_from_build_seeds_reads_back() -> None:
    record = render_source_record({"source_id": "src-x", "title": 'He said "no" \\ twice', "tier": "wire"},
                                  ["- event `evt-1` (2026-01-02): something"])
    head = yaml.safe_load(record.split("---")[1])
    assert head["title"] == 'He said "no" \\ twice' and head["publisher"] == "" and head["tier"] == "wire"
    assert DIGEST_HEADING in record and record.endswith("- event `evt-1` (2026-01-02): something\n")


@pytest.mark.parametrize(("cells", "column"), [
    ({"publisher": " "}, "publisher"), ({"title": ""}, "title"), ({"url": "ftp://x"}, "url"),
    ({"language": "EN"}, "language"), ({"tier": "best"}, "tier"),
])
def test_a_source_row_the_contract_rejects_is_rejected_with_the_contracts_message(cells: dict, column: str) -> None:
    from analysis.data.schemas import SOURCES
    from analysis.data.tables import row_problems
    from analysis.ingest.record import NEW_SOURCE_ID, source_cells

    good = ReportMeta("P", "T", dt.date(2026, 1, 1), url="https://example.org/a", tier="major")
    bad = {**source_cells(good, NEW_SOURCE_ID), **{k: v.strip() for k, v in cells.items()}}
    (contract,) = [p for p in row_problems(bad, SOURCES, "sources.csv") if p["column"] == column]
    args = {"publisher": "P", "title": "T", "published": dt.date(2026, 1, 1), **cells}
    with pytest.raises(ValueError, match=f"^sources.csv: {column} ") as caught:
        ReportMeta(**args)
    assert str(caught.value) == f"sources.csv: {column} {contract['rule']}, got {contract['value']!r}"


def test_the_source_row_carries_the_chosen_tier_and_the_notes_kind_is_cited_as_research() -> None:
    from analysis.ingest.record import source_cells

    meta = ReportMeta("Me", "My notes", dt.date(2026, 1, 1), kind="notes", tier="other")
    assert source_cells(meta, "src-x") == {"source_id": "src-x", "publisher": "Me", "title": "My notes",
                                           "published": "2026-01-01", "url": "", "kind": "research",
                                           "language": "en", "tier": "other"}
    assert "tier" not in source_cells(ReportMeta("Me", "T", dt.date(2026, 1, 1)), "src-x")
