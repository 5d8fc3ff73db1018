"""Typed records that flow between the stages, one per output table.

Field names are the column names of ``shared/output-contract.md``; extra fields are allowed
(the contract says "add columns freely"). Spans (``start``/``end``) are 0-based code-point
offsets into the document's text as written to ``text/<doc_id>.txt``.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any


def _plain(value: Any) -> Any:
    """Lists, dicts and records as JSON-ready values; a record keeps only the fields it has (no empties)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)
                if getattr(value, f.name) not in (None, [], "")}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def to_cell(value: Any) -> Any:
    """Render one field as a table cell: lists, dicts and records as JSON, None as missing."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(_plain(value), ensure_ascii=False)
    return value


def to_row(record: Any) -> dict[str, Any]:
    """A dataclass as a flat table row (list cells as JSON arrays)."""
    return {f.name: to_cell(getattr(record, f.name)) for f in fields(record) if not f.name.startswith("_")}


@dataclass(frozen=True)
class Block:
    """A layout unit of the text: heading, paragraph, caption, table, note, footnote...

    Ingestion writes one block per logical line of the text (blocks are separated by a
    blank line) and tells later stages what each block is, so they need not guess.
    """

    kind: str  # title | heading | paragraph | list_item | caption_label | caption | table | notes_heading | note | footnote | furniture | credit
    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True)
class PageSpan:
    """A stretch of text that came from one page (text order need not equal page order)."""

    start: int
    end: int
    page: int


def _span_start(span: PageSpan) -> int:
    return span.start


@dataclass(frozen=True)
class Document:
    """One ingested input: text in reading order plus the layout facts later stages need."""

    doc_id: str
    path: str
    sha256: str
    media_type: str
    text: str
    pages: int | None = None
    encoding: str | None = None
    blocks: list[Block] = field(default_factory=list)
    page_spans: list[PageSpan] = field(default_factory=list)
    # spans of the text printed raised or smaller (note calls); in the text they are written as
    # Unicode superscript digits (``²⁰``) or ``^{4,5}`` so every rendition reads the same
    superscripts: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ocr: bool = False  # some pages had no text layer and were read by OCR

    def page_at(self, offset: int) -> int | None:
        """1-based page holding ``offset`` (None for unpaged inputs)."""
        if not self.page_spans:
            return None
        i = bisect.bisect_right(self.page_spans, offset, key=_span_start) - 1  # O(log pages) per call
        if i < 0:
            return self.page_spans[0].page
        return self.page_spans[i].page

    def blocks_of(self, *kinds: str) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]


@dataclass(frozen=True)
class DocumentRow:
    """The ``documents`` table row: what happened to one input."""

    doc_id: str
    path: str
    sha256: str | None = None
    media_type: str | None = None
    pages: int | None = None
    chars: int | None = None
    notes_heading: str | None = None
    note_count: int | None = None
    call_count: int | None = None
    status: str = "ok"
    error: str | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    ocr: bool = False  # some pages were read by OCR (no text layer)


@dataclass(frozen=True)
class Work:
    """One cited work inside a note (a note may cite several)."""

    authors: list[str] = field(default_factory=list)
    authors_zh: list[str] = field(default_factory=list)
    title_en: str | None = None
    title_zh: str | None = None
    container_en: str | None = None
    container_zh: str | None = None
    date_iso: str | None = None
    urls: list[str] = field(default_factory=list)
    doi: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    kind: str | None = None
    publisher: str | None = None
    place: str | None = None
    raw: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Endnote:
    """The ``endnotes`` table row: one note parsed into bibliographic fields."""

    doc_id: str
    n: int
    raw: str
    authors: list[str] = field(default_factory=list)
    authors_zh: list[str] = field(default_factory=list)
    title_en: str | None = None
    title_zh: str | None = None
    container_en: str | None = None
    container_zh: str | None = None
    date_iso: str | None = None
    urls: list[str] = field(default_factory=list)
    doi: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    kind: str | None = None
    duplicate_of: int | None = None
    works: list[Work] = field(default_factory=list)  # each cited work when the note cites several
    start: int = 0
    end: int = 0
    page: int | None = None
    placement: str = "endnote"  # endnote | footnote
    # which numbering sequence the note belongs to: 1, then 2, 3… where numbering restarts
    # ("ENDNOTES FOR CHAPTER 2" starting again at 1); calls link to notes of their own series
    series: int = 1


@dataclass(frozen=True)
class Marker:
    """The ``markers`` table row: one in-text note call."""

    doc_id: str
    notes: list[int]
    raw: str
    style: str  # unicode_superscript | caret | bracket | html_sup | pdf_superscript | plain_digits
    context: str
    kind: str  # sentence | caption | table | heading
    label: str | None
    section: str | None
    start: int
    end: int
    page: int | None = None
    context_start: int | None = None
    context_end: int | None = None
    series: int = 1  # the numbering sequence of the notes called (see Endnote.series)


@dataclass(frozen=True)
class Term:
    """The ``terms`` table row: one English–Chinese pair in a document."""

    doc_id: str
    en: str
    zh: str
    abbr: str | None
    type: str  # term | title | outlet | person | organisation | data_source
    where: list[str]
    occurrences: int
    pinyin: str | None
    start: int
    end: int
    zh_norm: str | None = None
    zh_simplified: str | None = None


@dataclass(frozen=True)
class Abbreviation:
    """The ``abbreviations`` table row."""

    doc_id: str
    abbr: str
    expansion: str | None
    where_defined: str | None  # body | endnote | back_matter | None when never defined
    start: int
    end: int
    variants: list[str] = field(default_factory=list)
    occurrences: int = 0


@dataclass(frozen=True)
class Quantity:
    """The ``quantities`` table row: a numeric quantity with its context and note calls."""

    doc_id: str
    id: str
    sentence: str
    quantity_text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    kind: str
    qualifier: str | None
    lang: str
    year: str | None
    notes: list[int]
    paragraph_notes: list[int]
    usd_equivalent_of: str | None
    section: str | None
    start: int
    end: int
    page: int | None = None
    where: str = "body"
    context_kind: str = "sentence"
    implied_rate: float | None = None
    rate_flag: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None


@dataclass(frozen=True)
class DateExpr:
    """The ``dates`` table row: one date expression normalised to ISO 8601."""

    doc_id: str
    text: str
    iso: str
    lang: str
    where: str  # body | endnote
    note: int | None
    section: str | None
    start: int
    end: int
    page: int | None = None
    qualifier: str | None = None
    part: str | None = None


@dataclass(frozen=True)
class UrlRecord:
    """The ``urls`` table row: one URL occurrence with its flags and fetch status."""

    doc_id: str
    url: str
    note: int | None
    work: int | None
    host: str | None
    scheme: str | None
    normalized: str | None
    flags: list[str]
    issue: str | None
    status: int | str | None = None
    final_url: str | None = None
    content_type: str | None = None
    sha256: str | None = None
    fetched_at: str | None = None
    warc_record_id: str | None = None
    raw: str | None = None
    start: int | None = None
    end: int | None = None
    page: int | None = None
    series: int = 1  # numbering sequence of ``note`` (see Endnote.series)


@dataclass(frozen=True)
class SourceRecord:
    """The ``sources`` table row: one retrieved cited source and where its text is."""

    url: str
    final_url: str | None
    status: int | str | None
    media_type: str | None
    encoding: str | None
    lang: str | None
    title: str | None
    chars: int | None
    sha256: str | None
    fetched_at: str | None
    warc_record_id: str | None
    text_path: str | None
    error: str | None
    doc_number: str | None = None
    pub_date: str | None = None
    notes: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Claim:
    """The ``claims`` table row: a claim in the brief and what its cited sources say."""

    doc_id: str
    claim_id: str
    sentence: str
    quantity_text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    notes: list[int]
    note_basis: str  # sentence | paragraph | none
    urls: list[str]
    status: str
    evidence: str | None
    evidence_url: str | None
    evidence_start: int | None
    evidence_end: int | None
    source_sha256: str | None
    start: int
    end: int
    reason: str | None = None
    claim_kind: str = "quantity"  # quantity | date
    iso: str | None = None  # for date claims
    qualifier: str | None = None
    evidence_text_path: str | None = None  # the source's extracted text, relative to the output folder
    consistency: str | None = None  # inside-the-brief problems: implausible CNY/USD rate, a count stated twice
