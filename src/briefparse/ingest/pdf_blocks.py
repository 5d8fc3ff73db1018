"""PDF lines → typed blocks (paragraph, heading, caption, table row, note...) → text.

Works on :class:`~briefparse.ingest.pdf_layout.Line` lists in reading order, so it does not
care which engine read the PDF. Paragraphs come from line gaps, font-size changes, bullets
and indents; a paragraph cut by a page break or by a figure caption is rejoined, and the
captions follow it; page-foot footnotes are emitted at the end as numbered notes.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter

from .layout import CAPTION_INLINE_RE, CAPTION_LABEL_RE, CREDIT_RE, NOTES_HEADING_RE, TextBuilder
from .pdf_layout import BULLETS, SOFT_HYPHEN, Line, Piece, Segment, is_cjk
from .pdf_notes import Footnote

_IS_SUP = itemgetter(1)  # a piece's superscript flag

END_PUNCT = ".!?:;”\"’'。！？)"
NOTE_START_RE = re.compile(r"^(\d{1,4})[.)]?\s+\S")
URL_TAIL_RE = re.compile(r"(?:https?://|www\.)\S*$", re.I)
URLISH_RE = re.compile(r"[/_=?&>%#]|\.\w")
WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
FIGURE_KINDS = ("caption_label", "caption", "credit")
TOC_LEADER_RE = re.compile(r"(?:\.\s?){5,}\s*(?:\d{1,4}|[ivxlc]{1,6})\b", re.I)  # "Title ........ 12"
TOC_PAGE_RE = re.compile(r"\d{1,4}|[ivxlc]{1,6}", re.I)


def _seg_text(seg: Segment) -> str:
    return "".join(t for t, _ in seg.pieces)


@dataclass
class Proto:
    """A block under construction: its kind, lines, and (tables) rows of cells."""

    kind: str
    lines: list[Line] = field(default_factory=list)
    rows: list[list[list[Line]]] = field(default_factory=list)
    number: int | None = None  # note number (notes, footnotes)

    @property
    def page(self) -> int:
        if self.lines:
            return self.lines[0].page
        return next((c[0].page for row in self.rows for c in row if c), 0)

    @property
    def size(self) -> float:
        return self.lines[0].size if self.lines else 0.0


def ends_sentence(line: Line) -> bool:
    """Whether a line ends a sentence (calls ignored)."""
    s = line.plain.rstrip()
    return bool(s) and s[-1] in END_PUNCT


def line_pitches(pages: list[list[Line]]) -> dict[float, float]:
    """Usual baseline-to-baseline distance per font size, from consecutive lines."""
    seen: dict[float, Counter[float]] = {}
    for lines in pages:
        for a, b in zip(lines, lines[1:], strict=False):
            if a.column != b.column or abs(a.size - b.size) > 0.3:
                continue
            d = b.base - a.base
            if 0.8 * a.size < d < 2.5 * a.size:
                seen.setdefault(round(a.size, 1), Counter())[round(d * 2) / 2] += 1
    return {s: c.most_common(1)[0][0] for s, c in seen.items()}


def _pitch(pitches: dict[float, float], size: float) -> float:
    return pitches.get(round(size, 1), 1.2 * size)


def _is_multi(ln: Line, body: float) -> bool:
    return len(ln.segments) >= 2 and ln.size <= body + 0.5


def find_tables(lines: list[Line], body: float) -> dict[int, tuple[int, Proto]]:
    """Table regions of a page: runs of lines split into aligned cells (by wide gaps).

    Returns ``{first index: (last index, table Proto)}``; each row of cells keeps its lines.
    """
    out: dict[int, tuple[int, Proto]] = {}
    i, n = 0, len(lines)
    while i < n:
        if not _is_multi(lines[i], body):
            i += 1
            continue
        starts = [s.x0 for s in lines[i].segments]
        j = i
        while j + 1 < n:
            a, b = lines[j], lines[j + 1]
            if (b.column != a.column or abs(b.size - a.size) > 1 or not 0 < b.base - a.base < 2.5 * a.size):
                break
            if not (_is_multi(b, body) or any(abs(b.x0 - s) <= 3 for s in starts)):
                break
            starts += [s.x0 for s in b.segments]
            j += 1
        region = lines[i:j + 1]
        multi = [ln for ln in region if _is_multi(ln, body)]
        inner = Counter(round(s.x0 / 3) for ln in multi for s in ln.segments[1:])
        if len(multi) >= 2 and inner and inner.most_common(1)[0][1] >= 2:
            out[i] = (j, Proto("table", rows=_table_rows(region)))
            i = j + 1
        else:
            i += 1
    return out


def _table_rows(region: list[Line]) -> list[list[list[Line]]]:
    """Rows of cells: column starts shared by several lines' segments, rows split at the larger gaps."""
    xs = sorted(s.x0 for ln in region for s in ln.segments)
    clusters: list[list[float]] = []
    for x in xs:
        if clusters and x - clusters[-1][-1] <= 4:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    cols = [min(c) for c in clusters if len(c) >= 2] or [xs[0]]
    deltas = [b.base - a.base for a, b in zip(region, region[1:], strict=False)]
    row_gap = 1.2 * min(deltas) if deltas else 0.0
    groups: list[list[Line]] = [[region[0]]]
    for d, ln in zip(deltas, region[1:], strict=False):
        if d > row_gap:
            groups.append([ln])
        else:
            groups[-1].append(ln)
    rows: list[list[list[Line]]] = []
    for g in groups:
        cells: list[list[Line]] = [[] for _ in cols]
        for ln in g:
            for k, pieces in enumerate(ln.split_at(cols)):
                if pieces:
                    cells[k].append(Line(ln.page, [Segment(ln.x0, ln.x1, pieces)], ln.x0, ln.x1, ln.base, ln.size,
                                         ln.bold, ln.column, ln.col_left, ln.col_right))
        rows.append(cells)
    return rows


