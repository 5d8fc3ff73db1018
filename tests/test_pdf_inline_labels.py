"""``inline_labels`` with its cheap first search (a closing mark, space and digit before the lookbehind pattern
is tried) and the text before a raised digit joined only when the digit could be the label: the same labels
as the form that searches every piece."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.ingest.pdf_layout import Piece
from briefparse.ingest.pdf_notes import inline_labels

_EVERY_PIECE = re.compile("")  # a hint that finds something in every piece: the form that searches them all


BITS = ["2", "3", "12", "٣", "1234", " ", "  ", "\u00a0", "\t", ".", ")", ">", "]", '"', "”", "’", "“", "(", "[",
        "Ibid", "See", "p.", "June", "no.", "x", "A", "—"]
SPACE = st.sampled_from([" ", "  ", "\u00a0", "\t", "\u2003", ""])
# a note's end, space, a number, space and the next note's start: the shape of a label, mostly
LABEL = st.tuples(st.sampled_from([".", ")", ">", "]", '"', "”", "’", "‘", ",", "x", "no."]), SPACE,
                  st.sampled_from(["2", "3", "12", "٣", "1234"]), SPACE,
                  st.sampled_from(['"', "“", "‘", "„", "(", "[", "A", "Z", "a", "1"])).map("".join)
TEXT = st.lists(st.one_of(st.sampled_from(BITS), LABEL), max_size=8).map("".join)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(TEXT, st.booleans()), max_size=5), st.sampled_from([1, 2, 3, 12]))
def test_inline_labels_are_the_full_searchs(pieces: list[Piece], expected: int) -> None:
    assert inline_labels(pieces, expected) == inline_labels(pieces, expected, hint=_EVERY_PIECE)


def test_labels_after_a_full_stop_and_a_closing_quote_are_found() -> None:
    assert inline_labels([("Reuters, June 2019. 3 Ibid. ” 4 See", False)], 3) == [(0, 20, 3), (0, 30, 4)]
    assert inline_labels([("Reuters.", False), ("3", True), ("Ibid.", False)], 3) == [(1, 0, 3)]
