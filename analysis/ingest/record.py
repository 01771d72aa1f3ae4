"""A report as the project keeps it: metadata, the sha256 of its text, and the text only when allowed.

Reports are read from plain text, Markdown, HTML or PDF (``pypdf``) into plain text. The record
written under ``seeds/`` follows the other seed records (YAML-style front matter, then Markdown):
``source_id`` (the id the curated rows will cite in ``sources.csv``), publisher, title, published,
url, kind, language, plus ``sha256`` (of the extracted text, UTF-8) and ``text_kept``. News
articles are not redistributable: their record keeps metadata, sha256 and a pointer (URL and the
uploaded file's name) only. The analyst's own notes (``kind: notes``) keep their text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from analysis import clock
from analysis.cleantext import strip_controls
from analysis.data.schemas import SOURCES
from analysis.data.tables import check_row

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES
# sources.csv kinds; "notes" (the analyst's own writing) is kept as text and cited as research.
KINDS = ("news", "official", "research", "dataset", "notes")
REDISTRIBUTABLE_KINDS = ("notes",)
NEW_SOURCE_ID = "src-new"  # stands in for the id a report gets later, to check its other cells
INGESTED_MARK = "ingested: true"
DIGEST_HEADING = "Facts taken from this source and the rows they became:"
NO_ROWS_LINE = "- (no curated row cites it yet)"


class _TextExtractor(HTMLParser):
    SKIP = frozenset({"script", "style", "noscript", "template", "head", "nav", "footer", "svg"})
    BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section",
             "blockquote", "pre", "title", "ul", "ol", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The main text of an HTML page (its title first), one block per line.

    ``trafilatura`` (pinned in requirements.txt; offline, no request) keeps the article and drops
    navigation, related-links boxes, cookie banners, comments and footers. A page it finds no main
    text in (a bare fragment) falls back to all visible text (scripts, styles, head, nav dropped).
    """
    import trafilatura

    doc = trafilatura.bare_extraction(html, favor_precision=True, include_comments=False, include_tables=False,
                                      include_links=False, include_images=False, deduplicate=True,
                                      with_metadata=True)
    main = (getattr(doc, "text", None) or "").strip()
    if main:
        title = (getattr(doc, "title", None) or "").strip()  # the headline, as its own line
        return _tidy(f"{title}\n{main}" if title and not main.startswith(title) else main)
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return _tidy("".join(parser.parts))


def markdown_to_text(markdown: str) -> str:
    """Markdown without its markup: headings, emphasis, links (text kept), images, code fences, tables bars."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1", r"\2", text)
    text = re.sub(r"^\s*\|?[-:| ]+\|?\s*$", "", text, flags=re.M)
    return _tidy(text.replace("|", " "))


def pdf_to_text(data: bytes) -> str:
    """Text of a PDF's pages with ``pypdf`` (no OCR: a scanned PDF gives no text)."""
    from pypdf import PdfReader

    from analysis import settings

    reader = PdfReader(io.BytesIO(data))
    limit = settings.ingest_max_pages()
    if len(reader.pages) > limit:
        raise ValueError(f"{len(reader.pages):,} pages is over the ingest limit of {limit:,} (NANSEI_INGEST_MAX_PAGES)")
    texts, chars = [], 0
    for page in reader.pages:
        texts.append(page.extract_text() or "")
        chars += len(texts[-1])
        if chars > settings.ingest_max_chars():  # pages that share one huge content stream stop here
            raise ValueError(f"over {settings.ingest_max_chars():,} characters of text by page {len(texts)} "
                             "(NANSEI_INGEST_MAX_CHARS)")
    return _tidy("\n".join(texts))


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def to_text(data: bytes, filename: str) -> str:
    """Plain text of a report file, chosen by its suffix, without control characters.

    NUL, escape and other control characters are dropped (:func:`analysis.cleantext.strip_controls`),
    so nothing invisible reaches the candidates, the candidate CSV or a record.

    Raises
    ------
    ValueError
        Unknown suffix, text that is not UTF-8, or a PDF without extractable text; the message names
        the file and the value.
    """
    from analysis import settings
    from analysis.ingest.limits import check_text

    if len(data) > settings.ingest_max_bytes():
        raise ValueError(f"{filename}: {len(data) / 2**20:.1f} MB is over the ingest limit of "
                         f"{settings.ingest_max_bytes() / 2**20:g} MB (NANSEI_INGEST_MAX_MB)")
    return check_text(strip_controls(_to_text(data, filename)), filename)


