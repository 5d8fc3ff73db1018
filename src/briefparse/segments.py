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
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

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


# a Latin stop, closing quotes, space and a capital; or a CJK stop and its closing quotes (group 1 or 2: the
# quotes). The stop comes first, then the alternative it opens (told by a lookbehind): the regex engine
# skips ahead to stops instead of trying both alternatives at every position
_EXTRA_BOUNDARY = re.compile(r"[.!?。！？](?:(?<=[.!?])([\"”’')]*)\s+(?=[A-Z“\"‘(])|(?<=[。！？])([」』”’）)]*)(?=\s*\S))")
_ABBREV_END = re.compile(r"(?:\b(?:et al|e\.g|i\.e|etc|vs|No|no|Vol|vol|pp|Dr|Mr|Mrs|Ms|Prof|St|Inc|Ltd|Co|Jr|Sr|(?<!&)[A-Z]))\.$")


CHUNK_CHARS = 50_000  # a longer block is split into pieces (spaCy refuses over 1,000,000 characters)
SENTENCE_CHARS = 1_000  # a longer "sentence" is cut into pieces (see _cap_length)
TOKEN_CHARS = 32  # longest token the tokenizer sees (its prefix/suffix loop is quadratic in a token's length)
_LONG_RUN = re.compile(rf"\S{{{TOKEN_CHARS + 1},}}")
_PUNCT_RUN = re.compile(r"[^\w\s]{6,}")
_LONG_RUN_AT_START = re.compile(rf"\S{{{TOKEN_CHARS + 1}}}")
_LONG_RUN_AFTER_SPACE = re.compile(rf"\s\S{{{TOKEN_CHARS + 1}}}")
_CHUNK_CUT = re.compile(r"[.!?。！？][\"”’')]*\s+|\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one block of text, calls kept on the sentence they end (see :func:`split_blocks`)."""
    return split_blocks([text])[0]


def split_blocks(texts: list[str]) -> list[list[tuple[int, int]]]:
    """Sentence spans of each block of text, calls kept on the sentence they end.

    A block longer than ``CHUNK_CHARS`` is cut after a sentence stop (else a line break, else a
    space) and each piece is split on its own, so no block fails on length and the cost stays linear.
    The sentencizer's rule runs once over every piece of every block (see :func:`sentence_spans`)."""
    pieces = [(i, pos, piece) for i, text in enumerate(texts) for pos, piece in _chunks(text) if piece.strip()]
    masked = [_mask_calls(piece) for _, _, piece in pieces]
    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    for (i, pos, piece), m, sents in zip(pieces, masked, sentence_spans([tokenizer_view(m) for m in masked]),
                                         strict=True):
        out[i].extend((pos + a, pos + b) for a, b in _split_chunk(piece, m, sents))
    return out


def _chunks(text: str) -> list[tuple[int, str]]:
    """``text`` cut into pieces of at most ``CHUNK_CHARS`` after a sentence stop (else a line break, else a
    space), each with its offset: spaCy refuses texts over 1,000,000 characters."""
    if len(text) <= CHUNK_CHARS:
        return [(0, text)]
    out: list[tuple[int, str]] = []
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
        out.append((pos, text[pos:end]))
        pos = end
    return out


def tokenizer_view(text: str) -> str:
    """``text`` as the spaCy tokenizer should see it: same length, no token over ``TOKEN_CHARS``.

    Long runs without spaces get a space at a letter–letter position (never next to punctuation, so
    no sentence stop appears or disappears), runs of 6+ punctuation marks every other character;
    ordinary words are untouched. Sentence offsets are read back from the original text."""
    if not (_LONG_RUN_AT_START.match(text) or _LONG_RUN_AFTER_SPACE.search(text)):  # (skips ahead to spaces)
        return text
    chars = list(text)
    for run in _LONG_RUN.finditer(text):
        for i in _view_cuts(text, *run.span()):
            chars[i] = " "
    return "".join(chars)


_ALNUM_AMID = re.compile(r"(?<=[^\W_])[^\W_](?=[^\W_])")  # a letter or digit between two ([^\W_] is isalnum)


def _view_cuts(text: str, a: int, b: int) -> list[int]:
    """Where :func:`tokenizer_view` puts a space in the run ``text[a:b]``, going from cut to cut.

    A position inside a punctuation run (not its ends) is cut as soon as it is past the last cut; a
    letter or digit between two others once ``TOKEN_CHARS // 2`` past it; any position ``TOKEN_CHARS``
    past it. The next cut is the nearest of the three, found by bisection and a bounded search (the run
    is not walked character by character)."""
    inner = [i for pm in _PUNCT_RUN.finditer(text, a, b) for i in range(pm.start() + 1, pm.end() - 1)]
    cuts: list[int] = []
    last = a  # where the current token starts
    while True:
        k = bisect.bisect_right(inner, last)
        # (looked for no further than the forced cut, and the character after it that the lookahead reads)
        amid = _ALNUM_AMID.search(text, last + TOKEN_CHARS // 2, min(b, last + TOKEN_CHARS + 2))
        i = min(inner[k] if k < len(inner) else b, amid.start() if amid else b, last + TOKEN_CHARS)
        if i > b - 2:
            return cuts
        cuts.append(i)
        last = i + 1


def sentence_spans(texts: list[str]) -> list[list[tuple[int, int]]]:
    """``(start_char, end_char)`` of the sentences spaCy's sentencizer finds in each text (none blank).

    The sentencizer's rule (a sentence starts at the first token after a sentence mark that is neither
    punctuation nor a mark) only needs the tokens of the whitespace-delimited chunks that hold a mark and
    of a chunk after one that starts with punctuation: spaCy cuts each chunk on its own, so only those are
    tokenized (one call over their distinct strings) and the other chunks are read from their characters
    (see :func:`_chunk_spans`). Tokenizing every chunk of a text it had not seen was most of the stage."""
    classes = _mark_classes()
    if classes is None:  # (a configured mark of several characters: let spaCy iterate)
        return [_spacy_spans(t) for t in texts]
    every, bmp = classes
    needed: dict[str, None] = {}
    found = [_mark_chunks(t, every if _ASTRAL.search(t) else bmp, needed) for t in texts]
    tokens = _chunk_tokens(list(needed))
    return [_chunk_spans(t, chunks, tokens) for t, chunks in zip(texts, found, strict=True)]


def _spacy_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one text from spaCy's own tokenizer and ``Sentencizer`` (the reference)."""
    nlp = sentencizer()
    return [(s.start_char, s.end_char) for s in nlp.get_pipe("sentencizer")(nlp.tokenizer(text)).sents]


@lru_cache(maxsize=1)
def _mark_classes() -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """The sentencizer's sentence marks as a character class, and the same without the marks beyond the Basic
    Multilingual Plane (None when a mark is longer than a character or a space).

    A class holding astral characters is tested character by character against each of them (a search
    over a text took ~11 times as long); text without an astral character is searched with the second."""
    chars = sentencizer().get_pipe("sentencizer").punct_chars
    if not chars or any(len(c) != 1 or c.isspace() for c in chars):
        return None

    def char_class(cs: list[str]) -> re.Pattern[str]:
        return re.compile(f"[{''.join(re.escape(c) for c in cs)}]" if cs else "(?!)")

    return char_class(sorted(chars)), char_class(sorted(c for c in chars if c <= "\uffff"))


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


_SPACE_RUN = re.compile(r"\s+")
_CHUNK = re.compile(r"\S+")


def _is_punct_char(c: str) -> bool:
    """spaCy's IS_PUNCT of one character (a word is punctuation when all its characters are)."""
    return unicodedata.category(c).startswith("P")


def _mark_chunks(text: str, marks: re.Pattern[str], needed: dict[str, None]) -> list[tuple[int, int]]:
    """Spans of the chunks of ``text`` holding a mark; adds to ``needed`` the chunks whose tokens the rule
    reads: those, and a chunk after one that starts with punctuation but is not all punctuation."""
    out: list[tuple[int, int]] = []
    m = marks.search(text)
    while m is not None:
        a = text.rfind(" ", 0, m.start()) + 1  # the chunk's start, when a space is the whitespace before it
        chunk = _CHUNK.match(text, a)
        if chunk is None or chunk.end() <= m.start():  # (another whitespace character is nearer)
            a = m.start()
            while a > 0 and not text[a - 1].isspace():
                a -= 1
            chunk = _CHUNK.match(text, a)
            assert chunk is not None
        end = chunk.end()
        needed[chunk.group()] = None
        out.append((a, end))
        pos = end
        while text.startswith(" ", pos):
            first = text[pos + 1:pos + 2]  # (most often a letter: no punctuation, the rule reads no further)
            if not first or first.isspace() or first.isalnum() or not _is_punct_char(first):
                break
            nxt = _CHUNK.match(text, pos + 1)
            if nxt is None or marks.search(nxt.group()):
                break
            if not all(map(_is_punct_char, nxt.group())):
                needed[nxt.group()] = None
                break
            pos = nxt.end()
        m = marks.search(text, end)  # the next mark after this chunk (a URL's many dots are skipped in C)
    return out


Toks = list[tuple[int, int, bool, bool]]  # a chunk's tokens: start, end, punctuation, sentence mark


def _chunk_tokens(chunks: list[str]) -> dict[str, Toks]:
    """The tokens of each chunk as spaCy cuts it, from one tokenizer call over the chunks joined by spaces."""
    if not chunks:
        return {}
    from spacy.attrs import IDX, IS_PUNCT, LENGTH

    nlp = sentencizer()
    chars = nlp.get_pipe("sentencizer").punct_chars
    joined = " ".join(chunks)
    cols = nlp.tokenizer(joined).to_array([IDX, LENGTH, IS_PUNCT]).tolist()
    out: dict[str, Toks] = {}
    k, base = 0, 0
    toks: Toks = []
    for idx, length, punct in cols:
        while idx >= base + len(chunks[k]):
            out[chunks[k]] = toks
            base += len(chunks[k]) + 1
            k, toks = k + 1, []
        a = idx - base
        toks.append((a, a + length, bool(punct), length == 1 and joined[idx] in chars))
    out[chunks[k]] = toks
    return out


def _token_before(text: str, p: int) -> int:
    """End of the token before the one starting at ``p`` (one space after a word belongs to no token)."""
    return p - 1 if p >= 2 and text[p - 1] == " " and not text[p - 2].isspace() else p


def _start_after(text: str, pos: int, rest: Toks, chunk_at: int, tokens: dict[str, Toks]) -> int | None:
    """Where the first token after a mark that is neither punctuation nor a mark starts: among ``rest`` (the
    chunk's tokens after the mark, offsets from ``chunk_at``), else in what follows ``pos`` (the chunk's end)."""
    for a, _, punct, mark in rest:
        if not punct and not mark:
            return chunk_at + a
    n = len(text)
    while pos < n:
        if text[pos].isspace():
            run = _SPACE_RUN.match(text, pos)
            assert run is not None
            if run.end() - pos == 1 and text[pos] == " ":
                pos += 1  # one space after a word: no token
                continue
            return pos + (text[pos] == " ")  # a whitespace token (not punctuation)
        chunk = _CHUNK.match(text, pos)
        assert chunk is not None
        got = tokens.get(chunk.group())
        if got is None:  # a chunk without a mark: its first token holds its first character
            if not _is_punct_char(text[pos]):
                return pos
            if all(map(_is_punct_char, chunk.group())):
                pos = chunk.end()
                continue
            raise AssertionError("chunk not tokenized")  # (``_mark_chunks`` asks for these)
        for a, _, punct, mark in got:
            if not punct and not mark:
                return pos + a
        pos = chunk.end()
    return None


def _chunk_spans(text: str, chunks: list[tuple[int, int]], tokens: dict[str, Toks]) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` from the tokens of its chunks holding a mark (see :func:`sentence_spans`)."""
    starts = {0}
    for a, b in chunks:
        toks = tokens[text[a:b]]
        for k, (_, _, _, mark) in enumerate(toks):
            if mark:
                s = _start_after(text, b, toks[k + 1:], a, tokens)
                if s is not None:
                    starts.add(s)
    order = sorted(starts)
    ends = [_token_before(text, p) for p in order[1:]] + [_token_before(text, len(text))]
    return list(zip(order, ends, strict=True))


def _ends_with_abbrev(masked: str, a: int, b: int) -> bool:
    """``_ABBREV_END.search(masked[a:b])`` reading only the last characters (the pattern is anchored at the end)."""
    if b - a <= 12:
        return bool(_ABBREV_END.search(masked[a:b]))
    return bool(_ABBREV_END.search(masked, b - 12, b))


def _split_chunk(text: str, masked: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans of one piece of a block, from the sentencizer's ``sents`` over its ``masked`` calls."""
    spans: list[tuple[int, int]] = []
    for a, sent_end in sents:
        # the tokenizer keeps "S&T." or "2022." whole: split those boundaries too
        for m in _EXTRA_BOUNDARY.finditer(masked, a, sent_end):
            cut = m.end(1) if m.group(1) is not None else m.end(2)  # Latin stop + space, or a CJK stop (no space)
            if not _ends_with_abbrev(masked, a, cut):
                spans.append((a, cut))
                a = cut
        spans.append((a, sent_end))
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


_PROSE_KINDS = ("paragraph", "list_item", "note", "footnote", "credit")  # blocks split into sentences


def segment(doc: Document, regions: Regions | None = None) -> Segmentation:
    """Compute regions, sections and sentences of ``doc``."""
    regions = regions or find_regions(doc)
    text = doc.text
    seg = Segmentation(text=text, blocks=list(doc.blocks), regions=regions)
    prose = [bi for bi, b in enumerate(seg.blocks) if b.kind in _PROSE_KINDS]
    split = dict(zip(prose, split_blocks([text[seg.blocks[bi].start:seg.blocks[bi].end] for bi in prose]),
                     strict=True))
    for bi, b in enumerate(seg.blocks):
        where = regions.where(b.start)
        if b.kind in ("title", "heading", "notes_heading"):
            seg.sections.append((b.start, text[b.start:b.end].strip()))
        if b.kind in _PROSE_KINDS:
            for a, e in split[bi]:
                seg.sentences.append(Sentence(b.start + a, b.start + e, bi, b.kind, where))
        else:
            seg.sentences.append(Sentence(b.start, b.end, bi, b.kind, where))
    seg.sentences.sort(key=lambda s: s.start)
    seg._sent_starts = [s.start for s in seg.sentences]
    seg._block_starts = [b.start for b in seg.blocks]
    return seg
