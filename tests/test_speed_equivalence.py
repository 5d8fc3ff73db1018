"""Shortcuts taken for speed give the same answers as the slower forms they replaced: the URL
inventory's pair-by-pair closeness test against intersecting deletion variants, the abbreviation
finder's URL spans against the regex they stand for, its capitals count, and sentence spans read
from the tokenizer's arrays against spaCy's sentencizer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefparse.segments import _EXTRA_BOUNDARY, sentence_spans, split_blocks, tokenizer_view
from briefparse.sources.inventory import PARTNERS, _CloseIndex, close_pairs, deletion_variants, share_variant
from briefparse.terms import citation_context
from briefparse.terms.abbreviations import _ABBR_SCAN, _URL, ABBR_TOKEN, _mostly_capitals, url_spans
from briefparse.terms.pairs import CALL_RE, _call_numbers
from briefparse.text.nlp import sentencizer
from briefparse.text.urls import _URL_RE, _UrlSearch

# short words over a small alphabet: many near pairs, and empty or one-letter words as edge cases
WORDS = st.text(alphabet="abcxy-", max_size=12)


@settings(max_examples=400, deadline=None)
@given(WORDS, WORDS, st.integers(0, 2), st.integers(0, 2))
def test_share_variant_is_the_intersection_of_deletion_variants(a: str, b: str, da: int, db: int) -> None:
    assert share_variant(a, b, da, db) == bool(deletion_variants(a, da) & deletion_variants(b, db))


def _bucket_pairs(words: list[str], deletions: int) -> set[tuple[int, int]]:
    """Every pair of indices whose words share a deletion variant (the bucket index, no partner limit)."""
    variants = [deletion_variants(w, deletions if len(w) <= 64 else min(deletions, 1)) for w in words]
    return {(i, j) for i in range(len(words)) for j in range(i + 1, len(words)) if variants[i] & variants[j]}


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=12), st.integers(1, 2))
def test_small_groups_pair_like_the_bucket_index(words: list[str], deletions: int) -> None:
    assert close_pairs(words, deletions) == _bucket_pairs(words, deletions)


def test_long_words_get_one_deletion_in_small_groups() -> None:
    base = "a" * 70
    assert close_pairs(["a" * 20 + "xx", "a" * 20 + "yy"], 2) == {(0, 1)}
    assert close_pairs([base + "xx", base + "yy"], 2) == set()  # over 64 characters: one deletion each
    assert close_pairs([base + "x", base + "y"], 2) == {(0, 1)}


def test_large_groups_still_use_the_bucket_index() -> None:
    words = [f"seg{i:03d}" for i in range(PARTNERS + 5)] + ["segxyz"]
    pairs = close_pairs(words, 1)
    assert (0, 1) in pairs  # seg000 / seg001 differ in one letter
    assert all(i < j for i, j in pairs)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcx", min_size=4, max_size=11), max_size=10), st.text(alphabet="abcx", max_size=11))
def test_close_index_answers_alike_direct_or_indexed(words: list[str], word: str) -> None:
    direct = _CloseIndex(words)
    indexed = _CloseIndex(words * (_CloseIndex.DIRECT // max(len(words), 1) + 1) if words else [])
    assert direct.near(word) == indexed.near(word)


# tokens that make URL spans, near misses and whitespace of several kinds
URL_BITS = st.lists(st.sampled_from(["www.", "https://", "http://", "<", ">", "x", "gov", ".cn", ".com", ".org/a",
                                     ".comx", " ", "\n", "\u3000", "\xa0", ",", "1,000", "é", "/"]), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(URL_BITS)
def test_url_spans_match_the_regex_only_where_hinted(text: str) -> None:
    assert url_spans(text) == [(m.start(), m.end()) for m in _URL.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="AbCdé ÉⅣⒶǅ.1", max_size=20))
def test_mostly_capitals_counts_capital_letters_only(block: str) -> None:
    letters = [c for c in block if c.isalpha()]
    expected = len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.8
    assert _mostly_capitals(block) == expected


SENTENCE_BITS = st.lists(st.sampled_from(["Word", "e.g.", "U.S.", ".", "!", "?", "...", "。", "！", "”", "\"", ")", "(",
                                          " ", "  ", "\n", "2022.", "S&T.", "-", "‼", "¡", "x", "中文", "’s",
                                          "\U00011047", "𝪈x"]),  # astral sentence marks (Brahmi, SignWriting)
                         min_size=1, max_size=40).map("".join)


def _spacy(text: str) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in sentencizer()(text).sents]


@settings(max_examples=300, deadline=None)
@given(st.lists(SENTENCE_BITS, min_size=1, max_size=6))
def test_sentence_spans_of_several_texts_match_spacy_text_by_text(texts: list[str]) -> None:
    texts = [t for t in texts if t.strip()]
    assert sentence_spans(texts) == [_spacy(t) for t in texts]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=60), min_size=2, max_size=4))
def test_sentence_spans_match_spacy_on_any_text(texts: list[str]) -> None:
    texts = [t for t in texts if t.strip()]
    assert sentence_spans(texts) == [_spacy(t) for t in texts]


# chunks that start with punctuation after a stop, whitespace of every kind (a whitespace token can start a
# sentence), abbreviations spaCy keeps whole and marks inside words: what the tokens read around a mark decide
MARK_BITS = st.lists(st.sampled_from(["Word", ".", "?", "!", "。", " ", "  ", "\n", "\t", " \n ", "\xa0", "(see", "\"The",
                                      "“Quote", "—", "...", "…", "etc.", "a.m.", "Mr.", "U.S.", "2.5", "'", "!?", "(.)",
                                      ".”", "’s", "-x", "x.y", "中文。", ".(", "e.g.,", "¿", "‼", "([", "a",
                                      "\U00011047", "x\U000110c1", "😀"]),  # astral marks and a non-mark
                     min_size=1, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(MARK_BITS, min_size=1, max_size=5))
def test_sentence_spans_from_the_chunks_around_marks_match_spacy(texts: list[str]) -> None:
    texts = [t for t in texts if t.strip()]
    assert sentence_spans(texts) == [_spacy(t) for t in texts]


def test_sentence_spans_match_spacy_on_the_shipped_brief() -> None:
    from pathlib import Path

    text = (Path(__file__).parents[1] / "corpus" / "briefs" / "recentralization-brief.txt").read_text(encoding="utf-8")
    blocks = [tokenizer_view(b) for b in text.split("\n\n") if b.strip()]
    assert sentence_spans(blocks) == [_spacy(b) for b in blocks]


def test_astral_sentence_marks_are_found_in_text_with_and_without_other_astral_characters() -> None:
    # a text without astral characters is searched with the narrower class: both must agree with spaCy
    for text in ("One \U00011047 Two. Three", "One\U00011047 Two 😀. Three", "One 😀 two. Three", "No mark 𝪈 here"):
        assert sentence_spans([text]) == [_spacy(text)], text
    assert len(sentence_spans(["One \U00011047 Two. Three"])[0]) == 3  # the astral mark does end a sentence


def test_a_text_ending_in_a_stop_does_not_start_the_next_texts_sentence() -> None:
    assert sentence_spans(["It ends here.", "\"Quoted", "Next one. And two"]) == [
        [(0, 13)], [(0, 7)], [(0, 9), (10, 17)]]


@settings(max_examples=100, deadline=None)
@given(st.lists(SENTENCE_BITS, max_size=5))
def test_blocks_split_together_as_one_by_one(texts: list[str]) -> None:
    assert split_blocks(texts) == [split_blocks([t])[0] for t in texts]


ABBR_BITS = st.lists(st.sampled_from(["A", "B", "b", "s", ".", "&", "-", "1", " ", "U.S.", "NCTIs", "R&D", "é", "\n",
                                      "Ⅳ", "x"]), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(ABBR_BITS, st.data())
def test_abbreviation_scan_finds_what_abbr_token_finds(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    assert [(m.span(), m.group(1)) for m in _ABBR_SCAN.finditer(text, lo, hi)] == [
        (m.span(), m.group(1)) for m in ABBR_TOKEN.finditer(text, lo, hi)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AbCdxyzQ ÉⅣⒶǅ中.1", max_size=40))
def test_mostly_capitals_bounds_never_reject_a_heading(block: str) -> None:
    letters = [c for c in block if c.isalpha()]
    assert _mostly_capitals(block) == (len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.8)


# the note-call pattern as first written (one alternative per call shape); CALL_RE is the same, reordered
CALL_SPEC = re.compile(r"(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,，‚]\s?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)*|\^\{[^{}\n]{1,40}\}|\^\d{1,4}"
                       r"|\[\d{1,3}(?:[,–\-]\s?\d{1,3})*\])")
CALL_BITS = st.lists(st.sampled_from(["¹", "²", "⁰", ",", "，", " ", "^", "{", "}", "[", "]", "–", "-", "1", "23", "4567",
                                      "a", "x.", "”", "\n", "٣", ")"]), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(CALL_BITS)
def test_call_re_matches_the_pattern_as_first_written(text: str) -> None:
    assert [m.span() for m in CALL_RE.finditer(text)] == [m.span() for m in CALL_SPEC.finditer(text)]


def _call_numbers_as_first_written(s: str) -> set[int]:
    sup = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
    out: set[int] = set()
    for m in CALL_SPEC.finditer(s):
        out.update(int(d) for d in re.findall(r"\d+", m.group().translate(sup)))
    out.update(int(m.group(1)) for m in re.finditer(r"(?<=[a-z.,;:”\"’)])(\d{1,3})(?=\s|$)", s))
    return out


@settings(max_examples=500, deadline=None)
@given(CALL_BITS)
def test_call_numbers_match_the_scan_as_first_written(text: str) -> None:
    assert _call_numbers(text) == _call_numbers_as_first_written(text)


def test_glued_call_numbers() -> None:
    assert _call_numbers("in 2020.3 and growth,12\nbut 1234 and x1234 ") == {3, 12}


URL_TEXT = st.lists(st.sampled_from(["www", "WwW.", "http", "hhttps", "ftp", "file", "://", ":/", ":\\", ";//", "//",
                                     ":", ";", "/", ".", "-", "@", "_", "gov.cn/", "x.com", "bit.ly/", "t.co/a", "ſ",
                                     "K", "ı", "İ", "é", "中文", " ", "\n", "a", "2", "(", "<"]), max_size=25).map("".join)


def _seen(m: re.Match[str] | None) -> tuple[tuple[int, int], dict[str, str | None]] | None:
    return (m.span(), m.groupdict()) if m else None


@settings(max_examples=500, deadline=None)
@given(URL_TEXT, st.data())
def test_url_search_finds_what_the_regex_finds_from_every_position(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    urls = _UrlSearch(text, start, end)
    for pos in range(start, end + 1):
        want = _URL_RE.search(text, pos, end)
        got = urls.search(pos)
        assert _seen(got) == _seen(want)


BIB_BITS = st.lists(st.sampled_from(["May", "March", " ", "3", "12", ",", "2020", "1999", "1789", "20", "年", "5", "月",
                                     "-", "/", "(", ")", "a", "accessed", "www.", "x.cn", "“Title here”", "vol.", "\n"]),
                    max_size=20).map("".join)


@settings(max_examples=400, deadline=None)
@given(BIB_BITS)
def test_bibliographic_signals_as_first_written(text: str) -> None:
    year = citation_context._DATE if citation_context._DATE.search(text) else citation_context._YEAR_RE
    patterns = (year, citation_context._URL, citation_context._QUOTED, citation_context._BIB_WORDS)
    assert citation_context.bibliographic_signals(text) == sum(bool(p.search(text)) for p in patterns)


BOUNDARY_SPEC = re.compile(r"([.!?][\"”’')]*)\s+(?=[A-Z“\"‘(])|([。！？][」』”’）)]*)(?=\s*\S)")
BOUNDARY_BITS = st.lists(st.sampled_from([".", "!", "?", "。", "！", "？", "”", "’", ")", "」", "）", "\"", " ", "\n", "A",
                                          "a", "“", "(", "中", "x."]), max_size=25).map("".join)


@settings(max_examples=500, deadline=None)
@given(BOUNDARY_BITS)
def test_extra_boundaries_cut_where_the_pattern_as_first_written_cuts(text: str) -> None:
    got = [(m.span(), m.end(1) if m.group(1) is not None else m.end(2)) for m in _EXTRA_BOUNDARY.finditer(text)]
    assert got == [(m.span(), m.end(1) if m.group(1) else m.end(2)) for m in BOUNDARY_SPEC.finditer(text)]


def _tokenizer_view_char_by_char(text: str) -> str:
    """tokenizer_view as first written: every position of a long run looked at in turn."""
    chars = list(text)
    for run in re.finditer(r"\S{33,}", text):
        a, b = run.span()
        punct = bytearray(b - a)
        for pm in re.finditer(r"[^\w\s]{6,}", text[:b][a:]):
            punct[pm.start():pm.end()] = b"\x01" * (pm.end() - pm.start())
        last = a
        for i in range(a + 1, b - 1):
            in_punct = punct[i - a] and punct[i - a - 1] and punct[i - a + 1]
            letters = text[i - 1].isalnum() and text[i].isalnum() and text[i + 1].isalnum()
            if (in_punct and i > last) or (letters and i - last >= 16) or i - last >= 32:
                chars[i], last = " ", i + 1
    return "".join(chars)


RUN_BITS = st.lists(st.sampled_from(["a", "B", "7", "²", "_", "é", "中", ".", "/", "-", "((((((", "…", "!!", " ", "\n",
                                     "https://www.example.gov.cn/", "x" * 20]), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(RUN_BITS)
def test_tokenizer_view_cuts_where_the_char_by_char_walk_cuts(text: str) -> None:
    assert tokenizer_view(text) == _tokenizer_view_char_by_char(text)
