"""PDF page geometry: glyphs → rows → columns → lines, with raised note calls marked.

Both PDF engines (pypdfium2, pdfplumber) are reduced to the same :class:`Glyph` list per
page, so everything here is engine-independent. Nothing trusts the content-stream order:
lines are rebuilt from baselines and x positions (some producers write the note numbers of
an ordered list, or the bullets, at the end of the page's stream).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress, groupby
from operator import attrgetter, le, not_, sub
from typing import Any, NamedTuple

# pdfium reports a printed hyphen at a line break as U+0002 / U+FFFE; U+00AD is a soft hyphen
LINE_HYPHENS = frozenset({"\x02", "\ufffe"})
SOFT_HYPHEN = "\u00ad"
BULLETS = frozenset("•▪●◦‣■□►➢∙")
CALL_RE = re.compile(r"^[\d][\d\s,\-–]*$|^[*†‡§¶]+$")
PAGE_NUMBER_RE = re.compile(r"^(?:page\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
JOURNAL_RE = re.compile(r"\b(?:vol\.|volume)\s*\d+\s*,?\s*(?:no\.|number|issue)\s*\d+|\bpp\.\s*\d+\s*[-–]\s*\d+\.?\s*$"
                        r"|\bdoi\s*:?\s*10\.\d{4,}/", re.I)
PAGE_NUMBER_ZONE = 0.2  # page numbers may sit further from the page edge than running heads
Piece = tuple[str, bool]
_BY_BASE = attrgetter("base", "x0")
_BASE_SIZE = attrgetter("base", "size")
_BY_X = attrgetter("x0", "base")
_X0, _X1 = attrgetter("x0"), attrgetter("x1")
_TEXT, _SIZE, _BASE, _BOLD = attrgetter("text"), attrgetter("size"), attrgetter("base"), attrgetter("bold")


class Glyph(NamedTuple):
    """One printed character: text, horizontal extent, baseline (top-down) and font size.

    A tuple, not a dataclass: a page has thousands, and tuples of plain values are cheap to
    build and are dropped from the cyclic GC's lists, so long PDFs do not slow the collector.
    """

    text: str
    x0: float
    x1: float
    base: float
    size: float
    bold: bool = False
    turn: int = 0  # text direction in quarter turns counter-clockwise (1: read upwards); x/base are in its own frame

    @property
    def top(self) -> float:
        return self.base - 0.75 * self.size

    @property
    def bottom(self) -> float:
        return self.base + 0.2 * self.size


@dataclass
class RawPage:
    """The glyphs of one page as an engine read them (1-based page number)."""

    number: int
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    ocr: bool = False  # the glyphs were read by OCR from the page image (no text layer)


@dataclass
class Segment:
    """A run of a line without a wide horizontal gap (a table cell, or the whole line)."""

    x0: float
    x1: float
    pieces: list[Piece]


@dataclass
class Line:
    """One printed line in reading order, its pieces marked superscript or not."""

    page: int
    segments: list[Segment]
    x0: float
    x1: float
    base: float
    size: float
    bold: bool
    column: int = 0
    col_left: float = 0.0
    col_right: float = 0.0
    glyphs: list[Glyph] = field(default_factory=list, repr=False)  # x-sorted
    sups: set[int] = field(default_factory=set, repr=False)  # indices into glyphs

    def split_at(self, starts: list[float]) -> list[list[Piece]]:
        """Pieces per column for table column starts ``starts`` (a glyph goes to the last start left of it)."""
        cols: list[list[int]] = [[] for _ in starts]
        ordered = all(map(le, starts, starts[1:]))  # (table columns are): a glyph's column found by bisection
        for i, g in enumerate(self.glyphs):
            at = g.x0 + 1.5
            if ordered and at == at:
                k = max(bisect.bisect_right(starts, at) - 1, 0)
            else:
                k = max((c for c, x in enumerate(starts) if x <= at), default=0)
            cols[k].append(i)
        out: list[list[Piece]] = []
        for idx in cols:
            sub = [self.glyphs[i] for i in idx]
            out.append(_pieces_of(sub, {k for k, i in enumerate(idx) if i in self.sups}) if sub else [])
        return out

    @cached_property
    def pieces(self) -> list[Piece]:
        """The segments' pieces, a space between segments (built once: a line's segments never change)."""
        out: list[Piece] = []
        for k, seg in enumerate(self.segments):
            if k:
                out.append((" ", False))
            out.extend(seg.pieces)
        return out

    @cached_property
    def plain(self) -> str:
        """The line's text without its superscript calls (built once, as ``pieces``)."""
        return "".join(t for t, sup in self.pieces if not sup).strip()

    @property
    def starts_with_call(self) -> bool:
        ps = [p for p in self.pieces if p[0].strip()]
        return bool(ps) and ps[0][1]

    @property
    def ends_with_call(self) -> bool:
        ps = [p for p in self.pieces if p[0].strip()]
        return bool(ps) and ps[-1][1]


