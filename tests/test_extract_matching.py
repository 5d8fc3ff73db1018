"""The Matcher run around anchor tokens finds exactly what it finds over the whole text."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import briefparse.extract.dates as dates
import briefparse.extract.quantities as quantities
from briefparse.extract.matching import anchor_ranges, anchored_matchers, anchors_of, find_matches, prefetch, windows
from briefparse.text.tokens import build_matcher, doc_words, spacy_doc, tokenize, window_doc

LONG = ("The committee met again after a long pause and talked about many things that matter to the towns "
        "along the river, then it agreed that spending should rise by 12 percent, to 3.5 billion yuan, while "
        "the old plan had asked for twice as much over the years that followed the reform and for half of the "
        "land to stay farmland; it ended on March 3, 2021 and nobody spoke of it again for a very long while.")
# matches at the very start and end of the text, and a unit name far from any other number
EDGES = ("Between 10 and 20 kilometres of track were laid, about 300 Hong Kong dollars a metre; a third of "
         "it ran through hills, and the cost tripled from 2015 to 2019 (2019-03-04) to 40 million euros")

# every kind of month date, at the edges and far from other numbers, and a "may" that is no month
DATES = ("September 5–6, 2023 was busy (sales up 40 percent); it may rain. The talks ran from May 30 – June 2, 2022, again in "
         "May–June 2021 and on 5 May 2021 (also Jan. 2020, Q3 2022, the end of 2019 and the 14th Five-Year Plan), "
         "then on March 3, 2024")


def _all(patterns: dict[str, Any], text: str) -> list[tuple[int, int, int]]:
    """Every match of ``patterns`` over the whole text, in one Matcher."""
    return sorted(tuple(m) for m in build_matcher(patterns)(spacy_doc(tokenize(text))))


def test_windowed_matches_equal_whole_text_matches() -> None:
    for text in (LONG, EDGES, DATES):
        for mod in (quantities, dates):
            got = sorted(find_matches(mod.matchers(), tokenize(text)))
            assert got == _all(mod.PATTERNS, text)
            assert got  # the text has figures and dates, so the comparison is not vacuous


def test_windows_leave_out_text_far_from_anchors() -> None:
    tokens = tokenize(LONG)
    anchors = quantities.matchers()[0].anchors
    assert anchors is not None
    spans = windows(anchor_ranges(tokens, anchors), len(tokens.norms))
    assert sum(b - a for a, b in spans) < len(tokens.norms)
    assert spans[0][0] > 0  # the opening words hold no number


def test_windows_are_clipped_sorted_and_merged() -> None:
    assert windows([(8, 12), (-2, 3), (3, 5), (20, 30)], 25) == [(0, 5), (8, 12), (20, 25)]


def test_patterns_without_a_bounded_length_are_matched_whole() -> None:
    assert anchors_of({"X": [[{"NORM": "<NUM>"}, {"LOWER": "and", "OP": "+"}]]}) is None
    assert anchors_of({"X": [[{"LOWER": "a", "OP": "?"}]]}) is None
    parts = anchored_matchers({"X": [[{"LOWER": "a", "OP": "?"}]], "Y": [[{"NORM": "<NUM>"}]]})
    assert len(parts) == 1 and parts[0].anchors is None


def test_anchor_prefers_number_classes_over_common_words() -> None:
    anchors = anchors_of({"R": [[{"LOWER": "ratio"}, {"LOWER": "of"}, {"NORM": "<NUM>"}]]})
    assert anchors is not None and anchors.sets == {"NORM": {"<NUM>": (2, 0)}}  # two tokens before, none after


def test_reach_counts_optional_tokens_and_keeps_the_widest() -> None:
    anchors = anchors_of({"A": [[{"NORM": "<NUM>"}, {"LOWER": "x", "OP": "?"}, {"LOWER": "y"}]],
                          "B": [[{"LOWER": "z"}, {"NORM": "<NUM>"}]]})
    assert anchors is not None and anchors.sets == {"NORM": {"<NUM>": (1, 2)}}


def test_unit_patterns_are_anchored_on_their_unit_word() -> None:
    pats: dict[str, list[list[dict[str, Any]]]] = {"M": [[{"NORM": "<NUM>"}, {"LOWER": {"IN": ["km", "miles"]}}]],
                                                   "P": [[{"NORM": "<NUM>"}, {"LOWER": "percent"}]]}
    parts = anchored_matchers(pats, words_first=("M",))
    by_attr = {next(iter(p.anchors.sets)): p.anchors.sets for p in parts if p.anchors is not None}
    assert by_attr == {"LOWER": {"LOWER": {"km": (1, 0), "miles": (1, 0)}}, "NORM": {"NORM": {"<NUM>": (0, 1)}}}
    got = sorted(find_matches(parts, tokenize("It ran 40 miles, up 5 percent, and 7 trains.")))
    assert got == _all(pats, "It ran 40 miles, up 5 percent, and 7 trains.") and len(got) == 2


def test_doc_words_keep_offsets_and_replace_spaces_inside_a_call() -> None:
    tokens = tokenize("Growth rose^{3, 4} by 5 percent", [(11, 18)])
    assert tokens.norms[2] == "<CALL>"
    assert doc_words(tokens)[2] == "^{3,_4}"
    doc: Any = spacy_doc(tokens)
    assert [t.norm_ for t in doc][2:4] == ["<CALL>", "by"]


def test_calls_become_one_token_and_a_word_running_into_one_stays_whole() -> None:
    tokens = tokenize("projects.⁹ In 20219 the ^{4}", [(9, 10), (17, 18), (24, 28)])
    assert tokens.norms == ["projects", ".", "<CALL>", "in", "<NUM>", "the", "<CALL>"]
    assert tokens.spaced == [True, False, False, True, True, True, True]


def test_window_doc_keeps_each_tokens_word_space_and_class() -> None:
    tokens = tokenize("Output rose 12 percent in 2021, then fell.")
    whole: Any = spacy_doc(tokens)
    part: Any = window_doc(tokens, [(1, 3), (5, 7)])
    assert [(t.text, t.whitespace_, t.norm_) for t in part] == \
        [(whole[i].text, whole[i].whitespace_, whole[i].norm_) for i in (1, 2, 5, 6)]
    assert [t.norm_ for t in part] == ["rose", "<NUM>", "<YEAR>", ","]


def test_month_dates_are_anchored_on_the_month_not_on_a_dash() -> None:
    anchors = dates.matchers()[0].anchors
    assert anchors is not None
    reach = anchors.sets["NORM"]
    assert reach["september"] == (4, 6)  # "September 5–6, 2023" and "May 30 – June 2, 2022" (on June)
    assert reach["<YEAR>"] == (3, 4)  # the month patterns no longer reach eight tokens before a year
    assert "<NUM>" not in reach  # "2019-03-04", "2016-17" are anchored on their year, rarer than numbers
    assert "ORTH" not in anchors.sets


def test_words_read_first_leave_urls_and_us_dollars_to_their_own_kinds() -> None:
    tokens = tokenize("See https://x.cn/a, www.gov.cn and http:// or www. then US$5 billion, USA's US $")
    assert tokens.norms == ["see", "<URL>", "<URL>", "and", "http", ":", "/", "/", "or", "www", ".", "then", "<USD>",
                            "<NUM>", "billion", ",", "usa's", "us", "<USD>"]  # a URL runs on over its comma


# words, numbers, units, months and punctuation the quantity and date patterns read, in any order
MATCH_BITS = st.lists(st.sampled_from(["12", "2021", "3.5", "billion", "yuan", "percent", "%", "to", "-", "–", "March",
                                       "May", "5", "1st", "14th", "Five", "Year", "Plan", "between", "and", "twice",
                                       "half", "a", "third", "of", "the", "end", "Q3", "$", "US$", "km", "times", ",",
                                       ".", "(", ")", "ranked", "out", "in", "fold", "FY", "early", "x", "⁹"]),
                      max_size=25).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(MATCH_BITS, max_size=6))
def test_matches_prefetched_for_many_texts_equal_those_found_text_by_text(texts: list[str]) -> None:
    for mod in (quantities, dates):
        alone = [sorted(find_matches(mod.matchers(), tokenize(t))) for t in texts]
        many = [tokenize(t) for t in texts]
        prefetch(mod.matchers(), many)
        assert all(t.found for t in many)  # the answers come from the prefetch
        assert [sorted(find_matches(mod.matchers(), t)) for t in many] == alone


def test_every_pattern_rejects_the_separator() -> None:
    assert all(part.sealed for mod in (quantities, dates) for part in mod.matchers())
