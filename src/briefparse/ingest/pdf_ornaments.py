"""Magazine ornaments in PDFs: drop caps seated back on their word, pull quotes kept out of the running text.

A drop cap is one large letter set beside the first two or more lines of a paragraph. Left where it is
printed, its tall box makes those lines one row and it reads as a word of its own ("T he" or, worse,
lines interleaved); here it is lifted out before rows are built and put back in front of the first glyph
of the top line beside it. A pull quote repeats a sentence of the article in a larger size; it is kept
as page furniture (in the text, out of sections, quantities and claims), since the article already says it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .pdf_blocks import Proto, wordfreq_zipf
from .pdf_layout import Glyph, cluster_rows, largest_size

CAP_MIN = 1.8  # a drop cap's size against the body size (headings that big are words, not lone letters)
PULL_MIN = 1.1  # a pull quote is set larger than the text (a block that size is otherwise a heading)
PULL_WORDS = 8  # fewer words than this is a heading, however it repeats the text
SHINGLE = 4  # words per shingle when matching a pull quote against the text
PULL_SHARE = 0.8  # share of a pull quote's shingles that must be in the text (quotes are trimmed and edited)
_WORD_RE = re.compile(r"[^\W_]+")


def _cap_text(text: str) -> bool:
    """A drop cap's text: one letter, maybe after an opening quote mark (a large numeral beside the text is a
    chapter or section number, not the first letter of a word)."""
    core = text.lstrip("“‘\"'«")
    return len(core) == 1 and core.isalpha() and len(text) <= 2


def _beside(cap: Glyph, glyphs: Iterable[Glyph], body: float) -> list[float]:
    """Baselines of the text-size lines that start just right of ``cap`` within its height (top first); a line
    with ink over the cap's own width (a heading above it, a line running under it) is not beside it."""
    top, bottom = cap.base - 0.9 * cap.size, cap.base + 0.3 * body
    starts: dict[float, float] = {}
    for g in glyphs:
        if top <= g.base <= bottom and not g.text.isspace() and g is not cap and g.x1 > cap.x0:
            key = round(g.base, 1)
            if not 0.7 * body <= g.size <= 1.25 * body:
                starts[key] = -1.0  # another size on that line: not text beside a cap
            elif starts.get(key, 0.0) >= 0:
                starts[key] = min(starts.get(key, g.x0), g.x0)
    return sorted(b for b, x in starts.items() if cap.x1 - 0.5 <= x <= cap.x1 + 2.5 * body)


def _is_cap(g: Glyph, big: list[Glyph], glyphs: list[Glyph], body: float) -> list[float] | None:
    """The lines beside ``g`` if it is a drop cap or a raised initial (a lone large letter with text-size
    lines starting at its right edge), else None."""
    if not _cap_text(g.text):
        return None
    for h in big:  # a letter of a large word (a heading) has large neighbours on its baseline
        if h is not g and abs(h.base - g.base) < 0.2 * g.size and abs(h.size - g.size) < 0.2 * g.size \
                and -0.2 * g.size < h.x0 - g.x1 < 0.6 * g.size:
            return None
    bases = _beside(g, glyphs, body)
    drop = len(bases) >= 2  # beside two or more lines: a drop cap
    raised = len(bases) == 1 and abs(bases[0] - g.base) < 0.3 * body  # on the first line's baseline
    return bases if drop or raised else None


def lift_caps(glyphs: list[Glyph], body: float) -> tuple[list[Glyph], dict[float, Glyph]]:
    """The glyphs without drop caps, and each cap keyed by the baseline of the top line beside it."""
    least = CAP_MIN * body
    top = largest_size(glyphs)  # (NaN first: max() says nothing, so look at every glyph)
    if top < least:
        return glyphs, {}
    big = [g for g in glyphs if g.size >= least and not g.turn]
    if not big:
        return glyphs, {}
    caps: dict[float, Glyph] = {}
    for g in big:
        bases = _is_cap(g, big, glyphs, body)
        if bases:
            caps[bases[0]] = g
    if not caps:
        return glyphs, {}
    lifted = {id(g) for g in caps.values()}
    return [g for g in glyphs if id(g) not in lifted], caps


def _first_word(row: list[Glyph], first: Glyph) -> str:
    """The letters printed from ``first`` up to the first space or gap in its row."""
    out = []
    prev = None
    for g in sorted((g for g in row if g.x0 >= first.x0), key=lambda g: g.x0):
        if g.text.isspace() or not g.text.isalpha() or (prev is not None and g.x0 - prev.x1 > 0.2 * g.size):
            break
        out.append(g.text)
        prev = g
    return "".join(out)


def _own_word(cap: str, word: str) -> bool:
    """Whether the cap is a word by itself ("A year", "I think") rather than the word's first letter ("The"):
    decided by which reading is the more common English (the gap a typesetter leaves says nothing)."""
    letter = cap[-1:]
    if letter.lower() not in ("a", "i", "o") or not word:
        return False
    freq = wordfreq_zipf()
    return freq is not None and freq(word) > freq(letter + word)


def seat_caps(rows: list[list[Glyph]], caps: dict[float, Glyph]) -> None:
    """Put each cap back, text-size, just before the first glyph of the row on its baseline (a space after
    it only when it is a word by itself)."""
    for base, cap in caps.items():
        for row in rows:
            first = min((g for g in row if not g.text.isspace() and g.x0 >= cap.x1 - 0.5
                         and abs(round(g.base, 1) - base) < 0.05), key=lambda g: g.x0, default=None)
            if first is not None:
                gap = 0.6 * first.size if _own_word(cap.text, _first_word(row, first)) else 0.01
                row.append(Glyph(cap.text, first.x0 - gap - 0.01, first.x0 - gap, first.base, first.size, first.bold))
                break


def page_rows(glyphs: list[Glyph], body: float) -> list[list[Glyph]]:
    """The page's rows (``cluster_rows``), with drop caps seated on the line they begin."""
    rest, caps = lift_caps(glyphs, body)
    rows = cluster_rows(rest)
    if caps:
        seat_caps(rows, caps)
    return rows


def _shingles(text: str, firsts: set[str] | None = None) -> set[tuple[str, ...]]:
    """Every run of ``SHINGLE`` words of the text, lower-cased (built in C by zipping shifted copies); with
    ``firsts``, only the runs that begin with one of those words."""
    words = _WORD_RE.findall(text.lower())
    if firsts is None:
        return set(zip(*(words[i:] for i in range(SHINGLE)), strict=False))
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1) if words[i] in firsts}


def _plain(b: Proto) -> str:
    return " ".join(ln.plain for ln in b.lines)


def mark_pull_quotes(blocks: list[Proto], body: float) -> int:
    """Blocks set larger than the text that repeat its words (a pull quote) become furniture; returns how many."""
    larger = [b for b in blocks if b.kind in ("heading", "paragraph") and b.lines and b.size > PULL_MIN * body
              and len(_WORD_RE.findall(_plain(b))) >= PULL_WORDS]
    if not larger:
        return 0
    owns = [_shingles(_plain(b)) for b in larger]
    firsts = {sh[0] for own in owns for sh in own}  # a text run can match a quote's only if it starts as one
    text: set[tuple[str, ...]] = set()
    for b in blocks:
        if b.kind in ("paragraph", "list_item") and b.lines and abs(b.size - body) <= 0.5:
            text |= _shingles(_plain(b), firsts)
    n = 0
    for b, own in zip(larger, owns, strict=True):
        if own and len(own & text) >= PULL_SHARE * len(own):
            b.kind = "furniture"
            n += 1
    return n