def _to_text(data: bytes, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{filename}: unsupported report type; expected one of {', '.join(SUFFIXES)}, "
                         f"got {suffix or '(no suffix)'!r}")
    if suffix in PDF_SUFFIXES:
        try:
            text = pdf_to_text(data)
        except Exception as exc:  # pypdf raises many types for damaged files
            raise ValueError(f"{filename}: cannot read the PDF ({type(exc).__name__}: {exc})") from None
        if not text.strip():
            raise ValueError(f"{filename}: the PDF has no text layer (scanned?); paste the text instead")
        return text
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{filename}: not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None
    if suffix in HTML_SUFFIXES:
        return html_to_text(raw)
    if suffix in MARKDOWN_SUFFIXES:
        return markdown_to_text(raw)
    return _tidy(raw)


def text_sha256(text: str) -> str:
    """sha256 (hex) of the report text as extracted, UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReportMeta:
    """What the analyst says about a report: publisher, title, publication date and where it lives."""

    publisher: str
    title: str
    published: dt.date
    url: str = ""
    kind: str = "news"
    language: str = "en"
    filename: str = ""
    tier: str = ""  # SOURCE_TIERS; empty until the analyst chooses (the contract allows it)

    def __post_init__(self) -> None:
        """Check every field; ValueError names the bad value.

        Only what is particular to a report is checked here (a real date, the ``notes`` kind); the
        ``sources.csv`` row it becomes is checked by the data contract (:func:`analysis.data.tables.check_row`).
        """
        if not isinstance(self.published, dt.date):
            raise ValueError(f"published must be a date (YYYY-MM-DD), got {self.published!r}")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        check_row(source_cells(self, NEW_SOURCE_ID), SOURCES, "sources.csv")

    @property
    def text_kept(self) -> bool:
        """Whether the record may keep the text (only the analyst's own notes)."""
        return self.kind in REDISTRIBUTABLE_KINDS


@dataclass(frozen=True)
class Report:
    """A report ready for extraction: metadata, its plain text, the text's sha256 and its source id."""

    meta: ReportMeta
    text: str
    sha256: str
    source_id: str

    def source_row(self) -> dict[str, str]:
        """The row ``sources.csv`` gets when a first candidate of this report is accepted (contract-checked)."""
        row = source_cells(self.meta, self.source_id)
        check_row(row, SOURCES, "sources.csv")
        return row


def source_cells(meta: ReportMeta, source_id: str) -> dict[str, str]:
    """The ``sources.csv`` cells of a report: the analyst's own notes are cited as ``research``."""
    row = {"source_id": source_id, "publisher": meta.publisher.strip(), "title": meta.title.strip(),
           "published": meta.published.isoformat(), "url": meta.url.strip(),
           "kind": "research" if meta.kind == "notes" else meta.kind, "language": meta.language}
    if meta.tier:
        row["tier"] = meta.tier
    return row


def find_source_id(meta: ReportMeta, sources: list[dict[str, str]], records: dict[str, str], sha256: str) -> str:
    """The id this report is (or will be) cited by.

    A record under ``seeds/`` with the same sha256 keeps its id (re-ingestion); else a
    ``sources.csv`` row with the same URL, or the same publisher and title, is reused; else a new
    ``src-<publisher>-<YYYYMMDD>-<title words>`` id unique among both.

    Parameters
    ----------
    sources : list of dict
        ``sources.csv`` rows (``source_id``, ``publisher``, ``title``, ``url``).
    records : dict
        seed record id -> its sha256 ("" for records without one).
    """
    for source_id, digest in records.items():
        if digest == sha256:
            return source_id
    for row in sources:
        if meta.url and row.get("url") == meta.url:
            return row["source_id"]
        if (row.get("publisher", "").casefold(), row.get("title", "").casefold()) == (
                meta.publisher.casefold(), meta.title.casefold()):
            return row["source_id"]
    from analysis.curation.ids import new_source_id

    taken = {row["source_id"] for row in sources} | set(records)
    return new_source_id(meta.publisher, meta.published.isoformat(), meta.title, taken)


def read_records(seeds_dir: Path | str) -> dict[str, str]:
    """Seed record id -> the sha256 in its front matter ("" when it has none)."""
    found = {}
    for path in sorted(Path(seeds_dir).glob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n---", 1)[0]
        m = re.search(r"^sha256:\s*\"?([0-9a-f]{64})\"?\s*$", head, flags=re.M)
        found[path.stem] = m.group(1) if m else ""
    return found


def yaml_scalar(value: object) -> str:
    r"""One front-matter value as a double-quoted YAML scalar that reads back exactly.

    JSON string escaping (``"`` -> ``\"``, ``\`` -> ``\\``, control characters -> ``\n`` or ``\uXXXX``) is
    valid YAML; U+2028/U+2029, line breaks to a YAML 1.1 reader, are escaped too. None or NaN give ``""``.
    """
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def front_matter(fields: Mapping[str, object], marks: Sequence[str] = ()) -> list[str]:
    """The ``---`` front-matter lines of a seed record: one ``key: "value"`` per field, then ``marks`` as written."""
    return ["---", *(f"{key}: {yaml_scalar(value)}" for key, value in fields.items()), *marks, "---"]


SOURCE_FIELDS = ("source_id", "publisher", "title", "published", "url", "kind", "language", "tier")
"""The sources.csv columns a source's record carries in its front matter."""


def render_source_record(source: Mapping[str, object], lines: Sequence[str]) -> str:
    """The record of a source nobody ingested: its sources.csv fields and the digest of the rows citing it."""
    front = front_matter({field: source.get(field) for field in SOURCE_FIELDS})
    return "\n".join([*front, "", DIGEST_HEADING, "", *(lines or [NO_ROWS_LINE]), ""])


def render_record(report: Report, ingested_on: dt.date) -> str:
    """The seed record's Markdown text (front matter, pointer, digest placeholder, text if kept)."""
    meta = report.meta
    front = {"source_id": report.source_id, "publisher": meta.publisher, "title": meta.title,
             "published": meta.published.isoformat(), "url": meta.url, "kind": report.source_row()["kind"],
             "language": meta.language, "sha256": report.sha256, "text_kept": str(meta.text_kept).lower(),
             "original_file": meta.filename, "ingested_on": ingested_on.isoformat()}
    lines = [*front_matter(front, [INGESTED_MARK]), ""]
    if meta.text_kept:
        lines += ["The analyst's own notes, kept in full below (sha256 of the text above).", ""]
    else:
        pointer = meta.url or (f"the file {meta.filename!r} as uploaded" if meta.filename else "its publisher")
        lines += [f"Report text not kept: a {meta.kind} text is not ours to redistribute. To check a row "
                  f"against it, get the report from {pointer} and compare its text's sha256.", ""]
    lines += [DIGEST_HEADING, "", NO_ROWS_LINE, ""]
    if meta.text_kept:
        lines += ["## Text", "", report.text, ""]
    return "\n".join(lines)


def save_record(report: Report, seeds_dir: Path | str, ingested_on: dt.date | None = None) -> tuple[Path, bool]:
    """Write the report's record to ``seeds_dir/<source_id>.md`` atomically.

    A record that already exists is left as it is (a curator's handwritten record, or the same
    report ingested before). Returns the path and whether it was written.
    """
    from analysis.files import write_atomic

    folder = Path(seeds_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{report.source_id}.md"
    if path.exists():
        return path, False
    write_atomic(path, render_record(report, ingested_on or clock.today()))
    return path, True


def make_report(text: str, meta: ReportMeta, sources: list[dict[str, str]], records: dict[str, str]) -> Report:
    """A :class:`Report` for ``text``; ValueError if the text is empty."""
    text = _tidy(text)
    if not text:
        raise ValueError(f"{meta.filename or 'report'}: no text to ingest, got an empty report")
    digest = text_sha256(text)
    return Report(meta, text, digest, find_source_id(meta, sources, records, digest))


def replace_digest(record: str, lines: list[str]) -> str:
    """The record with its digest (the list under :data:`DIGEST_HEADING`) replaced by ``lines``.

    Everything else (front matter, pointer, the kept text) stays byte for byte; ValueError if the
    record has no digest heading.
    """
    start = record.find(DIGEST_HEADING)
    if start < 0:
        raise ValueError(f"no digest heading {DIGEST_HEADING!r} in the record, got {record[:80]!r}")
    body_start = start + len(DIGEST_HEADING)
    rest = record[body_start:]
    end = rest.find("\n## ")
    tail = rest[end:] if end >= 0 else "\n"
    body = "\n".join(lines) if lines else NO_ROWS_LINE
    return f"{record[:body_start]}\n\n{body}\n{tail}"


def add_digest_line(path: Path | str, line: str) -> None:
    """Append one line (e.g. an accepted event) to a record's digest, atomically."""
    from analysis.files import write_atomic

    path = Path(path)
    record = path.read_text(encoding="utf-8")
    start = record.index(DIGEST_HEADING) + len(DIGEST_HEADING)
    rest = record[start:]
    end = rest.find("\n## ")
    block = rest if end < 0 else rest[:end]
    current = [x for x in block.strip().splitlines() if x.strip() and x.strip() != NO_ROWS_LINE]
    write_atomic(path, replace_digest(record, [*current, line]))
