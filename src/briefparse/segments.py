"""Regions, sections, paragraphs and call-aware sentences of a Document.

Every extractor needs the same answers: is this offset in the body, the notes or the back
matter; which heading is it under; which paragraph and sentence hold it. They are computed
once here. Sentences come from spaCy's rule-based sentencizer (blank ``en``), run on the text
with note calls masked so ``projects.⁹ By 2022`` splits after the call, which stays glued to
the sentence it ends.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from briefparse.records import Block, Document
from briefparse.text.nlp import sentencizer

BODY_KINDS = {"paragraph", "list_item", "caption", "caption_label", "table", "title", "heading", "credit"}
_CALL_CHARS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]")


@dataclass(frozen=True)
class Sentence:
    """A sentence (or caption line, table row, heading) with where it sits."""

    start: int
    end: int
    block: int  # index into Segmentation.blocks
    kind: str  # block kind: paragraph, list_item, caption, table, heading, note, ...
    region: str  # body | endnote | back_matter


@dataclass
class Regions:
    """Where the notes are: ``[notes_start, notes_end)``; back matter from ``back_start``."""

    notes_start: int | None = None
    notes_end: int | None = None
    back_start: int | None = None
    notes_heading: str | None = None
    # when notes follow each chapter: every notes region; text between them is body
    notes_spans: list[tuple[int, int]] = field(default_factory=list)

    def where(self, offset: int) -> str:
        if self.notes_spans:
            if any(a <= offset < b for a, b in self.notes_spans):
                return "endnote"
            return "back_matter" if self.back_start is not None and offset >= self.back_start else "body"
        if self.notes_start is not None and offset >= self.notes_start:
            if self.notes_end is None or offset < self.notes_end:
                return "endnote"
            return "back_matter"
        if self.back_start is not None and offset >= self.back_start:
            return "back_matter"
        return "body"


def _first(pair: tuple[int, str]) -> int:
    return pair[0]


@dataclass
class Segmentation:
    """All the positional facts of one document, with fast look-ups by offset."""

    text: str
    blocks: list[Block]
    regions: Regions
    sentences: list[Sentence] = field(default_factory=list)
    sections: list[tuple[int, str]] = field(default_factory=list)  # (heading start, heading text)
    _sent_starts: list[int] = field(default_factory=list, repr=False)
    _block_starts: list[int] = field(default_factory=list, repr=False)

    def section_at(self, offset: int) -> str | None:
        i = bisect.bisect_right(self.sections, offset, key=_first) - 1  # no list of starts per call
        return self.sections[i][1] if i >= 0 else None

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right(self._sent_starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < max(self.sentences[i].end, self.sentences[i].start + 1):
            return self.sentences[i]
        if i >= 0 and offset == self.sentences[i].end:
            return self.sentences[i]
        return None

    def block_at(self, offset: int) -> tuple[int, Block] | None:
        i = bisect.bisect_right(self._block_starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset <= self.blocks[i].end:
            return i, self.blocks[i]
        return None

    def sentences_in_block(self, block_index: int) -> list[Sentence]:
        return [s for s in self.sentences if s.block == block_index]

    def body_sentences(self) -> list[Sentence]:
        return [s for s in self.sentences if s.region == "body"]

    def sentence_text(self, s: Sentence) -> str:
        return self.text[s.start:s.end]


def find_regions(doc: Document) -> Regions:
    """Notes region from the ``notes_heading`` block to the next heading; the rest is back matter."""
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        if b.kind == "notes_heading":
            notes_end = None
            for b2 in blocks[i + 1:]:
                if b2.kind in ("heading", "title"):
                    notes_end = b2.start
                    break
            return Regions(b.start, notes_end, notes_end, doc.text[b.start:b.end].strip())
    return Regions()


def _mask_calls(text: str) -> str:
    """Blank out note calls so the sentencizer sees ``projects.  By`` and splits there."""
    out = re.sub(r"\^\{[^{}\n]{1,40}\}|\^\d{1,4}", lambda m: " " * len(m.group()), text)
    return _CALL_CHARS.sub(" ", out)


_EXTRA_BOUNDARY = re.compile(r"([.!?][\"”’')]*)\s+(?=[A-Z“\"‘(])|([。！？][」』”’）)]*)(?=\s*\S)")
_ABBREV_END = re.compile(r"(?:\b(?:et al|e\.g|i\.e|etc|vs|No|no|Vol|vol|pp|Dr|Mr|Mrs|Ms|Prof|St|Inc|Ltd|Co|Jr|Sr|(?<!&)[A-Z]))\.$")


CHUNK_CHARS = 50_000  # a longer block is split into pieces (spaCy refuses over 1,000,000 characters)
SENTENCE_CHARS = 1_000  # a longer "sentence" is cut into pieces (see _cap_length)
TOKEN_CHARS = 32  # longest token the tokenizer sees (its prefix/suffix loop is quadratic in a token's length)
_LONG_RUN = re.compile(rf"\S{{{TOKEN_CHARS + 1},}}")
_PUNCT_RUN = re.compile(r"[^\w\s]{6,}")
_CHUNK_CUT = re.compile(r"[.!?。！？][\"”’')]*\s+|\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one block of text, calls kept on the sentence they end.

    A block longer than ``CHUNK_CHARS`` is cut after a sentence stop (else a line break, else a
    space) and each piece is split on its own, so no block fails on length and the cost stays linear."""
    if len(text) <= CHUNK_CHARS:
        return _split_chunk(text)
    out: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + CHUNK_CHARS)
        if end < len(text):
            floor = pos + CHUNK_CHARS // 2
            stop = None
            for m in _CHUNK_CUT.finditer(text, floor, end):
                stop = m.end()
            if stop is None:
                space = max(text.rfind(" ", floor, end), text.rfind("\t", floor, end))
                stop = space + 1 if space >= 0 else end
            end = stop
        out.extend((pos + a, pos + b) for a, b in _split_chunk(text[pos:end]))
        pos = end
    return out


