"""The foot reader's row facts (largest ink size, main size, median ink baseline, ink count), read once per
row in C, are what the Python helpers give for any row: mixed sizes, ties, rows of spaces, signed zeros,
NaN and infinite sizes or baselines, sizes that are ints."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.ingest import pdf_layout, pdf_notes
from briefparse.ingest.pdf_layout import Glyph
from briefparse.ingest.pdf_notes import RowFacts

NAN = float("nan")  # one object: rows may hold the same NaN in several glyphs, as a text object's glyphs share it
FSIZE = st.sampled_from([6.0, 6.0, 6.04, 6.05, 9.96, 10.0, 10.0, 10.04, 0.0, -0.0, float("inf"), NAN])
FBASE = st.sampled_from([100.0, 100.0, 96.0, 104.5, 0.0, -0.0, float("-inf"), NAN])
TEXT = st.sampled_from(["a", "1", "2", " ", "\u3000", "中", "."])
FOOT_GLYPH = st.builds(Glyph, TEXT, st.sampled_from([0.0, 3.0, 7.5]), st.sampled_from([2.0, 9.0]), FBASE, FSIZE)
ODD_GLYPH = st.builds(Glyph, TEXT, st.just(0.0), st.just(1.0), st.sampled_from([100.0, 100]), st.sampled_from([6.0, 6, 10]))


def _reference(row: list[Glyph]) -> tuple[object, ...]:
    """Each fact from the helpers glyph by glyph (repr: signed zeros and NaN told apart; errors as their type)."""
    def get(f: object) -> str:
        try:
            v = f()  # type: ignore[operator]
        except Exception as e:  # noqa: BLE001 — the error itself is the answer to compare
            return type(e).__name__
        return f"{type(v).__name__}:{v!r}"
    return (get(lambda: pdf_notes._ink_max(row)), get(lambda: pdf_notes._row_size(row)),
            get(lambda: pdf_notes._base(row)), sum(not g.text.isspace() for g in row))


def _facts(row: list[Glyph]) -> tuple[object, ...]:
    facts = RowFacts()

    def get(f: object) -> str:
        try:
            v = f()  # type: ignore[operator]
        except Exception as e:  # noqa: BLE001
            return type(e).__name__
        return f"{type(v).__name__}:{v!r}"
    return (get(lambda: facts.ink_max(row)), get(lambda: facts.size(row)), get(lambda: facts.base(row)),
            facts.ink(row))


@settings(max_examples=800, deadline=None)
@given(st.lists(FOOT_GLYPH, max_size=12))
def test_row_facts_are_the_helpers_answers(row: list[Glyph]) -> None:
    if pdf_layout.native_loops() is None:
        pytest.skip("the extension is not built here")
    assert _facts(row) == _reference(row)


@settings(max_examples=300, deadline=None)
@given(st.lists(ODD_GLYPH, max_size=8))
def test_row_facts_with_int_sizes_or_baselines_are_the_helpers_answers(row: list[Glyph]) -> None:
    assert _facts(row) == _reference(row)


def test_a_row_of_a_note_call_and_its_text_has_the_texts_size_and_baseline() -> None:
    row = [Glyph("7", 0.0, 3.0, 96.0, 6.0)] + [Glyph(c, 4.0 + k, 5.0 + k, 100.0, 9.96) for k, c in enumerate("Ibid.")]
    facts = RowFacts()
    assert (facts.ink_max(row), facts.size(row), facts.base(row), facts.ink(row)) == (9.96, 10.0, 100.0, 6)
    native = pdf_layout.native_loops()
    if native is not None:
        assert native.row_stats(row)[1] == {6.0: 1, 9.96: 5}  # the counts, rounded by Python afterwards


def test_the_mode_of_rounded_sizes_takes_the_first_seen_on_a_tie() -> None:
    # 6.04 and 5.96 both round to 6.0; 10.0 and 6.0 tie at two: the first seen wins, as statistics.mode does
    row = [Glyph("a", 0.0, 1.0, 100.0, s) for s in (10.0, 6.04, 5.96, 10.0)]
    assert RowFacts().size(row) == statistics.mode([10.0, 6.0, 6.0, 10.0]) == 10.0
    row = [Glyph("a", 0.0, 1.0, 100.0, s) for s in (6.04, 10.0, 5.96, 10.0)]
    assert RowFacts().size(row) == 6.0


def test_a_row_of_spaces_has_no_size_and_no_baseline() -> None:
    row = [Glyph(" ", 0.0, 1.0, 100.0, 10.0)]
    facts = RowFacts()
    assert (facts.ink_max(row), facts.size(row), facts.ink(row)) == (0.0, 0.0, 0)
    with pytest.raises(statistics.StatisticsError):
        facts.base(row)


def test_facts_are_read_once_per_row_and_not_for_another_row(monkeypatch: pytest.MonkeyPatch) -> None:
    native = pdf_layout.native_loops()
    if native is None:
        pytest.skip("the extension is not built here")
    calls: list[int] = []

    class Counting:
        def row_stats(self, row: list[Glyph]) -> object:
            calls.append(len(row))
            return native.row_stats(row)

    monkeypatch.setattr(pdf_notes, "native_loops", lambda: Counting())
    facts = RowFacts()
    a = [Glyph("a", 0.0, 1.0, 100.0, 10.0)]
    b = [Glyph("b", 0.0, 1.0, 90.0, 8.0), Glyph("c", 1.0, 2.0, 90.0, 8.0)]
    assert (facts.size(a), facts.base(a), facts.ink_max(a), facts.size(b), facts.base(b)) == (10.0, 100.0, 10.0, 8.0, 90.0)
    assert calls == [1, 2]


def test_without_the_extension_the_helpers_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_notes, "native_loops", lambda: None)
    row = [Glyph("7", 0.0, 3.0, 96.0, 6.0), Glyph("a", 4.0, 5.0, 100.0, 10.0), Glyph("b", 5.0, 6.0, 100.0, 10.0)]
    assert _facts(row) == _reference(row) == ("float:10.0", "float:10.0", "float:100.0", 3)
