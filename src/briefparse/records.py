"""Typed records that flow between the stages, one per output table.

Field names are the column names of ``shared/output-contract.md``; extra fields are allowed
(the contract says "add columns freely"). Spans (``start``/``end``) are 0-based code-point
offsets into the document's text as written to ``text/<doc_id>.txt``.
"""

from __future__ import annotations

import bisect
import inspect
import json
import re
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


# ---------- column documentation: written once, in each record's docstring ----------

@dataclass(frozen=True)
class ColumnDoc:
    """One column as documented in its record's ``Columns:`` docstring section."""

    name: str
    meaning: str
    example: str | None = None


_EXAMPLE = re.compile(r"\s*e\.g\.\s*``(.+?)``\s*$", re.S)


def column_docs(cls: type) -> dict[str, ColumnDoc]:
    """The ``Columns:`` section of a record's docstring, by column name.

    Each entry reads ``name: meaning. e.g. ``example````, continued on deeper-indented lines. The
    docs live here once; README.md, the DuckDB comments and the Parquet field metadata of every run
    are generated from them, and a test fails when a column has none.
    """
    lines = (inspect.getdoc(cls) or "").splitlines()
    if "Columns:" not in lines:
        return {}
    entries: list[str] = []
    for line in lines[lines.index("Columns:") + 1:]:
        if line.startswith("        ") and entries:
            entries[-1] += " " + line.strip()
        elif line.startswith("    ") and not line.startswith("     "):
            entries.append(line.strip())
        else:
            break
    out: dict[str, ColumnDoc] = {}
    for entry in entries:
        name, _, text = entry.partition(": ")
        m = _EXAMPLE.search(text)
        meaning = (text[:m.start()] if m else text).strip().replace("``", "`")  # Markdown code spans
        out[name] = ColumnDoc(name, meaning, m.group(1) if m else None)
    return out


