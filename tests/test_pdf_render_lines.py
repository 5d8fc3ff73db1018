"""A block's lines joined by ``render_lines`` (soft hyphens dropped once per joined run, the URL-tail pattern
searched only in a line that has "://" or "www.") give what the per-piece form gives, and the upright glyphs
of a page are the same whether its turned glyphs are passed in or found again."""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.ingest import pdf_blocks
from briefparse.ingest.pdf import turned_glyphs, upright
from briefparse.ingest.pdf_blocks import _IS_SUP, SOFT_HYPHEN, _joiner, render_lines
from briefparse.ingest.pdf_layout import Glyph, Line, Piece, Segment


def render_lines_ref(lines: list[Line], vocab: Counter[str]) -> list[Piece]:
    """The per-piece form of ``render_lines`` (every piece but a line's last cleaned before joining)."""
    out: list[Piece] = []
    for ln in lines:
        ps = [(t.replace(SOFT_HYPHEN, "") if i < len(ln.pieces) - 1 else t, s) for i, (t, s) in enumerate(ln.pieces)]
        if not ps:
            continue
        if out:
            if out[-1][1] or ps[0][1]:
                sep = "" if ps[0][1] else " "
            else:
                kept, sep = _joiner(out[-1][0].rstrip(" "), ps[0][0].lstrip(" "), vocab)
                out[-1] = (kept, False)
            if sep:
                out.append((sep, False))
        out.extend(ps)
    merged: list[Piece] = []
    for sup, run in itertools.groupby(out, key=_IS_SUP):
        texts = [t.replace(SOFT_HYPHEN, "") for t, _ in run]
        if sup:
            merged.extend((t, sup) for t in texts)
        else:
            merged.append(("".join(texts), False))
    return merged


WORDS = ["gov", "gov-", "er", "n", "ern", "ment", "WWW.", "www.", "wWw.", "ww.", "http://", "HTTPS://", "://", "x.org/a", "/b", "Ab",
         "state-", "sponsored", "-", "—", "–", " ", "  ", SOFT_HYPHEN, "ab" + SOFT_HYPHEN, "中", "文", "7", ">", ",",
         ".", "\u212a", "\u017f"]
TEXT = st.lists(st.sampled_from(WORDS), max_size=6).map("".join)
LINE = st.lists(st.tuples(TEXT, st.booleans()), max_size=4).map(
    lambda ps: Line(page=1, segments=[Segment(0.0, 1.0, ps)] if ps else [], x0=0.0, x1=1.0, base=10.0, size=10.0,
                    bold=False))


def _fresh(lines: list[Line]) -> list[Line]:
    return [Line(page=1, segments=[Segment(0.0, 1.0, list(s.pieces)) for s in ln.segments], x0=0.0, x1=1.0,
                 base=10.0, size=10.0, bold=False) for ln in lines]


@settings(max_examples=1500, deadline=None)
@given(st.lists(LINE, max_size=5), st.sets(st.sampled_from(["government", "govern", "statesponsored", "ab", "gov", "ment"])))
def test_render_lines_is_the_per_piece_form(lines: list[Line], words: set[str]) -> None:
    vocab = Counter(words)
    assert render_lines(lines, vocab) == render_lines_ref(_fresh(lines), vocab)


def _line(*pieces: Piece) -> Line:
    return Line(page=1, segments=[Segment(0.0, 1.0, list(pieces))], x0=0.0, x1=1.0, base=10.0, size=10.0, bold=False)


def test_the_joiner_sees_a_soft_hyphen_only_at_a_lines_end() -> None:
    """A word cut at a soft hyphen inside the next line's first piece is read whole when more pieces follow,
    cut when it is the line's only piece (as the per-piece form reads it)."""
    vocab = Counter(["govern"])
    for nxt in ([("er" + SOFT_HYPHEN + "n of", False), ("7", True)], [("er" + SOFT_HYPHEN + "n of", False)]):
        lines = [_line(("the gov-", False)), _line(*nxt)]
        assert render_lines(lines, vocab) == render_lines_ref(_fresh(lines), vocab)
    assert render_lines([_line(("the gov-", False)), _line(("er" + SOFT_HYPHEN + "n", False), ("7", True))],
                        vocab)[0] == ("the govern", False)


def test_a_url_tail_is_still_joined_without_a_space() -> None:
    """The search runs when the line has the scheme or www. (any case): a URL cut at the line end is rejoined."""
    assert _joiner("see WwW.example.org/path/", "index.html", Counter()) == ("see WwW.example.org/path/", "")
    assert _joiner("see https://example.org/path/", "index.html", Counter()) == ("see https://example.org/path/", "")
    assert _joiner("see example.org/path/", "index.html", Counter()) == ("see example.org/path/", " ")
    assert pdf_blocks.URL_TAIL_RE.search("see WwW.x")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.builds(Glyph, st.sampled_from(["a", " "]), st.just(1.0), st.just(2.0), st.just(3.0),
                          st.just(10.0), st.booleans(), st.sampled_from([0, 0, 0, 1, 3])), max_size=20))
def test_upright_with_the_turned_glyphs_passed_in_is_upright(glyphs: list[Glyph]) -> None:
    assert upright(glyphs, turned_glyphs(glyphs)) == upright(glyphs)
    assert upright(glyphs) == [g for g in glyphs if not g.turn]


def build_vocab_ref(pages: list[list[Line]]) -> Counter[str]:
    """``build_vocab`` line by line (each line's words, its last dropped at a line-end hyphen)."""
    c: Counter[str] = Counter()
    for lines in pages:
        for ln in lines:
            words = pdf_blocks.WORD_RE.findall(ln.plain)
            if ln.plain.endswith("-") and words:
                words = words[:-1]
            c.update(map(str.lower, words))
    return c


VOCAB_TEXT = st.lists(st.sampled_from(["Gov", "ern", "-", " ", "state-", "\u212a", "é", "x1", "\n", "ment-", "A"]),
                      max_size=8).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.lists(VOCAB_TEXT.map(lambda t: _line((t, False))), max_size=5), max_size=4))
def test_build_vocab_is_the_line_by_line_count(pages: list[list[Line]]) -> None:
    assert pdf_blocks.build_vocab(pages) == build_vocab_ref(pages)
