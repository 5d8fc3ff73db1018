"""The quick searches that let the figure and date rules skip a chunk never skip one the full rules would read."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.extract.dates import _ZH_DATE_HINT
from briefparse.extract.figures import _ZH_DATE_NUMERIC, _ZH_DATE_PATTERNS, find_zh_dates, zh_dates_by
from briefparse.extract.quantities import _TOC_LINE, _may_hold_figures, _toc_lines

# the single search the figure prefilter replaces (a digit, a Chinese character, a number word or "-teen")
_FIGURE_ONE_SEARCH = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|dozen|half|thirds?|quarters?|fifths?|doubled|tripled|trebled|"
    r"quadrupled)|[\u3400-\u9fff]", re.I)

_PIECES = st.sampled_from([
    " ", "\n", "\t", "   ", ".", ". ", "…", "·", "_", "-", "/", "x", "The", "cant", "een", "t", "teen", "Four", "FIFTH",
    "s", "onerous", "halfway", "Nine", "ſix", "é", "1", "2021", "19", "20", "07", "3.5", "年", "十四五", "第三个五年规划",
    "〇", "二〇二一", "季度", "Contents", "iv", "12", "Chapter", "…", "____", "· · ·",
])
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_figure_prefilter_answers_as_the_one_search_did(text: str) -> None:
    assert _may_hold_figures(text) == bool(_FIGURE_ONE_SEARCH.search(text))


def test_figure_prefilter_on_words_that_look_alike() -> None:
    for text, expected in [("canteen", True), ("Fourteen people", True), ("teen", False), ("the rest", False),
                           ("Onerous", True), ("ſix", True), ("a third", True), ("thirsty", False)]:
        assert _may_hold_figures(text) is expected, text


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_contents_lines_are_found_as_without_the_leader_search(text: str) -> None:
    assert _toc_lines(text) == [(m.start(), m.end()) for m in _TOC_LINE.finditer(text)]


def test_contents_lines_found_with_each_kind_of_leader() -> None:
    for leader in (" . . . ", "....", "……", "···", "___", "    "):
        text = f"Chapter 2 The Fund{leader}45\nIt grew."
        assert _toc_lines(text) == [(0, len(text) - len("\nIt grew."))], leader


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_chinese_dates_need_what_the_hint_looks_for(text: str) -> None:
    if not _ZH_DATE_HINT.search(text):
        assert find_zh_dates(text) == []


def test_numeric_dates_pass_the_hint() -> None:
    for text in ("on 2021-10-24", "2021/10/24", "2021.10.24"):
        assert _ZH_DATE_HINT.search(text) and find_zh_dates(text), text


_DATE_PIECES = st.sampled_from([
    " ", "\n", "-", "/", ".", ":", "2021", "1999", "10", "7", "24", "2021-10-24", "2019/05/12", "2011.3.5", "年", "月", "日", "度", "第", "季度", "十四五",
    "二〇二一", "〇", "https://", "http://", "www.", "example.org/", "gov.cn/", "至", "—", "个五年规划", "半年", "上",
])


@settings(max_examples=600, deadline=None)
@given(st.lists(_DATE_PIECES, max_size=25).map("".join))
def test_chinese_dates_found_as_by_every_pattern(text: str) -> None:
    # text without a Chinese character runs only the numeric pattern, and URLs are looked for lazily: same dates
    assert find_zh_dates(text) == zh_dates_by(_ZH_DATE_PATTERNS, text)


@settings(max_examples=600, deadline=None)
@given(st.lists(_DATE_PIECES, max_size=25).map("".join))
def test_every_other_date_pattern_matches_only_with_a_chinese_character(text: str) -> None:
    for kind, pat in _ZH_DATE_PATTERNS:
        if (kind, pat) not in _ZH_DATE_NUMERIC:
            assert all(re.search(r"[\u3400-\u9fff]", m.group()) for m in pat.finditer(text)), kind