def is_cjk(ch: str) -> bool:
    """CJK ideographs, kana, hangul and full-width CJK punctuation."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF
            or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x2FA1F or 0x3000 <= o <= 0x303F)


def _spot(g: Glyph) -> tuple[str, int, int]:
    """Where a glyph is printed: (text, x0, base), the positions in half points."""
    return g[0], int(g[1] * 2 + 0.5), int(g[3] * 2 + 0.5)


def dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop glyphs printed twice at the same spot (fake bold, overprinting).

    A glyph is dropped when an earlier glyph has its spot, unless the glyph kept just before it has
    it too (equal neighbours in the stream are a ligature, "ffi"). Only glyphs that share their
    (x0, base) half points with another can be dropped: those are found in one sort of the page.
    """
    found = _shared_positions(glyphs)
    shared = range(len(glyphs)) if found is None else found  # None: coordinates too large for the sort
    if not shared:
        return list(glyphs)  # the usual page: nothing printed twice
    seen: set[tuple[str, int, int]] = set()
    drop: set[int] = set()
    last: tuple[str, int, int] | None = None
    prev = -2
    for i in shared:
        if i != prev + 1:
            last = None  # a glyph with a spot of its own was kept in between
        key = _spot(glyphs[i])
        if key in seen and key != last:
            drop.add(i)
        else:
            seen.add(key)
            last = key
        prev = i
    return [g for i, g in enumerate(glyphs) if i not in drop] if drop else list(glyphs)


_HALF_POINTS_LIMIT = 2.0 ** 25  # |x0|, |base| in half points below this: one exact float key holds both


def _shared_positions(glyphs: list[Glyph]) -> list[int] | None:
    """Stream indices, ascending, of glyphs whose (x0, base) in half points another glyph shares
    (None when a coordinate is not finite or too large for the combined key). In C when it is built."""
    native = native_loops()
    if native is not None:
        found: list[int] | None = native.shared_positions(glyphs, _HALF_POINTS_LIMIT)
        return found
    import numpy as np  # imported on first use (the pipeline has it loaded by then)

    n = len(glyphs)
    if n < 2:
        return []
    x = np.fromiter(map(_X0, glyphs), float, n) * 2 + 0.5
    b = np.fromiter(map(_BASE, glyphs), float, n) * 2 + 0.5
    if not (np.isfinite(x).all() and np.isfinite(b).all()):
        return None
    np.trunc(x, out=x)  # int(): towards zero
    np.trunc(b, out=b)
    if max(np.abs(x).max(), np.abs(b).max()) >= _HALF_POINTS_LIMIT:
        return None
    key = x * (4 * _HALF_POINTS_LIMIT) + b
    order = np.argsort(key, kind="stable")
    same = key[order[1:]] == key[order[:-1]]
    if not same.any():
        return []
    out: list[int] = np.union1d(order[1:][same], order[:-1][same]).tolist()
    return out


def body_size(pages: list[RawPage]) -> float:
    """The most common font size by character count: the size of running text."""
    c: Counter[float] = Counter()
    for p in pages:
        c.update(_size_counts(p.glyphs))
    return c.most_common(1)[0][0] if c else 10.0


def by_base_then_x(glyphs: list[Glyph]) -> list[Glyph]:
    """``sorted(glyphs, key=(base, x0))``, in C when the reader's extension is built (a page's tuple keys
    compared in Python were the largest single cost of laying it out). Same order, ties kept in stream order;
    a coordinate that is not a number leaves the sort to Python, whose order it defines."""
    native = native_loops()
    got = native.sorted_glyphs(glyphs, 3, 1) if native is not None else None
    return got if got is not None else sorted(glyphs, key=_BY_BASE)


