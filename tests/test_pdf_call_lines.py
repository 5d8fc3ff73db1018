"""Lines with raised note calls take shortcuts that must give the glyph-by-glyph answers: call runs found
from the raised glyphs alone, and a line whose gaps are all narrow kept as one run without grouping glyph by
glyph, calls or not (leading spaces dropped, call indices shifted with them)."""

from __future__ import annotations

import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.ingest.pdf_layout import CALL_RE, Glyph, _segment_runs, _sup_flags, run_groups

X = st.sampled_from([0.0, 1.0, 2.0, 2.5, 4.0, 9.0, 30.0, -1.0, float("nan")])
CALL_GLYPH = st.builds(Glyph, st.sampled_from(["1", "2", "a", " ", ",", "*", "–"]), X, X,
                       st.sampled_from([100.0, 100.0, 96.0, 97.5, float("nan")]),
                       st.sampled_from([10.0, 10.0, 6.0, 6.5, 9.5, 0.0]))


def _sup_flags_by_glyph(gs: list[Glyph], size: float, space: list[bool]) -> set[int]:
    """The call runs found by walking every glyph (the form before the shortcut)."""
    mains = [g.base for g, sp in zip(gs, space, strict=True) if not sp and abs(g.size - size) < 0.3]
    if not mains:
        return set()
    base = statistics.median(mains)
    raised = {i for i, g in enumerate(gs) if g.size < 0.9 * size and not space[i] and base - g.base > 0.1 * size}
    out: set[int] = set()
    i = 0
    while i < len(gs):
        if i not in raised:
            i += 1
            continue
        j = i
        while j + 1 < len(gs) and (j + 1 in raised or (space[j + 1] and j + 2 in raised)):
            j += 1
        if CALL_RE.match("".join(g.text for g in gs[i:j + 1]).strip()):
            out.update(range(i, j + 1))
        i = j + 1
    return out


@settings(max_examples=800, deadline=None)
@given(st.lists(CALL_GLYPH, max_size=25), st.sampled_from([10.0, 6.0, 9.5]))
def test_call_runs_from_the_raised_glyphs_are_the_glyph_by_glyph_ones(gs: list[Glyph], size: float) -> None:
    space = [g.text.isspace() for g in gs]
    assert _sup_flags(gs, size, space) == _sup_flags_by_glyph(gs, size, space)


def test_calls_split_by_a_space_are_one_run_and_a_letter_is_not_a_call() -> None:
    gs = [Glyph("a", 0.0, 5.0, 100.0, 10.0), Glyph("1", 5.0, 8.0, 96.0, 6.0), Glyph(" ", 8.0, 9.0, 96.0, 6.0),
          Glyph("2", 9.0, 12.0, 96.0, 6.0), Glyph("b", 13.0, 18.0, 100.0, 10.0), Glyph("x", 18.0, 21.0, 96.0, 6.0)]
    assert _sup_flags(gs, 10.0, [g.text.isspace() for g in gs]) == {1, 2, 3}


def _runs_by_glyph(gs: list[Glyph], space: list[bool], sups: set[int], seg_gap: float) -> list[object]:
    return [([gs[i] for i in idx], {k for k, i in enumerate(idx) if i in sups}, [space[i] for i in idx])
            for idx in run_groups(gs, space, sups, seg_gap)]


@settings(max_examples=800, deadline=None)
@given(st.lists(CALL_GLYPH, max_size=20), st.sets(st.integers(0, 19), max_size=6), st.sampled_from([0.5, 3.0, 50.0]))
def test_runs_of_a_line_with_calls_are_the_glyph_by_glyph_groups(gs: list[Glyph], sups: set[int],
                                                                 seg_gap: float) -> None:
    gs = sorted(gs, key=lambda g: (g.x0, g.base)) if all(g.x0 == g.x0 for g in gs) else gs
    space = [g.text.isspace() for g in gs]
    sups = {i for i in sups if i < len(gs)}
    ink = [g for g in gs if not g.text.isspace()]
    got = _segment_runs(gs, space, sups, seg_gap, ink, [g.x0 for g in ink], [g.x1 for g in ink])
    assert got == _runs_by_glyph(gs, space, sups, seg_gap)


def test_a_call_line_after_leading_spaces_is_one_run_with_its_calls_shifted() -> None:
    gs = [Glyph(" ", 0.0, 1.0, 100.0, 10.0), Glyph(" ", 1.0, 2.0, 100.0, 10.0), Glyph("7", 2.0, 4.0, 96.0, 6.0),
          Glyph("N", 4.5, 9.0, 100.0, 10.0), Glyph("o", 9.0, 14.0, 100.0, 10.0)]
    space = [g.text.isspace() for g in gs]
    ink = gs[2:]
    for sups in ({2}, {0, 2}):  # (a space index among the calls belongs to no run)
        got = _segment_runs(gs, space, sups, 15.0, ink, [g.x0 for g in ink], [g.x1 for g in ink])
        assert got == _runs_by_glyph(gs, space, sups, 15.0) == [(gs[2:], {0}, [False, False, False])]