class Assembler:
    """Walks lines in reading order and opens/closes typed blocks."""

    def __init__(self, body: float, pitches: dict[float, float]) -> None:
        self.body = body
        self.pitches = pitches
        self.blocks: list[Proto] = []
        self.cur: Proto | None = None
        self.in_notes = False
        self.in_figure = False
        self.next_note: int | None = None
        self.seen_heading = False
        self.in_toc = False

    def close(self) -> None:
        cur = self.cur
        self.cur = None
        if cur is None or not cur.lines:
            return
        if cur.kind == "paragraph" and self._heading_like(cur):
            cur.kind = "heading"
        if cur.kind == "heading" and not self.seen_heading and cur.page == 1 and cur.size > 1.3 * self.body:
            cur.kind = "title"
        if cur.kind in ("heading", "title"):
            self.seen_heading = True
            self.in_figure = False
        elif cur.kind == "paragraph" and abs(cur.size - self.body) <= 0.5:
            self.in_figure = False
        self.blocks.append(cur)

    def _heading_like(self, b: Proto) -> bool:
        ln = b.lines[0]
        text = " ".join(x.plain for x in b.lines)
        if len(b.lines) > 3 or len(text) > 200 or not text[:1].isupper() and text[:1] not in "(“\"":
            return False
        if ln.size > 1.1 * self.body:
            return True
        short = len(b.lines) == 1 and len(text.split()) <= 12 and text.rstrip()[-1:] not in ".,;!?"
        return short and (ln.bold or abs(ln.size - self.body) > 0.5)

    def open(self, kind: str, ln: Line, number: int | None = None) -> None:
        self.close()
        self.cur = Proto(kind, [ln], number=number)

    def _note_number(self, ln: Line) -> int | None:
        """The note number a line opens with ("12. ", "12 ", or a raised 12), if it is the expected one."""
        first = next((p for p in ln.pieces if p[0].strip()), None)
        if first is not None and first[1]:
            digits = first[0].strip()
            n = int(digits) if digits.isdigit() else None
        else:
            m = NOTE_START_RE.match(ln.plain)
            n = int(m.group(1)) if m else None
        if n is None:
            return None
        expected = self.next_note
        return n if (n <= 3 if expected is None else expected <= n <= expected + 3) else None

    def _new_block(self, ln: Line) -> bool:
        cur = self.cur
        if cur is None or not cur.lines:
            return True
        prev = cur.lines[-1]
        if prev.page != ln.page or prev.column != ln.column or abs(prev.size - ln.size) > 0.5:
            return True
        gap = ln.base - prev.base
        if gap <= 0 or gap > 1.3 * _pitch(self.pitches, prev.size):
            return True
        if cur.kind in ("caption_label", "notes_heading", "heading", "title") and prev.bold != ln.bold:
            return True
        if prev.bold != ln.bold and (len(prev.plain.split()) < 12 or len(ln.plain.split()) < 12):
            return True
        if cur.kind == "caption_label":
            return True
        width = ln.col_right - ln.col_left
        if cur.kind == "paragraph" and abs(ln.size - self.body) <= 0.5 and math.isfinite(width):
            indent = ln.x0 - ln.col_left
            if abs(prev.x0 - prev.col_left) <= 1 and 0.8 * ln.size < indent < 4 * ln.size:
                return True
            if (prev.x1 < prev.col_right - 0.15 * width and ends_sentence(prev)
                    and (ln.plain[:1].isupper() or ln.plain[:1] in "“\"(")):
                return True
        return False

    def feed(self, ln: Line) -> None:
        text = ln.plain
        if not text and not ln.pieces:
            return
        if self._toc_line(ln):
            self.open("furniture", ln)  # a table-of-contents entry: not body text, no quantities
            self.close()
            return
        short_line = len(text) < 60 and not re.search(r"[.,;]$", text)
        if short_line and NOTES_HEADING_RE.match(text) and ln.size >= self.body - 0.6:
            self.open("notes_heading", ln)
            self.close()
            self.in_notes, self.in_figure, self.next_note = True, False, None
            return
        if self.in_notes:
            self._feed_note(ln)
            return
        if text[:1] in BULLETS:
            self.open("list_item", ln)
            return
        if CAPTION_LABEL_RE.match(text) or CAPTION_INLINE_RE.match(text):
            self.open("caption_label" if CAPTION_LABEL_RE.match(text) else "caption", ln)
            self.in_figure = True
            return
        if CREDIT_RE.match(text):
            self.open("credit", ln)
            return
        if not self._new_block(ln):
            assert self.cur is not None
            self.cur.lines.append(ln)
            return
        if ln.size > 1.1 * self.body:
            kind = "heading"
        elif self.in_figure and ln.size < self.body - 0.5:
            kind = "caption"
        else:
            kind = "paragraph"
        self.open(kind, ln)

    def _toc_line(self, ln: Line) -> bool:
        """A table-of-contents line: a dotted leader to a page number, or (right after one) a line
        ending in a page number set off at the right edge of the column."""
        text = ln.plain
        if TOC_LEADER_RE.search(text):
            self.in_toc = True
            return True
        if self.in_toc and len(ln.segments) >= 2 and TOC_PAGE_RE.fullmatch(_seg_text(ln.segments[-1]).strip()):
            return True
        self.in_toc = False
        return False

    def _feed_note(self, ln: Line) -> None:
        """Inside the notes: numbered lines open notes, other lines continue them; a heading, or
        text set apart from the last note (other size, or a gap on the same page), ends them."""
        n = self._note_number(ln)
        if n is not None:
            self.open("note", ln, n)
            self.next_note = n + 1
            return
        cur = self.cur
        prev = cur.lines[-1] if cur is not None and cur.lines else None
        is_heading = ((ln.size > (prev.size if prev else self.body) + 1 or ln.bold and not (prev and prev.bold))
                      and len(ln.plain) < 120 and not ends_sentence(ln))
        if is_heading:
            self.in_notes = False
            self.open("heading", ln)
            return
        if cur is not None and prev is not None and cur.kind == "note":
            apart = abs(ln.size - prev.size) > 0.5 or (
                prev.page == ln.page and prev.column == ln.column
                and ln.base - prev.base > 1.3 * _pitch(self.pitches, prev.size))
            if not apart:
                cur.lines.append(ln)
                return
            self.in_notes = False
            self.feed(ln)
            return
        if cur is not None and cur.kind == "paragraph":
            hang = _hanging(cur, ln)
            if hang is True or (hang is None and not self._new_block(ln)):
                cur.lines.append(ln)
                return
        self.open("paragraph", ln)


