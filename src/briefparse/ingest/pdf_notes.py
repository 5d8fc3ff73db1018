"""Page-foot footnotes of a PDF: which bottom rows are notes, and where each note starts.

Publishers print footnotes in many ways: a raised number glued to the first word
(``⁷“Three-Year…``), a plain number and a space, a number on a row of its own, several notes on
one printed line (``…Reuters, June 2019. 48 Ibid.``), a note running on to the next page, chapter
runs restarting at 1. What decides is the numbering sequence: a number opens a note only where
the next expected number (or a restart at 1) fits, so ``December ⏎ 14, 2021.`` stays one note and
a table or caption above the notes (set apart by a gap) is never swallowed.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from .layout import NOTES_HEADING_RE
from .pdf_layout import Glyph, Line, Made, Piece, Segment, make_line, median_of, native_loops, row_text

# a plain label at the start of a line: "12. ", "12) ", "12 ", or digits glued to a word ("2Michael")
_PLAIN_LABEL = re.compile(r"\s*(\d{1,3})(?:([.)])\s*|(\s+)|(?=[^\d\s,.:;/%)\]–-]))")
# a plain label inside a line, after the end of the previous note: "…June 2019. 48 Ibid."
_INLINE_LABEL = re.compile(r"(?<=[.)>\]\"”’])\s+(\d{1,3})\s+(?=[\"“‘„(\[A-Z])")
# what every inline label has, without the lookbehind tried at each position: a cheap first search
_INLINE_HINT = re.compile(r"[.)>\]\"”’]\s+\d")
_NOT_AFTER = re.compile(r"(?:\b(?:no|nos|vol|p|pp|art|ch|sec|para|op|cit|ed|fig)\.|"
                        r"\b(?:january|february|march|april|may|june|july|august|september|october|"
                        r"november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?)\s*$", re.I)
END_NOTE = ".!?)]>”\"’'"


@dataclass
class FootState:
    """What the pages read so far say about footnotes: the next number, and whether a note may run on."""

    expected: int = 1
    open_size: float | None = None  # size of the previous page's footnote rows (None: no footnotes there)
    open_text: str = ""  # the previous page's last footnote row, to tell a note that runs on


def fits(n: int, expected: int, strong: bool) -> bool:
    """Whether label ``n`` continues the numbering (a few lost numbers allowed) or, if strongly
    printed (raised, glued, ``1.``), restarts a chapter's run at 1."""
    return expected <= n <= expected + 3 or (strong and n == 1 and expected > 2)


def label_at_start(pieces: list[Piece], expected: int) -> tuple[int, list[Piece]] | None:
    """(number, remaining pieces) when a line opens note ``n`` fitting the sequence, else None."""
    k = 0
    while k < len(pieces) and not pieces[k][0].strip():
        k += 1
    if k == len(pieces):
        return None
    text, sup = pieces[k]
    if sup:
        digits = text.strip()
        if digits.isdigit() and fits(int(digits), expected, True):
            return int(digits), _lstrip(pieces[k + 1:])
        return None
    m = _PLAIN_LABEL.match(text)
    if not m:
        return None
    n = int(m.group(1))
    after = (text[m.end():] + "".join(t for t, _ in pieces[k + 1:])).lstrip()
    if not after and m.end() == len(text.rstrip()):  # a number alone on its line: the text follows
        return (n, []) if n == expected else None
    if not after or after[0].islower() or after[0].isdigit():
        return None
    strong = bool(m.group(2)) or not m.group(3)  # "1." / "1)" / glued, not "1 "
    if not fits(n, expected, strong) or (not strong and n > expected + 1):
        return None
    return n, _lstrip([(text[m.end():], False)] + pieces[k + 1:])


def _lstrip(pieces: list[Piece]) -> list[Piece]:
    out = list(pieces)
    while out and not out[0][0].strip():
        out.pop(0)
    if out:
        out[0] = (out[0][0].lstrip(), out[0][1])
    return out


