"""The per-page counts taken in C (ink sizes for the body size, the largest size for drop caps, ink and unmapped
glyphs, turned glyphs) are the Python passes' answers, key order and float objects included, for pages with
mixed sizes, signed zeros, NaN sizes (one object shared or several), int sizes, spaces and unmapped glyphs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.ingest import pdf, pdf_layout
from briefparse.ingest.pdf_layout import Glyph

NAN = float("nan")
SIZE = st.one_of(st.sampled_from([6.0, 9.96, 10.0, 10.04, 10.05, 0.0, -0.0, float("inf"), NAN, 10, 0]),
                 st.just(0.0).map(lambda _: float("nan")))  # a NaN of its own, not the shared one
TEXT = st.sampled_from(["a", "1", " ", "\u3000", "\ufffd", "\x00", "\t", "中"])
PAGE_GLYPH = st.builds(Glyph, TEXT, st.just(0.0), st.just(1.0), st.just(100.0), SIZE, st.booleans(),
                       st.sampled_from([0, 0, 0, 1, 3]))


@contextmanager
def python_loops() -> Iterator[None]:
    """The Python forms, as where the extension is not built."""
    native = pdf_layout.native_loops
    pdf_layout.native_loops = lambda: None  # type: ignore[assignment]
    old = pdf.native_loops
    pdf.native_loops = lambda: None  # type: ignore[assignment]
    try:
        yield
    finally:
        pdf_layout.native_loops = native
        pdf.native_loops = old


def both(f: Callable[[], Any]) -> tuple[Any, Any]:
    if pdf_layout.native_loops() is None:
        pytest.skip("the extension is not built here")
    got = f()
    with python_loops():
        want = f()
    return got, want


def _items(c: dict[Any, int]) -> list[tuple[str, int]]:
    return [(f"{type(k).__name__}:{k!r}", n) for k, n in c.items()]


@settings(max_examples=600, deadline=None)
@given(st.lists(PAGE_GLYPH, max_size=30))
def test_ink_size_counts_are_the_python_counts(glyphs: list[Glyph]) -> None:
    got, want = both(lambda: pdf_layout._size_counts(glyphs))
    assert _items(got) == _items(want)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(PAGE_GLYPH, max_size=12), max_size=3))
def test_body_size_is_the_python_one(pages: list[list[Glyph]]) -> None:
    raw = [pdf_layout.RawPage(k + 1, 600.0, 800.0, gs) for k, gs in enumerate(pages)]
    got, want = both(lambda: pdf_layout.body_size(raw))
    assert f"{type(got).__name__}:{got!r}" == f"{type(want).__name__}:{want!r}"


@settings(max_examples=600, deadline=None)
@given(st.lists(PAGE_GLYPH, max_size=20))
def test_largest_size_is_max_of_the_sizes(glyphs: list[Glyph]) -> None:
    got, want = both(lambda: pdf_layout.largest_size(glyphs))
    assert got is want or (type(got), repr(got)) == (type(want), repr(want))
    assert want is max((g.size for g in glyphs), default=want)


@settings(max_examples=600, deadline=None)
@given(st.lists(PAGE_GLYPH, max_size=30))
def test_text_and_turned_counts_are_the_python_ones(glyphs: list[Glyph]) -> None:
    got, want = both(lambda: (pdf.text_counts(glyphs), [id(g) for g in pdf.turned_glyphs(glyphs)],
                              [id(g) for g in pdf.upright(glyphs)]))
    assert got == want
    texts = Counter(g.text for g in glyphs)
    assert got[0] == (sum(not g.text.isspace() for g in glyphs), texts["\ufffd"] + texts["\x00"])


def test_counts_of_a_page_with_a_shared_nan_size_and_signed_zeros() -> None:
    page = [Glyph("a", 0.0, 1.0, 1.0, NAN), Glyph("b", 0.0, 1.0, 1.0, NAN), Glyph(" ", 0.0, 1.0, 1.0, 9.0),
            Glyph("c", 0.0, 1.0, 1.0, float("nan")), Glyph("d", 0.0, 1.0, 1.0, -0.0), Glyph("e", 0.0, 1.0, 1.0, 0.0),
            Glyph("f", 0.0, 1.0, 1.0, 10.04), Glyph("g", 0.0, 1.0, 1.0, 9.96), Glyph("h", 0.0, 1.0, 1.0, NAN)]
    got, want = both(lambda: pdf_layout._size_counts(page))
    assert _items(got) == _items(want) == [("float:nan", 3), ("float:nan", 1), ("float:-0.0", 2), ("float:10.0", 2)]


def test_a_non_text_glyph_is_refused_by_both_forms() -> None:
    page = [Glyph(7, 0.0, 1.0, 1.0, 10.0)]  # type: ignore[arg-type]
    if pdf_layout.native_loops() is None:
        pytest.skip("the extension is not built here")
    with pytest.raises((TypeError, AttributeError)):
        pdf_layout._size_counts(page)
    with pytest.raises((TypeError, AttributeError)):
        pdf.text_counts(page)


HALF = pdf_layout._HALF_POINTS_LIMIT / 2  # coordinates whose half points come near the limit of the packed key
SPOT = st.sampled_from([0.0, -0.0, 0.2, 0.24, 0.26, -0.26, -0.3, 1.0, 72.5, 612.0, -5e3, HALF - 1.0, -HALF + 1.0,
                        HALF - 0.26, -(HALF - 0.26)])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.builds(Glyph, st.just("a"), SPOT, st.just(1.0), SPOT, st.just(10.0)), min_size=2, max_size=200))
def test_shared_positions_counted_by_hash_are_the_sorted_ones(glyphs: list[Glyph]) -> None:
    """Spots shared by two or more glyphs (a page-sized list, signed zeros, coordinates near the key's limit):
    the C hash count finds what the numpy sort finds."""
    got, want = both(lambda: pdf_layout._shared_positions(glyphs))
    assert got == want
    assert want is not None
    spots = Counter((int(g.x0 * 2 + 0.5), int(g.base * 2 + 0.5)) for g in glyphs)
    assert want == [i for i, g in enumerate(glyphs) if spots[int(g.x0 * 2 + 0.5), int(g.base * 2 + 0.5)] > 1]