def table_doc(cls: type) -> str:
    """The first paragraph of a record's docstring: what one row is."""
    return " ".join((inspect.getdoc(cls) or "").split("\n\n", 1)[0].split()).replace("``", "`")


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
    """The ``documents`` table row: one input document and what happened to it.

    Columns:
        doc_id: the input's path relative to the folder given on the command line (a file given directly:
            its file name); every other table refers to documents by it. e.g. ``recentralization-brief.pdf``
        path: the path the input was read from. e.g. ``corpus/briefs/recentralization-brief.pdf``
        sha256: SHA-256 of the input file's bytes, to tell two versions of a file apart. e.g. ``aafefafa…1d54``
        media_type: the input's type as read. e.g. ``application/pdf``
        pages: number of pages of a paged input (PDF); empty for HTML and text. e.g. ``11``
        chars: length in code points of ``text/<doc_id>.txt``, the text every ``start``/``end`` points
            into. e.g. ``31114``
        notes_heading: the heading the notes were found under. e.g. ``Endnotes``
        note_count: notes parsed (rows of this document in ``endnotes``). e.g. ``29``
        call_count: in-text note calls found (rows of this document in ``markers``). e.g. ``27``
        status: ``ok``, or ``error`` when the input could not be read or analysed (its other tables are
            then empty). e.g. ``ok``
        error: why the input failed, in one line; empty when ``status`` is ``ok``. e.g. ``not a PDF file``
        encoding: the character encoding detected for text and HTML inputs. e.g. ``utf-8``
        warnings: problems found while reading, one sentence each: notes never called, calls to notes
            that do not exist, note lines that could not be parsed. e.g. ``["notes never called in the text: 8"]``
        ocr: true when some pages had no text layer and were read by OCR (expect more errors). e.g. ``false``
    """

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
    """One cited work inside a note (a note may cite several): an element of ``endnotes.works``.

    Columns:
        authors: authors in Latin script, as printed. e.g. ``["Susan L. Shirk"]``
        authors_zh: authors in Chinese characters. e.g. ``["习近平"]``
        title_en: the work's title in English. e.g. ``Measures for the Guidance Fund``
        title_zh: the work's title in Chinese. e.g. ``国家科技成果转化引导基金管理暂行办法``
        container_en: the outlet (journal, newspaper, site, issuing body) in English. e.g. ``Xinhua``
        container_zh: the outlet in Chinese. e.g. ``新华社``
        date_iso: publication date, ISO 8601 to the precision printed. e.g. ``2021-10-24``
        urls: URLs printed for this work. e.g. ``["https://www.gov.cn/…/content_5273222.htm"]``
        doi: DOI without the resolver prefix. e.g. ``10.1353/jod.2016.0051``
        volume: journal volume. e.g. ``27``
        issue: journal issue. e.g. ``3``
        pages: page range cited. e.g. ``5-19``
        kind: what sort of work it is (``journal_article``, ``news``, ``government_document``, ``report``,
            ``book_chapter``, ``web_page``, ``explanatory_note``…). e.g. ``news``
        publisher: publisher of a book or report. e.g. ``Brookings Institution Press``
        place: place of publication. e.g. ``Washington, DC``
        raw: this work's part of the note text, as printed. e.g. ``Xinhua, "…," March 11, 2018.``
    """

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
    """The ``endnotes`` table row: one note (endnote or footnote) parsed into bibliographic fields.

    Columns:
        doc_id: the document the note is in (``documents.doc_id``). e.g. ``recentralization-brief.pdf``
        n: the note's number as printed; unique with ``doc_id`` and ``series``. e.g. ``14``
        raw: the note's whole text as printed, without its number. e.g. ``Xinhua, "…," March 11, 2018. https://…``
        authors: authors in Latin script (first work of the note). e.g. ``["Susan L. Shirk"]``
        authors_zh: authors in Chinese characters. e.g. ``["习近平"]``
        title_en: title in English (first work of the note). e.g. ``Amendments to the Constitution``
        title_zh: title in Chinese. e.g. ``中华人民共和国宪法修正案``
        container_en: the outlet (journal, newspaper, site, issuing body) in English. e.g. ``Xinhua Agency``
        container_zh: the outlet in Chinese. e.g. ``新华社``
        date_iso: publication date, ISO 8601 to the precision printed. e.g. ``2018-03-11``
        urls: every URL printed in the note, in order (each is a row of ``urls``).
            e.g. ``["https://www.gov.cn/xinwen/2018-03/11/content_5273222.htm"]``
        doi: DOI without the resolver prefix. e.g. ``10.1353/jod.2016.0051``
        volume: journal volume. e.g. ``27``
        issue: journal issue. e.g. ``3``
        pages: page range cited. e.g. ``5-19``
        kind: what the note cites (``journal_article``, ``news``, ``government_document``, ``report``,
            ``book_chapter``, ``web_page``; ``explanatory_note`` when it cites nothing). e.g. ``government_document``
        duplicate_of: the number of an earlier note of the same series citing the same work ("Ibid." or a
            repeat); empty otherwise. e.g. ``3``
        works: each cited work of the note when it cites several, with the fields above (a list of
            structs in Parquet/DuckDB). e.g. ``[{"title_en": "…", "date_iso": "2021"}]``
        start: where the note starts in ``text/<doc_id>.txt`` (0-based code point). e.g. ``20412``
        end: where the note ends (exclusive). e.g. ``20591``
        page: 1-based page of a paged input; empty otherwise. e.g. ``9``
        placement: ``endnote`` (in a notes section) or ``footnote`` (at the foot of its page). e.g. ``endnote``
        series: the numbering sequence the note belongs to: 1, then 2, 3… each time numbering restarts
            (chapter endnotes: "Notes to chapter 2" starting again at 1). Calls link to notes of their own
            series; ``(doc_id, series, note)`` is the key every table uses for a note. e.g. ``1``
        note: the same number as ``n``, under the name every other table uses, so that
            ``JOIN endnotes USING (doc_id, series, note)`` works. e.g. ``14``
        refers_to: for "Ibid.", "Id.", "op. cit.", "同上" or a short form (``Economy, Third Revolution, 52.``),
            the number of the earlier note (same series) holding the full citation; empty otherwise. e.g. ``12``
        refers_to_work: which work of that note (1-based, see ``works``) the back-reference points to. e.g. ``1``
        inherited: the columns filled from the referred note rather than printed in this one (URLs never are).
            e.g. ``["authors", "title_en", "date_iso"]``
        commentary: the note's words that are not a citation ("See …; see also", "For a discussion, see",
            an explanatory sentence), kept apart from the cited works. e.g. ``For a discussion, see``
    """

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
    note: int = field(init=False, default=0)  # = n, under the key name the other tables use
    refers_to: int | None = None  # Ibid./short form: the note with the full citation
    refers_to_work: int | None = None
    inherited: list[str] = field(default_factory=list)
    commentary: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "note", self.n)


