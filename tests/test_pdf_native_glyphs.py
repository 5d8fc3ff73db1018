"""The compiled loops (``ingest/_glyphs.c``) give exactly what the Python loops they replace give: the same
glyphs (text, extents, baselines, sizes, weights and directions, as the same Python types) on pages with
rotated text, superscripts, bold runs, Chinese, tabs and no-break spaces, on the shipped brief and the real
PDFs; and the same text of a line, word spaces included."""

from __future__ import annotations

import ctypes
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.ingest import pdf as pdf_mod
from briefparse.ingest import pdf_layout
from briefparse.ingest.pdf_layout import Glyph

ROOT = Path(__file__).resolve().parents[1]


def mixed_pdf() -> bytes:
    """Two pages: body text with raised calls and a bold heading, a turned margin line, CJK, tab and NBSP."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(612, 792))
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("VeraBd", "VeraBd.ttf"))  # shipped with reportlab; embedded, so it has a weight
    c.setFont("VeraBd", 14)
    c.drawString(72, 740, "Provincial funds\u00a0and guidance")
    c.setFont("Times-Roman", 11)
    c.drawString(72, 716, "Shenzhen set aside 62.4 billion yuan\tfor 69 projects.")
    c.setFont("Times-Roman", 6.6)
    c.drawString(300, 720.4, "12")
    c.setFont("STSong-Light", 11)
    c.drawString(72, 690, "国家发展改革委关于印发《十四五》规划的通知")
    c.saveState()
    c.translate(580, 300)
    c.rotate(90)
    c.setFont("Helvetica", 8)
    c.drawString(0, 0, "Downloaded from a margin, read upwards")
    c.restoreState()
    c.saveState()
    c.translate(40, 500)
    c.rotate(-90)
    c.drawString(0, 0, "and downwards")
    c.restoreState()
    c.showPage()
    c.setFont("Courier", 10)
    c.drawString(72, 700, "x" * 3 + " " * 4 + "spaced   out")
    c.showPage()
    c.save()
    return buf.getvalue()


def both_loops(data: bytes | str) -> tuple[list[Glyph], list[Glyph]]:
    """The glyphs of every page, from the Python loop and from the compiled one."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    python: list[Glyph] = []
    native: list[Glyph] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            height = page.get_size()[1]
            tp = page.get_textpage()
            pdf_mod._pdfium_glyphs(tp.raw, height, python)
            pdf_mod.read_glyphs(tp.raw, height, native)
            tp.close()
            page.close()
    finally:
        pdf.close()
    return python, native


def same(a: list[Any], b: list[Any]) -> bool:
    """Equal glyph by glyph, field by field, with the same types (a bool stays a bool)."""
    return len(a) == len(b) and all(
        type(g) is type(h) and g == h and [type(v) for v in g] == [type(v) for v in h] for g, h in zip(a, b, strict=True))


def test_the_compiled_loop_is_built_where_a_compiler_is() -> None:
    if shutil.which("cc") is None:
        pytest.skip("no C compiler on this machine: the Python loop is used")
    assert pdf_mod._native_fns() is not None


def test_compiled_and_python_loops_agree_on_a_mixed_page() -> None:
    python, native = both_loops(mixed_pdf())
    assert same(python, native)
    turns = {g.turn for g in native}
    assert {0, 1, 3} <= turns  # upright, read upwards, read downwards all came through
    assert any(g.bold for g in native) and any(not g.bold for g in native)
    assert any(g.text == "国" for g in native)
    sizes = {round(g.size, 1) for g in native}
    assert {14.0, 11.0, 6.6, 8.0} <= sizes


@pytest.mark.parametrize("name", ["recentralization-brief.pdf"])
def test_compiled_and_python_loops_agree_on_the_shipped_brief(name: str) -> None:
    path = ROOT / "corpus" / "briefs" / name
    python, native = both_loops(str(path))
    assert len(native) > 10_000
    assert same(python, native)


def test_real_pdfs_beside_the_repository_agree() -> None:
    pdfs = sorted((ROOT.parent / "shared" / "corpus" / "realpdf").glob("*.pdf"))
    if not pdfs:
        pytest.skip("shared/corpus/realpdf is not beside the repository")
    for pdf in pdfs:
        python, native = both_loops(str(pdf))
        assert same(python, native), pdf.name


