"""Lines in several sizes (raised note calls, mostly footnote rows) are made in one C pass (``call_line``): the
line must be the one the Python rules make, field by field, for any glyphs — ties between sizes, sizes that
round alike, calls of odd digits and marks, spaces inside calls, empty texts, signed zeros, NaN and infinite
values, sizes that are not positive, bold flags that are not bools."""

from __future__ import annotations

from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.ingest import pdf_layout
from briefparse.ingest.pdf_layout import Glyph, Line

NAN = float("nan")
TEXT = st.sampled_from(["a", "b", "N", ".", "1", "2", "7", "1", "2", " ", " ", ",", "-", "–", "*", "†", "§", "¶",
                        "²", "\u0660", "\u00a0", "\u3000", "中", "fi", "1 ", "\n"])
SIZE = st.sampled_from([10.0, 10.0, 10.0, 6.0, 6.0, 6.5, 9.96, 10.04, 10.05, 5.95, 0.04, 0.0, -1.0, NAN,
                        float("inf")])
BASE = st.sampled_from([100.0, 100.0, 100.0, 96.0, 96.0, 97.0, 99.5, 0.0, -0.0, NAN])
GAP = st.sampled_from([0.0, 0.0, 0.3, 0.9, 1.2, 1.5, 2.5, 4.0, -0.5, 25.0, NAN])
WIDTH = st.sampled_from([0.0, 3.0, 5.0, 5.0])
BOLD = st.sampled_from([False, False, True, 1])


@st.composite
def lines(draw: st.DrawFn) -> list[Glyph]:
    """Glyphs laid left to right (gaps of any width, some overlapping), each of any text, size and baseline."""
    out: list[Glyph] = []
    x = 0.0
    for _ in range(draw(st.integers(1, 24))):
        x0 = x + draw(GAP)
        x1 = x0 + draw(WIDTH)
        bold = cast(bool, draw(BOLD))  # (an int too, on purpose: the C pass must decline a bold flag that is not a bool)
        out.append(Glyph(draw(TEXT), x0, x1, draw(BASE), draw(SIZE), bold))
        x = x1 if x1 == x1 else x
    return out


def _line_fields(line: Line) -> tuple[object, ...]:
    """Everything a made line holds, floats compared with their sign (0.0 is not -0.0 here)."""
    segs = [(repr(s.x0), repr(s.x1), s.pieces) for s in line.segments]
    return (line.page, segs, repr(line.x0), repr(line.x1), repr(line.base), repr(line.size), line.bold,
            [id(g) for g in line.glyphs], line.sups)


def _python_line(row: list[Glyph], seg_gap: float) -> Line:
    native = pdf_layout.native_loops
    try:
        pdf_layout.native_loops = lambda: None  # type: ignore[assignment]
        return pdf_layout.make_line(row, 3, seg_gap)
    finally:
        pdf_layout.native_loops = native


def _native() -> object:
    native = pdf_layout.native_loops()
    if native is None:
        pytest.skip("the extension is not built here")
    return native


@settings(max_examples=1500, deadline=None)
@given(lines(), st.sampled_from([15.0, 15.0, 3.0, 200.0, NAN]))
def test_a_line_made_in_c_is_the_python_line(row: list[Glyph], seg_gap: float) -> None:
    _native()
    assert _line_fields(pdf_layout.make_line(row, 3, seg_gap)) == _line_fields(_python_line(row, seg_gap))


FOOT = st.builds(Glyph, st.sampled_from(["a", "b", "1", "2", " ", ".", "²", "\u0660", "*", ","]),
                 st.sampled_from([0.0, 4.0, 5.2, 5.9, 6.5, 9.0]), st.sampled_from([4.5, 5.0, 6.0]),
                 st.sampled_from([100.0, 100.0, 96.5, 97.0]), st.sampled_from([8.0, 8.0, 8.04, 7.96, 5.0, 5.04]),
                 st.booleans())


@settings(max_examples=800, deadline=None)
@given(st.lists(FOOT, min_size=1, max_size=20), st.sampled_from([15.0, 3.0]))
def test_footnote_like_rows_made_in_c_are_the_python_lines(row: list[Glyph], seg_gap: float) -> None:
    """Positive finite sizes and baselines (most reach the C pass): the same line as the Python rules make."""
    _native()
    row = [g._replace(x0=g.x0 + 6.0 * k, x1=g.x1 + 6.0 * k) for k, g in enumerate(row)]
    assert _line_fields(pdf_layout.make_line(row, 3, seg_gap)) == _line_fields(_python_line(row, seg_gap))