def _hanging(cur: Proto, ln: Line) -> bool | None:
    """In a list of references set with hanging indents: True when ``ln`` is an indented continuation
    of the entry ``cur``, False when it starts a new entry flush left, None when the layout does not say."""
    first = cur.lines[0]
    if ln.column != first.column or abs(ln.size - first.size) > 0.5 or abs(first.x0 - first.col_left) > 1:
        return None
    step = 0.8 * ln.size
    if first.x0 + step < ln.x0 < first.x0 + 6 * ln.size:
        return True
    if abs(ln.x0 - first.x0) <= 1 and any(x.x0 > first.x0 + step for x in cur.lines[1:]):
        return False
    return None


def rejoin(blocks: list[Proto], body: float) -> list[Proto]:
    """Rejoin paragraphs cut by a page/column break, by figure captions placed mid-paragraph, or by a
    small-print box at the head of the column or page they go on in."""
    out: list[Proto] = []
    for q in blocks:
        if q.kind == "paragraph" and q.lines and abs(q.size - body) <= 0.5:
            k = len(out) - 1
            while k >= 0 and out[k].kind in FIGURE_KINDS:
                k -= 1
            skipped = k < len(out) - 1
            aside = k
            while k >= 0 and _aside(out[k], q, body):
                k -= 1
            if k < aside and k >= 0 and _box_title(out[k], q, body):
                k -= 1
            # a box is passed over only to a paragraph in another column or page (``skipped`` stays as it was)
            if k >= 0 and _continues(out[k], q, skipped=skipped):
                out[k].lines.extend(q.lines)
                continue
        out.append(q)
    return out