@dataclass(frozen=True)
class Marker:
    """The ``markers`` table row: one in-text note call (a superscript ``²⁰``, ``[4]``, ``^{4,5}``…).

    Columns:
        doc_id: the document the call is in. e.g. ``recentralization-brief.pdf``
        notes: the note numbers called (a range ``4–6`` gives three); they are notes of ``series``.
            e.g. ``[4, 5]``
        raw: the call as written in the text. e.g. ``⁴,⁵``
        style: how the call was printed: ``unicode_superscript``, ``caret`` (``^{4}``), ``bracket`` (``[4]``),
            ``html_sup``, ``pdf_superscript`` (raised smaller digits), ``plain_digits`` (glued to a word).
            e.g. ``html_sup``
        context: the sentence (or caption, table row, heading) holding the call. e.g. ``The 2018 amendment…¹``
        kind: where the call stands: ``sentence``, ``caption``, ``table`` or ``heading``. e.g. ``sentence``
        label: the figure or table label when the call is in a caption. e.g. ``FIGURE 2``
        section: the heading of the section the call is in. e.g. ``Introduction``
        start: where the call starts in ``text/<doc_id>.txt``. e.g. ``4177``
        end: where the call ends (exclusive). e.g. ``4178``
        page: 1-based page of a paged input; empty otherwise. e.g. ``2``
        context_start: where ``context`` starts in the text. e.g. ``4071``
        context_end: where ``context`` ends (exclusive). e.g. ``4178``
        series: the numbering sequence of the notes called (see ``endnotes.series``). e.g. ``1``
    """

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
    """The ``terms`` table row: one English–Chinese pair in a document.

    Columns:
        doc_id: the document the pair is in. e.g. ``recentralization-brief.pdf``
        en: the English side as printed. e.g. ``new-style whole-of-nation system``
        zh: the Chinese side as printed. e.g. ``新型举国体制``
        abbr: the abbreviation given with it, if any. e.g. ``NWNS``
        type: what the pair names: ``term``, ``title`` (of a cited work), ``outlet``, ``journal``, ``person``,
            ``organisation`` or ``data_source``. e.g. ``term``
        where: the parts of the document it occurs in: ``body``, ``endnote``, ``endnote 14``…
            e.g. ``["body", "endnote 14"]``
        occurrences: how many times the Chinese side occurs in the document. e.g. ``3``
        pinyin: Hanyu Pinyin of the Chinese side (tone marks). e.g. ``xīn xíng jǔ guó tǐ zhì``
        start: where the first occurrence starts in ``text/<doc_id>.txt``. e.g. ``4886``
        end: where it ends (exclusive). e.g. ``4934``
        zh_norm: the Chinese side normalised (full-width forms, spaces, brackets) for matching. e.g. ``新型举国体制``
        zh_simplified: ``zh_norm`` in simplified characters, so traditional and simplified spellings group
            together. e.g. ``新型举国体制``
        variants: other English edges the text allows when the edge is unsure (``en`` keeps the longer).
            e.g. ``["warfare"]``
        pattern: how the pair was printed: ``paren`` (English (中文)), ``after`` (中文 (English)), ``bracket``,
            ``bracket_after``, ``slash``, ``clause`` (中文, meaning “English”), ``pinyin_paren`` (guanxi (关系,
            connections)), ``title``, ``adjacent``, ``endnote``.
            e.g. ``paren``
    """

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
    variants: list[str] = field(default_factory=list)
    pattern: str | None = None