def test_without_the_extension_the_python_loop_reads_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    data = mixed_pdf()
    _, native = both_loops(data)
    monkeypatch.setattr(pdf_mod, "_native_fns", lambda: None)
    python_only, again = both_loops(data)
    assert same(again, python_only) and same(again, native)


def test_a_null_text_page_is_refused_not_read() -> None:
    native = pdf_mod._native_fns()
    if native is None:
        pytest.skip("the extension is not built here")
    module, fns = native
    with pytest.raises(ValueError):
        module.page_glyphs(fns, 0, 792.0, Glyph, pdf_mod._char_text, pdf_mod.turned_glyph, [])
    with pytest.raises(TypeError):
        module.page_glyphs(fns[:3], ctypes.sizeof(ctypes.c_void_p), 792.0, Glyph, pdf_mod._char_text,
                           pdf_mod.turned_glyph, [])


COORD = st.sampled_from([0.0, 0.2, 0.25, 0.5, 0.74, 1.0, 1.6, 3.0, 3.1, 10.0, -0.3, float("nan")])
SIZE = st.sampled_from([0.0, -1.0, 2.0, 6.0, 10.0, 10.0, 12.0])
TEXT = st.sampled_from(["a", "b", "中", "文", "“", ".", "1", " ", "\u3000"])
LINE = st.lists(st.builds(Glyph, TEXT, COORD, COORD, COORD, SIZE), max_size=30)


@settings(max_examples=400, deadline=None)
@given(LINE)
def test_compiled_line_text_is_the_python_loops(glyphs: list[Glyph]) -> None:
    """Spaces from space glyphs, from gaps between words, none inside a word or between Chinese characters,
    the line's letter gap computed when a narrow gap needs it: the C join gives the Python loop's text."""
    if pdf_layout.native_loops() is None:
        pytest.skip("the extension is not built here")
    gs = sorted(glyphs, key=lambda g: (g.x0, g.base)) if all(g.x0 == g.x0 for g in glyphs) else glyphs
    space = [g.text.isspace() for g in gs]
    assert pdf_layout._plain_pieces(gs, space) == pdf_layout._plain_pieces_py(gs, space)


def test_a_justified_line_gets_its_word_spaces_back_in_both_loops() -> None:
    """Letters 0.02 size apart, words 0.15 size apart and no space glyph: the gap over the letter gap is a space."""
    gs, x = [], 0.0
    for word in ("of", "the", "frontier"):
        for ch in word:
            gs.append(Glyph(ch, x, x + 5.0, 100.0, 10.0))
            x += 5.2
        x += 1.3
    space = [False] * len(gs)
    assert pdf_layout._plain_pieces(gs, space) == pdf_layout._plain_pieces_py(gs, space) == [("of the frontier", False)]


@pytest.mark.parametrize(("left", "right", "gap", "want"), [
    ("中", "文", 3.0, "中文"),  # 0.3 size between Chinese characters: set solid, no space
    ("中", "文", 6.0, "中 文"),  # over half a size: a real gap
    ("a", "b", 3.0, "a b"),  # 0.3 size between Latin letters: a word space
    ("（", "中", 3.0, "（中"),  # full-width punctuation counts as CJK
    ("“", "中", 3.0, "“ 中"),  # a curly quote does not
])
def test_gaps_wider_than_a_word_space_in_both_loops(left: str, right: str, gap: float, want: str) -> None:
    gs = [Glyph(left, 0.0, 10.0, 100.0, 10.0), Glyph(right, 10.0 + gap, 20.0 + gap, 100.0, 10.0)]
    space = [False, False]
    assert pdf_layout._plain_pieces(gs, space) == pdf_layout._plain_pieces_py(gs, space) == [(want, False)]


@settings(max_examples=400, deadline=None)
@given(LINE, st.sampled_from([0.0, 0.5, 2.0, 10.0]))
def test_compiled_row_intervals_are_the_python_ones(row: list[Glyph], gap: float) -> None:
    """Ink extents of a row in x order (equal x0 in stream order), close gaps merged; spaces ignored; an edge
    that is not a number leaves the answer to Python."""
    if pdf_layout.native_loops() is None:
        pytest.skip("the extension is not built here")
    assert pdf_layout._intervals(row, gap) == pdf_layout._intervals_py(row, gap)