def cluster_rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Group glyphs whose vertical extents overlap into rows, top to bottom.

    A raised, smaller note call overlaps the line it belongs to, so it joins that row rather
    than forming a row of its own. Glyphs are placed one run of equal (base, size) at a time:
    after the first of a run is placed, its row covers the others' extent, so they join it.
    """
    ordered = by_base_then_x(glyphs)
    native = native_loops()
    got = native.rows(ordered) if native is not None else None
    return got if got is not None else _rows_py(ordered)


def _rows_py(ordered: list[Glyph]) -> list[list[Glyph]]:
    """:func:`cluster_rows` in Python on glyphs sorted by (base, x0): the reference for the compiled one."""
    rows: list[list[Glyph]] = []
    top = bottom = 0.0
    for _, group in groupby(ordered, key=_BASE_SIZE):
        run = list(group)
        for k, g in enumerate(run, 1):
            t, b = g.base - 0.75 * g.size, g.base + 0.2 * g.size
            h = b - t
            placed = False
            if rows:  # min/max spelt out: this runs once per run of glyphs
                ov = (b if b < bottom else bottom) - (t if t > top else top)
                h_row = bottom - top
                if ov > 0.5 * (h if h < h_row else h_row):
                    rows[-1].append(g)
                    if t < top:
                        top = t
                    if b > bottom:
                        bottom = b
                    placed = True
            if not placed:
                rows.append([g])
                top, bottom = t, b
            if h > 0.5 * h:  # the run's later glyphs overlap the row by their whole height: they join it
                rows[-1].extend(run[k:])
                break
    return [r for r in rows if not all(g.text.isspace() for g in r)]


def row_text(row: list[Glyph]) -> str:
    """Plain text of a row (x order, spaces from gaps) for furniture matching."""
    gs = sorted(row, key=_X0)
    return "".join(t for t, _ in _plain_pieces(gs, list(map(str.isspace, map(_TEXT, gs))))).strip()


def _intervals(row: list[Glyph], gap: float) -> list[tuple[float, float]]:
    """Horizontal intervals covered by a row, merging gaps narrower than ``gap`` (in C when it is built)."""
    native = native_loops()
    got = native.intervals(row, gap) if native is not None else None
    return got if got is not None else _intervals_py(row, gap)


def _intervals_py(row: list[Glyph], gap: float) -> list[tuple[float, float]]:
    """``_intervals`` in Python: the reference for the compiled one, and its answer when an edge is not a number."""
    ink = sorted([g for g in row if not g.text.isspace()], key=_X0)
    if not ink:
        return []
    out: list[tuple[float, float]] = []
    lo, hi = ink[0].x0, ink[0].x1
    rest = ink[1:]
    for x0, x1 in zip(map(_X0, rest), map(_X1, rest), strict=True):
        if x0 - hi <= gap:
            if x1 > hi:
                hi = x1
        else:
            out.append((lo, hi))  # an interval is written when the next one opens
            lo, hi = x0, x1
    out.append((lo, hi))
    return out


def find_gutter(rows: list[list[Glyph]], body: float) -> float | None:
    """x of a vertical gutter splitting the page into two columns, or None.

    A gutter is a strip in the middle half of the text that few rows cross while many rows
    have text on each side of it.
    """
    if len(rows) < 6:
        return None
    ivs = [_intervals(r, 1.0 * body) for r in rows]
    left_edge = min(iv[0][0] for iv in ivs)
    right_edge = max(iv[-1][1] for iv in ivs)
    span = right_edge - left_edge
    if span <= 0:
        return None
    x0, n = left_edge + 0.25 * span, int(0.5 * span) + 2
    diff = [0] * (n + 1)  # rows covering x0 + k, by a difference array
    for iv in ivs:
        for a, b in iv:
            lo, hi = max(0, math.ceil(a - x0)), min(n - 1, math.floor(b - x0))
            if lo <= hi:
                diff[lo] += 1
                diff[hi + 1] -= 1
    first_ends = sorted(iv[0][1] for iv in ivs)
    last_starts = sorted(iv[-1][0] for iv in ivs)
    limit = max(1, int(0.08 * len(rows)))
    need = max(3, 0.25 * len(rows))
    scan = _open_runs if math.isfinite(sum(first_ends) + sum(last_starts)) else _open_runs_by_step
    best: tuple[float, float] | None = None
    for start, end in scan(x0, diff[:n], first_ends, last_starts, limit, need):
        if best is None or end - start > best[1] - best[0]:
            best = (start, end)
    if best is None or not max(4.0, 0.4 * body) <= best[1] - best[0] <= 0.15 * span:
        return None
    # text columns are filled: most rows left of the gutter run up to it (a table's cells need not)
    ends = [max((b for _, b in iv if b < best[0]), default=None) for iv in ivs]
    near = [e for e in ends if e is not None and best[0] - e <= 3 * body]
    if len(near) < 0.5 * sum(e is not None for e in ends):
        return None
    return (best[0] + best[1]) / 2


def _open_runs(x0: float, cover: list[int], first_ends: list[float], last_starts: list[float], limit: int,
               need: float) -> list[tuple[float, float]]:
    """(start, end) of each run of x = x0 + k (k < len(cover)) that at most ``limit`` rows cross (``cover``:
    the change in that count at each k) while at least ``need`` rows end left of x and start right of it;
    all x at once with numpy (the ends and starts sorted and finite)."""
    import numpy as np  # imported on first use (the pipeline has it loaded by then)

    xs = x0 + np.arange(len(cover))  # the same float sums as x0 + k one by one
    left = np.searchsorted(np.asarray(first_ends, dtype=float), xs, side="left")
    right = len(last_starts) - np.searchsorted(np.asarray(last_starts, dtype=float), xs, side="right")
    ok = (np.cumsum(cover) <= limit) & (np.minimum(left, right) >= need)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], ok.astype(np.int8), [0])))).tolist()
    return [(x0 + a, x0 + b) for a, b in zip(edges[0::2], edges[1::2], strict=True)]


def _open_runs_by_step(x0: float, cover: list[int], first_ends: list[float], last_starts: list[float], limit: int,
                       need: float) -> list[tuple[float, float]]:
    """``_open_runs`` one x at a time with bisection (for ends or starts that are not finite numbers)."""
    out: list[tuple[float, float]] = []
    run_start: float | None = None
    cov = 0
    for k in range(len(cover) + 1):
        x = x0 + k
        ok = False
        if k < len(cover):
            cov += cover[k]
            left = bisect.bisect_left(first_ends, x)
            right = len(last_starts) - bisect.bisect_right(last_starts, x)
            ok = cov <= limit and min(left, right) >= need
        if ok and run_start is None:
            run_start = x
        elif not ok and run_start is not None:
            out.append((run_start, x))
            run_start = None
    return out


def gutter_fits(rows: list[list[Glyph]], x: float, body: float) -> bool:
    """Whether a gutter found on other pages splits this (short) page too: no row crosses ``x``
    and at least two rows have text on each side of it."""
    if len(rows) < 2:
        return False
    left = right = 0
    for r in rows:
        ivs = _intervals(r, 1.0 * body)
        if any(a < x < b for a, b in ivs):
            return False
        left += any(b <= x for _, b in ivs)
        right += any(a >= x for a, _ in ivs)
    return left >= 2 and right >= 2


def _size_counts(glyphs: list[Glyph]) -> Counter[float]:
    """Ink glyphs per font size (rounded to 0.1 pt); the sizes counted in C when it is built."""
    native = native_loops()
    raw = native.ink_size_counts(glyphs) if native is not None else None
    if raw is not None:
        return _round_counts(raw)
    ink = compress(glyphs, map(not_, map(str.isspace, map(_TEXT, glyphs))))  # one C-level chain per page
    return _rounded_counts(list(map(_SIZE, ink)))


def _rounded_counts(sizes: list[float]) -> Counter[float]:
    return _round_counts(Counter(sizes))


def _round_counts(raw: dict[float, int]) -> Counter[float]:
    """Counts per size → counts per size rounded to 0.1 pt (keys in first-seen order)."""
    c: Counter[float] = Counter()
    for size, n in raw.items():
        c[round(size, 1)] += n
    return c


def largest_size(glyphs: list[Glyph]) -> float:
    """``max(g.size for g in glyphs)``, 0.0 for none; in C when it is built."""
    native = native_loops()
    top = native.max_size(glyphs) if native is not None else None
    return top if top is not None else max(map(_SIZE, glyphs), default=0.0)


def _top_size(c: Counter[float], glyphs: list[Glyph]) -> float:
    """The most common size in ``c`` (the largest on a tie); with no ink, the first glyph's size."""
    if not c:
        return glyphs[0].size if glyphs else 0.0
    top = max(c.values())
    return max(s for s, n in c.items() if n == top)