@dataclass(frozen=True)
class Rendering:
    """One English rendering of a glossary entry's Chinese term across the corpus.

    Columns:
        en: the English as first printed. e.g. ``new-style whole-of-nation system``
        count: how many times documents render the term so. e.g. ``3``
        documents: the documents that do. e.g. ``["a.pdf", "b.html"]``
    """

    en: str
    count: int
    documents: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GlossaryEntry:
    """The ``glossary.csv`` row: one Chinese term across the corpus with every English rendering seen.

    Columns:
        en: the rendering seen most often (first seen on a tie). e.g. ``new-style whole-of-nation system``
        zh: the Chinese as first printed. e.g. ``新型举国体制``
        abbr: an abbreviation given with it, if any. e.g. ``NWNS``
        type: what it names, the type seen most often. e.g. ``term``
        pinyin: Hanyu Pinyin with tone marks. e.g. ``xīn xíng jǔ guó tǐ zhì``
        zh_simplified: the simplified form, for matching. e.g. ``新型举国体制``
        documents: every document that glosses it. e.g. ``["a.pdf", "b.html"]``
        occurrences: how many times in all. e.g. ``4``
        where: the parts of documents it occurs in. e.g. ``["body", "endnote 3"]``
        zh_variants: other printed Chinese forms (traditional characters, radical code points). e.g. ``["新型舉國體制"]``
        renderings: every English rendering with its count and documents. e.g.
            ``[{"en": "new-style whole-of-nation system", "count": 3, "documents": ["a.pdf"]}]``
    """

    en: str
    zh: str
    abbr: str | None = None
    type: str = "term"
    pinyin: str | None = None
    zh_simplified: str | None = None
    documents: list[str] = field(default_factory=list)
    occurrences: int = 0
    where: list[str] = field(default_factory=list)
    zh_variants: list[str] = field(default_factory=list)
    renderings: list[Rendering] = field(default_factory=list)

    @property
    def en_variants(self) -> list[str]:
        """The renderings other than ``en``."""
        return [r.en for r in self.renderings if r.en != self.en]


@dataclass(frozen=True)
class Abbreviation:
    """The ``abbreviations`` table row: one abbreviation used in a document and its expansion.

    Columns:
        doc_id: the document it is used in. e.g. ``recentralization-brief.pdf``
        abbr: the abbreviation. e.g. ``MOST``
        expansion: what it stands for, as the document defines it; empty when never defined. e.g. ``Ministry of
            Science and Technology``
        where_defined: where the definition is: ``body``, ``endnote`` (or ``endnote 25``), ``back_matter``;
            empty when never defined. e.g. ``body``
        start: where the definition (else the first use) starts in ``text/<doc_id>.txt``. e.g. ``191``
        end: where it ends (exclusive). e.g. ``194``
        variants: other spellings of the abbreviation met in the document. e.g. ``["S and T"]``
        occurrences: how many times it is used. e.g. ``53``
    """

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
    """The ``quantities`` table row: one numeric quantity with its context and note calls.

    Columns:
        doc_id: the document it is in. e.g. ``recentralization-brief.pdf``
        id: the quantity's number in its document, in text order; unique with ``doc_id``. e.g. ``q007``
        sentence: the sentence holding it. e.g. ``The fund had 36 subsidiary funds.``
        quantity_text: the quantity as printed. e.g. ``62.4 billion yuan``
        value: the value in base units (money in units of currency, percent as printed); empty for a range.
            e.g. ``62400000000``
        low: lower bound of a range (``20–30 percent``); empty for a point value. e.g. ``20``
        high: upper bound of a range. e.g. ``30``
        unit: ``count``, ``years``, ``percent``, ``CNY``, ``USD``, ``EUR``, ``ratio``, ``rank``… e.g. ``CNY``
        kind: the kind of figure: ``money``, ``count``, ``percent``, ``percent_range``, ``ratio``, ``rank``,
            ``duration``, ``calendar_year``. e.g. ``money``
        qualifier: the hedge printed with it (``more than``, ``at least``, ``about``, ``since``…). e.g. ``more than``
        lang: ``en`` or ``zh``: the language the figure is written in. e.g. ``en``
        year: the year the sentence says the figure is for, when it says one. e.g. ``2022``
        notes: note numbers called in the same sentence (notes of ``series``). e.g. ``[14]``
        paragraph_notes: note numbers called anywhere in the paragraph. e.g. ``[14, 15]``
        usd_equivalent_of: for a dollar conversion printed beside a yuan figure, the yuan figure's text.
            e.g. ``62.4 billion yuan``
        section: heading of the section it is in. e.g. ``Guidance funds``
        start: where it starts in ``text/<doc_id>.txt``. e.g. ``650``
        end: where it ends (exclusive). e.g. ``664``
        page: 1-based page of a paged input; empty otherwise. e.g. ``4``
        where: ``body`` (quantities in notes are not listed). e.g. ``body``
        context_kind: the kind of text it stands in: ``sentence``, ``caption``, ``table_cell``,
            ``key_finding`` (a bullet under "Key findings"). e.g. ``sentence``
        implied_rate: for a yuan/dollar pair, yuan per dollar implied by the two figures. e.g. ``7.2``
        rate_flag: set when ``implied_rate`` is implausible for a yuan/dollar conversion. e.g. ``implausible
            rate 0.72 CNY/USD (expected 5.5–9.0)``
        sentence_start: where ``sentence`` starts in the text. e.g. ``574``
        sentence_end: where ``sentence`` ends (exclusive). e.g. ``844``
        series: the numbering sequence of ``notes`` (see ``endnotes.series``); empty when neither the sentence
            nor the paragraph calls a note. e.g. ``1``
    """

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
    series: int | None = None  # numbering sequence of ``notes`` (see Endnote.series)


