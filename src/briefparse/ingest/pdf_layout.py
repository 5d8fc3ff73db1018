"""PDF page geometry: glyphs → rows → columns → lines, with raised note calls marked.

Both PDF engines (pypdfium2, pdfplumber) are reduced to the same :class:`Glyph` list per
page, so everything here is engine-independent. Nothing trusts the content-stream order:
lines are rebuilt from baselines and x positions (some producers write the note numbers of
an ordered list, or the bullets, at the end of the page's stream).
"""

from __future__ import annotations

import bisect
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

# pdfium reports a printed hyphen at a line break as U+0002 / U+FFFE; U+00AD is a soft hyphen
LINE_HYPHENS = frozenset({"\x02", "\ufffe"})
SOFT_HYPHEN = "\u00ad"
BULLETS = frozenset("•▪●◦‣■□►➢∙")
CALL_RE = re.compile(r"^[\d][\d\s,\-–]*$|^[*†‡§¶]+$")
PAGE_NUMBER_RE = re.compile(r"^(?:page\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
Piece = tuple[str, bool]


@dataclass(frozen=True)
class Glyph:
    """One printed character: text, horizontal extent, baseline (top-down) and font size."""

    text: str
    x0: float
    x1: float
    base: float
    size: float
    bold: bool = False

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
        for i, g in enumerate(self.glyphs):
            k = max((c for c, x in enumerate(starts) if x <= g.x0 + 1.5), default=0)
            cols[k].append(i)
        out: list[list[Piece]] = []
        for idx in cols:
            sub = [self.glyphs[i] for i in idx]
            out.append(_pieces_of(sub, {k for k, i in enumerate(idx) if i in self.sups}) if sub else [])
        return out

    @property
    def pieces(self) -> list[Piece]:
        out: list[Piece] = []
        for k, seg in enumerate(self.segments):
            if k:
                out.append((" ", False))
            out.extend(seg.pieces)
        return out

    @property
    def plain(self) -> str:
        """The line's text without its superscript calls."""
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


def dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop glyphs printed twice at the same spot (fake bold, overprinting)."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Glyph] = []
    last: tuple[str, int, int] | None = None
    for g in glyphs:
        key = (g.text, int(g.x0 * 2 + 0.5), int(g.base * 2 + 0.5))
        if key in seen and key != last:  # equal neighbours in the stream are a ligature ("ffi")
            continue
        seen.add(key)
        out.append(g)
        last = key
    return out


def body_size(pages: list[RawPage]) -> float:
    """The most common font size by character count: the size of running text."""
    c: Counter[float] = Counter()
    for p in pages:
        c.update(_size_counts(p.glyphs))
    return c.most_common(1)[0][0] if c else 10.0


def cluster_rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Group glyphs whose vertical extents overlap into rows, top to bottom.

    A raised, smaller note call overlaps the line it belongs to, so it joins that row rather
    than forming a row of its own.
    """
    rows: list[list[Glyph]] = []
    top = bottom = 0.0
    for g in sorted(glyphs, key=lambda g: (g.base, g.x0)):
        t, b = g.base - 0.75 * g.size, g.base + 0.2 * g.size
        if rows:
            ov = min(b, bottom) - max(t, top)
            if ov > 0.5 * min(b - t, bottom - top):
                rows[-1].append(g)
                top, bottom = min(top, t), max(bottom, b)
                continue
        rows.append([g])
        top, bottom = t, b
    return [r for r in rows if any(not g.text.isspace() for g in r)]


def row_text(row: list[Glyph]) -> str:
    """Plain text of a row (x order, spaces from gaps) for furniture matching."""
    return "".join(t for t, _ in _pieces_of(sorted(row, key=lambda g: g.x0), set())).strip()


def _intervals(row: list[Glyph], gap: float) -> list[tuple[float, float]]:
    """Horizontal intervals covered by a row, merging gaps narrower than ``gap``."""
    out: list[tuple[float, float]] = []
    for g in sorted((g for g in row if not g.text.isspace()), key=lambda g: g.x0):
        if out and g.x0 - out[-1][1] <= gap:
            out[-1] = (out[-1][0], max(out[-1][1], g.x1))
        else:
            out.append((g.x0, g.x1))
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
    best: tuple[float, float] | None = None
    run_start: float | None = None
    cov = 0
    for k in range(n + 1):
        x = x0 + k
        ok = False
        if k < n:
            cov += diff[k]
            left = bisect.bisect_left(first_ends, x)
            right = len(last_starts) - bisect.bisect_right(last_starts, x)
            ok = cov <= limit and min(left, right) >= need
        if ok and run_start is None:
            run_start = x
        elif not ok and run_start is not None:
            if best is None or x - run_start > best[1] - best[0]:
                best = (run_start, x)
            run_start = None
    if best is None or not max(4.0, 0.4 * body) <= best[1] - best[0] <= 0.15 * span:
        return None
    # text columns are filled: most rows left of the gutter run up to it (a table's cells need not)
    ends = [max((b for _, b in iv if b < best[0]), default=None) for iv in ivs]
    near = [e for e in ends if e is not None and best[0] - e <= 3 * body]
    if len(near) < 0.5 * sum(e is not None for e in ends):
        return None
    return (best[0] + best[1]) / 2


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
    """Ink glyphs per font size (rounded to 0.1 pt)."""
    raw: Counter[float] = Counter(g.size for g in glyphs if not g.text.isspace())
    c: Counter[float] = Counter()
    for size, n in raw.items():
        c[round(size, 1)] += n
    return c


def _main_size(glyphs: list[Glyph]) -> float:
    c = _size_counts(glyphs)
    if not c:
        return glyphs[0].size if glyphs else 0.0
    top = max(c.values())
    return max(s for s, n in c.items() if n == top)


def _sup_flags(gs: list[Glyph]) -> set[int]:
    """Indices of glyphs that are raised, smaller note calls (digit runs only)."""
    size = _main_size(gs)
    mains = [g.base for g in gs if abs(g.size - size) < 0.3 and not g.text.isspace()]
    if not mains:
        return set()
    base = statistics.median(mains)
    raised = {i for i, g in enumerate(gs)
              if not g.text.isspace() and g.size < 0.9 * size and base - g.base > 0.1 * size}
    out: set[int] = set()
    i = 0
    while i < len(gs):
        if i not in raised:
            i += 1
            continue
        j = i
        while j + 1 < len(gs) and (j + 1 in raised or (gs[j + 1].text.isspace() and j + 2 in raised)):
            j += 1
        run = "".join(g.text for g in gs[i:j + 1])
        if CALL_RE.match(run.strip()):
            out.update(range(i, j + 1))
        i = j + 1
    return out


def _space_between(a: Glyph, b: Glyph) -> bool:
    gap = b.x0 - a.x1
    if is_cjk(a.text[-1:] or "a") and is_cjk(b.text[:1] or "a"):
        return gap > 0.5 * min(a.size, b.size)
    return gap > 0.2 * min(a.size, b.size)


def _pieces_of(gs: list[Glyph], sups: set[int]) -> list[Piece]:
    """Text pieces of x-sorted glyphs; spaces from explicit space glyphs or gaps, none before a call."""
    out: list[Piece] = []
    prev: Glyph | None = None
    pending = False
    for i, g in enumerate(gs):
        if g.text.isspace():
            pending = prev is not None
            continue
        sup = i in sups
        if prev is not None and not sup and (pending or _space_between(prev, g)):
            if out and not out[-1][1]:
                out[-1] = (out[-1][0] + " ", False)
            else:
                out.append((" ", False))
        if out and out[-1][1] == sup:
            out[-1] = (out[-1][0] + g.text, sup)
        else:
            out.append((g.text, sup))
        prev, pending = g, False
    return out


def make_line(glyphs: list[Glyph], page: int, seg_gap: float) -> Line:
    """A line from one row's glyphs: x-sorted, calls marked, split at gaps wider than ``seg_gap``."""
    gs = sorted(glyphs, key=lambda g: (g.x0, g.base))
    sups = _sup_flags(gs)
    size = _main_size(gs)
    groups: list[list[int]] = []
    last: Glyph | None = None
    for i, g in enumerate(gs):
        if g.text.isspace():
            if groups:
                groups[-1].append(i)
            continue
        if last is None or (g.x0 - last.x1 > seg_gap and i not in sups):
            groups.append([i])
        else:
            groups[-1].append(i)
        last = g
    segments: list[Segment] = []
    for idx in groups:
        sub = [gs[i] for i in idx]
        sub_sups = {k for k, i in enumerate(idx) if i in sups}
        ink = [g for g in sub if not g.text.isspace()]
        if not ink:
            continue
        segments.append(Segment(ink[0].x0, max(g.x1 for g in ink), _pieces_of(sub, sub_sups)))
    mains = [g for i, g in enumerate(gs) if i not in sups and not g.text.isspace()]
    ink_all = [g for g in gs if not g.text.isspace()] or gs
    base = statistics.median([g.base for g in mains]) if mains else ink_all[0].base
    bold = bool(mains) and sum(g.bold for g in mains) >= 0.8 * len(mains)
    return Line(page=page, segments=segments, x0=min(g.x0 for g in ink_all), x1=max(g.x1 for g in ink_all),
                base=base, size=size, bold=bold, glyphs=gs, sups=sups)


def page_lines(rows: list[list[Glyph]], page: int, gutter: float | None, body: float) -> list[Line]:
    """Lines of a page (or part of one) in reading order, column by column within each band.

    Rows that cross the gutter (titles, full-width figures) are read in place; runs of rows
    that do not are read left column first, then right column.
    """
    seg_gap = 1.5 * body

    def emit(row_list: list[list[Glyph]], column: int) -> list[Line]:
        lines = [make_line(r, page, seg_gap) for r in row_list]
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


def furniture_keys(pages: list[RawPage], page_rows: list[list[list[Glyph]]], zone: float = 0.12) -> set[tuple[str, str]]:
    """(zone, normalised text) of rows repeated in the top/bottom margin of many pages."""
    seen: Counter[tuple[str, str]] = Counter()
    for p, rows in zip(pages, page_rows, strict=True):
        seen.update({k for k, _ in _margin_rows(rows, p.height, zone)})
    need = max(2, int(0.3 * len(pages) + 0.999))
    return {k for k, n in seen.items() if n >= need}


def _norm_furniture(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _set_apart(a: list[Glyph], b: list[Glyph]) -> bool:
    """Whether two rows are further apart than lines of running text (baselines > 1.6 sizes)."""
    size = max(_main_size(a), _main_size(b))
    return abs(statistics.median(g.base for g in b) - statistics.median(g.base for g in a)) > 1.6 * size


def _margin_rows(rows: list[list[Glyph]], height: float, zone: float) -> list[tuple[tuple[str, str], int]]:
    """(key, row index) of the (at most two) outermost rows at the top and at the bottom that lie in
    the margin zone and are set apart from the text by a wider gap than its line spacing."""
    out: list[tuple[tuple[str, str], int]] = []
    n = len(rows)
    for j in range(min(2, n - 1)):
        if _set_apart(rows[j], rows[j + 1]):
            out += [(("top", _norm_furniture(row_text(rows[i]))), i) for i in range(j + 1)
                    if max(g.bottom for g in rows[i]) <= zone * height]
            break
    for j in range(n - 1, max(n - 3, 0), -1):
        if _set_apart(rows[j - 1], rows[j]):
            out += [(("bottom", _norm_furniture(row_text(rows[i]))), i) for i in range(j, n)
                    if min(g.top for g in rows[i]) >= (1 - zone) * height and all(i != k for _, k in out)]
            break
    return out


def strip_furniture(rows: list[list[Glyph]], height: float, keys: set[tuple[str, str]],
                    zone: float = 0.12) -> list[list[Glyph]]:
    """The page's rows without running heads/feet and bare page numbers."""
    drop = {i for key, i in _margin_rows(rows, height, zone)
            if key in keys or PAGE_NUMBER_RE.match(key[1].replace("#", "1"))}
    return [r for i, r in enumerate(rows) if i not in drop]


def split_footnotes(rows: list[list[Glyph]], body: float) -> tuple[list[list[Glyph]], list[list[Glyph]]]:
    """Split off page-foot footnotes: the bottom rows set smaller than body text, under a
    body-size line, one of which starts with a number (plain or raised); lines before the
    first number continue the last footnote of the page before."""
    k = len(rows)
    while k > 0 and max(g.size for g in rows[k - 1] if not g.text.isspace()) < 0.9 * body:
        k -= 1
    if k == len(rows) or k == 0:
        return rows, []
    if abs(_main_size(rows[k - 1]) - body) > 0.5:
        return rows, []
    # the first foot line opens a note, or continues one from the page before and a later line opens one
    for row in rows[k:]:
        first = make_line(row, 0, 1.5 * body)
        txt = "".join(t for t, _ in first.pieces).strip()
        if first.starts_with_call or re.match(r"^\d{1,3}[.)]?\s", txt):
            return rows[:k], rows[k:]
    return rows, []