def _main_size(glyphs: list[Glyph]) -> float:
    """The most common ink size of the glyphs (``_top_size``), rounded to 0.1 pt."""
    return _ink_size([g.size for g in glyphs if not g.text.isspace()], glyphs)


def _ink_size(sizes: list[float], glyphs: list[Glyph]) -> float:
    """``_main_size`` from the ink glyphs' sizes: a row set in one size (the usual one) is rounded once."""
    if sizes and sizes.count(sizes[0]) == len(sizes):
        return round(sizes[0], 1)
    return _top_size(_rounded_counts(sizes), glyphs)


def _sup_flags(gs: list[Glyph], size: float | None = None, space: list[bool] | None = None) -> set[int]:
    """Indices of glyphs that are raised, smaller note calls (digit runs only).

    ``size`` is ``_main_size(gs)`` and ``space[i]`` is ``gs[i].text.isspace()``, when the caller has them.
    """
    if size is None:
        size = _main_size(gs)
    if space is None:
        space = [g.text.isspace() for g in gs]
    mains = [g.base for g, sp in zip(gs, space, strict=True) if not sp and abs(g.size - size) < 0.3]
    if not mains:
        return set()
    base = statistics.median(mains)
    small = 0.9 * size
    raised = {i for i, g in enumerate(gs)
              if g.size < small and not space[i] and base - g.base > 0.1 * size}
    if not raised:
        return set()
    out: set[int] = set()
    end = -1  # the last index of the run read before: a run starts at the first raised glyph after it
    for i in sorted(raised):
        if i <= end:
            continue
        j = i
        while j + 1 < len(gs) and (j + 1 in raised or (space[j + 1] and j + 2 in raised)):
            j += 1
        run = "".join(g.text for g in gs[i:j + 1])
        if CALL_RE.match(run.strip()):
            out.update(range(i, j + 1))
        end = j
    return out


WORD_GAP = 0.2  # a gap wider than this many font sizes is a word space (0.5 between CJK characters)
# a narrower gap is one too when it exceeds the line's usual gap between letters by this many sizes
# (justified lines with no space glyphs set "of frontier" 0.18 size apart while its letters touch, and
# the box of an "f" overhangs its advance by 0.05 size; kerning inside a word stays well below 0.1)
WORD_GAP_OVER_LETTERS = 0.1