@dataclass(frozen=True)
class DateExpr:
    """The ``dates`` table row: one date expression normalised to ISO 8601.

    Columns:
        doc_id: the document it is in. e.g. ``recentralization-brief.pdf``
        text: the date as printed. e.g. ``September 5–6, 2023``
        iso: ISO 8601 to the precision printed; intervals with ``/``; five-year plans as their years.
            e.g. ``2023-09-05/2023-09-06``
        lang: ``en`` or ``zh``. e.g. ``en``
        where: ``body`` or ``endnote``. e.g. ``body``
        note: for a date in a note, that note's number (of ``series``); empty in the body. e.g. ``14``
        section: heading of the section it is in. e.g. ``Summary``
        start: where it starts in ``text/<doc_id>.txt``. e.g. ``1393``
        end: where it ends (exclusive). e.g. ``1412``
        page: 1-based page of a paged input; empty otherwise. e.g. ``1``
        qualifier: the word that bounds it (``since``, ``by``, ``as of``, ``end of``, ``between``, ``from-to``,
            ``beginning``). e.g. ``since``
        part: reserved for the part of an interval a row stands for; always empty in this version.
        series: the numbering sequence of ``note`` (see ``endnotes.series``); empty for body dates. e.g. ``1``
    """

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
    series: int | None = None  # numbering sequence of ``note`` (see Endnote.series)