def test_row_intervals_merge_close_glyphs_and_skip_spaces() -> None:
    row = [Glyph("b", 30.0, 35.0, 10.0, 10.0), Glyph(" ", 5.0, 30.0, 10.0, 10.0), Glyph("a", 0.0, 5.0, 10.0, 10.0),
           Glyph("c", 35.5, 40.0, 10.0, 10.0)]
    assert pdf_layout._intervals(row, 1.0) == pdf_layout._intervals_py(row, 1.0) == [(0.0, 5.0), (30.0, 40.0)]


def _line_fields(line: pdf_layout.Line) -> tuple[object, ...]:
    """Everything a made line holds, floats compared with their sign (0.0 is not -0.0 here)."""
    segs = [(repr(s.x0), repr(s.x1), s.pieces) for s in line.segments]
    return (line.page, segs, repr(line.x0), repr(line.x1), repr(line.base), repr(line.size), line.bold,
            [id(g) for g in line.glyphs], line.sups)


ROW_SIZE = st.sampled_from([10.0, 10.0, 10.0, 10.04, 6.0, 0.0])
ROW_BASE = st.sampled_from([100.0, 100.0, 100.0, 96.0, 0.0, -0.0])
ROW_GLYPH = st.builds(Glyph, st.sampled_from(["a", "b", "1", "2", " ", "中", "N", "."]),
                      st.sampled_from([0.0, 5.0, 5.5, 7.0, 12.0, 30.0, 90.0, -0.0]), st.sampled_from([5.0, 6.0, 12.5]),
                      ROW_BASE, ROW_SIZE, st.booleans())


@settings(max_examples=500, deadline=None)
@given(st.lists(ROW_GLYPH, min_size=1, max_size=25), st.sampled_from([5.0, 20.0, 200.0]))
def test_compiled_usual_line_is_the_python_line(row: list[Glyph], seg_gap: float) -> None:
    """The usual line (one size, one segment) made in C is the line the Python rules make, field by field;
    any other line (calls, several sizes or segments, a tracked heading) is left to the Python rules."""
    if pdf_layout.native_loops() is None:
        pytest.skip("the extension is not built here")
    got = pdf_layout.make_line(row, 3, seg_gap)
    native = pdf_layout.native_loops
    try:
        pdf_layout.native_loops = lambda: None  # type: ignore[assignment]
        want = pdf_layout.make_line(row, 3, seg_gap)
    finally:
        pdf_layout.native_loops = native
    assert _line_fields(got) == _line_fields(want)


def test_plain_line_takes_a_one_size_line_and_declines_one_with_a_raised_call() -> None:
    """``plain_line`` (one size, no call) makes the usual line and returns None for a line with a smaller raised
    digit, which the call rules (``call_line`` or Python) then mark as a call."""
    native = pdf_layout.native_loops()
    if native is None:
        pytest.skip("the extension is not built here")
    plain = [Glyph(c, 5.0 * k, 5.0 * k + 4.8, 100.0, 10.0) for k, c in enumerate("State Council")]
    assert native.plain_line(plain, 20.0, lambda a, b: False) is not None
    call = [*plain, Glyph("7", 66.0, 69.0, 96.0, 6.0)]
    assert native.plain_line(call, 20.0, lambda a, b: False) is None  # two sizes: the call rules decide
    assert pdf_layout.make_line(call, 1, 20.0).sups == {len(call) - 1}


ONE_SIZE_GLYPH = st.builds(Glyph, st.sampled_from(["a", "b", "1", " ", "中", "文", "N", "."]),
                           st.sampled_from([0.0, 5.0, 5.5, 6.9, 7.0, 12.0, 30.0, -0.0]), st.sampled_from([5.0, 6.0, 12.5]),
                           ROW_BASE, st.just(10.0), st.booleans())


@settings(max_examples=500, deadline=None)
@given(st.lists(ONE_SIZE_GLYPH, min_size=1, max_size=25), st.sampled_from([5.0, 20.0, 200.0]))
def test_compiled_one_size_lines_are_the_python_lines(row: list[Glyph], seg_gap: float) -> None:
    """Lines set in one size (most of them reach the C path): the same line as the Python rules make."""
    test_compiled_usual_line_is_the_python_line.hypothesis.inner_test(row, seg_gap)  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.builds(Glyph, st.just("a"), st.sampled_from([0.0, -0.0, 1.0, 2.5, float("inf")]),
                          st.just(1.0), st.sampled_from([0.0, -0.0, 3.0, float("-inf")]), st.just(10.0)), max_size=40),
       st.sampled_from([(1, 3), (3, 1)]))
