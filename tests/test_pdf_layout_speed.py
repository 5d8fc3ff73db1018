"""The page layout's shortcuts give the same answers as the glyph-by-glyph forms they replaced:
duplicate glyphs found by one sort of the page, rows placed one run of equal glyphs at a time,
lines whose gaps are tested in one pass before being split into segments, and the other scans
replaced by C-level or numpy passes (form labels, gutter runs, intervals, table columns, shingles, medians)."""

from __future__ import annotations

import math
import re
import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.ingest.pdf import looks_like_form
from briefparse.ingest.pdf_layout import (
    Glyph,
    Line,
    _intervals,
    _open_runs,
    _open_runs_by_step,
    _pieces_of,
    _segment_runs,
    by_base_then_x,
    cluster_rows,
    dedupe,
    median_of,
    run_groups,
)
from briefparse.ingest.pdf_ornaments import _shingles


def _dedupe_by_glyph(glyphs: list[Glyph]) -> list[Glyph]:
    """Every glyph's spot computed and checked in stream order."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Glyph] = []
    last = None
    for g in glyphs:
        key = (g.text, int(g.x0 * 2 + 0.5), int(g.base * 2 + 0.5))
        if key in seen and key != last:
            continue
        seen.add(key)
        out.append(g)
        last = key
    return out


def _rows_by_glyph(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Each glyph placed on its own against the row being built."""
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
    return [r for r in rows if not all(g.text.isspace() for g in r)]


# few distinct positions and sizes, so glyphs collide, share baselines and overlap often
COORD = st.sampled_from([0.0, 0.2, 0.25, 0.5, 0.74, 1.0, 3.0, 3.1, 10.0, 10.2, 12.0, -0.3, -1.0])
SIZE = st.sampled_from([0.0, -1.0, 1e-300, 2.0, 6.0, 10.0, 10.0, 12.0])
GLYPH = st.builds(Glyph, st.sampled_from(["a", "b", "f", " ", "1"]), COORD, COORD, COORD, SIZE)


@settings(max_examples=500, deadline=None)
@given(st.lists(GLYPH, max_size=40))
def test_dedupe_drops_what_the_glyph_by_glyph_form_drops(glyphs: list[Glyph]) -> None:
    assert dedupe(glyphs) == _dedupe_by_glyph(glyphs)


def test_dedupe_keeps_ligature_neighbours_and_drops_overprints() -> None:
    f = Glyph("f", 10.0, 14.0, 50.0, 10.0)
    i = Glyph("i", 14.0, 17.0, 50.0, 10.0)
    assert dedupe([f, f, f, i]) == [f, f, f, i]  # "ffi" as three glyphs at one spot in a row
    assert dedupe([f, i, f._replace(x0=10.1)]) == [f, i]  # the f printed again a little to the right


def test_dedupe_of_huge_coordinates_keeps_distinct_glyphs() -> None:
    a = Glyph("a", 3.0e8, 3.0e8 + 5, 1.0e9, 10.0)
    b = a._replace(x0=3.0e8 + 1)
    assert dedupe([a, b, a]) == [a, b]


@settings(max_examples=500, deadline=None)
@given(st.lists(GLYPH, max_size=40))
def test_rows_are_those_of_the_glyph_by_glyph_form(glyphs: list[Glyph]) -> None:
    assert cluster_rows(glyphs) == _rows_by_glyph(glyphs)


@settings(max_examples=500, deadline=None)
@given(st.lists(GLYPH, max_size=30), st.sets(st.integers(0, 29), max_size=4), st.sampled_from([0.5, 2.0, 15.0]))
def test_segment_runs_are_the_glyph_by_glyph_groups(glyphs: list[Glyph], sups: set[int], seg_gap: float) -> None:
    gs = sorted(glyphs, key=lambda g: (g.x0, g.base))
    space = [g.text.isspace() for g in gs]
    sups = {i for i in sups if i < len(gs)}
    want = [([gs[i] for i in idx], {k for k, i in enumerate(idx) if i in sups}, [space[i] for i in idx])
            for idx in run_groups(gs, space, sups, seg_gap)]
    ink = [g for g in gs if not g.text.isspace()]
    assert _segment_runs(gs, space, sups, seg_gap, ink, [g.x0 for g in ink], [g.x1 for g in ink]) == want


def _form_by_ink(rows: list[list[Glyph]]) -> bool:
    """The form pre-test on the ink glyphs joined, with no look at the text holding its spaces."""
    joined = "".join(g.text for r in rows for g in r if not g.text.isspace())
    return len(re.findall(r"\d[a-f]?\.[A-Z]{4}", joined)) >= 8


# field labels whole, with spaces or tabs inside, or broken, among stray characters; one glyph per character
FORM_TEXT = st.lists(st.sampled_from(["1a.NUMB", "2.CONT", "1 a . N U M B", "3.\tDATE", "4a.", "AB", "9", "x", " "]),
                     max_size=30)


@settings(max_examples=400, deadline=None)
@given(st.lists(FORM_TEXT, max_size=5))
def test_form_pretest_agrees_with_the_ink_only_count(texts: list[list[str]]) -> None:
    rows = [[Glyph(ch, 0.0, 1.0, 10.0, 10.0) for token in row for ch in token] for row in texts]
    assert looks_like_form(rows) == _form_by_ink(rows)