@dataclass(frozen=True)
class UrlRecord:
    """The ``urls`` table row: one URL occurrence in a note or the body, with its flags and retrieval.

    Columns:
        doc_id: the document it is printed in. e.g. ``recentralization-brief.pdf``
        url: the URL as printed, repaired only where the print broke it (line breaks, glued words); the key
            of ``sources``. e.g. ``https://www.gov.cn/xinwen/2018-03/11/content_5273222.htm``
        note: the note it is printed in (of ``series``); empty for a URL in the body. e.g. ``14``
        work: which work of the note (1-based, see ``endnotes.works``) it belongs to. e.g. ``1``
        host: the host name. e.g. ``www.gov.cn``
        scheme: ``https`` or ``http``. e.g. ``https``
        normalized: the URL normalised (case, default port, percent-encoding) to compare URLs. e.g.
            ``https://www.gov.cn/xinwen/2018-03/11/content_5273222.htm``
        flags: problems seen in the URL itself: ``malformed``, ``no_scheme``, ``cut``, ``glued``,
            ``trailing_punctuation``, ``likely_typo``, ``near_duplicate``, ``date_mismatch`` (path date far
            from the cited date), ``index_page``, ``archived_copy``, ``shortener``, ``ephemeral``, ``http``,
            ``repeated``. e.g. ``["http", "near_duplicate"]``
        issue: the flags explained in a sentence. e.g. ``plain http, not https``
        status: what retrieving it gave: an HTTP status, ``mirror`` (text from a saved copy elsewhere),
            ``not archived`` (not in the snapshot store), ``not retrieved``, or a failure (``timeout``,
            ``refused``…). e.g. ``200``
        final_url: the URL the text came from after redirects, or the mirror's URL. e.g.
            ``https://fx168cj.com/article/154746``
        content_type: the Content-Type of the response. e.g. ``text/html; charset=utf-8``
        sha256: SHA-256 of the retrieved body. e.g. ``7af0ecae…07f5``
        fetched_at: when the snapshot was captured (ISO 8601, UTC). e.g. ``2026-11-23T00:00:00Z``
        warc_record_id: the snapshot's WARC-Record-ID in ``sources.warc.gz``. e.g. ``<urn:uuid:…>``
        raw: the URL exactly as the text has it, when ``url`` had to be repaired. e.g. ``https://www.gov.cn/
            xinwen/2018-03/…``
        start: where it starts in ``text/<doc_id>.txt``. e.g. ``20530``
        end: where it ends (exclusive). e.g. ``20588``
        page: 1-based page of a paged input; empty otherwise. e.g. ``9``
        series: the numbering sequence of ``note`` (see ``endnotes.series``). e.g. ``1``
    """

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
    """The ``sources`` table row: one cited URL (each distinct ``urls.url`` once), what retrieving it gave
    and where its text is.

    Columns:
        url: the cited URL, as in ``urls.url`` and ``claims.evidence_url``; unique. e.g.
            ``https://www.gov.cn/xinwen/2023-02/28/content_5743623.htm``
        final_url: the one URL the text came from: the end of the redirects, or the first mirror (all in
            ``mirrors``). e.g. ``https://fx168cj.com/article/154746``
        status: an HTTP status, ``mirror`` (a saved copy of the same document elsewhere), ``not archived``,
            ``not retrieved``, or a failure (``timeout``, ``refused``, ``robots``…). e.g. ``mirror``
        media_type: the media type of the text. e.g. ``text/html``
        encoding: its character encoding. e.g. ``gb18030``
        lang: its language. e.g. ``zh``
        title: its title. e.g. ``中华人民共和国2022年国民经济和社会发展统计公报``
        chars: length of the extracted text (``text_path``) in code points. e.g. ``2301``
        sha256: SHA-256 of the snapshot body; the text is ``sources/<sha256>.txt``. e.g. ``7af0ecae…07f5``
        fetched_at: when the snapshot was captured (ISO 8601, UTC). e.g. ``2026-11-23T00:00:00Z``
        warc_record_id: the snapshot's WARC-Record-ID in ``sources.warc.gz``. e.g. ``<urn:uuid:…>``
        text_path: the extracted text, relative to the output folder; ``claims.evidence_start``/``end`` point
            into it. e.g. ``sources/7af0ecae…07f5.txt``
        error: why there is no text. e.g. ``not archived in sources.warc.gz``
        doc_number: the document number a Chinese official document carries. e.g. ``国科发区〔2021〕17号``
        pub_date: the publication date the source states (ISO 8601). e.g. ``2021-02-10``
        cited_by: every note citing this URL, as ``{doc_id, series, note}`` (``note`` empty for a URL printed
            in the body). e.g. ``[{"doc_id": "brief.pdf", "series": 1, "note": 14}]``
        mirrors: every saved copy the text was taken from, when ``status`` is ``mirror``. e.g.
            ``["https://fx168cj.com/article/154746"]``
    """

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
    cited_by: list[NoteRef] = field(default_factory=list)
    mirrors: list[str] = field(default_factory=list)


@dataclass(frozen=True, order=True)
class NoteRef:
    """Which note of which document: the key of a note in every table (an element of ``sources.cited_by``).

    Columns:
        doc_id: the document (``documents.doc_id``). e.g. ``recentralization-brief.pdf``
        series: the note's numbering sequence (``endnotes.series``). e.g. ``1``
        note: the note's number (``endnotes.note``); empty for a URL printed in the body. e.g. ``14``
    """

    doc_id: str
    series: int | None
    note: int | None


@dataclass(frozen=True)
class SourceOrigin:
    """Where one stretch ``[start, end)`` of a retrieved source's text was read from (see ``Claim.evidence_source``)."""

    start: int
    end: int
    kind: str  # cited | redirect | mirror | excerpt | mirror_excerpt
    read_from: str
    warc_record_id: str | None = None
    captured_at: str | None = None


