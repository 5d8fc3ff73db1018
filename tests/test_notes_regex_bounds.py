"""Patterns anchored at the end, searched the short way (from near the end, or only when the text can match),
give what a search of the whole text gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.citations.tagger import _abbrev_end
from briefparse.notes.parse import _PLACE_PUB_END

_ABBREV = r"(?:^|[\s.])([A-Za-z]{1,2}|al|Jr|Sr|Inc|Ltd|Co)\.$"
_PIECES = st.sampled_from(["a", "B", "Jr", "al", "Inc", "Ltd", "Co", "Sr", "xyz", ".", " ", "\n", "\u2003", ",", "é",
                           "E. C", "et al", "(", "1"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PIECES, max_size=10).map("".join), st.data())
def test_abbreviation_at_the_end_as_a_whole_search(text: str, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert _abbrev_end(text, a, b) == bool(re.search(_ABBREV, text[a:b]))


def test_abbreviation_known_cases() -> None:
    for text, want in [("E. C.", True), ("Smith Jr.", True), ("et al.", True), ("Acme Inc.", True), ("Jr.", True),
                       ("a.", True), ("Press.", False), ("xJr.", False), ("Jr.\n", True), (" Inc.\n", True),
                       ("Smith Ltd.\n", True), ("Smithy.", False)]:
        assert _abbrev_end(text, 0, len(text)) is want, text
        assert _abbrev_end("xx " + text, 3, 3 + len(text)) is want, text


_PUB_PIECES = st.sampled_from(["New York", ": ", ":", "Penguin", ",", ", ", " ", "\n", "\u2003", "NY", "D.C.",
                               "Washington", "(", ")", "Press", "2011", "’s", "-", ";"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PUB_PIECES, max_size=10).map("".join))
def test_place_and_publisher_need_a_final_comma(cont: str) -> None:
    if not cont.rstrip().endswith(","):
        assert _PLACE_PUB_END.search(cont) is None
    assert _PLACE_PUB_END.pattern.endswith(r"\s*,\s*$")