def _foot_row() -> list[Glyph]:
    row = [Glyph("1", 0.0, 3.0, 96.0, 5.0), Glyph("2", 3.0, 6.0, 96.0, 5.0)]
    row += [Glyph(c, 6.5 + 4.0 * k, 10.0 + 4.0 * k, 100.0, 8.0) for k, c in enumerate("Ibid., p. 4.")]
    return row


def test_a_footnote_row_is_made_in_c_with_its_call() -> None:
    native = _native()
    row = _foot_row()
    got = native.call_line(row, 15.0, lambda a, b: False)  # type: ignore[attr-defined]
    assert got is not None
    pieces, first_x0, x0, x1, size, base, bolds, n, calls = got
    assert (pieces, calls, size, base, n) == ([("12", True), ("Ibid., p. 4.", False)], [0, 1], 8.0, 100.0, 10)
    assert _line_fields(pdf_layout.make_line(row, 3, 15.0)) == _line_fields(_python_line(row, 15.0))


def test_lines_the_c_pass_declines_are_left_to_python() -> None:
    native = _native()
    row = _foot_row()
    wide = [*row, Glyph("x", 200.0, 204.0, 100.0, 8.0)]  # two segments
    assert native.call_line(wide, 15.0, lambda a, b: False) is None  # type: ignore[attr-defined]
    odd = [*row[:-1], row[-1]._replace(size=8)]  # an int size
    assert native.call_line(odd, 15.0, lambda a, b: False) is None  # type: ignore[attr-defined]
    assert native.call_line([Glyph(" ", 0.0, 1.0, 100.0, 8.0)], 15.0, lambda a, b: False) is None  # type: ignore[attr-defined]


CALL_CHAR = st.sampled_from(["1", "9", "\u0660", "²", "¹", " ", "\u00a0", "\u2009", "\n", ",", "-", "–", "—", "*",
                             "†", "‡", "§", "¶", "a", ".", "\u3000"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(CALL_CHAR, min_size=1, max_size=6))
def test_runs_of_raised_glyphs_are_calls_as_the_pattern_says(chars: list[str]) -> None:
    """Raised glyphs (one per character) after a body word: the calls ``_sup_flags`` finds with CALL_RE."""
    native = _native()
    row = [Glyph(c, 5.0 * k, 5.0 * k + 5.0, 100.0, 10.0) for k, c in enumerate("abcdefgh")]
    row += [Glyph(c, 40.0 + 3.0 * k, 43.0 + 3.0 * k, 96.0, 6.0) for k, c in enumerate(chars)]
    got = native.call_line(row, 15.0, lambda a, b: False)  # type: ignore[attr-defined]
    assert got is not None
    want = pdf_layout._sup_flags(row, 10.0, [g.text.isspace() for g in row])
    assert set(got[8]) == want
    assert _line_fields(pdf_layout.make_line(row, 3, 15.0)) == _line_fields(_python_line(row, 15.0))


def test_a_raised_word_is_not_a_call_and_raised_digits_are() -> None:
    native = _native()
    row = [Glyph(c, 5.0 * k, 5.0 * k + 5.0, 100.0, 10.0) for k, c in enumerate("abcdefgh")]
    for text, calls in (("12", [8, 9]), ("1a", []), ("\u0660\u0661", [8, 9]), ("²³", []), ("*†", [8, 9])):
        raised = [Glyph(c, 40.0 + 3.0 * k, 43.0 + 3.0 * k, 96.0, 6.0) for k, c in enumerate(text)]
        assert native.call_line(row + raised, 15.0, lambda a, b: False)[8] == calls  # type: ignore[attr-defined]


def test_a_size_exactly_three_tenths_from_the_line_size_is_not_a_main_size() -> None:
    """0.5 - 0.2 is 0.3 exactly: those glyphs are not the line's own size (``< 0.3``), so they stay calls."""
    native = _native()
    row = [Glyph("a", 0.0, 0.2, 100.0, 0.5), Glyph("b", 0.2, 0.4, 100.0, 0.5), Glyph("1", 0.4, 0.5, 40.0, 0.2),
           Glyph("2", 0.5, 0.6, 40.0, 0.2), Glyph("c", 0.6, 0.8, 30.0, 0.5)]
    assert native.call_line(row, 15.0, lambda a, b: False)[8] == [2, 3]  # type: ignore[attr-defined]
    assert _line_fields(pdf_layout.make_line(row, 3, 15.0)) == _line_fields(_python_line(row, 15.0))