@dataclass(frozen=True)
class Claim:
    """The ``claims`` table row: a claim in a brief (a body quantity or date) and what its cited sources say.

    Columns:
        doc_id: the document the claim is in. e.g. ``recentralization-brief.pdf``
        claim_id: unique across the whole output: ``<doc_id>#c<number in text order>``.
            e.g. ``recentralization-brief.pdf#c045``
        sentence: the brief's sentence stating it. e.g. ``The fund totals 62.4 billion yuan.``
        quantity_text: the figure or date as printed. e.g. ``62.4 billion yuan``
        value: the value in base units; empty for a range or a date. e.g. ``62400000000``
        low: lower bound of a range. e.g. ``20``
        high: upper bound of a range. e.g. ``30``
        unit: as in ``quantities.unit``; ``date`` for a date claim. e.g. ``CNY``
        notes: the notes backing the claim (notes of ``series``), found as ``note_basis`` says.
            e.g. ``[14, 15]``
        note_basis: where ``notes`` were found: ``sentence`` (called in the claim's sentence), ``paragraph``
            (called elsewhere in its paragraph), ``nearby`` (no call in the paragraph: the nearest call in the
            same section, as briefs often cite a regulation once and discuss it for paragraphs), ``none``.
            e.g. ``sentence``
        urls: the URLs of those notes, in order (``sources.url``). e.g. ``["https://www.gov.cn/…"]``
        status: ``supported`` (a cited source states the same value), ``partly_supported`` (same value, other
            qualifier: "more than" vs "at least"), ``contradicted`` (a comparable different figure beside the
            same key terms), ``not_found_in_source``, ``source_unavailable`` (no retrieved text), ``no_citation``.
            e.g. ``supported``
        evidence: the source sentence that decided the status. e.g. ``中央财政出资624亿元。``
        evidence_url: the cited URL whose source gave the evidence (``sources.url``). e.g.
            ``https://www.gov.cn/xinwen/2023-02/28/content_5743623.htm``
        evidence_start: where ``evidence`` starts in the source's text (``sources.text_path``). e.g. ``226``
        evidence_end: where it ends (exclusive). e.g. ``236``
        source_sha256: SHA-256 of the source snapshot the evidence is from (``sources.sha256``). e.g. ``7af0…07f5``
        start: where the claim's figure starts in ``text/<doc_id>.txt``. e.g. ``650``
        end: where it ends (exclusive). e.g. ``664``
        reason: why the status, in a sentence. e.g. ``qualifier differs: the brief says 'more than 50 percent'``
        claim_kind: ``quantity`` or ``date``. e.g. ``quantity``
        iso: a date claim's date, ISO 8601. e.g. ``2021-10-24``
        qualifier: the claim's hedge (``more than``, ``about``, ``since``…). e.g. ``more than``
        evidence_text_path: the source's extracted text, relative to the output folder (``sources.text_path``).
            e.g. ``sources/7af0…07f5.txt``
        consistency: problems inside the brief itself: an implausible yuan/dollar rate, a count stated twice
            with two values. e.g. ``'36 funds' here, '38 funds' in brief.pdf#c012``
        series: the numbering sequence of ``notes`` (see ``endnotes.series``); empty when there are none.
            e.g. ``1``
        evidence_figure: the figure or date in ``evidence`` that matched (or contradicted) the claim, as the
            source prints it. e.g. ``624亿元``
        evidence_figure_start: where ``evidence_figure`` starts in the source's text. e.g. ``231``
        evidence_figure_end: where it ends (exclusive). e.g. ``236``
        evidence_source: what kind of copy ``evidence`` was read from: ``cited`` (the cited URL's own capture),
            ``redirect`` (the page the cited URL redirected to), ``mirror`` (a copy on another site), ``excerpt``
            (a saved partial copy of the cited page), ``mirror_excerpt`` (a saved partial copy on another site).
            e.g. ``mirror_excerpt``
        evidence_read_from: the URL the evidence was actually read from (the mirror's or redirect target's
            address, else the cited URL). e.g. ``https://news.sciencenet.cn/htmlnews/2021/11/469569.shtm``
        evidence_warc_record_id: the WARC record holding that copy (``sources.warc.gz``). e.g.
            ``<urn:uuid:1b0c…>``
        evidence_captured_at: the snapshot's date (its WARC-Date). e.g. ``2026-11-23T00:00:00Z``
    """

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
    # provenance of ``evidence`` (see the Columns section): kind of copy, URL read, WARC record, snapshot date
    evidence_source: str | None = None
    evidence_read_from: str | None = None
    evidence_warc_record_id: str | None = None
    evidence_captured_at: str | None = None
    series: int | None = None  # numbering sequence of ``notes`` (see Endnote.series)
    evidence_figure: str | None = None  # the source's figure inside ``evidence``
    evidence_figure_start: int | None = None
    evidence_figure_end: int | None = None