def inline_labels(pieces: list[Piece], expected: int, hint: re.Pattern[str] | None = None) -> list[tuple[int, int, int]]:
    """(piece index, char offset, number) of notes that start inside a line, in order.

    Raised digits after the end of a note, or a plain number after a full stop, count only when they
    are the next expected number, so a figure inside a note is never taken for a label. A piece is searched
    only where ``hint`` (default: a closing mark, space and digit) finds something: most lines have no label.
    """
    hint = _INLINE_HINT if hint is None else hint
    out: list[tuple[int, int, int]] = []
    seen_text = False
    for i, (text, sup) in enumerate(pieces):
        if sup:
            d = text.strip()
            if seen_text and d.isdigit() and int(d) == expected \
                    and "".join(t for t, _ in pieces[:i]).rstrip()[-1:] in END_NOTE:
                out.append((i, 0, expected))
                expected += 1
            continue
        if (seen_text or text.strip()) and hint.search(text):
            for m in _INLINE_LABEL.finditer(text):
                before = "".join(t for t, _ in pieces[:i]) + text[:m.start()]
                if int(m.group(1)) == expected and not _NOT_AFTER.search(before) and before.strip():
                    out.append((i, m.start(1), expected))
                    expected += 1
        seen_text = seen_text or bool(text.strip())
    return out


def _sub_line(ln: Line, pieces: list[Piece]) -> Line:
    """A Line holding only ``pieces`` (same page, position and size as ``ln``)."""
    return Line(ln.page, [Segment(ln.x0, ln.x1, pieces)], ln.x0, ln.x1, ln.base, ln.size, ln.bold,
                ln.column, ln.col_left, ln.col_right)


@dataclass
class Footnote:
    """One footnote being collected: its number, its lines, and its numbering run."""

    number: int
    lines: list[Line]
    series: int = 1


def cut_footnotes(lines: list[Line]) -> list[Footnote]:
    """Page-foot lines of the whole document (in order) → footnotes, cut by the numbering sequence."""
    out: list[Footnote] = []
    expected, series, pending = 1, 1, None
    for ln in lines:
        pieces = ln.pieces
        if pending is not None:  # the number stood on the row above
            out.append(Footnote(pending, [], series))
            pending = None
            head = None
        else:
            head = label_at_start(pieces, expected)
            if head is not None and _wrapped_number(out, head[0], expected):
                head = None
        if head is not None:
            n, pieces = head
            if n == 1 and expected > 2:
                series += 1
            expected = n + 1
            if not pieces:
                pending = n
                continue
            out.append(Footnote(n, [], series))
        parts = _split_inline(pieces, expected)
        for k, (n, part) in enumerate(parts):
            if k:
                out.append(Footnote(n, [], series))
                expected = n + 1
            if out:
                out[-1].lines.append(_sub_line(ln, part))
    return [f for f in out if f.lines]


def _wrapped_number(out: list[Footnote], n: int, expected: int) -> bool:
    """A number that continues the previous note's sentence (``…December`` ⏎ ``14, 2021``)."""
    if not out or not out[-1].lines or n != expected:
        return False
    prev = out[-1].lines[-1].plain.rstrip()
    return bool(_NOT_AFTER.search(prev))


def _split_inline(pieces: list[Piece], expected: int) -> list[tuple[int, list[Piece]]]:
    """The line's pieces cut where further notes start: [(number or 0 for the first part, pieces)]."""
    cuts = inline_labels(pieces, expected)
    if not cuts:
        return [(0, pieces)]
    parts: list[tuple[int, list[Piece]]] = []
    cur: list[Piece] = []
    num = 0
    ci = 0
    for i, (text, sup) in enumerate(pieces):
        offs = [c for c in cuts[ci:] if c[0] == i]
        start = 0
        for _, off, n in offs:
            if sup:
                parts.append((num, cur))
                cur, num = [], n
                start = len(text)
            else:
                cur.append((text[start:off], False))
                parts.append((num, cur))
                cur, num = [], n
                m = re.match(r"\d+\s*", text[off:])
                start = off + (m.end() if m else 0)
            ci += 1
        if start < len(text):
            cur.append((text[start:], sup))
    parts.append((num, cur))
    return [(n, _lstrip(p)) for n, p in parts if any(t.strip() for t, _ in p)]


