"""English text cut into classed tokens (<NUM>, <YEAR>, <USD>, <CALL>…) for the spaCy Matcher rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from briefparse.text.nlp import sentencizer
from briefparse.text.numerals import EN_NUMBER_WORDS, EN_TENS, EN_UNITS

MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
          "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
          "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}

# (?=\S) first: every token starts with a non-space, and the test skips a space at once instead of
# trying each kind of token there (a quarter of the scan). Words, the most common tokens, are tried
# first, unless a URL or "US$" starts there (the only kinds before them that start with a letter)
_TOKEN_RE = re.compile(r"""(?=\S)(?:
 (?P<word>(?!https?://[^\s<>"]|www\.[^\s<>"]|US\$)[A-Za-z]+(?:['’][A-Za-z]+)?)
|(?P<url>https?://[^\s<>"]+|www\.[^\s<>"]+)
|(?P<call>\^\{[^{}\n]{0,40}\}|\^\d{1,4}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)
|(?P<run>\d[\d.,]{39,})
|(?P<cur>US\$|\\\$|\$|[¥￥€£])
|(?P<ord>\d+(?:st|nd|rd|th)(?![A-Za-z]))
|(?P<num>\d{1,3}(?:,\d{3}){1,8}(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?)
|(?P<cjk>[\u3400-\u9fff\uf900-\ufaff]+)
|(?P<other>\S))
""", re.VERBOSE)
_CURRENCY_NORM = {"$": "<USD>", "\\$": "<USD>", "US$": "<USD>", "¥": "<CNY>", "￥": "<CNY>", "€": "<EUR>", "£": "<GBP>"}


@dataclass
class Tokens:
    """A text cut into Matcher tokens: their spans, classes and whether a space precedes each."""

    text: str
    starts: list[int]
    ends: list[int]
    norms: list[str]  # <NUM> <NUMW> <YEAR> <ORD> <USD> <CNY> <CALL> <URL> or the lower-cased token
    spaced: list[bool]  # whitespace (or the text start) before the token
    doc: object | None = None  # the spaCy Doc, built once by ``spacy_doc``
    words: list[str] | None = None  # the Doc's words, built once by ``doc_words``
    # Matcher answers found for many texts at once (``matching.prefetch``): the matchers and their matches
    found: list[tuple[object, list[tuple[int, int, int]]]] = field(default_factory=list)

    def tok(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]

    def glued(self, i: int) -> bool:
        """True when token ``i`` follows the previous one with no space (COVID-19, five-year)."""
        return 0 < i < len(self.starts) and not self.spaced[i]


def _is_year(tok: str) -> bool:
    return len(tok) == 4 and tok.isdigit() and 1800 <= int(tok) <= 2100


_KIND_NORM = {"url": "<URL>", "call": "<CALL>", "ord": "<ORD>", "cjk": "<CJK>", "run": "<RUN>"}


def _norm(kind: str | None, tok: str) -> str:
    """The class of one token of a regex group: <NUM>, <YEAR>, <NUMW>, <USD>, <CALL>... or the lower-cased word."""
    if kind == "word":
        low = tok.lower()
        return "<NUMW>" if low in EN_NUMBER_WORDS else low
    if kind == "num":
        return "<YEAR>" if _is_year(tok) else "<NUM>"
    if kind == "cur":
        return _CURRENCY_NORM.get(tok, "<CUR>")
    return _KIND_NORM.get(kind or "other", tok)


def tokenize(text: str, mask: list[tuple[int, int]] | None = None) -> Tokens:
    """Tokens of ``text`` for the English rules; spans in ``mask`` (note calls) become ``<CALL>``.

    The token regex runs as one ``finditer`` from each place a call ends to where the next begins
    (a token that runs into a call is kept whole, and the call's token starts after it)."""
    masked = sorted(mask or [])
    n, mi, pos = len(text), 0, 0
    if not masked:  # most texts: every token from one pass of the regex, read in list comprehensions
        found = list(_TOKEN_RE.finditer(text))
        starts, ends = [m.start() for m in found], [m.end() for m in found]
        norms = [_norm(m.lastgroup, m.group()) for m in found]
        pos = n
    else:
        starts, ends, norms = [], [], []
    while pos < n:
        while mi < len(masked) and masked[mi][1] <= pos:
            mi += 1
        if mi < len(masked) and masked[mi][0] <= pos:  # inside a call: the rest of it is one token
            starts.append(pos)
            ends.append(masked[mi][1])
            norms.append("<CALL>")
            pos = masked[mi][1]
            continue
        limit = masked[mi][0] if mi < len(masked) else n
        for m in _TOKEN_RE.finditer(text, pos):
            a, pos = m.span()
            if a >= limit:
                pos = limit
                break
            starts.append(a)
            ends.append(pos)
            norms.append(_norm(m.lastgroup, m.group()))
            if pos > limit:
                break
        else:  # no token left: only a call that starts right here still counts
            if not (mi < len(masked) and pos >= limit):
                break
    spaced = [a > b for a, b in zip(starts, [-1, *ends], strict=False)]  # after the previous end; the first: True
    _merge_compound_number_words(text, starts, ends, norms, spaced)
    return Tokens(text, starts, ends, norms, spaced)


def _merge_compound_number_words(text: str, starts: list[int], ends: list[int], norms: list[str],
                                 spaced: list[bool]) -> None:
    """Join ``twenty - five`` into one ``<NUMW>`` token (in place, in one pass: deleting from the
    middle of the lists for every compound was quadratic on long texts)."""
    if "<NUMW>" not in norms:
        return  # most texts: no number word, nothing to join
    keep: list[int] = []
    i = 0
    n = len(norms)
    while i < n:
        keep.append(i)
        if (i + 2 < n and norms[i] == "<NUMW>" and text[starts[i]:ends[i]].lower() in EN_TENS and norms[i + 1] == "-"
                and norms[i + 2] == "<NUMW>" and text[starts[i + 2]:ends[i + 2]].lower() in EN_UNITS
                and starts[i + 1] == ends[i] and starts[i + 2] == ends[i + 1]):
            ends[i] = ends[i + 2]
            i += 3
            continue
        i += 1
    if len(keep) < n:
        starts[:] = [starts[k] for k in keep]
        ends[:] = [ends[k] for k in keep]
        norms[:] = [norms[k] for k in keep]
        spaced[:] = [spaced[k] for k in keep]


_SPACE = re.compile(r"\s")


def doc_words(tokens: Tokens) -> list[str]:
    """The tokens' words as their spaCy Doc spells them: whitespace inside a token (a masked call) as ``_``.

    One substitution over the text (it keeps every offset) instead of one per token; cached on ``tokens``."""
    if tokens.words is None:
        flat = _SPACE.sub("_", tokens.text)
        tokens.words = [flat[a:b] for a, b in zip(tokens.starts, tokens.ends, strict=True)]
    return tokens.words


_NORM_IDS: dict[str, int] = {}  # token class → its string id in the shared vocab


def spacy_doc(tokens: Tokens) -> object:
    """The tokens as a spaCy ``Doc`` (blank English vocab) whose NORM is the token class; cached on ``tokens``."""
    if tokens.doc is None:
        tokens.doc = window_doc(tokens, [(0, len(tokens.norms))])
    return tokens.doc


@lru_cache(maxsize=1)
def _doc_api() -> tuple[Any, Any, int]:
    """spaCy's ``Doc``, its vocabulary and the NORM attribute id, loaded once (not at every Doc built)."""
    from spacy.attrs import NORM  # imported on first use: ~1950 ms at start-up, not every run needs it
    from spacy.tokens import Doc  # imported on first use: ~1950 ms at start-up, not every run needs it

    return Doc, sentencizer().vocab, NORM


def _norm_id(vocab: Any, norm: str) -> int:
    """The string id of a token class in the shared vocab (added on first sight)."""
    got = _NORM_IDS.get(norm)
    if got is None:
        got = _NORM_IDS[norm] = vocab.strings.add(norm)
    return got


def window_doc(tokens: Tokens, ranges: list[tuple[int, int]]) -> object:
    """The tokens of ``ranges`` (``[a, b)`` token indices, in order) laid end to end as one spaCy ``Doc``,
    each with the word, following space and NORM it has in the ``Doc`` of all the tokens."""
    all_words, spaced, all_norms, n = doc_words(tokens), tokens.spaced, tokens.norms, len(tokens.norms)
    words: list[str] = []
    spaces: list[bool] = []
    norms: list[str] = []
    for a, b in ranges:
        words += all_words[a:b]
        spaces += spaced[a + 1:b + 1]  # whether a space follows each token: the next one's ``spaced``
        if b >= n:
            spaces.append(False)
        norms += all_norms[a:b]
    return doc_of(words, spaces, norms)


SEPARATOR = "\ue000"  # the word and NORM of a token put between two texts' windows (a private-use character)


def doc_of(words: list[str], spaces: list[bool], norms: list[str]) -> object:
    """A spaCy ``Doc`` (blank English vocab) of these words, following spaces and NORMs."""
    import numpy  # imported on first use: ~270 ms at start-up, not every run needs it

    doc_class, vocab, norm_attr = _doc_api()
    doc = doc_class(vocab, words=words, spaces=spaces)
    if words:
        ids = _NORM_IDS  # one shared vocab (``sentencizer`` is built once), so an id stays valid
        column = [ids[x] if x in ids else _norm_id(vocab, x) for x in norms]
        doc.from_array([norm_attr], numpy.array(column, dtype="uint64").reshape(-1, 1))
    return doc


def build_matcher(patterns: dict[str, list[Any]]) -> Any:
    """A spaCy Matcher over the shared blank-``en`` vocabulary holding ``patterns`` (label → patterns)."""
    from spacy.matcher import Matcher  # imported on first use: ~1950 ms at start-up, not every run needs it

    m = Matcher(sentencizer().vocab)
    for label, pats in patterns.items():
        m.add(label, pats)
    return m