def _aside(b: Proto, q: Proto, body: float) -> bool:
    """A small-print box on the page where a paragraph goes on (a sidebar, an author's bio set in a smaller
    size at the head of a column): read after the paragraph it interrupts, like a figure's caption."""
    return (b.kind in ("paragraph", "heading", "list_item") and bool(b.lines) and b.page == q.page
            and b.size < body - 0.25)


def _box_title(b: Proto, q: Proto, body: float) -> bool:
    """The one-line title over a small-print box ("About the author"): short, bold or small, no sentence end."""
    ln = b.lines[0] if len(b.lines) == 1 else None
    return (ln is not None and b.page == q.page and len(ln.plain.split()) <= 6 and not ends_sentence(ln)
            and (ln.bold or ln.size < body - 0.25) and b.kind != "title")


def _continues(p: Proto, q: Proto, skipped: bool) -> bool:
    if p.kind not in ("paragraph", "list_item") or not p.lines or abs(p.size - q.size) > 0.5:
        return False
    a, b = p.lines[-1], q.lines[0]
    moved = a.page != b.page or a.column != b.column
    if not (moved or skipped):
        return False
    aligned = abs(a.x0 - b.x0) <= 2 or b.plain[:1].islower()
    if not aligned:
        return False
    if not ends_sentence(a) and not a.ends_with_call:
        return True
    full = a.x1 >= a.col_right - 1.5 * a.size
    return a.page != b.page and full


def build_vocab(pages: list[list[Line]]) -> Counter[str]:
    """Lower-cased words printed inside lines (not at a line-end hyphen), for hyphen decisions; the lines that
    do not end in a hyphen searched as one text (a word never runs across the newline between them)."""
    plains = [ln.plain for lines in pages for ln in lines]
    words = WORD_RE.findall("\n".join([p for p in plains if not p.endswith("-")]))
    for p in plains:
        if p.endswith("-"):
            words += WORD_RE.findall(p)[:-1]
    return Counter(map(str.lower, words))


def _known(word: str, vocab: Counter[str]) -> bool:
    """Whether ``word`` (or its stem without a plural/verb ending) is printed elsewhere."""
    stems = {word} | {word[: -len(e)] for e in ("s", "es", "ed", "ing", "ly") if word.endswith(e)}
    return any(vocab[w] > 0 for w in stems)


WORDFREQ_MIN = 2.5  # Zipf frequency of an everyday English word (3 = once per million words)


@functools.cache
def wordfreq_zipf() -> Callable[[str], float] | None:
    """wordfreq's English Zipf frequency, or None when the package is not installed."""
    try:
        from wordfreq import zipf_frequency  # imported on first use: ~340 ms at start-up, not every run needs it
    except ImportError:
        return None
    return functools.partial(zipf_frequency, lang="en")


def _english(word: str) -> bool:
    """Whether ``word`` is a common English word by the wordfreq list (False without wordfreq)."""
    freq = wordfreq_zipf()
    return freq is not None and freq(word) >= WORDFREQ_MIN