# ---------- which bottom rows of a page are footnotes ----------

def _ink_max(row: list[Glyph]) -> float:
    return max([g.size for g in row if not g.text.isspace()], default=0.0)


def _row_size(row: list[Glyph]) -> float:
    """The most common ink size of a row, rounded to 0.1 pt (a row set in one size rounds once)."""
    sizes = [g.size for g in row if not g.text.isspace()]
    if sizes and sizes.count(sizes[0]) == len(sizes):
        return round(sizes[0], 1)
    return statistics.mode([round(s, 1) for s in sizes]) if sizes else 0.0


def _base(row: list[Glyph]) -> float:
    """The median baseline of a row's ink glyphs."""
    return median_of([g.base for g in row if not g.text.isspace()])


def _mode_of_counts(counts: dict[float, int]) -> float:
    """``statistics.mode`` of the sizes rounded to 0.1 pt, from each size's count (sizes in first-seen order)."""
    c: Counter[float] = Counter()
    for s, n in counts.items():
        c[round(s, 1)] += n
    return c.most_common(1)[0][0]


# a row's largest ink size, its one size or size counts, median ink baseline and ink count (``row_stats``)
_Stats = tuple[float, float | dict[float, int] | None, float | None, int]


class RowFacts:
    """The ink facts of rows that the foot reader asks again and again (largest size, main size, median
    baseline, ink count), each row read once, in C when it is built; the functions above are the reference
    and answer whenever the C pass declines a row."""

    def __init__(self) -> None:
        self._seen: dict[int, tuple[list[Glyph], _Stats | None]] = {}

    def _read(self, row: list[Glyph]) -> _Stats | None:
        hit = self._seen.get(id(row))
        if hit is not None and hit[0] is row:
            return hit[1]
        native = native_loops()
        got = native.row_stats(row) if native is not None else None
        self._seen[id(row)] = (row, got)  # the row is kept, so its id is not reused while this lives
        return got

    def ink_max(self, row: list[Glyph]) -> float:
        got = self._read(row)
        return got[0] if got is not None else _ink_max(row)

    def size(self, row: list[Glyph]) -> float:
        """``_row_size`` from the row's one size or its size counts (rounded here: Python's rounding)."""
        got = self._read(row)
        if got is None or got[1] is None:
            return _row_size(row)
        if isinstance(got[1], dict):
            return _mode_of_counts(got[1])
        return round(got[1], 1)

    def base(self, row: list[Glyph]) -> float:
        got = self._read(row)
        return got[2] if got is not None and got[2] is not None else _base(row)

    def ink(self, row: list[Glyph]) -> int:
        got = self._read(row)
        return got[3] if got is not None else sum(not g.text.isspace() for g in row)


def merge_number_rows(rows: list[list[Glyph]], facts: RowFacts | None = None) -> list[list[Glyph]]:
    """Join a row holding only a raised note number to the row it labels (printed a little lower)."""
    facts = RowFacts() if facts is None else facts
    out: list[list[Glyph]] = []
    i = 0
    while i < len(rows):
        r = rows[i]
        if i + 1 < len(rows) and 0 < facts.ink(r) <= 3:  # (at most three digits: the ink count says first)
            ink = [g for g in r if not g.text.isspace()]
            if "".join(g.text for g in ink).isdigit():
                nxt = [g for g in rows[i + 1] if not g.text.isspace()]
                size = facts.size(rows[i + 1])
                if nxt and 0 < facts.base(rows[i + 1]) - facts.base(r) < 0.8 * size and min(g.x0 for g in nxt) >= max(
                        g.x1 for g in ink) - 1 and min(g.size for g in ink) < size:
                    out.append(r + rows[i + 1])
                    i += 2
                    continue
        out.append(r)
        i += 1
    return out