def tokenizer_view(text: str) -> str:
    """``text`` as the spaCy tokenizer should see it: same length, no token over ``TOKEN_CHARS``.

    Long runs without spaces get a space at a letter–letter position (never next to punctuation, so
    no sentence stop appears or disappears), runs of 6+ punctuation marks every other character;
    ordinary words are untouched. Sentence offsets are read back from the original text."""
    if not _LONG_RUN.search(text):
        return text
    chars = list(text)
    for run in _LONG_RUN.finditer(text):
        a, b = run.span()
        punct = bytearray(b - a)
        for pm in _PUNCT_RUN.finditer(text, a, b):
            punct[pm.start() - a:pm.end() - a] = b"\x01" * (pm.end() - pm.start())
        last = a  # where the current token starts
        for i in range(a + 1, b - 1):
            in_punct = punct[i - a] and punct[i - a - 1] and punct[i - a + 1]
            letters = text[i - 1].isalnum() and text[i].isalnum() and text[i + 1].isalnum()
            if (in_punct and i > last) or (letters and i - last >= TOKEN_CHARS // 2) or i - last >= TOKEN_CHARS:
                chars[i], last = " ", i + 1
    return "".join(chars)


def _ends_with_abbrev(masked: str, a: int, b: int) -> bool:
    """``_ABBREV_END.search(masked[a:b])`` reading only the last characters (the pattern is anchored at the end)."""
    if b - a <= 12:
        return bool(_ABBREV_END.search(masked[a:b]))
    return bool(_ABBREV_END.search(masked, b - 12, b))


def _split_chunk(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one piece of a block (see :func:`split_sentences`)."""
    if not text.strip():
        return []
    masked = _mask_calls(text)
    nlp = sentencizer()
    doc = nlp(tokenizer_view(masked))
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        a = sent.start_char
        # the tokenizer keeps "S&T." or "2022." whole: split those boundaries too
        for m in _EXTRA_BOUNDARY.finditer(masked, a, sent.end_char):
            cut = m.end(1) if m.group(1) else m.end(2)  # Latin stop + space, or a CJK stop (no space needed)
            if not _ends_with_abbrev(masked, a, cut):
                spans.append((a, cut))
                a = cut
        spans.append((a, sent.end_char))
    # merge splits after abbreviations ("et al.", "U.S.", "No.") that the rules over-split
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged:
            pa, pb = merged[-1]
            q = pb
            while q > pa and masked[q - 1].isspace():
                q -= 1
            nxt = masked[a:b].lstrip()
            if _ends_with_abbrev(masked, pa, q) and nxt[:1] and not nxt[:1].isupper() or (
                    q - pa >= 4 and masked[q - 4:q] == "U.S." and nxt[:1].islower()):
                merged[-1] = (pa, b)
                continue
        merged.append((a, b))
    out: list[tuple[int, int]] = []
    for a, b in merged:
        # shrink to the text, then extend the end over calls glued to it
        while a < b and masked[a].isspace():
            a += 1
        while b > a and masked[b - 1].isspace():
            b -= 1
        while b < len(text) and masked[b] == " " and not text[b].isspace():
            b += 1
        if b > a:
            out.extend(_cap_length(text, a, b))
    return out


def _cap_length(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """``[a, b)`` cut into pieces of at most ``SENTENCE_CHARS`` (at a space when there is one).

    No real sentence is that long; a run of numbers or symbols without a stop would otherwise be one
    sentence repeated in the row of every figure it holds (output quadratic in its length)."""
    out: list[tuple[int, int]] = []
    while b - a > SENTENCE_CHARS:
        cut = text.rfind(" ", a + SENTENCE_CHARS // 2, a + SENTENCE_CHARS)
        cut = cut if cut > a else a + SENTENCE_CHARS
        out.append((a, cut))
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if b > a:
        out.append((a, b))
    return out


def segment(doc: Document, regions: Regions | None = None) -> Segmentation:
    """Compute regions, sections and sentences of ``doc``."""
    regions = regions or find_regions(doc)
    text = doc.text
    seg = Segmentation(text=text, blocks=list(doc.blocks), regions=regions)
    for bi, b in enumerate(seg.blocks):
        where = regions.where(b.start)
        if b.kind in ("title", "heading", "notes_heading"):
            seg.sections.append((b.start, text[b.start:b.end].strip()))
        if b.kind in ("paragraph", "list_item", "note", "footnote", "credit"):
            for a, e in split_sentences(text[b.start:b.end]):
                seg.sentences.append(Sentence(b.start + a, b.start + e, bi, b.kind, where))
        else:
            seg.sentences.append(Sentence(b.start, b.end, bi, b.kind, where))
    seg.sentences.sort(key=lambda s: s.start)
    seg._sent_starts = [s.start for s in seg.sentences]
    seg._block_starts = [b.start for b in seg.blocks]
    return seg
