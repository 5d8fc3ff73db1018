"""The look-ups that keep long documents linear give the same answers as the plain scans they
replaced: bounded backward word walks, bisected span indexes, and the PDF line builder."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.extract.dates import _NoteIndex
from briefparse.extract.figures import _Taken, overlaps
from briefparse.ingest.pdf_layout import Glyph, _pieces_of, _space_between, letter_gap
from briefparse.notes.find import Furniture
from briefparse.records import Block, Document, Endnote, Marker, PageSpan
from briefparse.segments import Regions, Segmentation
from briefparse.terms.abbreviations import _word_before, _words_backwards

CHUNKS = st.lists(st.sampled_from(["A", "b", "Z", " ", "  ", "\n", "'", "”", ".", "&", "1", "Ministry", "of", "(",
                                   ",", "\u3000", "\t", "US$"]), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(CHUNKS, st.data())
def test_backward_word_walk_matches_finditer(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(lo, len(text)))
    chunk = data.draw(st.integers(1, 9))
    expected = [(lo + m.start(), lo + m.end()) for m in re.finditer(r"\S+", text[lo:end])][::-1]
    assert list(_words_backwards(text, lo, end, chunk)) == expected


@settings(max_examples=300, deadline=None)
@given(CHUNKS, st.data())
def test_word_before_matches_the_anchored_search(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(lo, len(text)))
    m = re.search(r"([A-Za-z0-9&.]+)[’'\"”]?\s*$", text[lo:end])
    assert _word_before(text, lo, end) == ((lo + m.start(1), lo + m.end(1)) if m else None)


SPANS = st.lists(st.tuples(st.integers(0, 80), st.integers(1, 12)).map(lambda t: (t[0], t[0] + t[1])), max_size=25)


@settings(max_examples=200, deadline=None)
@given(SPANS, st.integers(0, 95), st.integers(0, 10))
def test_taken_spans_answer_like_a_scan(spans: list[tuple[int, int]], a: int, width: int) -> None:
    taken, plain = _Taken(), list[tuple[int, int]]()
    for s, e in spans:  # claim spans the way find_zh_dates does: only those that overlap nothing yet
        if not taken.overlaps(s, e):
            assert not overlaps(s, e, plain)
            taken.add(s, e)
            plain.append((s, e))
        else:
            assert overlaps(s, e, plain)
    assert taken.overlaps(a, a + width) == overlaps(a, a + width, plain)


@settings(max_examples=200, deadline=None)
@given(SPANS, st.integers(0, 95))
def test_furniture_blocks_are_found_by_bisection(spans: list[tuple[int, int]], pos: int) -> None:
    blocks = [Block("furniture", s, e) for s, e in spans]
    ordered = sorted(spans)
    reach: list[int] = []
    for _, e in ordered:
        reach.append(max(reach[-1], e) if reach else e)
    furniture = Furniture(set(), [s for s, _ in ordered], reach)
    assert furniture.covers(pos) == any(b.start <= pos < b.end for b in blocks)


@settings(max_examples=200, deadline=None)
@given(SPANS, st.integers(0, 95))
def test_note_index_finds_the_first_note_holding_an_offset(spans: list[tuple[int, int]], pos: int) -> None:
    notes = [Endnote(doc_id="d", n=i + 1, raw="", start=s, end=e) for i, (s, e) in enumerate(spans)]
    expected = next((e for e in notes if e.start <= pos < max(e.end, e.start + 1)), None)
    assert _NoteIndex(notes).holding(pos) is expected
    notes.sort(key=lambda e: e.start)
    expected = next((e for e in notes if e.start <= pos < max(e.end, e.start + 1)), None)
    assert _NoteIndex(notes).holding(pos) is expected


def _marker(notes: list[int], start: int, end: int) -> Marker:
    return Marker(doc_id="d", notes=notes, raw="", style="caret", context="", kind="sentence", label=None,
                  section=None, start=start, end=end)


def test_call_index_matches_scans_over_every_call() -> None:
    from briefparse.extract.quantities import _Calls

    doc = Document(doc_id="d", path="d", sha256="", media_type="text/plain", text="x" * 200,
                   superscripts=[(50, 52), (10, 11), (120, 123)])
    markers = [_marker([3], 120, 123), _marker([1, 2], 10, 11), _marker([2], 60, 61)]
    calls = _Calls(doc, markers)
    for a, b in [(0, 200), (10, 60), (11, 120), (0, 10), (60, 60)]:
        plain = [(s - a, e - a) for s, e in doc.superscripts if a <= s < b]
        plain += [(m.start - a, m.end - a) for m in markers if a <= m.start < b]
        assert calls.spans_in(a, b) == sorted(plain)
        notes: list[int] = []
        for m in markers:
            if a <= m.start < b + 1:
                notes.extend(n for n in m.notes if n not in notes)
        assert calls.notes_in(a, b) == notes


def test_page_and_section_lookups() -> None:
    doc = Document(doc_id="d", path="d", sha256="", media_type="application/pdf", text="x" * 30,
                   page_spans=[PageSpan(0, 10, 1), PageSpan(10, 20, 2), PageSpan(20, 30, 3)])
    assert [doc.page_at(o) for o in (0, 9, 10, 29, 35)] == [1, 1, 2, 3, 3]
    seg = Segmentation(text=doc.text, blocks=[], regions=Regions(), sections=[(5, "A"), (15, "B")])
    assert [seg.section_at(o) for o in (0, 5, 14, 15, 29)] == [None, "A", "A", "B", "B"]


def _pieces_reference(gs: list[Glyph], sups: set[int]) -> list[tuple[str, bool]]:
    """The piece builder as first written (string concatenation per glyph), with the line's letter gap."""
    out: list[tuple[str, bool]] = []
    letters = letter_gap(gs, [g.text.isspace() for g in gs])
    prev: Glyph | None = None
    pending = False
    for i, g in enumerate(gs):
        if g.text.isspace():
            pending = prev is not None
            continue
        sup = i in sups
        if prev is not None and not sup and (pending or _space_between(prev, g, letters)):
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


GLYPH = st.tuples(st.sampled_from(["a", "B", "1", "2", " ", "中", "文", "."]), st.floats(0, 12), st.floats(0.5, 8),
                  st.sampled_from([6.0, 10.0, 12.0]))


@settings(max_examples=300, deadline=None)
@given(st.lists(GLYPH, max_size=20), st.data())
def test_pieces_match_the_reference(parts: list[tuple[str, float, float, float]], data: st.DataObject) -> None:
    x, gs = 0.0, []
    for text, gap, width, size in parts:
        x += gap
        gs.append(Glyph(text, x, x + width, 700.0, size))
        x += width
    sups = set(data.draw(st.lists(st.integers(0, max(len(gs) - 1, 0)), max_size=4)))
    assert _pieces_of(gs, sups) == _pieces_reference(gs, sups)
    assert _pieces_of(gs, sups, [g.text.isspace() for g in gs]) == _pieces_reference(gs, sups)