def _groups(rows: list[list[Glyph]], facts: RowFacts | None = None) -> list[list[list[Glyph]]]:
    """Rows split into runs at vertical gaps wider than their own line spacing (each row's size and
    baseline measured once)."""
    facts = RowFacts() if facts is None else facts
    groups: list[list[list[Glyph]]] = [[rows[0]]]
    if len(rows) == 1:
        return groups
    sizes = [facts.size(r) for r in rows]
    bases = [facts.base(r) for r in rows]
    for i in range(1, len(rows)):
        size = max(sizes[i - 1], sizes[i])
        if bases[i] - bases[i - 1] > 1.9 * size:
            groups.append([rows[i]])
        else:
            groups[-1].append(rows[i])
    return groups


def _foot_line(row: list[Glyph], body: float, memo: Made) -> Line:
    """A foot row as a line, made once per row of a page (``memo`` by row id; the page lays it out with it)."""
    seg_gap = 1.5 * body
    hit = memo.get(id(row))
    if hit is not None and hit[0] is row and hit[1] == seg_gap:
        return hit[2]
    ln = make_line(row, 0, seg_gap)
    memo[id(row)] = (row, seg_gap, ln)
    return ln


def _opens(row: list[Glyph], body: float, expected: int, memo: Made) -> bool:
    return label_at_start(_foot_line(row, body, memo).pieces, expected) is not None


def split_footnotes(rows: list[list[Glyph]], body: float, state: FootState,
                    made: Made | None = None) -> tuple[list[list[Glyph]], list[list[Glyph]]]:
    """Split off page-foot footnotes: the bottom rows printed smaller than body text, from the first
    run (after a gap) that opens a note fitting the numbering; a run set smaller above it (a table,
    a caption) stays in the body. A page whose foot holds no new number continues the last note
    when the previous page's notes ran on in the same size. The lines it makes of rows go into ``made``."""
    facts = RowFacts()
    k = len(rows)
    while k > 0 and facts.ink_max(rows[k - 1]) < 0.9 * body:
        k -= 1
    if k == len(rows) or any(len(r) < 60 and facts.ink_max(r) >= body - 0.6 and NOTES_HEADING_RE.match(row_text(r))
                             for r in rows[:k]):
        state.open_size = None  # no small rows at the foot, or endnotes under their heading
        return rows, []
    small = merge_number_rows(rows[k:], facts)
    groups = _groups(small, facts)
    first = None
    memo: Made = {} if made is None else made
    for gi, g in enumerate(groups):
        if _opens(g[0], body, state.expected, memo) or (gi == 0 and k > 0 and any(
                _opens(r, body, state.expected, memo) for r in g[1:]) and state.open_size is not None):
            first = gi
            break
    if first is None:
        runs_on = (state.open_size is not None and state.open_text[-1:] not in END_NOTE
                   and abs(facts.size(groups[-1][0]) - state.open_size) < 0.3)
        if not runs_on:
            state.open_size = None
            return rows, []
        first = len(groups) - 1
    elif first > 0 and state.open_size is not None and abs(facts.size(groups[first - 1][0]) - state.open_size) < 0.3 \
            and first == 1 and k > 0 and state.open_text[-1:] not in END_NOTE:
        first = 0  # the note of the page before runs on above this page's first new note
    foot = [r for g in groups[first:] for r in g]
    body_rows = rows[:k] + [r for g in groups[:first] for r in g]
    _advance(state, foot, body, memo, facts)
    return body_rows, foot


def _advance(state: FootState, foot: list[list[Glyph]], body: float, memo: Made | None = None,
             facts: RowFacts | None = None) -> None:
    """Move the expected number past the notes that open on this page's foot."""
    for r in foot:
        ln = _foot_line(r, body, memo if memo is not None else {})
        head = label_at_start(ln.pieces, state.expected)
        if head is not None:
            state.expected = head[0] + 1
        for _, _, n in inline_labels(ln.pieces, state.expected):
            state.expected = n + 1
    state.open_size = (facts if facts is not None else RowFacts()).size(foot[-1])
    state.open_text = _foot_line(foot[-1], body, memo if memo is not None else {}).plain.rstrip()