def _space_between(a: Glyph, b: Glyph, letters: float | None = None) -> bool:
    """Whether the gap between two neighbouring glyphs is a word space.

    ``letters`` is the line's usual gap between the letters of a word (``letter_gap``): with it, a
    gap narrower than ``WORD_GAP`` counts when it is ``WORD_GAP_OVER_LETTERS`` wider, except between
    CJK characters (Chinese is written without spaces) or two punctuation marks (nested quotes).
    """
    gap = b.x0 - a.x1
    m = a.size if a.size < b.size else b.size
    if m > 0 and gap <= WORD_GAP * m:
        if letters is None or gap <= WORD_GAP_OVER_LETTERS * m + max(letters, 0.0):
            return False
        x, y = a.text[-1:] or "a", b.text[:1] or "a"
        return (x.isalnum() or y.isalnum()) and not (is_cjk(x) and is_cjk(y))  # not inside “‘ or 中文
    if m > 0 and gap > 0.5 * m:
        return True  # the same answer for CJK (0.5) and other (0.2) text: no need to ask
    if is_cjk(a.text[-1:] or "a") and is_cjk(b.text[:1] or "a"):
        return gap > 0.5 * min(a.size, b.size)
    return gap > WORD_GAP * min(a.size, b.size)


def letter_gap(gs: list[Glyph], space: list[bool]) -> float:
    """The usual gap between neighbouring glyphs of x-sorted ``gs`` with no space glyph between them
    (the lower median: most neighbours are letters of one word; letter-spaced titles have wide ones)."""
    pairs = zip(gs[:-1], gs[1:], space[:-1], space[1:], strict=True)
    gaps = sorted(b.x0 - a.x1 for a, b, sa, sb in pairs if not (sa or sb))
    return gaps[(len(gaps) - 1) // 2] if gaps else 0.0


def _pieces_of(gs: list[Glyph], sups: set[int], space: list[bool] | None = None) -> list[Piece]:
    """Text pieces of x-sorted glyphs; spaces from explicit space glyphs or gaps, none before a call.

    A piece is a maximal run of glyphs with the same superscript flag; its characters are
    collected in a list and joined once (``space[i]``: ``gs[i].text.isspace()``, if known).
    """
    out: list[Piece] = []
    buf: list[str] = []
    cur: bool | None = None  # the superscript flag of the piece being built
    prev: Glyph | None = None
    pending = False
    if space is None:
        space = [g.text.isspace() for g in gs]
    if not sups:
        return _plain_pieces(gs, space)
    letters: float | None = None  # the usual gap between letters, once a narrow gap needs it
    for i, g in enumerate(gs):
        if space[i]:
            pending = prev is not None
            continue
        sup = i in sups if sups else False
        if prev is None or sup:
            brk = False
        elif pending:
            brk = True
        else:  # the common case, letters of one word, decided here without a call
            gap, m = g.x0 - prev.x1, (prev.size if prev.size < g.size else g.size)
            if m > 0 and gap <= WORD_GAP_OVER_LETTERS * m:
                brk = False
            else:
                if letters is None and m > 0 and gap <= WORD_GAP * m:  # asked for on few lines: computed then
                    letters = letter_gap(gs, space)
                brk = _space_between(prev, g, letters)
        if brk:
            if cur is False:
                buf.append(" ")
            else:
                if cur is not None:
                    out.append(("".join(buf), cur))
                cur, buf = False, [" "]
        if cur is sup:
            buf.append(g.text)
        else:
            if cur is not None:
                out.append(("".join(buf), cur))
            cur, buf = sup, [g.text]
        prev, pending = g, False
    if cur is not None:
        out.append(("".join(buf), cur))
    return out


LETTER_SPACED_RE = re.compile(r" ?[^\W\d_](?: [^\W_]){3,}")  # "N O T E S": every glyph read as a word


def _tracked_pieces(gs: list[Glyph]) -> list[Piece]:
    """A letter-spaced (tracked) run read back as words: its letters stand at one even gap, so only a
    printed space or a gap wider than that by a space's width parts words ("NOTES", "ABOUT THE AUTHOR")."""
    ink = [g for g in gs if not g.text.isspace()]
    gaps = [b.x0 - a.x1 for a, b in zip(ink, ink[1:], strict=False)]
    even = min(gaps) if gaps else 0.0
    spaced = {i for i in range(1, len(gs)) if gs[i - 1].text.isspace()}
    out: list[str] = []
    k = 0
    for i, g in enumerate(gs):
        if g.text.isspace():
            continue
        if out and (i in spaced or gaps[k - 1] > even + 0.15 * g.size):
            out.append(" ")
        out.append(g.text)
        k += 1
    return [("".join(out), False)]


def _plain_pieces(gs: list[Glyph], space: list[bool]) -> list[Piece]:
    """``_pieces_of`` for glyphs with no raised call (most lines): one piece, joined in C when the reader's
    extension is built (letters of a word and gaps wider than ``WORD_GAP`` decided in C, narrow gaps by
    :func:`_space_between` with the line's letter gap)."""
    native = native_loops()
    if native is None:
        return _plain_pieces_py(gs, space)
    letters: list[float] = []

    def between(prev: Glyph, g: Glyph) -> bool:
        return _plain_between(gs, space, prev, g, letters)

    text = native.plain_text(gs, space, between)
    return [(text, False)] if text else []


def _plain_between(gs: list[Glyph], space: list[bool], prev: Glyph, g: Glyph, letters: list[float]) -> bool:
    """A gap the compiled join leaves to the rules: ``_space_between`` with the line's usual letter gap,
    computed (into ``letters``) the first time a narrow gap needs it, as ``_plain_pieces_py`` does."""
    if not letters:
        m = prev.size if prev.size < g.size else g.size
        if not (m > 0 and g.x0 - prev.x1 <= WORD_GAP * m):
            return _space_between(prev, g, None)
        letters.append(letter_gap(gs, space))
    return _space_between(prev, g, letters[0])


@functools.cache
def native_loops() -> Any:
    """The reader's compiled loops (``_glyphs.c``), or None where the extension was not built."""
    try:
        from . import _glyphs  # built by setup.py; optional
    except ImportError:
        return None
    return _glyphs


def _plain_pieces_py(gs: list[Glyph], space: list[bool]) -> list[Piece]:
    """``_plain_pieces`` in Python: the reference for the compiled loop and its fallback."""
    buf: list[str] = []
    prev: Glyph | None = None
    pending = False
    letters: float | None = None
    for g, sp in zip(gs, space, strict=True):
        if sp:
            pending = prev is not None
            continue
        if prev is not None:
            if pending:
                buf.append(" ")
            else:
                gap, m = g.x0 - prev.x1, (prev.size if prev.size < g.size else g.size)
                if not (m > 0 and gap <= WORD_GAP_OVER_LETTERS * m):
                    if letters is None and m > 0 and gap <= WORD_GAP * m:
                        letters = letter_gap(gs, space)
                    if _space_between(prev, g, letters):
                        buf.append(" ")
        buf.append(g.text)
        prev, pending = g, False
    return [("".join(buf), False)] if buf else []


def make_line(glyphs: list[Glyph], page: int, seg_gap: float) -> Line:
    """A line from one row's glyphs: x-sorted, calls marked, split at gaps wider than ``seg_gap``."""
    native = native_loops()
    gs = native.sorted_glyphs(glyphs, 1, 3) if native is not None else None
    if gs is None:
        gs = sorted(glyphs, key=_BY_X)
    if native is not None:
        line = _compiled_line(native, gs, page, seg_gap)
        if line is not None:
            return line
    space = list(map(str.isspace, map(_TEXT, gs)))
    ink_all = list(compress(gs, map(not_, space)))
    sizes = list(map(_SIZE, ink_all))
    size = _ink_size(sizes, gs)
    small = 0.9 * size  # a raised call is set smaller than the line: without a smaller glyph there is none
    one_size = bool(sizes) and sizes.count(sizes[0]) == len(sizes)  # the usual line: checked in one C pass
    smaller = sizes[0] < small if one_size else any(map(small.__gt__, sizes))
    sups = _sup_flags(gs, size, space) if smaller else set()
    x0s, x1s = list(map(_X0, ink_all)), list(map(_X1, ink_all))
    runs = _segment_runs(gs, space, sups, seg_gap, ink_all, x0s, x1s)
    segments: list[Segment] = []
    for part, sub_sups, sub_space in runs:
        whole = len(runs) == 1  # one run holds every ink glyph
        ink = ink_all if whole else list(compress(part, map(not_, sub_space)))
        if not ink:
            continue
        pieces = _pieces_of(part, sub_sups, sub_space)
        if not sub_sups and len(pieces) == 1 and LETTER_SPACED_RE.fullmatch(pieces[0][0]):
            pieces = _tracked_pieces(part)
        segments.append(Segment(ink[0].x0, max(x1s) if whole else max(map(_X1, ink)), pieces))
    mains = [g for i, g in enumerate(gs) if i not in sups and not space[i]] if sups else ink_all
    base = median_of(list(map(_BASE, mains))) if mains else (ink_all or gs)[0].base
    bold = bool(mains) and sum(map(_BOLD, mains)) >= 0.8 * len(mains)
    x0 = min(x0s) if ink_all else min(map(_X0, gs))
    x1 = max(x1s) if ink_all else max(map(_X1, gs))
    return Line(page=page, segments=segments, x0=x0, x1=x1, base=base, size=size, bold=bold, glyphs=gs, sups=sups)


def _compiled_line(native: Any, gs: list[Glyph], page: int, seg_gap: float) -> Line | None:
    """:func:`make_line` for a line of one segment, its per-glyph passes done in one C pass: the usual line (one
    size, no smaller glyph that could be a call, not letter-spaced), else a line of several sizes (raised calls,
    mostly footnote rows); None for any other line (several segments, a tracked heading, odd coordinates)."""
    space: list[bool] = []  # filled the first time a narrow gap needs the line's letter gap (few lines)
    letters: list[float] = []

    def between(prev: Glyph, g: Glyph) -> bool:
        if not space:
            space.extend(map(str.isspace, map(_TEXT, gs)))
        return _plain_between(gs, space, prev, g, letters)

    got = native.plain_line(gs, seg_gap, between)
    if got is None:
        return _call_line(native, gs, page, seg_gap, between)
    text, first_x0, x0, x1, size0, base, bolds, n = got
    size = round(size0, 1)
    if size0 < 0.9 * size or LETTER_SPACED_RE.fullmatch(text):
        return None  # a line set smaller than its rounded size, or a tracked heading: the full rules
    return Line(page=page, segments=[Segment(first_x0, x1, [(text, False)])], x0=x0, x1=x1, base=base, size=size,
                bold=bolds >= 0.8 * n, glyphs=gs, sups=set())


def _call_line(native: Any, gs: list[Glyph], page: int, seg_gap: float, between: Any) -> Line | None:
    """:func:`make_line` for a line of one segment in several sizes (calls found and pieces joined in C, as
    ``_sup_flags`` and ``_pieces_of`` do it); None when the C pass declines it or it is a tracked heading."""
    got = native.call_line(gs, seg_gap, between)
    if got is None:
        return None
    pieces, first_x0, x0, x1, size, base, bolds, n, calls = got
    if not calls and len(pieces) == 1 and LETTER_SPACED_RE.fullmatch(pieces[0][0]):
        return None
    return Line(page=page, segments=[Segment(first_x0, x1, pieces)], x0=x0, x1=x1, base=base, size=size,
                bold=bool(n) and bolds >= 0.8 * n, glyphs=gs, sups=set(calls))


def run_groups(gs: list[Glyph], space: list[bool], sups: set[int], seg_gap: float) -> list[list[int]]:
    """Indices of each run of x-sorted ``gs`` between gaps wider than ``seg_gap``, glyph by glyph (a call never
    starts a run; spaces join the run before them, and belong to none before the first ink glyph)."""
    groups: list[list[int]] = []
    last: Glyph | None = None
    for i, g in enumerate(gs):
        if space[i]:
            if groups:
                groups[-1].append(i)
            continue
        if last is None or (g.x0 - last.x1 > seg_gap and i not in sups):
            groups.append([i])
        else:
            groups[-1].append(i)
        last = g
    return groups


def _segment_runs(gs: list[Glyph], space: list[bool], sups: set[int], seg_gap: float, ink: list[Glyph],
                  x0s: list[float], x1s: list[float]) -> list[tuple[list[Glyph], set[int], list[bool]]]:
    """(glyphs, call indices, space flags) of each run of x-sorted ``gs`` between gaps wider than ``seg_gap``
    (a call never starts a run; spaces before the first ink glyph belong to none). ``ink`` is the glyphs
    that are not spaces, ``x0s`` and ``x1s`` their left and right edges."""
    if not ink:
        return []
    gaps = list(map(sub, x0s[1:], x1s))  # the widest gap, found in C, says whether the line splits at all
    if not gaps or (gaps[0] == gaps[0] and not max(gaps) > seg_gap):  # (max() skips a NaN after the first)
        if not space[0]:
            return [(gs, sups, space)]
        k = space.index(False)  # (spaces before the first ink glyph belong to no run; calls are ink)
        return [(gs[k:], {i - k for i in sups if i >= k} if sups else sups, space[k:])]
    groups = run_groups(gs, space, sups, seg_gap)
    if len(groups) == 1 and len(groups[0]) == len(gs):
        return [(gs, sups, space)]
    return [([gs[i] for i in idx], {k for k, i in enumerate(idx) if i in sups} if sups else set(),
             [space[i] for i in idx]) for idx in groups]


def median_of(values: list[float]) -> float:
    """``statistics.median``; values all equal (a line's baselines, usually) are already in sorted order."""
    n = len(values)
    if n and values.count(values[0]) == n:
        return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2
    return statistics.median(values)


# lines already made from rows of a page, by row id: (the row, kept alive so its id stays its own, segment gap, line)
Made = dict[int, tuple[list[Glyph], float, Line]]


def made_line(row: list[Glyph], page: int, seg_gap: float, made: Made | None) -> Line:
    """The line of ``row``: the one made earlier for this page if ``made`` holds it, else a new one."""
    hit = made.get(id(row)) if made else None
    if hit is not None and hit[0] is row and hit[1] == seg_gap:
        hit[2].page = page
        return hit[2]
    return make_line(row, page, seg_gap)


def page_lines(rows: list[list[Glyph]], page: int, gutter: float | None, body: float,
               made: Made | None = None) -> list[Line]:
    """Lines of a page (or part of one) in reading order, column by column within each band.

    Rows that cross the gutter (titles, full-width figures) are read in place; runs of rows
    that do not are read left column first, then right column. A row whose line ``made`` holds
    (the footnote reader makes some) is not made again.
    """
    seg_gap = 1.5 * body

    def emit(row_list: list[list[Glyph]], column: int) -> list[Line]:
        lines = [made_line(r, page, seg_gap, made) for r in row_list]
        lines = [ln for ln in lines if ln.segments]
        if lines:
            left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
            for ln in lines:
                ln.column, ln.col_left, ln.col_right = column, left, right
        return lines

    if gutter is None:
        return emit(rows, 0)
    out: list[Line] = []
    band: list[Glyph] = []

    def flush() -> None:
        out.extend(emit(cluster_rows([g for g in band if g.x0 < gutter]), 1))
        out.extend(emit(cluster_rows([g for g in band if g.x0 >= gutter]), 2))
        band.clear()

    for r in rows:
        if any(a <= gutter <= b for a, b in _intervals(r, 1.0 * body)):
            flush()
            out.extend(emit([r], 0))
        else:
            band.extend(r)
    flush()
    return out


def furniture_keys(pages: list[RawPage], page_rows: list[list[list[Glyph]]], zone: float = 0.12,
                   body: float | None = None) -> set[tuple[str, str]]:
    """(zone, normalised text) of rows repeated in the top/bottom margin of many pages (running heads are
    never set larger than the text, so a chapter heading at the top of its page is not one)."""
    seen: Counter[tuple[str, str]] = Counter()
    for p, rows in zip(pages, page_rows, strict=True):
        seen.update({k for k, i in _margin_rows(rows, p.height, zone)
                     if body is None or _main_size(rows[i]) <= 1.1 * body})
    need = max(2, int(0.3 * len(pages) + 0.999))
    return {k for k, n in seen.items() if n >= need}


def _norm_furniture(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _set_apart(a: list[Glyph], b: list[Glyph]) -> bool:
    """Whether two rows are further apart than lines of running text (baselines > 1.6 sizes)."""
    size = max(_main_size(a), _main_size(b))
    return abs(statistics.median(g.base for g in b) - statistics.median(g.base for g in a)) > 1.6 * size


def _margin_rows(rows: list[list[Glyph]], height: float, zone: float, depth: int = 3,
                 spans: tuple[range, range] | None = None,
                 texts: dict[int, str] | None = None) -> list[tuple[tuple[str, str], int]]:
    """(key, row index) of the (at most ``depth``) outermost rows at the top and at the bottom that lie
    in the margin zone and are set apart from the text by a wider gap than its line spacing
    (``spans``: ``_set_apart_spans(rows, depth)``, when the caller has them; ``texts``: ``row_text`` of
    rows by index, filled as they are read)."""
    top, bottom = spans if spans is not None else _set_apart_spans(rows, depth)
    seen: dict[int, str] = {} if texts is None else texts

    def text(i: int) -> str:
        if i not in seen:
            seen[i] = row_text(rows[i])
        return seen[i]

    out: list[tuple[tuple[str, str], int]] = [(("top", _norm_furniture(text(i))), i) for i in top
                                              if max(g.bottom for g in rows[i]) <= zone * height]
    out += [(("bottom", _norm_furniture(text(i))), i) for i in bottom
            if min(g.top for g in rows[i]) >= (1 - zone) * height and all(i != k for _, k in out)]
    return out


def _set_apart_spans(rows: list[list[Glyph]], depth: int = 3) -> tuple[range, range]:
    """Indices of the rows above the first wide gap among the top ``depth`` gaps, and of those below the
    first among the bottom ``depth`` (empty when there is none): the same for every margin zone."""
    n = len(rows)
    top = bottom = range(0)
    for j in range(min(depth, n - 1)):
        if _set_apart(rows[j], rows[j + 1]):
            top = range(j + 1)
            break
    for j in range(n - 1, max(n - 1 - depth, 0), -1):
        if _set_apart(rows[j - 1], rows[j]):
            bottom = range(j, n)
            break
    return top, bottom


def _end_segments(row: list[Glyph]) -> tuple[str, str]:
    """Text of the first and last runs of a row split at wide gaps (a page number set off at one end)."""
    ink = sorted((g for g in row if not g.text.isspace()), key=_X0)
    if not ink:
        return "", ""
    cuts = [0] + [i for i in range(1, len(ink)) if ink[i].x0 - ink[i - 1].x1 > 1.5 * ink[i].size] + [len(ink)]
    first = row_text(ink[cuts[0]:cuts[1]])
    last = row_text(ink[cuts[-2]:cuts[-1]])
    return first, last


def is_page_furniture(row: list[Glyph], text: str | None = None) -> bool:
    """A margin row that is a page number, carries one at an end (``Journal, Vol. 7 … - 81 -``),
    or is a journal line (volume and issue, or pages); ``text`` is its ``row_text``, when known."""
    text = row_text(row) if text is None else text
    if PAGE_NUMBER_RE.match(text) or JOURNAL_RE.search(text):
        return True
    first, last = _end_segments(row)
    return first != text and (bool(PAGE_NUMBER_RE.match(first)) or bool(PAGE_NUMBER_RE.match(last)))


def strip_furniture(rows: list[list[Glyph]], height: float, keys: set[tuple[str, str]],
                    zone: float = 0.12) -> list[list[Glyph]]:
    """The page's rows without running heads/feet (repeated margin rows) and page numbers or journal
    lines (page numbers may sit a little further in than running heads)."""
    spans = _set_apart_spans(rows)
    texts: dict[int, str] = {}  # each margin row read once for both zones
    drop = {i for key, i in _margin_rows(rows, height, zone, spans=spans, texts=texts) if key in keys}
    drop |= {i for _, i in _margin_rows(rows, height, PAGE_NUMBER_ZONE, spans=spans, texts=texts)
             if is_page_furniture(rows[i], texts[i])}
    return [r for i, r in enumerate(rows) if i not in drop]