def _joiner(prev: str, nxt: str, vocab: Counter[str]) -> tuple[str, str]:
    """(prev text as kept, separator) for joining two lines of one block."""
    if prev.endswith(SOFT_HYPHEN):
        return prev[:-1], ""
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalnum():
        heads = WORD_RE.findall(prev[:-1])
        tails = WORD_RE.findall(nxt.split(" ", 1)[0])
        if heads and tails and nxt[:1].islower() and prev[-2].isalpha():
            joined, hyph = (heads[-1] + tails[0]).lower(), (heads[-1] + "-" + tails[0]).lower()
            if not _known(hyph, vocab) and (_known(joined, vocab) or _english(joined) and not _english(hyph)):
                return prev[:-1], ""  # a word cut at the line end; real compounds (state-sponsored) keep it
        return prev, ""
    if prev.endswith(("—", "–")) or nxt.startswith(("—", "–")):
        return prev, ""
    # (a URL tail holds "://" or "www." in some case: only W and w match "w" under re.I, so a line without
    # either is not searched)
    m = URL_TAIL_RE.search(prev) if nxt and ("://" in prev or "www." in prev.lower()) else None
    if m and nxt:
        tail, first = m.group(0), nxt.split(" ", 1)[0]
        closed = tail.endswith((">", ">.", ">,", ",", ";"))
        if not closed and URLISH_RE.search(first) and (not first[0].isupper() or tail[-1] in "/-_=?&#%"):
            return prev, ""
    if prev and nxt and is_cjk(prev[-1]) and is_cjk(nxt[0]):
        return prev, ""
    return prev, " "


def render_lines(lines: list[Line], vocab: Counter[str]) -> list[Piece]:
    """One block's pieces: its lines joined by the hyphen/URL/CJK rules."""
    out: list[Piece] = []
    for ln in lines:
        ps = ln.pieces  # soft hyphens go when the runs are joined below; the joiner sees them only at a line's end
        if not ps:
            continue
        if out:
            first, sup = ps[0]
            if out[-1][1] or sup:
                sep = "" if sup else " "
            else:
                if len(ps) > 1:
                    first = first.replace(SOFT_HYPHEN, "")
                kept, sep = _joiner(out[-1][0].rstrip(" "), first.lstrip(" "), vocab)
                out[-1] = (kept, False)
            if sep:
                out.append((sep, False))
        out.extend(ps)
    merged: list[Piece] = []  # each run of plain pieces joined once, raised calls kept apart
    for sup, run in itertools.groupby(out, key=_IS_SUP):
        if sup:
            merged.extend((t.replace(SOFT_HYPHEN, ""), sup) for t, _ in run)
        else:
            merged.append(("".join([t for t, _ in run]).replace(SOFT_HYPHEN, ""), False))
    return merged


def _strip_lead(pieces: list[Piece], kind: str, number: int | None) -> list[Piece]:
    """Drop a list bullet, or rewrite a note's leading number (plain or raised) as ``N. ``."""
    ps = list(pieces)
    while ps and not ps[0][0].strip():
        ps.pop(0)
    if not ps:
        return ps
    if kind == "list_item" and ps[0][0][:1] in BULLETS and not ps[0][1]:
        ps[0] = (ps[0][0][1:].lstrip(), False)
    elif kind == "note" and number is not None:
        if ps[0][1]:
            ps.pop(0)
        else:
            ps[0] = (re.sub(r"^\s*\d{1,4}[.)]?\s*", "", ps[0][0], count=1), False)
        ps.insert(0, (f"{number}. ", False))
    return ps


def emit(blocks: list[Proto], footnotes: list[Footnote], vocab: Counter[str]) -> TextBuilder:
    """Write blocks, then footnotes under a "Footnotes" heading per numbering run, into a TextBuilder."""
    tb = TextBuilder()
    for b in blocks:
        if b.kind == "table":
            for row in b.rows:
                pieces: list[Piece] = []
                for k, cell in enumerate(row):
                    if k:
                        pieces.append(("\t", False))
                    pieces.extend((t.replace("\t", " "), s) for t, s in render_lines(cell, vocab))
                if any(t.strip() for t, _ in pieces):
                    tb.add_block("table", pieces, b.page)
            continue
        tb.add_block(b.kind, _strip_lead(render_lines(b.lines, vocab), b.kind, b.number), b.page)
    series = 0
    for f in footnotes:
        page = f.lines[0].page
        if f.series != series:
            series = f.series
            tb.add_block("notes_heading", [("Footnotes", False)], page)
        tb.add_block("note", [(f"{f.number}. ", False)] + _lstrip_pieces(render_lines(f.lines, vocab)), page)
    return tb


def _lstrip_pieces(pieces: list[Piece]) -> list[Piece]:
    out = list(pieces)
    while out and not out[0][0].strip():
        out.pop(0)
    return out
