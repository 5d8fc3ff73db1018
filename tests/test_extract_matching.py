"""The Matcher run around anchor tokens finds exactly what it finds over the whole text."""

from __future__ import annotations

from typing import Any

import briefparse.extract.dates as dates
import briefparse.extract.quantities as quantities
from briefparse.extract.matching import anchors_of, find_matches, windows
from briefparse.text.tokens import spacy_doc, tokenize

LONG = ("The committee met again after a long pause and talked about many things that matter to the towns "
        "along the river, then it agreed that spending should rise by 12 percent, to 3.5 billion yuan, while "
        "the old plan had asked for twice as much over the years that followed the reform and for half of the "
        "land to stay farmland; it ended on March 3, 2021 and nobody spoke of it again for a very long while.")


def _all(matcher: object, doc: object) -> list[tuple[int, int, int]]:
    return sorted(tuple(m) for m in matcher(doc))  # type: ignore[operator]


def test_windowed_matches_equal_whole_text_matches() -> None:
    doc = spacy_doc(tokenize(LONG))
    for mod in (quantities, dates):
        got = sorted(find_matches(mod.matcher(), doc, mod.anchors()))
        assert got == _all(mod.matcher(), doc)
        assert got  # the sentence has figures and a date, so the comparison is not vacuous


def test_windows_leave_out_text_far_from_anchors() -> None:
    doc: Any = spacy_doc(tokenize(LONG))
    anchors = quantities.anchors()
    assert anchors is not None
    hits = [i for i, t in enumerate(doc) if t.norm_ in ("<NUM>", "<YEAR>")]
    spans = windows(hits, len(doc), anchors.span)
    assert sum(b - a for a, b in spans) < len(doc)
    assert spans[0][0] > 0  # the opening words hold no number


def test_patterns_without_a_bounded_length_are_matched_whole() -> None:
    assert anchors_of({"X": [[{"NORM": "<NUM>"}, {"LOWER": "and", "OP": "+"}]]}) is None
    assert anchors_of({"X": [[{"LOWER": "a", "OP": "?"}]]}) is None


def test_anchor_prefers_number_classes_over_common_words() -> None:
    anchors = anchors_of({"R": [[{"LOWER": "ratio"}, {"LOWER": "of"}, {"NORM": "<NUM>"}]]})
    assert anchors is not None and anchors.sets == {"NORM": {"<NUM>"}}