def test_compiled_glyph_sort_is_pythons_stable_sort(glyphs: list[Glyph], keys: tuple[int, int]) -> None:
    native = pdf_layout.native_loops()
    if native is None:
        pytest.skip("the extension is not built here")
    first, second = keys
    got = native.sorted_glyphs(glyphs, first, second)
    assert got is not None
    assert [id(g) for g in got] == [id(g) for g in sorted(glyphs, key=lambda g: (g[first], g[second]))]
    assert native.sorted_glyphs([*glyphs, Glyph("x", float("nan"), 1.0, 0.0, 10.0)], first, second) is None


@settings(max_examples=400, deadline=None)
@given(st.lists(ROW_GLYPH, max_size=60))
def test_compiled_rows_are_the_python_rows(glyphs: list[Glyph]) -> None:
    """Glyphs grouped into rows by vertical overlap (raised calls join their line; runs of one baseline and
    size placed at once; rows of spaces dropped): the C rows are the Python rows, glyph for glyph."""
    native = pdf_layout.native_loops()
    if native is None:
        pytest.skip("the extension is not built here")
    ordered = pdf_layout.by_base_then_x(glyphs)
    got = native.rows(ordered)
    assert got is not None
    assert [[id(g) for g in r] for r in got] == [[id(g) for g in r] for r in pdf_layout._rows_py(ordered)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.builds(Glyph, st.just("a"), st.sampled_from([0.0, -0.0, 0.2, 0.24, 0.26, 1.0, -0.3, 3e7, float("inf")]),
                          st.just(1.0), st.sampled_from([0.0, 0.2, 0.26, 5.0, -0.26, float("nan")]), st.just(10.0)),
                max_size=30))
def test_compiled_shared_positions_are_the_numpy_ones(glyphs: list[Glyph]) -> None:
    """Glyphs sharing their spot in half points (the candidates for overprint removal), or None where a
    coordinate is not finite or too large: the C answer is the numpy one."""
    native = pdf_layout.native_loops
    if native() is None:
        pytest.skip("the extension is not built here")
    got = pdf_layout._shared_positions(glyphs)
    try:
        pdf_layout.native_loops = lambda: None  # type: ignore[assignment]
        want = pdf_layout._shared_positions(glyphs)
    finally:
        pdf_layout.native_loops = native
    assert got == want


TIED_COORD = st.sampled_from([0.0, -0.0, 1.0, 1.5, 2.0, 2.0000000000000004, 7.25, float("inf"), float("-inf")])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.builds(Glyph, st.just("a"), TIED_COORD, st.just(1.0), TIED_COORD, st.just(10.0)), max_size=120),
       st.lists(st.tuples(st.integers(0, 119), st.integers(0, 119)), max_size=6), st.booleans(),
       st.sampled_from([(1, 3), (3, 1)]))
def test_compiled_sort_of_nearly_sorted_glyphs_is_pythons_stable_sort(
        glyphs: list[Glyph], swaps: list[tuple[int, int]], backwards: bool, keys: tuple[int, int]) -> None:
    """Rows and pages come nearly in order (sorted by insertion in C) or far from it (a reversed page passes
    the insertion budget and is sorted by qsort): both give sorted()'s order, ties kept in stream order."""
    native = pdf_layout.native_loops()
    if native is None:
        pytest.skip("the extension is not built here")
    first, second = keys
    gs = sorted(glyphs, key=lambda g: (g[first], g[second]), reverse=backwards)
    for a, b in swaps:
        if a < len(gs) and b < len(gs):
            gs[a], gs[b] = gs[b], gs[a]
    got = native.sorted_glyphs(gs, first, second)
    assert got is not None
    assert [id(g) for g in got] == [id(g) for g in sorted(gs, key=lambda g: (g[first], g[second]))]


def test_compiled_sort_of_a_long_reversed_page_is_pythons_sort() -> None:
    """Far more glyphs out of place than the insertion budget allows (the qsort fallback), ties among them."""
    native = pdf_layout.native_loops()
    if native is None:
        pytest.skip("the extension is not built here")
    glyphs = [Glyph("a", float(k % 13), 1.0, float(k // 3 % 50), 10.0) for k in range(3000)][::-1]
    got = native.sorted_glyphs(glyphs, 3, 1)
    assert got is not None
    assert [id(g) for g in got] == [id(g) for g in sorted(glyphs, key=lambda g: (g.base, g.x0))]