def test_form_pretest_finds_labels_set_with_spaces() -> None:
    row = [Glyph(t, 0.0, 1.0, 10.0, 10.0) for t in "1 2a. CONT 3. DATE " * 4]
    assert looks_like_form([row])


def _intervals_by_glyph(row: list[Glyph], gap: float) -> list[tuple[float, float]]:
    """Each glyph extends the last interval or opens one, the interval rewritten every time."""
    out: list[tuple[float, float]] = []
    lo = hi = 0.0
    for g in sorted([g for g in row if not g.text.isspace()], key=lambda g: g.x0):
        if out and g.x0 - hi <= gap:
            if g.x1 > hi:
                hi = g.x1
                out[-1] = (lo, hi)
        else:
            lo, hi = g.x0, g.x1
            out.append((lo, hi))
    return out


@settings(max_examples=500, deadline=None)
@given(st.lists(GLYPH, max_size=30), st.sampled_from([0.5, 2.0, 10.0]))
def test_intervals_are_those_of_the_glyph_by_glyph_form(row: list[Glyph], gap: float) -> None:
    assert _intervals(row, gap) == _intervals_by_glyph(row, gap)


def test_shingles_are_every_run_of_four_words() -> None:
    words = ["the", "quick", "brown", "fox", "jumps"]
    assert _shingles(" ".join(words)) == {tuple(words[i:i + 4]) for i in range(2)}
    assert _shingles("too short here") == set()


@settings(max_examples=300, deadline=None)
@given(st.lists(GLYPH, max_size=20), st.lists(COORD, min_size=1, max_size=5), st.booleans())
def test_split_at_puts_each_glyph_after_the_last_start_left_of_it(glyphs: list[Glyph], starts: list[float],
                                                                  ordered: bool) -> None:
    starts = sorted(starts) if ordered else starts
    gs = sorted(glyphs, key=lambda g: (g.x0, g.base))
    line = Line(1, [], 0.0, 0.0, 0.0, 10.0, False, glyphs=gs)
    want: list[list[Glyph]] = [[] for _ in starts]
    for g in gs:
        want[max((c for c, x in enumerate(starts) if x <= g.x0 + 1.5), default=0)].append(g)
    got = line.split_at(starts)
    assert ["".join(t for t, _ in ps) for ps in got] == ["".join(t for t, _ in _pieces_of(w, set())) for w in want]


@settings(max_examples=400, deadline=None)
@given(st.floats(-50, 50), st.lists(st.integers(-2, 2), max_size=40), st.lists(COORD, max_size=12),
       st.lists(COORD, max_size=12), st.integers(0, 3), st.sampled_from([0, 1, 2.5, 3]))
def test_gutter_runs_found_at_once_are_those_found_step_by_step(x0: float, cover: list[int], ends: list[float],
                                                               starts: list[float], limit: int, need: float) -> None:
    ends, starts = sorted(ends), sorted(starts)
    args = (x0, cover, ends, starts, limit, need)
    assert _open_runs(*args) == _open_runs_by_step(*args)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([0.0, -0.0, 1.5, 2.0, 2, float("inf")]), min_size=1, max_size=7))
def test_median_is_the_statistics_median_value_and_type(values: list[float]) -> None:
    got, want = median_of(values), statistics.median(values)
    assert (got, type(got), math.copysign(1, got)) == (want, type(want), math.copysign(1, want))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["aid", "loan", "bank", "Belt", "road", "the", "of"]), max_size=14),
       st.sets(st.sampled_from(["aid", "loan", "bank", "belt", "road", "the", "zzz"])))
def test_shingles_from_chosen_first_words_are_the_matching_part_of_all(words: list[str], firsts: set[str]) -> None:
    text = " ".join(words)
    assert _shingles(text, firsts) == {sh for sh in _shingles(text) if sh[0] in firsts}


TIED = st.sampled_from([0.0, -0.0, 1.5, 2.0, 72.25, 72.25000000000001, 700.0])


@settings(max_examples=60)
@given(st.lists(st.builds(Glyph, st.sampled_from(["a", "b", " "]), TIED, TIED, TIED, SIZE), min_size=64, max_size=300))
def test_page_sort_by_base_then_x_is_pythons_sort(glyphs: list[Glyph]) -> None:
    """Many ties (and -0.0 beside 0.0): the numpy sort keeps them in stream order, as sorted() does."""
    got = by_base_then_x(glyphs)
    want = sorted(glyphs, key=lambda g: (g.base, g.x0))
    assert [id(g) for g in got] == [id(g) for g in want]


def test_page_sort_with_a_coordinate_that_is_not_a_number_is_pythons_sort() -> None:
    glyphs = [Glyph("a", float(k % 7), 0.0, float(k % 5), 10.0) for k in range(80)]
    glyphs[40] = Glyph("x", math.nan, 0.0, 2.0, 10.0)
    got = by_base_then_x(glyphs)
    assert [id(g) for g in got] == [id(g) for g in sorted(glyphs, key=lambda g: (g.base, g.x0))]
